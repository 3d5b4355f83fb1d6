/*
 * test_flowlist: the packet list's TCP flow state (inspect/flowlist.h).
 * The side table: entries by store sequence number with gaps, growth
 * across its ring's wrap, eviction (its size follows the store's window,
 * not the packets ever seen), a reset. The worker: on every capture in
 * tests/data, each stored TCP row described from its entry gives the
 * Info a reading of the file in order gives (the CLI list's), and a
 * row the worker has not reached is said to be so; a store read again
 * from the start starts the flows over.
 */
#include "config.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "decode/flowstate.h"
#include "inspect/inspect.h"

/* ---- the side table ---- */

static struct flowlist_entry
entry(uint32_t seq)
{
	struct flowlist_entry e = { .seq = seq, .ack = seq + 1,
				    .window = seq * 2, .kind = FLOWLIST_TCP };

	return e;
}

static void
test_table_gaps_and_growth(void **state)
{
	struct flowlist_table t;
	struct flowlist_entry e, x;
	uint64_t s;

	(void)state;
	flowlist_table_init(&t);
	assert_false(flowlist_table_get(&t, 1, &e));
	/* every third packet a TCP one, far past the first ring's size */
	for (s = 5; s < 5000; s += 3) {
		x = entry((uint32_t)s);
		assert_int_equal(flowlist_table_put(&t, s, &x), 0);
	}
	assert_false(flowlist_table_get(&t, 4, &e)); /* before the first */
	assert_true(flowlist_table_get(&t, 5, &e));
	assert_int_equal(e.seq, 5);
	assert_int_equal(e.window, 10);
	assert_true(flowlist_table_get(&t, 4997, &e));
	assert_int_equal(e.ack, 4998);
	/* between: known, not TCP */
	assert_true(flowlist_table_get(&t, 6, &e));
	assert_int_equal(e.kind, FLOWLIST_NONE);
	/* past the last put: unknown */
	assert_false(flowlist_table_get(&t, 4998, &e));
	/* out of store order: ignored */
	x = entry(1);
	assert_int_equal(flowlist_table_put(&t, 8, &x), 0);
	assert_true(flowlist_table_get(&t, 8, &e));
	assert_int_equal(e.seq, 8);
	assert_int_equal(flowlist_table_bytes(&t),
			 8192 * sizeof(struct flowlist_entry));
	flowlist_table_reset(&t);
	assert_false(flowlist_table_get(&t, 8, &e));
	x = entry(3);
	assert_int_equal(flowlist_table_put(&t, 3, &x), 0);
	assert_true(flowlist_table_get(&t, 3, &e));
	assert_int_equal(e.seq, 3);
	flowlist_table_free(&t);
}

static void
test_table_follows_eviction(void **state)
{
	struct flowlist_table t;
	struct flowlist_entry e, x;
	uint64_t s;

	(void)state;
	flowlist_table_init(&t);
	/* a store holding the last 1500 packets of 200000 */
	for (s = 1; s <= 200000; s++) {
		if (s > 1500)
			flowlist_table_forget(&t, s - 1500);
		x = entry((uint32_t)s);
		assert_int_equal(flowlist_table_put(&t, s, &x), 0);
	}
	assert_true(flowlist_table_bytes(&t) <=
		    2048 * sizeof(struct flowlist_entry));
	assert_false(flowlist_table_get(&t, 200000 - 1501, &e));
	assert_true(flowlist_table_get(&t, 200000 - 1500, &e));
	assert_int_equal(e.seq, 200000 - 1500);
	assert_true(flowlist_table_get(&t, 200000, &e));
	assert_int_equal(e.seq, 200000);
	/* everything gone: the next put starts a new window */
	flowlist_table_forget(&t, 300000);
	assert_false(flowlist_table_get(&t, 200000, &e));
	x = entry(7);
	assert_int_equal(flowlist_table_put(&t, 300005, &x), 0);
	assert_true(flowlist_table_get(&t, 300005, &e));
	assert_int_equal(e.seq, 7);
	assert_true(flowlist_table_bytes(&t) <=
		    2048 * sizeof(struct flowlist_entry));
	flowlist_table_free(&t);
}

/* ---- the worker against a reading in order ---- */

/* Until the worker reached what was posted (20 s at most). */
static void
reach(struct inspect_flows *fl)
{
	int k;

	for (k = 0; k < 2000 && !inspect_flows_wait(fl, 10); k++)
		usleep(10000);
	assert_true(inspect_flows_wait(fl, 0));
}

/* The packets of PATH into M's store; how many, or -1 when libpcap
 * cannot read it. */
static long
load_into(struct model *m, const char *path)
{
	char err[PCAP_ERRBUF_SIZE];
	struct model_batch *b = model_batch_new(64, 1 << 20);
	struct pcap_pkthdr *h;
	const u_char *data;
	long count = 0;
	pcap_t *p;

	assert_non_null(b);
	p = pcap_open_offline(path, err);
	if (p == NULL) {
		model_batch_free(b);
		return -1;
	}
	while (pcap_next_ex(p, &h, &data) == 1) {
		if (!model_batch_add(b, pcap_datalink(p), h, data)) {
			model_batch_commit(m, b);
			assert_true(model_batch_add(b, pcap_datalink(p), h,
						    data));
		}
		count++;
	}
	model_batch_commit(m, b);
	pcap_close(p);
	model_batch_free(b);
	return count;
}

static struct model *
load(const char *path, size_t *count)
{
	char err[256];
	struct model *m = model_new(NULL, DLT_EN10MB, err, sizeof(err));
	long n;

	assert_non_null(m);
	n = load_into(m, path);
	if (n < 0) {
		model_free(m);
		return NULL;
	}
	*count = (size_t)n;
	return m;
}

/* Stored packets 1..N of M (FILE's) described by FL against an in-order
 * reading's Info, for the TCP rows; the rows compared added to *ROWS. */
static void
expect_rows_like_cli(struct model *m, struct inspect_flows *fl, size_t n,
		     const char *file, size_t *rows)
{
	static uint8_t frame[262144];
	struct packet_info want, got;
	struct model_packet hdr;
	struct decode_summary s;
	struct flowstate *fs = flowstate_new();
	struct tree t;
	size_t caplen;
	uint64_t seq;

	assert_non_null(fs);
	tree_init(&t);
	for (seq = 1; seq <= n; seq++) {
		assert_int_equal(model_packet_get(m, seq, &hdr, frame,
						  sizeof(frame)), 0);
		caplen = hdr.caplen < sizeof(frame) ? hdr.caplen
						    : sizeof(frame);
		tree_reset(&t);
		flowstate_set_frame(fs, seq);
		inspect_dissect_frame(fs, model_packet_time(&hdr),
				      hdr.linktype, frame, caplen, hdr.len,
				      PROTO_NONE, &s, &t);
		packet_info_from_tree(&t, &s, &want);
		assert_true(inspect_flows_describe(fl, &hdr, frame, caplen, 0,
						   &t, &got));
		/* the TCP rows (an application's text over TCP may differ:
		 * the list keeps no application state) */
		if (strcmp(want.protocol, "TCP") != 0)
			continue;
		if (strcmp(want.info, got.info) != 0)
			fail_msg("%s frame %llu:\n  list: %s\n  CLI:  %s", file,
				 (unsigned long long)seq, got.info, want.info);
		++*rows;
	}
	tree_free(&t);
	flowstate_free(fs);
}

/* The Info of every stored packet of FILE read in order (as the CLI list
 * does, without a key log) against the list's, for the TCP rows; the
 * rows compared are added to *ROWS. */
static void
expect_list_like_cli(const char *file, size_t *rows)
{
	char path[1024];
	struct inspect_flows *fl;
	struct model *m;
	size_t n;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	m = load(path, &n);
	if (m == NULL)
		return; /* not a capture libpcap reads */
	fl = inspect_flows_new(m);
	assert_non_null(fl);
	inspect_flows_post(fl, 1, n + 1);
	reach(fl);
	assert_true(inspect_flows_done(fl) >= n + 1);
	expect_rows_like_cli(m, fl, n, file, rows);
	inspect_flows_free(fl);
	model_free(m);
}

/* The store read again from the start (a file, after a new capture
 * filter) with more packets than before: the old entries are not used;
 * the next post starts the flows over. */
static void
test_store_read_again(void **state)
{
	char path[1024];
	static uint8_t frame[262144];
	struct packet_info pi;
	struct model_packet hdr;
	struct inspect_flows *fl;
	struct tree t;
	struct model *m;
	size_t n, rows = 0;
	long n2;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, "http.pcap");
	m = load(path, &n);
	assert_non_null(m);
	fl = inspect_flows_new(m);
	assert_non_null(fl);
	tree_init(&t);
	inspect_flows_post(fl, 1, n + 1);
	reach(fl);
	model_reset(m);
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, "mixed.pcap");
	n2 = load_into(m, path);
	assert_true(n2 > (long)n);
	inspect_flows_post(fl, 1, (uint64_t)n2 + 1);
	reach(fl);
	assert_int_equal(model_packet_get(m, 3, &hdr, frame, sizeof(frame)),
			 0);
	assert_false(inspect_flows_describe(fl, &hdr, frame, hdr.caplen, 0,
					    &t, &pi));
	inspect_flows_post(fl, 1, (uint64_t)n2 + 1);
	reach(fl);
	expect_rows_like_cli(m, fl, (size_t)n2, "mixed.pcap", &rows);
	assert_true(rows > 100);
	tree_free(&t);
	inspect_flows_free(fl);
	model_free(m);
}

static void
test_list_is_cli_on_tests_data(void **state)
{
	DIR *d = opendir(TEST_DATA_DIR);
	struct dirent *de;
	size_t rows = 0, files = 0;

	(void)state;
	assert_non_null(d);
	while ((de = readdir(d)) != NULL) {
		size_t len = strlen(de->d_name);

		if ((len > 5 && strcmp(de->d_name + len - 5, ".pcap") == 0) ||
		    (len > 7 && strcmp(de->d_name + len - 7, ".pcapng") == 0)) {
			expect_list_like_cli(de->d_name, &rows);
			files++;
		}
	}
	closedir(d);
	assert_true(files > 50);
	assert_true(rows > 1000); /* it compared something */
}

/* A row not reached yet: raw, and said so; then reached. */
static void
test_unreached_row_is_raw(void **state)
{
	char path[1024];
	static uint8_t frame[262144];
	struct packet_info pi;
	struct model_packet hdr;
	struct inspect_flows *fl;
	struct tree t;
	struct model *m;
	size_t n;

	(void)state;
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, "mixed.pcap");
	m = load(path, &n);
	assert_non_null(m);
	assert_true(n > 3);
	fl = inspect_flows_new(m);
	assert_non_null(fl);
	tree_init(&t);
	assert_int_equal(model_packet_get(m, 3, &hdr, frame, sizeof(frame)),
			 0);
	/* nothing posted: the worker has not reached it */
	assert_false(inspect_flows_describe(fl, &hdr, frame, hdr.caplen, 0,
					    &t, &pi));
	inspect_flows_post(fl, 1, n + 1);
	reach(fl);
	assert_true(inspect_flows_describe(fl, &hdr, frame, hdr.caplen, 0,
					   &t, &pi));
	/* the store cleared (a lower end posted): the flows start over */
	inspect_flows_post(fl, 1, 2);
	reach(fl);
	assert_int_equal(inspect_flows_done(fl), 2);
	assert_false(inspect_flows_describe(fl, &hdr, frame, hdr.caplen, 0,
					    &t, &pi));
	/* NULL: no flow state, every row described raw */
	assert_true(inspect_flows_describe(NULL, &hdr, frame, hdr.caplen, 0,
					   &t, &pi));
	tree_free(&t);
	inspect_flows_free(fl);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_table_gaps_and_growth),
		cmocka_unit_test(test_table_follows_eviction),
		cmocka_unit_test(test_unreached_row_is_raw),
		cmocka_unit_test(test_store_read_again),
		cmocka_unit_test(test_list_is_cli_on_tests_data),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
