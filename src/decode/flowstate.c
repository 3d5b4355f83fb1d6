/*
 * flowstate: a uthash table of flows keyed like the connection table
 * (base/flowkey.h), in recency order: a lookup moves the flow to the
 * end, so the head is always the one to evict.
 */
#include "config.h"

#include "decode/flowstate.h"
#include "decode/flow.h"

#include <stdlib.h>
#include <string.h>

#include "decode/proto/quic_conn.h"
#include "decode/tree.h"

struct flowstate {
	struct flow *flows; /* uthash head; insertion order = recency */
	size_t count;
	size_t bytes;
	const struct keylog *keylog;
	double now; /* the packet being dissected */
};

struct flowstate *
flowstate_new(void)
{
	return calloc(1, sizeof(struct flowstate));
}

static void
flowstate_drop(struct flowstate *fs, struct flow *f)
{
	HASH_DEL(fs->flows, f);
	fs->count--;
	fs->bytes -= f->bytes;
	quic_conn_free(f->quic);
	free(f);
}

void
flowstate_clear(struct flowstate *fs)
{
	struct flow *f, *tmp;

	HASH_ITER(hh, fs->flows, f, tmp)
		flowstate_drop(fs, f);
}

void
flowstate_free(struct flowstate *fs)
{
	if (fs == NULL)
		return;
	flowstate_clear(fs);
	free(fs);
}

void
flowstate_set_keylog(struct flowstate *fs, const struct keylog *k)
{
	fs->keylog = k;
}

const struct keylog *
flowstate_keylog(const struct flowstate *fs)
{
	return fs->keylog;
}

/* The connection table's key of the flow S describes; false when it has
 * no ports (only TCP, UDP and SCTP flows are kept). */
static bool
flowstate_key(const struct decode_summary *s, struct conn_key *k,
	      bool *from_lo)
{
	if (s->l4_proto != PROTO_TCP && s->l4_proto != PROTO_UDP &&
	    s->l4_proto != PROTO_SCTP)
		return false;
	flowkey_make(k, s->l4, &s->src, s->sport, &s->dst, s->dport,
		     from_lo);
	return true;
}

struct flow *
flowstate_get(struct flowstate *fs, const struct decode_summary *s,
	      bool create, unsigned *dir)
{
	struct conn_key key;
	struct flow *f;
	bool from_lo;

	if (fs == NULL || !flowstate_key(s, &key, &from_lo))
		return NULL;
	*dir = from_lo ? 0 : 1;
	HASH_FIND(hh, fs->flows, &key, sizeof(key), f);
	if (f != NULL) {
		/* to the end: the most recent */
		HASH_DEL(fs->flows, f);
		HASH_ADD(hh, fs->flows, key, sizeof(key), f);
		return f;
	}
	if (!create)
		return NULL;
	if (fs->count >= FLOWSTATE_MAX_FLOWS)
		flowstate_drop(fs, fs->flows);
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->key = key;
	HASH_ADD(hh, fs->flows, key, sizeof(key), f);
	fs->count++;
	return f;
}

void
flowstate_set_time(struct flowstate *fs, double ts)
{
	fs->now = ts;
}

/* Sequence number order, modulo 2^32 (RFC 1982). */
static bool
flowstate_seq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

#define FLOWSTATE_TCP_FIN 0x01
#define FLOWSTATE_TCP_SYN 0x02
#define FLOWSTATE_TCP_RST 0x04
#define FLOWSTATE_TCP_ACK 0x10
/* tshark: a fast retransmission follows the duplicate ACKs within 20 ms;
 * out-of-order segments and other retransmissions, which it tells apart
 * by the first round trip, are alike here (neither is dissected). */
#define FLOWSTATE_FAST_RETRANS 0.020

/* A fast retransmission: the segment the peer's duplicate ACKs ask for,
 * within 20 ms of the last (tshark's rule). */
static bool
flowstate_tcp_fast(const struct flow_tcp *peer, uint32_t seq, double now)
{
	return peer->have_ack && peer->dupacks >= 2 && peer->lastack == seq &&
	       now - peer->lastack_time < FLOWSTATE_FAST_RETRANS;
}

bool
flowstate_tcp_again(struct flowstate *fs, const struct decode_summary *s,
		    const uint8_t *hdr, size_t seglen)
{
	uint32_t seq = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
		       (uint32_t)hdr[6] << 8 | hdr[7];
	uint32_t ack = (uint32_t)hdr[8] << 24 | (uint32_t)hdr[9] << 16 |
		       (uint32_t)hdr[10] << 8 | hdr[11];
	uint16_t window = (uint16_t)(hdr[14] << 8 | hdr[15]);
	uint8_t flags = hdr[13];
	bool synfin = flags & (FLOWSTATE_TCP_SYN | FLOWSTATE_TCP_FIN);
	struct flow_tcp *me;
	struct flow *f;
	bool again = false;
	uint32_t next;
	unsigned dir;

	f = flowstate_get(fs, s, true, &dir);
	if (f == NULL)
		return false;
	me = &f->tcp[dir];
	if (me->have_nextseq && seglen <= 1 && !synfin &&
	    !(flags & FLOWSTATE_TCP_RST) && seq == me->nextseq - 1) {
		again = true; /* a keep-alive */
	} else if (seglen > 0 && f->tcp[dir ^ 1].have_ack &&
		   !flowstate_seq_lt(f->tcp[dir ^ 1].lastack,
				     seq + (uint32_t)seglen)) {
		again = false; /* spurious: acknowledged already */
	} else if ((seglen > 0 || synfin) && me->have_nextseq &&
		   flowstate_seq_lt(seq, me->nextseq) &&
		   !(seglen > 1 && seq == me->nextseq - 1)) {
		/* out of order or retransmitted, unless fast */
		again = !flowstate_tcp_fast(&f->tcp[dir ^ 1], seq, fs->now);
	}
	/* a duplicate ACK: nothing new, same window, same ACK */
	if (me->have_ack && seglen == 0 && window == me->window &&
	    ack == me->lastack && me->have_nextseq && seq == me->nextseq &&
	    !(flags & (FLOWSTATE_TCP_SYN | FLOWSTATE_TCP_FIN |
		       FLOWSTATE_TCP_RST)))
		me->dupacks = me->dupacks < 255 ? me->dupacks + 1 : 255;
	else
		me->dupacks = 0;
	next = seq + (uint32_t)seglen + (synfin ? 1u : 0u);
	if (!me->have_nextseq || flowstate_seq_lt(me->nextseq, next)) {
		me->nextseq = next;
		me->have_nextseq = true;
	}
	if (flags & FLOWSTATE_TCP_ACK) {
		me->lastack = ack;
		me->lastack_time = fs->now;
		me->window = window;
		me->have_ack = true;
	}
	return again;
}

bool
flowstate_account(struct flowstate *fs, struct flow *f, long delta)
{
	f->bytes = (size_t)((long)f->bytes + delta);
	fs->bytes = (size_t)((long)fs->bytes + delta);
	while (fs->bytes > FLOWSTATE_MAX_BYTES && fs->flows != f)
		flowstate_drop(fs, fs->flows);
	return fs->bytes <= FLOWSTATE_MAX_BYTES;
}
