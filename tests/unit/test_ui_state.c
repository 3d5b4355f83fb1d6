/*
 * test_ui_state: key handlers return what happens next, and the list
 * math keeps the selection on screen.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <string.h>

#include "keymap.h"
#include "state.h"

static const unsigned nsorts[UI_VIEW_COUNT] = { 6, 5, 5, 0 };

static void
test_q_quits_and_unknown_keys_do_nothing(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_int_equal(ui_state_key(&s, 'q'), UI_ACT_QUIT);
	assert_int_equal(ui_state_key(&s, KEY_F(10)), UI_ACT_QUIT);
	assert_int_equal(ui_state_key(&s, 'Z'), UI_ACT_NONE);
	/* Q skips the question q may ask (screen.c asks it) */
	assert_int_equal(ui_state_key(&s, 'Q'), UI_ACT_QUIT_NOW);
}

/* Esc closes what is open first; only with nothing left to close does it
 * ask a loading file to stop. */
static void
test_esc_closes_before_it_stops_loading(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	s.view = UI_VIEW_PACKETS;
	s.detail = true;
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REFRESH);
	assert_false(s.detail);
	s.scoped = true;
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REFRESH);
	assert_false(s.scoped);
	assert_int_equal(s.view, UI_VIEW_CONNS);
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_STOP_LOADING);
	assert_int_equal(s.view, UI_VIEW_CONNS);
}

static void
test_tab_and_numbers_switch_views(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_int_equal(s.view, UI_VIEW_HOSTS);
	assert_int_equal(ui_state_key(&s, '\t'), UI_ACT_REFRESH);
	assert_int_equal(s.view, UI_VIEW_CONNS);
	ui_state_key(&s, KEY_BTAB);
	ui_state_key(&s, KEY_BTAB);
	assert_int_equal(s.view, UI_VIEW_PROCS); /* the last of five */
	ui_state_key(&s, '3');
	assert_int_equal(s.view, UI_VIEW_PROTOS);
}

static void
test_sort_keys_cycle_and_reverse(void **state)
{
	struct ui_state s;
	unsigned i;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_int_equal(ui_state_key(&s, 's'), UI_ACT_REFRESH);
	assert_int_equal(s.list[UI_VIEW_HOSTS].sort, 1);
	ui_state_key(&s, 'S');
	ui_state_key(&s, 'S');
	assert_int_equal(s.list[UI_VIEW_HOSTS].sort, 5);
	for (i = 0; i < 6; i++)
		ui_state_key(&s, 's');
	assert_int_equal(s.list[UI_VIEW_HOSTS].sort, 5);
	assert_false(s.list[UI_VIEW_HOSTS].reverse);
	ui_state_key(&s, 'r');
	assert_true(s.list[UI_VIEW_HOSTS].reverse);
	/* Sorting is per view. */
	assert_int_equal(s.list[UI_VIEW_CONNS].sort, 0);
}

static void
test_sorting_the_packet_list_only_says_why_not(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	ui_state_key(&s, '4');
	assert_int_equal(ui_state_key(&s, 's'), UI_ACT_REDRAW);
	assert_int_equal(s.list[UI_VIEW_PACKETS].sort, 0);
	assert_true(s.status[0] != '\0');
}

static void
test_pause_toggles_and_resume_refreshes(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_int_equal(ui_state_key(&s, ' '), UI_ACT_REDRAW);
	assert_true(s.paused);
	assert_int_equal(ui_state_key(&s, 'p'), UI_ACT_REFRESH);
	assert_false(s.paused);
}

static void
test_plus_and_minus_step_the_refresh_interval(void **state)
{
	struct ui_state s;
	int i;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_true(s.delay == 1.0);
	ui_state_key(&s, '+');
	assert_true(s.delay == 2.0);
	assert_non_null(strstr(s.status, "2 s"));
	ui_state_key(&s, '-');
	ui_state_key(&s, '-');
	assert_true(s.delay == 0.5);
	/* clamped at both ends */
	for (i = 0; i < 20; i++)
		ui_state_key(&s, '-');
	assert_true(s.delay == 0.25);
	for (i = 0; i < 20; i++)
		ui_state_key(&s, '+');
	assert_true(s.delay == 60.0);
	/* an odd -d value steps to its neighbours */
	s.delay = 1.5;
	ui_state_key(&s, '+');
	assert_true(s.delay == 2.0);
	s.delay = 1.5;
	ui_state_key(&s, '-');
	assert_true(s.delay == 1.0);
}

static void
test_filter_line_applies_on_enter_and_cancels_on_escape(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_int_equal(ui_state_key(&s, 'f'), UI_ACT_REDRAW);
	assert_int_equal(s.edit, UI_EDIT_FILTER);
	lineedit_start(&s.filter_le, "");
	/* While editing, letters are text, not commands. */
	assert_int_equal(ui_state_key(&s, 'q'), UI_ACT_REDRAW);
	assert_string_equal(s.filter_le.buf, "q");
	assert_int_equal(ui_state_key(&s, '\n'), UI_ACT_APPLY_FILTER);
	/* Stays open until the model accepts it. */
	assert_int_equal(s.edit, UI_EDIT_FILTER);
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REDRAW);
	assert_int_equal(s.edit, UI_EDIT_NONE);
}

static void
test_find_narrows_as_you_type_and_escape_restores(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	ui_state_key(&s, '/');
	assert_int_equal(s.edit, UI_EDIT_FIND);
	assert_int_equal(ui_state_key(&s, '1'), UI_ACT_REFRESH);
	assert_int_equal(ui_state_key(&s, '0'), UI_ACT_REFRESH);
	assert_string_equal(s.find[UI_VIEW_HOSTS], "10");
	ui_state_key(&s, '\n');
	assert_int_equal(s.edit, UI_EDIT_NONE);
	ui_state_key(&s, '/');
	ui_state_key(&s, '.');
	assert_string_equal(s.find[UI_VIEW_HOSTS], "10.");
	ui_state_key(&s, 27);
	assert_string_equal(s.find[UI_VIEW_HOSTS], "10");
	/* Esc in the table drops the find. */
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REFRESH);
	assert_string_equal(s.find[UI_VIEW_HOSTS], "");
}

static void
test_help_opens_and_any_key_closes_it(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	ui_state_key(&s, KEY_F(1));
	assert_true(s.help);
	ui_state_key(&s, KEY_DOWN);
	assert_true(s.help);
	assert_int_equal(s.help_top, 1);
	/* 'q' closes the help, it does not quit. */
	assert_int_equal(ui_state_key(&s, 'q'), UI_ACT_REDRAW);
	assert_false(s.help);
}

static void
test_enter_needs_a_row_and_escape_leaves_the_scope(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	assert_int_equal(ui_state_key(&s, '\n'), UI_ACT_NONE);
	ui_list_set_count(&s.list[UI_VIEW_HOSTS], 3, 10);
	assert_int_equal(ui_state_key(&s, '\n'), UI_ACT_OPEN);
	s.view = UI_VIEW_PACKETS;
	s.scoped = true;
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REFRESH);
	assert_false(s.scoped);
	assert_int_equal(s.view, UI_VIEW_CONNS);
	s.detail = true;
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REFRESH);
	assert_false(s.detail);
}

static void
test_list_moves_clamp_and_scroll(void **state)
{
	struct ui_list l = { 0 };

	(void)state;
	ui_list_set_count(&l, 100, 10);
	ui_list_move(&l, -5, 10);
	assert_int_equal(l.sel, 0);
	ui_list_move(&l, 12, 10);
	assert_int_equal(l.sel, 12);
	assert_int_equal(l.top, 3);
	ui_list_move(&l, 1000, 10);
	assert_int_equal(l.sel, 99);
	assert_int_equal(l.top, 90);
	ui_list_move(&l, -10, 10);
	assert_int_equal(l.sel, 89);
	assert_int_equal(l.top, 89);
	/* The table shrank under the selection. */
	ui_list_set_count(&l, 20, 10);
	assert_int_equal(l.sel, 19);
	assert_int_equal(l.top, 10);
	ui_list_set_count(&l, 0, 10);
	assert_int_equal(l.sel, 0);
	assert_int_equal(l.top, 0);
}

static void
test_page_keys_move_by_the_screen(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, nsorts);
	s.page = 7;
	ui_list_set_count(&s.list[UI_VIEW_HOSTS], 50, s.page);
	ui_state_key(&s, KEY_NPAGE);
	assert_int_equal(s.list[UI_VIEW_HOSTS].sel, 7);
	ui_state_key(&s, KEY_END);
	assert_int_equal(s.list[UI_VIEW_HOSTS].sel, 49);
	assert_int_equal(s.list[UI_VIEW_HOSTS].top, 43);
	ui_state_key(&s, 'k');
	assert_int_equal(s.list[UI_VIEW_HOSTS].sel, 48);
	ui_state_key(&s, KEY_HOME);
	assert_int_equal(s.list[UI_VIEW_HOSTS].sel, 0);
	assert_int_equal(s.list[UI_VIEW_HOSTS].top, 0);
}

static void
test_every_binding_has_help_text_and_a_command(void **state)
{
	size_t i;

	(void)state;
	for (i = 0; i < keymap_count; i++) {
		assert_non_null(keymap_table[i].run);
		assert_non_null(keymap_table[i].help);
		assert_non_null(keymap_table[i].keyname);
		assert_true(keymap_table[i].keys[0] != 0);
	}
	/* The keys the issue names are all bound. */
	assert_non_null(keymap_find(KEYMAP_TABLE, 'P'));
	assert_non_null(keymap_find(KEYMAP_TABLE, 'b'));
	assert_non_null(keymap_find(KEYMAP_TABLE, 't'));
	assert_non_null(keymap_find(KEYMAP_TABLE, 'c'));
	assert_non_null(keymap_find(KEYMAP_TABLE, 'n'));
	assert_non_null(keymap_find(KEYMAP_TABLE, 'j'));
	assert_non_null(keymap_find(KEYMAP_DETAIL, 27));
	assert_null(keymap_find(KEYMAP_DETAIL, 's'));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_q_quits_and_unknown_keys_do_nothing),
		cmocka_unit_test(test_tab_and_numbers_switch_views),
		cmocka_unit_test(test_sort_keys_cycle_and_reverse),
		cmocka_unit_test(test_sorting_the_packet_list_only_says_why_not),
		cmocka_unit_test(test_pause_toggles_and_resume_refreshes),
		cmocka_unit_test(test_plus_and_minus_step_the_refresh_interval),
		cmocka_unit_test(test_filter_line_applies_on_enter_and_cancels_on_escape),
		cmocka_unit_test(test_find_narrows_as_you_type_and_escape_restores),
		cmocka_unit_test(test_help_opens_and_any_key_closes_it),
		cmocka_unit_test(test_enter_needs_a_row_and_escape_leaves_the_scope),
		cmocka_unit_test(test_list_moves_clamp_and_scroll),
		cmocka_unit_test(test_page_keys_move_by_the_screen),
		cmocka_unit_test(test_every_binding_has_help_text_and_a_command),
		cmocka_unit_test(test_esc_closes_before_it_stops_loading),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
