/*
 * test_escape: what reaches a terminal from a packet: plain text and valid
 * UTF-8 stay; ESC, controls, C1, bidi overrides and invalid bytes become
 * visible escapes; the output is cut only between whole pieces.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/escape.h"

static void
assert_escaped(const char *in, size_t n, const char *want)
{
	char out[256];

	escape_text(in, n, out, sizeof(out));
	assert_string_equal(out, want);
}

static void
test_plain_text_and_utf8_stay(void **state)
{
	(void)state;
	assert_escaped("www.example.org", 15, "www.example.org");
	assert_escaped("b\xc3\xbc" "cher.de", 10, "b\xc3\xbc" "cher.de");
	assert_escaped("\xe4\xb8\xad\xe6\x96\x87", 6, "\xe4\xb8\xad\xe6\x96\x87");
}

static void
test_terminal_controls_become_visible(void **state)
{
	(void)state;
	/* clear screen, retitle the window, bell, newline, NUL */
	assert_escaped("\x1b[2J", 4, "\\x1b[2J");
	assert_escaped("\x1b]0;pwned\x07", 10, "\\x1b]0;pwned\\x07");
	assert_escaped("a\nb\0c", 5, "a\\x0ab\\x00c");
	assert_escaped("\x7f", 1, "\\x7f");
	/* CSI as a C1 control, in its UTF-8 form */
	assert_escaped("\xc2\x9b" "31m", 5, "\\x9b31m");
	/* right-to-left override */
	assert_escaped("abc\xe2\x80\xae" "gpj.exe", 13, "abc\\u{202e}gpj.exe");
	/* a backslash is doubled, so an escape cannot be faked */
	assert_escaped("\\x1b", 4, "\\\\x1b");
}

static void
test_invalid_utf8_becomes_hex(void **state)
{
	(void)state;
	assert_escaped("\xff\xfe", 2, "\\xff\\xfe");
	assert_escaped("\xe4\xb8", 2, "\\xe4\\xb8");
	assert_escaped("\xc0\xaf", 2, "\\xc0\\xaf");
	assert_escaped("\xed\xa0\x80", 3, "\\xed\\xa0\\x80");
}

static void
test_output_is_cut_between_pieces(void **state)
{
	char out[6];
	size_t n;

	(void)state;
	/* "ab" fits, the four bytes of \x1b would not: stop before it */
	n = escape_text("ab\x1b" "cd", 5, out, sizeof(out));
	assert_int_equal(n, 2);
	assert_string_equal(out, "ab");
	/* a two-byte character is never split */
	n = escape_text("abcd\xc3\xa9", 6, out, sizeof(out));
	assert_int_equal(n, 4);
	assert_string_equal(out, "abcd");
	n = escape_text("x", 1, out, 1);
	assert_int_equal(n, 0);
	assert_string_equal(out, "");
}

static void
test_utf8_decoder_rejects_what_is_not_utf8(void **state)
{
	unsigned cp = 0;

	(void)state;
	assert_int_equal(escape_utf8_decode((const unsigned char *)"\xc3\xa9", 2, &cp), 2);
	assert_int_equal(cp, 0xe9);
	assert_int_equal(escape_utf8_decode((const unsigned char *)"\xf4\x8f\xbf\xbf", 4, &cp), 4);
	assert_int_equal(cp, 0x10ffff);
	assert_int_equal(escape_utf8_decode((const unsigned char *)"\xe0\x80\x80", 3, &cp), 0);
	assert_int_equal(escape_utf8_decode((const unsigned char *)"\xc3", 1, &cp), 0);
	assert_int_equal(escape_utf8_decode((const unsigned char *)"\xc3(", 2, &cp), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_text_and_utf8_stay),
		cmocka_unit_test(test_terminal_controls_become_visible),
		cmocka_unit_test(test_invalid_utf8_becomes_hex),
		cmocka_unit_test(test_output_is_cut_between_pieces),
		cmocka_unit_test(test_utf8_decoder_rejects_what_is_not_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
