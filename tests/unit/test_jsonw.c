/*
 * test_jsonw: the JSON writer's output is valid JSON whatever the bytes:
 * separators, escapes of quotes and controls, invalid UTF-8 byte by byte,
 * valid UTF-8 kept, numbers as JSON numbers, NaN as null. A document with
 * every hostile byte is checked by python3's json.loads when present.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <unistd.h>

#include <cmocka.h>

#include "base/jsonw.h"

/* The output of one writer session, in a buffer the test frees. */
struct capture_out {
	char *buf;
	size_t len;
	FILE *f;
	struct jsonw w;
};

static void
out_open(struct capture_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	assert_non_null(o->f);
	jsonw_init(&o->w, o->f);
}

static const char *
out_close(struct capture_out *o)
{
	assert_int_equal(jsonw_flush(&o->w), 0);
	fclose(o->f);
	return o->buf;
}

static void
assert_string_json(const char *in, size_t n, const char *want)
{
	struct capture_out o;

	out_open(&o);
	jsonw_string_n(&o.w, in, n);
	assert_string_equal(out_close(&o), want);
	free(o.buf);
}

static void
test_commas_and_colons_are_placed(void **state)
{
	struct capture_out o;

	(void)state;
	out_open(&o);
	jsonw_object_begin(&o.w);
	jsonw_kv_uint(&o.w, "a", 1);
	jsonw_key(&o.w, "b");
	jsonw_array_begin(&o.w);
	jsonw_uint(&o.w, 2);
	jsonw_object_begin(&o.w);
	jsonw_object_end(&o.w);
	jsonw_array_begin(&o.w);
	jsonw_array_end(&o.w);
	jsonw_null(&o.w);
	jsonw_bool(&o.w, true);
	jsonw_array_end(&o.w);
	jsonw_kv_string(&o.w, "c", "x");
	jsonw_object_end(&o.w);
	assert_int_equal(jsonw_finish(&o.w), 0);
	assert_string_equal(out_close(&o),
			    "{\"a\":1,\"b\":[2,{},[],null,true],\"c\":\"x\"}\n");
	free(o.buf);
}

static void
test_quotes_backslashes_and_controls_are_escaped(void **state)
{
	(void)state;
	assert_string_json("a\"b\\c", 5, "\"a\\\"b\\\\c\"");
	assert_string_json("\n\r\t", 3, "\"\\n\\r\\t\"");
	assert_string_json("\x1b[2J\x07", 5, "\"\\u001b[2J\\u0007\"");
	assert_string_json("\0x", 2, "\"\\u0000x\"");
	assert_string_json("\x7f", 1, "\"\\u007f\"");
}

static void
test_valid_utf8_is_kept(void **state)
{
	(void)state;
	assert_string_json("caf\xc3\xa9", 5, "\"caf\xc3\xa9\"");
	assert_string_json("\xe4\xb8\xad", 3, "\"\xe4\xb8\xad\"");
	assert_string_json("\xf0\x9f\x98\x80", 4, "\"\xf0\x9f\x98\x80\"");
}

static void
test_invalid_utf8_is_escaped_byte_by_byte(void **state)
{
	(void)state;
	assert_string_json("\xff", 1, "\"\\u00ff\"");
	/* a lone continuation byte, a cut sequence, an overlong '/' */
	assert_string_json("\x80", 1, "\"\\u0080\"");
	assert_string_json("\xe4\xb8", 2, "\"\\u00e4\\u00b8\"");
	assert_string_json("\xc0\xaf", 2, "\"\\u00c0\\u00af\"");
	/* a UTF-16 surrogate encoded in UTF-8 is not valid UTF-8 */
	assert_string_json("\xed\xa0\x80", 3, "\"\\u00ed\\u00a0\\u0080\"");
	/* past U+10FFFF */
	assert_string_json("\xf4\x90\x80\x80", 4,
			   "\"\\u00f4\\u0090\\u0080\\u0080\"");
	/* C1 controls, though valid UTF-8, are escaped */
	assert_string_json("\xc2\x9b", 2, "\"\\u009b\"");
}

static void
test_numbers_are_json_numbers(void **state)
{
	struct capture_out o;

	(void)state;
	out_open(&o);
	jsonw_array_begin(&o.w);
	jsonw_uint(&o.w, UINT64_MAX);
	jsonw_int(&o.w, -5);
	jsonw_int(&o.w, INT64_MIN);
	jsonw_time(&o.w, 1700000000.123456);
	jsonw_double(&o.w, NAN, 3);
	jsonw_double(&o.w, INFINITY, 3);
	jsonw_double(&o.w, -0.0, 1);
	jsonw_array_end(&o.w);
	assert_string_equal(out_close(&o),
			    "[18446744073709551615,-5,-9223372036854775808,"
			    "1700000000.123456,"
			    "null,null,0.0]");
	free(o.buf);
}

/* Integers as printf's "%llu", around every power of ten and at random,
 * alone and as members (a key of the fast length and a longer one). */
static void
test_uints_read_as_printf_writes_them(void **state)
{
	char want[400], key[200];
	uint64_t v = 1, seed = 99;

	(void)state;
	memset(key, 'k', sizeof(key) - 1);
	key[sizeof(key) - 1] = '\0';
	for (int i = 0; i < 20000; i++) {
		struct capture_out o;
		const char *k = i % 3 == 2 ? key : "tcp_a_to_b_retrans";

		if (i < 60) { /* 10^k - 1, 10^k, 10^k + 1 */
			uint64_t p10 = 1;

			for (int e = 0; e < i / 3; e++)
				p10 *= 10;
			v = p10 - 1 + (uint64_t)(i % 3);
		} else if (i == 60) {
			v = UINT64_MAX;
		} else {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			v = seed >> (seed & 63);
		}
		snprintf(want, sizeof(want), "{\"a\":%llu,\"%s\":%llu}",
			 (unsigned long long)v, k, (unsigned long long)v);
		out_open(&o);
		jsonw_object_begin(&o.w);
		jsonw_key(&o.w, "a");
		jsonw_uint(&o.w, v);
		jsonw_kv_uint(&o.w, k, v);
		jsonw_object_end(&o.w);
		assert_string_equal(out_close(&o), want);
		free(o.buf);
	}
}

/* Strings longer than the writer's buffer, and many short writes that
 * fill it, come out whole and in order. */
static void
test_output_longer_than_the_buffer_is_whole(void **state)
{
	struct capture_out o;
	size_t n = 3 * JSONW_BUF + 7;
	char *big = malloc(n);
	const char *got;

	(void)state;
	assert_non_null(big);
	for (size_t i = 0; i < n; i++)
		big[i] = (char)('a' + i % 26);
	out_open(&o);
	jsonw_array_begin(&o.w);
	for (int i = 0; i < 5000; i++)
		jsonw_uint(&o.w, 7);
	jsonw_string_n(&o.w, big, n);
	jsonw_array_end(&o.w);
	got = out_close(&o);
	assert_int_equal(strlen(got), 1 + 5000 * 2 + n + 3);
	assert_memory_equal(got + 1 + 5000 * 2 + 1, big, n);
	assert_string_equal(got + strlen(got) - 2, "\"]");
	free(o.buf);
	free(big);
}

/* Fixed-point numbers are written by hand when the rounding is sure and
 * by printf otherwise: either way the text is printf's "%.*f". */
static void
test_doubles_read_as_printf_writes_them(void **state)
{
	static const double edges[] = { 0.5, 1.5, 2.5, 0.125, 0.375, 1e-7,
					-1e-7, -2.5, 9007199254740993.0,
					1e300, -1e300, 4.35, 1.005, 0.045,
					1700000000.0000005, 1700000000.999999 };
	char want[400];
	unsigned seed = 12345;

	(void)state;
	for (int i = 0; i < 200000; i++) {
		struct capture_out o;
		int decimals = i % 11;
		double v;

		if (i < (int)(sizeof(edges) / sizeof(edges[0])) * 11) {
			v = edges[i / 11];
		} else {
			/* timestamps in whole microseconds, then anything */
			seed = seed * 1103515245u + 12345u;
			v = i % 2 ? 1.6e9 + (seed % 100000000u) / 1e6 :
				    (double)seed / (1 + (seed >> 20)) *
				    ((seed & 1) ? -1 : 1);
		}
		snprintf(want, sizeof(want), "%.*f", decimals, v);
		out_open(&o);
		jsonw_double(&o.w, v, decimals);
		assert_string_equal(out_close(&o), want);
		free(o.buf);
	}
}

/* Every byte value, alone and in hostile mixes, through python's json. */
static void
test_every_byte_gives_valid_json(void **state)
{
	char path[] = "/tmp/pktop-jsonw-XXXXXX";
	char cmd[256], all[256];
	struct jsonw w;
	FILE *f;
	int fd, i, rc;

	(void)state;
	if (system("python3 -c '' 2>/dev/null") != 0)
		skip();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	f = fdopen(fd, "w");
	assert_non_null(f);
	jsonw_init(&w, f);
	jsonw_array_begin(&w);
	for (i = 0; i < 256; i++) {
		char c = (char)i;

		all[i] = c;
		jsonw_string_n(&w, &c, 1);
	}
	jsonw_string_n(&w, all, sizeof(all));
	jsonw_string_n(&w, "\xe2\x80\xae\x1b]0;owned\x07\xf0\x9f", 14);
	jsonw_array_end(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	fclose(f);
	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json,sys; d=json.load(open(sys.argv[1],"
		 "encoding=\"utf-8\")); sys.exit(0 if len(d)==258 and "
		 "d[255]==\"\\u00ff\" else 1)' %s",
		 path);
	rc = system(cmd);
	unlink(path);
	assert_int_equal(rc, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_commas_and_colons_are_placed),
		cmocka_unit_test(test_quotes_backslashes_and_controls_are_escaped),
		cmocka_unit_test(test_valid_utf8_is_kept),
		cmocka_unit_test(test_invalid_utf8_is_escaped_byte_by_byte),
		cmocka_unit_test(test_numbers_are_json_numbers),
		cmocka_unit_test(test_doubles_read_as_printf_writes_them),
		cmocka_unit_test(test_uints_read_as_printf_writes_them),
		cmocka_unit_test(test_output_longer_than_the_buffer_is_whole),
		cmocka_unit_test(test_every_byte_gives_valid_json),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
