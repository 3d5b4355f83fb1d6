/*
 * test_inspect: questions about stored packets. Selection by connection
 * id (across a connection evicted and its entry recycled, which must not
 * be confused with the old one), by host, by BPF and by find text; a
 * saved pcap read back byte for byte; and a packet dissected with its
 * flow's history giving the tree -V gives it reading the file in order;
 * the display filter's worker finding what a selection finds, feeding
 * filtered tables, and stopping when told.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "decode/flowstate.h"
#include "inspect/inspect.h"

/* ---- a model fed hand-built frames ---- */

struct fx {
	struct model *m;
	struct model_batch *b;
	struct inspect *in;
	uint8_t frames[16][128];
	size_t len[16];
	int64_t sec[16];
	uint32_t usec[16];
	size_t n;
};

static struct fx *fx_current;

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* Ethernet/IPv4/UDP from 10.0.0.S:SPORT to 10.0.0.D:DPORT, 8 bytes of
 * payload naming the packet. */
static void
fx_udp(struct fx *f, uint8_t s, uint16_t sport, uint8_t d, uint16_t dport)
{
	uint8_t *p = f->frames[f->n];
	struct pcap_pkthdr h;

	assert_true(f->n < 16);
	memset(p, 0, 128);
	put16(p + 12, 0x0800);
	p[14] = 0x45;
	put16(p + 16, 20 + 8 + 8);
	p[22] = 64;
	p[23] = 17;
	p[26] = 10; p[29] = s;
	p[30] = 10; p[33] = d;
	put16(p + 34, sport);
	put16(p + 36, dport);
	put16(p + 38, 16);
	snprintf((char *)p + 42, 8, "pkt%02zu", f->n);
	f->len[f->n] = 14 + 20 + 8 + 8;
	f->sec[f->n] = 1700000000 + (int64_t)f->n;
	f->usec[f->n] = (uint32_t)(123457 + f->n);
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)f->sec[f->n];
	h.ts.tv_usec = (suseconds_t)f->usec[f->n];
	h.caplen = h.len = (uint32_t)f->len[f->n];
	assert_true(model_batch_add(f->b, DLT_EN10MB, &h, p));
	model_batch_commit(f->m, f->b); /* one per batch: evictions between */
	f->n++;
}

static void
fx_open(struct fx *f, size_t max_conns)
{
	struct model_limits lim = { .max_connections = max_conns };
	char err[256];

	memset(f, 0, sizeof(*f));
	fx_current = f;
	f->m = model_new(&lim, DLT_EN10MB, err, sizeof(err));
	assert_non_null(f->m);
	f->b = model_batch_new(4, 1 << 16);
	assert_non_null(f->b);
	f->in = inspect_new(f->m);
	assert_non_null(f->in);
}

static void
fx_close(struct fx *f)
{
	inspect_free(f->in);
	model_batch_free(f->b);
	model_free(f->m);
	fx_current = NULL;
}

static int
fx_teardown(void **state)
{
	(void)state;
	if (fx_current != NULL)
		fx_close(fx_current);
	return 0;
}

static uint64_t
conn_id_of(struct fx *f, uint64_t seq)
{
	struct model_packet hdr;

	assert_int_equal(model_packet_get(f->m, seq, &hdr, NULL, 0), 0);
	return hdr.conn_id;
}

/* Every selected sequence number, in one call. */
static size_t
select_all(struct fx *f, const struct inspect_scope *sc, uint64_t *out)
{
	uint64_t next;
	size_t n = inspect_select(f->in, sc, 0, UINT64_MAX, out, 16, &next);

	assert_true(next == UINT64_MAX);
	return n;
}

static void
expect_seqs(const uint64_t *got, size_t n, const uint64_t *want, size_t nw)
{
	assert_int_equal(n, nw);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

/* A (10.0.0.1:1000 <-> 10.0.0.2:53) twice, B and C evicting it in
 * between (room for two connections), then A again: a new entry. */
static void
fx_recycled(struct fx *f)
{
	fx_open(f, 2);
	fx_udp(f, 1, 1000, 2, 53);  /* 1: A */
	fx_udp(f, 2, 53, 1, 1000);  /* 2: A, reply */
	fx_udp(f, 3, 2000, 4, 80);  /* 3: B */
	fx_udp(f, 5, 3000, 6, 443); /* 4: C evicts A */
	fx_udp(f, 1, 1000, 2, 53);  /* 5: A again, a new entry */
	fx_udp(f, 1, 4000, 6, 443); /* 6: D */
}

static void
test_select_by_conn_id_tells_a_recycled_connection_apart(void **state)
{
	struct fx f;
	struct inspect_scope sc = { 0 };
	uint64_t got[16];
	uint64_t old_id, new_id;

	(void)state;
	fx_recycled(&f);
	old_id = conn_id_of(&f, 1);
	new_id = conn_id_of(&f, 5);
	assert_true(old_id != 0 && new_id != 0);
	assert_true(old_id != new_id);
	assert_int_equal(conn_id_of(&f, 2), old_id);
	sc.conn_id = old_id;
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 1, 2 }, 2);
	sc.conn_id = new_id;
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 5 }, 1);
	sc.conn_id = 0;
	assert_int_equal(select_all(&f, &sc, got), 6);
	fx_close(&f);
}

static void
test_select_by_host_filter_and_find(void **state)
{
	struct fx f;
	struct inspect_scope sc = { 0 };
	uint64_t got[16];

	(void)state;
	fx_recycled(&f);
	sc.by_host = true;
	assert_int_equal(addr_parse(&sc.host, "10.0.0.1"), 0);
	expect_seqs(got, select_all(&f, &sc, got),
		    (uint64_t[]){ 1, 2, 5, 6 }, 4);
	/* host and connection together: both must hold */
	sc.conn_id = conn_id_of(&f, 6);
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 6 }, 1);
	memset(&sc, 0, sizeof(sc));
	sc.filter = "udp port 443";
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 4, 6 }, 2);
	sc.filter = "udp port 443 and src host 10.0.0.1";
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 6 }, 1);
	/* the filter changes: compiled again, not the old program */
	sc.filter = "udp port 80";
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 3 }, 1);
	/* find: addresses, ports and protocol names, lower case */
	memset(&sc, 0, sizeof(sc));
	sc.find = " 10.0.0.4 ";
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 3 }, 1);
	sc.find = " 53 ";
	expect_seqs(got, select_all(&f, &sc, got), (uint64_t[]){ 1, 2, 5 }, 3);
	sc.find = " udp ";
	assert_int_equal(select_all(&f, &sc, got), 6);
	sc.find = " tcp ";
	assert_int_equal(select_all(&f, &sc, got), 0);
	fx_close(&f);
}

static void
test_select_goes_on_from_next(void **state)
{
	struct fx f;
	struct inspect_scope sc = { .find = " 443 " };
	uint64_t got[2], next;
	size_t n;

	(void)state;
	fx_recycled(&f);
	/* two candidates a call: 1-2 give nothing, then 3-4 give 4, ... */
	n = inspect_select(f.in, &sc, 0, 7, got, 2, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 3);
	n = inspect_select(f.in, &sc, next, 7, got, 2, &next);
	expect_seqs(got, n, (uint64_t[]){ 4 }, 1);
	assert_int_equal(next, 5);
	n = inspect_select(f.in, &sc, next, 7, got, 2, &next);
	expect_seqs(got, n, (uint64_t[]){ 6 }, 1);
	n = inspect_select(f.in, &sc, next, 7, got, 2, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 7);
	fx_close(&f);
}

/* ---- save ---- */

static void
expect_saved(struct fx *f, const char *path, const size_t *which, size_t n)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p = pcap_open_offline(path, err);
	size_t i = 0;

	assert_non_null(p);
	assert_int_equal(pcap_datalink(p), DLT_EN10MB);
	while (pcap_next_ex(p, &h, &data) == 1) {
		size_t k;

		assert_true(i < n);
		k = which[i++];
		assert_int_equal(h->caplen, f->len[k]);
		assert_int_equal(h->len, f->len[k]);
		assert_int_equal(h->ts.tv_sec, f->sec[k]);
		assert_int_equal(h->ts.tv_usec, f->usec[k]);
		assert_memory_equal(data, f->frames[k], f->len[k]);
	}
	assert_int_equal(i, n);
	pcap_close(p);
}

static void
test_save_round_trip_keeps_bytes_and_times(void **state)
{
	struct fx f;
	struct inspect_scope sc = { 0 };
	char path[] = "/tmp/test_inspect_XXXXXX";
	size_t written, skipped;
	char err[256];
	int fd;

	(void)state;
	fx_recycled(&f);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	unlink(path);
	/* a scope: the new A's packets only */
	sc.conn_id = conn_id_of(&f, 5);
	assert_int_equal(inspect_save(f.in, NULL, 0, &sc, path, &written,
				      &skipped, err, sizeof(err)), 0);
	assert_int_equal(written, 1);
	assert_int_equal(skipped, 0);
	expect_saved(&f, path, (size_t[]){ 4 }, 1);
	/* an existing file is not overwritten */
	assert_int_equal(inspect_save(f.in, NULL, 0, &sc, path, &written,
				      &skipped, err, sizeof(err)), -1);
	assert_non_null(strstr(err, path));
	unlink(path);
	/* a set of sequence numbers (marks, the list) */
	assert_int_equal(inspect_save(f.in, (uint64_t[]){ 2, 3, 6 }, 3, NULL,
				      path, &written, &skipped, err,
				      sizeof(err)), 0);
	assert_int_equal(written, 3);
	expect_saved(&f, path, (size_t[]){ 1, 2, 5 }, 3);
	unlink(path);
	/* the host 10.0.0.1 */
	sc.conn_id = 0;
	sc.by_host = true;
	assert_int_equal(addr_parse(&sc.host, "10.0.0.1"), 0);
	assert_int_equal(inspect_save(f.in, NULL, 0, &sc, path, &written,
				      &skipped, err, sizeof(err)), 0);
	expect_saved(&f, path, (size_t[]){ 0, 1, 4, 5 }, 4);
	unlink(path);
	fx_close(&f);
}

/* ---- dissect ---- */

static void
expect_same_tree(const struct tree *a, const struct tree *b)
{
	assert_int_equal(a->count, b->count);
	for (int i = 0; i < a->count; i++) {
		const struct tree_node *x = &a->nodes[i], *y = &b->nodes[i];

		assert_true((x->field == NULL) == (y->field == NULL));
		if (x->field != NULL)
			assert_string_equal(x->field, y->field);
		assert_string_equal(x->value, y->value);
		assert_int_equal(x->offset, y->offset);
		assert_int_equal(x->length, y->length);
		assert_int_equal(x->parent, y->parent);
		assert_int_equal(x->flags, y->flags);
	}
}

static bool
tree_same(const struct tree *a, const struct tree *b)
{
	if (a->count != b->count)
		return false;
	for (int i = 0; i < a->count; i++)
		if (strcmp(a->nodes[i].value, b->nodes[i].value) != 0)
			return false;
	return true;
}

/* FILE's packets into a model; the tree of packet LAST as -V builds it
 * (every packet in file order through one flow state, the way
 * packet_print_decode calls inspect_dissect_frame) into WANT. */
static void
dissect_file(const char *file, uint64_t last, struct model *m,
	     struct keylog *keys, struct tree *want)
{
	char path[1024], err[PCAP_ERRBUF_SIZE];
	struct model_batch *b = model_batch_new(64, 1 << 20);
	struct flowstate *fs = flowstate_new();
	struct decode_summary s;
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t number = 0;
	pcap_t *p;

	assert_non_null(b);
	assert_non_null(fs);
	flowstate_set_keylog(fs, keys);
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	p = pcap_open_offline(path, err);
	assert_non_null(p);
	while (pcap_next_ex(p, &h, &data) == 1) {
		if (!model_batch_add(b, pcap_datalink(p), h, data)) {
			model_batch_commit(m, b);
			assert_true(model_batch_add(b, pcap_datalink(p), h,
						    data));
		}
		if (++number > last)
			continue;
		tree_reset(want);
		want->discard = number != last;
		inspect_dissect_frame(fs, (double)h->ts.tv_sec +
						  (double)h->ts.tv_usec * 1e-6,
				      pcap_datalink(p), data, h->caplen,
				      h->len, PROTO_NONE, &s, want);
		want->discard = false;
	}
	model_batch_commit(m, b);
	assert_true(number >= last);
	pcap_close(p);
	flowstate_free(fs);
	model_batch_free(b);
}

static void
expect_dissect_like_V(const char *file, uint64_t last)
{
	char path[1024], err[256];
	struct model *m = model_new(NULL, DLT_EN10MB, err, sizeof(err));
	struct keylog *keys;
	struct tree want, got, alone;
	struct model_packet hdr;
	struct decode_summary s;
	static uint8_t frame[262144];

	assert_non_null(m);
	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	keys = inspect_keys_open(path, NULL, err, sizeof(err));
	assert_non_null(keys);
	tree_init(&want);
	tree_init(&got);
	tree_init(&alone);
	dissect_file(file, last, m, keys, &want);
	assert_int_equal(inspect_dissect(m, last, PROTO_NONE, keys, NULL,
					 &hdr, frame, sizeof(frame), &s,
					 &got), 0);
	assert_int_equal(hdr.seq, last);
	expect_same_tree(&want, &got);
	/* and the history mattered: alone the packet says less */
	inspect_dissect_frame(NULL, model_packet_time(&hdr), hdr.linktype,
			      frame, hdr.caplen, hdr.len, PROTO_NONE, &s,
			      &alone);
	assert_false(tree_same(&want, &alone));
	/* a packet no longer (or not yet) stored */
	assert_int_equal(inspect_dissect(m, 100000, PROTO_NONE, keys, NULL,
					 &hdr, frame, sizeof(frame), &s,
					 &got), -1);
	tree_free(&want);
	tree_free(&got);
	tree_free(&alone);
	inspect_keys_free(keys);
	model_free(m);
}

/* QUIC: the 1-RTT packets open only with the keys the handshake's
 * earlier packets and the pcapng's secrets give. */
static void
test_dissect_quic_with_history_is_V(void **state)
{
	(void)state;
	expect_dissect_like_V("quic-v2.pcapng", 19);
}

/* HTTP: a header block going on in the next segment. */
static void
test_dissect_http_continuation_with_history_is_V(void **state)
{
	(void)state;
	expect_dissect_like_V("http-lines-split.pcap", 6);
}

/* ---- the display filter's worker (walk.h) ---- */

/* Wait (bounded) until W's job is done; its position then. */
static uint64_t
walk_wait(struct inspect_walk *w)
{
	struct timespec ms = { 0, 1000000 };
	uint64_t next = 0;
	int i;

	for (i = 0; i < 10000 && inspect_walk_busy(w, &next); i++)
		nanosleep(&ms, NULL);
	assert_false(inspect_walk_busy(w, &next));
	return next;
}

static void
test_walk_finds_what_select_finds(void **state)
{
	struct fx f;
	struct inspect_scope sc = { 0 };
	struct inspect_walk *w;
	struct dfilter_error err;
	struct dfilter *df = dfilter_compile("udp.port == 443", &err);
	uint64_t got[16], want[16], next;
	size_t n, nw;

	(void)state;
	assert_non_null(df);
	fx_recycled(&f);
	sc.dfilter = df;
	nw = inspect_select(f.in, &sc, 0, 7, want, 16, &next);
	expect_seqs(want, nw, (uint64_t[]){ 4, 6 }, 2);
	w = inspect_walk_new(f.m);
	assert_non_null(w);
	sc.dfilter = NULL; /* the worker compiles its own */
	assert_int_equal(inspect_walk_post(w, &sc, "udp.port == 443", 0, 7,
					   NULL, true), 0);
	assert_int_equal(walk_wait(w), 7);
	n = inspect_walk_take(w, got, 1);
	n += inspect_walk_take(w, got + n, 16);
	expect_seqs(got, n, want, nw);
	assert_int_equal(inspect_walk_take(w, got, 16), 0);
	/* the scope's own conditions hold too: a find text */
	sc.find = " 10.0.0.6 ";
	assert_int_equal(inspect_walk_post(w, &sc, "udp.port == 443", 0, 7,
					   NULL, false), 0);
	walk_wait(w);
	n = inspect_walk_take(w, got, 16);
	expect_seqs(got, n, (uint64_t[]){ 4, 6 }, 2);
	sc.find = " 10.0.0.5 ";
	assert_int_equal(inspect_walk_post(w, &sc, "udp", 5, 7, NULL, false),
			 0);
	walk_wait(w);
	assert_int_equal(inspect_walk_take(w, got, 16), 0);
	/* a filter that does not compile posts nothing */
	assert_int_equal(inspect_walk_post(w, &sc, "udp.port == \"x\"", 0,
					   7, NULL, false), -1);
	assert_false(inspect_walk_busy(w, NULL));
	inspect_walk_free(w);
	dfilter_free(df);
	fx_close(&f);
}

static void
test_walk_feeds_the_filtered_tables(void **state)
{
	struct fx f;
	struct inspect_scope sc = { 0 };
	struct inspect_walk *w;
	struct model_totals t;
	struct model *dst;
	char err[256];

	(void)state;
	fx_recycled(&f);
	dst = model_new(NULL, DLT_EN10MB, err, sizeof(err));
	assert_non_null(dst);
	model_set_live(dst, false);
	w = inspect_walk_new(f.m);
	assert_non_null(w);
	assert_int_equal(inspect_walk_post(w, &sc, "ip.dst == 10.0.0.2", 0,
					   7, dst, true), 0);
	walk_wait(w);
	model_get_totals(dst, &t);
	assert_int_equal(t.packets, 2); /* 1 and 5 */
	inspect_walk_free(w);
	model_free(dst);
	fx_close(&f);
}

/* The stop flag is looked at before each packet's bytes: set, nothing
 * is read and NEXT says where to go on; a cancelled job leaves nothing
 * to take and the worker idle. */
static void
test_walk_stops_before_the_next_packet(void **state)
{
	struct fx f;
	struct dfilter_error derr;
	struct dfilter *df = dfilter_compile("udp", &derr);
	atomic_bool stop;
	struct inspect_scope sc = { .dfilter = df, .stop = &stop };
	struct inspect_walk *w;
	uint64_t got[16], next;
	size_t n;

	(void)state;
	assert_non_null(df);
	fx_recycled(&f);
	atomic_init(&stop, true);
	n = inspect_select(f.in, &sc, 2, 7, got, 16, &next);
	assert_int_equal(n, 0);
	assert_int_equal(next, 2);
	atomic_store(&stop, false);
	n = inspect_select(f.in, &sc, 2, 7, got, 16, &next);
	assert_int_equal(n, 5);
	assert_int_equal(next, 7);
	w = inspect_walk_new(f.m);
	assert_non_null(w);
	sc.dfilter = NULL;
	sc.stop = NULL;
	assert_int_equal(inspect_walk_post(w, &sc, "udp", 0, 7, NULL, true),
			 0);
	inspect_walk_cancel(w);
	assert_false(inspect_walk_busy(w, NULL));
	assert_int_equal(inspect_walk_take(w, got, 16), 0);
	/* freed with a job running: cancelled and joined (ASan: no leak) */
	assert_int_equal(inspect_walk_post(w, &sc, "udp", 0, 7, NULL, true),
			 0);
	inspect_walk_free(w);
	dfilter_free(df);
	fx_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_select_by_conn_id_tells_a_recycled_connection_apart, fx_teardown),
		cmocka_unit_test_teardown(test_select_by_host_filter_and_find, fx_teardown),
		cmocka_unit_test_teardown(test_select_goes_on_from_next, fx_teardown),
		cmocka_unit_test_teardown(test_save_round_trip_keeps_bytes_and_times, fx_teardown),
		cmocka_unit_test_teardown(test_walk_finds_what_select_finds, fx_teardown),
		cmocka_unit_test_teardown(test_walk_feeds_the_filtered_tables, fx_teardown),
		cmocka_unit_test_teardown(test_walk_stops_before_the_next_packet, fx_teardown),
		cmocka_unit_test(test_dissect_quic_with_history_is_V),
		cmocka_unit_test(test_dissect_http_continuation_with_history_is_V),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
