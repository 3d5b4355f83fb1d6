/*
 * test_ui_text: what reaches the terminal: escaping of packet strings,
 * the last-line filter in draw_fit, glyph and colour choice (UTF-8 vs
 * ASCII, NO_COLOR), and the human units.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <locale.h>
#include <string.h>

#include "base/escape.h"
#include "draw.h"
#include "format.h"
#include "header.h"
#include "steady.h"
#include "view.h"
#include "theme.h"

static void
test_escape_sequences_become_visible_text(void **state)
{
	const char evil[] = "a\x1b]0;owned\x07\x1b[2Jb\r\n";
	char out[128];

	(void)state;
	escape_text(evil, sizeof(evil) - 1, out, sizeof(out));
	assert_null(strchr(out, 0x1b));
	assert_null(strchr(out, 0x07));
	assert_string_equal(out,
			    "a\\x1b]0;owned\\x07\\x1b[2Jb\\x0d\\x0a");
}

static void
test_escape_keeps_utf8_but_not_c1_or_invalid(void **state)
{
	char out[128];

	(void)state;
	escape_text("caf\xc3\xa9", 5, out, sizeof(out));
	assert_string_equal(out, "caf\xc3\xa9");
	/* U+009B (CSI) as UTF-8, an overlong '/', a lone continuation. */
	escape_text("\xc2\x9b\xc0\xaf\x80", 5, out, sizeof(out));
	assert_string_equal(out, "\\u{009b}\\xc0\\xaf\\x80");
	/* Backslash doubles so an escape cannot be faked. */
	escape_text("\\x1b", 4, out, sizeof(out));
	assert_string_equal(out, "\\\\x1b");
	/* NUL inside the bytes does not end the string early. */
	escape_text("a\0b", 3, out, sizeof(out));
	assert_string_equal(out, "a\\x00b");
}

static void
test_escape_cuts_at_the_buffer_without_half_escapes(void **state)
{
	char out[6];

	(void)state;
	escape_text("ab\x1b\x1b", 4, out, sizeof(out));
	assert_string_equal(out, "ab");
	escape_text("abcdefgh", 8, out, sizeof(out));
	assert_string_equal(out, "abcde");
}

static void
test_draw_fit_replaces_controls_and_cuts_by_cells(void **state)
{
	char out[64];

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_int_equal(draw_fit("a\x1b[31mb", 10, out, sizeof(out)), 7);
	assert_string_equal(out, "a?[31mb");
	/* A wide character takes two cells and is not cut in half. */
	assert_int_equal(draw_fit("ab\xe4\xb8\xad", 3, out, sizeof(out)), 2);
	assert_string_equal(out, "ab");
	assert_int_equal(draw_width("ab\xe4\xb8\xad"), 4);
	assert_int_equal(draw_fit("\xc2\x9b", 5, out, sizeof(out)), 1);
	assert_string_equal(out, "?");
	/* A bidi override or a zero-width space never reaches curses. */
	assert_int_equal(draw_fit("abc\xe2\x80\xaegpj", 20, out, sizeof(out)),
			 7);
	assert_string_equal(out, "abc?gpj");
	assert_int_equal(draw_width("a\xe2\x80\x8b" "b"), 3);
	/* In the C locale every byte above ASCII is a '?'. */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	draw_fit("caf\xc3\xa9", 10, out, sizeof(out));
	assert_null(strchr(out, (char)0xc3));
}

/* A cut never takes a port and always leaves its mark. */
static void
test_draw_cut_marks_and_keeps_ports(void **state)
{
	char out[128];
	bool cut;

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	/* fits: unchanged, no mark */
	draw_cut("10.0.0.1:443", 20, DRAW_CUT_ENDPOINT, "~", out, sizeof(out),
		 &cut);
	assert_string_equal(out, "10.0.0.1:443");
	assert_false(cut);
	/* text: the end goes */
	assert_int_equal(draw_cut("api5.shop.example.test", 10, DRAW_CUT_END,
				  "~", out, sizeof(out), &cut),
			 10);
	assert_string_equal(out, "api5.shop~");
	assert_true(cut);
	/* IPv4 endpoint: the host's middle goes, the port stays */
	draw_cut("192.168.1.128:37643", 15, DRAW_CUT_ENDPOINT, "~", out,
		 sizeof(out), &cut);
	assert_string_equal(out, "192.~.128:37643");
	/* IPv6 endpoint: brackets and the port stay */
	draw_cut("[2001:db8:1234:5678:9abc:def0:1122:3344]:50000", 21,
		 DRAW_CUT_ENDPOINT, "\u2026", out, sizeof(out), &cut);
	assert_string_equal(out, "[2001:d\u20262:3344]:50000");
	assert_int_equal(draw_width(out), 21);
	/* a bare IPv6 address has no port: its middle goes */
	draw_cut("2001:db8:1234:5678:9abc:def0:1122:3344", 12, DRAW_CUT_ENDPOINT,
		 "~", out, sizeof(out), &cut);
	assert_string_equal(out, "2001:d~:3344");
	/* too narrow even for the port: the end goes, still marked */
	draw_cut("[2001:db8::1]:50000", 6, DRAW_CUT_ENDPOINT, "~", out,
		 sizeof(out), &cut);
	assert_string_equal(out, "[2001~");
	/* wide characters are never split, the mark still shows */
	assert_true(draw_cut("\xe4\xb8\xad\xe4\xb8\xad\xe4\xb8\xad", 4,
			     DRAW_CUT_END, "~", out, sizeof(out), &cut) <= 4);
	assert_string_equal(out, "\xe4\xb8\xad~");
}

/* > along a column wider than the screen: the start goes, the mark in
 * the first cell left, so the text keeps its width less the cells gone */
static void
test_draw_skip_scrolls_text_left(void **state)
{
	char out[128];

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_int_equal(draw_skip("0123456789", 4, "~", out, sizeof(out)), 6);
	assert_string_equal(out, "~56789");
	draw_skip("0123456789", 0, "~", out, sizeof(out));
	assert_string_equal(out, "0123456789");
	/* nothing left: the mark says text went */
	draw_skip("abc", 5, "~", out, sizeof(out));
	assert_string_equal(out, "~");
	draw_skip("", 5, "~", out, sizeof(out));
	assert_string_equal(out, "");
	/* a wide character across the edge goes whole */
	assert_int_equal(draw_skip("\xe4\xb8\xad\xe4\xb8\xadx", 1, "~", out,
				   sizeof(out)),
			 4);
	assert_string_equal(out, "~\xe4\xb8\xadx");
}

/* The status line's "Title: value" items: cut between them, never in a
 * port (80x24 cut "Endpoint B: [2001:d…" in the middle of an address,
 * and once "...:376" in the middle of a port) */
static void
test_draw_items_cut_between_items(void **state)
{
	const char *items = "Endpoint A: 192.168.1.128:37643\n"
			    "Endpoint B: 203.0.113.100:50000\n"
			    "Pkts: 3";
	char out[256];

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	/* all fit: two spaces between */
	draw_items(items, 80, "~", out, sizeof(out));
	assert_string_equal(out, "Endpoint A: 192.168.1.128:37643  "
				 "Endpoint B: 203.0.113.100:50000  Pkts: 3");
	/* 60 cells: the second item would end at its port's "5000": it
	 * goes whole, marked */
	assert_true(draw_items(items, 60, "~", out, sizeof(out)) <= 60);
	assert_string_equal(out, "Endpoint A: 192.168.1.128:37643  ~");
	/* the last one fits only without the mark's room: still whole */
	draw_items("ab\ncd", 6, "~", out, sizeof(out));
	assert_string_equal(out, "ab  cd");
	/* an item wider than the line alone is cut at its end */
	draw_items("Proto: TCP\nInfo: GET /part-00/part-01/part-02", 30, "~",
		   out, sizeof(out));
	assert_string_equal(out, "Proto: TCP  Info: GET /part-0~");
	/* a first item that leaves no room for "  ~": its end goes, so
	 * the mark still says more follows */
	draw_items("Info: 0123456789\nPkts: 3", 17, "~", out, sizeof(out));
	assert_string_equal(out, "Info: 01234567~");
	draw_items("Info: 0123456789\nPkts: 3", 12, "~", out, sizeof(out));
	assert_string_equal(out, "Info: 01234~");
	draw_items("", 10, "~", out, sizeof(out));
	assert_string_equal(out, "");
}

static void
test_utf8_glyphs_only_in_a_utf8_locale_and_not_on_vt100(void **state)
{
	(void)state;
	assert_true(theme_wants_utf8("UTF-8", "xterm-256color"));
	assert_true(theme_wants_utf8("UTF-8", "tmux-256color"));
	assert_false(theme_wants_utf8("ANSI_X3.4-1968", "xterm"));
	assert_false(theme_wants_utf8("UTF-8", "vt100"));
	assert_false(theme_wants_utf8(NULL, "xterm"));
	theme_set_glyphs(false);
	assert_string_equal(theme.spark[8], "#");
	assert_true(strlen(theme.bar[8]) == 1);
	theme_set_glyphs(true);
	assert_string_equal(theme.spark[8], "\u2588");
}

static void
test_no_color_is_honoured(void **state)
{
	(void)state;
	assert_false(theme_wants_color("1", true));
	assert_true(theme_wants_color("", true)); /* empty: ignored */
	assert_true(theme_wants_color(NULL, true));
	assert_false(theme_wants_color(NULL, false));
}

static void
test_units(void **state)
{
	char b[32];

	(void)state;
	format_rate(125000, true, false, b, sizeof(b));
	assert_string_equal(b, "1.00Mb");
	format_rate(125000, false, true, b, sizeof(b));
	assert_string_equal(b, "125KB/s");
	format_rate(0, true, false, b, sizeof(b));
	assert_string_equal(b, "0b");
	format_bytes(1536, b, sizeof(b));
	assert_string_equal(b, "1.50KiB");
	format_bytes(999, b, sizeof(b));
	assert_string_equal(b, "999B");
	format_count(999999, b, sizeof(b));
	assert_string_equal(b, "999999");
	format_count(1234567, b, sizeof(b));
	assert_string_equal(b, "1.23M");
	format_duration(42.9, b, sizeof(b));
	assert_string_equal(b, "42s");
	format_duration(3725, b, sizeof(b));
	assert_string_equal(b, "1h02m");
	format_duration(-5, b, sizeof(b));
	assert_string_equal(b, "0s");
}

static void
test_graph_keeps_the_newest_samples_in_order(void **state)
{
	struct header_graph g;
	double v[HEADER_HISTORY];
	unsigned i, n;

	(void)state;
	header_graph_clear(&g);
	assert_int_equal(header_graph_last(&g, v, 10), 0);
	for (i = 0; i < HEADER_HISTORY + 7; i++)
		header_graph_add(&g, i);
	n = header_graph_last(&g, v, 3);
	assert_int_equal(n, 3);
	assert_true(v[0] == HEADER_HISTORY + 4 && v[2] == HEADER_HISTORY + 6);
	n = header_graph_last(&g, v, HEADER_HISTORY * 2);
	assert_int_equal(n, HEADER_HISTORY);
	assert_true(v[0] == 7);
}

static void
test_bars_grow_on_a_log_scale(void **state)
{
	(void)state;
	assert_true(view_bar_fraction(0) == 0);
	assert_true(view_bar_fraction(0.1) > 0); /* any traffic shows */
	assert_true(view_bar_fraction(125e6) == 1); /* 1 Gb/s fills it */
	assert_true(view_bar_fraction(1e12) == 1);
	assert_true(view_bar_fraction(1250) > view_bar_fraction(125));
	/* 10 b/s .. 1 Gb/s over 8 decades: 1 Mb/s is at 5/8. */
	assert_true(view_bar_fraction(125000) > 0.62 &&
		    view_bar_fraction(125000) < 0.63);
}

/* Live cells change at their pace (steady.h): within a tick of the
 * clock's multiples of the pace a cell keeps its text, unless it goes
 * to or from zero; the next tick shows the new one. Rows and columns
 * keep their own texts; pace 0 keeps nothing. */
static void
test_steady_cells_change_at_their_pace(void **state)
{
	static struct steady st;
	char buf[STEADY_TEXT + 16];

	(void)state;
	steady_forget(&st);
#define CELL(row, col, pace, now, text)                                    \
	(snprintf(buf, sizeof(buf), "%s", text),                           \
	 steady_text(&st, row, STEADY_COL(1, col), pace, now, buf,          \
		     sizeof(buf)),                                          \
	 buf)
	assert_string_equal(CELL(7, 1, 2, 100.1, "8.00Kb"), "8.00Kb");
	/* the same tick (100 .. 102): the text stays */
	assert_string_equal(CELL(7, 1, 2, 101.1, "8.24Kb"), "8.00Kb");
	assert_string_equal(CELL(7, 1, 2, 101.9, "9.10Kb"), "8.00Kb");
	/* another row, another column, another view: their own */
	assert_string_equal(CELL(8, 1, 2, 101.9, "8.24Kb"), "8.24Kb");
	assert_string_equal(CELL(7, 2, 2, 101.9, "1.10Kb"), "1.10Kb");
	snprintf(buf, sizeof(buf), "%s", "5b");
	steady_text(&st, 7, STEADY_COL(2, 1), 2, 101.9, buf, sizeof(buf));
	assert_string_equal(buf, "5b");
	/* the next tick shows the value as it is, then keeps it */
	assert_string_equal(CELL(7, 1, 2, 102.05, "9.10Kb"), "9.10Kb");
	assert_string_equal(CELL(7, 1, 2, 103.5, "9.30Kb"), "9.10Kb");
	/* to zero at once (a sender that stops), and back at once */
	assert_string_equal(CELL(7, 1, 2, 103.6, "0b"), "0b");
	assert_string_equal(CELL(7, 1, 2, 103.7, "120b"), "120b");
	assert_string_equal(CELL(7, 1, 2, 103.8, "130b"), "120b");
	assert_string_equal(CELL(7, 1, 2, 103.9, "-"), "-");
	/* a longer pace holds longer */
	assert_string_equal(CELL(9, 3, 10, 110.0, "1.00Mb"), "1.00Mb");
	assert_string_equal(CELL(9, 3, 10, 119.9, "1.20Mb"), "1.00Mb");
	assert_string_equal(CELL(9, 3, 10, 120.0, "1.20Mb"), "1.20Mb");
	/* a text the tick's first refresh showed again (unchanged) is
	 * the tick's: the next one waits for the next tick, it does not
	 * come alone a second later */
	assert_string_equal(CELL(10, 3, 10, 118.0, "5.00Kb"), "5.00Kb");
	assert_string_equal(CELL(10, 3, 10, 120.5, "5.00Kb"), "5.00Kb");
	assert_string_equal(CELL(10, 3, 10, 121.5, "5.50Kb"), "5.00Kb");
	assert_string_equal(CELL(10, 3, 10, 130.0, "5.50Kb"), "5.50Kb");
	/* pace 0: every text as it is */
	assert_string_equal(CELL(9, 4, 0, 120.0, "1.00Mb"), "1.00Mb");
	assert_string_equal(CELL(9, 4, 0, 120.1, "1.01Mb"), "1.01Mb");
	/* forgotten (a key, a new capture): the new text at once */
	steady_forget(&st);
	assert_string_equal(CELL(7, 1, 2, 103.95, "9.50Kb"), "9.50Kb");
	/* a text too long to keep is shown and never held */
	assert_string_equal(
		CELL(7, 5, 2, 104.0,
		     "0123456789012345678901234567890123456789012345"),
		"0123456789012345678901234567890123456789012345");
	assert_string_equal(CELL(7, 5, 2, 104.1, "12"), "12");
#undef CELL
}

/* A flag (a row's fading) changes at its pace's ticks only, both ways,
 * with no zero rule: it is a whole line sent again. */
static void
test_steady_flag_changes_at_ticks(void **state)
{
	static struct steady st;

	(void)state;
	steady_forget(&st);
#define FLAG(row, col, pace, now, v)                                       \
	steady_flag(&st, row, STEADY_COL(1, col), pace, now, v)
	assert_false(FLAG(7, 0xfe, 10, 100.5, false));
	/* ended within the tick: shown at the next one */
	assert_false(FLAG(7, 0xfe, 10, 103.0, true));
	assert_false(FLAG(7, 0xfe, 10, 109.9, true));
	assert_true(FLAG(7, 0xfe, 10, 110.0, true));
	/* back within the tick: shown at the next one too */
	assert_true(FLAG(7, 0xfe, 10, 111.0, false));
	assert_false(FLAG(7, 0xfe, 10, 120.2, false));
	/* another row has its own; pace 0: as it is */
	assert_true(FLAG(8, 0xfe, 10, 120.3, true));
	assert_true(FLAG(7, 0xfd, 0, 120.4, true));
	assert_false(FLAG(7, 0xfd, 0, 120.5, false));
#undef FLAG
}

/* A page of a wide live table (40 rows of 14 columns) keeps every one
 * of its cells through a tick, also after 1000 other rows passed by:
 * no cell loses its slot to another's (direct mapping lost about one in
 * ten, which then changed every second), and the slots of cells not
 * asked for lately go to new ones. */
static void
test_steady_page_keeps_every_cell(void **state)
{
	static struct steady st;
	static char held[40][14][STEADY_TEXT];
	char buf[STEADY_TEXT];
	size_t row, col, kept = 0;
	int pass;

	(void)state;
	steady_forget(&st);
	/* pass 0 shows rows 0..39, pass 1 rows 1000..1999 (14,000 cells,
	 * more than the slots), passes 2..4 rows 0..39 again, all in one
	 * tick of pace 5 */
	for (pass = 0; pass < 5; pass++)
		for (row = pass == 1 ? 1000 : 0; row < (pass == 1 ? 2000 : 40);
		     row++)
			for (col = 0; col < 14; col++) {
				snprintf(buf, sizeof(buf), "%zu.%dKb", row + col,
					 pass);
				steady_text(&st, 0x5EED0000 + row * 7919,
					    STEADY_COL(2, col), 5,
					    100.5 + pass * 0.5, buf,
					    sizeof(buf));
				if (pass == 2)
					memcpy(held[row][col], buf,
					       sizeof(buf));
				if (pass == 4)
					kept += strcmp(buf, held[row][col]) ==
						0;
			}
	assert_int_equal(kept, 40 * 14);
}

/* Live rows change for a clear reason only (steady_order): between
 * ticks they keep their lines whatever the model's order; at a tick a
 * row ranked well ahead comes in, in the line of the last-placed shown
 * row, and moves up past rows more than STEADY_ORDER_SLACK behind it;
 * rows within the slacks stay where they are; a row the model no longer
 * lists leaves. */
static void
test_steady_rows_change_for_a_reason(void **state)
{
	uint64_t id[40], shown[8];
	size_t slot[40], i;

	(void)state;
	/* the model's order: ids 100.. in ranks 0..39; a page of 8 */
	for (i = 0; i < 40; i++)
		id[i] = 100 + i;
	/* shown: ranks 1..7, then 0 (the last row became the busiest) */
	for (i = 0; i < 7; i++)
		shown[i] = 101 + i;
	shown[7] = 100;
	/* between ticks: the lines stay as they were */
	steady_order(id, 40, shown, 8, 8, false, slot);
	for (i = 0; i < 7; i++)
		assert_int_equal(slot[i], 1 + i);
	assert_int_equal(slot[7], 0);
	/* a tick: it moves up past the rows more than 3 places behind it,
	 * and no further: 1 2 3 0 4 5 6 7 */
	steady_order(id, 40, shown, 8, 8, true, slot);
	assert_int_equal(slot[2], 3);
	assert_int_equal(slot[3], 0);
	assert_int_equal(slot[4], 4);
	assert_int_equal(slot[7], 7);
	/* shown: ranks 0..5 and 9, 10; within half a page (4) of the
	 * page's rows 6, 7: all stay, in their lines, 6 and 7 wait */
	for (i = 0; i < 6; i++)
		shown[i] = 100 + i;
	shown[6] = 109;
	shown[7] = 110;
	steady_order(id, 40, shown, 8, 8, true, slot);
	assert_int_equal(slot[6], 9);
	assert_int_equal(slot[7], 10);
	assert_int_equal(slot[8], 6); /* the rest: the model's order */
	/* ranks 0..6 and 30: rank 7 is 23 places ahead of 30 and takes its
	 * line */
	shown[6] = 106;
	shown[7] = 130;
	steady_order(id, 40, shown, 8, 8, true, slot);
	for (i = 0; i < 8; i++)
		assert_int_equal(slot[i], i);
	/* a shown row the model no longer lists (it stopped) leaves even
	 * between ticks; the model's next row takes the last line */
	shown[7] = 999;
	steady_order(id, 40, shown, 8, 8, false, slot);
	for (i = 0; i < 8; i++)
		assert_int_equal(slot[i], i);
	/* every place is used once */
	for (i = 8; i < 40; i++)
		assert_int_equal(slot[i], i);
	/* one in the middle stops: between ticks its line goes to the
	 * model's next row, the lines below do not move up */
	for (i = 0; i < 8; i++)
		shown[i] = 100 + i;
	shown[3] = 999;
	steady_order(id, 40, shown, 8, 8, false, slot);
	for (i = 0; i < 8; i++)
		assert_int_equal(slot[i], i == 3 ? 3 : i);
	/* lines showing ranks 0 7 1 6 x 5 x 4 (x: stopped): the model's
	 * best rows not shown (2, 3) take the two lines, in its order */
	shown[0] = 100, shown[1] = 107, shown[2] = 101, shown[3] = 106;
	shown[4] = 998, shown[5] = 105, shown[6] = 997, shown[7] = 104;
	steady_order(id, 40, shown, 8, 8, false, slot);
	assert_int_equal(slot[1], 7);
	assert_int_equal(slot[4], 2);
	assert_int_equal(slot[6], 3);
	assert_int_equal(slot[7], 4);
	assert_int_equal(slot[8], 8); /* the rest: the model's order */
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady_cells_change_at_their_pace),
		cmocka_unit_test(test_steady_flag_changes_at_ticks),
		cmocka_unit_test(test_steady_page_keeps_every_cell),
		cmocka_unit_test(test_steady_rows_change_for_a_reason),
		cmocka_unit_test(test_escape_sequences_become_visible_text),
		cmocka_unit_test(test_escape_keeps_utf8_but_not_c1_or_invalid),
		cmocka_unit_test(test_escape_cuts_at_the_buffer_without_half_escapes),
		cmocka_unit_test(test_draw_fit_replaces_controls_and_cuts_by_cells),
		cmocka_unit_test(test_draw_cut_marks_and_keeps_ports),
		cmocka_unit_test(test_draw_skip_scrolls_text_left),
		cmocka_unit_test(test_draw_items_cut_between_items),
		cmocka_unit_test(test_utf8_glyphs_only_in_a_utf8_locale_and_not_on_vt100),
		cmocka_unit_test(test_no_color_is_honoured),
		cmocka_unit_test(test_units),
		cmocka_unit_test(test_graph_keeps_the_newest_samples_in_order),
		cmocka_unit_test(test_bars_grow_on_a_log_scale),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
