/*
 * layout: where everything goes for a given terminal size, as plain
 * numbers (no curses), so a resize is one call and tests check the math.
 */
#ifndef PKTOP_UI_LAYOUT_H
#define PKTOP_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

struct ui_column;

#define LAYOUT_MIN_ROWS 10
#define LAYOUT_MIN_COLS 40

struct layout_rect {
	int y, x, h, w;
};

struct layout {
	int rows, cols;
	bool too_small;             /* below 40x10: one line says so */
	struct layout_rect title;   /* source, filter, PAUSED */
	struct layout_rect rates;   /* in/out rates, drops */
	struct layout_rect graph;   /* sparkline, h may be 0 */
	struct layout_rect tabs;
	struct layout_rect colhdr;
	struct layout_rect body;    /* table rows or the drill-down */
	struct layout_rect status;  /* edit line, messages */
	struct layout_rect footer;
};

void layout_compute(struct layout *l, int rows, int cols);

#define LAYOUT_MAX_COLUMNS 20

/* The columns of COLS[0..N) whose KEEP[i] is true, in order, into ON,
 * and MAP[k] the index in COLS of ON[k]; each .with is made to name its
 * companion among ON (a companion left out: the column goes too, as
 * .with of itself). Returns how many. */
size_t layout_columns_pick(const struct ui_column *cols, size_t n,
			   const bool *keep, struct ui_column *on, size_t *map);

/* Fit columns into WIDTH: X[i] and W[i] for each shown column, W[i] 0 for
 * the hidden ones. NEED[i] is the widest text of column i on screen (its
 * title included), or NULL to go by the declared widths. Numbers keep
 * their whole width; text shrinks to its .min (.share percent of WIDTH)
 * and is cut with a mark only after the highest-prio columns have gone;
 * spare width widens cut columns first, then the flex ones. Returns how
 * many are shown. */
size_t layout_columns_fit(const struct ui_column *cols, size_t n, int width,
			  const int *need, int *x, int *w);
size_t layout_columns(const struct ui_column *cols, size_t n, int width,
		      int *x, int *w);

/* Horizontal scroll (< and >), as less -S: step STEP shows the columns
 * from one on, each at its whole NEED width, the ones before it hidden
 * (W 0); the one reaching past WIDTH is cut at the edge, the ones after
 * it hidden. A column wider than WIDTH is a step, then a step more each
 * half WIDTH, its first SKIP[i] cells gone (0 for the others), until its
 * end is on screen. Returns the last step worth taking: the first from
 * which the rest fit, so a caller clamps its scroll to it. */
size_t layout_columns_scroll(size_t n, int width, const int *need,
			     size_t step, int *x, int *w, int *skip);

/* The drill-down: tree above, hex below (or side by side when wide). */
struct layout_detail {
	struct layout_rect info, tree, hex;
	int hex_bytes_per_line;     /* 16 or 8 */
};
/* HEX_LINES: lines the packet needs at 16 bytes a line; the hex pane
 * takes no more than that (nor more than half), the tree the rest. */
void layout_detail(struct layout_detail *d, const struct layout_rect *body,
		   int hex_lines);

#endif
