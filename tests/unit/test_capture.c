/*
 * test_capture: the capture module on real files: the thread reads every
 * packet into the model and reports the end; a filter given at open, -c,
 * and errors for what is not a capture; a live filter change is compiled
 * first (a wrong one changes nothing) and applies to later packets.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "base/filter.h"
#include "capture/capture.h"
#include "model/model.h"

#define DATA(name) TEST_DATA_DIR "/" name

struct run {
	struct capture *c;
	struct model *m;
	struct model_totals t;
};

/* Open FILE with FILTER, read it to the end (or COUNT packets). */
static void
run_file(struct run *r, const char *file, const char *filter, uint64_t count)
{
	const struct capture_config cfg = { .read_file = file,
					    .filter = filter,
					    .count = count };
	const struct timespec nap = { 0, 10 * 1000000 };
	char err[512] = "";
	int i;

	r->c = capture_open(&cfg, err, sizeof(err));
	assert_non_null(r->c);
	r->m = model_new(NULL, capture_linktype(r->c), err, sizeof(err));
	assert_non_null(r->m);
	assert_int_equal(capture_start(r->c, r->m, err, sizeof(err)), 0);
	for (i = 0; i < 1000 && !capture_done(r->c); i++)
		nanosleep(&nap, NULL);
	assert_true(capture_done(r->c));
	capture_stop(r->c);
	model_get_totals(r->m, &r->t);
}

static void
run_free(struct run *r)
{
	capture_close(r->c);
	model_free(r->m);
}

static void
test_file_is_read_to_the_end(void **state)
{
	struct run r;

	(void)state;
	run_file(&r, DATA("udp-unreach.pcap"), NULL, 0);
	assert_int_equal(r.t.packets, 4);
	assert_int_equal(r.t.capture_state, MODEL_CAPTURE_FINISHED);
	assert_false(capture_is_live(r.c));
	assert_string_equal(capture_linktype_name(r.c), "EN10MB");
	/* the whole file was read */
	assert_int_equal(r.t.source_bytes_read, r.t.source_bytes_total);
	run_free(&r);
}

static void
test_pcapng_is_read(void **state)
{
	struct run r;

	(void)state;
	run_file(&r, DATA("dns.pcap"), NULL, 0);
	assert_int_equal(r.t.packets, 5);
	run_free(&r);
}

static void
test_filter_at_open_keeps_only_matches(void **state)
{
	struct run r;

	(void)state;
	run_file(&r, DATA("udp-unreach.pcap"), "icmp", 0);
	assert_int_equal(r.t.packets, 2);
	run_free(&r);
	run_file(&r, DATA("dns.pcap"), "udp port 53", 0);
	assert_int_equal(r.t.packets, 3);
	run_free(&r);
}

static void
test_count_stops_early(void **state)
{
	struct run r;

	(void)state;
	run_file(&r, DATA("udp-unreach.pcap"), NULL, 3);
	assert_int_equal(r.t.packets, 3);
	run_free(&r);
}

static void
test_bad_sources_have_clear_errors(void **state)
{
	struct capture_config cfg = { 0 };
	char err[512];

	(void)state;
	cfg.read_file = DATA("no-such-file.pcap");
	assert_null(capture_open(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "No such file"));

	cfg.read_file = DATA("README.md");
	assert_null(capture_open(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "not a pcap or pcapng"));

	cfg.read_file = TEST_DATA_DIR;
	assert_null(capture_open(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "directory"));

	cfg.read_file = DATA("dns.pcap");
	cfg.filter = "port port";
	assert_null(capture_open(&cfg, err, sizeof(err)));
	assert_non_null(strstr(err, "bad capture filter 'port port'"));
}

static void
test_filter_change_is_compiled_first(void **state)
{
	char err[512] = "";
	struct run r;
	struct filter *f;

	(void)state;
	run_file(&r, DATA("udp-unreach.pcap"), "udp", 0);
	assert_null(capture_compile_filter(r.c, "udp and", -1, err, sizeof(err)));
	assert_non_null(strstr(err, "bad capture filter 'udp and'"));
	f = capture_compile_filter(r.c, "icmp", -1, err, sizeof(err));
	assert_non_null(f);
	assert_string_equal(filter_expr(f), "icmp");
	assert_int_equal(filter_linktype(f), capture_linktype(r.c));
	/* handed over, the capture owns it (ASan: freed once, at close) */
	capture_set_filter(r.c, f);
	run_free(&r);
}

/* A filter set while the thread runs is applied between batches: a file
 * replayed slowly stands in for a live interface. */
static void
test_filter_change_applies_to_later_packets(void **state)
{
	const struct capture_config cfg = { .read_file = DATA("mixed.pcap"),
					    .replay = true,
					    .replay_speed = 4.0 };
	const struct timespec nap = { 0, 10 * 1000000 };
	struct model_totals before, after;
	char err[512] = "";
	struct capture *c;
	struct filter *f;
	struct model *m;
	int i;

	(void)state;
	c = capture_open(&cfg, err, sizeof(err));
	assert_non_null(c);
	m = model_new(NULL, capture_linktype(c), err, sizeof(err));
	assert_non_null(m);
	assert_int_equal(capture_start(c, m, err, sizeof(err)), 0);
	/* 670 packets over 2.9 s, at four times the speed */
	for (i = 0; i < 15; i++)
		nanosleep(&nap, NULL);
	/* nothing matches this: no packet is counted after it */
	f = capture_compile_filter(c, "ether proto 0x1234", -1, err,
				   sizeof(err));
	assert_non_null(f);
	capture_set_filter(c, f);
	model_get_totals(m, &before);
	for (i = 0; i < 500 && !capture_done(c); i++)
		nanosleep(&nap, NULL);
	assert_true(capture_done(c));
	model_get_totals(m, &after);
	assert_true(before.packets > 0);
	/* at most the batch being read when the filter was set */
	assert_true(after.packets < 670);
	assert_true(after.packets - before.packets < 50);
	capture_close(c);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_file_is_read_to_the_end),
		cmocka_unit_test(test_pcapng_is_read),
		cmocka_unit_test(test_filter_at_open_keeps_only_matches),
		cmocka_unit_test(test_count_stops_early),
		cmocka_unit_test(test_bad_sources_have_clear_errors),
		cmocka_unit_test(test_filter_change_is_compiled_first),
		cmocka_unit_test(test_filter_change_applies_to_later_packets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
