/*
 * view_packets: the stored packets in capture order, as tshark lists
 * them: number, time, source, destination, protocol, length, info. The
 * list of sequence numbers that pass the filter (and, after Enter on a
 * connection, that belong to it) is kept here and extended as packets
 * arrive, so scrolling a long capture costs only the rows on screen.
 */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "base/filter.h"
#include "format.h"
#include "base/i18n.h"
#include "output/packet_info.h"
#include "decode/proto_table.h"
#include "save.h"
#include "theme.h"
#include "decode/tree.h"

struct packets_row {
	struct model_packet hdr;
	double prev_ts;     /* the row above's time, for delta time */
	bool gone;          /* evicted from the store since the list was made */
	struct packet_info info;
};

/* UI thread only. */
static struct {
	uint64_t *seqs;
	size_t n, cap;
	uint64_t next_from;  /* next sequence number to look at */
	bool valid;
	bool scoped;
	uint64_t scope_id;
	struct model_conn_row scope; /* what packets_keep matches */
	char filter[8192];           /* the capture's expression */
	char find[128];              /* lower case; "" for none */
} packets;

/* The capture filter compiled once per link type seen in the store, so
 * the list shows what the counters count, stored packets from before the
 * filter included. */
#define PACKETS_FILTER_LINKTYPES 4
static struct filter *packets_filters[PACKETS_FILTER_LINKTYPES];

static uint8_t packets_frame[65536];
static struct tree packets_scratch; /* reused: no allocation per row */

static void
packets_filters_forget(void)
{
	size_t i;

	for (i = 0; i < PACKETS_FILTER_LINKTYPES; i++) {
		filter_free(packets_filters[i]);
		packets_filters[i] = NULL;
	}
}

void
view_packets_reset(void)
{
	packets.valid = false;
}

void
view_packets_free(void)
{
	free(packets.seqs);
	memset(&packets, 0, sizeof(packets));
	packets_filters_forget();
	tree_free(&packets_scratch);
}

uint64_t
view_packets_seq_at(size_t index)
{
	return index < packets.n ? packets.seqs[index] : 0;
}

/* Whether the packet passes packets.filter. The expression was accepted
 * by the capture already; one that does not compile for this link type
 * lets the packet through, as the capture did before the change. */
static bool
packets_filter_pass(const struct model_packet *hdr, const uint8_t *data)
{
	char err[256];
	size_t i;

	if (!packets.filter[0])
		return true;
	for (i = 0; i < PACKETS_FILTER_LINKTYPES && packets_filters[i]; i++)
		if (filter_linktype(packets_filters[i]) == hdr->linktype)
			return filter_match(packets_filters[i], data,
					    hdr->caplen, hdr->len);
	if (i == PACKETS_FILTER_LINKTYPES)
		return true;
	packets_filters[i] = filter_compile(packets.filter, hdr->linktype,
					    262144, FILTER_NETMASK_UNKNOWN,
					    err, sizeof(err));
	if (!packets_filters[i])
		return true;
	return filter_match(packets_filters[i], data, hdr->caplen, hdr->len);
}

/* Runs under the model lock: decode the summary only when a scope or a
 * find text asks for it. Find looks at what the hot path knows without
 * the tree: addresses, ports and protocol names. */
static bool
packets_keep(const struct model_packet *hdr, const uint8_t *data, void *arg)
{
	const struct model_conn_row *c = packets.scoped ? &packets.scope : NULL;
	char text[2 * ADDR_TEXT_MAX + 64], a[ADDR_TEXT_MAX], b[ADDR_TEXT_MAX];
	struct decode_summary s;
	unsigned p;
	size_t i;
	int n;

	(void)arg;
	if (!packets_filter_pass(hdr, data))
		return false;
	if (!c && !packets.find[0])
		return true;
	decode_summary(hdr->linktype, data, hdr->caplen, hdr->len, &s);
	if (c) {
		bool fwd, rev;

		if (s.l4 != c->l4)
			return false;
		fwd = addr_equal(&s.src, &c->a) && addr_equal(&s.dst, &c->b) &&
		      s.sport == c->a_port && s.dport == c->b_port;
		rev = addr_equal(&s.src, &c->b) && addr_equal(&s.dst, &c->a) &&
		      s.sport == c->b_port && s.dport == c->a_port;
		if (!fwd && !rev)
			return false;
	}
	if (!packets.find[0])
		return true;
	a[0] = b[0] = '\0';
	if (s.ip_version) {
		addr_format(&s.src, a, sizeof(a));
		addr_format(&s.dst, b, sizeof(b));
	}
	n = snprintf(text, sizeof(text), " %s %u %s %u", a, s.sport, b, s.dport);
	for (p = 1; p < PROTO_COUNT && n > 0 && (size_t)n < sizeof(text); p++)
		if (decode_has(&s, p))
			n += snprintf(text + n, sizeof(text) - (size_t)n, " %s",
				      proto_table[p]->name);
	text[sizeof(text) - 1] = '\0';
	for (i = 0; text[i]; i++)
		if (text[i] >= 'A' && text[i] <= 'Z')
			text[i] = (char)(text[i] - 'A' + 'a');
	strcat(text, " ");
	return strstr(text, packets.find) != NULL;
}

static int
packets_append(uint64_t seq)
{
	uint64_t *grown;

	if (packets.n == packets.cap) {
		size_t cap = packets.cap ? packets.cap * 2 : 4096;

		grown = realloc(packets.seqs, cap * sizeof(*grown));
		if (!grown)
			return -1;
		packets.seqs = grown;
		packets.cap = cap;
	}
	packets.seqs[packets.n++] = seq;
	return 0;
}

/* Bring the list up to date with the store. */
static void
packets_sync(struct model *m, const struct ui_ctx *c, const char *q_match)
{
	enum { CHUNK = 4096, ROUNDS = 64 };
	static uint64_t got[CHUNK];
	char filter[sizeof(packets.filter)];
	struct model_totals t;
	size_t k, n, drop;
	int round;

	char find[sizeof(packets.find)];
	size_t i;

	model_get_capture_filter(m, filter, sizeof(filter));
	snprintf(find, sizeof(find), "%s", q_match ? q_match : "");
	for (i = 0; find[i]; i++)
		if (find[i] >= 'A' && find[i] <= 'Z')
			find[i] = (char)(find[i] - 'A' + 'a');
	if (!packets.valid || packets.scoped != c->s->scoped ||
	    (c->s->scoped && packets.scope_id != c->s->scope.id) ||
	    strcmp(filter, packets.filter) != 0 ||
	    strcmp(find, packets.find) != 0) {
		snprintf(packets.find, sizeof(packets.find), "%s", find);
		packets.n = 0;
		packets.next_from = 0;
		packets.scoped = c->s->scoped;
		packets.scope_id = c->s->scope.id;
		packets.scope = c->s->scope;
		if (strcmp(filter, packets.filter) != 0)
			packets_filters_forget();
		snprintf(packets.filter, sizeof(packets.filter), "%s", filter);
		packets.valid = true;
	}
	model_get_totals(m, &t);
	/* Forget what the store let go (and everything after a clear). */
	for (drop = 0; drop < packets.n && packets.seqs[drop] < t.ring_first_seq;
	     drop++)
		;
	if (drop) {
		memmove(packets.seqs, packets.seqs + drop,
			(packets.n - drop) * sizeof(*packets.seqs));
		packets.n -= drop;
	}
	if (packets.next_from < t.ring_first_seq)
		packets.next_from = t.ring_first_seq;
	/* The store may grow while we scan: what lies at or past the
	 * totals' next_seq is left for the next sync. */
	for (round = 0; round < ROUNDS && packets.next_from < t.ring_next_seq;
	     round++) {
		n = model_packet_seqs(m, packets.next_from,
				      packets.scoped || packets.find[0] ||
						      packets.filter[0]
					      ? packets_keep
					      : NULL,
				      NULL, got, CHUNK);
		for (k = 0; k < n && got[k] < t.ring_next_seq; k++)
			if (packets_append(got[k]) < 0)
				return;
		if (n < CHUNK || k < n) {
			packets.next_from = t.ring_next_seq;
			break;
		}
		packets.next_from = got[n - 1] + 1;
	}
}

static size_t
packets_fetch(struct model *m, const struct ui_ctx *c,
	      const struct model_query *q, void *rows, size_t *matched)
{
	struct packets_row *r = rows;
	struct model_packet prev;
	size_t i, out = 0;
	double prev_ts = 0;

	packets_sync(m, c, q->match);
	*matched = packets.n;
	if (q->offset > 0 && q->offset - 1 < packets.n &&
	    model_packet_get(m, packets.seqs[q->offset - 1], &prev, packets_frame, 1) == 0)
		prev_ts = prev.ts;
	for (i = q->offset; i < packets.n && out < q->max; i++, out++) {
		memset(&r[out], 0, sizeof(r[out]));
		r[out].hdr.seq = packets.seqs[i];
		if (model_packet_get(m, packets.seqs[i], &r[out].hdr,
				     packets_frame, sizeof(packets_frame)) < 0) {
			r[out].gone = true;
			continue;
		}
		r[out].prev_ts = prev_ts ? prev_ts : r[out].hdr.ts;
		prev_ts = r[out].hdr.ts;
		packet_info_describe(r[out].hdr.linktype, packets_frame,
				     r[out].hdr.caplen, r[out].hdr.len,
				     packets.scoped ? packets.scope.app : 0,
				     &packets_scratch, &r[out].info);
	}
	return out;
}

#define PKT(row) ((const struct packets_row *)(row))

static void
packets_cell_no(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	/* a marked packet (m) carries a star, as Wireshark's list does */
	snprintf(buf, n, "%s%llu", save_is_marked(PKT(row)->hdr.seq) ? "*" : "",
		 (unsigned long long)PKT(row)->hdr.seq);
}

static void
packets_cell_time(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	const struct packets_row *p = row;

	if (p->gone) {
		snprintf(buf, n, "-");
		return;
	}
	switch (c->s->timefmt) {
	case UI_TIME_ABSOLUTE:
		format_clock(p->hdr.ts, buf, n);
		break;
	case UI_TIME_RELATIVE:
		format_seconds(p->hdr.ts - c->tot->first_ts, buf, n);
		break;
	default:
		format_seconds(p->hdr.ts - p->prev_ts, buf, n);
		break;
	}
}

static void
packets_cell_src(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	snprintf(buf, n, "%s", PKT(row)->info.src);
}

static void
packets_cell_dst(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	snprintf(buf, n, "%s", PKT(row)->info.dst);
}

static void
packets_cell_proto(const struct ui_ctx *c, const void *row, char *buf,
		   size_t n)
{
	snprintf(buf, n, "%s", PKT(row)->info.protocol);
}

static void
packets_cell_len(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	snprintf(buf, n, "%u", PKT(row)->hdr.len);
}

static void
packets_cell_info(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	const char *s = PKT(row)->info.info;
	size_t o = 0;

	if (PKT(row)->gone) {
		snprintf(buf, n, "%s", _("(no longer stored)"));
		return;
	}
	if (theme.utf8 || n == 0) {
		snprintf(buf, n, "%s", s);
		return;
	}
	/* packet_info writes tshark's arrow; ASCII terminals get "->". */
	while (*s && o + 3 < n) {
		if (strncmp(s, "\u2192", 3) == 0) {
			buf[o++] = '-';
			buf[o++] = '>';
			s += 3;
		} else {
			buf[o++] = *s++;
		}
	}
	buf[o] = '\0';
}

static const struct ui_column packets_columns[] = {
	{ .title = N_("No."), .width = 7, .prio = 0, .right = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_no },
	{ .title = N_("Time"), .width = 15, .prio = 2, .right = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_time },
	{ .title = N_("Source"), .width = 15, .prio = 0,
	  .sort = UI_SORT_NONE, .cell = packets_cell_src },
	{ .title = N_("Destination"), .width = 15, .prio = 0,
	  .sort = UI_SORT_NONE, .cell = packets_cell_dst },
	{ .title = N_("Proto"), .width = 6, .prio = 1,
	  .sort = UI_SORT_NONE, .cell = packets_cell_proto },
	{ .title = N_("Len"), .width = 5, .prio = 3, .right = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_len },
	{ .title = N_("Info"), .width = 10, .prio = 1, .flex = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_info },
};

const struct ui_view view_packets = {
	.name = N_("Packets"),
	.cols = packets_columns,
	.ncols = sizeof(packets_columns) / sizeof(packets_columns[0]),
	.sorts = NULL,
	.nsorts = 0,
	.row_size = sizeof(struct packets_row),
	.fetch = packets_fetch,
};
