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
	/* flowstate_tcp_given: no flows, this answer for every segment */
	bool tcp_only;       /* flowstate_set_tcp_only */
	bool given, given_again;
	struct flowstate_tcp_view given_view;
	/* flowstate_tcp_last: the frame's segment, when LAST_SET */
	bool last_set, last_again;
	struct flowstate_tcp_view last_view;
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

	if (fs == NULL || fs->given ||
	    (fs->tcp_only && s->l4_proto != PROTO_TCP) ||
	    !flowstate_key(s, &key, &from_lo))
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

void
flowstate_set_frame(struct flowstate *fs, uint64_t number)
{
	fs->frame = number;
	fs->last_set = false;
}

uint64_t
flowstate_frame(const struct flowstate *fs)
{
	return fs->frame;
}

double
flowstate_time(const struct flowstate *fs)
{
	return fs->now;
}

void
flowstate_set_whole(struct flowstate *fs, bool whole)
{
	fs->whole = whole;
}

/* tcpseq's window scale of direction DIR as tshark's win_scale: the
 * shift, -1 unknown (no SYN seen), -2 no scaling. */
static int
flowstate_tcp_scale(const struct flow *f, unsigned dir)
{
	uint8_t ws = f->tcp.d[dir].ws;

	return ws == 0 ? -1 : ws == 1 ? -2 : ws - 2;
}

/* A flow first seen by its TCP: numbered when the whole file is read. */
static void
flowstate_tcp_first(struct flowstate *fs, struct flow *f)
{
	if (f->tcp_seen)
		return;
	f->tcp_seen = true;
	f->tcp_stream = fs->whole ? fs->tcp_streams++ : -1;
}

/* A SYN (without ACK) that starts a new connection on a flow that had
 * one, its sequence number not the first SYN's: tshark numbers it as a
 * new stream ("TCP Port numbers reused") and starts over. */
static bool
flowstate_tcp_reused(struct flowstate *fs, struct flow *f, unsigned dir,
		     uint8_t flags, uint32_t seq)
{
	const struct flow_tcpview *me = &f->tcpview[dir];

	if ((flags & (TCPSEQ_SYN | TCPSEQ_ACK)) != TCPSEQ_SYN || !me->syn ||
	    seq == me->base)
		return false;
	memset(&f->tcp, 0, sizeof(f->tcp));
	memset(f->tcpview, 0, sizeof(f->tcpview));
	f->tcp_stream = fs->whole ? fs->tcp_streams++ : -1;
	return true;
}

void
flowstate_tcp_quoted(struct flowstate *fs, const struct decode_summary *s,
		     const uint8_t *hdr, struct flowstate_tcp_view *v)
{
	struct flow *f;
	unsigned dir;

	memset(v, 0, sizeof(*v));
	v->seq = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
		 (uint32_t)hdr[6] << 8 | hdr[7];
	v->ack = (uint32_t)hdr[8] << 24 | (uint32_t)hdr[9] << 16 |
		 (uint32_t)hdr[10] << 8 | hdr[11];
	v->nextseq = v->seq;
	v->window = (uint16_t)(hdr[14] << 8 | hdr[15]);
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

/* What the analysis said of segment G as tshark shows it. */
static void
flowstate_tcp_view(const struct flow *f, unsigned dir,
		   const struct tcpseq_seg *g, unsigned flags,
		   struct flowstate_tcp_view *v)
{
	const struct flow_tcpview *me = &f->tcpview[dir];
	const struct flow_tcpview *peer = &f->tcpview[dir ^ 1];
	int scale = (g->flags & TCPSEQ_SYN) ? -1 : flowstate_tcp_scale(f, dir);

	v->seq = g->seq - me->base;
	v->ack = (g->flags & TCPSEQ_ACK) ? g->ack - peer->base : 0;
	v->ack_base = peer->base;
	v->nextseq = g->seq + g->seglen +
		     ((g->flags & (TCPSEQ_SYN | TCPSEQ_FIN)) ? 1u : 0u) -
		     me->base;
	v->win_scale = scale;
	v->window = scale > 0 ? (uint32_t)g->window << scale : g->window;
	v->flags = flags;
	v->dup_num = f->tcp.d[dir].dupacks;
	v->dup_frame = me->nondup_frame;
	v->stream = f->tcp_stream;
	v->relative = true;
}

bool
flowstate_tcp_again(struct flowstate *fs, const struct decode_summary *s,
		    const uint8_t *hdr, size_t seglen,
		    struct flowstate_tcp_view *v)
{
	struct tcpseq_seg g = {
		.seq = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
		       (uint32_t)hdr[6] << 8 | hdr[7],
		.ack = (uint32_t)hdr[8] << 24 | (uint32_t)hdr[9] << 16 |
		       (uint32_t)hdr[10] << 8 | hdr[11],
		.seglen = seglen > UINT32_MAX ? UINT32_MAX : (uint32_t)seglen,
		.now = tcpseq_clock(fs->now),
		.window = (uint16_t)(hdr[14] << 8 | hdr[15]),
		.flags = hdr[13],
		.wscale = TCPSEQ_WSCALE_NONE,
	};
	size_t hlen = (size_t)(hdr[12] >> 4) * 4u;
	struct flow_tcpview *me, *peer;
	uint32_t tsval, tsecr;
	struct flow *f;
	unsigned dir, flags;
	bool ts, newack;

	if (fs->given) {
		if (v != NULL) {
			*v = fs->given_view;
			/* what SACK edges count from: the raw ack's base */
			v->ack_base = g.ack - v->ack;
		}
		return fs->given_again;
	}
	if ((g.flags & TCPSEQ_SYN) && hlen > 20)
		g.wscale = (int8_t)tcpseq_options(hdr + 20, hlen - 20, &ts,
						  &tsval, &tsecr);
	f = flowstate_get(fs, s, true, &dir);
	if (f == NULL)
		return false;
	flowstate_tcp_first(fs, f);
	flags = flowstate_tcp_reused(fs, f, dir, g.flags, g.seq)
			? FLOWSTATE_TCP_PORTS_REUSED
			: 0;
	me = &f->tcpview[dir];
	peer = &f->tcpview[dir ^ 1];
	/* tshark's relative numbers: from the SYN, else one before the
	 * first segment; the peer's from the first ACK of it */
	if (!me->have_base) {
		me->base = (g.flags & TCPSEQ_SYN) ? g.seq : g.seq - 1;
		me->have_base = true;
	}
	if (!peer->have_base && (g.flags & TCPSEQ_ACK)) {
		peer->base = g.ack - 1;
		peer->have_base = true;
	}
	if (g.flags & TCPSEQ_SYN)
		me->syn = true;
	/* a new ack number restarts tshark's duplicate count */
	newack = !(f->tcp.bits[dir] & TCPSEQ_B_ACK) ||
		 g.ack != f->tcp.d[dir].lastack;
	flags |= tcpseq_step(&f->tcp, dir, &g);
	flowstate_tcp_view(f, dir, &g, flags, &fs->last_view);
	fs->last_again = tcpseq_again(flags);
	fs->last_set = true;
	if (v != NULL)
		*v = fs->last_view;
	if (newack)
		me->nondup_frame = fs->frame;
	return fs->last_again;
}

bool
flowstate_tcp_last(const struct flowstate *fs, struct flowstate_tcp_view *v,
		   bool *again)
{
	if (!fs->last_set)
		return false;
	*v = fs->last_view;
	*again = fs->last_again;
	return true;
}

void
flowstate_set_tcp_only(struct flowstate *fs, bool tcp_only)
{
	fs->tcp_only = tcp_only;
}

void
flowstate_tcp_given(struct flowstate *fs, const struct flowstate_tcp_view *v,
		    bool again)
{
	flowstate_clear(fs);
	fs->given = true;
	fs->given_view = *v;
	fs->given_again = again;
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
