/*
 * test_flowstate: the flows the tree path keeps between packets: found
 * from either direction, bounded, and TCP sequence analysis as tshark
 * does it, deciding which segments reach an application dissector
 * (keep-alives, retransmissions and out-of-order segments do not; fast
 * and spurious retransmissions do).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "decode/flow.h"
#include "decode/flowstate.h"

struct fixture {
	struct flowstate *fs;
	struct flow *f;
};

static struct decode_summary
a_packet(bool reply)
{
	struct decode_summary s;

	memset(&s, 0, sizeof(s));
	s.l4 = 17;
	s.l4_proto = PROTO_UDP;
	s.src.family = s.dst.family = 4;
	s.src.bytes[0] = reply ? 11 : 10;
	s.dst.bytes[0] = reply ? 10 : 11;
	s.sport = reply ? 443 : 50000;
	s.dport = reply ? 50000 : 443;
	return s;
}

static int
setup(void **state)
{
	static struct fixture fx;
	struct decode_summary s = a_packet(false);
	unsigned dir;

	memset(&fx, 0, sizeof(fx));
	fx.fs = flowstate_new();
	assert_non_null(fx.fs);
	fx.f = flowstate_get(fx.fs, &s, true, &dir);
	assert_non_null(fx.f);
	*state = &fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	flowstate_free(fx->fs);
	return 0;
}

static void
test_flows_are_found_both_ways_and_bounded(void **state)
{
	struct fixture *fx = *state;
	struct decode_summary s;
	struct flow *f;
	unsigned dir, i;

	s = a_packet(true);
	f = flowstate_get(fx->fs, &s, false, &dir);
	assert_ptr_equal(f, fx->f);
	assert_int_equal(dir, 1);
	/* no ports: no flow */
	s.l4_proto = PROTO_ICMP;
	assert_null(flowstate_get(fx->fs, &s, true, &dir));
	/* the oldest goes at the limit */
	s.l4_proto = PROTO_UDP;
	s.dport = 50001;
	for (i = 0; i < FLOWSTATE_MAX_FLOWS; i++) {
		s.sport = (uint16_t)(1 + i);
		assert_non_null(flowstate_get(fx->fs, &s, true, &dir));
	}
	s.src.bytes[0] = 10;
	s.dst.bytes[0] = 11;
	s.sport = 50000;
	s.dport = 443;
	assert_null(flowstate_get(fx->fs, &s, false, &dir));
}

/* One TCP segment of the test flow at time T: SEQ, ACK, FLAGS, LEN
 * bytes of payload; whether tshark would keep it from the application
 * layer. */
static bool
segment(struct flowstate *fs, bool reply, double t, uint32_t seq,
	uint32_t ack, uint8_t flags, size_t len)
{
	struct decode_summary s = a_packet(reply);
	uint8_t h[20] = {0};

	s.l4 = 6;
	s.l4_proto = PROTO_TCP;
	h[4] = (uint8_t)(seq >> 24);
	h[5] = (uint8_t)(seq >> 16);
	h[6] = (uint8_t)(seq >> 8);
	h[7] = (uint8_t)seq;
	h[8] = (uint8_t)(ack >> 24);
	h[9] = (uint8_t)(ack >> 16);
	h[10] = (uint8_t)(ack >> 8);
	h[11] = (uint8_t)ack;
	h[12] = 0x50;
	h[13] = flags;
	h[14] = 0x10; /* window 4096, the same throughout */
	flowstate_set_time(fs, t);
	return flowstate_tcp_again(fs, &s, h, len, NULL);
}

#define SYN 0x02
#define ACK 0x10

static void
test_tcp_segments_are_classed_as_tshark_does(void **state)
{
	struct fixture *fx = *state;
	struct flowstate *fs = fx->fs;

	/* the handshake; client ISN 1000, server ISN 5000; sequence
	 * numbers wrap (the client's data crosses 2^32) */
	assert_false(segment(fs, false, 0.000, 0xfffffff0u, 0, SYN, 0));
	assert_false(segment(fs, true, 0.010, 5000, 0xfffffff1u, SYN | ACK,
			     0));
	assert_false(segment(fs, false, 0.020, 0xfffffff1u, 5001, ACK, 0));
	/* data, then the same data again 200 ms later: a retransmission */
	assert_false(segment(fs, false, 0.030, 0xfffffff1u, 5001, ACK, 100));
	assert_true(segment(fs, false, 0.230, 0xfffffff1u, 5001, ACK, 100));
	/* the server acknowledges it: sent once more, it is spurious and
	 * dissected */
	assert_false(segment(fs, true, 0.240, 5001, 0x55u, ACK, 0));
	assert_false(segment(fs, false, 0.250, 0xfffffff1u, 5001, ACK, 100));
	/* a keep-alive: one byte at nextseq - 1 */
	assert_true(segment(fs, false, 0.260, 0x54u, 5001, ACK, 1));
	/* new data, lost; the next arrives; two duplicate ACKs; the lost
	 * segment within 20 ms of them: a fast retransmission, dissected */
	assert_false(segment(fs, false, 0.300, 0x55u, 5001, ACK, 100));
	assert_false(segment(fs, false, 0.301, 0xb9u, 5001, ACK, 100));
	assert_false(segment(fs, true, 0.310, 5001, 0x55u, ACK, 0));
	assert_false(segment(fs, true, 0.311, 5001, 0x55u, ACK, 0));
	assert_false(segment(fs, false, 0.320, 0x55u, 5001, ACK, 100));
	/* the same once more, long after: a plain retransmission */
	assert_true(segment(fs, false, 1.320, 0x55u, 5001, ACK, 100));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_flows_are_found_both_ways_and_bounded, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_tcp_segments_are_classed_as_tshark_does, setup,
			teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
