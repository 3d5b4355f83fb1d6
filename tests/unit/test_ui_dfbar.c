/*
 * test_ui_dfbar: the display filter bar's keys and Tab completion: \ and
 * d open it, each edit asks for a check, Tab completes (a unique name
 * whole with a space after it, several to the part they share with the
 * candidates listed, none said), Enter applies, Esc closes; D toggles
 * the tables.
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

#include "dfbar.h"
#include "lineedit.h"
#include "state.h"

static struct lineedit le;

static size_t
complete(const char *text, char *note, size_t size)
{
	lineedit_init(&le);
	lineedit_start(&le, text);
	return dfbar_complete(&le, note, size);
}

static void
test_unique_name_is_completed_whole(void **state)
{
	char note[512];

	(void)state;
	assert_int_equal(complete("tls.handshake.extensions_server_name_le",
				  note, sizeof(note)), 1);
	assert_string_equal(le.buf, "tls.handshake.extensions_server_name_len ");
	assert_int_equal(le.cur, le.len);
	assert_string_equal(note, "");
}

static void
test_several_names_share_a_prefix(void **state)
{
	char note[512];

	(void)state;
	/* after an operator, only the word before the cursor counts */
	assert_true(complete("ip.src == 1.2.3.4 && dns.qry.na", note,
			     sizeof(note)) >= 2);
	assert_string_equal(le.buf, "ip.src == 1.2.3.4 && dns.qry.name");
	assert_non_null(strstr(note, "dns.qry.name "));
	assert_non_null(strstr(note, "dns.qry.name.len"));
}

static void
test_completion_in_the_middle_keeps_the_rest(void **state)
{
	char note[512];

	(void)state;
	lineedit_init(&le);
	lineedit_start(&le, "tls.handshake.extensions_server_name_le == 9");
	le.cur = strlen("tls.handshake.extensions_server_name_le");
	assert_int_equal(dfbar_complete(&le, note, sizeof(note)), 1);
	/* no space added before text that follows */
	assert_string_equal(le.buf,
			    "tls.handshake.extensions_server_name_len == 9");
}

static void
test_no_candidate_is_said(void **state)
{
	char note[512];

	(void)state;
	assert_int_equal(complete("nosuchproto.x", note, sizeof(note)), 0);
	assert_string_equal(le.buf, "nosuchproto.x");
	assert_non_null(strstr(note, "nosuchproto.x"));
}

static void
test_a_full_line_is_not_overrun(void **state)
{
	char note[512], text[LINEEDIT_MAX];

	(void)state;
	memset(text, ' ', sizeof(text) - 5);
	memcpy(text + sizeof(text) - 5, "dns", 4);
	complete(text, note, sizeof(note));
	assert_true(le.len < LINEEDIT_MAX);
	assert_int_equal(strlen(le.buf), le.len);
}

static void
test_keys_open_check_complete_apply(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, NULL);
	assert_int_equal(ui_state_key(&s, '\\'), UI_ACT_DFILTER_CHECK);
	assert_int_equal(s.edit, UI_EDIT_DFILTER);
	assert_int_equal(ui_state_key(&s, 'd'), UI_ACT_DFILTER_CHECK);
	assert_string_equal(s.dfilter_le.buf, "d");
	assert_int_equal(ui_state_key(&s, '\t'), UI_ACT_DFILTER_COMPLETE);
	assert_int_equal(ui_state_key(&s, '\n'), UI_ACT_APPLY_DFILTER);
	/* the screen closes the line once the filter compiles */
	assert_int_equal(s.edit, UI_EDIT_DFILTER);
	assert_int_equal(ui_state_key(&s, 27), UI_ACT_REDRAW);
	assert_int_equal(s.edit, UI_EDIT_NONE);
	assert_int_equal(ui_state_key(&s, 'd'), UI_ACT_DFILTER_CHECK);
	assert_int_equal(s.edit, UI_EDIT_DFILTER);
}

static void
test_D_toggles_the_tables(void **state)
{
	struct ui_state s;

	(void)state;
	ui_state_init(&s, NULL);
	assert_false(s.dfilter_tables);
	assert_int_equal(ui_state_key(&s, 'D'), UI_ACT_DFILTER_TABLES);
	assert_true(s.dfilter_tables);
	assert_int_equal(ui_state_key(&s, 'D'), UI_ACT_DFILTER_TABLES);
	assert_false(s.dfilter_tables);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unique_name_is_completed_whole),
		cmocka_unit_test(test_several_names_share_a_prefix),
		cmocka_unit_test(test_completion_in_the_middle_keeps_the_rest),
		cmocka_unit_test(test_no_candidate_is_said),
		cmocka_unit_test(test_a_full_line_is_not_overrun),
		cmocka_unit_test(test_keys_open_check_complete_apply),
		cmocka_unit_test(test_D_toggles_the_tables),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
