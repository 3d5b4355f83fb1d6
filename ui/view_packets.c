/*
 * view_packets: the stored packets in capture order, as tshark lists
 * them: number, time, source, destination, protocol, length, info.
 * Which packets are listed is inspect_select's answer; the list itself
 * lives in the screen's state (view.h).
 */
#include "config.h"

#include "view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture/control.h"
#include "inspect/inspect.h"
#include "format.h"
#include "base/i18n.h"
#include "save.h"
#include "theme.h"

/* How long a fetch waits for the list's flow worker to reach the newest
 * packets (it is answered within a chunk's time when it is only live's
 * few packets behind). */
#define VIEW_PACKETS_FLOWS_WAIT_MS 5

struct packets_row {
	struct model_packet hdr;
	double prev_ts;     /* the row above's time, for delta time */
	bool gone;          /* evicted from the store since the list was made */
	struct packet_info info;
};

int
view_packets_init(struct view_packets_list *pk, struct model *m)
{
	memset(pk, 0, sizeof(*pk));
	tree_init(&pk->scratch);
	pk->in = inspect_new(m);
	pk->walk = inspect_walk_new(m);
	pk->flows = inspect_flows_new(m);
	pk->frame = malloc(VIEW_PACKETS_FRAME);
	if (pk->in == NULL || pk->walk == NULL || pk->flows == NULL ||
	    pk->frame == NULL) {
		view_packets_free(pk);
		return -1;
	}
	return 0;
}

void
view_packets_reset(struct view_packets_list *pk)
{
	pk->valid = false;
}

void
view_packets_free(struct view_packets_list *pk)
{
	inspect_walk_free(pk->walk); /* joins: before what it reads goes */
	inspect_flows_free(pk->flows); /* it reads the scope's flows too */
	free(pk->seqs);
	inspect_free(pk->in);
	free(pk->frame);
	tree_free(&pk->scratch);
	memset(pk, 0, sizeof(*pk));
}

uint64_t
view_packets_seq_at(const struct view_packets_list *pk, size_t index)
{
	if (index >= pk->n)
		return 0;
	return pk->seqs[pk->reversed ? pk->n - 1 - index : index];
}

static int
packets_append(struct view_packets_list *pk, uint64_t seq)
{
	uint64_t *grown;

	if (pk->n == pk->cap) {
		size_t cap = pk->cap ? pk->cap * 2 : 4096;

		grown = realloc(pk->seqs, cap * sizeof(*grown));
		if (!grown)
			return -1;
		pk->seqs = grown;
		pk->cap = cap;
	}
	pk->seqs[pk->n++] = seq;
	return 0;
}

/* Start the list over when what it selects changed. */
static void
packets_rescope(struct view_packets_list *pk, const struct ui_ctx *c,
		const char *filter, const char *find)
{
	if (pk->valid && pk->scoped == c->s->scoped &&
	    (!c->s->scoped || pk->scope_id == c->s->scope.id) &&
	    strcmp(filter, pk->filter) == 0 && strcmp(find, pk->find) == 0 &&
	    pk->df_seen == pk->df_gen)
		return;
	pk->df_seen = pk->df_gen;
	/* the display filter's flows start over with the list: the job in
	 * progress (an older filter or scope) is dropped */
	inspect_walk_cancel(pk->walk);
	pk->walking = pk->behind = false;
	pk->restart = true;
	pk->first = pk->done = 0;
	snprintf(pk->find, sizeof(pk->find), "%s", find);
	snprintf(pk->filter, sizeof(pk->filter), "%s", filter);
	pk->n = 0;
	pk->next_from = 0;
	pk->scoped = c->s->scoped;
	pk->scope_id = c->s->scope.id;
	pk->scope_app = c->s->scope.app;
	pk->valid = true;
}

/* With a display filter (a tree walk may take 5-20 us a packet): take
 * what the worker found; once its job is done, post the packets stored
 * since. The UI thread never waits for the walk. */
static void
packets_walk(struct view_packets_list *pk, const struct inspect_scope *sc,
	     const struct model_totals *t)
{
	uint64_t got[4096], next;
	bool busy = inspect_walk_busy(pk->walk, &next);
	size_t n, k;

	/* all of a finished job's numbers are takeable (walk.h) */
	while ((n = inspect_walk_take(pk->walk, got, 4096)) > 0)
		for (k = 0; k < n; k++)
			if (packets_append(pk, got[k]) < 0)
				return;
	if (pk->walking) {
		pk->done = next;
		if (busy)
			return;
		pk->next_from = next;
		pk->walking = false;
	}
	if (pk->next_from < t->ring_first_seq)
		pk->next_from = t->ring_first_seq;
	if (pk->next_from >= t->ring_next_seq)
		return;
	if (inspect_walk_post(pk->walk, sc, pk->df_text, pk->next_from,
			      t->ring_next_seq, NULL, pk->restart) < 0)
		return;
	pk->restart = false;
	pk->walking = true;
	pk->done = pk->next_from;
}

/* Bring the list up to date with the store (a display filter's part on
 * the walk's thread, packets_walk). */
static void
packets_sync(struct model *m, struct view_packets_list *pk,
	     const struct ui_ctx *c, const char *q_match)
{
	enum { CHUNK = 4096, ROUNDS = 64 };
	uint64_t got[CHUNK], next;
	char filter[sizeof(pk->filter)], find[sizeof(pk->find)];
	struct inspect_scope sc;
	struct model_totals t;
	size_t k, n, drop, i;
	int round;

	control_get_capture_filter(c->ctl, filter, sizeof(filter));
	snprintf(find, sizeof(find), "%s", q_match ? q_match : "");
	for (i = 0; find[i]; i++)
		if (find[i] >= 'A' && find[i] <= 'Z')
			find[i] = (char)(find[i] - 'A' + 'a');
	packets_rescope(pk, c, filter, find);
	model_get_totals(m, &t);
	/* Forget what the store let go (and everything after a clear). */
	for (drop = 0; drop < pk->n && pk->seqs[drop] < t.ring_first_seq;
	     drop++)
		;
	if (drop) {
		memmove(pk->seqs, pk->seqs + drop,
			(pk->n - drop) * sizeof(*pk->seqs));
		pk->n -= drop;
	}
	if (pk->next_from < t.ring_first_seq)
		pk->next_from = t.ring_first_seq;
	/* the TCP flow state goes on to the store's end (its worker) */
	inspect_flows_post(pk->flows, t.ring_first_seq, t.ring_next_seq);
	memset(&sc, 0, sizeof(sc));
	sc.flows = pk->flows;
	sc.conn_id = pk->scoped ? pk->scope_id : 0;
	sc.filter = pk->filter;
	sc.find = pk->find;
	sc.dfilter = pk->df;
	if (pk->first == 0)
		pk->first = pk->next_from;
	if (pk->df != NULL) {
		packets_walk(pk, &sc, &t);
		pk->behind = pk->walking;
		return;
	}
	/* The store may grow while we scan: what lies at or past the
	 * totals' next_seq is left for the next sync. */
	pk->behind = false;
	for (round = 0; pk->next_from < t.ring_next_seq && round < ROUNDS;
	     round++) {
		n = inspect_select(pk->in, &sc, pk->next_from,
				   t.ring_next_seq, got, CHUNK, &next);
		for (k = 0; k < n; k++)
			if (packets_append(pk, got[k]) < 0)
				return;
		pk->next_from = next;
	}
}

int
view_packets_progress(const struct view_packets_list *pk, uint64_t end)
{
	if (!pk->behind || end <= pk->first)
		return -1;
	if (pk->done <= pk->first)
		return 0;
	if (pk->done >= end)
		return 99;
	return (int)((pk->done - pk->first) * 100 / (end - pk->first));
}

bool
view_packets_stale(const struct view_packets_list *pk)
{
	return pk->stale != 0;
}

bool
view_packets_ripe(const struct view_packets_list *pk)
{
	return pk->stale != 0 && inspect_flows_done(pk->flows) >= pk->stale;
}

static size_t
packets_fetch(struct model *m, const struct ui_ctx *c,
	      const struct model_query *q, void *rows, size_t *matched)
{
	struct view_packets_list *pk = c->pk;
	struct packets_row *r = rows;
	struct model_packet prev;
	size_t i, out = 0;

	packets_sync(m, pk, c, q->match);
	/* live: the worker is a few packets behind the newest rows; a
	 * moment's wait saves drawing them twice (never longer) */
	(void)inspect_flows_wait(pk->flows, VIEW_PACKETS_FLOWS_WAIT_MS);
	pk->stale = 0;
	*matched = pk->n;
	/* no model sort here: "ascending" is r, newest first */
	pk->reversed = q->ascending;
	for (i = q->offset; i < pk->n && out < q->max; i++, out++) {
		size_t at = pk->reversed ? pk->n - 1 - i : i;

		memset(&r[out], 0, sizeof(r[out]));
		r[out].hdr.seq = pk->seqs[at];
		if (model_packet_get(m, pk->seqs[at], &r[out].hdr, pk->frame,
				     VIEW_PACKETS_FRAME) < 0) {
			r[out].gone = true;
			continue;
		}
		/* delta time: from the packet before it in the list's
		 * capture order, whichever way the list is shown */
		r[out].prev_ts = model_packet_time(&r[out].hdr);
		if (at > 0 && model_packet_get(m, pk->seqs[at - 1], &prev,
					       NULL, 0) == 0)
			r[out].prev_ts = model_packet_time(&prev);
		if (!inspect_flows_describe(
			    pk->flows, &r[out].hdr, pk->frame,
			    r[out].hdr.caplen < VIEW_PACKETS_FRAME
				    ? r[out].hdr.caplen
				    : VIEW_PACKETS_FRAME,
			    pk->scoped ? pk->scope_app : 0, &pk->scratch,
			    &r[out].info) &&
		    r[out].hdr.seq >= pk->stale)
			pk->stale = r[out].hdr.seq + 1;
	}
	return out;
}

#define PKT(row) ((const struct packets_row *)(row))

static void
packets_cell_no(const struct ui_ctx *c, const void *row, char *buf, size_t n)
{
	/* a marked packet (m) carries a star, as Wireshark's list does */
	snprintf(buf, n, "%s%llu",
		 save_is_marked(c->marks, PKT(row)->hdr.seq) ? "*" : "",
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
	/* a narrow list counts in milliseconds, so Time keeps its place
	 * beside an Info of half the width (tshark's -t r and -t a,
	 * shorter: HH:MM:SS.mmm is 12 cells where .uuuuuu takes 15) */
	int decimals = c->s->time_ms ? 3 : 6;

	switch (c->s->timefmt) {
	case UI_TIME_ABSOLUTE:
		format_clock(model_packet_time(&p->hdr), decimals, buf, n);
		break;
	case UI_TIME_RELATIVE:
		format_seconds(model_packet_time(&p->hdr) - c->tot->first_ts,
			       decimals, buf, n);
		break;
	default:
		format_seconds(model_packet_time(&p->hdr) - p->prev_ts,
			       decimals, buf, n);
		break;
	}
}

/* The time of day, chosen with t, is what the user asked to see: at 80
 * columns its 12 cells (HH:MM:SS.mmm) stay and Info gives up 6 of its
 * half, where the relative times' 5 cells fit beside it. */
static bool
packets_time_asked(const struct ui_ctx *c)
{
	return c->s->timefmt == UI_TIME_ABSOLUTE;
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

/* Info keeps half the width (.share); Len, Proto and Time go first:
 * Proto before Time, as Info mostly names the protocol (Client Hello,
 * Standard query, [SYN]) and nothing else says when a packet came. */
static const struct ui_column packets_columns[] = {
	{ .title = N_("No."), .width = 4, .prio = 0, .right = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_no },
	{ .title = N_("Time"), .width = 8, .min = 5, .prio = 1, .right = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_time,
	  .asked = packets_time_asked },
	{ .title = N_("Source"), .width = 15, .prio = 0, .cut = UI_CUT_MIDDLE,
	  .sort = UI_SORT_NONE, .cell = packets_cell_src },
	{ .title = N_("Destination"), .width = 15, .prio = 0,
	  .cut = UI_CUT_MIDDLE,
	  .sort = UI_SORT_NONE, .cell = packets_cell_dst },
	{ .title = N_("Proto"), .width = 6, .prio = 2,
	  .sort = UI_SORT_NONE, .cell = packets_cell_proto },
	{ .title = N_("Len"), .width = 4, .prio = 3, .right = true,
	  .sort = UI_SORT_NONE, .cell = packets_cell_len },
	{ .title = N_("Info"), .width = 10, .prio = 0, .flex = true,
	  .share = 50, .sort = UI_SORT_NONE, .cell = packets_cell_info },
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
