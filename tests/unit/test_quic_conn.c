/*
 * test_quic_conn: CRYPTO stream reassembly for the tree path. Frames come
 * in any order, overlap and repeat; a handshake message is ready once,
 * when its last byte arrives; offsets and lengths from the packet are
 * hostile and must neither write past the buffer nor grow it without end.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decode/flow.h"
#include "decode/flowstate.h"
#include "decode/keylog.h"
#include "decode/proto/quic_conn.h"
#include "decode/proto/quic_open.h"

struct fixture {
	struct flowstate *fs;
	struct flow *f;
	struct quic_stream st;
};

static struct flow *
a_flow(struct flowstate *fs)
{
	struct decode_summary s;
	unsigned dir;

	memset(&s, 0, sizeof(s));
	s.l4 = 17;
	s.l4_proto = PROTO_UDP;
	s.src.family = s.dst.family = 4;
	s.src.bytes[0] = 10;
	s.dst.bytes[0] = 11;
	s.sport = 50000;
	s.dport = 443;
	return flowstate_get(fs, &s, true, &dir);
}

static int
setup(void **state)
{
	static struct fixture fx;

	memset(&fx, 0, sizeof(fx));
	fx.fs = flowstate_new();
	assert_non_null(fx.fs);
	fx.f = a_flow(fx.fs);
	assert_non_null(fx.f);
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	free(fx->st.data);
	free(fx->st.have);
	flowstate_free(fx->fs);
	return 0;
}

/* Two handshake messages (types 1 and 2, bodies of 5 and 3 bytes). */
static const uint8_t msgs[] = {1, 0, 0, 5, 'h', 'e', 'l', 'l', 'o',
			       2, 0, 0, 3, 'x', 'y', 'z'};

static void
test_out_of_order_pieces_make_messages_once(void **state)
{
	struct fixture *fx = *state;
	size_t from, to;

	/* the second message first: nothing ready, there is a gap */
	assert_true(quic_stream_add(fx->fs, fx->f, &fx->st, 9, msgs + 9, 7));
	assert_false(quic_stream_ready(&fx->st, &from, &to));
	/* part of the first: still a gap */
	assert_true(quic_stream_add(fx->fs, fx->f, &fx->st, 0, msgs, 4));
	assert_false(quic_stream_ready(&fx->st, &from, &to));
	/* the rest, overlapping what came: both messages at once */
	assert_true(quic_stream_add(fx->fs, fx->f, &fx->st, 2, msgs + 2, 8));
	assert_true(quic_stream_ready(&fx->st, &from, &to));
	assert_int_equal(from, 0);
	assert_int_equal(to, sizeof(msgs));
	assert_memory_equal(fx->st.data, msgs, sizeof(msgs));
	/* the same bytes again (a retransmission): nothing new */
	assert_true(quic_stream_add(fx->fs, fx->f, &fx->st, 0, msgs,
				    sizeof(msgs)));
	assert_false(quic_stream_ready(&fx->st, &from, &to));
	assert_true(fx->f->bytes > 0);
}

static void
test_hostile_offsets_and_lengths_are_refused(void **state)
{
	struct fixture *fx = *state;
	static uint8_t big[QUIC_STREAM_MAX];
	size_t from, to;

	/* past the stream's limit, or running over it */
	assert_false(quic_stream_add(fx->fs, fx->f, &fx->st,
				     QUIC_STREAM_MAX, msgs, 1));
	assert_false(quic_stream_add(fx->fs, fx->f, &fx->st,
				     QUIC_STREAM_MAX - 1, msgs, 2));
	assert_false(quic_stream_add(fx->fs, fx->f, &fx->st,
				     UINT64_MAX - 1, msgs, 4));
	assert_null(fx->st.data);
	/* a message that claims 16 MiB never becomes ready */
	big[0] = 11;
	big[1] = 0xff;
	big[2] = 0xff;
	big[3] = 0xff;
	assert_true(quic_stream_add(fx->fs, fx->f, &fx->st, 0, big,
				    sizeof(big)));
	assert_int_equal(fx->st.contiguous, QUIC_STREAM_MAX);
	assert_false(quic_stream_ready(&fx->st, &from, &to));
	assert_int_equal(fx->st.capacity, QUIC_STREAM_MAX);
}

/* ---- quic_open.h: what Follow borrows ---- */

struct seen {
	struct quic_open_data d[8];
	int n;
};

static void
collect(void *arg, const struct quic_open_data *d)
{
	struct seen *s = arg;

	if (s->n < 8)
		s->d[s->n++] = *d;
}

static void
test_open_frames_give_crypto_and_stream_data(void **state)
{
	/* PADDING, PING, ACK (one range), CRYPTO at 5 "ab", STREAM 4 with
	 * offset and length "xyz", NEW_CONNECTION_ID (skipped), STREAM 8
	 * without offset or length, FIN: "tail" to the end */
	static const uint8_t p[] = {
		0x00, 0x00, 0x01, 0x02, 0x05, 0x00, 0x01, 0x00, 0x01, 0x01,
		0x06, 0x05, 0x02, 'a', 'b',
		0x0e, 0x04, 0x40, 0x10, 0x03, 'x', 'y', 'z',
		0x18, 0x01, 0x00, 0x02, 0xaa, 0xbb,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
		0x09, 0x08, 't', 'a', 'i', 'l',
	};
	struct seen s = { .n = 0 };

	(void)state;
	assert_true(quic_open_frames(1, p, sizeof(p), false, collect, &s));
	assert_int_equal(s.n, 3);
	assert_true(s.d[0].crypto);
	assert_int_equal(s.d[0].off, 5);
	assert_int_equal(s.d[0].len, 2);
	assert_memory_equal(s.d[0].p, "ab", 2);
	assert_false(s.d[1].crypto);
	assert_int_equal(s.d[1].stream_id, 4);
	assert_int_equal(s.d[1].off, 16);
	assert_memory_equal(s.d[1].p, "xyz", 3);
	assert_false(s.d[1].fin);
	assert_int_equal(s.d[2].stream_id, 8);
	assert_int_equal(s.d[2].off, 0);
	assert_int_equal(s.d[2].len, 4);
	assert_true(s.d[2].fin);
	/* an Initial carries no STREAM: the walk stops before it */
	s.n = 0;
	assert_false(quic_open_frames(1, p, sizeof(p), true, collect, &s));
	assert_int_equal(s.n, 1);
}

static void
test_open_frames_refuse_hostile_lengths(void **state)
{
	/* STREAM whose length runs past the payload; a varint cut short;
	 * an unknown frame type after good data */
	static const uint8_t over[] = { 0x0a, 0x00, 0x10, 'a', 'b' };
	static const uint8_t cut[] = { 0x06, 0x80, 0x00 };
	static const uint8_t unknown[] = { 0x06, 0x00, 0x01, 'q', 0x40, 0x99 };
	struct seen s = { .n = 0 };
	size_t i = 0;
	uint64_t v;

	(void)state;
	assert_false(quic_open_frames(1, over, sizeof(over), false, collect,
				      &s));
	assert_false(quic_open_frames(1, cut, sizeof(cut), false, collect,
				      &s));
	assert_int_equal(s.n, 0);
	assert_false(quic_open_frames(1, unknown, sizeof(unknown), false,
				      collect, &s));
	assert_int_equal(s.n, 1);
	assert_false(quic_open_varint(cut, sizeof(cut), &(size_t){ 1 }, &v));
	assert_true(quic_open_varint(unknown, sizeof(unknown), &i, &v));
	assert_int_equal(i, 1);
	assert_int_equal(v, 6);
}

static void
test_open_log_keys_by_level_and_side(void **state)
{
	static const char text[] =
		"SERVER_TRAFFIC_SECRET_0 "
		"2020202020202020202020202020202020202020202020202020202020202020 "
		"0404040404040404040404040404040404040404040404040404040404040404\n";
	uint8_t random[32], secret[32];
	struct quic_keys k, want;
	struct keylog *log = keylog_new();

	(void)state;
	assert_non_null(log);
	assert_int_equal(keylog_add_text(log, text, sizeof(text) - 1), 1);
	memset(random, 0x20, sizeof(random));
	memset(secret, 0x04, sizeof(secret));
	assert_int_equal(quic_crypto_secret_keys(1, secret, 32, &want), 0);
	assert_int_equal(quic_open_log_keys(log, 1, random, 0x1301,
					    QUIC_EPOCH_APP, false, &k), 0);
	assert_memory_equal(k.key, want.key, sizeof(k.key));
	assert_memory_equal(k.hp, want.hp, sizeof(k.hp));
	/* the suite not seen yet is tried; another suite is not */
	assert_int_equal(quic_open_log_keys(log, 1, random, -1,
					    QUIC_EPOCH_APP, false, &k), 0);
	assert_int_equal(quic_open_log_keys(log, 1, random, 0x1302,
					    QUIC_EPOCH_APP, false, &k), -1);
	/* the client's side, Handshake, 0-RTT: not in the log; Initial
	 * keys never come from it; no log at all */
	assert_int_equal(quic_open_log_keys(log, 1, random, 0x1301,
					    QUIC_EPOCH_APP, true, &k), -1);
	assert_int_equal(quic_open_log_keys(log, 1, random, 0x1301,
					    QUIC_EPOCH_HANDSHAKE, false, &k),
			 -1);
	assert_int_equal(quic_open_log_keys(log, 1, random, 0x1301,
					    QUIC_LEVEL_0RTT, false, &k), -1);
	assert_int_equal(quic_open_log_keys(log, 1, random, 0x1301,
					    QUIC_EPOCH_INITIAL, false, &k), -1);
	assert_int_equal(quic_open_log_keys(NULL, 1, random, 0x1301,
					    QUIC_EPOCH_APP, false, &k), -1);
	keylog_free(log);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_out_of_order_pieces_make_messages_once, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_hostile_offsets_and_lengths_are_refused, setup,
			teardown),
		cmocka_unit_test(test_open_frames_give_crypto_and_stream_data),
		cmocka_unit_test(test_open_frames_refuse_hostile_lengths),
		cmocka_unit_test(test_open_log_keys_by_level_and_side),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
