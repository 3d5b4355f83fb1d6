/*
 * help: the overlay is a box over the tables with one line per binding
 * ("key  what it does"); the footer takes the bindings marked for it,
 * htop style (key highlighted, label after it), as many as fit.
 */
#include "config.h"

#include "help.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "draw.h"
#include "base/i18n.h"
#include "keymap.h"
#include "theme.h"

int
help_lines(void)
{
	/* a title, the bindings, a blank line, the notes */
	return 1 + (int)keymap_count + 1 + (int)keymap_notes_count;
}

/* Line I of the help text into KEY and TEXT. */
static void
help_line(int i, const char **key, const char **text)
{
	*key = "";
	*text = "";
	if (i == 0) {
		*text = _("pktop keys (any other key closes this help)");
		return;
	}
	i--;
	if (i < (int)keymap_count) {
		*key = keymap_table[i].keyname;
		*text = _(keymap_table[i].help);
		return;
	}
	i -= (int)keymap_count;
	if (i == 0)
		return;
	i--;
	if (i < (int)keymap_notes_count) {
		*key = _(keymap_notes[i].keyname);
		*text = _(keymap_notes[i].help);
	}
}

/* Bytes of TEXT that fit in WIDTH cells, ending at a space when one is
 * there (the rest wraps to the next line); at least one character. */
static size_t
help_wrap(const char *text, int width)
{
	char buf[1024];
	size_t fit, cut;

	draw_fit(text, width, buf, sizeof(buf));
	fit = strlen(buf);
	/* draw_fit's '?' stands for one byte or more: count on the text */
	if (draw_width(text) <= width)
		return strlen(text);
	for (cut = 0; cut < fit && text[cut]; cut++)
		;
	while (cut > 0 && text[cut] != ' ')
		cut--;
	if (cut == 0) {
		/* one long word: as much as fits, whole characters */
		cut = fit ? fit : 1;
		while (text[cut] && ((unsigned char)text[cut] & 0xc0) == 0x80)
			cut++;
	}
	return cut;
}

#define HELP_MAX_ROWS 512

struct help_row {
	const char *key;   /* "" on continuation lines */
	const char *text;  /* into the message */
	size_t len;        /* bytes of it on this row */
	bool title;
};

/* The help text wrapped to TW cells: no line is cut. */
static int
help_rows(struct help_row *rows, int max, int tw)
{
	int n = 0, i, total = help_lines();

	for (i = 0; i < total && n < max; i++) {
		const char *key, *text;
		size_t len;

		help_line(i, &key, &text);
		if (!text[0]) {
			rows[n++] = (struct help_row){ key, text, 0, false };
			continue;
		}
		while (*text && n < max) {
			len = help_wrap(text, i == 0 ? tw + 13 : tw);
			rows[n++] = (struct help_row){ key, text, len, i == 0 };
			key = "";
			text += len;
			while (*text == ' ')
				text++;
		}
	}
	return n;
}

void
help_draw(const struct layout *l, struct ui_state *s)
{
	static struct help_row rows[HELP_MAX_ROWS];
	int top = l->tabs.y, bottom = l->status.y; /* rows [top, bottom) */
	int h = bottom - top, w = l->cols - 4, x0 = 2, inner, row, n;
	char buf[1024], more[128];

	/* wide enough for the longest help line on a wide terminal */
	if (w > 110)
		w = 110;
	x0 = (l->cols - w) / 2;
	if (h < 3 || w < 20)
		return;
	inner = h - 2;
	s->help_page = inner;
	n = help_rows(rows, HELP_MAX_ROWS, w - 17);
	if (s->help_top > n - inner)
		s->help_top = n - inner;
	if (s->help_top < 0)
		s->help_top = 0;
	attrset(theme_attr(THEME_TITLE));
	/* Lines first, corners last: a corner drawn over half of a wide
	 * (CJK) character is blanked by curses when the cell beside it is
	 * written afterwards. */
	mvhline(top, x0 + 1, ACS_HLINE, w - 2);
	mvhline(top + h - 1, x0 + 1, ACS_HLINE, w - 2);
	mvvline(top + 1, x0, ACS_VLINE, h - 2);
	mvvline(top + 1, x0 + w - 1, ACS_VLINE, h - 2);
	mvaddch(top, x0, ACS_ULCORNER);
	mvaddch(top, x0 + w - 1, ACS_URCORNER);
	mvaddch(top + h - 1, x0, ACS_LLCORNER);
	mvaddch(top + h - 1, x0 + w - 1, ACS_LRCORNER);
	attrset(A_NORMAL);
	for (row = 0; row < inner; row++) {
		int y = top + 1 + row, i = s->help_top + row;
		const struct help_row *r;

		draw_blank(y, x0 + 1, w - 2, A_NORMAL);
		if (i >= n)
			continue;
		r = &rows[i];
		snprintf(buf, sizeof(buf), "%.*s", (int)r->len, r->text);
		if (r->title) {
			draw_text(y, x0 + 2, w - 4, buf, theme_attr(THEME_TITLE),
				  false);
			continue;
		}
		draw_text(y, x0 + 2, 12, r->key, theme_attr(THEME_KEY), false);
		draw_text(y, x0 + 15, w - 17, buf, A_NORMAL, false);
	}
	/* what lies above and below, on the frame */
	if (s->help_top > 0) {
		snprintf(more, sizeof(more), " %s %s ", theme.up,
			 _("more above (PgUp, Home)"));
		draw_str(top, x0 + 3, w - 6, more, theme_attr(THEME_TITLE));
	}
	if (s->help_top + inner < n) {
		snprintf(more, sizeof(more), " %s %s ", theme.down,
			 _("more below (PgDn, End)"));
		draw_str(top + h - 1, x0 + 3, w - 6, more,
			 theme_attr(THEME_TITLE));
	}
}

void
help_footer(const struct layout *l, const struct ui_state *s)
{
	const struct layout_rect *r = &l->footer;
	unsigned scope = s->detail ? KEYMAP_DETAIL : KEYMAP_TABLE;
	int x = r->x, end = r->x + r->w;
	size_t i;

	draw_blank(r->y, r->x, r->w, theme_attr(THEME_FOOTER));
	if (s->edit != UI_EDIT_NONE) {
		draw_text(r->y, r->x, r->w,
			  _(" Enter apply  Esc cancel  Up/Down history  Ctrl-U erase"),
			  theme_attr(THEME_FOOTER), false);
		return;
	}
	for (i = 0; i < keymap_count; i++) {
		const struct keymap_binding *b = &keymap_table[i];
		char key[16];
		const char *sp, *label;
		int kw, lw;

		if (!b->footer || !(b->scope & scope))
			continue;
		/* First key name only: "space p" shows as "space". */
		sp = strchr(b->keyname, ' ');
		snprintf(key, sizeof(key), "%.*s",
			 (int)(sp ? (size_t)(sp - b->keyname) : strlen(b->keyname)),
			 b->keyname);
		/* n steps through a find while one is in force */
		label = b->run == ui_cmd_names && ui_state_finding(s)
				? _("Next")
				: _(b->footer);
		kw = draw_width(key);
		lw = draw_width(label);
		if (x + kw + lw + 3 > end) {
			/* more keys than room: say so (? lists them all) */
			draw_str(r->y, end - 1, 1, theme.ellipsis,
				 theme_attr(THEME_FOOTER));
			break;
		}
		draw_str(r->y, x, kw, key, theme_attr(THEME_KEY));
		draw_str(r->y, x + kw + 1, lw, label, theme_attr(THEME_FOOTER));
		x += kw + lw + 3;
	}
}
