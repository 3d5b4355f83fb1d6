/*
 * progress: the loading bar (see progress.h).
 */
#include "config.h"

#include "progress.h"

#include <curses.h>

#include "draw.h"
#include "base/i18n.h"
#include "theme.h"

#define PROGRESS_BAR_MAX 40

void
progress_draw(const struct layout_rect *r, const struct load_progress *p,
	      const struct model_totals *t)
{
	char text[160];
	double done = load_progress_fraction(t);
	int bar_w, fill, x = r->x + 1, end = r->x + r->w, i, lw;
	const char *label = _("loading");

	if (r->w < 20)
		return;
	load_progress_text(p, t, text, sizeof(text));
	draw_blank(r->y, r->x, r->w, A_NORMAL);
	lw = draw_str(r->y, x, end - x, label, theme_attr(THEME_LABEL));
	x += lw + 1;
	if (done >= 0) {
		bar_w = r->w / 3 > PROGRESS_BAR_MAX ? PROGRESS_BAR_MAX : r->w / 3;
		fill = (int)(done * bar_w + 0.5);
		mvaddch(r->y, x, '[');
		for (i = 0; i < bar_w; i++)
			mvaddch(r->y, x + 1 + i,
				i < fill ? ('#' | theme_attr(THEME_BAR)) : '.');
		mvaddch(r->y, x + 1 + bar_w, ']');
		x += bar_w + 3;
	}
	if (x < end)
		draw_str(r->y, x, end - x, text, theme_attr(THEME_NORMAL) | A_BOLD);
}
