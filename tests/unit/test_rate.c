/*
 * test_rate: the 2/10/40 s averages: a steady stream reads its own rate in
 * every window, the time constants are the advertised ones, and an idle
 * counter falls to exactly zero.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/rate.h"

#define T0 1700000000u

static void
feed_steady(struct rate *r, uint32_t from, uint32_t seconds, uint32_t per_sec)
{
	/* ten packets a second */
	for (uint32_t s = 0; s < seconds; s++)
		for (int i = 0; i < 10; i++)
			rate_add(r, from + s, per_sec / 10);
}

static void
test_steady_stream_converges_in_every_window(void **state)
{
	struct rate r;
	double out[RATE_COUNT];

	(void)state;
	memset(&r, 0, sizeof(r));
	feed_steady(&r, T0, 400, 125000);
	rate_get_all(&r, T0 + 400, 0, out);
	for (int w = 0; w < RATE_COUNT; w++)
		assert_true(out[w] > 124000.0 && out[w] < 126000.0);
}

static void
test_open_second_is_not_counted_yet(void **state)
{
	struct rate r;

	(void)state;
	memset(&r, 0, sizeof(r));
	rate_add(&r, T0, 1000);
	assert_true(rate_get(&r, T0 + 0.5, RATE_2S) == 0.0);
	assert_true(rate_get(&r, T0 + 1.0, RATE_2S) > 0.0);
}

static void
test_windows_follow_their_time_constants(void **state)
{
	struct rate r;
	double out[RATE_COUNT];

	(void)state;
	memset(&r, 0, sizeof(r));
	/* a step from 0 to R: after T seconds a window of time constant T
	 * reads 1 - 1/e of R (about 63%) */
	feed_steady(&r, T0, 10, 10000);
	rate_get_all(&r, T0 + 10, 0, out);
	assert_true(out[RATE_2S] > 9900.0);
	assert_true(out[RATE_10S] > 6000.0 && out[RATE_10S] < 6700.0);
	assert_true(out[RATE_40S] > 2000.0 && out[RATE_40S] < 2400.0);
	/* the short window reacts first */
	assert_true(out[RATE_2S] > out[RATE_10S]);
	assert_true(out[RATE_10S] > out[RATE_40S]);
}

/* Over the time since the capture began, every window reads a steady
 * stream's rate from the first finished second (iftop's averages cover
 * the history they have), yet a counter still ramps when its traffic
 * began after the capture did, and the order between counters stays. */
static void
test_windows_average_since_capture_start(void **state)
{
	struct rate r, late;
	double out[RATE_COUNT], raw[RATE_COUNT];
	const double origin = T0 + 0.4;

	(void)state;
	memset(&r, 0, sizeof(r));
	feed_steady(&r, T0, 1, 10000);
	/* in the first second nothing is finished: 0, not a division */
	rate_get_all(&r, T0 + 0.9, origin, out);
	for (int w = 0; w < RATE_COUNT; w++)
		assert_true(out[w] == 0.0);
	for (uint32_t k = 1; k <= 5; k++) {
		rate_get_all(&r, T0 + k + 0.5, origin, out);
		for (int w = 0; w < RATE_COUNT; w++)
			assert_true(out[w] > 9990.0 && out[w] < 10010.0);
		feed_steady(&r, T0 + k, 1, 10000);
	}
	/* a sender that began 3 s after the capture still ramps: 2 of the
	 * 5 s since, the recent ones weighing more, (1 + a) (1 - a) /
	 * (1 - a^5) = 46% of its rate in the 10 s column; without the
	 * origin (RAW) it reads less, by the one factor the sorts ignore */
	memset(&late, 0, sizeof(late));
	feed_steady(&late, T0 + 3, 2, 10000);
	rate_get_all(&late, T0 + 5.5, origin, out);
	rate_get_all(&late, T0 + 5.5, 0, raw);
	assert_true(out[RATE_2S] == 10000.0);
	assert_true(out[RATE_10S] > 4550.0 && out[RATE_10S] < 4670.0);
	assert_true(raw[RATE_10S] < out[RATE_10S]);
	/* long after the start the origin changes nothing */
	feed_steady(&r, T0 + 6, 394, 10000);
	rate_get_all(&r, T0 + 400, origin, out);
	rate_get_all(&r, T0 + 400, 0, raw);
	for (int w = 0; w < RATE_COUNT; w++)
		assert_true(out[w] - raw[w] < 1e-3 * raw[w]);
}

static void
test_idle_counter_decays_to_zero(void **state)
{
	struct rate r;
	double out[RATE_COUNT];

	(void)state;
	memset(&r, 0, sizeof(r));
	feed_steady(&r, T0, 100, 50000);
	/* 20 s of silence: 2 s window gone, 40 s window still high */
	rate_get_all(&r, T0 + 120, 0, out);
	assert_true(out[RATE_2S] == 0.0);
	assert_true(out[RATE_40S] > 50000.0 * 0.5 * 0.9);
	/* long silence: every window exactly zero */
	rate_get_all(&r, T0 + 100 + 400, 0, out);
	for (int w = 0; w < RATE_COUNT; w++)
		assert_true(out[w] == 0.0);
	/* reading does not change the counter; a fold does the same */
	rate_add(&r, T0 + 500, 1);
	for (int w = 0; w < RATE_COUNT - 1; w++)
		assert_true(r.avg[w] == 0.0f);
}

/* A window with nothing in it reads 0, as iftop's: the 10 s average
 * after 10 silent seconds, the 40 s one after 40, not a tail redrawn for
 * minutes; one second before, the value is still there. */
static void
test_empty_window_reads_zero(void **state)
{
	struct rate r;
	double out[RATE_COUNT];

	(void)state;
	memset(&r, 0, sizeof(r));
	feed_steady(&r, T0, 100, 50000);
	/* the last packets were in second T0 + 99; T0 + 100 .. + 108 silent */
	rate_get_all(&r, T0 + 109.5, 0, out);
	assert_true(out[RATE_10S] > 0.0);
	rate_get_all(&r, T0 + 110.5, 0, out);
	assert_true(out[RATE_10S] == 0.0);
	assert_true(out[RATE_40S] > 0.0);
	rate_get_all(&r, T0 + 139.5, 0, out);
	assert_true(out[RATE_40S] > 0.0);
	rate_get_all(&r, T0 + 140.5, 0, out);
	assert_true(out[RATE_40S] == 0.0);
	/* a fold agrees with the reader */
	rate_add(&r, T0 + 141, 1);
	for (int w = 0; w < RATE_COUNT - 1; w++)
		assert_true(r.avg[w] == 0.0f);
}

/* The 2 s column is the last two seconds: a sender that stops reads 0
 * two seconds later (iftop's 2 s), not a tail that decays for 16. */
static void
test_two_second_window_slides(void **state)
{
	struct rate r;

	(void)state;
	memset(&r, 0, sizeof(r));
	feed_steady(&r, T0, 30, 100000);
	/* the last sending second is T0 + 29 */
	assert_true(rate_get(&r, T0 + 30.5, RATE_2S) == 100000.0);
	assert_true(rate_get(&r, T0 + 31.5, RATE_2S) == 50000.0);
	assert_true(rate_get(&r, T0 + 32.0, RATE_2S) == 0.0);
	/* the 10 s window still holds second T0 + 29 (at T0 + 40 it is
	 * empty and reads 0: test_empty_window_reads_zero) */
	assert_true(rate_get(&r, T0 + 39, RATE_10S) > 0.0);
	/* one packet after a gap: folds keep the window exact */
	rate_add(&r, T0 + 35, 400);
	rate_add(&r, T0 + 36, 200);
	assert_true(rate_get(&r, T0 + 37, RATE_2S) == 300.0);
	rate_add(&r, T0 + 38, 100);
	assert_true(rate_get(&r, T0 + 38.2, RATE_2S) == 100.0);
	assert_true(rate_get(&r, T0 + 39, RATE_2S) == 50.0);
	assert_true(sizeof(struct rate) <= 24);
}

static void
test_packet_from_earlier_second_joins_current(void **state)
{
	struct rate r;

	(void)state;
	memset(&r, 0, sizeof(r));
	rate_add(&r, T0 + 5, 100);
	rate_add(&r, T0 + 4, 100);
	assert_int_equal(r.sec, T0 + 5);
	assert_int_equal(r.acc, 200);
}

static void
test_accumulator_saturates(void **state)
{
	struct rate r;

	(void)state;
	memset(&r, 0, sizeof(r));
	rate_add(&r, T0, UINT32_MAX - 10);
	rate_add(&r, T0, 100);
	assert_int_equal(r.acc, UINT32_MAX);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_steady_stream_converges_in_every_window),
		cmocka_unit_test(test_open_second_is_not_counted_yet),
		cmocka_unit_test(test_windows_follow_their_time_constants),
		cmocka_unit_test(test_windows_average_since_capture_start),
		cmocka_unit_test(test_idle_counter_decays_to_zero),
		cmocka_unit_test(test_empty_window_reads_zero),
		cmocka_unit_test(test_two_second_window_slides),
		cmocka_unit_test(test_packet_from_earlier_second_joins_current),
		cmocka_unit_test(test_accumulator_saturates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
