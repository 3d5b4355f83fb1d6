/*
 * theme: colours and glyphs. Colour pairs when the terminal has them and
 * NO_COLOR is unset, attributes alone otherwise; block and line glyphs in
 * a UTF-8 locale, ASCII on anything else (and on TERM=vt100).
 */
#ifndef PKTOP_UI_THEME_H
#define PKTOP_UI_THEME_H

#include <curses.h>
#include <stdbool.h>

enum theme_role {
	THEME_NORMAL,
	THEME_TITLE,      /* first header line */
	THEME_LABEL,      /* "in", "out", "drops" */
	THEME_GRAPH,      /* the bandwidth sparkline */
	THEME_TAB,
	THEME_TAB_ACTIVE,
	THEME_COLHDR,     /* table column titles */
	THEME_SORTED,     /* the column the table is sorted by */
	THEME_SELECTED,   /* the selected row */
	THEME_BAR,        /* iftop-style rate bar behind a row */
	THEME_KEY,        /* a key in the footer */
	THEME_FOOTER,     /* its label */
	THEME_ERROR,
	THEME_PAUSED,
	THEME_HIGHLIGHT,  /* bytes of the selected field in the hex pane */
	THEME_DIM,        /* offsets, secondary text */
	THEME_CLIENT,     /* Follow: node 0's bytes (Wireshark's red) */
	THEME_SERVER,     /* Follow: node 1's bytes (Wireshark's blue) */
	THEME_DF_OK,      /* a display filter that compiles (Wireshark: green) */
	THEME_DF_BAD,     /* one that does not (red) */
	THEME_COUNT
};

struct theme {
	bool color;
	bool utf8;
	attr_t attr[THEME_COUNT];
	const char *spark[9];   /* 0/8 .. 8/8 of a cell, bottom up */
	const char *bar[9];     /* 0/8 .. 8/8 of a cell, left to right */
	const char *open, *closed, *leaf; /* tree markers */
	const char *up, *down;  /* sort direction */
	const char *both;       /* between the endpoints of a connection */
	const char *ellipsis;
};

extern struct theme theme;

/* Should we draw UTF-8 glyphs for this locale codeset and TERM? */
bool theme_wants_utf8(const char *codeset, const char *term);
/* Should we use colour, given NO_COLOR's value (NULL when unset) and
 * whether the terminal has colours? */
bool theme_wants_color(const char *no_color, bool has_colors);

/* Glyphs only, no curses calls (tests use it). */
void theme_set_glyphs(bool utf8);
/* After initscr: colour pairs or attributes, and the glyphs. */
/* The same order as enum settings_theme. */
enum theme_scheme {
	THEME_SCHEME_DEFAULT,
	THEME_SCHEME_MONOCHROME,
	THEME_SCHEME_HIGH_CONTRAST,
};

void theme_init(bool utf8, bool color, enum theme_scheme scheme);

static inline attr_t
theme_attr(enum theme_role r)
{
	return theme.attr[r];
}

#endif
