/*
 * test_cursor: the bounds-checked reader every parser goes through:
 * getters and byte order, the sticky error flag, sub-cursors clamped to
 * what was captured, and every prefix of a buffer read without running
 * past its end (ASan sees each prefix as its own allocation).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "base/cursor.h"

static const uint8_t bytes[] = {
	0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
	0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10,
};

static void
test_getters_read_big_and_little_endian(void **state)
{
	struct cursor c;

	(void)state;
	cursor_init(&c, bytes, sizeof(bytes));
	assert_int_equal(cursor_u8(&c), 0x01);
	assert_int_equal(cursor_be16(&c), 0x0203);
	assert_int_equal(cursor_be24(&c), 0x040506);
	assert_int_equal(cursor_le16(&c), 0x0807);
	assert_int_equal(cursor_le32(&c), 0x0c0b0a09);
	assert_int_equal(cursor_be32(&c), 0x0d0e0f10);
	assert_false(c.err);
	assert_int_equal(cursor_left(&c), 0);

	cursor_init(&c, bytes, sizeof(bytes));
	assert_true(cursor_be64(&c) == 0x0102030405060708ull);
	assert_int_equal(c.pos, 8);
}

static void
test_short_read_returns_zero_and_sets_sticky_error(void **state)
{
	struct cursor c;

	(void)state;
	cursor_init(&c, bytes, 3);
	assert_int_equal(cursor_be16(&c), 0x0102);
	assert_int_equal(cursor_be16(&c), 0); /* one byte left: fails */
	assert_true(c.err);
	assert_int_equal(c.pos, 2); /* a failed read does not move */
	/* Sticky: even a read that would fit now fails. */
	assert_int_equal(cursor_u8(&c), 0);
	assert_false(cursor_has(&c, 0));
	assert_int_equal(cursor_peek_u8(&c, 0), -1);
	assert_false(cursor_skip(&c, 0));
}

static void
test_ptr_and_skip_check_the_whole_length(void **state)
{
	struct cursor c;
	const uint8_t *p;

	(void)state;
	cursor_init(&c, bytes, 8);
	p = cursor_ptr(&c, 8);
	assert_non_null(p);
	assert_ptr_equal(p, bytes);
	assert_null(cursor_ptr(&c, 1));
	assert_true(c.err);

	cursor_init(&c, bytes, 8);
	assert_true(cursor_skip(&c, 5));
	assert_false(cursor_skip(&c, 4));
	assert_int_equal(c.pos, 5);
}

static void
test_bytes_zero_the_destination_on_a_short_read(void **state)
{
	struct cursor c;
	uint8_t out[6];

	(void)state;
	memset(out, 0xee, sizeof(out));
	cursor_init(&c, bytes, 4);
	assert_false(cursor_bytes(&c, out, sizeof(out)));
	for (size_t i = 0; i < sizeof(out); i++)
		assert_int_equal(out[i], 0);
	cursor_init(&c, bytes, 8);
	assert_true(cursor_bytes(&c, out, 6));
	assert_memory_equal(out, bytes, 6);
}

static void
test_peek_does_not_move_and_stops_at_the_end(void **state)
{
	struct cursor c;

	(void)state;
	cursor_init(&c, bytes, 2);
	assert_int_equal(cursor_peek_u8(&c, 0), 0x01);
	assert_int_equal(cursor_peek_u8(&c, 1), 0x02);
	assert_int_equal(cursor_peek_u8(&c, 2), -1);
	assert_int_equal(c.pos, 0);
	assert_false(c.err);
}

static void
test_sub_cursor_is_clamped_and_independent(void **state)
{
	struct cursor c, s, big;

	(void)state;
	cursor_init(&c, bytes, 10);
	cursor_skip(&c, 2);
	s = cursor_sub(&c, 4);
	assert_int_equal(s.pos, 2);
	assert_int_equal(s.end, 6);
	assert_int_equal(cursor_be32(&s), 0x03040506);
	assert_int_equal(cursor_u8(&s), 0); /* its own end, not the frame's */
	assert_true(s.err);
	assert_false(c.err); /* the parent is untouched */
	assert_int_equal(c.pos, 2);
	/* A layer longer than what was captured is cut to the capture. */
	big = cursor_sub(&c, 1000);
	assert_int_equal(big.end, 10);
	assert_int_equal(cursor_left(&big), 8);
}

static void
test_limit_shrinks_but_never_grows(void **state)
{
	struct cursor c;

	(void)state;
	cursor_init(&c, bytes, 10);
	cursor_skip(&c, 1);
	cursor_limit(&c, 3);
	assert_int_equal(cursor_left(&c), 3);
	cursor_limit(&c, 50);
	assert_int_equal(cursor_left(&c), 3);
	assert_int_equal(cursor_be24(&c), 0x020304);
	assert_int_equal(cursor_u8(&c), 0);
	assert_true(c.err);
}

static void
test_offsets_are_absolute_in_the_frame(void **state)
{
	struct cursor c, s;

	(void)state;
	cursor_init(&c, bytes, sizeof(bytes));
	cursor_skip(&c, 6);
	s = cursor_sub(&c, 4);
	cursor_u8(&s);
	assert_int_equal(s.pos, 7);
	assert_ptr_equal(s.frame, bytes);
}

/* Read a fixed mix of fields from every prefix of the buffer, each copied
 * into an allocation of exactly that size: any read past the end is an
 * ASan report, and the values read must be those of the full buffer up
 * to the point the bytes run out. */
static void
test_every_prefix_reads_in_bounds(void **state)
{
	(void)state;
	for (size_t len = 0; len <= sizeof(bytes); len++) {
		uint8_t *copy = malloc(len ? len : 1);
		struct cursor c;
		uint32_t a, b;
		uint16_t e;
		uint8_t f;

		assert_non_null(copy);
		memcpy(copy, bytes, len);
		cursor_init(&c, copy, len);
		a = cursor_be32(&c);
		b = cursor_be24(&c);
		e = cursor_le16(&c);
		cursor_peek_u8(&c, 3);
		cursor_skip(&c, 2);
		f = cursor_u8(&c);
		cursor_ptr(&c, 4);
		assert_int_equal(a, len >= 4 ? 0x01020304u : 0);
		assert_int_equal(b, len >= 7 ? 0x050607u : 0);
		assert_int_equal(e, len >= 9 ? 0x0908 : 0);
		assert_int_equal(f, len >= 12 ? 0x0c : 0);
		assert_int_equal(c.err, len < 16);
		free(copy);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_getters_read_big_and_little_endian),
		cmocka_unit_test(test_short_read_returns_zero_and_sets_sticky_error),
		cmocka_unit_test(test_ptr_and_skip_check_the_whole_length),
		cmocka_unit_test(test_bytes_zero_the_destination_on_a_short_read),
		cmocka_unit_test(test_peek_does_not_move_and_stops_at_the_end),
		cmocka_unit_test(test_sub_cursor_is_clamped_and_independent),
		cmocka_unit_test(test_limit_shrinks_but_never_grows),
		cmocka_unit_test(test_offsets_are_absolute_in_the_frame),
		cmocka_unit_test(test_every_prefix_reads_in_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
