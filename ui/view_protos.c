/*
 * view_protos: the protocol breakdown: every protocol seen, grouped by
 * layer (link, network, transport, application) by default, with bars of
 * its share of all bytes and all packets.
 */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "format.h"
#include "base/i18n.h"
#include "theme.h"

#define PROTO_ROW(row) ((const struct model_proto_row *)(row))

static const char *
protos_layer_name(unsigned id)
{
	static const char *const names[] = {
		[MODEL_LAYER_LINK] = N_("link"),
		[MODEL_LAYER_NETWORK] = N_("network"),
		[MODEL_LAYER_TRANSPORT] = N_("transport"),
		[MODEL_LAYER_APP] = N_("application"),
	};
	int layer = model_proto_layer(id);

	return _(names[layer < 0 ? MODEL_LAYER_APP : layer]);
}

static void
protos_cell_name(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	const char *label = model_proto_label(PROTO_ROW(row)->proto);

	snprintf(buf, n, "%s", label ? label : "?");
}

static void
protos_cell_layer(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	snprintf(buf, n, "%s", protos_layer_name(PROTO_ROW(row)->proto));
}

static void
protos_cell_packets(const struct ui_ctx *c, const void *row, char *buf,
		    size_t n)
{
	format_count(PROTO_ROW(row)->packets, buf, n);
}

static void
protos_cell_bytes(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	format_bytes(PROTO_ROW(row)->bytes, buf, n);
}

static void
protos_cell_rate(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rate(c, PROTO_ROW(row)->rate[MODEL_RATE_2S], buf, n);
}

static void
protos_cell_rate10(const struct ui_ctx *c, const void *row, char *buf,
		   size_t n)
{
	view_format_rate(c, PROTO_ROW(row)->rate[MODEL_RATE_10S], buf, n);
}

/* "  42.1% ████▍     ": the share and a bar of 10 cells in eighths. */
static void
protos_share(double part, double whole, char *buf, size_t n)
{
	double f = whole > 0 ? part / whole : 0;
	int eighths, i;
	size_t o;

	if (f > 1)
		f = 1;
	o = (size_t)snprintf(buf, n, "%5.1f%% ", f * 100);
	eighths = (int)(f * 80 + 0.5);
	for (i = 0; i < 10 && o < n; i++) {
		int e = eighths > 8 ? 8 : eighths;

		o += (size_t)snprintf(buf + o, n - o, "%s", theme.bar[e]);
		eighths -= e;
	}
}

static void
protos_cell_pbytes(const struct ui_ctx *c, const void *row, char *buf,
		   size_t n)
{
	protos_share((double)PROTO_ROW(row)->bytes, (double)c->tot->bytes, buf,
		     n);
}

static void
protos_cell_ppackets(const struct ui_ctx *c, const void *row, char *buf,
		     size_t n)
{
	protos_share((double)PROTO_ROW(row)->packets, (double)c->tot->packets,
		     buf, n);
}

static const struct ui_column protos_columns[] = {
	{ .title = N_("Protocol"), .width = 14, .min = 8, .prio = 0,
	  .flex = true,
	  .sort = MODEL_SORT_ADDR, .cell = protos_cell_name },
	{ .title = N_("Layer"), .width = 11, .prio = 1,
	  .sort = UI_SORT_LAYER, .cell = protos_cell_layer },
	{ .title = N_("Packets"), .width = 9, .prio = 0, .right = true,
	  .pace = 5, .sort = MODEL_SORT_PACKETS, .cell = protos_cell_packets },
	{ .title = N_("Bytes"), .width = 9, .prio = 0, .right = true,
	  .pace = 5, .sort = MODEL_SORT_BYTES, .cell = protos_cell_bytes },
	{ .title = N_("Rate 2s"), .width = 8, .prio = 2, .right = true,
	  .pace = 2, .sort = MODEL_SORT_RATE_2S, .cell = protos_cell_rate },
	{ .title = N_("Rate 10s"), .width = 8, .prio = 2, .right = true,
	  .pace = 5, .sort = MODEL_SORT_RATE_10S, .cell = protos_cell_rate10 },
	/* xgettext:no-c-format */
	{ .title = N_("% of bytes"), .width = 17, .prio = 1,
	  .pace = 5, .sort = MODEL_SORT_BYTES, .cell = protos_cell_pbytes },
	/* xgettext:no-c-format */
	{ .title = N_("% of packets"), .width = 17, .prio = 3,
	  .pace = 5, .sort = MODEL_SORT_PACKETS, .cell = protos_cell_ppackets },
};

static const int protos_sorts[] = {
	UI_SORT_LAYER, MODEL_SORT_BYTES, MODEL_SORT_PACKETS,
	MODEL_SORT_RATE_2S, MODEL_SORT_RATE_10S, MODEL_SORT_ADDR,
};

/* Layer first (link .. application), then bytes, largest first. */
static int
protos_cmp_layer(const void *a, const void *b)
{
	const struct model_proto_row *x = a, *y = b;
	int lx = model_proto_layer(x->proto), ly = model_proto_layer(y->proto);

	/* no such protocol: after the application layer */
	if (lx < 0)
		lx = 9;
	if (ly < 0)
		ly = 9;
	if (lx != ly)
		return lx < ly ? -1 : 1;
	if (x->bytes != y->bytes)
		return x->bytes > y->bytes ? -1 : 1;
	return (int)x->proto - (int)y->proto;
}

static size_t
protos_fetch(struct model *m, const struct ui_ctx *c,
	     const struct model_query *q, void *rows, size_t *matched)
{
	struct model_proto_row all[MODEL_PROTOS_ROWS_MAX];
	struct model_query q2 = *q;
	size_t n, i, out = 0;

	if ((int)q->sort != UI_SORT_LAYER)
		return model_protocols(m, q, rows, matched);
	/* There are few protocols: take them all and order them here. */
	q2.sort = MODEL_SORT_BYTES;
	q2.ascending = false;
	q2.offset = 0;
	q2.max = MODEL_PROTOS_ROWS_MAX;
	n = model_protocols(m, &q2, all, matched);
	qsort(all, n, sizeof(all[0]), protos_cmp_layer);
	for (i = 0; i < n; i++) {
		size_t k = q->ascending ? n - 1 - i : i;

		if (i < q->offset)
			continue;
		if (out == q->max)
			break;
		memcpy((struct model_proto_row *)rows + out++, &all[k],
		       sizeof(all[0]));
	}
	return out;
}

static uint64_t
protos_row_id(const void *row)
{
	return PROTO_ROW(row)->proto;
}

const struct ui_view view_protos = {
	.name = N_("Protocols"),
	.cols = protos_columns,
	.ncols = sizeof(protos_columns) / sizeof(protos_columns[0]),
	.sorts = protos_sorts,
	.nsorts = sizeof(protos_sorts) / sizeof(protos_sorts[0]),
	.row_size = sizeof(struct model_proto_row),
	.fetch = protos_fetch,
	.row_id = protos_row_id,
};
