/*
 * draw: the only way text reaches the screen. Every string is cut to its
 * cell width, padded, and passed through a last filter that turns control
 * characters and invalid UTF-8 into '?', so even a string someone forgot
 * to escape cannot move the cursor or retitle the terminal.
 */
#ifndef PKTOP_UI_DRAW_H
#define PKTOP_UI_DRAW_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

/* Cells TEXT takes on screen, after the same filtering draw_text does. */
int draw_width(const char *text);

/* Copy TEXT into OUT (SIZE bytes), keeping only what fits in WIDTH cells
 * and replacing anything unprintable with '?'. Returns the cells used. */
int draw_fit(const char *text, int width, char *out, size_t size);

/* How draw_cut shortens (the values of enum ui_cut in view.h). */
#define DRAW_CUT_END 0
#define DRAW_CUT_MIDDLE 1
#define DRAW_CUT_ENDPOINT 2

/* TEXT into OUT in at most WIDTH cells; when it does not fit, MARK shows
 * where text went: at the end, in the middle, or in the middle of the
 * host of "host:port" / "[v6]:port" with the port kept whole. *CUT (may
 * be NULL) says whether anything went. Returns the cells used. */
int draw_cut(const char *text, int width, int how, const char *mark,
	     char *out, size_t size, bool *cut);

/* TEXT without its first CELLS cells, into OUT: MARK takes the first
 * cell left, so the start reads as cut (a column scrolled as less -S
 * does); only MARK when nothing is left, "" for an empty TEXT. Returns
 * the cells of OUT. */
int draw_skip(const char *text, int cells, const char *mark, char *out,
	      size_t size);

/* ITEMS, one a line ("Title: value" each), into OUT in at most WIDTH
 * cells, two spaces between: whole items while they fit, then MARK for
 * the ones that do not, so no value is cut in its middle (a port, a
 * number). An item wider than the line on its own (a long Info), or a
 * first one that leaves no room for the mark, is cut at its end with
 * MARK in what is left. Returns the cells of OUT. */
int draw_items(const char *items, int width, const char *mark, char *out,
	       size_t size);

/* Draw TEXT at (Y, X) in exactly W cells with ATTR: cut, padded with
 * spaces, right-aligned when RIGHT. Returns the cells of text drawn. */
int draw_text(int y, int x, int w, const char *text, attr_t attr, bool right);

/* Draw without padding; returns the cells used (at most W). */
int draw_str(int y, int x, int w, const char *text, attr_t attr);

/* Fill W cells at (Y, X) with spaces in ATTR. */
void draw_blank(int y, int x, int w, attr_t attr);

#endif
