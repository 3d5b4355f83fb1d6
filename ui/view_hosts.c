/*
 * view_hosts: one row per IP address, iftop style: a bar behind the row
 * for its 10 s rate, rates over 2 s, 10 s and 40 s in and out, totals.
 */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

#include "format.h"
#include "theme.h"
#include "base/i18n.h"

static void
hosts_cell_host(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_host(c, &((const struct model_host_row *)row)->addr, buf, n);
}

#define HOSTS_RATE_CELL(fn, field, win)                                      \
	static void fn(const struct ui_ctx *c, const void *row, char *buf,  \
		       size_t n)                                              \
	{                                                                     \
		view_format_rate(                                             \
			c, ((const struct model_host_row *)row)->field[win],  \
			buf, n);                                              \
	}
HOSTS_RATE_CELL(hosts_cell_in2, rx_rate, MODEL_RATE_2S)
HOSTS_RATE_CELL(hosts_cell_out2, tx_rate, MODEL_RATE_2S)
HOSTS_RATE_CELL(hosts_cell_in10, rx_rate, MODEL_RATE_10S)
HOSTS_RATE_CELL(hosts_cell_out10, tx_rate, MODEL_RATE_10S)
HOSTS_RATE_CELL(hosts_cell_in40, rx_rate, MODEL_RATE_40S)
HOSTS_RATE_CELL(hosts_cell_out40, tx_rate, MODEL_RATE_40S)

static void
hosts_cell_rx(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_bytes(((const struct model_host_row *)row)->rx_bytes, buf, n);
}

static void
hosts_cell_tx(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_bytes(((const struct model_host_row *)row)->tx_bytes, buf, n);
}

static void
hosts_cell_packets(const struct ui_ctx *c, const void *row, char *buf,
		   size_t n)
{
	const struct model_host_row *h = row;

	format_count(h->rx_packets + h->tx_packets, buf, n);
}

static void
hosts_cell_retr(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_count(((const struct model_host_row *)row)->tcp.retrans, buf, n);
}

static void
hosts_cell_rtt(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rtt(((const struct model_host_row *)row)->tcp.rtt_worst,
			buf, n);
}

/* "!" when one of its connections had a zero window or a reset */
static void
hosts_cell_health(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	const struct model_host_tcp *t = &((const struct model_host_row *)row)->tcp;

	snprintf(buf, n, "%s%s%s", t->zero_windows || t->resets ? "!" : "",
		 t->zero_windows ? "Z" : "", t->resets ? "R" : "");
}

static int
hosts_attr_health(const struct ui_ctx *c, const void *row)
{
	const struct model_host_tcp *t = &((const struct model_host_row *)row)->tcp;

	return t->zero_windows || t->resets ? THEME_ERROR : -1;
}

/* The tunnel a host was seen inside only (a pod behind VXLAN, a Teredo
 * client), blank for a packet's own addresses. */
static void
hosts_cell_tunnel(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	const char *name =
		model_tunnel_name(((const struct model_host_row *)row)->tunnel);

	snprintf(buf, n, "%s", name ? name : "");
}

/* no tunnel in the capture: no column of blanks */
static bool
hosts_off_tunnel(const struct ui_ctx *c)
{
	return c->tot->tunnelled == 0;
}

static const struct ui_column hosts_columns[] = {
	{ .title = N_("Host"), .width = 16, .min = 15, .prio = 0,
	  .flex = true, .cut = UI_CUT_MIDDLE,
	  .sort = MODEL_SORT_ADDR, .cell = hosts_cell_host },
	{ .title = N_("Tunnel"), .width = 9, .prio = 1,
	  .cell = hosts_cell_tunnel, .off = hosts_off_tunnel },
	{ .title = N_("In 2s"), .width = 7, .prio = 0, .right = true,
	  .with = 4, .pace = 2,
	  .sort = MODEL_SORT_RATE_2S, .cell = hosts_cell_in2 },
	{ .title = N_("Out 2s"), .width = 7, .prio = 0, .right = true,
	  .with = 3, .pace = 2,
	  .sort = MODEL_SORT_RATE_2S, .cell = hosts_cell_out2 },
	{ .title = N_("In 10s"), .width = 7, .prio = 2, .right = true,
	  .with = 6, .pace = 5,
	  .sort = MODEL_SORT_RATE_10S, .cell = hosts_cell_in10 },
	{ .title = N_("Out 10s"), .width = 7, .prio = 2, .right = true,
	  .with = 5, .pace = 5,
	  .sort = MODEL_SORT_RATE_10S, .cell = hosts_cell_out10 },
	{ .title = N_("In 40s"), .width = 7, .prio = 3, .right = true,
	  .with = 8, .pace = 10,
	  .sort = MODEL_SORT_RATE_40S, .cell = hosts_cell_in40 },
	{ .title = N_("Out 40s"), .width = 7, .prio = 3, .right = true,
	  .with = 7, .pace = 10,
	  .sort = MODEL_SORT_RATE_40S, .cell = hosts_cell_out40 },
	{ .title = N_("Received"), .width = 9, .prio = 1, .right = true,
	  .with = 10, .pace = 10,
	  .sort = MODEL_SORT_BYTES, .cell = hosts_cell_rx },
	{ .title = N_("Sent"), .width = 9, .prio = 1, .right = true,
	  .with = 9, .pace = 10,
	  .sort = MODEL_SORT_BYTES, .cell = hosts_cell_tx },
	{ .title = N_("Packets"), .width = 8, .prio = 2, .right = true,
	  .pace = 10, .sort = MODEL_SORT_PACKETS, .cell = hosts_cell_packets },
	{ .title = N_("Retr"), .width = 6, .prio = 3, .right = true,
	  .pace = 2, .sort = MODEL_SORT_RETR, .cell = hosts_cell_retr },
	{ .title = N_("Worst RTT"), .width = 9, .prio = 2, .right = true,
	  .pace = 2, .sort = MODEL_SORT_RTT, .cell = hosts_cell_rtt },
	{ .title = "!", .width = 3, .prio = 1,
	  .sort = MODEL_SORT_HEALTH, .cell = hosts_cell_health,
	  .attr = hosts_attr_health },
};

/* health last: '!' picks it (ui_cmd_health_sort) */
static const int hosts_sorts[] = {
	MODEL_SORT_BYTES, MODEL_SORT_RATE_2S, MODEL_SORT_RATE_10S,
	MODEL_SORT_RATE_40S, MODEL_SORT_PACKETS, MODEL_SORT_ADDR,
	MODEL_SORT_RTT, MODEL_SORT_RETR, MODEL_SORT_HEALTH,
};

static size_t
hosts_fetch(struct model *m, const struct ui_ctx *c,
	    const struct model_query *q, void *rows, size_t *matched)
{
	return model_hosts(m, q, rows, matched);
}

static double
hosts_bar(const struct ui_ctx *c, const void *row)
{
	const struct model_host_row *h = row;

	return view_bar_fraction(h->rx_rate[MODEL_RATE_10S] +
				 h->tx_rate[MODEL_RATE_10S]);
}

/* IPv4 exactly; IPv6 folded to 64 bits (a clash would only let two rows
 * on screen share a kept text until the next tick) */
static uint64_t
hosts_row_id(const void *row)
{
	const struct addr *a = &((const struct model_host_row *)row)->addr;
	uint64_t hi, lo;

	memcpy(&hi, a->bytes, 8);
	memcpy(&lo, a->bytes + 8, 8);
	return ((hi * 0x9E3779B97F4A7C15ull) ^ lo) * 0xC4CEB9FE1A85EC53ull ^
	       a->family;
}

const struct ui_view view_hosts = {
	.name = N_("Hosts"),
	.cols = hosts_columns,
	.ncols = sizeof(hosts_columns) / sizeof(hosts_columns[0]),
	.sorts = hosts_sorts,
	.nsorts = sizeof(hosts_sorts) / sizeof(hosts_sorts[0]),
	.row_size = sizeof(struct model_host_row),
	.fetch = hosts_fetch,
	.bar = hosts_bar,
	.bar_pace = 5, /* the 10 s rate's */
	.row_id = hosts_row_id,
};
