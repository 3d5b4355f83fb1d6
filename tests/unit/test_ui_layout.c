/*
 * test_ui_layout: the screen's geometry at 80x24, at the 40x10 floor and
 * below it, column fitting on narrow and wide screens, and the
 * drill-down split.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "layout.h"
#include "view.h"

static void
check_stacked(const struct layout *l)
{
	/* Every region follows the one above without gap or overlap and
	 * the footer is the last row. */
	assert_int_equal(l->title.y, 0);
	assert_int_equal(l->rates.y, l->title.y + l->title.h);
	assert_int_equal(l->graph.y, l->rates.y + l->rates.h);
	assert_int_equal(l->tabs.y, l->graph.y + l->graph.h);
	assert_int_equal(l->colhdr.y, l->tabs.y + l->tabs.h);
	assert_int_equal(l->body.y, l->colhdr.y + l->colhdr.h);
	assert_int_equal(l->status.y, l->body.y + l->body.h);
	assert_int_equal(l->footer.y, l->status.y + 1);
	assert_int_equal(l->footer.y, l->rows - 1);
}

static void
test_80x24_has_a_graph_line_and_17_rows(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 24, 80);
	assert_false(l.too_small);
	check_stacked(&l);
	assert_int_equal(l.graph.h, 1);
	assert_int_equal(l.body.h, 17);
	assert_int_equal(l.body.w, 80);
}

static void
test_tall_screens_get_a_taller_graph(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 40, 120);
	check_stacked(&l);
	assert_int_equal(l.graph.h, 3);
	assert_int_equal(l.body.h, 31);
}

static void
test_40x10_still_shows_rows(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 10, 40);
	assert_false(l.too_small);
	check_stacked(&l);
	assert_int_equal(l.graph.h, 0);
	assert_int_equal(l.body.h, 4);
}

static void
test_below_40x10_is_too_small(void **state)
{
	struct layout l;

	(void)state;
	layout_compute(&l, 9, 80);
	assert_true(l.too_small);
	layout_compute(&l, 24, 39);
	assert_true(l.too_small);
	layout_compute(&l, 1, 1);
	assert_true(l.too_small);
}

static void
check_columns(const struct ui_view *v, int width)
{
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS], end = 0;
	size_t i, shown;

	shown = layout_columns(v->cols, v->ncols, width, x, w);
	assert_true(shown >= 1);
	for (i = 0; i < v->ncols; i++) {
		if (!w[i])
			continue;
		assert_true(x[i] >= end);
		end = x[i] + w[i];
		/* Priority 0 columns are always there. */
	}
	assert_true(end <= width);
	for (i = 0; i < v->ncols; i++)
		if (v->cols[i].prio == 0 && width >= 80)
			assert_true(w[i] > 0);
}

static void
test_columns_fit_every_width(void **state)
{
	const struct ui_view *views[] = { &view_hosts, &view_conns,
					  &view_protos, &view_packets };
	size_t v;
	int width;

	(void)state;
	for (v = 0; v < 4; v++)
		for (width = 40; width <= 250; width++)
			check_columns(views[v], width);
}

/* The other half of COLS[I]'s pair by title ("In 2s" and "Out 2s",
 * "A>B 10s" and "B>A 10s"); N when it is none. */
static size_t
pair_of(const struct ui_column *cols, size_t n, size_t i)
{
	static const char *const half[][2] = { { "In ", "Out " },
					       { "Out ", "In " },
					       { "A>B ", "B>A " },
					       { "B>A ", "A>B " } };
	char other[32];
	size_t h, j, len;

	for (h = 0; h < sizeof(half) / sizeof(half[0]); h++) {
		len = strlen(half[h][0]);
		if (strncmp(cols[i].title, half[h][0], len) != 0)
			continue;
		snprintf(other, sizeof(other), "%s%s", half[h][1],
			 cols[i].title + len);
		for (j = 0; j < n; j++)
			if (strcmp(cols[j].title, other) == 0)
				return j;
	}
	return n;
}

/* In and Out of a rate come and go together at every width, also when
 * a column before them is left out (layout_columns_pick renumbers the
 * pairs); without .with the rightmost of equals went alone, and 80
 * columns showed In 40s without Out 40s. */
static void
test_rate_pairs_go_together(void **state)
{
	const struct ui_view *views[] = { &view_hosts, &view_conns,
					  &view_procs };
	struct ui_column on[LAYOUT_MAX_COLUMNS];
	bool keep[LAYOUT_MAX_COLUMNS];
	size_t map[LAYOUT_MAX_COLUMNS], v, i, n, pairs;
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS], width, drop;

	(void)state;
	for (v = 0; v < 3; v++) {
		const struct ui_view *view = views[v];

		for (i = 0, pairs = 0; i < view->ncols; i++)
			pairs += pair_of(view->cols, view->ncols, i) <
				 view->ncols;
		assert_true(pairs >= 4); /* two pairs at least */
		/* from 60: below, what always stays (Processes' PID,
		 * Command and 2 s pair) is cut at the edge */
		for (drop = -1; drop < 1; drop++)
			for (width = 60; width <= 250; width++) {
				for (i = 0; i < view->ncols; i++)
					keep[i] = (int)i != drop;
				n = layout_columns_pick(view->cols, view->ncols,
							keep, on, map);
				layout_columns_fit(on, n, width, NULL, x, w);
				for (i = 0; i < n; i++) {
					size_t j = pair_of(on, n, i);

					if (j == n)
						continue;
					assert_int_equal(map[on[i].with - 1],
							 map[j]);
					assert_int_equal(w[i] > 0, w[j] > 0);
				}
			}
	}
}

static void
test_narrow_drops_high_priority_columns_first(void **state)
{
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS];
	size_t i, wide, narrow;

	(void)state;
	wide = layout_columns(view_hosts.cols, view_hosts.ncols, 200, x, w);
	assert_int_equal(wide, view_hosts.ncols);
	narrow = layout_columns(view_hosts.cols, view_hosts.ncols, 40, x, w);
	assert_true(narrow < wide);
	for (i = 0; i < view_hosts.ncols; i++)
		if (view_hosts.cols[i].prio == 3)
			assert_int_equal(w[i], 0);
	/* The flexible host column takes the spare width when wide. */
	layout_columns(view_hosts.cols, view_hosts.ncols, 200, x, w);
	assert_true(w[0] > view_hosts.cols[0].width);
}

static size_t
col_index(const struct ui_view *v, const char *title)
{
	size_t i;

	for (i = 0; i < v->ncols; i++)
		if (strcmp(v->cols[i].title, title) == 0)
			return i;
	fail_msg("no column %s", title);
	return 0;
}

/* 80 columns of IPv4 connections: whole endpoints, Server name and State
 * are there; the rates went first. */
static void
test_conns_at_80_keep_endpoints_server_and_state(void **state)
{
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS];
	int need[LAYOUT_MAX_COLUMNS] = { 0 };
	const struct ui_view *v = &view_conns;

	(void)state;
	need[col_index(v, "Endpoint A")] = 21; /* 255.255.255.255:65535 */
	need[col_index(v, "Endpoint B")] = 21;
	need[col_index(v, "Server name")] = 30;
	layout_columns_fit(v->cols, v->ncols, 80, need, x, w);
	assert_int_equal(w[col_index(v, "Endpoint A")], 21);
	assert_int_equal(w[col_index(v, "Endpoint B")], 21);
	assert_true(w[col_index(v, "Server name")] >= 11);
	assert_true(w[col_index(v, "State")] > 0);
	assert_int_equal(w[col_index(v, "A>B 2s")], 0);
	/* wide: every column a live capture shows (Exporter is --collect's,
	 * which has no Process, User or Container: never both, as the
	 * screen's .off drops them), and the server name whole */
	{
		struct ui_column on[LAYOUT_MAX_COLUMNS];
		int onneed[LAYOUT_MAX_COLUMNS];
		bool keep[LAYOUT_MAX_COLUMNS];
		size_t map[LAYOUT_MAX_COLUMNS];
		size_t i, n, ex = col_index(v, "Exporter");

		for (i = 0; i < v->ncols; i++)
			keep[i] = i != ex;
		n = layout_columns_pick(v->cols, v->ncols, keep, on, map);
		for (i = 0; i < n; i++)
			onneed[i] = need[map[i]];
		layout_columns_fit(on, n, 200, onneed, x, w);
		/* the columns after Exporter moved one to the left */
		assert_true(w[col_index(v, "Server name")] >= 30);
		assert_true(w[col_index(v, "A>B 2s")] > 0);
		assert_true(w[col_index(v, "A>B 10s")] > 0);
		assert_true(w[col_index(v, "Container")] > 0);
	}
}

/* Process and User are separate Connections columns: the user goes
 * first when narrow, never shows without its process (a User column let
 * back alone would take the server name's width), both at 200. */
static void
test_conns_user_goes_with_process(void **state)
{
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS];
	int need[LAYOUT_MAX_COLUMNS] = { 0 };
	const struct ui_view *v = &view_conns;
	size_t proc = col_index(v, "Process"), user = col_index(v, "User");
	int width, both = 0, proc_only = 0;

	(void)state;
	need[col_index(v, "Endpoint A")] = 21;
	need[col_index(v, "Endpoint B")] = 21;
	need[col_index(v, "Server name")] = 30;
	need[proc] = 16;
	need[user] = 6;
	for (width = 40; width <= 250; width++) {
		layout_columns_fit(v->cols, v->ncols, width, need, x, w);
		if (w[user] > 0)
			assert_true(w[proc] > 0);
		both += w[user] > 0;
		proc_only += w[proc] > 0 && w[user] == 0;
	}
	assert_true(both > 0);
	assert_true(proc_only > 0);
	layout_columns_fit(v->cols, v->ncols, 80, need, x, w);
	assert_int_equal(w[proc], 0);
	assert_int_equal(w[user], 0);
	/* the rule itself: a narrow column that would come back into the
	 * spare width alone stays out while the one it goes with is out */
	{
		static const struct ui_column cols[] = {
			{ .title = "a", .width = 30, .prio = 0 },
			{ .title = "p", .width = 20, .prio = 1 },
			{ .title = "u", .width = 5, .prio = 2, .with = 2 },
			{ .title = "z", .width = 5, .prio = 2 },
		};

		layout_columns(cols, 4, 40, x, w);
		assert_int_equal(w[1], 0);
		assert_int_equal(w[2], 0);
		assert_int_equal(w[3], 5); /* the same width comes back */
		layout_columns(cols, 4, 70, x, w);
		assert_int_equal(w[1], 20);
		assert_int_equal(w[2], 5);
	}
	layout_columns_fit(v->cols, v->ncols, 200, need, x, w);
	assert_true(w[proc] >= 16);
	assert_true(w[user] >= 6);
	assert_true(w[col_index(v, "Server name")] >= 30);
}

/* 200 columns of IPv6 connections with long server names: the 10 s
 * rates, Pkts, Proto and Age give way until both endpoints and the name
 * are whole; State and the health mark stay. Before, they kept their
 * declared widths and the endpoints and name stayed cut. */
static void
test_wide_cut_columns_take_less_useful_room(void **state)
{
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS];
	int need[LAYOUT_MAX_COLUMNS] = { 0 };
	struct ui_column on[LAYOUT_MAX_COLUMNS];
	bool keep[LAYOUT_MAX_COLUMNS];
	size_t map[LAYOUT_MAX_COLUMNS], i, n;
	const struct ui_view *v = &view_conns;
	size_t a = col_index(v, "Endpoint A"), b = col_index(v, "Endpoint B");
	size_t name = col_index(v, "Server name");

	(void)state;
	/* a file: no Process, User, Container or Exporter (screen's .off) */
	for (i = 0; i < v->ncols; i++)
		keep[i] = v->cols[i].off == NULL;
	n = layout_columns_pick(v->cols, v->ncols, keep, on, map);
	for (i = 0; i < n; i++)
		need[i] = 0;
	for (i = 0; i < n; i++) {
		if (map[i] == a)
			need[i] = 46; /* [2001:db8:1234:...:3344]:50000 */
		if (map[i] == b)
			need[i] = 45;
		if (map[i] == name)
			need[i] = 57;
	}
	layout_columns_fit(on, n, 200, need, x, w);
	for (i = 0; i < n; i++) {
		/* whole (what is left over widens the flex ones) */
		if (map[i] == a || map[i] == b || map[i] == name)
			assert_true(w[i] >= need[i]);
		if (strcmp(on[i].title, "State") == 0 ||
		    strcmp(on[i].title, "!") == 0)
			assert_true(w[i] > 0);
		/* the least useful went first */
		if (strcmp(on[i].title, "Age") == 0 ||
		    strcmp(on[i].title, "Proto") == 0 ||
		    strcmp(on[i].title, "A>B 10s") == 0)
			assert_int_equal(w[i], 0);
		assert_true(x[i] + w[i] <= 200);
	}
	/* the rule on its own: A cut; Z (prio 3) and R (prio 2) may give
	 * way, S (prio 1, one step from A) never does */
	{
		static const struct ui_column cols[] = {
			{ .title = "a", .width = 10, .prio = 0 },
			{ .title = "s", .width = 6, .prio = 1 },
			{ .title = "r", .width = 7, .prio = 2, .right = true },
			{ .title = "z", .width = 10, .prio = 3 },
		};
		const int want[4] = { 30, 6, 7, 10 };

		/* Z goes, A whole: 30 + 6 + 7 and their gaps fit 50 */
		layout_columns_fit(cols, 4, 50, want, x, w);
		assert_int_equal(w[0], 30);
		assert_int_equal(w[1], 6);
		assert_int_equal(w[2], 7);
		assert_int_equal(w[3], 0);
		/* Z and R both go: 30 + 6 fit 40 */
		layout_columns_fit(cols, 4, 40, want, x, w);
		assert_int_equal(w[0], 30);
		assert_int_equal(w[1], 6);
		assert_int_equal(w[2], 0);
		/* A cannot be whole at 35 whatever goes: R stays (Z went to
		 * fit the declared widths), A is cut */
		layout_columns_fit(cols, 4, 35, want, x, w);
		assert_int_equal(w[0], 20);
		assert_int_equal(w[2], 7);
		/* dropping S would make A whole at 36; S stays */
		layout_columns_fit(cols, 4, 36, want, x, w);
		assert_int_equal(w[1], 6);
		assert_true(w[0] < 30);
	}
}

/* Numbers are never narrower than their text; the packet list's Info
 * keeps half the width. */
static void
test_numbers_whole_and_info_half(void **state)
{
	int x[LAYOUT_MAX_COLUMNS], w[LAYOUT_MAX_COLUMNS];
	int need[LAYOUT_MAX_COLUMNS];
	const struct ui_view *views[] = { &view_hosts, &view_conns,
					  &view_protos, &view_packets };
	size_t v, i;
	int width;

	(void)state;
	for (v = 0; v < 4; v++)
		for (width = 40; width <= 250; width += 7) {
			for (i = 0; i < views[v]->ncols; i++)
				need[i] = 6 + (int)i * 3;
			layout_columns_fit(views[v]->cols, views[v]->ncols, width,
					   need, x, w);
			for (i = 0; i < views[v]->ncols; i++)
				if (w[i] && views[v]->cols[i].right)
					assert_true(w[i] >= need[i]);
		}
	for (i = 0; i < view_packets.ncols; i++)
		need[i] = 15;
	need[col_index(&view_packets, "No.")] = 6;
	need[col_index(&view_packets, "Info")] = 200;
	for (width = 80; width <= 250; width++) {
		layout_columns_fit(view_packets.cols, view_packets.ncols, width,
				   need, x, w);
		assert_true(w[col_index(&view_packets, "Info")] >= width / 2);
	}
}

static void
test_detail_splits_tree_and_hex(void **state)
{
	struct layout_rect body = { .y = 5, .x = 0, .h = 30, .w = 100 };
	struct layout_detail d;

	(void)state;
	layout_detail(&d, &body, 5);
	assert_int_equal(d.hex_bytes_per_line, 16);
	assert_int_equal(d.hex.h, 5);
	assert_int_equal(d.tree.y, 6);
	assert_int_equal(d.tree.h + d.hex.h, 29);
	/* A big packet gets half. */
	layout_detail(&d, &body, 500);
	assert_int_equal(d.hex.h, 14);
	/* Narrow: 8 bytes a line fit 40 columns. */
	body.w = 40;
	layout_detail(&d, &body, 5);
	assert_int_equal(d.hex_bytes_per_line, 8);
	assert_int_equal(d.hex.h, 10);
	/* Wide: side by side. */
	body.w = 200;
	layout_detail(&d, &body, 5);
	assert_int_equal(d.tree.y, d.hex.y);
	assert_true(d.tree.x + d.tree.w < d.hex.x);
}

/* < >: from FIRST on every column at its whole width, the one past the
 * edge cut there; the end is where the rest fit whole. */
static void
test_scroll_shows_columns_whole(void **state)
{
	const int need[5] = { 5, 40, 30, 20, 3 };
	int x[5], w[5], skip[5];
	size_t last;

	(void)state;
	last = layout_columns_scroll(5, 60, need, 0, x, w, skip);
	/* 30 + 1 + 20 + 1 + 3 = 55 fit from column 2; 40 more do not */
	assert_int_equal(last, 2);
	assert_int_equal(x[0], 0);
	assert_int_equal(w[0], 5);
	assert_int_equal(x[1], 6);
	assert_int_equal(w[1], 40);
	assert_int_equal(x[2], 47);
	assert_int_equal(w[2], 13); /* cut at the edge */
	assert_int_equal(w[3], 0);
	assert_int_equal(w[4], 0);
	assert_int_equal(skip[0] + skip[1] + skip[2], 0);
	/* past the end: clamped to it */
	layout_columns_scroll(5, 60, need, 4, x, w, skip);
	assert_int_equal(w[0], 0);
	assert_int_equal(w[1], 0);
	assert_int_equal(x[2], 0);
	assert_int_equal(w[2], 30);
	assert_int_equal(x[3], 31);
	assert_int_equal(w[3], 20);
	assert_int_equal(x[4], 52);
	assert_int_equal(w[4], 3);
	/* everything fits: nothing to scroll to */
	assert_int_equal(layout_columns_scroll(5, 200, need, 3, x, w, skip), 0);
	assert_int_equal(w[0], 5);
}

/* A last column wider than the screen (a long Info at 80 columns) is
 * scrolled along half a screen a step, as less -S does, until its end
 * is on screen; before, > stopped at its start and the end was never
 * read. A wide column in the middle is read to its end before > moves
 * on. */
static void
test_scroll_reads_a_wide_column_to_its_end(void **state)
{
	const int wide[2] = { 10, 500 };
	const int mid[3] = { 10, 200, 5 };
	int x[3], w[3], skip[3];

	(void)state;
	/* 10, then 500 from 0, 40, .. 400 and 420: 420 + 80 = 500 */
	assert_int_equal(layout_columns_scroll(2, 80, wide, 0, x, w, skip), 12);
	layout_columns_scroll(2, 80, wide, 1, x, w, skip);
	assert_int_equal(w[0], 0);
	assert_int_equal(w[1], 80);
	assert_int_equal(skip[1], 0);
	layout_columns_scroll(2, 80, wide, 3, x, w, skip);
	assert_int_equal(skip[1], 80);
	assert_int_equal(x[1], 0);
	assert_int_equal(w[1], 80);
	/* the last step shows the end, and further ones stay there */
	layout_columns_scroll(2, 80, wide, 99, x, w, skip);
	assert_int_equal(skip[1], 420);
	assert_int_equal(w[1], 80);
	/* in the middle: 200 to its end (skip 120), then the next */
	assert_int_equal(layout_columns_scroll(3, 80, mid, 0, x, w, skip), 5);
	layout_columns_scroll(3, 80, mid, 4, x, w, skip);
	assert_int_equal(skip[1], 120);
	assert_int_equal(w[1], 80);
	assert_int_equal(w[2], 0);
	layout_columns_scroll(3, 80, mid, 5, x, w, skip);
	assert_int_equal(w[1], 0);
	assert_int_equal(skip[2], 0);
	assert_int_equal(w[2], 5);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_80x24_has_a_graph_line_and_17_rows),
		cmocka_unit_test(test_tall_screens_get_a_taller_graph),
		cmocka_unit_test(test_40x10_still_shows_rows),
		cmocka_unit_test(test_below_40x10_is_too_small),
		cmocka_unit_test(test_columns_fit_every_width),
		cmocka_unit_test(test_rate_pairs_go_together),
		cmocka_unit_test(test_narrow_drops_high_priority_columns_first),
		cmocka_unit_test(test_conns_at_80_keep_endpoints_server_and_state),
		cmocka_unit_test(test_conns_user_goes_with_process),
		cmocka_unit_test(test_wide_cut_columns_take_less_useful_room),
		cmocka_unit_test(test_numbers_whole_and_info_half),
		cmocka_unit_test(test_detail_splits_tree_and_hex),
		cmocka_unit_test(test_scroll_shows_columns_whole),
		cmocka_unit_test(test_scroll_reads_a_wide_column_to_its_end),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
