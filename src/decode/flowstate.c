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
	uint64_t frame;      /* its number in the capture */
	bool whole;          /* every packet from the first: number streams */
	int64_t tcp_streams; /* TCP flows numbered so far */
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
	fs->tcp_streams = 0;
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
#define FLOWSTATE_TCP_SFR                                                 \
	(FLOWSTATE_TCP_SYN | FLOWSTATE_TCP_FIN | FLOWSTATE_TCP_RST)
/* tshark: a fast retransmission follows the duplicate ACKs within 20 ms;
 * a segment behind the highest one sent within the first round trip (3
 * ms while that is unknown) is out of order, not retransmitted. */
#define FLOWSTATE_FAST_RETRANS 0.020
#define FLOWSTATE_OOO_DEFAULT 0.003

void
flowstate_set_frame(struct flowstate *fs, uint64_t number)
{
	fs->frame = number;
}

void
flowstate_set_whole(struct flowstate *fs, bool whole)
{
	fs->whole = whole;
}

/* The shift this direction's windows are scaled by: known when both
 * SYNs were seen (-2 when either had no window scale option), else -1. */
static int
flowstate_tcp_scale(const struct flow *f, unsigned dir)
{
	if (!f->tcp[0].syn || !f->tcp[1].syn)
		return -1;
	if (f->tcp[0].wscale < 0 || f->tcp[1].wscale < 0)
		return -2;
	return f->tcp[dir].wscale;
}

static uint32_t
flowstate_tcp_scaled(uint16_t window, int scale)
{
	return scale > 0 ? (uint32_t)window << scale : window;
}

/* A SYN that starts a new connection on a flow that had one: tshark
 * numbers it as a new stream ("TCP Port numbers reused"). */
static bool
flowstate_tcp_reused(struct flowstate *fs, struct flow *f, unsigned dir,
		     uint8_t flags, uint32_t seq)
{
	struct flow_tcp *me = &f->tcp[dir];

	if ((flags & (FLOWSTATE_TCP_SYN | FLOWSTATE_TCP_ACK)) !=
		    FLOWSTATE_TCP_SYN ||
	    !me->syn || seq == me->base)
		return false;
	memset(f->tcp, 0, sizeof(f->tcp));
	f->tcp[0].wscale = f->tcp[1].wscale = -1;
	f->tcp_first_rtt = 0;
	f->tcp_stream = fs->whole ? fs->tcp_streams++ : -1;
	return true;
}

/* tshark's tcp_analyze_sequence_number, in its order: the flags of one
 * segment from what the flow's two directions saw before it. */
static unsigned
flowstate_tcp_flags(const struct flowstate *fs, struct flow *f,
		    unsigned dir, uint32_t seq, uint32_t ack,
		    uint16_t window, uint8_t flags, size_t seglen)
{
	const struct flow_tcp *me = &f->tcp[dir], *peer = &f->tcp[dir ^ 1];
	bool sfr = flags & FLOWSTATE_TCP_SFR;
	bool same = me->have_nextseq && me->have_ack && seglen == 0 &&
		    !sfr && seq == me->nextseq && ack == me->lastack;
	unsigned out = 0;
	double ooo;

	if (seglen == 1 && me->have_nextseq && seq == me->nextseq &&
	    peer->have_ack && peer->window == 0)
		return FLOWSTATE_TCP_ZERO_WINDOW_PROBE;
	if (window == 0 && !sfr)
		out |= FLOWSTATE_TCP_ZERO_WINDOW;
	if (me->have_nextseq && flowstate_seq_lt(me->nextseq, seq) &&
	    !(flags & FLOWSTATE_TCP_RST))
		out |= FLOWSTATE_TCP_LOST;
	if (seglen <= 1 && !sfr && me->have_nextseq &&
	    seq == me->nextseq - 1)
		out |= FLOWSTATE_TCP_KEEP_ALIVE;
	if (same && window != 0 && window != me->window)
		out |= FLOWSTATE_TCP_WINDOW_UPDATE;
	if (seglen > 0 && !sfr && peer->have_ack && peer->window != 0 &&
	    seq + (uint32_t)seglen ==
		    peer->lastack +
			    flowstate_tcp_scaled(
				    peer->window,
				    flowstate_tcp_scale(f, dir ^ 1)))
		out |= FLOWSTATE_TCP_WINDOW_FULL;
	if (same && window != 0 && window == me->window && peer->keep_alive)
		return out | FLOWSTATE_TCP_KEEP_ALIVE_ACK;
	if (same && window == 0 && me->window == 0 && peer->zw_probe)
		return out | FLOWSTATE_TCP_ZERO_WINDOW_PROBE_ACK;
	if (same && window != 0 && window == me->window)
		out |= FLOWSTATE_TCP_DUP_ACK;
	if ((flags & FLOWSTATE_TCP_ACK) && peer->have_nextseq &&
	    flowstate_seq_lt(peer->nextseq, ack))
		out |= FLOWSTATE_TCP_ACK_LOST;
	if (out & FLOWSTATE_TCP_KEEP_ALIVE)
		return out;
	if (!(seglen > 0 || (flags & (FLOWSTATE_TCP_SYN | FLOWSTATE_TCP_FIN))) ||
	    !me->have_nextseq || !flowstate_seq_lt(seq, me->nextseq))
		return out;
	if (peer->have_ack && peer->dupacks >= 2 && peer->lastack == seq &&
	    fs->now - peer->lastack_time < FLOWSTATE_FAST_RETRANS)
		return out | FLOWSTATE_TCP_FAST_RETRANS;
	ooo = f->tcp_first_rtt > 0 ? f->tcp_first_rtt : FLOWSTATE_OOO_DEFAULT;
	if (fs->now - me->nextseq_time < ooo &&
	    me->nextseq != seq + (uint32_t)seglen)
		return out | FLOWSTATE_TCP_OUT_OF_ORDER;
	if (seglen > 0 && peer->have_ack &&
	    !flowstate_seq_lt(peer->lastack, seq + (uint32_t)seglen))
		return out | FLOWSTATE_TCP_SPURIOUS;
	return out | FLOWSTATE_TCP_RETRANS;
}

/* A flow first seen by its TCP: numbered, window scales unknown. */
static void
flowstate_tcp_first(struct flowstate *fs, struct flow *f)
{
	if (f->tcp_seen)
		return;
	f->tcp_seen = true;
	f->tcp[0].wscale = f->tcp[1].wscale = -1;
	f->tcp_stream = fs->whole ? fs->tcp_streams++ : -1;
}

void
flowstate_tcp_quoted(struct flowstate *fs, const struct decode_summary *s,
		     const uint8_t *hdr, struct flowstate_tcp_view *v)
{
	uint16_t window = (uint16_t)(hdr[14] << 8 | hdr[15]);
	struct flow *f;
	unsigned dir;

	memset(v, 0, sizeof(*v));
	v->seq = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
		 (uint32_t)hdr[6] << 8 | hdr[7];
	v->ack = (uint32_t)hdr[8] << 24 | (uint32_t)hdr[9] << 16 |
		 (uint32_t)hdr[10] << 8 | hdr[11];
	v->nextseq = v->seq;
	v->window = window;
	v->win_scale = -1;
	v->stream = -1;
	f = flowstate_get(fs, s, true, &dir);
	if (f == NULL)
		return;
	flowstate_tcp_first(fs, f);
	/* shown, but the window stays raw */
	v->win_scale = flowstate_tcp_scale(f, dir);
	v->stream = f->tcp_stream;
}

bool
flowstate_tcp_again(struct flowstate *fs, const struct decode_summary *s,
		    const uint8_t *hdr, size_t seglen, int wscale,
		    struct flowstate_tcp_view *v)
{
	uint32_t seq = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
		       (uint32_t)hdr[6] << 8 | hdr[7];
	uint32_t ack = (uint32_t)hdr[8] << 24 | (uint32_t)hdr[9] << 16 |
		       (uint32_t)hdr[10] << 8 | hdr[11];
	uint16_t window = (uint16_t)(hdr[14] << 8 | hdr[15]);
	uint8_t flags = hdr[13];
	bool synfin = flags & (FLOWSTATE_TCP_SYN | FLOWSTATE_TCP_FIN);
	struct flow_tcp *me, *peer;
	struct flow *f;
	unsigned dir, an;
	bool reused;
	uint32_t next;
	int scale;

	f = flowstate_get(fs, s, true, &dir);
	if (f == NULL)
		return false;
	flowstate_tcp_first(fs, f);
	reused = flowstate_tcp_reused(fs, f, dir, flags, seq);
	me = &f->tcp[dir];
	peer = &f->tcp[dir ^ 1];
	/* tshark's relative numbers: from the SYN, else one before the
	 * first segment; the peer's from the first ACK of it */
	if (!me->have_base) {
		me->base = (flags & FLOWSTATE_TCP_SYN) ? seq : seq - 1;
		me->have_base = true;
	}
	if (!peer->have_base && (flags & FLOWSTATE_TCP_ACK)) {
		peer->base = ack - 1;
		peer->have_base = true;
	}
	if (flags & FLOWSTATE_TCP_SYN) {
		if (!me->syn)
			me->wscale = (int8_t)(wscale >= 0 && wscale <= 14
						      ? wscale
						      : (wscale > 14 ? 14 : -1));
		/* tshark times the first round trip from the latest SYN
		 * (not SYN/ACK) to the handshake's ACK */
		if (!(flags & FLOWSTATE_TCP_ACK))
			f->tcp_syn_time = fs->now;
		me->syn = true;
	} else if ((flags & FLOWSTATE_TCP_ACK) && f->tcp_first_rtt == 0 &&
		   me->syn && peer->syn) {
		f->tcp_first_rtt = fs->now - f->tcp_syn_time;
	}
	an = flowstate_tcp_flags(fs, f, dir, seq, ack, window, flags, seglen);
	if (reused)
		an |= FLOWSTATE_TCP_PORTS_REUSED;
	if (an & FLOWSTATE_TCP_DUP_ACK)
		me->dupacks = me->dupacks < 255 ? me->dupacks + 1 : 255;
	if (v != NULL) {
		scale = (flags & FLOWSTATE_TCP_SYN) ? -1
						     : flowstate_tcp_scale(f, dir);
		v->seq = seq - me->base;
		v->ack = (flags & FLOWSTATE_TCP_ACK) ? ack - peer->base : 0;
		v->ack_base = peer->base;
		v->nextseq = seq + (uint32_t)seglen + (synfin ? 1u : 0u) -
			     me->base;
		v->win_scale = scale;
		v->window = (flags & FLOWSTATE_TCP_SYN)
				    ? window
				    : flowstate_tcp_scaled(window, scale);
		v->flags = an;
		v->dup_num = me->dupacks;
		v->dup_frame = me->nondup_frame;
		v->stream = f->tcp_stream;
		v->relative = true;
	}
	/* tshark counts on over segments that ack nothing new: only a
	 * new ack number starts the count again */
	if (!(an & FLOWSTATE_TCP_DUP_ACK) &&
	    (!me->have_ack || ack != me->lastack)) {
		me->dupacks = 0;
		me->nondup_frame = fs->frame;
	}
	me->keep_alive = an & FLOWSTATE_TCP_KEEP_ALIVE;
	me->zw_probe = an & FLOWSTATE_TCP_ZERO_WINDOW_PROBE;
	next = seq + (uint32_t)seglen + (synfin ? 1u : 0u);
	if (!(an & FLOWSTATE_TCP_ZERO_WINDOW_PROBE) &&
	    (!me->have_nextseq || flowstate_seq_lt(me->nextseq, next))) {
		me->nextseq = next;
		me->nextseq_time = fs->now;
		me->have_nextseq = true;
	}
	if (flags & FLOWSTATE_TCP_ACK) {
		me->lastack = ack;
		me->lastack_time = fs->now;
		me->window = window;
		me->have_ack = true;
	}
	return an & (FLOWSTATE_TCP_RETRANS | FLOWSTATE_TCP_OUT_OF_ORDER |
		     FLOWSTATE_TCP_KEEP_ALIVE);
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
