/*
 * test_ring: the packet store: bounded in bytes, oldest first out,
 * sequence numbers in order, evicted packets not found.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/ring.h"

static uint64_t
put_sized(struct ring *r, uint32_t caplen, uint8_t fill)
{
	uint8_t buf[2048];

	struct ring_rec h = { .ts_sec = 1700000000, .ts_usec = 1000,
			      .caplen = caplen, .len = caplen + 4,
			      .linktype = 1 };

	memset(buf, fill, sizeof(buf));
	return ring_put(r, &h, buf);
}

static void
test_packets_keep_seq_ts_lengths_and_bytes(void **state)
{
	struct ring r;
	const struct ring_rec *rec;

	(void)state;
	assert_int_equal(ring_init(&r, 1 << 16), 0);
	assert_int_equal(put_sized(&r, 60, 0xaa), 1);
	assert_int_equal(put_sized(&r, 61, 0xbb), 2);
	rec = ring_get(&r, 2);
	assert_non_null(rec);
	assert_int_equal(rec->seq, 2);
	assert_int_equal(rec->caplen, 61);
	assert_int_equal(rec->len, 65);
	assert_int_equal(rec->ts_usec, 1000);
	assert_int_equal(rec->linktype, 1);
	assert_int_equal(ring_rec_data(rec)[0], 0xbb);
	assert_int_equal(ring_rec_data(rec)[60], 0xbb);
	assert_null(ring_get(&r, 0));
	assert_null(ring_get(&r, 3));
	ring_destroy(&r);
}

/* --batch's store: packets numbered in order, none kept, and a put after
 * skips goes on from the next number. */
static void
test_skip_numbers_without_keeping(void **state)
{
	struct ring r;

	(void)state;
	assert_int_equal(ring_init(&r, RING_MIN_BYTES), 0);
	assert_int_equal(put_sized(&r, 60, 0xaa), 1);
	assert_int_equal(ring_skip(&r), 2);
	assert_int_equal(ring_skip(&r), 3);
	assert_null(ring_get(&r, 1));
	assert_null(ring_get(&r, 2));
	assert_null(ring_get(&r, 3));
	assert_int_equal(ring_used(&r), 0);
	assert_int_equal(r.first_seq, r.next_seq);
	assert_int_equal(put_sized(&r, 61, 0xbb), 4);
	assert_non_null(ring_get(&r, 4));
	assert_int_equal(ring_get(&r, 4)->caplen, 61);
	ring_destroy(&r);
}

static void
test_eviction_by_bytes_keeps_seq_order(void **state)
{
	struct ring r;
	uint64_t last = 0;

	(void)state;
	assert_int_equal(ring_init(&r, 8192), 0);
	/* sizes that do not divide the arena, so it wraps with a gap */
	for (int i = 0; i < 500; i++) {
		uint32_t caplen = 100 + (uint32_t)(i * 37) % 900;

		last = put_sized(&r, caplen, (uint8_t)i);
		assert_int_equal(last, (uint64_t)i + 1);
		assert_true(ring_used(&r) <= r.size);
		/* everything between first and last is there, in order, with
		 * its own bytes */
		for (uint64_t s = r.first_seq; s < r.next_seq; s++) {
			const struct ring_rec *rec = ring_get(&r, s);

			assert_non_null(rec);
			assert_int_equal(rec->seq, s);
			assert_int_equal(ring_rec_data(rec)[0], (uint8_t)(s - 1));
			assert_int_equal(rec->caplen, 100 + (uint32_t)((s - 1) * 37) % 900);
		}
	}
	assert_true(r.first_seq > 1);
	assert_int_equal(r.evicted, r.first_seq - 1);
	/* the oldest went first, and they are gone for good */
	assert_null(ring_get(&r, 1));
	assert_null(ring_get(&r, r.first_seq - 1));
	assert_non_null(ring_get(&r, last));
	/* a full store still holds more than half its bytes in packets */
	assert_true(ring_used(&r) > r.size / 2);
	ring_destroy(&r);
}

static void
test_index_grows_with_many_small_packets(void **state)
{
	struct ring r;

	(void)state;
	assert_int_equal(ring_init(&r, 1 << 20), 0);
	for (uint32_t i = 0; i < 20000; i++)
		assert_int_equal(put_sized(&r, 0, 0), i + 1);
	assert_int_equal(r.evicted, 0);
	assert_true(r.index_cap >= 20000);
	for (uint64_t s = 1; s <= 20000; s++)
		assert_int_equal(ring_get(&r, s)->seq, s);
	ring_destroy(&r);
}

static void
test_packet_bigger_than_store_is_truncated(void **state)
{
	struct ring r;
	struct ring_rec h = { 0 };
	const struct ring_rec *rec;
	static uint8_t big[65536];

	(void)state;
	assert_int_equal(ring_init(&r, RING_MIN_BYTES), 0);
	put_sized(&r, 100, 1);
	h.ts_sec = 1;
	h.caplen = h.len = sizeof(big);
	h.linktype = 1;
	assert_int_equal(ring_put(&r, &h, big), 2);
	rec = ring_get(&r, 2);
	assert_non_null(rec);
	assert_true(rec->caplen < RING_MIN_BYTES);
	assert_int_equal(rec->len, sizeof(big));
	assert_null(ring_get(&r, 1));
	ring_destroy(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_packets_keep_seq_ts_lengths_and_bytes),
		cmocka_unit_test(test_skip_numbers_without_keeping),
		cmocka_unit_test(test_eviction_by_bytes_keeps_seq_order),
		cmocka_unit_test(test_index_grows_with_many_small_packets),
		cmocka_unit_test(test_packet_bigger_than_store_is_truncated),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
