/*
 * test_escape: what reaches a terminal, a report or a spreadsheet from a
 * packet: plain text and valid UTF-8 stay; ESC, controls, C1, bidi
 * overrides and isolates, zero-width and other format characters,
 * separators, noncharacters and invalid bytes become visible escapes in
 * every sink (one table, every sink); the output is cut only between whole
 * pieces.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>
#include <locale.h>

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
	assert_escaped("\xc2\x9b" "31m", 5, "\\u{009b}31m");
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

/* One hostile string through every sink: C-escaped text (batch text, the
 * UI's strings), -V's dialect of it, JSON, CSV and the terminal cell (what
 * draw.c shows, '?' for what it refuses). */
static const struct escape_case {
	const char *what;
	const char *in;
	size_t n;
	const char *c, *tree, *json, *csv, *cell;
} escape_cases[] = {
#define S(x) x, sizeof(x) - 1
	{ "RLO: abc<U+202E>gpj.exe reads abcexe.jpg",
	  S("abc\xe2\x80\xae" "gpj"), "abc\\u{202e}gpj", "abc\\u{202e}gpj",
	  "abc\\u202egpj", "abc?gpj", "abc?gpj" },
	{ "ESC clears the screen", S("\x1b[2J"), "\\x1b[2J", "\\x1b[2J",
	  "\\u001b[2J", "?[2J", "?[2J" },
	{ "C1 CSI in UTF-8", S("\xc2\x9b" "31m"), "\\u{009b}31m", "\\u{009b}31m",
	  "\\u009b31m", "?31m", "?31m" },
	{ "zero-width space", S("a\xe2\x80\x8b" "b"), "a\\u{200b}b",
	  "a\\u{200b}b", "a\\u200bb", "a?b", "a?b" },
	{ "LRI .. PDI isolate", S("\xe2\x81\xa6x\xe2\x81\xa9"),
	  "\\u{2066}x\\u{2069}", "\\u{2066}x\\u{2069}", "\\u2066x\\u2069",
	  "?x?", "?x?" },
	{ "LRM and ALM", S("\xe2\x80\x8e\xd8\x9c"), "\\u{200e}\\u{061c}",
	  "\\u{200e}\\u{061c}", "\\u200e\\u061c", "??", "??" },
	{ "BOM (zero-width no-break space)", S("\xef\xbb\xbfx"), "\\u{feff}x",
	  "\\u{feff}x", "\\ufeffx", "?x", "?x" },
	{ "line separator", S("a\xe2\x80\xa8" "b"), "a\\u{2028}b",
	  "a\\u{2028}b", "a\\u2028b", "a?b", "a?b" },
	{ "soft hyphen", S("\xc2\xad"), "\\u{00ad}", "\\u{00ad}", "\\u00ad", "?",
	  "?" },
	{ "unpaired surrogate", S("\xed\xa0\x80"), "\\xed\\xa0\\x80",
	  "\\xed\\xa0\\x80", "\\u00ed\\u00a0\\u0080", "???", "???" },
	{ "overlongs", S("\xc0\xaf\xe0\x80\xaf"), "\\xc0\\xaf\\xe0\\x80\\xaf",
	  "\\xc0\\xaf\\xe0\\x80\\xaf",
	  "\\u00c0\\u00af\\u00e0\\u0080\\u00af", "?????", "?????" },
	{ "noncharacters", S("\xef\xbf\xbe\xef\xb7\x90\xf4\x8f\xbf\xbf"),
	  "\\u{fffe}\\u{fdd0}\\u{10ffff}", "\\u{fffe}\\u{fdd0}\\u{10ffff}",
	  "\\ufffe\\ufdd0\\udbff\\udfff", "???", "???" },
	{ "tag character", S("\xf3\xa0\x81\x81"), "\\u{e0041}", "\\u{e0041}",
	  "\\udb40\\udc41", "?", "?" },
	{ "DEL, NUL, newline, tab", S("a\x7f\0\n\tb"),
	  "a\\x7f\\x00\\x0a\\x09b", "a\\x7f\\x00\\n\\tb",
	  "a\\u007f\\u0000\\n\\tb", "a???\tb", "a????b" },
	{ "quote and backslash", S("a\"b\\c"), "a\"b\\\\c", "a\"b\\c",
	  "a\\\"b\\\\c", "a\"\"b\\c", "a\"b\\c" },
	{ "letters stay", S("caf\xc3\xa9 \xe4\xb8\xad"),
	  "caf\xc3\xa9 \xe4\xb8\xad", "caf\xc3\xa9 \xe4\xb8\xad",
	  "caf\xc3\xa9 \xe4\xb8\xad", "caf\xc3\xa9 \xe4\xb8\xad",
	  "caf\xc3\xa9 \xe4\xb8\xad" },
	{ "bytes that are not UTF-8", S("\xff\xe4\xb8"), "\\xff\\xe4\\xb8",
	  "\\xff\\xe4\\xb8", "\\u00ff\\u00e4\\u00b8", "???", "???" },
#undef S
};

/* The terminal cell's verdicts spelled out: shown characters as they are,
 * each refused one as '?'. */
static void
cells_of(const char *s, size_t n, char *out, size_t size)
{
	size_t i = 0, o = 0, len;
	int cells;

	while (i < n && o + 5 < size) {
		if (escape_cell(s + i, n - i, &len, &cells)) {
			memcpy(out + o, s + i, len);
			o += len;
		} else {
			out[o++] = '?';
		}
		i += len;
	}
	out[o] = '\0';
}

static void
test_every_sink_escapes_the_same_hostile_strings(void **state)
{
	const unsigned flags = ESCAPE_C_NAMED | ESCAPE_C_KEEP_BACKSLASH;
	char out[256];
	size_t k;

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	for (k = 0; k < sizeof(escape_cases) / sizeof(escape_cases[0]); k++) {
		const struct escape_case *e = &escape_cases[k];

		print_message("%s\n", e->what);
		escape_to_buf(e->in, e->n, ESCAPE_SINK_C, 0, out, sizeof(out));
		assert_string_equal(out, e->c);
		escape_text(e->in, e->n, out, sizeof(out));
		assert_string_equal(out, e->c);
		escape_to_buf(e->in, e->n, ESCAPE_SINK_C, flags, out,
			      sizeof(out));
		assert_string_equal(out, e->tree);
		escape_to_buf(e->in, e->n, ESCAPE_SINK_JSON, 0, out,
			      sizeof(out));
		assert_string_equal(out, e->json);
		escape_to_buf(e->in, e->n, ESCAPE_SINK_CSV, 0, out,
			      sizeof(out));
		assert_string_equal(out, e->csv);
		cells_of(e->in, e->n, out, sizeof(out));
		assert_string_equal(out, e->cell);
	}
}

static void
test_policy_refuses_format_characters_only(void **state)
{
	(void)state;
	assert_true(escape_cp_shown('a'));
	assert_true(escape_cp_shown(0xa0));     /* no-break space */
	assert_true(escape_cp_shown(0x0301));   /* combining acute */
	assert_true(escape_cp_shown(0x05d0));   /* Hebrew alef */
	assert_true(escape_cp_shown(0x1f600));  /* an emoji */
	assert_false(escape_cp_shown(0x1f));
	assert_false(escape_cp_shown(0x7f));
	assert_false(escape_cp_shown(0x85));    /* NEL */
	assert_false(escape_cp_shown(0x202a));
	assert_false(escape_cp_shown(0x202e));
	assert_false(escape_cp_shown(0x2066));
	assert_false(escape_cp_shown(0x2069));
	assert_false(escape_cp_shown(0x200d));  /* zero-width joiner */
	assert_false(escape_cp_shown(0x2029));
	assert_false(escape_cp_shown(0xe007f));
	assert_false(escape_cp_shown(0x1ffff));
	/* the valid neighbours of refused ranges */
	assert_true(escape_cp_shown(0x2027));
	assert_true(escape_cp_shown(0x202f));
	assert_true(escape_cp_shown(0x2065));
	assert_true(escape_cp_shown(0x2070));
	assert_true(escape_cp_shown(0xfdcf));
	assert_true(escape_cp_shown(0xfdf0));
	assert_true(escape_cp_shown(0xfffd));
}

static void
test_terminal_cell_counts_wide_and_zero_width(void **state)
{
	size_t len;
	int cells;

	(void)state;
	assert_non_null(setlocale(LC_CTYPE, "C.UTF-8"));
	assert_true(escape_cell("\xe4\xb8\xad", 3, &len, &cells));
	assert_int_equal(len, 3);
	assert_int_equal(cells, 2);
	assert_true(escape_cell("\xcc\x81", 2, &len, &cells));
	assert_int_equal(cells, 0);
	/* refused: the whole character is replaced, in one cell */
	assert_false(escape_cell("\xe2\x80\xae", 3, &len, &cells));
	assert_int_equal(len, 3);
	assert_int_equal(cells, 1);
	/* outside UTF-8 every byte above 0x7e is replaced on its own */
	assert_non_null(setlocale(LC_CTYPE, "C"));
	assert_false(escape_cell("\xc3\xa9", 2, &len, &cells));
	assert_int_equal(len, 1);
}

static void
test_sinks_cut_between_pieces(void **state)
{
	char out[8];
	size_t n;

	(void)state;
	/* "abc" fits, \u{202e} (8 bytes) would not */
	n = escape_to_buf("abc\xe2\x80\xae", 6, ESCAPE_SINK_C, 0, out,
			  sizeof(out));
	assert_int_equal(n, 3);
	/* "a" fits, the surrogate pair (12 bytes) would not */
	n = escape_to_buf("a\xf3\xa0\x81\x81", 5, ESCAPE_SINK_JSON, 0, out,
			  sizeof(out));
	assert_int_equal(n, 1);
	assert_string_equal(out, "a");
	/* plain ASCII is cut anywhere */
	n = escape_to_buf("abcdefghij", 10, ESCAPE_SINK_CSV, 0, out,
			  sizeof(out));
	assert_int_equal(n, 7);
	assert_string_equal(out, "abcdefg");
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
		cmocka_unit_test(test_every_sink_escapes_the_same_hostile_strings),
		cmocka_unit_test(test_policy_refuses_format_characters_only),
		cmocka_unit_test(test_terminal_cell_counts_wide_and_zero_width),
		cmocka_unit_test(test_sinks_cut_between_pieces),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
