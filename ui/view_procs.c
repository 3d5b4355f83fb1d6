/*
 * view_procs: the Processes view (key 5): one row per process that owns
 * local sockets, with its connections' rates and totals, and one row per
 * reason some traffic has no process ("[forwarded / not local]", "[closed
 * before seen]", ...) so the rows add up to every connection's traffic.
 * Enter lists the row's connections.
 */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <string.h>

#include "format.h"
#include "base/text.h"
#include "base/i18n.h"
#include "output/report.h"

#define PROC(row) ((const struct model_proc_row *)(row))

const char *
view_proc_label(const struct model_totals *t, uint8_t status)
{
	switch (status) {
	case MODEL_PROC_NO_OWNER:
		return _("[no visible process]");
	case MODEL_PROC_NOT_LOCAL:
		return _("[forwarded / not local]");
	case MODEL_PROC_OTHER_NETNS:
		return _("[other network namespace]");
	case MODEL_PROC_CLOSED:
		return _("[closed before seen]");
	default:
		/* files, stdin, --remote: the reason, else still waiting */
		if (t != NULL && !t->procs_on)
			return _("[no local sockets]");
		return _("[unknown]");
	}
}

static void
procs_cell_pid(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	if (PROC(row)->pid > 0)
		snprintf(buf, n, "%d", (int)PROC(row)->pid);
	else
		snprintf(buf, n, "-");
}

static void
procs_cell_comm(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	const struct model_proc_row *p = PROC(row);

	if (p->status == MODEL_PROC_FOUND)
		escape_text(p->comm, strnlen(p->comm, sizeof(p->comm)), buf, n);
	else
		snprintf(buf, n, "%s", view_proc_label(c->tot, p->status));
}

static void
procs_cell_user(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	char name[64];

	if (PROC(row)->uid == UINT32_MAX) {
		snprintf(buf, n, "-");
		return;
	}
	report_user_name(PROC(row)->uid, name, sizeof(name));
	escape_text(name, strlen(name), buf, n);
}

static void
procs_cell_container(const struct ui_ctx *c, const void *row, char *buf,
		     size_t n)
{
	const struct model_proc_row *p = PROC(row);

	if (p->container[0] == '\0')
		snprintf(buf, n, "-");
	else
		escape_text(p->container,
			    strnlen(p->container, sizeof(p->container)), buf,
			    n);
}

#define PROCS_RATE_CELL(fn, field, win)                                      \
	static void fn(const struct ui_ctx *c, const void *row, char *buf,  \
		       size_t n)                                              \
	{                                                                     \
		view_format_rate(c, PROC(row)->field[win], buf, n);           \
	}
PROCS_RATE_CELL(procs_cell_in2, in_rate, MODEL_RATE_2S)
PROCS_RATE_CELL(procs_cell_out2, out_rate, MODEL_RATE_2S)
PROCS_RATE_CELL(procs_cell_in10, in_rate, MODEL_RATE_10S)
PROCS_RATE_CELL(procs_cell_out10, out_rate, MODEL_RATE_10S)
PROCS_RATE_CELL(procs_cell_in40, in_rate, MODEL_RATE_40S)
PROCS_RATE_CELL(procs_cell_out40, out_rate, MODEL_RATE_40S)

static void
procs_cell_rx(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_bytes(PROC(row)->in_bytes, buf, n);
}

static void
procs_cell_tx(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_bytes(PROC(row)->out_bytes, buf, n);
}

static void
procs_cell_conns(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	format_count(PROC(row)->connections, buf, n);
}

static const struct ui_column procs_columns[] = {
	{ .title = N_("PID"), .width = 7, .prio = 0, .right = true,
	  .sort = MODEL_SORT_FIRST, .cell = procs_cell_pid },
	{ .title = N_("Command"), .width = 23, .prio = 0, .flex = true,
	  .sort = MODEL_SORT_ADDR, .cell = procs_cell_comm },
	{ .title = N_("User"), .width = 9, .prio = 2,
	  .sort = UI_SORT_NONE, .cell = procs_cell_user },
	{ .title = N_("Container"), .width = 12, .prio = 3,
	  .sort = UI_SORT_NONE, .cell = procs_cell_container },
	{ .title = N_("In 2s"), .width = 7, .prio = 0, .right = true,
	  .with = 6, .pace = 2,
	  .sort = MODEL_SORT_RATE_2S, .cell = procs_cell_in2 },
	{ .title = N_("Out 2s"), .width = 7, .prio = 0, .right = true,
	  .with = 5, .pace = 2,
	  .sort = MODEL_SORT_RATE_2S, .cell = procs_cell_out2 },
	{ .title = N_("In 10s"), .width = 7, .prio = 4, .right = true,
	  .with = 8, .pace = 5,
	  .sort = MODEL_SORT_RATE_10S, .cell = procs_cell_in10 },
	{ .title = N_("Out 10s"), .width = 7, .prio = 4, .right = true,
	  .with = 7, .pace = 5,
	  .sort = MODEL_SORT_RATE_10S, .cell = procs_cell_out10 },
	{ .title = N_("In 40s"), .width = 7, .prio = 5, .right = true,
	  .with = 10, .pace = 10,
	  .sort = MODEL_SORT_RATE_40S, .cell = procs_cell_in40 },
	{ .title = N_("Out 40s"), .width = 7, .prio = 5, .right = true,
	  .with = 9, .pace = 10,
	  .sort = MODEL_SORT_RATE_40S, .cell = procs_cell_out40 },
	{ .title = N_("Received"), .width = 9, .prio = 1, .right = true,
	  .with = 12, .pace = 10,
	  .sort = MODEL_SORT_BYTES, .cell = procs_cell_rx },
	{ .title = N_("Sent"), .width = 9, .prio = 1, .right = true,
	  .with = 11, .pace = 10,
	  .sort = MODEL_SORT_BYTES, .cell = procs_cell_tx },
	{ .title = N_("Conns"), .width = 6, .prio = 2, .right = true,
	  .pace = 2, .sort = MODEL_SORT_LAST, .cell = procs_cell_conns },
};

static const int procs_sorts[] = {
	MODEL_SORT_BYTES, MODEL_SORT_RATE_2S, MODEL_SORT_RATE_10S,
	MODEL_SORT_RATE_40S, MODEL_SORT_LAST, MODEL_SORT_ADDR,
	MODEL_SORT_FIRST,
};

static size_t
procs_fetch(struct model *m, const struct ui_ctx *c,
	    const struct model_query *q, void *rows, size_t *matched)
{
	return model_processes(m, q, rows, matched);
}

static double
procs_bar(const struct ui_ctx *c, const void *row)
{
	return view_bar_fraction(PROC(row)->in_rate[MODEL_RATE_10S] +
				 PROC(row)->out_rate[MODEL_RATE_10S]);
}

/* the slot and its process: a slot taken by another process is
 * another row */
static uint64_t
procs_row_id(const void *row)
{
	return (uint64_t)(uint32_t)PROC(row)->pid << 32 | PROC(row)->key;
}

const struct ui_view view_procs = {
	.name = N_("Processes"),
	.cols = procs_columns,
	.ncols = sizeof(procs_columns) / sizeof(procs_columns[0]),
	.sorts = procs_sorts,
	.nsorts = sizeof(procs_sorts) / sizeof(procs_sorts[0]),
	.row_size = sizeof(struct model_proc_row),
	.fetch = procs_fetch,
	.bar = procs_bar,
	.bar_pace = 5, /* the 10 s rates' */
	.row_id = procs_row_id,
};
