/*
 * test_follow: the reassembler on hand-made segments: in order, out of
 * order, an overlap where the first copy wins, a gap the other side
 * acknowledges (tshark's "[N bytes missing in capture file]" piece),
 * sequence numbers wrapping, what waits after an unacknowledged gap
 * (left out, or shown after its gap with flush_tail), the cap, UDP, and
 * tshark's stream numbers with a port reused.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "inspect/follow.h"

#define SYN 0x02
#define FIN 0x01
#define ACK 0x10

static void
be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
be32(uint8_t *p, uint32_t v)
{
	be16(p, v >> 16);
	be16(p + 2, v & 0xffff);
}

/* Ethernet, IPv4, TCP (UDP when UDP) from node DIR; the frame length. */
static size_t
frame(uint8_t *f, int dir, int udp, uint32_t seq, uint32_t ack,
      uint8_t flags, const char *pl)
{
	size_t n = strlen(pl), l4 = udp ? 8 : 20, ip = 20 + l4 + n;

	memset(f, 0, 14 + ip);
	f[12] = 0x08;
	f[14] = 0x45;
	be16(f + 16, (unsigned)ip);
	f[22] = 64;
	f[23] = udp ? 17 : 6;
	f[26] = 10, f[29] = (uint8_t)(dir ? 2 : 1);
	f[30] = 10, f[33] = (uint8_t)(dir ? 1 : 2);
	be16(f + 34, dir ? 80 : 40000);
	be16(f + 36, dir ? 40000 : 80);
	if (udp) {
		be16(f + 38, (unsigned)(8 + n));
	} else {
		be32(f + 38, seq);
		be32(f + 42, ack);
		f[46] = 5 << 4;
		f[47] = flags;
	}
	memcpy(f + 34 + l4, pl, n);
	return 34 + l4 + n;
}

static void
seg(struct follow *f, int dir, uint32_t seq, uint32_t ack, uint8_t flags,
    const char *pl)
{
	uint8_t b[1600];
	size_t n = frame(b, dir, 0, seq, ack, flags, pl);

	follow_add(f, 1, 0, 0, b, n, n);
}

/* The pieces as "0:bytes|1:bytes|0:[gap N]". */
static const char *
pieces(const struct follow *f)
{
	static char out[4096];
	size_t n = 0;

	out[0] = '\0';
	for (size_t i = 0; i < f->nchunks && n < sizeof(out) - 64; i++) {
		const struct follow_chunk *c = &f->chunks[i];

		if (c->kind == FOLLOW_GAP)
			n += (size_t)snprintf(out + n, sizeof(out) - n,
					      "%s%d:[gap %zu]", i ? "|" : "",
					      c->dir, c->len);
		else
			n += (size_t)snprintf(out + n, sizeof(out) - n,
					      "%s%d:%.*s", i ? "|" : "", c->dir,
					      (int)c->len,
					      (const char *)f->data + c->data);
	}
	return out;
}

static void
test_in_order_and_handshake(void **state)
{
	struct follow *f = follow_new(6, false);

	(void)state;
	seg(f, 0, 100, 0, SYN, "");
	seg(f, 1, 500, 101, SYN | ACK, "");
	seg(f, 0, 101, 501, ACK, "GET /");
	seg(f, 1, 501, 106, ACK, "200 OK");
	seg(f, 0, 106, 507, FIN | ACK, "");
	follow_finish(f);
	assert_string_equal(pieces(f), "0:GET /|1:200 OK");
	assert_int_equal(f->port[0], 40000);
	assert_int_equal(f->bytes[0], 5);
	assert_int_equal(f->bytes[1], 6);
	assert_int_equal(f->chunks[1].offset, 0);
	follow_free(f);
}

static void
test_out_of_order_overlap(void **state)
{
	struct follow *f = follow_new(6, false);

	(void)state;
	seg(f, 0, 100, 0, SYN, "");
	seg(f, 0, 101, 0, ACK, "AAAA");
	seg(f, 0, 109, 0, ACK, "CCCC");   /* waits */
	seg(f, 0, 105, 0, ACK, "BBBB");   /* fills: then CCCC */
	seg(f, 0, 109, 0, ACK, "xxxxDD"); /* only DD is new */
	seg(f, 0, 114, 0, ACK, "y");      /* keep-alive: seen */
	follow_finish(f);
	assert_string_equal(pieces(f), "0:AAAA|0:BBBB|0:CCCC|0:DD");
	assert_int_equal(f->chunks[3].offset, 12);
	follow_free(f);
}

static void
test_gap_acknowledged(void **state)
{
	struct follow *f = follow_new(6, false);

	(void)state;
	seg(f, 0, 100, 0, SYN, "");
	seg(f, 0, 101, 0, ACK, "head");
	seg(f, 0, 115, 0, ACK, "tail");
	seg(f, 1, 900, 119, ACK, "ok");
	follow_finish(f);
	assert_string_equal(pieces(f), "0:head|0:[gap 10]|0:tail|1:ok");
	assert_int_equal(f->missing[0], 10);
	follow_free(f);
}

static void
test_gap_unacknowledged(void **state)
{
	struct follow *f = follow_new(6, false), *g = follow_new(6, true);

	(void)state;
	for (int i = 0; i < 2; i++) {
		struct follow *x = i ? g : f;

		seg(x, 0, 100, 0, SYN, "");
		seg(x, 0, 101, 0, ACK, "head");
		seg(x, 0, 200, 0, ACK, "late");
		seg(x, 0, 204, 0, FIN | ACK, "");
		follow_finish(x);
	}
	/* tshark leaves it out; the UI shows it after its gap */
	assert_string_equal(pieces(f), "0:head");
	assert_int_equal(f->unacked[0], 4);
	assert_string_equal(pieces(g), "0:head|0:[gap 95]|0:late");
	follow_free(f);
	follow_free(g);
}

static void
test_wrap(void **state)
{
	struct follow *f = follow_new(6, false);

	(void)state;
	seg(f, 0, 0xfffffffa, 0, SYN, "");
	seg(f, 0, 0xfffffffb, 0, ACK, "01234");
	seg(f, 0, 0x00000004, 0, ACK, "9");     /* waits past zero */
	seg(f, 0, 0x00000000, 0, ACK, "5678");
	follow_finish(f);
	assert_string_equal(pieces(f), "0:01234|0:5678|0:9");
	follow_free(f);
}

static void
test_cap(void **state)
{
	struct follow *f = follow_new(6, false);
	char big[1001];

	(void)state;
	memset(big, 'z', 1000);
	big[1000] = '\0';
	f->cap = 10000; /* the pieces' table counts too */
	seg(f, 0, 100, 0, SYN, "");
	for (uint32_t i = 0; i < 20; i++)
		seg(f, 0, 101 + 1000 * i, 0, ACK, big);
	follow_finish(f);
	assert_true(f->capped);
	assert_true(f->ndata <= 10000);
	assert_true(f->ndata >= 1000);
	follow_free(f);
}

static void
test_udp(void **state)
{
	struct follow *f = follow_new(17, false);
	uint8_t b[200];
	size_t n;

	(void)state;
	n = frame(b, 0, 1, 0, 0, 0, "query");
	follow_add(f, 1, 0, 0, b, n, n);
	n = frame(b, 1, 1, 0, 0, 0, "answer");
	follow_add(f, 1, 0, 0, b, n, n);
	n = frame(b, 0, 1, 0, 0, 0, "");
	follow_add(f, 1, 0, 0, b, n, n);
	/* a TCP frame is not this follow's */
	n = frame(b, 0, 0, 1, 0, ACK, "tcp");
	follow_add(f, 1, 0, 0, b, n, n);
	follow_finish(f);
	assert_string_equal(pieces(f), "0:query|1:answer");
	follow_free(f);
}

static void
test_index_port_reuse(void **state)
{
	struct follow_index *x = follow_index_new(6);
	uint8_t b[200];
	size_t n;

	(void)state;
	n = frame(b, 0, 0, 100, 0, SYN, "");
	assert_int_equal(follow_index_add(x, 1, b, n, n), 0);
	n = frame(b, 1, 0, 500, 101, SYN | ACK, "");
	assert_int_equal(follow_index_add(x, 1, b, n, n), 0);
	n = frame(b, 0, 0, 100, 0, SYN, ""); /* the same SYN again */
	assert_int_equal(follow_index_add(x, 1, b, n, n), 0);
	n = frame(b, 0, 0, 7000, 0, SYN, ""); /* a new ISN: a new stream */
	assert_int_equal(follow_index_add(x, 1, b, n, n), 1);
	n = frame(b, 1, 0, 9000, 7001, SYN | ACK, "");
	assert_int_equal(follow_index_add(x, 1, b, n, n), 1);
	n = frame(b, 0, 1, 0, 0, 0, "udp");
	assert_int_equal(follow_index_add(x, 1, b, n, n), -1);
	follow_index_free(x);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order_and_handshake),
		cmocka_unit_test(test_out_of_order_overlap),
		cmocka_unit_test(test_gap_acknowledged),
		cmocka_unit_test(test_gap_unacknowledged),
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_cap),
		cmocka_unit_test(test_udp),
		cmocka_unit_test(test_index_port_reuse),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
