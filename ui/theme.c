/*
 * theme: the colour schemes (--theme, the settings file's "theme"): the
 * default (htop-like: cyan headers, a blue bar under the busiest rows;
 * no meaning carried by red against green, so it reads the same with the
 * common colour-blindnesses), high contrast (black, white and yellow
 * only, bold text), and monochrome (bold, reverse and underline, also
 * used when the terminal has no colours or NO_COLOR is set); and the
 * UTF-8 / ASCII glyph sets.
 */
#include "config.h"

#include "theme.h"

#include <string.h>

struct theme theme;

bool
theme_wants_utf8(const char *codeset, const char *term)
{
	if (!codeset || (strcmp(codeset, "UTF-8") != 0 &&
			 strcmp(codeset, "utf8") != 0))
		return false;
	/* A real vt100 (and terminals that claim to be one) has no idea of
	 * UTF-8; "dumb" draws nothing fancy either. */
	if (term && (strncmp(term, "vt100", 5) == 0 ||
		     strncmp(term, "vt220", 5) == 0 || strcmp(term, "dumb") == 0))
		return false;
	return true;
}

bool
theme_wants_color(const char *no_color, bool has_colors)
{
	/* https://no-color.org: set and not empty means no colour. */
	if (no_color && no_color[0])
		return false;
	return has_colors;
}

void
theme_set_glyphs(bool utf8)
{
	static const char *const spark_utf8[9] = {
		" ", "\u2581", "\u2582", "\u2583", "\u2584",
		"\u2585", "\u2586", "\u2587", "\u2588",
	};
	static const char *const spark_ascii[9] = {
		" ", ".", ".", "_", "-", "=", "+", "*", "#",
	};
	static const char *const bar_utf8[9] = {
		" ", "\u258f", "\u258e", "\u258d", "\u258c",
		"\u258b", "\u258a", "\u2589", "\u2588",
	};
	static const char *const bar_ascii[9] = {
		" ", " ", " ", " ", "#", "#", "#", "#", "#",
	};
	int i;

	theme.utf8 = utf8;
	for (i = 0; i < 9; i++) {
		theme.spark[i] = utf8 ? spark_utf8[i] : spark_ascii[i];
		theme.bar[i] = utf8 ? bar_utf8[i] : bar_ascii[i];
	}
	theme.open = utf8 ? "\u25be" : "-";
	theme.closed = utf8 ? "\u25b8" : "+";
	theme.leaf = " ";
	theme.up = utf8 ? "\u25b2" : "^";
	theme.down = utf8 ? "\u25bc" : "v";
	theme.both = utf8 ? "\u21c4" : "<>";
	theme.ellipsis = utf8 ? "\u2026" : "~";
}

struct theme_pair {
	short fg, bg;
	attr_t extra;   /* added in colour mode */
	attr_t mono;    /* used alone without colour */
};

static const struct theme_pair theme_pairs[THEME_COUNT] = {
	[THEME_NORMAL] = { .fg = -1, .bg = -1, .mono = A_NORMAL },
	[THEME_TITLE] = { .fg = COLOR_CYAN, .bg = -1, .extra = A_BOLD,
			  .mono = A_BOLD },
	[THEME_LABEL] = { .fg = COLOR_CYAN, .bg = -1, .mono = A_NORMAL },
	[THEME_GRAPH] = { .fg = COLOR_CYAN, .bg = -1, .mono = A_NORMAL },
	[THEME_TAB] = { .fg = -1, .bg = -1, .mono = A_NORMAL },
	[THEME_TAB_ACTIVE] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN,
			       .mono = A_REVERSE | A_BOLD },
	[THEME_COLHDR] = { .fg = COLOR_WHITE, .bg = COLOR_BLUE, .extra = A_BOLD,
			   .mono = A_REVERSE },
	[THEME_SORTED] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN, .extra = A_BOLD,
			   .mono = A_BOLD },
	[THEME_SELECTED] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN,
			     .mono = A_REVERSE | A_BOLD },
	[THEME_BAR] = { .fg = -1, .bg = -1, .extra = A_REVERSE,
			.mono = A_UNDERLINE },
	[THEME_KEY] = { .fg = -1, .bg = -1, .extra = A_BOLD,
			.mono = A_BOLD },
	[THEME_FOOTER] = { .fg = COLOR_BLACK, .bg = COLOR_CYAN,
			   .mono = A_REVERSE },
	[THEME_ERROR] = { .fg = COLOR_RED, .bg = -1, .extra = A_BOLD,
			  .mono = A_BOLD },
	[THEME_PAUSED] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			   .extra = A_BOLD, .mono = A_REVERSE | A_BOLD },
	[THEME_HIGHLIGHT] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			      .mono = A_REVERSE },
	[THEME_DIM] = { .fg = COLOR_BLUE, .bg = -1, .extra = A_BOLD,
			.mono = A_DIM },
	[THEME_CLIENT] = { .fg = COLOR_RED, .bg = -1, .mono = A_NORMAL },
	[THEME_SERVER] = { .fg = COLOR_BLUE, .bg = -1, .extra = A_BOLD,
			   .mono = A_BOLD },
	[THEME_DF_OK] = { .fg = COLOR_BLACK, .bg = COLOR_GREEN,
			  .mono = A_BOLD },
	[THEME_DF_BAD] = { .fg = COLOR_WHITE, .bg = COLOR_RED,
			   .extra = A_BOLD, .mono = A_REVERSE },
};

/* Black, white and yellow only; every text bold. */
static const struct theme_pair theme_pairs_contrast[THEME_COUNT] = {
	[THEME_NORMAL] = { .fg = COLOR_WHITE, .bg = COLOR_BLACK },
	[THEME_TITLE] = { .fg = COLOR_YELLOW, .bg = COLOR_BLACK,
			  .extra = A_BOLD },
	[THEME_LABEL] = { .fg = COLOR_WHITE, .bg = COLOR_BLACK,
			  .extra = A_BOLD },
	[THEME_GRAPH] = { .fg = COLOR_YELLOW, .bg = COLOR_BLACK },
	[THEME_TAB] = { .fg = COLOR_WHITE, .bg = COLOR_BLACK },
	[THEME_TAB_ACTIVE] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			       .extra = A_BOLD },
	[THEME_COLHDR] = { .fg = COLOR_BLACK, .bg = COLOR_WHITE,
			   .extra = A_BOLD },
	[THEME_SORTED] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			   .extra = A_BOLD },
	[THEME_SELECTED] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			     .extra = A_BOLD },
	[THEME_BAR] = { .fg = COLOR_BLACK, .bg = COLOR_WHITE },
	[THEME_KEY] = { .fg = COLOR_YELLOW, .bg = COLOR_BLACK,
			.extra = A_BOLD },
	[THEME_FOOTER] = { .fg = COLOR_BLACK, .bg = COLOR_WHITE },
	[THEME_ERROR] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			  .extra = A_BOLD },
	[THEME_PAUSED] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			   .extra = A_BOLD },
	[THEME_HIGHLIGHT] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			      .extra = A_BOLD },
	[THEME_DIM] = { .fg = COLOR_WHITE, .bg = COLOR_BLACK },
	[THEME_CLIENT] = { .fg = COLOR_WHITE, .bg = COLOR_BLACK },
	[THEME_SERVER] = { .fg = COLOR_YELLOW, .bg = COLOR_BLACK,
			   .extra = A_BOLD },
	[THEME_DF_OK] = { .fg = COLOR_WHITE, .bg = COLOR_BLACK,
			  .extra = A_BOLD },
	[THEME_DF_BAD] = { .fg = COLOR_BLACK, .bg = COLOR_YELLOW,
			   .extra = A_BOLD },
};

void
theme_init(bool utf8, bool color, enum theme_scheme scheme)
{
	const struct theme_pair *pairs = scheme == THEME_SCHEME_HIGH_CONTRAST
						 ? theme_pairs_contrast
						 : theme_pairs;
	int i;

	theme_set_glyphs(utf8);
	theme.color = false;
	if (color && scheme != THEME_SCHEME_MONOCHROME &&
	    start_color() == OK && COLOR_PAIRS > THEME_COUNT) {
		use_default_colors();
		theme.color = true;
	}
	for (i = 0; i < THEME_COUNT; i++) {
		const struct theme_pair *p = &pairs[i];

		if (!theme.color) {
			/* the mono attributes are the default scheme's */
			theme.attr[i] = theme_pairs[i].mono;
			continue;
		}
		if (p->fg == -1 && p->bg == -1) {
			theme.attr[i] = p->extra;
			continue;
		}
		init_pair((short)(i + 1), p->fg, p->bg);
		theme.attr[i] = COLOR_PAIR(i + 1) | p->extra;
	}
}
