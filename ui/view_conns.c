/*
 * view_conns: one row per bidirectional flow: both endpoints, transport,
 * identified application, server name (SNI, Host, DNS query; escaped,
 * it comes from the packet), TCP state, rates each way, totals, age.
 */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

#include "format.h"
#include "theme.h"
#include "base/i18n.h"
#include "base/text.h"
#include "output/report.h"

#define CONN(row) ((const struct model_conn_row *)(row))

static void
conns_cell_l4(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	switch (CONN(row)->l4) {
	case 6: snprintf(buf, n, "tcp"); break;
	case 17: snprintf(buf, n, "udp"); break;
	case 132: snprintf(buf, n, "sctp"); break;
	case 1: snprintf(buf, n, "icmp"); break;
	case 58: snprintf(buf, n, "icmp6"); break;
	default: snprintf(buf, n, "%u", CONN(row)->l4); break;
	}
}

static void
conns_cell_a(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_endpoint(c, &CONN(row)->a, CONN(row)->a_port, CONN(row)->l4,
			     buf, n);
}

static void
conns_cell_b(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_endpoint(c, &CONN(row)->b, CONN(row)->b_port, CONN(row)->l4,
			     buf, n);
}

static void
conns_cell_app(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	const char *label = model_app_label(CONN(row)->app);

	snprintf(buf, n, "%s", label ? label : "-");
}

static void
conns_cell_server(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	const char *name = CONN(row)->server_name;
	const char *tunnel = model_tunnel_name(CONN(row)->tunnel);
	int k = 0;

	/* a flow inside a tunnel says which, first: the column always
	 * stays, and its rates are part of the outer row's */
	if (tunnel != NULL)
		k = snprintf(buf, n, _("[in %s] "), tunnel);
	if (k < 0 || (size_t)k >= n)
		return;
	escape_text(name, strnlen(name, MODEL_NAME_MAX), buf + k, n - (size_t)k);
}

static void
conns_cell_state(const struct ui_ctx *c, const void *row, char *buf,
		 size_t n)
{
	static const char *const names[MODEL_CONN_STATE_COUNT] = {
		[MODEL_CONN_NONE] = "",
		[MODEL_CONN_SYN_SENT] = N_("SYN sent"),
		[MODEL_CONN_SYN_RECEIVED] = N_("SYN recv"),
		[MODEL_CONN_ESTABLISHED] = N_("open"),
		[MODEL_CONN_FIN_WAIT] = N_("closing"),
		[MODEL_CONN_CLOSED] = N_("closed"),
		[MODEL_CONN_RESET] = N_("reset"),
	};
	unsigned st = CONN(row)->state;

	snprintf(buf, n, "%s",
		 st < MODEL_CONN_STATE_COUNT && names[st][0] ? _(names[st]) : "");
}

static void
conns_cell_ab(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rate(c, CONN(row)->a_to_b_rate[MODEL_RATE_2S], buf, n);
}

static void
conns_cell_ba(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rate(c, CONN(row)->b_to_a_rate[MODEL_RATE_2S], buf, n);
}

static void
conns_cell_ab10(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rate(c, CONN(row)->a_to_b_rate[MODEL_RATE_10S], buf, n);
}

static void
conns_cell_ba10(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rate(c, CONN(row)->b_to_a_rate[MODEL_RATE_10S], buf, n);
}

static void
conns_cell_bytes(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_bytes(CONN(row)->a_to_b_bytes + CONN(row)->b_to_a_bytes, buf, n);
}

static void
conns_cell_packets(const struct ui_ctx *c, const void *row, char *buf,
		   size_t n)
{
	format_count(CONN(row)->a_to_b_packets + CONN(row)->b_to_a_packets, buf,
		     n);
}

static void
conns_cell_age(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_duration(c->now - CONN(row)->first_ts, buf, n);
}

/* "comm/pid", a short reason, or "-" where nothing was looked up */
static void
conns_cell_process(const struct ui_ctx *c, const void *row, char *buf,
		   size_t n)
{
	const struct model_conn_row *r = CONN(row);
	char comm[4 * MODEL_COMM_MAX + 1];

	switch (r->pid > 0 ? MODEL_PROC_FOUND : r->proc_status) {
	case MODEL_PROC_FOUND:
		escape_text(r->comm, strnlen(r->comm, sizeof(r->comm)), comm,
			    sizeof(comm));
		snprintf(buf, n, "%s/%d", comm, (int)r->pid);
		break;
	case MODEL_PROC_NONE:
		snprintf(buf, n, "-");
		break;
	default:
		snprintf(buf, n, "%s", view_proc_label(c->tot, r->proc_status));
		break;
	}
}

/* the socket owner's user name (the kernel says it even when the
 * process is not found), or "-" */
static void
conns_cell_user(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	const struct model_conn_row *r = CONN(row);
	char user[64];

	if (!r->uid_known) {
		snprintf(buf, n, "-");
		return;
	}
	report_user_name(r->uid, user, sizeof(user));
	escape_text(user, strlen(user), buf, n);
}

/* the owner's container or unit (a short name from its cgroup), or "-" */
static void
conns_cell_container(const struct ui_ctx *c, const void *row, char *buf,
		     size_t n)
{
	const struct model_conn_row *r = CONN(row);
	size_t len = strnlen(r->container, sizeof(r->container));

	if (len == 0) {
		snprintf(buf, n, "-");
		return;
	}
	escape_text(r->container, len, buf, n);
}

/* --collect: the exporter that reported the flow, "address/domain" */
static void
conns_cell_exporter(const struct ui_ctx *c, const void *row, char *buf,
		    size_t n)
{
	const struct model_conn_row *r = CONN(row);
	char a[ADDR_TEXT_MAX];

	if (!r->collected) {
		snprintf(buf, n, "-");
		return;
	}
	snprintf(buf, n, "%s/%lu", addr_format(&r->exporter_addr, a, sizeof(a)),
		 (unsigned long)r->exporter_domain);
}

static bool
conns_off_exporter(const struct ui_ctx *c)
{
	return !c->tot->collect.on;
}

/* a file, stdin or --remote names no process (nor do collected flows):
 * the Process, User and Container columns would be "-" down the table,
 * taking the width a cut endpoint or name needs */
static bool
conns_off_process(const struct ui_ctx *c)
{
	return c->tot->collect.on || !c->tot->procs_on;
}

static void
conns_cell_rtt(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	view_format_rtt(CONN(row)->tcp.rtt, buf, n);
}

/* Both directions together: one column fits at 80 columns, and a
 * connection's data mostly goes one way; the panel of a connection
 * (Enter) shows each direction's. */
static void
conns_cell_retr(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	double pct = CONN(row)->tcp.retr_pct;

	if (pct < 0)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%.1f", pct);
}

/* "!" and letters that say why without colour: Z zero window, R reset,
 * T retransmissions (model_health_letters) */
static void
conns_cell_health(const struct ui_ctx *c, const void *row, char *buf,
		  size_t n)
{
	char letters[8];
	unsigned h = CONN(row)->tcp.health;

	if (h == 0)
		snprintf(buf, n, "%s", "");
	else
		snprintf(buf, n, "!%s",
			 model_health_letters(h, letters, sizeof(letters)));
}

static int
conns_attr_health(const struct ui_ctx *c, const void *row)
{
	return CONN(row)->tcp.health ? THEME_ERROR : -1;
}

/* At 80 columns: both endpoints, Server name (why people use pktop) and
 * State stay; the rates, then Pkts, Proto and Age go first. */
static const struct ui_column conns_columns[] = {
	{ .title = N_("Proto"), .width = 5, .prio = 5,
	  .sort = UI_SORT_NONE, .cell = conns_cell_l4 },
	{ .title = N_("Endpoint A"), .width = 21, .min = 15, .prio = 0,
	  .flex = true, .cut = UI_CUT_ENDPOINT,
	  .sort = MODEL_SORT_ADDR, .cell = conns_cell_a },
	{ .title = N_("Endpoint B"), .width = 21, .min = 15, .prio = 0,
	  .flex = true, .cut = UI_CUT_ENDPOINT,
	  .sort = UI_SORT_NONE, .cell = conns_cell_b },
	{ .title = N_("App"), .width = 4, .prio = 2,
	  .sort = UI_SORT_NONE, .cell = conns_cell_app },
	{ .title = N_("Server name"), .width = 20, .min = 8, .prio = 0,
	  .flex = true, .sort = UI_SORT_NONE, .cell = conns_cell_server },
	{ .title = N_("State"), .width = 6, .prio = 1,
	  .sort = UI_SORT_NONE, .cell = conns_cell_state },
	/* the 2 s pair (the live sort) stays longer than the 10 s one,
	 * which comes after the process columns: the selected row's line
	 * lists hidden cells in column order, and at 80 columns the owner
	 * matters more than a second pair of rates */
	{ .title = N_("A>B 2s"), .width = 7, .prio = 3, .right = true,
	  .with = 8, .pace = 2,
	  .sort = MODEL_SORT_RATE_2S, .cell = conns_cell_ab },
	{ .title = N_("B>A 2s"), .width = 7, .prio = 3, .right = true,
	  .with = 7, .pace = 2,
	  .sort = MODEL_SORT_RATE_2S, .cell = conns_cell_ba },
	{ .title = N_("Bytes"), .width = 6, .prio = 2, .right = true,
	  .pace = 10, .sort = MODEL_SORT_BYTES, .cell = conns_cell_bytes },
	{ .title = N_("Pkts"), .width = 5, .prio = 4, .right = true,
	  .pace = 10, .sort = MODEL_SORT_PACKETS, .cell = conns_cell_packets },
	{ .title = N_("Age"), .width = 4, .prio = 5, .right = true,
	  .pace = 2, .sort = MODEL_SORT_FIRST, .cell = conns_cell_age },
	/* the user and the container go first, and never stay without
	 * their process; with --collect none of them means anything */
	{ .title = N_("Process"), .width = 16, .prio = 5,
	  .sort = UI_SORT_NONE, .cell = conns_cell_process,
	  .off = conns_off_process },
	{ .title = N_("User"), .width = 8, .prio = 6, .with = 12,
	  .sort = UI_SORT_NONE, .cell = conns_cell_user,
	  .off = conns_off_process },
	{ .title = N_("Container"), .width = 12, .prio = 6, .with = 12,
	  .sort = UI_SORT_NONE, .cell = conns_cell_container,
	  .off = conns_off_process },
	/* --collect only; '/' with its text keeps one exporter's rows */
	{ .title = N_("Exporter"), .width = 15, .min = 9, .prio = 1,
	  .cut = UI_CUT_MIDDLE, .sort = UI_SORT_NONE,
	  .cell = conns_cell_exporter, .off = conns_off_exporter },
	{ .title = N_("A>B 10s"), .width = 7, .prio = 4, .right = true,
	  .with = 17, .pace = 5,
	  .sort = MODEL_SORT_RATE_10S, .cell = conns_cell_ab10 },
	{ .title = N_("B>A 10s"), .width = 7, .prio = 4, .right = true,
	  .with = 16, .pace = 5,
	  .sort = MODEL_SORT_RATE_10S, .cell = conns_cell_ba10 },
	{ .title = N_("RTT ms"), .width = 6, .prio = 2, .right = true,
	  .pace = 2, .sort = MODEL_SORT_RTT, .cell = conns_cell_rtt },
	{ .title = N_("Retr%"), .width = 5, .prio = 3, .right = true,
	  .pace = 2, .sort = MODEL_SORT_RETR, .cell = conns_cell_retr },
	{ .title = "!", .width = 3, .prio = 1,
	  .sort = MODEL_SORT_HEALTH, .cell = conns_cell_health,
	  .attr = conns_attr_health },
};

/* health last: '!' picks it (ui_cmd_health_sort) */
static const int conns_sorts[] = {
	MODEL_SORT_BYTES, MODEL_SORT_RATE_2S, MODEL_SORT_RATE_10S,
	MODEL_SORT_PACKETS,
	MODEL_SORT_FIRST, MODEL_SORT_ADDR, MODEL_SORT_RTT, MODEL_SORT_RETR,
	MODEL_SORT_HEALTH,
};

static size_t
conns_fetch(struct model *m, const struct ui_ctx *c,
	    const struct model_query *q, void *rows, size_t *matched)
{
	return model_connections(m, q, rows, matched);
}

static double
conns_bar(const struct ui_ctx *c, const void *row)
{
	return view_bar_fraction(CONN(row)->a_to_b_rate[MODEL_RATE_10S] +
				 CONN(row)->b_to_a_rate[MODEL_RATE_10S]);
}

static uint64_t
conns_row_id(const void *row)
{
	return CONN(row)->id;
}

static size_t
conns_rows_by_id(struct model *m, const uint64_t *ids, size_t n,
		 double expire, void *rows)
{
	return model_connections_by_id(m, ids, n, expire, rows);
}

static bool
conns_ended(const struct ui_ctx *c, const void *row)
{
	return CONN(row)->state == MODEL_CONN_CLOSED ||
	       CONN(row)->state == MODEL_CONN_RESET ||
	       c->now - CONN(row)->last_ts >= VIEW_QUIET_SECONDS;
}

const struct ui_view view_conns = {
	.name = N_("Connections"),
	.cols = conns_columns,
	.ncols = sizeof(conns_columns) / sizeof(conns_columns[0]),
	.sorts = conns_sorts,
	.nsorts = sizeof(conns_sorts) / sizeof(conns_sorts[0]),
	.row_size = sizeof(struct model_conn_row),
	.fetch = conns_fetch,
	.bar = conns_bar,
	.bar_pace = 5, /* the 10 s rates' */
	.ended = conns_ended,
	.row_id = conns_row_id,
	.rows_by_id = conns_rows_by_id,
};
