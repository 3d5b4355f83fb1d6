/*
 * screen: the UI thread's loop. Wait for a key with a timeout that ends
 * at the next refresh; on a tick snapshot the totals and the rows of the
 * visible view (the model locks and copies), then draw without any lock.
 * Only this file starts and stops curses; every way out goes through
 * screen_end so the terminal is always given back.
 */
#include "config.h"

#include "ui.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <locale.h>
#include <math.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "clipboard.h"
#include "capture/control.h"
#include "crashsafe.h"
#include "dfbar.h"
#include "draw.h"
#include "format.h"
#include "header.h"
#include "help.h"
#include "base/i18n.h"
#include "inspect/inspect.h"
#include "layout.h"
#include "model/model.h"
#include "progress.h"
#include "save.h"
#include "settings.h"
#include "state.h"
#include "steady.h"
#include "base/text.h"
#include "output/report.h"
#include "theme.h"
#include "view.h"
#include "view_detail.h"
#include "view_follow.h"

#define SCREEN_MAX_ROWS STEADY_ROWS_MAX /* table rows fetched at most */
/* How often a display filter's walk is looked at while it runs. */
#define SCREEN_WALK_POLL_MS 50

static const struct ui_view *const screen_views[UI_VIEW_COUNT] = {
	[UI_VIEW_HOSTS] = &view_hosts,
	[UI_VIEW_CONNS] = &view_conns,
	[UI_VIEW_PROTOS] = &view_protos,
	[UI_VIEW_PACKETS] = &view_packets,
	[UI_VIEW_PROCS] = &view_procs,
};

struct screen {
	struct model *m;
	struct control *ctl;        /* the capture's filter, hiding and stop */
	const struct ui_config *cfg;
	struct ui_state s;
	struct layout l;
	struct detail det;
	struct view_follow fw;       /* F's view, over the others */
	struct view_packets_list pk; /* the packet list (view.h) */
	struct save_marks marks;     /* m's marks (save.h) */
	/* marks kept across a file read again with a new filter: the
	 * packets' time and length, found again once it is read */
	struct screen_mark_key *remark;
	size_t nremark;
	bool remark_wait;            /* marks to find once it is read */
	struct header_graph graph;
	struct load_progress progress;
	bool confirming;            /* q asked: the next key answers */
	bool stopping;              /* Esc asked a loading file to stop */
	bool pk_tail;               /* End on a file's list: follow it */
	struct resolver *res;
	struct model_totals live, shown;
	/* the totals hold packets from before the filter in force (the
	 * filter changed after packets were counted, and no c since) */
	bool totals_mixed;
	/* H: our SSH session's row counted before it was hidden, left out
	 * of the connections and its counts taken off the header's totals */
	uint64_t self_id, self_packets, self_bytes;
	/* tmux's set-clipboard (enum clipboard_tmux) as last answered;
	 * fresh: answered at the last y, not only at start; mute: tmux did
	 * not answer y (pktop runs as another user now), so y asks no more */
	int tmux_clip;
	bool tmux_fresh, tmux_mute;
	char totals_note[64];       /* for the header: what they cover */
	uint64_t paused_at;         /* live.packets when the pause began */
	char filter[LINEEDIT_MAX];  /* the filter in force */
	/* A filter the control's worker is compiling (the UI stays live;
	 * Esc cancels it): the text, to reopen the line if it is refused. */
	bool compiling;
	char compiling_expr[LINEEDIT_MAX];
	unsigned char *rows;        /* SCREEN_MAX_ROWS rows of any view */
	unsigned char *rows_spare;  /* as many, to put them in order */
	size_t nrows;
	/* Live: the texts the paced cells show (steady.h), and the order
	 * the rows were last sorted in, kept until the sort column's pace
	 * comes: what it was for (view, sort, reverse, first row shown,
	 * which rows were asked for), when, and the rows' identities in
	 * that order */
	struct steady steady;
	uint64_t order_id[SCREEN_MAX_ROWS];
	size_t order_n;
	double order_at;
	int order_view, order_sort;
	bool order_reverse;
	size_t order_top;
	struct model_query order_q;
	struct addr order_host;
	char order_find[LINEEDIT_MAX];
	int colx[LAYOUT_MAX_COLUMNS], colw[LAYOUT_MAX_COLUMNS];
	/* > through a column wider than the screen: the cells of its text
	 * scrolled out (layout_columns_scroll) */
	int colskip[LAYOUT_MAX_COLUMNS];
	/* the widest text seen per column of each view since the last
	 * resize: columns only grow, so a tick does not move them */
	int need[UI_VIEW_COUNT][LAYOUT_MAX_COLUMNS];
	/* the selected row's cut or hidden cells, "Title: value" one a
	 * line (draw_items) */
	char rowmore[1024];
	int tab_x[UI_VIEW_COUNT + 1]; /* tab bounds, for mouse clicks */
	/* the Packets view scoped to a TCP connection: its health panel
	 * under the list (view_health_line), from a fresh row */
	struct model_conn_row scope_now;

	/* The display filter bar (\ d): the program in force and its
	 * text; while editing, whether the line compiles (BAD, ERR). */
	struct dfilter *df;
	char df_text[LINEEDIT_MAX];
	bool df_bad;
	struct dfilter_error df_err;
	char df_note[512];          /* Tab's candidates, or a hint */
	/* D: the tables over the packets DF keeps, made again from the
	 * store into a model of their own by FT_WALK's thread (FT_NEXT:
	 * the next stored packet to look at; FT_WALKING while a job of it
	 * runs; FT_RESTART: the next job starts the filter's flows over) */
	struct model *ft;
	struct inspect_walk *ft_walk;
	uint64_t ft_next, ft_first;
	bool ft_behind, ft_walking, ft_restart;
};

static volatile sig_atomic_t screen_signal;
static bool screen_curses_on;
static SCREEN *screen_term;
static FILE *screen_keys;     /* /dev/tty when stdin carries the capture */

static void
screen_on_signal(int sig)
{
	screen_signal = sig;
}

/* exit() from anywhere else (a fatal error in another module) must not
 * leave the terminal raw. */
static void
screen_atexit(void)
{
	if (screen_curses_on && !isendwin())
		endwin();
}

static double
screen_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const struct ui_view *
screen_view(const struct screen *sc)
{
	return screen_views[sc->s.view];
}

/* A marked packet as a file read again finds it: its time and length
 * (the sequence numbers start again at 1 with the new filter). */
struct screen_mark_key {
	int64_t sec;
	uint32_t usec, len;
};

static int
screen_mark_key_cmp(const void *a, const void *b)
{
	const struct screen_mark_key *x = a, *y = b;

	if (x->sec != y->sec)
		return x->sec < y->sec ? -1 : 1;
	if (x->usec != y->usec)
		return x->usec < y->usec ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* The marks' keys into sc->remark (sorted), before the store goes. */
static void
screen_marks_remember(struct screen *sc)
{
	struct model_packet hdr;
	uint8_t one[1];
	size_t n = 0;

	free(sc->remark);
	sc->remark = NULL;
	sc->nremark = 0;
	if (sc->marks.n == 0)
		return;
	sc->remark = calloc(sc->marks.n, sizeof(*sc->remark));
	if (sc->remark == NULL)
		return;
	for (size_t i = 0; i < sc->marks.n; i++) {
		if (model_packet_get(sc->m, sc->marks.seq[i], &hdr, one,
				     sizeof(one)) < 0)
			continue; /* let go by the store already */
		sc->remark[n].sec = hdr.ts_sec;
		sc->remark[n].usec = hdr.ts_usec;
		sc->remark[n].len = hdr.len;
		n++;
	}
	sc->nremark = n;
	qsort(sc->remark, n, sizeof(*sc->remark), screen_mark_key_cmp);
}

static bool
screen_mark_keep(const struct model_packet *hdr, const uint8_t *data,
		 void *arg)
{
	const struct screen *sc = arg;
	struct screen_mark_key k = { hdr->ts_sec, hdr->ts_usec, hdr->len };

	(void)data;
	return bsearch(&k, sc->remark, sc->nremark, sizeof(k),
		       screen_mark_key_cmp) != NULL;
}

/* The file read again to its end: mark the packets that still match. */
static void
screen_marks_restore(struct screen *sc)
{
	uint64_t seqs[256], from = 1;
	size_t n, kept = 0, had = sc->nremark;

	if (sc->remark == NULL)
		return;
	while ((n = model_packet_seqs(sc->m, from, screen_mark_keep, sc,
				      seqs, 256)) > 0) {
		for (size_t i = 0; i < n; i++)
			if (!save_is_marked(&sc->marks, seqs[i]) &&
			    save_mark_toggle(&sc->marks, seqs[i]))
				kept++;
		from = seqs[n - 1] + 1;
	}
	free(sc->remark);
	sc->remark = NULL;
	sc->nremark = 0;
	if (had > 0)
		ui_state_message(&sc->s, false,
				 _("%zu of %zu marked packets match the new "
				   "filter and stay marked"),
				 kept, had);
}

/* A file (not a replay) still being read: the header shows how far. */
static bool
screen_loading(const struct screen *sc)
{
	return !sc->cfg->live && !sc->cfg->replay &&
	       sc->live.capture_state == MODEL_CAPTURE_RUNNING;
}

static void
screen_ctx(struct screen *sc, struct ui_ctx *c)
{
	c->s = &sc->s;
	c->res = sc->s.resolve ? sc->res : NULL;
	c->tot = &sc->shown;
	c->now = sc->shown.last_ts;
	if (sc->cfg->live) {
		struct timespec ts;

		/* a quiet network still ages: the wall clock, as the
		 * model's live rates use */
		clock_gettime(CLOCK_REALTIME, &ts);
		c->now = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
	}
	c->pk = &sc->pk;
	c->marks = &sc->marks;
	c->ctl = sc->ctl;
}

/* Live rows past --expire leave Hosts and Connections (x keeps them). */
static bool
screen_expiring(const struct screen *sc)
{
	return (sc->cfg->live || sc->cfg->replay) && sc->cfg->expire > 0 &&
	       !sc->s.show_ended &&
	       (sc->s.view == UI_VIEW_HOSTS || sc->s.view == UI_VIEW_CONNS);
}

/* Whether the body ends in a TCP (or QUIC) connection's health panel. */
static bool
screen_panel(const struct screen *sc)
{
	return sc->s.view == UI_VIEW_PACKETS && sc->s.scoped &&
	       !sc->s.detail &&
	       (sc->s.scope.l4 == 6 || sc->s.scope.tcp.quic) &&
	       sc->l.body.h >= VIEW_HEALTH_LINES + 4;
}

/* The body's lines that hold rows. */
static int
screen_body_rows(const struct screen *sc)
{
	int h = sc->l.body.h - (screen_panel(sc) ? VIEW_HEALTH_LINES : 0);

	return h > 0 ? h : 1;
}

/* The model a table view reads: with D and a display filter, Hosts,
 * Connections and Protocols come from the filtered tables. */
static struct model *
screen_table_model(const struct screen *sc)
{
	if (sc->ft != NULL &&
	    (sc->s.view == UI_VIEW_HOSTS || sc->s.view == UI_VIEW_CONNS ||
	     sc->s.view == UI_VIEW_PROTOS))
		return sc->ft;
	return sc->m;
}

/* Whether the view's cells and order are paced (steady.h): live tables
 * whose rows have an identity, and a replay's while it plays. */
static bool
screen_paced(const struct screen *sc, const struct ui_view *v)
{
	if (v->row_id == NULL)
		return false;
	if (sc->cfg->live)
		return true;
	/* a replay's clock is its packets': it stops at the end of the
	 * file, no tick comes again, and a text held would stand for good
	 * (the Hosts view showed 3 packets of a host's 550) */
	return sc->cfg->replay &&
	       sc->live.capture_state == MODEL_CAPTURE_RUNNING;
}

/* How often rows sorted by SORT may trade places (0: never paced): an
 * order by a rate is redone once its window has turned over (the 10 s
 * and the 40 s ones every 10 s), any other at its column's pace. A tick
 * of the order rewrites most lines on a busy host (25 of 31 on the
 * 5,000-host mix, 0.9 KB of the 3 KB a 5 s tick sent at 120x40). */
static double
screen_sort_pace(const struct ui_view *v, int sort)
{
	if (sort == MODEL_SORT_RATE_2S)
		return 2;
	if (sort == MODEL_SORT_RATE_10S || sort == MODEL_SORT_RATE_40S)
		return 10;
	for (size_t i = 0; i < v->ncols; i++)
		if (v->cols[i].sort == sort)
			return v->cols[i].pace;
	return 0;
}

/* Whether the view shows one host's rows (sc->s.host): the Processes
 * view opened on a host, a process's connections opened from there,
 * the Connections view opened on a host. */
static bool
screen_host_scoped(const struct screen *sc)
{
	if (sc->s.view == UI_VIEW_CONNS && sc->s.conns_host)
		return true;
	return sc->s.host_scoped &&
	       (sc->s.view == UI_VIEW_PROCS ||
		(sc->s.view == UI_VIEW_CONNS && sc->s.proc_scoped));
}

/* Whether Q asks for the rows the order was kept for (the sort and the
 * page aside): the same find text, scope, hidden row and expiry. */
static bool
screen_order_query(const struct screen *sc, const struct model_query *q)
{
	const struct model_query *o = &sc->order_q;

	return o->proc_key == q->proc_key && o->hide_id == q->hide_id &&
	       o->expire == q->expire && (o->host == NULL) == (q->host == NULL) &&
	       (q->host == NULL || addr_equal(o->host, q->host)) &&
	       strcmp(sc->order_find, q->match ? q->match : "") == 0;
}

/* Between ticks, the shown rows the model no longer lists among the
 * rows fetched are asked for by their identity and keep their lines,
 * their zeros shown at once (steady.h) until the tick: a connection
 * whose 10 s rate fell to zero falls past the rows fetched, and a line
 * given to another row is a whole line sent (on the 5,000-host mix,
 * 13 at once, a second before each 10 s tick). They go in place of the
 * last rows fetched, which no line shows. Returns the rows now. */
static bool
screen_order_has(const struct screen *sc, uint64_t id)
{
	for (size_t j = 0; j < sc->order_n; j++)
		if (sc->order_id[j] == id)
			return true;
	return false;
}

static size_t
screen_keep_shown(struct screen *sc, const struct ui_view *v, size_t n,
		  double expire)
{
	uint64_t gone[SCREEN_MAX_ROWS];
	size_t i, j, ngone = 0, got, at;

	for (j = 0; j < sc->order_n; j++) {
		for (i = 0; i < n; i++)
			if (v->row_id(sc->rows + i * v->row_size) ==
			    sc->order_id[j])
				break;
		if (i == n)
			gone[ngone++] = sc->order_id[j];
	}
	if (ngone == 0)
		return n;
	/* the last rows fetched that are not shown make room */
	at = n;
	if (n + ngone > SCREEN_MAX_ROWS) {
		if (n < ngone)
			return n;
		at = n - ngone;
		for (i = at; i < n; i++)
			if (screen_order_has(sc, v->row_id(sc->rows +
							   i * v->row_size)))
				return n; /* a shown row is that low */
	}
	/* a row past the expiry leaves now, not at the tick */
	got = v->rows_by_id(sc->m, gone, ngone, expire,
			    sc->rows + at * v->row_size);
	return at + got;
}

/* Live, the rows shown change only at the sort column's pace and for a
 * clear reason (steady_order). Another view, sort, scroll or query
 * takes the model's order at once. */
static void
screen_keep_order(struct screen *sc, const struct ui_view *v,
		  const struct ui_ctx *c, int sort, const struct model_query *q)
{
	const struct ui_list *l = ui_state_list(&sc->s);
	double pace = screen_sort_pace(v, sort);
	uint64_t id[SCREEN_MAX_ROWS];
	size_t slot[SCREEN_MAX_ROWS];
	size_t i, n = sc->nrows, page = sc->s.page;
	bool same, tick;

	if (!screen_paced(sc, v) || n > SCREEN_MAX_ROWS)
		return;
	same = sc->order_n > 0 && sc->order_view == (int)sc->s.view &&
	       sc->order_sort == sort && sc->order_reverse == l->reverse &&
	       sc->order_top == l->top && pace > 0 &&
	       screen_order_query(sc, q);
	tick = !same || floor(c->now / pace) != floor(sc->order_at / pace);
	if (same) {
		if (!tick && v->rows_by_id != NULL)
			n = sc->nrows = screen_keep_shown(sc, v, n,
							  q->expire);
		for (i = 0; i < n; i++)
			id[i] = v->row_id(sc->rows + i * v->row_size);
		steady_order(id, n, sc->order_id, sc->order_n, page, tick,
			     slot);
		for (i = 0; i < n; i++)
			memcpy(sc->rows_spare + i * v->row_size,
			       sc->rows + slot[i] * v->row_size, v->row_size);
		memcpy(sc->rows, sc->rows_spare, n * v->row_size);
	}
	if (tick)
		sc->order_at = c->now;
	if (n > page)
		n = sc->nrows = page;
	sc->order_view = (int)sc->s.view;
	sc->order_sort = sort;
	sc->order_reverse = l->reverse;
	sc->order_top = l->top;
	sc->order_q = *q;
	if (q->host != NULL) { /* a copy: Q's points into the state */
		sc->order_host = *q->host;
		sc->order_q.host = &sc->order_host;
	}
	snprintf(sc->order_find, sizeof(sc->order_find), "%s",
		 q->match ? q->match : "");
	sc->order_q.match = NULL;
	sc->order_n = n;
	for (i = 0; i < n; i++)
		sc->order_id[i] = v->row_id(sc->rows + i * v->row_size);
}

/* Column I's text for row R; live, a paced column's text stands until
 * its pace comes (steady.h). */
static void
screen_cell(struct screen *sc, const struct ui_ctx *c,
	    const struct ui_view *v, size_t i, const void *r, char *cell,
	    size_t size)
{
	v->cols[i].cell(c, r, cell, size);
	if (screen_paced(sc, v))
		steady_text(&sc->steady, v->row_id(r),
			    STEADY_COL(sc->s.view, i), v->cols[i].pace, c->now,
			    cell, size);
}

/* Rows of the visible view into sc->rows; keeps the selection valid. */
static void
screen_fetch_rows(struct screen *sc)
{
	const struct ui_view *v = screen_view(sc);
	struct ui_list *l = ui_state_list(&sc->s);
	struct model_query q;
	struct ui_ctx c;
	size_t matched = 0, before;
	int sort, pass;
	bool follow;

	screen_ctx(sc, &c);
	sc->s.page = (size_t)screen_body_rows(sc);
	if (screen_panel(sc) &&
	    model_connection_get(sc->m, sc->s.scope.id, &sc->scope_now) < 0)
		sc->scope_now = sc->s.scope; /* gone: what it was */
	sort = v->nsorts ? v->sorts[l->sort % v->nsorts] : MODEL_SORT_BYTES;
	memset(&q, 0, sizeof(q));
	q.sort = (enum model_sort)sort;
	/* Names read best A to Z; numbers largest first. */
	q.ascending = (sort == MODEL_SORT_ADDR) != l->reverse;
	q.max = sc->s.page < SCREEN_MAX_ROWS ? sc->s.page : SCREEN_MAX_ROWS;
	/* paced rows keep their slots: rows that slipped below the page
	 * are fetched too, as far as SCREEN_MAX_ROWS (screen_keep_order;
	 * on the 5,000-host mix, fetching twice the page, about 6 rows a
	 * second slipped past it between two ticks and were replaced;
	 * with 512, 2) */
	if (screen_paced(sc, v))
		q.max = SCREEN_MAX_ROWS;
	q.match = sc->s.find[sc->s.view][0] ? sc->s.find[sc->s.view] : NULL;
	/* live tables forget the dead (iftop's 40 s); totals keep them */
	if (screen_expiring(sc))
		q.expire = sc->cfg->expire;
	if (sc->s.view == UI_VIEW_CONNS && sc->s.proc_scoped)
		q.proc_key = sc->s.proc_key;
	q.hide_id = sc->self_id;
	/* a host's processes, the connections of one of them with it,
	 * a host's connections */
	if (screen_host_scoped(sc))
		q.host = &sc->s.host;
	/* the packet list follows new packets while the cursor is on its
	 * last row, as Wireshark and termshark do; a file being read
	 * (or read again) stays where it opens, on its first packet, as
	 * Wireshark's does, unless End asked for its last */
	follow = sc->s.view == UI_VIEW_PACKETS && !l->reverse &&
		 l->count > 0 && l->sel + 1 >= l->count;
	if (!follow)
		sc->pk_tail = false;
	else if (!sc->cfg->live && !sc->cfg->replay && !sc->cfg->stream)
		follow = sc->pk_tail;
	if (sc->s.to_end && sc->s.view == UI_VIEW_PACKETS) {
		/* End: the list extends a bounded step per fetch (with
		 * a display filter: what its worker found so far); take
		 * every step now, so one press reaches the last packet */
		size_t last = 0;
		int step;

		for (step = 0; step < 4096; step++) {
			q.offset = 0;
			q.max = 1;
			v->fetch(screen_table_model(sc), &c, &q, sc->rows,
				 &matched);
			if (matched == last)
				break;
			last = matched;
		}
		q.max = sc->s.page < SCREEN_MAX_ROWS ? sc->s.page
						     : SCREEN_MAX_ROWS;
		ui_list_set_count(l, matched, sc->s.page);
		if (matched > 0)
			ui_list_select(l, matched - 1, sc->s.page);
		follow = !l->reverse;
		sc->pk_tail = follow;
	}
	sc->s.to_end = false;
	for (pass = 0; pass < 2; pass++) {
		before = l->top;
		q.offset = l->top;
		sc->nrows = v->fetch(screen_table_model(sc), &c, &q, sc->rows,
				     &matched);
		ui_list_set_count(l, matched, sc->s.page);
		if (follow && matched > 0)
			ui_list_select(l, matched - 1, sc->s.page);
		if (l->top == before)
			break;
	}
	screen_keep_order(sc, v, &c, sort, &q);
}

static void
screen_snapshot(struct screen *sc, bool rows)
{
	model_get_totals(sc->m, &sc->live);
	if (!sc->s.paused) {
		sc->shown = sc->live;
		control_get_filter(sc->ctl, sc->filter, sizeof(sc->filter));
	}
	if (rows)
		screen_fetch_rows(sc);
}

/* How far a display filter's walk of the store is, in percent; -1 when
 * it is not walking (the list's walk counts while the list shows). */
static int
screen_dfilter_pct(const struct screen *sc)
{
	if (sc->df == NULL)
		return -1;
	if (sc->s.view == UI_VIEW_PACKETS && sc->pk.behind)
		return view_packets_progress(&sc->pk, sc->live.ring_next_seq);
	if (sc->ft != NULL && sc->ft_behind &&
	    sc->live.ring_next_seq > sc->ft_first)
		return (int)((sc->ft_next - sc->ft_first) * 100 /
			     (sc->live.ring_next_seq - sc->ft_first));
	return -1;
}

/* ---- drawing ---- */

static void
screen_draw_tabs(struct screen *sc)
{
	const struct layout_rect *r = &sc->l.tabs;
	struct ui_list *l = ui_state_list(&sc->s);
	char buf[600], esc[300];
	int x = r->x, v, w;

	bool compact;
	char scope[300] = "";

	/* the process and host a table is scoped to: the tabs make room */
	if (sc->s.view == UI_VIEW_CONNS && sc->s.proc_scoped)
		snprintf(scope, sizeof(scope), "%s %s  ", _("process"),
			 sc->s.proc_label);
	if (screen_host_scoped(sc))
		snprintf(scope + strlen(scope), sizeof(scope) - strlen(scope),
			 "%s %s  ", _("host"), sc->s.host_label);
	/* Narrow screens name only the active tab: " 1 Hosts  2  3  4 ". */
	for (w = 0, v = 0; v < UI_VIEW_COUNT; v++)
		w += draw_width(_(screen_views[v]->name)) + 5;
	compact = w > r->w - 8 ||
		  (scope[0] && w + draw_width(scope) + 8 > r->w);
	draw_blank(r->y, r->x, r->w, A_NORMAL);
	for (v = 0; v < UI_VIEW_COUNT; v++) {
		if (compact && v != (int)sc->s.view)
			snprintf(buf, sizeof(buf), " %d ", v + 1);
		else
			snprintf(buf, sizeof(buf), " %d %s ", v + 1,
				 _(screen_views[v]->name));
		w = draw_width(buf);
		if (x + w > r->x + r->w)
			w = r->x + r->w - x;
		sc->tab_x[v] = x;
		draw_text(r->y, x, w, buf,
			  theme_attr(v == (int)sc->s.view ? THEME_TAB_ACTIVE
							  : THEME_TAB),
			  false);
		x += w + 1;
	}
	sc->tab_x[UI_VIEW_COUNT] = x;
	buf[0] = '\0';
	if (sc->s.view == UI_VIEW_PACKETS && sc->s.scoped) {
		struct ui_ctx c;
		char a[200], b[200];

		screen_ctx(sc, &c);
		view_format_endpoint(&c, &sc->s.scope.a, sc->s.scope.a_port,
				     sc->s.scope.l4, a, sizeof(a));
		view_format_endpoint(&c, &sc->s.scope.b, sc->s.scope.b_port,
				     sc->s.scope.l4, b, sizeof(b));
		snprintf(buf, sizeof(buf), "%s %s %s %s  ", _("conn"), a,
			 theme.both, b);
	}
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s", scope);
	if (sc->s.view == UI_VIEW_PROCS && sc->shown.procs_status[0]) {
		/* why there are no processes, or only some */
		snprintf(esc, sizeof(esc), "%s", sc->shown.procs_status);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "%s  ", esc);
	}
	if (!sc->s.detail && sc->s.view != UI_VIEW_PACKETS) {
		const struct ui_view *tv = screen_view(sc);
		int key = tv->nsorts ? tv->sorts[l->sort % tv->nsorts]
				     : UI_SORT_NONE;
		size_t i, nsum = 0;
		char sum[200] = "";

		/* a sort key two columns share sorts by their sum: say so */
		for (i = 0; i < tv->ncols && key != UI_SORT_NONE; i++)
			if (tv->cols[i].sort == key) {
				size_t o = strlen(sum);

				snprintf(sum + o, sizeof(sum) - o, "%s%s",
					 nsum++ ? "+" : "", _(tv->cols[i].title));
			}
		if (nsum > 1)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 _("by %s  "), sum);
		if (screen_expiring(sc))
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 _("idle>%gs hidden (x)  "), sc->cfg->expire);
		else if ((sc->cfg->live || sc->cfg->replay) &&
			 sc->s.show_ended)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
				 "%s  ", _("ended shown (x)"));
	}
	if (!sc->s.detail && sc->s.hcol[sc->s.view] > 0) {
		/* the first column shown (along one wider than the screen,
		 * the … its cells start with says it is scrolled) */
		int first = 0;

		while (first < LAYOUT_MAX_COLUMNS - 1 && !sc->colw[first])
			first++;
		if (!sc->colw[first]) /* no table drawn yet */
			first = sc->s.hcol[sc->s.view] - 1;
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 _("col %d  "), first + 1);
	}
	if (sc->s.find[sc->s.view][0]) {
		snprintf(esc, sizeof(esc), "%s", sc->s.find[sc->s.view]);
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf),
			 "%s \"%s\"  ", _("find"), esc);
	}
	snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%zu/%zu ",
		 l->count ? l->sel + 1 : 0, l->count);
	w = draw_width(buf);
	if (x + w <= r->x + r->w)
		draw_text(r->y, r->x + r->w - w, w, buf, theme_attr(THEME_DIM),
			  false);
	else if (scope[0] && x < r->x + r->w)
		/* a scope is worth its cut end more than a blank */
		draw_text(r->y, x, r->x + r->w - x, buf,
			  theme_attr(THEME_DIM), false);
}

/* The selected row's cells that are cut or not shown, "Title: text",
 * for the status line: the whole row is always one look away. */
static void
screen_rowmore_add(char *buf, size_t size, const char *title,
		   const char *cell)
{
	size_t o = strlen(buf);

	if (!cell[0] || o + 8 >= size)
		return;
	snprintf(buf + o, size - o, "%s%s: %s", o ? "\n" : "", title, cell);
}


static bool
screen_sort_is_rate(int sort)
{
	return sort == MODEL_SORT_RATE_2S || sort == MODEL_SORT_RATE_10S ||
	       sort == MODEL_SORT_RATE_40S;
}

/* Sorted by a rate window whose columns the view gives up early (the
 * 10 s pair of Connections), those columns trade priorities with the
 * view's best-placed rates: the numbers of the order stay on screen. */
static void
screen_columns_sorted_first(struct ui_column *cols, size_t n, int sort)
{
	int best = -1, mine = -1;
	size_t i;

	if (!screen_sort_is_rate(sort))
		return;
	for (i = 0; i < n; i++) {
		if (!screen_sort_is_rate(cols[i].sort))
			continue;
		if (best < 0 || cols[i].prio < best)
			best = cols[i].prio;
		if (cols[i].sort == sort && (mine < 0 || cols[i].prio < mine))
			mine = cols[i].prio;
	}
	if (mine <= best)
		return;
	for (i = 0; i < n; i++) {
		if (cols[i].sort == sort)
			cols[i].prio = (short)best;
		else if (screen_sort_is_rate(cols[i].sort) &&
			 cols[i].prio == best)
			cols[i].prio = (short)mine;
	}
}

/* Where rate window SORT comes among the windows, the shortest first. */
static int
screen_rate_rank(int sort)
{
	if (sort == MODEL_SORT_RATE_2S)
		return 0;
	return sort == MODEL_SORT_RATE_10S ? 1 : 2;
}

/* Live, a table narrower than this, ordered by a rate window, leaves
 * out the columns of the shorter windows (see screen_columns_fit). */
#define SCREEN_QUIET_WIDE 132

/* The columns of V that mean something in this run, laid out in WIDTH
 * for the order SORT; an off column gets no room (its X and W are 0).
 * QUIET (a live table): ordered by the 10 s or 40 s rate and narrower
 * than SCREEN_QUIET_WIDE, the columns of the shorter windows are left
 * out. Over SSH they are most of what a table sends: on the 5,000-host
 * mix at 120x40, Hosts' 2 s pair rewrites all 31 rows every 2 s, 370 of
 * its 1270 bytes a second, and no other column costs half of it. They
 * come back with the order (S: the 2 s rate), on a wider terminal, at
 * > (the columns from one on), and the selected row's are on the
 * status line. */
static void
screen_columns_fit(const struct ui_ctx *c, const struct ui_view *v,
		   int sort, bool quiet, size_t ncols, int width,
		   const int *need, int *x, int *w)
{
	struct ui_column all[LAYOUT_MAX_COLUMNS], on[LAYOUT_MAX_COLUMNS];
	int onneed[LAYOUT_MAX_COLUMNS], onx[LAYOUT_MAX_COLUMNS];
	int onw[LAYOUT_MAX_COLUMNS];
	size_t map[LAYOUT_MAX_COLUMNS], n, i;
	bool keep[LAYOUT_MAX_COLUMNS];

	quiet = quiet && width < SCREEN_QUIET_WIDE && screen_sort_is_rate(sort);
	/* the order's window takes the best rates' priorities first, the
	 * shorter windows' among them */
	for (i = 0; i < ncols; i++) {
		x[i] = w[i] = 0;
		all[i] = v->cols[i];
		keep[i] = !(v->cols[i].off && v->cols[i].off(c));
		if (all[i].asked && all[i].asked(c))
			all[i].prio = 0;
	}
	screen_columns_sorted_first(all, ncols, sort);
	for (i = 0; i < ncols; i++)
		if (quiet && screen_sort_is_rate(all[i].sort) &&
		    screen_rate_rank(all[i].sort) < screen_rate_rank(sort))
			keep[i] = false;
	n = layout_columns_pick(all, ncols, keep, on, map);
	for (i = 0; i < n; i++)
		onneed[i] = need[map[i]];
	layout_columns_fit(on, n, width, onneed, onx, onw);
	for (i = 0; i < n; i++) {
		x[map[i]] = onx[i];
		w[map[i]] = onw[i];
	}
}

/* Whether row R of V has ended (V->ended), as shown: live, a row's
 * fading waits for the next tick of the order SORT (steady.h). */
static bool
screen_row_ended(struct screen *sc, const struct ui_view *v,
		 const struct ui_ctx *c, const void *r, int sort)
{
	bool ended = v->ended(c, r);

	if (!screen_paced(sc, v))
		return ended;
	return steady_flag(&sc->steady, v->row_id(r),
			   STEADY_COL(sc->s.view, 0xfe),
			   screen_sort_pace(v, sort), c->now, ended);
}

/* A cell's own colour (a health mark), unless the row is selected. */
static attr_t
screen_cell_attr(const struct ui_ctx *c, const struct ui_column *col,
		 const void *row, attr_t a, bool sel)
{
	int role;

	if (sel || col->attr == NULL)
		return a;
	role = col->attr(c, row);
	return role >= 0 && role < THEME_COUNT ? theme_attr((enum theme_role)role) : a;
}

static void
screen_draw_table(struct screen *sc)
{
	const struct ui_view *v = screen_view(sc);
	struct ui_list *l = ui_state_list(&sc->s);
	const struct layout_rect *h = &sc->l.colhdr;
	struct layout_rect rows = sc->l.body;
	const struct layout_rect *b = &rows;
	int sort = v->nsorts ? v->sorts[l->sort % v->nsorts] : UI_SORT_NONE;
	int *need = sc->need[sc->s.view];
	char cell[1024], fit[1024], skipped[1024], title[128];
	char hidden[sizeof(sc->rowmore)];
	bool ascending = (sort == MODEL_SORT_ADDR) != l->reverse, marked;
	bool fade = sc->cfg->live || sc->cfg->replay;
	struct ui_ctx c;
	size_t i, row, ncols = v->ncols;
	int bar_span;

	if (ncols > LAYOUT_MAX_COLUMNS)
		ncols = LAYOUT_MAX_COLUMNS;
	screen_ctx(sc, &c);
	rows.h = screen_body_rows(sc);
	if (screen_panel(sc)) {
		for (i = 0; i < VIEW_HEALTH_LINES; i++) {
			int y = rows.y + rows.h + (int)i;

			draw_blank(y, rows.x, rows.w, A_NORMAL);
			if (view_health_line(&c, &sc->scope_now, (int)i, cell,
					     sizeof(cell)))
				draw_text(y, rows.x, rows.w, cell,
					  theme_attr(i == 0 ? THEME_LABEL
						     : i + 1 == VIEW_HEALTH_LINES
							     ? THEME_DIM
							     : THEME_NORMAL),
					  false);
		}
	}
	/* what the rows on screen need, titles (and the sort arrow) too */
	for (i = 0; i < ncols; i++) {
		/* a column that can carry the sort arrow keeps room for it,
		 * a right-aligned one a space before its title (the packet
		 * list's Time, Proto, Destination: at 80 columns that cell
		 * each is what puts Time beside an Info of half the width) */
		int tw = draw_width(_(v->cols[i].title)) +
			 (v->cols[i].sort != UI_SORT_NONE || v->cols[i].right);

		if (tw > need[i])
			need[i] = tw;
	}
	for (row = 0; row < sc->nrows && row < (size_t)b->h; row++)
		for (i = 0; i < ncols; i++) {
			int cw;

			screen_cell(sc, &c, v, i,
				    sc->rows + row * v->row_size, cell,
				    sizeof(cell));
			cw = draw_width(cell);
			if (cw > need[i])
				need[i] = cw;
		}
	memset(sc->colskip, 0, sizeof(sc->colskip));
	if (sc->s.hcol[sc->s.view] > 0) {
		size_t last = layout_columns_scroll(
			ncols, h->w, need, (size_t)sc->s.hcol[sc->s.view] - 1,
			sc->colx, sc->colw, sc->colskip);

		/* > past where the rest already fit stays there */
		if ((size_t)sc->s.hcol[sc->s.view] > last + 1)
			sc->s.hcol[sc->s.view] = (int)last + 1;
	} else {
		screen_columns_fit(&c, v, sort, screen_paced(sc, v), ncols,
				   h->w, need, sc->colx, sc->colw);
	}
	draw_blank(h->y, h->x, h->w, theme_attr(THEME_COLHDR));
	/* one arrow, on the first shown column of the sort key, pointing
	 * the way the order goes (▼ largest first) */
	marked = false;
	for (i = 0; i < ncols; i++) {
		bool sorted = v->cols[i].sort == sort && sort != UI_SORT_NONE &&
			      sc->colw[i] && !marked;

		if (!sc->colw[i])
			continue;
		marked |= sorted;
		snprintf(title, sizeof(title), "%s%s", _(v->cols[i].title),
			 sorted ? (ascending ? theme.up : theme.down) : "");
		draw_cut(title, sc->colw[i], DRAW_CUT_END, theme.ellipsis, fit,
			 sizeof(fit), NULL);
		draw_text(h->y, sc->colx[i], sc->colw[i], fit,
			  theme_attr(sorted ? THEME_SORTED : THEME_COLHDR),
			  v->cols[i].right);
	}
	/* the bar lies behind the row's name (as far as its first flex
	 * column shown: Host, Endpoint A, PID and Command), not iftop's
	 * whole row: over the numbers, every number rewritten carried the
	 * bar's colour changes with it (on the 5,000-host mix at 120x40,
	 * 85 bytes a second in Hosts, 110 in Connections) */
	bar_span = 0;
	for (i = 0; i < ncols; i++)
		if (sc->colw[i] && (!bar_span || v->cols[i].flex)) {
			bar_span = sc->colx[i] + sc->colw[i] - b->x;
			if (v->cols[i].flex)
				break;
		}
	sc->rowmore[0] = hidden[0] = '\0';
	for (row = 0; row < (size_t)b->h; row++) {
		int y = b->y + (int)row;
		const void *r = sc->rows + row * v->row_size;
		bool sel = l->top + row == l->sel;
		attr_t a = sel ? theme_attr(THEME_SELECTED) : A_NORMAL;

		/* ended or quiet live rows fade before they go; paced, at
		 * the order's ticks: a row that fades is a whole line sent
		 * again, and on a host of short connections many end
		 * each second */
		if (!sel && row < sc->nrows && fade && v->ended &&
		    screen_row_ended(sc, v, &c, r, sort))
			a = theme_attr(THEME_DIM);
		if (row >= sc->nrows) {
			draw_blank(y, b->x, b->w, A_NORMAL);
			if (row == 0 && l->count == 0)
				draw_text(y, b->x + 1, b->w - 1,
					  sc->s.find[sc->s.view][0]
						  ? _("no rows match the find text")
						  : _("nothing seen yet"),
					  theme_attr(THEME_DIM), false);
			continue;
		}
		draw_blank(y, b->x, b->w, a);
		for (i = 0; i < ncols; i++) {
			bool cut = false;
			int how = v->cols[i].cut;

			if (!sc->colw[i] &&
			    (!sel || (v->cols[i].off && v->cols[i].off(&c))))
				continue;
			screen_cell(sc, &c, v, i, r, cell, sizeof(cell));
			if (!sc->colw[i]) {
				screen_rowmore_add(hidden, sizeof(hidden),
						   _(v->cols[i].title), cell);
				continue;
			}
			if (how == UI_CUT_NEVER)
				how = UI_CUT_END;
			if (sc->colskip[i] > 0) {
				/* > along a column wider than the screen:
				 * its start goes, then its end when cut */
				draw_skip(cell, sc->colskip[i], theme.ellipsis,
					  fit, sizeof(fit));
				cut = true;
				draw_cut(fit, sc->colw[i], DRAW_CUT_END,
					 theme.ellipsis, skipped,
					 sizeof(skipped), NULL);
				snprintf(fit, sizeof(fit), "%s", skipped);
			} else {
				draw_cut(cell, sc->colw[i], how, theme.ellipsis,
					 fit, sizeof(fit), &cut);
			}
			draw_text(y, sc->colx[i], sc->colw[i], fit,
				  screen_cell_attr(&c, &v->cols[i], r, a, sel),
				  v->cols[i].right);
			if (cut && sel)
				screen_rowmore_add(sc->rowmore,
						   sizeof(sc->rowmore),
						   _(v->cols[i].title), cell);
		}
		if (v->bar && !sel && bar_span > 0) {
			int w = (int)(v->bar(&c, r) * bar_span + 0.5);
			attr_t ba = theme_attr(THEME_BAR);

			if (screen_paced(sc, v)) {
				/* the bar moves at its rate's pace too */
				snprintf(cell, sizeof(cell), "%d", w);
				steady_text(&sc->steady, v->row_id(r),
					    STEADY_COL(sc->s.view, 0xff),
					    v->bar_pace, c.now, cell,
					    sizeof(cell));
				w = atoi(cell);
			}

			if (w > 0)
				mvchgat(y, b->x, w, ba & ~A_COLOR,
					(short)PAIR_NUMBER(ba), NULL);
		}
	}
	/* the cut cells first: they are the ones half seen */
	if (hidden[0] && strlen(sc->rowmore) + 8 < sizeof(sc->rowmore))
		snprintf(sc->rowmore + strlen(sc->rowmore),
			 sizeof(sc->rowmore) - strlen(sc->rowmore), "%s%s",
			 sc->rowmore[0] ? "\n" : "", hidden);
}

/* The scoped connection's owner and the kernel's tcp_info, for the
 * status line of its packet list: "python3/812 nobody (exact) · kernel:
 * srtt ...". "" when neither is known. */
static void
screen_conn_note(struct screen *sc, char *note, size_t size)
{
	struct model_proc_info pi;
	struct model_kernel_tcp k;
	char comm[4 * MODEL_COMM_MAX + 1], user[64], path[4 * MODEL_PATH_MAX];
	char pace[32], deliv[32], cont[4 * MODEL_CONTAINER_MAX + 1];
	bool has_k;
	size_t n = 0;

	note[0] = '\0';
	if (model_connection_proc(sc->m, sc->s.scope.id, &pi, &k, &has_k) < 0)
		return;
	if (pi.pid > 0) {
		if (pi.status == MODEL_PROC_OTHER_NETNS)
			n += (size_t)snprintf(note + n, size - n, "%s ",
					      view_proc_label(&sc->shown,
							      pi.status));
		escape_text(pi.comm, strnlen(pi.comm, sizeof(pi.comm)), comm,
			    sizeof(comm));
		n += (size_t)snprintf(note + n, size - n, "%s/%d ", comm,
				      (int)pi.pid);
	} else if (pi.status != MODEL_PROC_NONE) {
		n += (size_t)snprintf(note + n, size - n, "%s ",
				      view_proc_label(&sc->shown, pi.status));
	}
	if (n < size && pi.uid_known) {
		report_user_name(pi.uid, user, sizeof(user));
		escape_text(user, strlen(user), comm, sizeof(comm));
		n += (size_t)snprintf(note + n, size - n, "%s ", comm);
	}
	if (n < size && pi.status != MODEL_PROC_NONE)
		n += (size_t)snprintf(note + n, size - n, "(%s) ",
				      pi.match == MODEL_MATCH_EXACT ? _("exact")
				      : pi.match == MODEL_MATCH_LISTENER
					      ? _("listener")
					      : _("no socket"));
	if (n < size && has_k) {
		format_rate((double)k.pacing_rate, sc->s.bits, true, pace,
			    sizeof(pace));
		format_rate((double)k.delivery_rate, sc->s.bits, true, deliv,
			    sizeof(deliv));
		n += (size_t)snprintf(
			note + n, size - n,
			_("kernel: srtt %.1f ms rttvar %.1f ms cwnd %u "
			  "retrans %u (%u now) pacing %s delivery %s "
			  "rwnd-limited %.0f ms sndbuf-limited %.0f ms "),
			k.srtt_us / 1000.0, k.rttvar_us / 1000.0, k.snd_cwnd,
			k.total_retrans, k.retransmits, pace, deliv,
			k.rwnd_limited_us / 1000.0,
			k.sndbuf_limited_us / 1000.0);
	}
	if (n < size && pi.container[0]) {
		escape_text(pi.container, strnlen(pi.container,
						  sizeof(pi.container)),
			    cont, sizeof(cont));
		n += (size_t)snprintf(note + n, size - n, "[%s] ", cont);
	}
	if (n < size && pi.exe[0]) {
		escape_text(pi.exe, strnlen(pi.exe, sizeof(pi.exe)), path,
			    sizeof(path));
		snprintf(note + n, size - n, "%s", path);
	}
}

/* The display filter bar: its text green when it compiles, red when
 * not, with the error's message on the line above and a caret under
 * the fault on the line below (the footer's); Tab's candidates above. */
static void
screen_draw_dfilter(struct screen *sc, int pw, int avail, int start,
		    const char *shown)
{
	const struct layout_rect *r = &sc->l.status;
	const struct lineedit *le = &sc->s.dfilter_le;
	char esc[LINEEDIT_MAX * 4 + 1], msg[sizeof(sc->df_err.msg) * 4];
	int y_msg = r->y - 1, y_caret = sc->l.footer.y;
	int cx, cw;
	size_t pos;

	draw_str(r->y, r->x + pw, avail, shown,
		 le->len == 0 ? A_BOLD
			      : theme_attr(sc->df_bad ? THEME_DF_BAD
						      : THEME_DF_OK));
	if (!sc->df_bad || sc->df_note[0]) {
		/* Tab's candidates, before the error they fix */
		if (sc->df_note[0] && y_msg >= 0) {
			escape_text(sc->df_note, strlen(sc->df_note), msg,
				    sizeof(msg));
			draw_blank(y_msg, r->x, r->w, A_NORMAL);
			draw_str(y_msg, r->x, r->w, msg, theme_attr(THEME_DIM));
		}
		if (!sc->df_bad)
			return;
	}
	escape_text(sc->df_err.msg, strlen(sc->df_err.msg), msg, sizeof(msg));
	if (y_msg >= 0 && !sc->df_note[0]) {
		draw_blank(y_msg, r->x, r->w, A_NORMAL);
		draw_str(y_msg, r->x, r->w, msg, theme_attr(THEME_ERROR));
	}
	/* the caret: columns counted on the escaped text, as drawn */
	pos = sc->df_err.pos < le->len ? sc->df_err.pos : le->len;
	if (y_caret <= r->y || (int)pos < start)
		return;
	cx = (int)escape_text(le->buf + start, pos - (size_t)start, esc,
			      sizeof(esc));
	cw = (int)escape_text(le->buf + pos,
			      sc->df_err.len > 0 && pos + sc->df_err.len <=
							    le->len
				      ? sc->df_err.len
				      : le->len > pos ? 1 : 0,
			      esc, sizeof(esc));
	if (cw < 1)
		cw = 1;
	if (cx >= avail)
		return;
	if (cx + cw > avail)
		cw = avail - cx;
	draw_blank(y_caret, sc->l.footer.x, sc->l.footer.w, A_NORMAL);
	esc[0] = '^';
	memset(esc + 1, '~', (size_t)cw - 1);
	esc[cw] = '\0';
	draw_str(y_caret, r->x + pw + cx, cw, esc, theme_attr(THEME_ERROR));
}

static void
screen_draw_status(struct screen *sc)
{
	const struct layout_rect *r = &sc->l.status;
	const struct lineedit *le;
	char prompt[64], shown[LINEEDIT_MAX * 4 + 1];
	int pw, avail, start, tw, ccol;

	if (sc->s.edit == UI_EDIT_NONE) {
		char note[1024];
		const char *text = sc->s.status;

		/* The list starting later than packet 1 is said, not hidden */
		if (!text[0] && sc->s.view == UI_VIEW_PACKETS && !sc->s.detail &&
		    sc->shown.ring_evicted > 0) {
			snprintf(note, sizeof(note),
				 _("older packets dropped from memory: the "
				   "list starts at packet %llu (raise "
				   "--ring-size)"),
				 (unsigned long long)sc->shown.ring_first_seq);
			text = note;
		}
		if (!text[0] && sc->s.view == UI_VIEW_PACKETS &&
		    !sc->s.detail && sc->s.scoped) {
			screen_conn_note(sc, note, sizeof(note));
			text = note;
		}
		/* else what the selected row could not show */
		if (!text[0] && !sc->s.detail && sc->rowmore[0]) {
			char esc[sizeof(sc->rowmore)];

			/* whole items, then …: never a port's first digits */
			draw_items(sc->rowmore, r->w, theme.ellipsis, esc,
				   sizeof(esc));
			draw_text(r->y, r->x, r->w, esc, theme_attr(THEME_DIM),
				  false);
			return;
		}
		draw_text(r->y, r->x, r->w, text,
			  theme_attr(sc->s.status_error ? THEME_ERROR : THEME_NORMAL),
			  false);
		return;
	}
	le = ui_state_edit_line(&sc->s);
	snprintf(prompt, sizeof(prompt), "%s ",
		 sc->s.edit == UI_EDIT_DFILTER	? _("Display filter:")
		 : sc->s.edit == UI_EDIT_FILTER	? _("Filter (BPF):")
		 : sc->s.edit == UI_EDIT_SAVE	? _("Save packets to:")
		 : sc->s.edit == UI_EDIT_EXPORT ? _("Export table to:")
						: _("Find:"));
	pw = draw_width(prompt);
	draw_blank(r->y, r->x, r->w, A_NORMAL);
	draw_str(r->y, r->x, pw, prompt, theme_attr(THEME_LABEL));
	avail = r->w - pw - 1;
	/* An error on a long line (a pasted filter) keeps half the row */
	if (sc->s.status[0] && sc->s.status_error &&
	    (int)escape_text(le->buf, le->len, shown, sizeof(shown)) + 3 >
		    avail)
		avail /= 2;
	if (avail < 1)
		return;
	/* Scroll the text so the cursor stays on screen; bytes past ASCII
	 * show as \xNN, so columns are counted on the escaped text. */
	start = (int)le->cur;
	ccol = 0;
	while (start > 0) {
		int w = (int)escape_text(le->buf + start - 1,
					    le->cur - (size_t)(start - 1), shown,
					    sizeof(shown));
		if (w > avail)
			break;
		start--;
		ccol = w;
	}
	escape_text(le->buf + start, le->len - (size_t)start, shown,
		       sizeof(shown));
	if (sc->s.edit == UI_EDIT_DFILTER) {
		screen_draw_dfilter(sc, pw, avail, start, shown);
		move(r->y, r->x + pw + (ccol < avail ? ccol : avail));
		return;
	}
	tw = draw_str(r->y, r->x + pw, avail, shown, A_BOLD);
	if (sc->s.status[0] && sc->s.status_error && pw + tw + 3 < r->w)
		draw_str(r->y, r->x + pw + tw + 2, r->w - pw - tw - 2,
			 sc->s.status, theme_attr(THEME_ERROR));
	move(r->y, r->x + pw + (ccol < avail ? ccol : avail));
}

static void
screen_draw(struct screen *sc)
{
	char dfesc[LINEEDIT_MAX * 4 + 1];
	struct header_info hi;
	struct model_totals shown;
	struct layout_rect body;

	if (sc->l.too_small) {
		erase();
		/* two short lines: a 20-column terminal still reads both */
		draw_str(0, 0, COLS, _("terminal too small"), A_BOLD);
		if (LINES > 1)
			draw_str(1, 0, COLS, _("need 40x10"), A_NORMAL);
		refresh();
		return;
	}
	hi.source = sc->cfg->source ? sc->cfg->source : "";
	hi.filter = sc->filter;
	escape_text(sc->df_text, strlen(sc->df_text), dfesc, sizeof(dfesc));
	hi.dfilter = dfesc;
	hi.dfilter_tables = sc->ft != NULL;
	hi.dfilter_pct = screen_dfilter_pct(sc);
	hi.t = &sc->shown;
	if (sc->self_id != 0) {
		/* the hidden session's counts, off the totals */
		shown = sc->shown;
		shown.packets -= sc->self_packets < shown.packets
					 ? sc->self_packets : shown.packets;
		shown.bytes -= sc->self_bytes < shown.bytes ? sc->self_bytes
							    : shown.bytes;
		hi.t = &shown;
	}
	hi.paused = sc->s.paused;
	hi.arrived = sc->live.packets >= sc->paused_at
			     ? sc->live.packets - sc->paused_at
			     : sc->live.packets;
	hi.bits = sc->s.bits;
	hi.replay = sc->cfg->replay;
	hi.live = sc->cfg->live;
	control_get_hiding(sc->ctl, &hi.hiding_self);
	hi.totals_note = sc->totals_mixed
				 ? _("(totals include earlier: c clears)")
				 : sc->totals_note;
	header_draw(&sc->l, &hi, &sc->graph);
	if (screen_loading(sc))
		progress_draw(sc->l.graph.h > 0 ? &sc->l.graph : &sc->l.rates,
			      &sc->progress, &sc->live);
	if (sc->fw.open) {
		body = sc->l.colhdr;
		body.h += sc->l.body.h;
		view_follow_draw(&sc->fw, &body);
	} else if (sc->s.detail) {
		body = sc->l.colhdr;
		body.h += sc->l.body.h;
		detail_draw(&sc->det, &body);
	} else {
		screen_draw_table(sc);
	}
	/* after the table, which clamps the scroll the tab line shows */
	screen_draw_tabs(sc);
	if (sc->s.help)
		help_draw(&sc->l, &sc->s);
	help_footer(&sc->l, &sc->s);
	screen_draw_status(sc);
	curs_set(sc->s.edit != UI_EDIT_NONE ? 1 : 0);
	refresh();
}

/* ---- actions ---- */

static void
screen_relayout(struct screen *sc)
{
	layout_compute(&sc->l, LINES, COLS);
	memset(sc->need, 0, sizeof(sc->need));
	/* below 100 columns the packet list's times count milliseconds:
	 * at 80, six decimals cost Time its place beside Info's half */
	sc->s.time_ms = COLS < 100;
	sc->s.page = sc->l.body.h > 0 ? (size_t)sc->l.body.h : 1;
	/* Not clear(): that would resend every cell. erase() only empties
	 * the buffer; refresh sends what differs. */
	erase();
}

static void
screen_open_detail(struct screen *sc)
{
	struct ui_list *l = &sc->s.list[UI_VIEW_PACKETS];
	uint64_t seq = view_packets_seq_at(&sc->pk, l->sel);
	unsigned app = sc->s.scoped ? sc->s.scope.app : 0;

	detail_open(&sc->det, sc->m, seq, app);
	sc->s.detail = true;
}

static void
screen_open(struct screen *sc)
{
	struct ui_list *l = ui_state_list(&sc->s);
	const struct ui_view *v = screen_view(sc);
	const void *row;

	if (l->sel < l->top || l->sel - l->top >= sc->nrows)
		return;
	row = sc->rows + (l->sel - l->top) * v->row_size;
	switch (sc->s.view) {
	case UI_VIEW_HOSTS:
		/* Live, a host opens the processes talking to it (issue
		 * 18); Esc comes back */
		if (sc->shown.procs_on) {
			const struct model_host_row *h = row;

			sc->s.host = h->addr;
			addr_format(&h->addr, sc->s.host_label,
				    sizeof(sc->s.host_label));
			sc->s.host_scoped = true;
			sc->s.proc_scoped = false;
			sc->s.list[UI_VIEW_PROCS].sel =
				sc->s.list[UI_VIEW_PROCS].top = 0;
			sc->s.view = UI_VIEW_PROCS;
			break;
		}
		/* Else its connections: those with the address at one
		 * end (the model's, as the Processes view's scope), not a
		 * find, which also matches text and ports */
		sc->s.host = ((const struct model_host_row *)row)->addr;
		addr_format(&sc->s.host, sc->s.host_label,
			    sizeof(sc->s.host_label));
		sc->s.conns_host = true;
		sc->s.proc_scoped = false;
		sc->s.list[UI_VIEW_CONNS].sel = sc->s.list[UI_VIEW_CONNS].top = 0;
		sc->s.view = UI_VIEW_CONNS;
		break;
	case UI_VIEW_CONNS:
		if (sc->ft != NULL) {
			/* the filtered tables number their connections
			 * apart from the store's: the list keeps the
			 * display filter instead */
			sc->s.view = UI_VIEW_PACKETS;
			ui_state_message(&sc->s, false, "%s",
					 _("tables follow the display filter "
					   "(D): the list shows its packets; "
					   "D off to open one connection"));
			break;
		}
		sc->s.scope = *(const struct model_conn_row *)row;
		sc->scope_now = sc->s.scope;
		sc->s.scoped = true;
		sc->s.list[UI_VIEW_PACKETS].sel = sc->s.list[UI_VIEW_PACKETS].top = 0;
		sc->s.view = UI_VIEW_PACKETS;
		view_packets_reset(&sc->pk);
		break;
	case UI_VIEW_PROTOS:
		break;
	case UI_VIEW_PACKETS:
		screen_open_detail(sc);
		break;
	case UI_VIEW_PROCS: {
		const struct model_proc_row *p = row;
		char comm[4 * MODEL_COMM_MAX + 1];

		if (p->status == MODEL_PROC_FOUND) {
			escape_text(p->comm, strnlen(p->comm, sizeof(p->comm)),
				    comm, sizeof(comm));
			snprintf(sc->s.proc_label, sizeof(sc->s.proc_label),
				 "%s/%d", comm, (int)p->pid);
		} else {
			snprintf(sc->s.proc_label, sizeof(sc->s.proc_label),
				 "%s", view_proc_label(&sc->shown, p->status));
		}
		sc->s.proc_key = p->key;
		sc->s.proc_scoped = true;
		sc->s.list[UI_VIEW_CONNS].sel = sc->s.list[UI_VIEW_CONNS].top = 0;
		sc->s.view = UI_VIEW_CONNS;
		break;
	}
	default:
		break;
	}
}

/* F: the conversation of the selected connection, or of the packet in
 * the drill-down or the packet list. */
static void
screen_follow(struct screen *sc)
{
	struct ui_list *l = ui_state_list(&sc->s);
	struct model_conn_row conn;
	struct model_packet hdr;
	uint64_t id = 0;
	char err[300];

	if (sc->s.detail && sc->det.loaded) {
		id = sc->det.hdr.conn_id;
	} else if (sc->s.view == UI_VIEW_CONNS && l->sel >= l->top &&
		   l->sel - l->top < sc->nrows) {
		id = ((const struct model_conn_row *)(sc->rows +
			(l->sel - l->top) * view_conns.row_size))->id;
	} else if (sc->s.view == UI_VIEW_PACKETS) {
		uint64_t seq = view_packets_seq_at(&sc->pk, l->sel);

		if (seq && model_packet_get(sc->m, seq, &hdr, NULL, 0) == 0)
			id = hdr.conn_id;
		else if (sc->s.scoped)
			id = sc->s.scope.id;
	}
	if (id == 0) {
		ui_state_message(&sc->s, true, "%s",
				 _("no connection selected (F works in the "
				   "connections and packets views)"));
		return;
	}
	if (model_connection_get(sc->m, id, &conn) < 0) {
		ui_state_message(&sc->s, true, "%s",
				 _("that connection is no longer in the table"));
		return;
	}
	if (view_follow_open(&sc->fw, sc->m, sc->pk.in, &conn, err,
			     sizeof(err)) < 0) {
		ui_state_message(&sc->s, true, "%s", err);
		return;
	}
	sc->fw.keys = sc->det.keylog;
	sc->s.status[0] = '\0';
}

/* y and w inside Follow. */
static void screen_clipboard(struct screen *sc, const void *data, size_t n,
			     const char *what);

static void
screen_follow_copy(struct screen *sc)
{
	static char text[CLIPBOARD_MAX + 1];
	size_t n = view_follow_text(&sc->fw, text, sizeof(text));

	sc->fw.copy = false;
	screen_clipboard(sc, text, n, _("the lines shown"));
	snprintf(sc->fw.status, sizeof(sc->fw.status), "%s", sc->s.status);
	sc->fw.status_error = sc->s.status_error;
}

static void
screen_follow_save(struct screen *sc)
{
	struct save_scope scope;
	size_t written, skipped;
	char err[600];

	sc->fw.save_pcap = false;
	memset(&scope, 0, sizeof(scope));
	scope.kind = SAVE_CONNECTION;
	scope.conn_id = sc->fw.conn.id;
	if (save_packets(sc->pk.in, &scope, sc->fw.le.buf, &written,
			 &skipped, err, sizeof(err)) < 0) {
		snprintf(sc->fw.status, sizeof(sc->fw.status), "%s", err);
		sc->fw.status_error = true;
		return;
	}
	sc->fw.edit = VIEW_FOLLOW_EDIT_NONE;
	snprintf(sc->fw.status, sizeof(sc->fw.status),
		 ngettext("saved %zu packet of the connection to %s",
			  "saved %zu packets of the connection to %s", written),
		 written, sc->fw.le.buf);
	sc->fw.status_error = false;
}

static void
screen_apply_filter(struct screen *sc)
{
	char err[512];
	const char *expr = sc->s.filter_le.buf;

	/* libpcap may need seconds for a long filter: a worker compiles it
	 * and screen_filter_poll reports; keys stay live meanwhile. */
	if (control_filter_begin(sc->ctl, expr, err, sizeof(err)) < 0) {
		/* The old filter stays; the line stays open to fix it. */
		ui_state_message(&sc->s, true, "%s", err);
		return;
	}
	snprintf(sc->compiling_expr, sizeof(sc->compiling_expr), "%s", expr);
	sc->compiling = true;
	sc->s.edit = UI_EDIT_NONE;
	ui_state_message(&sc->s, false, "%s",
			 _("compiling the capture filter... (Esc cancels)"));
}

static void screen_tables_start(struct screen *sc);

/* After the model forgot (c, a file read again): the screen's own
 * copies of what it held forget too. */
static void
screen_forget(struct screen *sc)
{
	sc->self_id = sc->self_packets = sc->self_bytes = 0;
	/* the filtered tables forget too: from the next packet on */
	screen_tables_start(sc);
	if (sc->ft != NULL) {
		struct model_totals t;

		model_get_totals(sc->m, &t);
		sc->ft_next = sc->ft_first = t.ring_next_seq;
		sc->ft_behind = false;
	}
	header_graph_clear(&sc->graph);
	view_packets_reset(&sc->pk);
	/* every list starts at its first row: the rows the cursors were on
	 * are gone (a file read again numbers its packets from 1) */
	for (int i = 0; i < UI_VIEW_COUNT; i++)
		sc->s.list[i].sel = sc->s.list[i].top = 0;
	sc->pk_tail = false;
	steady_forget(&sc->steady);
	sc->order_n = 0;
	screen_snapshot(sc, true);
	sc->shown = sc->live;
}

/* A new capture filter on a file: read it again with the filter, so
 * every view shows only what it lets in (marks that still match stay).
 * False when the source cannot be read again (stdin). */
static bool
screen_reread(struct screen *sc)
{
	char err[256];

	if (sc->cfg->live || sc->cfg->replay)
		return false;
	screen_marks_remember(sc);
	if (control_reread(sc->ctl, sc->m, err, sizeof(err)) < 0) {
		free(sc->remark);
		sc->remark = NULL;
		sc->nremark = 0;
		return false;
	}
	save_marks_free(&sc->marks);
	memset(&sc->marks, 0, sizeof(sc->marks));
	if (sc->s.detail || sc->fw.open) {
		/* they showed packets of the old reading */
		sc->s.detail = false;
		view_follow_close(&sc->fw);
	}
	memset(&sc->progress, 0, sizeof(sc->progress));
	sc->remark_wait = true;
	screen_forget(sc);
	snprintf(sc->totals_note, sizeof(sc->totals_note), "%s",
		 sc->filter[0] ? _("(file read again with this filter)")
			       : _("(file read again)"));
	sc->totals_mixed = false;
	return true;
}

/* Whether the filter compile ended since the last look (then it was
 * reported: set, or refused with the line reopened to fix it). */
static bool
screen_filter_poll(struct screen *sc)
{
	char err[512];
	const char *expr = sc->compiling_expr;

	if (!sc->compiling)
		return false;
	switch (control_filter_poll(sc->ctl, err, sizeof(err))) {
	case CONTROL_FILTER_BUSY:
		return false;
	case CONTROL_FILTER_FAILED:
		/* The old filter stays; the line reopens to fix it. */
		sc->compiling = false;
		if (sc->s.edit == UI_EDIT_NONE) {
			sc->s.edit = UI_EDIT_FILTER;
			lineedit_start(&sc->s.filter_le, expr);
		}
		ui_state_message(&sc->s, true, "%s", err);
		return true;
	case CONTROL_FILTER_DONE:
	case CONTROL_FILTER_IDLE:
		break;
	}
	sc->compiling = false;
	lineedit_history_add(&sc->s.filter_le, expr); /* good ones only */
	if (expr[0])
		ui_state_message(&sc->s, false, _("filter set: %s"), expr);
	else
		ui_state_message(&sc->s, false, "%s", _("filter removed"));
	control_get_filter(sc->ctl, sc->filter, sizeof(sc->filter));
	view_packets_reset(&sc->pk);
	/* a file is read again with it, every view from the new reading */
	if (screen_reread(sc))
		return true;
	/* live: the tables keep what the old filter let in (iftop's and
	 * htop's way) until c: the header says so */
	if (sc->live.packets > 0)
		sc->totals_mixed = true;
	return true;
}

/* ---- the display filter bar ---- */

/* Compile the bar's line: red or green, and the error to show. */
static void
screen_dfilter_check(struct screen *sc)
{
	const char *text = sc->s.dfilter_le.buf;
	struct dfilter *f;

	sc->df_bad = false;
	if (!text[0])
		return;
	f = dfilter_compile(text, &sc->df_err);
	if (f == NULL)
		sc->df_bad = true;
	dfilter_free(f);
}

/* Forget the filtered tables (D off, a new filter, a clear). */
static void
screen_tables_drop(struct screen *sc)
{
	/* the worker writes into FT: it lets it go first */
	if (sc->ft_walk != NULL)
		inspect_walk_cancel(sc->ft_walk);
	model_free(sc->ft);
	sc->ft = NULL;
	sc->ft_behind = sc->ft_walking = false;
}

/* D on with a filter in force: empty tables, filled from the store's
 * first packet by screen_tables_step. */
static void
screen_tables_start(struct screen *sc)
{
	struct model_limits lim = { .ring_bytes = 1u << 20 };
	struct model_totals t;
	char err[256];

	screen_tables_drop(sc);
	if (!sc->s.dfilter_tables || sc->df == NULL)
		return;
	sc->ft = model_new(&lim, 1, err, sizeof(err));
	if (sc->ft_walk == NULL)
		sc->ft_walk = inspect_walk_new(sc->m);
	if (sc->ft == NULL || sc->ft_walk == NULL) {
		screen_tables_drop(sc);
		ui_state_message(&sc->s, true, "%s", _("out of memory"));
		return;
	}
	/* packet time: the filtered tables are made after the fact (the
	 * store walked by the worker), so their clock is their last
	 * packet's */
	model_set_live(sc->ft, false);
	model_get_totals(sc->m, &t);
	sc->ft_next = sc->ft_first = t.ring_first_seq;
	sc->ft_behind = sc->ft_restart = true;
}

/* The filtered tables' walk over the store: where the worker is; once
 * its job is done, the packets stored since (the packet list's own walk
 * is in its fetch, view_packets.c). Never waits for the worker. */
static void
screen_tables_step(struct screen *sc)
{
	struct inspect_scope isc;
	struct model_totals t;
	uint64_t next;

	if (sc->ft == NULL)
		return;
	if (sc->ft_walking) {
		bool busy = inspect_walk_busy(sc->ft_walk, &next);

		sc->ft_next = next;
		if (busy)
			return;
		sc->ft_walking = false;
	}
	model_get_totals(sc->m, &t);
	if (sc->ft_next < t.ring_first_seq)
		sc->ft_next = t.ring_first_seq; /* the store let them go */
	sc->ft_behind = false;
	if (sc->ft_next >= t.ring_next_seq)
		return;
	memset(&isc, 0, sizeof(isc));
	if (inspect_walk_post(sc->ft_walk, &isc, sc->df_text, sc->ft_next,
			      t.ring_next_seq, sc->ft, sc->ft_restart) < 0)
		return;
	sc->ft_restart = false;
	sc->ft_walking = sc->ft_behind = true;
}

/* Work a display filter has left to do on the store. */
static bool
screen_dfilter_busy(const struct screen *sc)
{
	/* the list walks only while it is on screen (its fetch) */
	return sc->df != NULL &&
	       (sc->ft_behind ||
		(sc->pk.behind && sc->s.view == UI_VIEW_PACKETS &&
		 !sc->s.detail && !sc->fw.open));
}

/* Packet list rows on screen drawn before the list's TCP flow worker
 * reached them (view_packets_stale). */
static bool
screen_list_stale(const struct screen *sc)
{
	return sc->s.view == UI_VIEW_PACKETS && !sc->s.detail &&
	       !sc->fw.open && view_packets_stale(&sc->pk);
}

/* Put F (text TEXT; NULL: none) in force over the list and the tables. */
static void
screen_dfilter_set(struct screen *sc, struct dfilter *f, const char *text)
{
	/* the workers compiled their own program: they are stopped with
	 * the list's reset and the tables' drop */
	inspect_walk_cancel(sc->pk.walk);
	dfilter_free(sc->df);
	sc->df = f;
	snprintf(sc->df_text, sizeof(sc->df_text), "%s", f ? text : "");
	sc->pk.df = f;
	sc->pk.df_text = sc->df_text;
	sc->pk.df_gen++;
	sc->pk.behind = false;
	view_packets_reset(&sc->pk);
	sc->s.list[UI_VIEW_PACKETS].sel = sc->s.list[UI_VIEW_PACKETS].top = 0;
	screen_tables_start(sc);
}

static void
screen_dfilter_apply(struct screen *sc)
{
	const char *text = sc->s.dfilter_le.buf;
	struct dfilter *f = NULL;

	sc->df_note[0] = '\0';
	if (text[0]) {
		f = dfilter_compile(text, &sc->df_err);
		if (f == NULL) {
			/* the line stays open, red, to fix in place */
			sc->df_bad = true;
			return;
		}
	}
	sc->df_bad = false;
	lineedit_history_add(&sc->s.dfilter_le, text);
	sc->s.edit = UI_EDIT_NONE;
	screen_dfilter_set(sc, f, text);
	if (f != NULL)
		ui_state_message(&sc->s, false, _("display filter set: %s"),
				 sc->df_text);
	else
		ui_state_message(&sc->s, false, "%s",
				 _("display filter removed"));
	/* a filter is over packets: the list is where it shows */
	if (f != NULL && !sc->s.dfilter_tables && !sc->s.detail &&
	    sc->s.view != UI_VIEW_PACKETS && sc->s.view != UI_VIEW_PROCS)
		sc->s.view = UI_VIEW_PACKETS;
}

/* Esc while the filter still walks the store: back to no filter. */
static void
screen_dfilter_cancel(struct screen *sc)
{
	screen_dfilter_set(sc, NULL, NULL);
	ui_state_message(&sc->s, false, "%s",
			 _("display filter cancelled"));
}

/* ---- our own SSH session, and the clipboard ---- */

/* The row of our SSH session (SSH_CONNECTION: client address and port,
 * server address and port) counted so far, for H to leave it out of the
 * connections and the header's totals too: its packets before the hide
 * were counted. Nothing when it is not in the table. */
static void
screen_find_self(struct screen *sc)
{
	const char *env = getenv("SSH_CONNECTION");
	char ca[64], sa[64];
	unsigned cp, sp;
	struct addr a, b;
	struct model_query q;
	struct model_conn_row rows[8];
	char port[8];
	size_t i, n;

	sc->self_id = sc->self_packets = sc->self_bytes = 0;
	if (env == NULL ||
	    sscanf(env, "%63s %u %63s %u", ca, &cp, sa, &sp) != 4 ||
	    cp > 65535 || sp > 65535 || addr_parse(&a, ca) < 0 ||
	    addr_parse(&b, sa) < 0)
		return;
	/* the find narrows to rows showing the client's port */
	snprintf(port, sizeof(port), "%u", cp);
	memset(&q, 0, sizeof(q));
	q.sort = MODEL_SORT_BYTES;
	q.max = sizeof(rows) / sizeof(rows[0]);
	q.match = port;
	n = model_connections(sc->m, &q, rows, NULL);
	for (i = 0; i < n; i++) {
		const struct model_conn_row *r = &rows[i];
		bool fwd = addr_equal(&r->a, &a) && r->a_port == cp &&
			   addr_equal(&r->b, &b) && r->b_port == sp;
		bool rev = addr_equal(&r->a, &b) && r->a_port == sp &&
			   addr_equal(&r->b, &a) && r->b_port == cp;

		if (r->l4 != 6 || !(fwd || rev))
			continue;
		sc->self_id = r->id;
		sc->self_packets = r->a_to_b_packets + r->b_to_a_packets;
		sc->self_bytes = r->a_to_b_bytes + r->b_to_a_bytes;
		return;
	}
}

static void
screen_toggle_self(struct screen *sc)
{
	char err[512];
	bool on;

	if (!control_get_hiding(sc->ctl, &on)) {
		ui_state_message(&sc->s, true, "%s",
				 _("not in an SSH session (SSH_CONNECTION is "
				   "not set): nothing to hide"));
		return;
	}
	if (control_set_hiding(sc->ctl, !on, err, sizeof(err)) < 0) {
		ui_state_message(&sc->s, true, "%s", err);
		return;
	}
	ui_state_message(&sc->s, false, "%s",
			 on ? _("showing this SSH session")
			    : _("hiding this SSH session"));
	/* hiding: the row already counted goes too (showing: it is back) */
	if (on)
		sc->self_id = sc->self_packets = sc->self_bytes = 0;
	else
		screen_find_self(sc);
	view_packets_reset(&sc->pk);
}

/* How long y waits for tmux's set-clipboard when it asks again. */
#define SCREEN_TMUX_WAIT_MS 200

static void
screen_clipboard(struct screen *sc, const void *data, size_t n,
		 const char *what)
{
	if (!sc->cfg->osc52) {
		ui_state_message(&sc->s, true, "%s",
				 _("copying is off (--no-osc52)"));
		return;
	}
	/* after the frame, so the sequence does not land mid-update */
	refresh();
	if (clipboard_osc52(stdout, data, n) < 0) {
		ui_state_message(&sc->s, true, "%s",
				 _("could not write to the terminal"));
		return;
	}
	/* the user may have turned it on since: ask again (tmux answers
	 * at once, or not at all after the privilege drop: then the
	 * answer from the start is all there is) */
	if (sc->tmux_clip != CLIPBOARD_TMUX_NONE &&
	    sc->tmux_clip != CLIPBOARD_TMUX_ON && !sc->tmux_mute) {
		enum clipboard_tmux now =
			clipboard_tmux_ask(SCREEN_TMUX_WAIT_MS);

		if (now != CLIPBOARD_TMUX_UNKNOWN) {
			sc->tmux_clip = (int)now;
			sc->tmux_fresh = true;
		} else { /* no second wait at each y */
			sc->tmux_mute = true;
			sc->tmux_fresh = false;
		}
	}
	if (!sc->tmux_fresh && (sc->tmux_clip == CLIPBOARD_TMUX_EXTERNAL ||
				sc->tmux_clip == CLIPBOARD_TMUX_OFF)) {
		ui_state_message(&sc->s, true,
				 _("tmux may have dropped %s: its "
				   "set-clipboard was %s when pktop started "
				   "(tmux set -g set-clipboard on lets copies "
				   "through)"),
				 what,
				 clipboard_tmux_name(
					 (enum clipboard_tmux)sc->tmux_clip));
		return;
	}
	switch (sc->tmux_clip) {
	case CLIPBOARD_TMUX_NONE:
	case CLIPBOARD_TMUX_ON:
		if (n > CLIPBOARD_MAX)
			ui_state_message(&sc->s, false,
					 _("copied %s (cut to %zu of %zu "
					   "bytes)"),
					 what, (size_t)CLIPBOARD_MAX, n);
		else
			ui_state_message(&sc->s, false,
					 _("copied %s (%zu bytes)"), what, n);
		break;
	case CLIPBOARD_TMUX_EXTERNAL:
	case CLIPBOARD_TMUX_OFF:
		/* tmux takes an application's OSC 52 only with "on" */
		ui_state_message(&sc->s, true,
				 _("not copied: tmux dropped %s (its "
				   "set-clipboard is %s; tmux set -g "
				   "set-clipboard on lets copies through)"),
				 what,
				 clipboard_tmux_name(
					 (enum clipboard_tmux)sc->tmux_clip));
		break;
	default:
		ui_state_message(&sc->s, true,
				 _("sent %s, but tmux may have dropped it "
				   "(tmux set -g set-clipboard on lets copies "
				   "through)"),
				 what);
		break;
	}
}

/* y: the drill-down's selected field value, or the selected row as
 * tab-separated cells, as they are shown. */
static void
screen_copy(struct screen *sc)
{
	const struct ui_view *v = screen_view(sc);
	struct ui_list *l = ui_state_list(&sc->s);
	char text[4096], cell[512];
	struct ui_ctx c;
	const void *row;
	size_t i, n = 0;
	int node;

	if (sc->s.detail) {
		node = detail_selected(&sc->det);
		if (node < 0 || !sc->det.loaded) {
			ui_state_message(&sc->s, true, "%s",
					 _("no field selected"));
			return;
		}
		const struct tree_node *f = &sc->det.tree.nodes[node];
		const char *value = f->value && f->value[0] ? f->value
							    : f->label;

		screen_clipboard(sc, value, strlen(value),
				 f->field ? f->field : _("the field"));
		return;
	}
	if (l->sel < l->top || l->sel - l->top >= sc->nrows) {
		ui_state_message(&sc->s, true, "%s", _("no row selected"));
		return;
	}
	row = sc->rows + (l->sel - l->top) * v->row_size;
	screen_ctx(sc, &c);
	text[0] = '\0';
	for (i = 0; i < v->ncols && n + 1 < sizeof(text); i++) {
		cell[0] = '\0';
		v->cols[i].cell(&c, row, cell, sizeof(cell));
		n += (size_t)snprintf(text + n, sizeof(text) - n, "%s%s",
				      i ? "\t" : "", cell);
	}
	if (n >= sizeof(text))
		n = sizeof(text) - 1;
	screen_clipboard(sc, text, n, _("the row"));
}

/* Y: the whole packet (the drill-down's, or the selected one in the
 * packet list) as hex. */
static void
screen_copy_packet(struct screen *sc)
{
	static uint8_t frame[CLIPBOARD_MAX / 2];
	static char hex[CLIPBOARD_MAX + 1];
	struct model_packet hdr;
	const uint8_t *bytes;
	size_t n, i;

	if (sc->s.detail && sc->det.loaded) {
		bytes = sc->det.frame;
		n = sc->det.hdr.caplen;
	} else if (sc->s.view == UI_VIEW_PACKETS &&
		   model_packet_get(sc->m,
				    view_packets_seq_at(&sc->pk,
					    sc->s.list[UI_VIEW_PACKETS].sel),
				    &hdr, frame, sizeof(frame)) == 0) {
		bytes = frame;
		n = hdr.caplen < sizeof(frame) ? hdr.caplen : sizeof(frame);
	} else {
		ui_state_message(&sc->s, true, "%s",
				 _("no packet selected (Y works in the "
				   "packet list and the drill-down)"));
		return;
	}
	if (n > CLIPBOARD_MAX / 2)
		n = CLIPBOARD_MAX / 2;
	for (i = 0; i < n; i++)
		snprintf(hex + 2 * i, 3, "%02x", bytes[i]);
	hex[2 * n] = '\0';
	screen_clipboard(sc, hex, 2 * n, _("the packet as hex"));
}

/* ---- marks, saving and exporting ---- */

static void
screen_mark(struct screen *sc)
{
	uint64_t seq = sc->s.detail ? sc->det.seq
				    : view_packets_seq_at(&sc->pk,
					      sc->s.list[UI_VIEW_PACKETS].sel);
	bool marked;

	if (seq == 0) {
		ui_state_message(&sc->s, true, "%s", _("no packet selected"));
		return;
	}
	marked = save_mark_toggle(&sc->marks, seq);
	ui_state_message(&sc->s, false,
			 marked ? _("marked packet %llu (%zu marked; w saves "
				    "them)")
				: _("unmarked packet %llu (%zu marked)"),
			 (unsigned long long)seq, sc->marks.n);
	if (!sc->s.detail)
		ui_list_move(&sc->s.list[UI_VIEW_PACKETS], 1, sc->s.page);
}

/* What w saves: the marked packets; else in the connections or hosts
 * view the selected row's packets; else the packet list as shown. */
static void
screen_save(struct screen *sc)
{
	struct ui_list *l = ui_state_list(&sc->s);
	const struct ui_view *v = screen_view(sc);
	struct save_scope scope;
	const char *what;
	size_t written, skipped;
	char err[600];
	const void *row = NULL;

	memset(&scope, 0, sizeof(scope));
	if (l->sel >= l->top && l->sel - l->top < sc->nrows)
		row = sc->rows + (l->sel - l->top) * v->row_size;
	if (sc->marks.n) {
		scope.kind = SAVE_MARKED;
		scope.marks = &sc->marks;
		what = _("marked");
	} else if (!sc->s.detail && sc->s.view == UI_VIEW_CONNS && row) {
		scope.kind = SAVE_CONNECTION;
		scope.conn_id = ((const struct model_conn_row *)row)->id;
		what = _("of the connection");
	} else if (!sc->s.detail && sc->s.view == UI_VIEW_HOSTS && row) {
		scope.kind = SAVE_HOST;
		scope.host = ((const struct model_host_row *)row)->addr;
		what = _("of the host");
	} else {
		scope.kind = SAVE_LIST;
		scope.list = &sc->pk;
		what = _("in the packet list");
	}
	if (save_packets(sc->pk.in, &scope, sc->s.save_le.buf, &written, &skipped,
			 err, sizeof(err)) < 0) {
		ui_state_message(&sc->s, true, "%s", err);
		return;
	}
	sc->s.edit = UI_EDIT_NONE;
	if (skipped)
		ui_state_message(&sc->s, false,
				 ngettext("saved %zu packet %s to %s (%zu of "
					  "another link type left out)",
					  "saved %zu packets %s to %s (%zu of "
					  "another link type left out)",
					  written),
				 written, what, sc->s.save_le.buf, skipped);
	else
		ui_state_message(&sc->s, false,
				 ngettext("saved %zu packet %s to %s",
					  "saved %zu packets %s to %s", written),
				 written, what, sc->s.save_le.buf);
}

static void
screen_export(struct screen *sc)
{
	char err[600];

	if (save_export(sc->m, sc->s.view, sc->s.save_le.buf, err,
			sizeof(err)) < 0) {
		ui_state_message(&sc->s, true, "%s", err);
		return;
	}
	sc->s.edit = UI_EDIT_NONE;
	ui_state_message(&sc->s, false, _("exported the table to %s"),
			 sc->s.save_le.buf);
}

/* Esc or a first Ctrl-C while a file loads: what was read stays. */
static void
screen_stop_loading(struct screen *sc)
{
	model_get_totals(sc->m, &sc->live);
	if (!screen_loading(sc) || !control_stop(sc->ctl))
		return;
	sc->stopping = true;
	ui_state_message(&sc->s, false, "%s", _("stopping the reading..."));
}

/* Once the reader has stopped, say where: the count is final then. */
static void
screen_note_stopped(struct screen *sc)
{
	if (!sc->stopping ||
	    sc->live.capture_state == MODEL_CAPTURE_RUNNING)
		return;
	sc->stopping = false;
	ui_state_message(&sc->s, false,
			 _("stopped reading: the file was read only up to "
			   "packet %llu; what was read stays"),
			 (unsigned long long)sc->live.packets);
}

/* q with work that quitting would lose: say what, and wait for the
 * answer (screen_key). False when there is nothing to ask about. */
static bool
screen_ask_quit(struct screen *sc)
{
	size_t unsaved = sc->marks.unsaved;

	if (!sc->cfg->confirm)
		return false;
	if (unsaved > 0)
		ui_state_message(&sc->s, true,
				 ngettext("%zu marked packet is not saved: y "
					  "quits and loses it, w saves it, any "
					  "other key stays",
					  "%zu marked packets are not saved: y "
					  "quits and loses them, w saves them, "
					  "any other key stays",
					  unsaved),
				 unsaved);
	else if (sc->cfg->live && sc->cfg->write_file)
		ui_state_message(&sc->s, true,
				 _("the capture is being written to %s: y "
				   "stops it and quits (the file is closed "
				   "whole), any other key stays"),
				 sc->cfg->write_file);
	else
		return false;
	sc->confirming = true;
	return true;
}

/* W: what is on screen now becomes the settings file's; keys the UI
 * does not change (the interface) stay as the file has them. */
static void
screen_write_settings(struct screen *sc)
{
	struct settings st;
	const struct ui_view *v = screen_view(sc);
	const struct ui_list *l = &sc->s.list[sc->s.view];
	char err[SETTINGS_PATH_MAX + 128];

	if (sc->cfg->settings)
		st = *sc->cfg->settings;
	else
		settings_init(&st);
	/* without --config, the user's own file, never /etc */
	if (!sc->cfg->config_file &&
	    !settings_user_path(st.path, sizeof(st.path))) {
		ui_state_message(&sc->s, true, "%s",
				 _("cannot write the settings: neither "
				   "XDG_CONFIG_HOME nor HOME is set"));
		return;
	}
	st.view = (int)sc->s.view;
	if (v->nsorts > 0) {
		st.sort = v->sorts[l->sort];
		st.reverse = l->reverse;
	}
	st.delay = sc->s.delay;
	st.theme = sc->cfg->theme;
	st.bits = sc->s.bits;
	st.resolve = sc->s.resolve;
	st.port_names = sc->s.port_names;
	st.mouse = sc->cfg->mouse;
	st.confirm = sc->cfg->confirm;
	st.osc52 = sc->cfg->osc52;
	if (strlen(sc->filter) >= sizeof(st.filter)) {
		ui_state_message(&sc->s, true,
				 _("the filter in force is longer than the "
				   "%zu bytes the settings file keeps: "
				   "nothing written"),
				 sizeof(st.filter) - 1);
		return;
	}
	snprintf(st.filter, sizeof(st.filter), "%s", sc->filter);
	if (settings_write(&st, err, sizeof(err)) < 0) {
		ui_state_message(&sc->s, true, "%s", err);
		return;
	}
	ui_state_message(&sc->s, false, _("settings written to %s"), st.path);
}

/* The settings file's view, sort and units, before the first frame. */
static void
screen_apply_settings(struct screen *sc)
{
	const struct settings *st = sc->cfg->settings;
	size_t i;
	int v;

	if (sc->cfg->view >= 0 && sc->cfg->view < UI_VIEW_COUNT)
		sc->s.view = (enum ui_view_id)sc->cfg->view;
	sc->s.bits = sc->cfg->bits;
	/* live: current talkers first, by the 10 s rate as iftop's default
	 * (-o 10s); files keep bytes. The 2 s order (--sort 2s) is a
	 * different set of rows every second on a link of many short
	 * flows: ssh_quiet_live.sh measured 7 to 14 of 31 rows replaced
	 * each second, three times the bytes a remote terminal is sent */
	if (sc->cfg->live)
		for (v = 0; v < UI_VIEW_COUNT; v++)
			for (i = 0; i < screen_views[v]->nsorts; i++)
				if (screen_views[v]->sorts[i] ==
				    MODEL_SORT_RATE_10S) {
					sc->s.list[v].sort = (unsigned)i;
					break;
				}
	if (!st || st->sort == SETTINGS_UNSET)
		return;
	/* the sort key in every view that has it */
	for (v = 0; v < UI_VIEW_COUNT; v++)
		for (i = 0; i < screen_views[v]->nsorts; i++)
			if (screen_views[v]->sorts[i] == st->sort) {
				sc->s.list[v].sort = (unsigned)i;
				sc->s.list[v].reverse = st->reverse == 1;
			}
}

/* Returns false to quit. */
static bool
screen_act(struct screen *sc, enum ui_action act)
{
	struct ui_list *pl = &sc->s.list[UI_VIEW_PACKETS];

	switch (act) {
	case UI_ACT_NONE:
		return true;
	case UI_ACT_QUIT:
		if (!screen_ask_quit(sc))
			return false;
		break;
	case UI_ACT_QUIT_NOW:
		return false;
	case UI_ACT_STOP_LOADING:
		screen_stop_loading(sc);
		break;
	case UI_ACT_WRITE_SETTINGS:
		screen_write_settings(sc);
		break;
	case UI_ACT_RELAYOUT:
		screen_relayout(sc);
		screen_snapshot(sc, true);
		break;
	case UI_ACT_REFRESH:
		/* the header's totals as fresh as the rows fetched now, or a
		 * view switched to between ticks shows rows of packets the
		 * header does not count yet */
		screen_snapshot(sc, !sc->s.detail);
		break;
	case UI_ACT_REDRAW:
	case UI_ACT_CLOSE:
		break;
	case UI_ACT_APPLY_FILTER:
		screen_apply_filter(sc);
		screen_snapshot(sc, true);
		break;
	case UI_ACT_DFILTER_CHECK:
		sc->df_note[0] = '\0';
		screen_dfilter_check(sc);
		break;
	case UI_ACT_DFILTER_COMPLETE:
		dfbar_complete(&sc->s.dfilter_le, sc->df_note,
			       sizeof(sc->df_note));
		screen_dfilter_check(sc);
		break;
	case UI_ACT_APPLY_DFILTER:
		screen_dfilter_apply(sc);
		screen_snapshot(sc, !sc->s.detail);
		break;
	case UI_ACT_DFILTER_TABLES:
		screen_tables_start(sc);
		if (sc->df == NULL)
			ui_state_message(&sc->s, false, "%s",
					 sc->s.dfilter_tables
						 ? _("tables will follow the "
						     "display filter (\\ or d "
						     "sets one)")
						 : _("tables show all packets"));
		else
			ui_state_message(&sc->s, false, "%s",
					 sc->s.dfilter_tables
						 ? _("tables show only the "
						     "packets the display "
						     "filter keeps")
						 : _("tables show all packets"));
		screen_snapshot(sc, !sc->s.detail);
		break;
	case UI_ACT_CLEAR:
		/* the header says from when the totals count */
		{
			time_t now = time(NULL);
			struct tm tm;
			char hms[16] = "";

			if (localtime_r(&now, &tm))
				strftime(hms, sizeof(hms), "%H:%M:%S", &tm);
			snprintf(sc->totals_note, sizeof(sc->totals_note),
				 _("(totals since %s)"), hms);
			sc->totals_mixed = false;
		}
		model_clear(sc->m);
		screen_forget(sc);
		break;
	case UI_ACT_OPEN:
		screen_open(sc);
		if (!sc->s.detail)
			screen_fetch_rows(sc);
		break;
	case UI_ACT_TOGGLE_SELF:
		screen_toggle_self(sc);
		screen_snapshot(sc, true);
		break;
	case UI_ACT_COPY:
		if (sc->fw.open && sc->fw.copy)
			screen_follow_copy(sc);
		else
			screen_copy(sc);
		break;
	case UI_ACT_FOLLOW:
		screen_follow(sc);
		break;
	case UI_ACT_MARK:
		screen_mark(sc);
		break;
	case UI_ACT_SAVE:
		if (sc->fw.open && sc->fw.save_pcap)
			screen_follow_save(sc);
		else
			screen_save(sc);
		break;
	case UI_ACT_EXPORT:
		screen_export(sc);
		break;
	case UI_ACT_COPY_PACKET:
		screen_copy_packet(sc);
		break;
	case UI_ACT_PREV_PACKET:
	case UI_ACT_NEXT_PACKET:
		ui_list_move(pl, act == UI_ACT_NEXT_PACKET ? 1 : -1, sc->s.page);
		screen_open_detail(sc);
		break;
	}
	screen_draw(sc);
	return true;
}

static enum ui_action
screen_mouse(struct screen *sc)
{
	MEVENT ev;
	struct ui_list *l = ui_state_list(&sc->s);
	int v;

	if (getmouse(&ev) != OK)
		return UI_ACT_NONE;
	if (ev.bstate & BUTTON4_PRESSED) {
		if (sc->fw.open)
			return view_follow_key(&sc->fw, KEY_UP);
		if (sc->s.detail)
			return detail_key(&sc->det, KEY_UP);
		ui_list_move(l, -3, sc->s.page);
		return UI_ACT_REFRESH;
	}
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED) {
		if (sc->fw.open)
			return view_follow_key(&sc->fw, KEY_DOWN);
		if (sc->s.detail)
			return detail_key(&sc->det, KEY_DOWN);
		ui_list_move(l, 3, sc->s.page);
		return UI_ACT_REFRESH;
	}
#endif
	if (!(ev.bstate & (BUTTON1_CLICKED | BUTTON1_PRESSED |
			   BUTTON1_DOUBLE_CLICKED)))
		return UI_ACT_NONE;
	if (ev.y == sc->l.tabs.y) {
		for (v = 0; v < UI_VIEW_COUNT; v++)
			if (ev.x >= sc->tab_x[v] && ev.x < sc->tab_x[v + 1]) {
				sc->s.detail = false;
				view_follow_close(&sc->fw);
				sc->s.view = (enum ui_view_id)v;
				return UI_ACT_REFRESH;
			}
		return UI_ACT_NONE;
	}
	if (sc->s.detail || sc->fw.open || ev.y < sc->l.body.y ||
	    ev.y >= sc->l.body.y + screen_body_rows(sc))
		return UI_ACT_NONE;
	if (l->top + (size_t)(ev.y - sc->l.body.y) >= l->count)
		return UI_ACT_NONE;
	ui_list_select(l, l->top + (size_t)(ev.y - sc->l.body.y), sc->s.page);
	if (ev.bstate & BUTTON1_DOUBLE_CLICKED)
		return UI_ACT_OPEN;
	return UI_ACT_REDRAW;
}

static enum ui_action
screen_key(struct screen *sc, int key)
{
	enum ui_edit was = sc->s.edit;
	enum ui_action act;

	if (key == KEY_RESIZE)
		return UI_ACT_RELAYOUT;
	if (key == KEY_MOUSE)
		return screen_mouse(sc);
	if (sc->compiling && key == 27 && sc->s.edit == UI_EDIT_NONE &&
	    !sc->confirming) {
		control_filter_cancel(sc->ctl);
		return UI_ACT_REDRAW;
	}
	if (sc->confirming) {
		sc->confirming = false;
		sc->s.status[0] = '\0';
		if (key == 'y' || key == 'Y')
			return UI_ACT_QUIT_NOW;
		if (key == 'w' && sc->marks.unsaved > 0)
			return ui_cmd_save(&sc->s);
		return UI_ACT_REDRAW;
	}
	if (sc->fw.open && !sc->s.help && sc->s.edit == UI_EDIT_NONE) {
		act = view_follow_key(&sc->fw, key);
		if (act != UI_ACT_NONE)
			return act;
	}
	if (sc->s.detail && !sc->s.help && sc->s.edit == UI_EDIT_NONE) {
		act = detail_key(&sc->det, key);
		if (act != UI_ACT_NONE)
			return act;
	}
	if (key == 27 && sc->s.edit == UI_EDIT_NONE && !sc->s.help &&
	    screen_dfilter_busy(sc)) {
		screen_dfilter_cancel(sc);
		return UI_ACT_REFRESH;
	}
	act = ui_state_key(&sc->s, key);
	if (was == UI_EDIT_NONE && sc->s.edit == UI_EDIT_FILTER)
		lineedit_start(&sc->s.filter_le, sc->filter);
	if (was == UI_EDIT_NONE && sc->s.edit == UI_EDIT_DFILTER) {
		lineedit_start(&sc->s.dfilter_le, sc->df_text);
		sc->df_note[0] = '\0';
	}
	return act;
}

/* ---- start and stop ---- */

static int
screen_begin(struct screen *sc, char *err, size_t errlen)
{
	const char *term = getenv("TERM");
	bool utf8, color;

	/* With the capture on stdin (-r -), keys come from the terminal */
	if (!isatty(STDIN_FILENO)) {
		screen_keys = fopen("/dev/tty", "re");
		if (screen_keys == NULL) {
			snprintf(err, errlen, _("cannot open the terminal for "
						"keys (/dev/tty): %s"),
				 strerror(errno));
			return -1;
		}
	}
	crashsafe_save(STDOUT_FILENO);
	screen_term = newterm(NULL, stdout, screen_keys ? screen_keys : stdin);
	if (!screen_term) {
		char shown[128];

		if (term && term[0]) {
			escape_text(term, strlen(term), shown, sizeof(shown));
			snprintf(err, errlen,
				 _("cannot start the terminal UI (TERM=%s is "
				   "not a terminal type this system knows); "
				   "try --batch"),
				 shown);
		} else {
			snprintf(err, errlen, "%s",
				 _("cannot start the terminal UI (TERM is not "
				   "set); try --batch"));
		}
		return -1;
	}
	screen_curses_on = true;
	cbreak();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	intrflush(stdscr, FALSE);
	set_escdelay(25);
	curs_set(0);
	crashsafe_arm(sc->cfg->mouse);
	utf8 = theme_wants_utf8(nl_langinfo(CODESET), term);
	color = theme_wants_color(getenv("NO_COLOR"), has_colors());
	theme_init(utf8, color, (enum theme_scheme)sc->cfg->theme);
	if (sc->cfg->theme == THEME_SCHEME_HIGH_CONTRAST && theme.color)
		bkgd(theme_attr(THEME_NORMAL));
	if (sc->cfg->mouse)
		mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED |
				  BUTTON1_DOUBLE_CLICKED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
				  | BUTTON5_PRESSED
#endif
			  ,
			  NULL);
	return 0;
}

static void
screen_end(void)
{
	if (screen_curses_on && !isendwin()) {
		curs_set(1);
		endwin();
	}
	crashsafe_disarm();
}

int
ui_run_config(struct model *m, struct control *ctl,
	      const struct ui_config *cfg, char *err, size_t errlen)
{
	static const int sigs[] = { SIGTERM, SIGHUP, SIGINT };
	struct sigaction sa, old[3];
	static bool atexit_done;
	unsigned nsorts[UI_VIEW_COUNT];
	struct screen *sc;
	double delay, next_tick = 0, now, graph_ts = -1;
	double was_delay;
	int rc = -1, v, key;
	size_t i, row_max = 0;

	sc = calloc(1, sizeof(*sc));
	if (!sc) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	sc->m = m;
	sc->ctl = ctl;
	sc->cfg = cfg;
	sc->tmux_clip = cfg->tmux_clipboard;
	for (v = 0; v < UI_VIEW_COUNT; v++) {
		nsorts[v] = (unsigned)screen_views[v]->nsorts;
		if (screen_views[v]->row_size > row_max)
			row_max = screen_views[v]->row_size;
	}
	ui_state_init(&sc->s, nsorts);
	sc->s.resolve = cfg->resolve;
	sc->s.port_names = cfg->port_names;
	sc->s.delay = cfg->delay > 0.05 ? cfg->delay : 1.0;
	screen_apply_settings(sc);
	detail_init(&sc->det);
	view_follow_init(&sc->fw);
	sc->det.keylog = cfg->keylog;
	sc->det.keylog_file = cfg->keylog_file;
	sc->rows = calloc(SCREEN_MAX_ROWS, row_max);
	sc->rows_spare = calloc(SCREEN_MAX_ROWS, row_max);
	if (!sc->rows || !sc->rows_spare ||
	    view_packets_init(&sc->pk, m) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	/* Names are optional: without threads the addresses stay. */
	sc->res = model_names_start(err, errlen);
	err[0] = '\0';

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = screen_on_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &sa, &old[i]);
	if (!atexit_done) {
		atexit(screen_atexit);
		atexit_done = true;
	}
	screen_signal = 0;
	if (screen_begin(sc, err, errlen) < 0)
		goto restore;
	screen_relayout(sc);
	if (cfg->dfilter != NULL && cfg->dfilter[0]) {
		/* -Y: checked by main already */
		struct dfilter *f = dfilter_compile(cfg->dfilter, &sc->df_err);

		if (f != NULL) {
			lineedit_history_add(&sc->s.dfilter_le, cfg->dfilter);
			screen_dfilter_set(sc, f, cfg->dfilter);
		}
	}

	for (;;) {
		bool loading, was_paused;
		enum ui_action act;
		int ms;

		if (screen_signal == SIGINT && screen_loading(sc)) {
			/* the first Ctrl-C stops the reading, a second quits */
			screen_signal = 0;
			screen_stop_loading(sc);
			screen_draw(sc);
		}
		if (screen_signal)
			break;
		now = screen_now();
		if (now >= next_tick) {
			if (!sc->s.paused)
				screen_tables_step(sc); /* live: what came */
			screen_snapshot(sc, !sc->s.paused && !sc->s.detail);
			load_progress_update(&sc->progress, &sc->live, now);
			screen_note_stopped(sc);
			if (sc->remark_wait &&
			    sc->live.capture_state != MODEL_CAPTURE_RUNNING) {
				sc->remark_wait = false;
				screen_marks_restore(sc);
			}
			/* Files run on packet time: when it stands still (end of
			 * file) the graph does too. */
			if (!sc->s.paused &&
			    (cfg->live || sc->live.last_ts != graph_ts)) {
				header_graph_add(&sc->graph,
						 sc->live.rate_bytes[MODEL_RATE_2S]);
				graph_ts = sc->live.last_ts;
			}
			screen_draw(sc);
			/* A file is read in a blink: look again soon so the
			 * UI opens on the whole of it. */
			loading = screen_loading(sc) || sc->stopping;
			delay = sc->s.delay;
			next_tick = now + (loading && delay > 0.2 ? 0.2 : delay);
		}
		if (screen_filter_poll(sc)) {
			screen_snapshot(sc, true);
			screen_draw(sc);
		}
		ms = (int)((next_tick - now) * 1000);
		/* a display filter's worker walking the store: its progress
		 * and what it found are picked up often (Esc cancels) */
		if ((screen_dfilter_busy(sc) || screen_list_stale(sc)) &&
		    !sc->s.paused && ms > SCREEN_WALK_POLL_MS)
			ms = SCREEN_WALK_POLL_MS;
		/* a compiling filter is looked at often, so its answer shows */
		timeout(ms < 1 ? 1 : ms > (sc->compiling ? 100 : 1000)
					? (sc->compiling ? 100 : 1000)
					: ms);
		key = getch();
		if (key == ERR) {
			if (screen_dfilter_busy(sc) && !sc->s.paused) {
				screen_tables_step(sc);
				if (sc->s.view == UI_VIEW_PACKETS &&
				    !sc->s.detail)
					screen_fetch_rows(sc);
				screen_draw(sc);
			} else if (screen_list_stale(sc) && !sc->s.paused &&
				   view_packets_ripe(&sc->pk)) {
				/* the flow worker reached rows drawn raw */
				screen_fetch_rows(sc);
				screen_draw(sc);
			}
			continue;
		}
		was_paused = sc->s.paused;
		was_delay = sc->s.delay;
		/* after a key every cell shows what it is now (b changes
		 * every rate's unit, a scroll brings other rows) */
		steady_forget(&sc->steady);
		act = screen_key(sc, key);
		if (sc->s.delay != was_delay)
			next_tick = now + sc->s.delay;
		if (!was_paused && sc->s.paused) {
			/* The marker counts what arrives from now on. */
			model_get_totals(sc->m, &sc->live);
			sc->paused_at = sc->live.packets;
		}
		if (!screen_act(sc, act))
			break;
	}
	rc = 0;
restore:
	screen_end();
	for (i = 0; i < 3; i++)
		sigaction(sigs[i], &old[i], NULL);
out:
	if (screen_curses_on) {
		delscreen(screen_term);
		screen_term = NULL;
		screen_curses_on = false;
	}
	if (screen_keys) {
		fclose(screen_keys);
		screen_keys = NULL;
	}
	model_names_stop(sc->res);
	screen_tables_drop(sc);
	inspect_walk_free(sc->ft_walk);
	dfilter_free(sc->df);
	detail_free(&sc->det);
	view_follow_free(&sc->fw);
	view_packets_free(&sc->pk);
	save_marks_free(&sc->marks);
	free(sc->remark);
	free(sc->rows);
	free(sc->rows_spare);
	free(sc);
	return rc;
}
