/*
 * test_connhealth: the TCP sequence analysis core (decode/tcpseq.h) and
 * the connection health built on it (model/connhealth.h), segment by
 * segment: what tshark would flag, RTT smoothing with Karn's rule and
 * timestamps, the handshake's halves, zero-window time, sequence wrap.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "decode/quichdr.h"
#include "decode/tcpseq.h"
#include "model/connhealth.h"

enum { SYN = 0x02, ACK = 0x10, FIN = 0x01, RST = 0x04, PSH = 0x08 };

/* one segment of direction DIR at time T (us) */
static unsigned
seg(struct connhealth *h, unsigned dir, uint32_t t, uint8_t flags,
    uint32_t seq, uint32_t ack, uint32_t len, uint16_t win,
    struct connhealth_event *ev)
{
	struct tcpseq_seg g = {
		.seq = seq, .ack = ack, .seglen = len, .now = t,
		.window = win, .flags = flags, .wscale = TCPSEQ_WSCALE_NONE,
	};
	struct connhealth_event e;

	connhealth_step(h, dir, &g, false, 0, 0, ev ? ev : &e);
	return ev ? ev->flags : e.flags;
}

/* A handshake at 1 s: client (0) seq C, server (1) seq S; 10 ms to the
 * server's side, 2 ms to the client's. */
static void
handshake(struct connhealth *h, uint32_t c, uint32_t s)
{
	seg(h, 0, 1000000, SYN, c, 0, 0, 64240, NULL);
	seg(h, 1, 1010000, SYN | ACK, s, c + 1, 0, 65160, NULL);
	seg(h, 0, 1012000, ACK, c + 1, s + 1, 0, 502, NULL);
}

static void
test_handshake_halves(void **state)
{
	struct connhealth h;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	assert_int_equal(h.d[0].hs_half, 10000);  /* SYN -> SYN/ACK */
	assert_int_equal(h.d[1].hs_half, 2000);   /* SYN/ACK -> ACK */
	assert_true(h.seq.hs & TCPSEQ_HS_RTT);
	assert_int_equal(h.seq.first_rtt, 12000); /* tshark's initial_rtt */
	assert_int_equal(connhealth_side(&h, 0) + connhealth_side(&h, 1),
			 12000);
}

static void
test_retrans_and_karn(void **state)
{
	struct connhealth h;
	struct connhealth_event ev;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	/* data 101..1101 at 1.1 s, acked 20 ms later: one sample */
	assert_int_equal(seg(&h, 0, 1100000, ACK | PSH, 101, 5001, 1000, 502,
			     NULL), 0);
	seg(&h, 1, 1120000, ACK, 5001, 1101, 0, 509, &ev);
	assert_int_equal(ev.rtt, 20000);
	assert_int_equal(h.d[0].srtt, 20000);
	assert_int_equal(h.d[0].rttvar, 10000);
	/* next segment timed, sent again 300 ms later: a retransmission,
	 * and Karn's rule drops its timing */
	seg(&h, 0, 1200000, ACK | PSH, 1101, 5001, 1000, 502, NULL);
	assert_int_equal(seg(&h, 0, 1500000, ACK | PSH, 1101, 5001, 1000, 502,
			     NULL), TCPSEQ_RETRANS);
	seg(&h, 1, 1520000, ACK, 5001, 2101, 0, 509, &ev);
	assert_int_equal(ev.rtt, 0);
	assert_int_equal(h.d[0].srtt, 20000);
	assert_int_equal(h.d[0].retrans, 1);
	assert_int_equal(h.d[0].data_segs, 3);
	/* the next sample moves SRTT by an eighth (RFC 6298) */
	seg(&h, 0, 1600000, ACK | PSH, 2101, 5001, 1000, 502, NULL);
	seg(&h, 1, 1640000, ACK, 5001, 3101, 0, 509, &ev);
	assert_int_equal(ev.rtt, 40000);
	assert_int_equal(h.d[0].srtt, (20000 * 7 + 40000) / 8);
	assert_int_equal(h.d[0].rttvar, (10000 * 3 + 20000) / 4);
}

static void
test_keepalive_not_retrans(void **state)
{
	struct connhealth h;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	seg(&h, 0, 1100000, ACK | PSH, 101, 5001, 10, 502, NULL);
	seg(&h, 1, 1110000, ACK, 5001, 111, 0, 509, NULL);
	/* one byte before nextseq, 0 or 1 byte: keep-alive */
	assert_int_equal(seg(&h, 0, 9000000, ACK, 110, 5001, 0, 502, NULL),
			 TCPSEQ_KEEPALIVE);
	assert_int_equal(seg(&h, 0, 9500000, ACK, 110, 5001, 1, 502, NULL) &
				 TCPSEQ_ANY_RETRANS,
			 0);
	assert_int_equal(h.d[0].keepalives, 2);
	assert_int_equal(h.d[0].retrans, 0);
}

static void
test_dupacks_fast(void **state)
{
	struct connhealth h;
	unsigned f;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	seg(&h, 0, 1100000, ACK, 101, 5001, 1000, 502, NULL);
	seg(&h, 0, 1100010, ACK, 1101, 5001, 1000, 502, NULL); /* lost */
	seg(&h, 0, 1100020, ACK, 2101, 5001, 1000, 502, NULL);
	seg(&h, 1, 1110000, ACK, 5001, 1101, 0, 509, NULL);
	assert_int_equal(seg(&h, 1, 1110100, ACK, 5001, 1101, 0, 509, NULL),
			 TCPSEQ_DUPACK);
	assert_int_equal(seg(&h, 1, 1110200, ACK, 5001, 1101, 0, 509, NULL),
			 TCPSEQ_DUPACK);
	f = seg(&h, 0, 1111000, ACK, 1101, 5001, 1000, 502, NULL);
	assert_int_equal(f, TCPSEQ_FAST);
	assert_int_equal(h.d[1].dupacks, 2);
	assert_int_equal(h.d[0].fast, 1);
	assert_int_equal(h.d[0].retrans, 1);
}

static void
test_lost_and_spurious(void **state)
{
	struct connhealth h;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	/* a hole: 101..1101 never captured */
	assert_int_equal(seg(&h, 0, 1100000, ACK, 1101, 5001, 1000, 502, NULL),
			 TCPSEQ_LOST);
	seg(&h, 1, 1110000, ACK, 5001, 2101, 0, 509, NULL);
	/* acknowledged already: spurious */
	assert_int_equal(seg(&h, 0, 1900000, ACK, 1101, 5001, 1000, 502, NULL),
			 TCPSEQ_SPURIOUS);
	assert_int_equal(h.d[0].lost, 1);
	assert_int_equal(h.d[0].spurious, 1);
	assert_int_equal(h.d[0].retrans, 1);
}

static void
test_zero_window_time(void **state)
{
	struct connhealth h;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	seg(&h, 0, 1100000, ACK, 101, 5001, 1000, 502, NULL);
	assert_int_equal(seg(&h, 1, 1110000, ACK, 5001, 1101, 0, 0, NULL),
			 TCPSEQ_ZERO_WINDOW);
	assert_true(h.d[1].bits & CONNHEALTH_ZW_OPEN);
	/* a one-byte zero-window probe is no retransmission */
	assert_int_equal(seg(&h, 0, 1300000, ACK, 1101, 5001, 1, 502, NULL),
			 TCPSEQ_ZWP);
	seg(&h, 1, 1310000, ACK, 5001, 1101, 0, 0, NULL);
	seg(&h, 1, 1610000, ACK, 5001, 1101, 0, 400, NULL);
	assert_false(h.d[1].bits & CONNHEALTH_ZW_OPEN);
	assert_int_equal(h.d[1].zero_windows, 2);
	assert_int_equal(h.d[1].zw_ms, 500);
	assert_int_equal(h.d[0].retrans, 0);
}

/* Linux probes a zero window with a bare ACK one byte behind (tshark: a
 * keep-alive); the receiver's repeated zero-window ACKs are not duplicate
 * ACKs for tshark (its rule wants a window), as a live capture through
 * tests/lib/delay_relay.py showed. */
static void
test_zero_window_repeats_not_dupacks(void **state)
{
	struct connhealth h;
	int i;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	seg(&h, 0, 1100000, ACK, 101, 5001, 1000, 502, NULL);
	assert_int_equal(seg(&h, 1, 1110000, ACK, 5001, 1101, 0, 0, NULL),
			 TCPSEQ_ZERO_WINDOW);
	for (i = 0; i < 4; i++) {
		uint32_t t = 1400000 + (uint32_t)i * 400000;

		assert_int_equal(seg(&h, 0, t, ACK, 1100, 5001, 0, 502, NULL),
				 TCPSEQ_KEEPALIVE);
		assert_int_equal(seg(&h, 1, t + 50000, ACK, 5001, 1101, 0, 0,
				     NULL),
				 TCPSEQ_ZERO_WINDOW);
	}
	assert_int_equal(h.d[1].dupacks, 0);
	assert_int_equal(h.d[1].zero_windows, 5);
	assert_int_equal(h.d[0].keepalives, 4);
}

/* Dup ACK, window update, dup ACK, resend: tshark counts the second dup
 * ACK as #2 (its count restarts only when the ACK number moves), so the
 * resend is a fast retransmission (seen live through the delay relay). */
static void
test_window_update_keeps_dupack_count(void **state)
{
	struct connhealth h;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	seg(&h, 0, 1100000, ACK, 101, 5001, 1000, 502, NULL);
	seg(&h, 0, 1100100, ACK, 1101, 5001, 1000, 502, NULL);
	seg(&h, 1, 1150000, ACK, 5001, 101, 0, 1092, NULL);
	assert_int_equal(seg(&h, 1, 1150500, ACK, 5001, 101, 0, 1092, NULL),
			 TCPSEQ_DUPACK);
	assert_int_equal(seg(&h, 1, 1150800, ACK, 5001, 101, 0, 1094, NULL),
			 TCPSEQ_WINDOW_UPDATE);
	assert_int_equal(seg(&h, 1, 1151000, ACK, 5001, 101, 0, 1094, NULL),
			 TCPSEQ_DUPACK);
	assert_int_equal(seg(&h, 0, 1151010, ACK, 101, 5001, 1000, 502, NULL),
			 TCPSEQ_FAST);
}

static void
test_wrap_and_tso(void **state)
{
	struct connhealth h;
	struct connhealth_event ev;

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 0xfffff000u, 5000);
	/* a 64 KiB GRO super-segment across the wrap: new data */
	assert_int_equal(seg(&h, 0, 1100000, ACK, 0xfffff001u, 5001, 65536,
			     502, NULL),
			 0);
	assert_int_equal(seg(&h, 0, 1100100, ACK, 0x0000f001u, 5001, 1448,
			     502, NULL),
			 0);
	seg(&h, 1, 1130000, ACK, 5001, 0x0000f001u, 0, 509, &ev);
	assert_int_equal(ev.rtt, 30000);
	/* behind, across the wrap: a retransmission */
	assert_int_equal(seg(&h, 0, 1500000, ACK, 0x0000f001u, 5001, 1448,
			     502, NULL),
			 TCPSEQ_RETRANS);
}

static void
test_timestamps(void **state)
{
	struct connhealth h;
	struct connhealth_event ev;
	struct tcpseq_seg g = {
		.seq = 101, .ack = 5001, .seglen = 100, .now = 1100000,
		.window = 502, .flags = ACK, .wscale = TCPSEQ_WSCALE_NONE,
	};

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	connhealth_step(&h, 0, &g, true, 777, 1, &ev);
	/* sent again: with timestamps it is still timed by its TSval */
	g.now = 1400000;
	connhealth_step(&h, 0, &g, true, 778, 1, &ev);
	assert_true(ev.flags & TCPSEQ_RETRANS);
	g = (struct tcpseq_seg){ .seq = 5001, .ack = 201, .now = 1425000,
				 .window = 509, .flags = ACK,
				 .wscale = TCPSEQ_WSCALE_NONE };
	connhealth_step(&h, 1, &g, true, 9, 777, &ev);
	assert_int_equal(ev.rtt, 325000);
}

/* A lost segment before the timed one: the ACK that fills the hole
 * echoes the resent segment's TSval, later than the timed one's; timing
 * from the timed segment would add the recovery to the round trip (the
 * live relay test read 60 ms on a 50 ms path). No sample then. */
static void
test_ts_echo_past_timed(void **state)
{
	struct connhealth h;
	struct connhealth_event ev;
	struct tcpseq_seg g = {
		.seq = 101, .ack = 5001, .seglen = 100, .now = 1100000,
		.window = 502, .flags = ACK, .wscale = TCPSEQ_WSCALE_NONE,
	};

	(void)state;
	memset(&h, 0, sizeof(h));
	handshake(&h, 100, 5000);
	/* 101 (TSval 10, timed) is lost beyond the capture point */
	connhealth_step(&h, 0, &g, true, 10, 1, &ev);
	g.seq = 201;
	g.now = 1101000;
	connhealth_step(&h, 0, &g, true, 11, 1, &ev);
	/* the dup ACK echoes the last in-order TSval (the handshake's) */
	g = (struct tcpseq_seg){ .seq = 5001, .ack = 101, .now = 1151000,
				 .window = 509, .flags = ACK,
				 .wscale = TCPSEQ_WSCALE_NONE };
	connhealth_step(&h, 1, &g, true, 9, 1, &ev);
	assert_int_equal(ev.rtt, 0);
	/* 101 sent again at 1.2 s with TSval 60; its ACK echoes 60 */
	g = (struct tcpseq_seg){ .seq = 101, .ack = 5001, .seglen = 100,
				 .now = 1200000, .window = 502, .flags = ACK,
				 .wscale = TCPSEQ_WSCALE_NONE };
	connhealth_step(&h, 0, &g, true, 60, 1, &ev);
	g = (struct tcpseq_seg){ .seq = 5001, .ack = 301, .now = 1250000,
				 .window = 509, .flags = ACK,
				 .wscale = TCPSEQ_WSCALE_NONE };
	connhealth_step(&h, 1, &g, true, 9, 60, &ev);
	assert_int_equal(ev.rtt, 0);
	assert_int_equal(h.d[0].srtt, 0);
	/* the next segment is timed afresh and its echo gives 50 ms */
	g = (struct tcpseq_seg){ .seq = 301, .ack = 5001, .seglen = 100,
				 .now = 1260000, .window = 502, .flags = ACK,
				 .wscale = TCPSEQ_WSCALE_NONE };
	connhealth_step(&h, 0, &g, true, 70, 1, &ev);
	g = (struct tcpseq_seg){ .seq = 5001, .ack = 401, .now = 1310000,
				 .window = 509, .flags = ACK,
				 .wscale = TCPSEQ_WSCALE_NONE };
	connhealth_step(&h, 1, &g, true, 9, 70, &ev);
	assert_int_equal(ev.rtt, 50000);
}

/* Long headers: v1 Initial (token, length) coalesced with a Handshake;
 * a v2 Handshake; Retry; Version Negotiation; lengths past the bytes;
 * unknown versions and oversized connection IDs. */
/* The options walk: NOP NOP TS (read without the walk) and the same
 * options in other layouts give the same answers; what follows the
 * timestamps is still read; a cut timestamp is no timestamp. */
static void
test_tcp_options(void **state)
{
	static const uint8_t nnts[] = { 1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 1, 2 };
	static const uint8_t tsnn[] = { 8, 10, 0, 0, 0, 5, 0, 0, 1, 2, 1, 1 };
	static const uint8_t syn[] = { 2, 4, 5, 0xb4, 4, 2, 8, 10, 0, 0, 0, 5,
				       0, 0, 1, 2, 1, 3, 3, 7 };
	static const uint8_t nnts_ws[] = { 1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 1, 2,
					   1, 3, 3, 7 };
	static const uint8_t cut[] = { 1, 1, 8, 10, 0, 0, 0, 5, 0, 0, 1 };
	uint32_t tsval = 0, tsecr = 0;
	bool ts;

	(void)state;
	assert_int_equal(tcpseq_options(nnts, sizeof(nnts), &ts, &tsval,
					&tsecr), TCPSEQ_WSCALE_NONE);
	assert_true(ts);
	assert_int_equal(tsval, 5);
	assert_int_equal(tsecr, 258);
	tsval = tsecr = 0;
	assert_int_equal(tcpseq_options(tsnn, sizeof(tsnn), &ts, &tsval,
					&tsecr), TCPSEQ_WSCALE_NONE);
	assert_true(ts);
	assert_int_equal(tsval, 5);
	assert_int_equal(tsecr, 258);
	tsval = tsecr = 0;
	assert_int_equal(tcpseq_options(syn, sizeof(syn), &ts, &tsval, &tsecr),
			 7);
	assert_true(ts);
	assert_int_equal(tsecr, 258);
	tsval = tsecr = 0;
	assert_int_equal(tcpseq_options(nnts_ws, sizeof(nnts_ws), &ts, &tsval,
					&tsecr), 7);
	assert_true(ts);
	assert_int_equal(tsval, 5);
	assert_int_equal(tcpseq_options(cut, sizeof(cut), &ts, &tsval, &tsecr),
			 TCPSEQ_WSCALE_NONE);
	assert_false(ts);
}

static void
test_quichdr_types(void **state)
{
	/* Initial v1: dcil 2, scil 0, token 0, length 2 | Handshake: length 1 */
	static const uint8_t coal[] = { 0xc3, 0, 0, 0, 1, 2, 0xaa, 0xbb, 0,
					0, 2, 0x11, 0x22,
					0xe0, 0, 0, 0, 1, 0, 0, 1, 0x33 };
	/* v2: type bits 3 are a Handshake (RFC 9369) */
	static const uint8_t v2hs[] = { 0xf0, 0x6b, 0x33, 0x43, 0xcf, 0, 0,
					1, 0 };
	static const uint8_t retry[] = { 0xf0, 0, 0, 0, 1, 0, 0, 9, 9, 9 };
	static const uint8_t vn[] = { 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 };
	static const uint8_t bigcid[] = { 0xc0, 0, 0, 0, 1, 21, 0, 0, 0 };
	static const uint8_t unknown[] = { 0xc0, 0x12, 0x34, 0x56, 0x78, 0,
					   0, 0, 0 };
	/* a token length past the end: the Initial is still seen */
	static const uint8_t cut[] = { 0xc0, 0, 0, 0, 1, 0, 0, 0x44 };
	size_t i;

	(void)state;
	assert_int_equal(quichdr_types(coal, sizeof(coal)),
			 QUICHDR_INITIAL | QUICHDR_HANDSHAKE);
	/* the Handshake cut off: only the Initial */
	assert_int_equal(quichdr_types(coal, 13), QUICHDR_INITIAL);
	assert_int_equal(quichdr_types(v2hs, sizeof(v2hs)), QUICHDR_HANDSHAKE);
	assert_int_equal(quichdr_types(retry, sizeof(retry)), QUICHDR_RETRY);
	assert_int_equal(quichdr_types(vn, sizeof(vn)), QUICHDR_VN);
	assert_int_equal(quichdr_types(bigcid, sizeof(bigcid)), 0);
	assert_int_equal(quichdr_types(unknown, sizeof(unknown)), 0);
	assert_int_equal(quichdr_types(cut, sizeof(cut)), QUICHDR_INITIAL);
	/* every prefix stays inside its bytes (ASan/valgrind see it) */
	for (i = 0; i <= sizeof(coal); i++)
		(void)quichdr_types(coal, i);
}

/* Client Initial at 1000 us, a Version Negotiation back at 1400 (the
 * server side: 400), the server's Initial+Handshake at 3000, the client's
 * Initial again (ignored) and its first Handshake at 3700 (client side:
 * 700). Directions are the table's: the client sends as b here. */
static void
test_quic_handshake(void **state)
{
	struct connhealth h;

	(void)state;
	memset(&h, 0, sizeof(h));
	connhealth_quic(&h, 1, QUICHDR_HANDSHAKE, 500); /* no Initial yet */
	assert_int_equal(h.hs_state, 0);
	connhealth_quic(&h, 1, QUICHDR_INITIAL, 1000);
	connhealth_quic(&h, 1, QUICHDR_INITIAL, 1100); /* sent again */
	connhealth_quic(&h, 0, QUICHDR_VN, 1400);
	assert_true(h.quic);
	assert_int_equal(h.d[1].hs_half, 400);
	assert_int_equal(connhealth_side(&h, 1), 400);
	connhealth_quic(&h, 1, QUICHDR_HANDSHAKE, 2000); /* before the
							   * server's */
	assert_int_equal(h.d[0].hs_half, 0);
	connhealth_quic(&h, 0, QUICHDR_INITIAL | QUICHDR_HANDSHAKE, 3000);
	connhealth_quic(&h, 0, QUICHDR_HANDSHAKE, 3100);
	connhealth_quic(&h, 1, QUICHDR_INITIAL, 3500);
	connhealth_quic(&h, 1, QUICHDR_INITIAL | QUICHDR_HANDSHAKE, 3700);
	assert_int_equal(h.hs_state, CONNHEALTH_HS_DONE);
	assert_int_equal(h.d[0].hs_half, 700);
	assert_int_equal(h.d[1].hs_half, 400);
	connhealth_quic(&h, 1, QUICHDR_HANDSHAKE, 9000); /* done: kept */
	assert_int_equal(h.d[0].hs_half, 700);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_handshake_halves),
		cmocka_unit_test(test_retrans_and_karn),
		cmocka_unit_test(test_keepalive_not_retrans),
		cmocka_unit_test(test_dupacks_fast),
		cmocka_unit_test(test_lost_and_spurious),
		cmocka_unit_test(test_zero_window_time),
		cmocka_unit_test(test_zero_window_repeats_not_dupacks),
		cmocka_unit_test(test_window_update_keeps_dupack_count),
		cmocka_unit_test(test_wrap_and_tso),
		cmocka_unit_test(test_ts_echo_past_timed),
		cmocka_unit_test(test_timestamps),
		cmocka_unit_test(test_tcp_options),
		cmocka_unit_test(test_quichdr_types),
		cmocka_unit_test(test_quic_handshake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
