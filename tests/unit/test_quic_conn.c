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
#include "decode/proto/quic_conn.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
