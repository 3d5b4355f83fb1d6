/*
 * test_ui_lineedit: the filter/find editor: typing, cursor keys,
 * Home/End, Ctrl-U, history up/down, and no control characters in.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <curses.h>
#include <stdio.h>
#include <string.h>

#include "lineedit.h"

#define CTRL(c) ((c) & 0x1f)

static void
type(struct lineedit *le, const char *s)
{
	while (*s)
		assert_int_equal(lineedit_key(le, (unsigned char)*s++),
				 LINEEDIT_CONTINUE);
}

static void
test_typing_inserts_at_the_cursor(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, "port 80");
	assert_int_equal(le.cur, 7);
	lineedit_key(&le, KEY_HOME);
	type(&le, "tcp ");
	assert_string_equal(le.buf, "tcp port 80");
	lineedit_key(&le, KEY_END);
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_LEFT);
	type(&le, "4");
	assert_string_equal(le.buf, "tcp port 480");
}

static void
test_backspace_delete_and_ctrl_u(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, "udp port 53");
	lineedit_key(&le, KEY_BACKSPACE);
	assert_string_equal(le.buf, "udp port 5");
	lineedit_key(&le, KEY_LEFT);
	lineedit_key(&le, KEY_LEFT);
	/* cursor before " 5": Ctrl-U erases "udp port" only */
	lineedit_key(&le, CTRL('u'));
	assert_string_equal(le.buf, " 5");
	assert_int_equal(le.cur, 0);
	lineedit_key(&le, KEY_DC);
	assert_string_equal(le.buf, "5");
}

static void
test_control_bytes_are_refused(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, NULL);
	lineedit_key(&le, 0x1b5b);      /* not a key we know */
	lineedit_key(&le, 0x07);        /* BEL */
	lineedit_key(&le, 0x7f + 0x100); /* past a byte */
	type(&le, "ok");
	assert_string_equal(le.buf, "ok");
}

/* Bytes past ASCII stay in the line (a typo the filter compiler will
 * name; screen.c draws them as \xNN), never dropped unseen. */
static void
test_bytes_past_ascii_are_kept(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, NULL);
	type(&le, "udp ");
	lineedit_key(&le, 0xff);
	lineedit_key(&le, 0x9b);
	assert_int_equal(le.len, 6);
	assert_memory_equal(le.buf, "udp \xff\x9b", 6);
}

static void
test_enter_accepts_and_escape_cancels(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, "icmp");
	assert_int_equal(lineedit_key(&le, '\n'), LINEEDIT_ACCEPT);
	assert_int_equal(lineedit_key(&le, KEY_ENTER), LINEEDIT_ACCEPT);
	assert_int_equal(lineedit_key(&le, 27), LINEEDIT_CANCEL);
}

static void
test_history_walks_back_and_returns_to_the_draft(void **state)
{
	struct lineedit le;

	(void)state;
	lineedit_init(&le);
	lineedit_history_add(&le, "tcp");
	lineedit_history_add(&le, "udp");
	lineedit_history_add(&le, "udp"); /* repeated: kept once */
	assert_int_equal(le.hist_count, 2);
	lineedit_start(&le, "ic");
	lineedit_key(&le, KEY_UP);
	assert_string_equal(le.buf, "udp");
	lineedit_key(&le, KEY_UP);
	assert_string_equal(le.buf, "tcp");
	lineedit_key(&le, KEY_UP); /* oldest: stays */
	assert_string_equal(le.buf, "tcp");
	lineedit_key(&le, KEY_DOWN);
	lineedit_key(&le, KEY_DOWN);
	assert_string_equal(le.buf, "ic");
	assert_int_equal(le.cur, 2);
}

static void
test_history_keeps_the_newest_when_full(void **state)
{
	struct lineedit le;
	char buf[16];
	int i;

	(void)state;
	lineedit_init(&le);
	for (i = 0; i < LINEEDIT_HISTORY + 5; i++) {
		snprintf(buf, sizeof(buf), "port %d", i);
		lineedit_history_add(&le, buf);
	}
	assert_int_equal(le.hist_count, LINEEDIT_HISTORY);
	assert_string_equal(le.hist[0], "port 5");
	snprintf(buf, sizeof(buf), "port %d", LINEEDIT_HISTORY + 4);
	assert_string_equal(le.hist[LINEEDIT_HISTORY - 1], buf);
}

static void
test_line_never_overflows(void **state)
{
	struct lineedit le;
	int i;

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, NULL);
	for (i = 0; i < LINEEDIT_MAX * 2; i++)
		lineedit_key(&le, 'a');
	assert_int_equal(le.len, LINEEDIT_MAX - 1);
	assert_int_equal(strlen(le.buf), LINEEDIT_MAX - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_typing_inserts_at_the_cursor),
		cmocka_unit_test(test_backspace_delete_and_ctrl_u),
		cmocka_unit_test(test_control_bytes_are_refused),
		cmocka_unit_test(test_bytes_past_ascii_are_kept),
		cmocka_unit_test(test_enter_accepts_and_escape_cancels),
		cmocka_unit_test(test_history_walks_back_and_returns_to_the_draft),
		cmocka_unit_test(test_history_keeps_the_newest_when_full),
		cmocka_unit_test(test_line_never_overflows),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
