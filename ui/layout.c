/*
 * layout: the screen from top to bottom: title, rates, graph (only when
 * there is room), tabs, column titles, rows, status line, footer.
 */
#include "config.h"

#include "layout.h"

#include <string.h>

#include "view.h"

static struct layout_rect
layout_take(int *y, int h, int cols)
{
	struct layout_rect r = { .y = *y, .x = 0, .h = h, .w = cols };

	*y += h;
	return r;
}

void
layout_compute(struct layout *l, int rows, int cols)
{
	int y = 0, graph_h;

	memset(l, 0, sizeof(*l));
	l->rows = rows;
	l->cols = cols;
	if (rows < LAYOUT_MIN_ROWS || cols < LAYOUT_MIN_COLS) {
		l->too_small = true;
		return;
	}
	/* The graph gets a line from 14 rows, three from 30. */
	graph_h = rows >= 30 ? 3 : rows >= 14 ? 1 : 0;
	l->title = layout_take(&y, 1, cols);
	l->rates = layout_take(&y, 1, cols);
	l->graph = layout_take(&y, graph_h, cols);
	l->tabs = layout_take(&y, 1, cols);
	l->colhdr = layout_take(&y, 1, cols);
	l->body = layout_take(&y, rows - y - 2, cols);
	l->status = layout_take(&y, 1, cols);
	l->footer = layout_take(&y, 1, cols);
}

/* Whether column C may be drawn narrower than its text (with a mark). */
static bool
layout_cuttable(const struct ui_column *c)
{
	return !c->right && c->cut != UI_CUT_NEVER;
}

size_t
layout_columns(const struct ui_column *cols, size_t n, int width, int *x,
	       int *w)
{
	return layout_columns_fit(cols, n, width, NULL, x, w);
}

size_t
layout_columns_pick(const struct ui_column *cols, size_t n, const bool *keep,
		    struct ui_column *on, size_t *map)
{
	size_t i, j, k = 0;

	for (i = 0; i < n && k < LAYOUT_MAX_COLUMNS; i++)
		if (keep[i]) {
			on[k] = cols[i];
			map[k++] = i;
		}
	for (i = 0; i < k; i++) {
		if (on[i].with <= 0)
			continue;
		for (j = 0; j < k && map[j] != (size_t)on[i].with - 1; j++)
			;
		on[i].with = (short)(j < k ? j + 1 : i + 1);
	}
	return k;
}

/* Whether column I goes with a column that is not shown. */
static bool
layout_with_hidden(const struct ui_column *cols, size_t n, const bool *shown,
		   size_t i)
{
	size_t t = (size_t)cols[i].with;

	return t > 0 && (t > n || t - 1 == i || !shown[t - 1]);
}

/* The cells the shown columns take at widths AT, one between two. */
static int
layout_used(const bool *shown, const int *at, size_t n)
{
	int used = 0, count = 0;

	for (size_t i = 0; i < n; i++)
		if (shown[i])
			used += at[i] + (count++ ? 1 : 0);
	return used;
}

/* Drop the least useful shown column (the highest prio; prio 0 stays)
 * until the others fit in WIDTH at widths AT. */
static void
layout_drop_until(const struct ui_column *cols, size_t n, bool *shown,
		  const int *at, int width)
{
	while (layout_used(shown, at, n) > width) {
		size_t worst = n;

		for (size_t i = 0; i < n; i++)
			if (shown[i] && cols[i].prio > 0 &&
			    (worst == n || cols[i].prio >= cols[worst].prio))
				worst = i;
		if (worst == n)
			return;
		shown[worst] = false;
	}
}

/* Widen the shown columns towards WANT out of *SPARE: first to their
 * declared width, then to their text, the lowest prio first and a cell
 * at a time among equals (both endpoints grow together). */
static void
layout_grow(const struct ui_column *cols, size_t n, const bool *shown,
	    const int *want, int maxprio, int *w, int *spare)
{
	for (int stage = 0; stage < 2; stage++)
		for (int p = 0; p <= maxprio && *spare > 0; p++) {
			bool grew = true;

			while (grew && *spare > 0) {
				grew = false;
				for (size_t i = 0; i < n && *spare > 0; i++) {
					int to = want[i];

					if (stage == 0 && cols[i].width < to)
						to = cols[i].width;
					if (shown[i] && cols[i].prio == p &&
					    w[i] < to) {
						w[i]++;
						(*spare)--;
						grew = true;
					}
				}
			}
		}
}

/* How far a column's prio must be above a cut one's for it to give way:
 * the next step (State beside Server name, Time beside Info, Received
 * beside Host) is nearly as useful, and is what 80 columns keep. */
#define LAYOUT_GIVE_WAY_STEPS 2

/* The lowest prio of a shown column narrower than its text, or -1. */
static int
layout_cut_prio(const struct ui_column *cols, size_t n, const bool *shown,
		const int *want, const int *w)
{
	int p = -1;

	for (size_t i = 0; i < n; i++)
		if (shown[i] && w[i] < want[i] && (p < 0 || cols[i].prio < p))
			p = cols[i].prio;
	return p;
}

/*
 * While the most useful columns still cut (the lowest prio P with a
 * shown column narrower than its text) can be given their whole text by
 * leaving out columns of prio P + LAYOUT_GIVE_WAY_STEPS or more (the
 * least useful first, the rightmost of equals, each with what goes with
 * it), those go and the width they held is grown again. Only for the
 * whole text: a few more cells of an address still cut are not worth a
 * column, so when it cannot be had nothing goes, nor for the less
 * useful cut columns (the most useful would take their width first).
 * So the 10 s rates and Age, at their declared width, no longer keep an
 * IPv6 endpoint and a long server name cut on a wide terminal.
 */
static void
layout_give_way(const struct ui_column *cols, size_t n, bool *shown,
		const int *want, int maxprio, int *w, int *spare)
{
	bool keep[LAYOUT_MAX_COLUMNS];
	int at[LAYOUT_MAX_COLUMNS], left, p;
	size_t i, worst;

	while ((p = layout_cut_prio(cols, n, shown, want, w)) >= 0 &&
	       p + LAYOUT_GIVE_WAY_STEPS <= maxprio) {
		memcpy(keep, shown, n * sizeof(*keep));
		do {
			worst = n;
			for (i = 0; i < n; i++)
				if (keep[i] &&
				    cols[i].prio >= p + LAYOUT_GIVE_WAY_STEPS &&
				    (worst == n ||
				     cols[i].prio >= cols[worst].prio))
					worst = i;
			if (worst == n)
				return;
			keep[worst] = false;
			for (i = 0; i < n; i++)
				if (keep[i] &&
				    layout_with_hidden(cols, n, keep, i))
					keep[i] = false;
			for (i = 0; i < n; i++)
				at[i] = keep[i] ? w[i] : 0;
			left = *spare + layout_used(shown, w, n) -
			       layout_used(keep, at, n);
			layout_grow(cols, n, keep, want, maxprio, at, &left);
		} while (layout_cut_prio(cols, n, keep, want, at) == p);
		memcpy(shown, keep, n * sizeof(*shown));
		memcpy(w, at, n * sizeof(*w));
		*spare = left;
	}
}

/*
 * Four passes. (1) Each column's least width (LO: its min for text that
 * may be cut, its whole WANT for numbers) and WANT (the widest cell on
 * screen, or its declared width). (2) While the least widths do not fit,
 * the column with the highest prio goes (the rightmost of equals); prio 0
 * stays. (3) What is left widens columns towards WANT, lowest prio first,
 * a cell at a time among equals (both endpoints grow together). (4) The
 * most useful columns still cut take the room of much less useful ones
 * when that gives them their whole text (layout_give_way); then a
 * dropped column comes back if it fits whole in what is left; the rest
 * goes to the flex columns. So a narrow screen cuts text only after the less
 * useful columns are gone, and a wide one gives cut columns their text.
 */
size_t
layout_columns_fit(const struct ui_column *cols, size_t n, int width,
		   const int *need, int *x, int *w)
{
	bool shown[LAYOUT_MAX_COLUMNS];
	int lo[LAYOUT_MAX_COLUMNS] = { 0 }, want[LAYOUT_MAX_COLUMNS];
	int comfy[LAYOUT_MAX_COLUMNS] = { 0 };
	int used, spare, pos = 0, maxprio = 0, nflex = 0, p;
	size_t i, count = 0;

	if (n > LAYOUT_MAX_COLUMNS)
		n = LAYOUT_MAX_COLUMNS;
	if (width < 1)
		width = 1;
	for (i = 0; i < n; i++) {
		int declared = cols[i].width > 0 ? cols[i].width : 1;
		int least;

		/* the text on screen when known (a short address does not
		 * hold on to a declared 15 cells), else the declared width */
		want[i] = need && need[i] > 0 ? need[i] : declared;
		if (want[i] > width)
			want[i] = width;
		least = cols[i].min > 0 ? cols[i].min : declared;
		if (cols[i].share > 0 && width * cols[i].share / 100 > least)
			least = width * cols[i].share / 100;
		if (!layout_cuttable(&cols[i]) || least > want[i])
			least = want[i];
		lo[i] = least;
		shown[i] = true;
		if (cols[i].prio > maxprio)
			maxprio = cols[i].prio;
	}
	/* (2) drop the least useful until the others fit at their declared
	 * width (or their text, when shorter), then until they fit at
	 * their least: a rate goes before a name is cut */
	for (i = 0; i < n; i++) {
		int comf = cols[i].width > lo[i] ? cols[i].width : lo[i];

		comfy[i] = comf < want[i] ? comf : want[i];
	}
	layout_drop_until(cols, n, shown, comfy, width);
	layout_drop_until(cols, n, shown, lo, width);
	/* a column that goes with a dropped one goes too */
	for (i = 0; i < n; i++)
		if (shown[i] && layout_with_hidden(cols, n, shown, i))
			shown[i] = false;
	used = layout_used(shown, lo, n);
	for (i = 0; i < n; i++)
		w[i] = shown[i] ? lo[i] : 0;
	spare = width > used ? width - used : 0;
	/* (3) towards the declared width, then the text's, the most
	 * useful first: an IPv6 endpoint does not starve the name beside */
	layout_grow(cols, n, shown, want, maxprio, w, &spare);
	/* (4) a cut column takes the room of less useful ones */
	layout_give_way(cols, n, shown, want, maxprio, w, &spare);
	/* a dropped column comes back when what is left holds it whole */
	for (p = 0; p <= maxprio; p++)
		for (i = 0; i < n; i++)
			if (!shown[i] && cols[i].prio == p &&
			    want[i] + 1 <= spare &&
			    !layout_with_hidden(cols, n, shown, i)) {
				shown[i] = true;
				w[i] = want[i];
				spare -= want[i] + 1;
			}
	count = 0;
	for (i = 0; i < n; i++) {
		if (shown[i])
			count++;
		if (shown[i] && cols[i].flex)
			nflex++;
	}
	for (i = 0; i < n; i++) {
		if (!shown[i]) {
			x[i] = 0;
			continue;
		}
		if (cols[i].flex && nflex) {
			int add = spare / nflex;

			w[i] += add;
			spare -= add;
			nflex--;
		}
		if (pos + w[i] > width)
			w[i] = width - pos > 0 ? width - pos : 0;
		x[i] = pos;
		pos += w[i] + 1;
	}
	return count;
}

/* Step K of the scroll: the first column shown (*FIRST) and how many
 * cells of its text go (*SKIP). A column narrower than WIDTH is one step;
 * a wider one a step more each half screen until its end is on screen,
 * as less -S moves a long line. */
static void
layout_scroll_at(size_t n, int width, const int *need, size_t k,
		 size_t *first, int *skip)
{
	int half = width / 2 > 0 ? width / 2 : 1;
	size_t i = 0;
	int s = 0;

	while (k-- > 0 && i < n) {
		int cw = need[i] > 0 ? need[i] : 1;

		if (cw - s > width) {
			s = s + half < cw - width ? s + half : cw - width;
			continue;
		}
		if (i + 1 == n)
			break;
		i++;
		s = 0;
	}
	*first = i;
	*skip = s;
}

/* Whether the columns from FIRST on, its first SKIP cells gone, fit. */
static bool
layout_scroll_fits(size_t n, int width, const int *need, size_t first,
		   int skip)
{
	int used = -1;

	for (size_t i = first; i < n; i++)
		used += (need[i] > 0 ? need[i] : 1) + 1 - (i == first ? skip : 0);
	return used <= width;
}

size_t
layout_columns_scroll(size_t n, int width, const int *need, size_t step,
		      int *x, int *w, int *skip)
{
	size_t i, first, last;
	int pos = 0, s;

	if (n > LAYOUT_MAX_COLUMNS)
		n = LAYOUT_MAX_COLUMNS;
	if (n == 0)
		return 0;
	if (width < 1)
		width = 1;
	/* the first step from which the rest fit: every column wider than
	 * the screen takes at most (cells / half width) steps */
	for (last = 0;; last++) {
		layout_scroll_at(n, width, need, last, &first, &s);
		if (layout_scroll_fits(n, width, need, first, s))
			break;
	}
	if (step > last)
		step = last;
	layout_scroll_at(n, width, need, step, &first, &s);
	for (i = 0; i < n; i++) {
		int cw = (need[i] > 0 ? need[i] : 1) - (i == first ? s : 0);

		x[i] = 0;
		w[i] = 0;
		skip[i] = i == first ? s : 0;
		if (i < first || pos >= width)
			continue;
		x[i] = pos;
		w[i] = pos + cw > width ? width - pos : cw;
		pos += cw + 1;
	}
	return last;
}

void
layout_detail(struct layout_detail *d, const struct layout_rect *body,
	      int hex_lines)
{
	int avail = body->h - 1, hex_h;
	/* 16 bytes need 6 + 16*3 + 1 + 16 = 71 cells. */
	int wide = body->w >= 150;

	memset(d, 0, sizeof(*d));
	d->info = (struct layout_rect){ body->y, body->x, 1, body->w };
	d->hex_bytes_per_line = 16;
	if (wide) {
		d->hex = (struct layout_rect){ body->y + 1, body->x + body->w - 72,
					       avail, 72 };
		d->tree = (struct layout_rect){ body->y + 1, body->x, avail,
						body->w - 73 };
		return;
	}
	if (body->w < 72) {
		d->hex_bytes_per_line = 8;
		hex_lines *= 2;
	}
	hex_h = avail / 2;
	if (hex_lines > 0 && hex_lines < hex_h)
		hex_h = hex_lines;
	d->tree = (struct layout_rect){ body->y + 1, body->x, avail - hex_h,
					body->w };
	d->hex = (struct layout_rect){ d->tree.y + d->tree.h, body->x, hex_h,
				       body->w };
}
