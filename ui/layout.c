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

size_t
layout_columns(const struct ui_column *cols, size_t n, int width, int *x,
	       int *w)
{
	bool shown[LAYOUT_MAX_COLUMNS] = { false };
	int used = 0, nflex = 0, spare, pos = 0, maxprio = 0;
	size_t i, count = 0;
	int p;

	if (n > LAYOUT_MAX_COLUMNS)
		n = LAYOUT_MAX_COLUMNS;
	for (i = 0; i < n; i++)
		if (cols[i].prio > maxprio)
			maxprio = cols[i].prio;
	/* Admit columns by priority while they fit, one space between. */
	for (p = 0; p <= maxprio; p++) {
		for (i = 0; i < n; i++) {
			int need = cols[i].width + (count ? 1 : 0);

			if (cols[i].prio != p)
				continue;
			if (used + need > width && !(p == 0 && count == 0))
				continue;
			shown[i] = true;
			used += need;
			count++;
		}
	}
	for (i = 0; i < n; i++)
		if (shown[i] && cols[i].flex)
			nflex++;
	spare = width > used ? width - used : 0;
	for (i = 0; i < n; i++) {
		if (!shown[i]) {
			x[i] = w[i] = 0;
			continue;
		}
		w[i] = cols[i].width;
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
