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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Cells remembered, in sets of STEADY_WAYS: a cell goes in one set, in
 * the way its set used least recently. A page of a wide table is about
 * 500 cells; one slot per cell (direct mapping) lost one cell in ten to
 * a neighbour's hash, and such a cell changed every second. */
#define STEADY_SLOTS 4096
#define STEADY_WAYS 8
#define STEADY_TEXT 40 /* longer texts are never kept */

struct steady_cell {
	uint64_t row;  /* the row's identity (ui_view.row_id) */
	uint32_t col;  /* the view and column, STEADY_COL() */
	uint32_t used; /* when last asked for (struct steady.uses); 0: empty */
	double at;     /* when the text was last changed */
	char text[STEADY_TEXT];
};

struct steady {
	struct steady_cell cell[STEADY_SLOTS];
	uint32_t uses; /* cells asked for so far */
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

/* VALUE as shown for (ROW, COL) at NOW: it changes at PACE's ticks
 * only, with no zero shown at once (a row's fading, which is a whole
 * line sent again). PACE <= 0: VALUE. */
bool steady_flag(struct steady *st, uint64_t row, uint32_t col, double pace,
		 double now, bool value);

/* Forget every cell (a new capture, a cleared table). */
void steady_forget(struct steady *st);

/* The rows of a live table change only for a clear reason: each joining
 * or leaving row is a line sent to the terminal, and a table sorted by
 * a rate of bursty senders would otherwise trade a third of its rows
 * every second.
 * - Between two ticks of the order's pace the rows shown keep
 *   their lines; a row the model no longer lists leaves, and the
 *   model's best row not shown takes its line (the lines below stay).
 * - At a tick, a shown row keeps its line while the model lists it and
 *   no row the model puts on the page is more than half a page of
 *   places ahead of it (STEADY_MEMBER_SLACK at least); a row goes ahead
 *   of another only when the model puts it more than STEADY_ORDER_SLACK
 *   places ahead.
 * ID[0..N) are the rows the model lists, in its order (the caller
 * fetches more than a page, so a row that slipped a little is still
 * there); SHOWN[0..NSHOWN) the rows on screen, in screen order. SLOT
 * gets the model's places in the new screen order (all N of them; the
 * first PAGE are shown). */
#define STEADY_ORDER_SLACK 3
#define STEADY_MEMBER_SLACK 3
#define STEADY_ROWS_MAX 512 /* rows ordered at most; more keep the model's */
void steady_order(const uint64_t *id, size_t n, const uint64_t *shown,
		  size_t nshown, size_t page, bool tick, size_t *slot);

#endif
