/*
 * steady: a live table's numbers change at the pace of what they
 * measure, so a remote terminal is not sent every wobble of every cell.
 *
 * A 2 s rate recomputed every second differs in its last digit every
 * second; on a busy host that is hundreds of cells a second, and over
 * SSH every one is a cursor move, a colour and a few characters. A cell
 * of a paced column keeps the text it showed until its pace's tick comes
 * (ticks are aligned to the clock, so all the cells of one pace change
 * in the same refresh and a row is rewritten in one run), iftop's way
 * of redrawing its 2 s windows every 2 s. What must not wait is shown
 * at once: a value that goes to or from zero (a sender that stops, a
 * new talker). The cells are known by their row's identity (a host's
 * address, a connection's id), never by their place on screen, so a
 * kept text never lands on another row. UI thread only.
 */
#ifndef PKTOP_UI_STEADY_H
#define PKTOP_UI_STEADY_H

#include <stddef.h>
#include <stdint.h>

#define STEADY_SLOTS 4096 /* cells remembered; a collision only redraws */
#define STEADY_TEXT 40    /* longer texts are never kept */

struct steady_cell {
	uint64_t row;   /* the row's identity (ui_view.row_id) */
	uint32_t col;   /* the view and column, STEADY_COL() */
	uint32_t used;  /* 0: empty */
	double at;      /* when the text was last changed */
	char text[STEADY_TEXT];
};

struct steady {
	struct steady_cell cell[STEADY_SLOTS];
};

/* The column key of column COL of view VIEW (both small). */
#define STEADY_COL(view, col) ((uint32_t)(view) << 8 | (uint32_t)(col))

/* TEXT is cell (ROW, COL)'s new text at time NOW. When the cell showed
 * another text since PACE's last tick (the clock's multiples of PACE
 * seconds) and neither text reads zero (no digit 1-9: "0b", "0", "-")
 * where the other does not, TEXT becomes the one shown; otherwise TEXT
 * is remembered as shown. PACE <= 0 keeps nothing. */
void steady_text(struct steady *st, uint64_t row, uint32_t col, double pace,
		 double now, char *text, size_t size);

/* Forget every cell (a new capture, a cleared table). */
void steady_forget(struct steady *st);

#endif
