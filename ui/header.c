/*
 * header: drawn from a copy of the totals. The graph scales to the
 * largest sample on screen, with the scale at its left, in block
 * eighths (UTF-8) or a ramp of ASCII characters.
 */
#include "config.h"

#include "header.h"

#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "format.h"
#include "base/i18n.h"
#include "base/text.h"
#include "theme.h"

void
header_graph_add(struct header_graph *g, double bytes_per_s)
{
	g->v[(g->head + g->n) % HEADER_HISTORY] = bytes_per_s;
	if (g->n < HEADER_HISTORY)
		g->n++;
	else
		g->head = (g->head + 1) % HEADER_HISTORY;
}

void
header_graph_clear(struct header_graph *g)
{
	memset(g, 0, sizeof(*g));
}

unsigned
header_graph_last(const struct header_graph *g, double *out, unsigned count)
{
	unsigned i, skip;

	if (count > g->n)
		count = g->n;
	skip = g->n - count;
	for (i = 0; i < count; i++)
		out[i] = g->v[(g->head + skip + i) % HEADER_HISTORY];
	return count;
}

static void
header_title_text(char *buf, size_t size, const char *src,
		  const struct header_info *h)
{
	size_t o;

	snprintf(buf, size, " pktop  %s  %s %s%s%s%s%s", src, _("filter:"),
		 h->filter[0] ? h->filter : _("(none)"),
		 h->totals_note && h->totals_note[0] ? "  " : "",
		 h->totals_note ? h->totals_note : "",
		 h->hiding_self ? "  " : "",
		 h->hiding_self ? _("(hiding this SSH session)") : "");
	if (h->dfilter == NULL || !h->dfilter[0])
		return;
	/* the walk's progress first: a long filter is cut at the end */
	o = strlen(buf);
	if (h->dfilter_pct >= 0 && o < size)
		o += (size_t)snprintf(buf + o, size - o,
				      _("  [filtering %d%%, Esc cancels]"),
				      h->dfilter_pct);
	if (o < size)
		o += (size_t)snprintf(buf + o, size - o, "  %s %s",
				      _("dfilter:"), h->dfilter);
	if (h->dfilter_tables && o < size)
		snprintf(buf + o, size - o, " %s", _("(tables too)"));
}

static void
header_title(const struct layout_rect *r, const struct header_info *h)
{
	char buf[1024], src[300], state[128];
	const struct model_totals *t = h->t;
	int used, right_w = 0;

	escape_text(h->source, strlen(h->source), src, sizeof(src));
	header_title_text(buf, sizeof(buf), src, h);
	state[0] = '\0';
	if (h->paused)
		snprintf(state, sizeof(state), " %s +%llu ", _("PAUSED"),
			 (unsigned long long)h->arrived);
	else if (t->capture_state != MODEL_CAPTURE_RUNNING &&
		 (h->live || (t->capture_state != MODEL_CAPTURE_FAILED &&
			      t->capture_error[0]))) {
		/* the capture has ended before its end: say why (-c,
		 * --duration, the interface gone: libpcap's words); a
		 * file read to its end says so below */
		char why[300];

		escape_text(t->capture_error, strlen(t->capture_error), why,
			    sizeof(why));
		if (why[0])
			snprintf(state, sizeof(state), _(" stopped: %s "), why);
		else
			snprintf(state, sizeof(state), " %s ", _("stopped"));
	} else if (t->capture_state == MODEL_CAPTURE_FINISHED)
		snprintf(state, sizeof(state), " %s ", _("end of file"));
	else if (t->capture_state == MODEL_CAPTURE_STOPPED && !h->live)
		snprintf(state, sizeof(state), _(" read up to packet %llu (stopped) "),
			 (unsigned long long)t->packets);
	else if (t->capture_state == MODEL_CAPTURE_FAILED)
		snprintf(state, sizeof(state), " %s ", _("capture failed"));
	else if (h->replay)
		snprintf(state, sizeof(state), " %s ", _("replay"));
	if (state[0])
		right_w = draw_width(state);
	if (right_w > r->w)
		right_w = r->w;
	/* A long file path would push the filter off the line: the file's
	 * own name says enough there. */
	if (!h->live && draw_width(buf) > r->w - right_w) {
		const char *base = strrchr(h->source, '/');

		if (base && base[1]) {
			escape_text(base + 1, strlen(base + 1), src,
				       sizeof(src));
			header_title_text(buf, sizeof(buf), src, h);
		}
	}
	used = draw_text(r->y, r->x, r->w - right_w, buf, theme_attr(THEME_TITLE),
			 false);
	(void)used;
	if (right_w)
		draw_text(r->y, r->x + r->w - right_w, right_w, state,
			  theme_attr(h->paused ? THEME_PAUSED : THEME_LABEL),
			  false);
}

/* "label value  " pairs on the rates line, as many as fit; the first
 * that does not leaves … in the last column, so a pair left out is not
 * left out silently. */
static int
header_pair(int y, int x, int end, const char *label, const char *value)
{
	int lw = draw_width(label), vw = draw_width(value);

	if (x >= end)
		return end;
	if (x + lw + 1 + vw > end) {
		draw_str(y, end - 1, 1, theme.ellipsis, theme_attr(THEME_DIM));
		return end;
	}
	draw_str(y, x, lw, label, theme_attr(THEME_LABEL));
	draw_str(y, x + lw + 1, vw, value, theme_attr(THEME_NORMAL) | A_BOLD);
	return x + lw + 1 + vw + 2;
}

static void
header_rates(const struct layout_rect *r, const struct header_info *h)
{
	const struct model_totals *t = h->t;
	char v[64], pps[32];
	int x = r->x + 1, end = r->x + r->w;

	draw_blank(r->y, r->x, r->w, A_NORMAL);
	/* in and out only where pktop knows which addresses are local (a
	 * live interface of this machine): not a file, stdin or --remote */
	if (t->local_addrs > 0) {
		format_rate(t->in_rate[MODEL_RATE_2S], h->bits, true, v,
			    sizeof(v));
		x = header_pair(r->y, x, end, _("in"), v);
		format_rate(t->out_rate[MODEL_RATE_2S], h->bits, true, v,
			    sizeof(v));
		x = header_pair(r->y, x, end, _("out"), v);
	}
	format_rate(t->rate_bytes[MODEL_RATE_2S], h->bits, true, v, sizeof(v));
	format_count((uint64_t)(t->rate_packets[MODEL_RATE_2S] + 0.5), pps,
		     sizeof(pps));
	snprintf(v + strlen(v), sizeof(v) - strlen(v), " %s p/s", pps);
	x = header_pair(r->y, x, end, _("total"), v);
	if (t->evicted_hosts || t->evicted_connections) {
		/* the tables are full: the oldest rows make room (before
		 * the counts: it must show at 80 columns) */
		char n[32];

		v[0] = '\0';
		if (t->evicted_hosts) {
			format_count_short(t->evicted_hosts, n, sizeof(n));
			snprintf(v, sizeof(v), _("%s hosts"), n);
		}
		if (t->evicted_connections) {
			format_count_short(t->evicted_connections, n,
					   sizeof(n));
			snprintf(v + strlen(v), sizeof(v) - strlen(v), "%s",
				 v[0] ? " " : "");
			snprintf(v + strlen(v), sizeof(v) - strlen(v),
				 _("%s conns"), n);
		}
		x = header_pair(r->y, x, end, _("evicted"), v);
	}
	format_count(t->packets, v, sizeof(v));
	x = header_pair(r->y, x, end, _("packets"), v);
	format_bytes(t->bytes, v, sizeof(v));
	x = header_pair(r->y, x, end, _("bytes"), v);
	snprintf(v, sizeof(v), "%llu",
		 (unsigned long long)(t->dropped + t->if_dropped));
	x = header_pair(r->y, x, end, _("drops"), v);
	snprintf(v, sizeof(v), "%llu/%llu", (unsigned long long)t->hosts,
		 (unsigned long long)t->connections);
	x = header_pair(r->y, x, end, _("hosts/conns"), v);
	if (t->writer.on) {
		/* -w: saved, and (when the disk fell behind) not saved */
		format_count(t->writer.packets, v, sizeof(v));
		if (t->writer.lost || t->writer.error[0]) {
			format_count(t->writer.lost, pps, sizeof(pps));
			snprintf(v + strlen(v), sizeof(v) - strlen(v),
				 " (%s %s)", pps, _("lost"));
		}
		x = header_pair(r->y, x, end, _("saved"), v);
	}
	if (t->export.on) {
		/* --ipfix, --flow-log: records sent, and those lost */
		format_count(t->export.sent, v, sizeof(v));
		if (t->export.dropped) {
			format_count(t->export.dropped, pps, sizeof(pps));
			snprintf(v + strlen(v), sizeof(v) - strlen(v),
				 " (%s %s)", pps, _("dropped"));
		}
		x = header_pair(r->y, x, end, _("flows"), v);
	}
	if (t->collect.on) {
		/* --collect: records counted, and the messages refused */
		format_count(t->collect.records, v, sizeof(v));
		if (t->collect.malformed) {
			format_count(t->collect.malformed, pps, sizeof(pps));
			snprintf(v + strlen(v), sizeof(v) - strlen(v),
				 " (%s %s)", pps, _("malformed"));
		}
		header_pair(r->y, x, end, _("records"), v);
	}
}

static void
header_graph(const struct layout_rect *r, const struct header_info *h,
	     const struct header_graph *g)
{
	double v[HEADER_HISTORY], max = 0;
	char scale[32];
	int label_w = 10, cols, row, i, n;

	if (r->h <= 0)
		return;
	cols = r->w - label_w - 1;
	if (cols < 1)
		return;
	if (cols > HEADER_HISTORY)
		cols = HEADER_HISTORY;
	n = (int)header_graph_last(g, v, (unsigned)cols);
	for (i = 0; i < n; i++)
		if (v[i] > max)
			max = v[i];
	for (row = 0; row < r->h; row++) {
		int y = r->y + row, level = r->h - 1 - row;

		draw_blank(y, r->x, r->w, A_NORMAL);
		if (row == 0) {
			format_rate(max, h->bits, true, scale, sizeof(scale));
			draw_text(y, r->x, label_w, scale, theme_attr(THEME_DIM),
				  true);
		}
		attrset(theme_attr(THEME_GRAPH));
		for (i = 0; i < n; i++) {
			/* Eighths of the whole graph height, this row's share. */
			int e = max > 0 ? (int)(v[i] / max * r->h * 8 + 0.5) : 0;

			e -= level * 8;
			if (e < 0)
				e = 0;
			if (e > 8)
				e = 8;
			if (e == 0 && level == 0 && v[i] > 0)
				e = 1; /* any traffic shows */
			/* an empty cell stays the row's plain blank: a
			 * coloured blank looks the same, but the history
			 * growing by one a second rewrote a cell per row */
			if (e == 0)
				continue;
			mvaddstr(y, r->x + label_w + 1 + (cols - n) + i,
				 theme.spark[e]);
		}
		attrset(A_NORMAL);
	}
}

void
header_draw(const struct layout *l, const struct header_info *h,
	    const struct header_graph *g)
{
	header_title(&l->title, h);
	header_rates(&l->rates, h);
	header_graph(&l->graph, h, g);
}
