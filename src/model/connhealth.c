/*
 * connhealth: counters saturate rather than wrap; times are the
 * analysis's microsecond clock (decode/tcpseq.h).
 */
#include "config.h"

#include "model/connhealth.h"

#include "decode/quichdr.h"

_Static_assert(sizeof(struct connhealth) <= 192,
	       "a connection's TCP health grew past 192 bytes");

#define CONNHEALTH_INC(x)                                                    \
	do {                                                                 \
		if ((__typeof__(x))((x) + 1u) != 0)                         \
			(x)++;                                               \
	} while (0)

/* RFC 6298 section 2: the first sample sets SRTT and RTTVAR, later ones
 * move them by 1/8 and 1/4. */
static void
connhealth_rtt(struct connhealth_dir *d, uint32_t r)
{
	if (r == 0)
		r = 1;
	if (d->srtt == 0) {
		d->srtt = r;
		d->rttvar = r / 2;
		return;
	}
	d->rttvar = (uint32_t)(((uint64_t)d->rttvar * 3 +
				(d->srtt > r ? d->srtt - r : r - d->srtt)) / 4);
	d->srtt = (uint32_t)(((uint64_t)d->srtt * 7 + r) / 8);
	if (d->srtt == 0)
		d->srtt = 1;
}

/* SYN -> SYN/ACK is the SYN side's half (the path beyond the capture
 * point towards the server), SYN/ACK -> ACK the other's; a SYN sent
 * again starts over from it (as tshark's initial_rtt does). */
static void
connhealth_handshake(struct connhealth *h, unsigned dir,
		     const struct tcpseq_seg *g)
{
	uint8_t syn = g->flags & (TCPSEQ_SYN | TCPSEQ_ACK);

	if (syn == TCPSEQ_SYN) {
		h->hs_state = CONNHEALTH_HS_SYN;
		h->hs_dir = (uint8_t)dir;
		h->hs_t = g->now;
	} else if (syn == (TCPSEQ_SYN | TCPSEQ_ACK)) {
		if (h->hs_state == CONNHEALTH_HS_SYN && dir != h->hs_dir) {
			h->d[h->hs_dir].hs_half = g->now - h->hs_t;
			if (h->d[h->hs_dir].hs_half == 0)
				h->d[h->hs_dir].hs_half = 1;
			h->hs_state = CONNHEALTH_HS_SYNACK;
			h->hs_t = g->now;
		} else if (h->hs_state == CONNHEALTH_HS_SYNACK) {
			h->hs_t = g->now; /* the SYN/ACK sent again */
		}
	} else if (syn == TCPSEQ_ACK && h->hs_state == CONNHEALTH_HS_SYNACK &&
		   dir == h->hs_dir) {
		h->d[dir ^ 1].hs_half = g->now - h->hs_t;
		if (h->d[dir ^ 1].hs_half == 0)
			h->d[dir ^ 1].hs_half = 1;
		h->hs_state = CONNHEALTH_HS_DONE;
	}
}

void
connhealth_quic(struct connhealth *h, unsigned dir, unsigned types,
		uint32_t now)
{
	uint32_t *half;

	dir &= 1u;
	h->quic = true;
	switch (h->hs_state) {
	case 0:
		if (!(types & QUICHDR_INITIAL))
			return;
		h->hs_state = CONNHEALTH_HS_SYN;
		h->hs_dir = (uint8_t)dir;
		h->hs_t = now;
		return;
	case CONNHEALTH_HS_SYN:
		if (dir == h->hs_dir)
			return;
		half = &h->d[h->hs_dir].hs_half;
		*half = now - h->hs_t;
		if (*half == 0 || *half >= UINT32_MAX / 2)
			*half = 1; /* a clock stepped back reads as no time */
		h->hs_state = CONNHEALTH_HS_SYNACK;
		/* FALLTHROUGH */
	case CONNHEALTH_HS_SYNACK:
		if (dir != h->hs_dir && (types & QUICHDR_HANDSHAKE)) {
			h->hs_state = CONNHEALTH_HS_QUIC_HS;
			h->hs_t = now;
		}
		return;
	case CONNHEALTH_HS_QUIC_HS:
		if (dir != h->hs_dir || !(types & QUICHDR_HANDSHAKE))
			return;
		half = &h->d[dir ^ 1u].hs_half;
		*half = now - h->hs_t;
		if (*half == 0 || *half >= UINT32_MAX / 2)
			*half = 1;
		h->hs_state = CONNHEALTH_HS_DONE;
		return;
	default:
		return;
	}
}

/* Count the analysis's flags F in ME. */
static void
connhealth_count(struct connhealth_dir *me, unsigned f)
{
	if (f & TCPSEQ_ANY_RETRANS)
		CONNHEALTH_INC(me->retrans);
	if (f & TCPSEQ_FAST)
		CONNHEALTH_INC(me->fast);
	if (f & TCPSEQ_SPURIOUS)
		CONNHEALTH_INC(me->spurious);
	if (f & TCPSEQ_OOO)
		CONNHEALTH_INC(me->ooo);
	if (f & TCPSEQ_DUPACK)
		CONNHEALTH_INC(me->dupacks);
	if (f & TCPSEQ_ZERO_WINDOW)
		CONNHEALTH_INC(me->zero_windows);
	if (f & TCPSEQ_WINDOW_FULL)
		CONNHEALTH_INC(me->window_full);
	if (f & TCPSEQ_KEEPALIVE)
		CONNHEALTH_INC(me->keepalives);
	if (f & TCPSEQ_LOST)
		CONNHEALTH_INC(me->lost);
	if (f & TCPSEQ_ACK_UNSEEN)
		CONNHEALTH_INC(me->ack_unseen);
}

void
connhealth_step(struct connhealth *h, unsigned dir,
		const struct tcpseq_seg *g, bool have_ts, uint32_t tsval,
		uint32_t tsecr, struct connhealth_event *ev)
{
	struct connhealth_dir *me, *peer;
	unsigned f;

	dir &= 1;
	me = &h->d[dir];
	peer = &h->d[dir ^ 1];
	f = tcpseq_step(&h->seq, dir, g);
	ev->flags = f;
	ev->rtt = 0;
	ev->rst = (g->flags & TCPSEQ_RST) != 0;
	connhealth_count(me, f);
	if (ev->rst)
		CONNHEALTH_INC(me->rsts);
	if (g->flags & TCPSEQ_SYN)
		connhealth_handshake(h, dir, g);
	else if (h->hs_state == CONNHEALTH_HS_SYNACK)
		connhealth_handshake(h, dir, g);

	/* zero-window spells: from the first zero window to the next
	 * window that is not */
	if (f & TCPSEQ_ZERO_WINDOW) {
		if (!(me->bits & CONNHEALTH_ZW_OPEN)) {
			me->bits |= CONNHEALTH_ZW_OPEN;
			me->zw_start = g->now;
		}
	} else if (g->window != 0 && (me->bits & CONNHEALTH_ZW_OPEN)) {
		uint64_t ms = me->zw_ms + (uint64_t)((g->now - me->zw_start) / 1000u);

		me->zw_ms = ms > UINT32_MAX ? UINT32_MAX : (uint32_t)ms;
		me->bits &= (uint8_t)~CONNHEALTH_ZW_OPEN;
	}

	/* the ACK (or the echoed TSval) of the peer's timed segment. An
	 * echo past the timed TSval is a later segment's, sent at a time
	 * not kept: no sample (after a loss the echo is the resent
	 * segment's, and timing from the timed one would add the recovery
	 * to the round trip) */
	if ((g->flags & TCPSEQ_ACK) && (peer->bits & CONNHEALTH_TIMED)) {
		bool done = (peer->bits & CONNHEALTH_TS)
				    ? have_ts && tsecr == peer->timed
				    : !tcpseq_lt(g->ack, peer->timed);

		if ((peer->bits & CONNHEALTH_TS) && have_ts &&
		    tcpseq_lt(peer->timed, tsecr))
			peer->bits &= (uint8_t)~(CONNHEALTH_TIMED |
						 CONNHEALTH_TS);
		if (done) {
			ev->rtt = g->now - peer->timed_t;
			if (ev->rtt == 0)
				ev->rtt = 1;
			connhealth_rtt(peer, ev->rtt);
			peer->bits &= (uint8_t)~(CONNHEALTH_TIMED | CONNHEALTH_TS);
		}
	}

	if (g->seglen == 0)
		return;
	CONNHEALTH_INC(me->data_segs);
	/* a segment to time: by its TSval when it has one (a segment sent
	 * again has its own), else by its end and never one sent again
	 * (Karn): a retransmission before the timed end stops the timing */
	if (have_ts) {
		if (!(me->bits & CONNHEALTH_TIMED) &&
		    !(f & (TCPSEQ_KEEPALIVE | TCPSEQ_ZWP))) {
			me->timed = tsval;
			me->timed_t = g->now;
			me->bits |= CONNHEALTH_TIMED | CONNHEALTH_TS;
		}
	} else if (f & (TCPSEQ_ANY_RETRANS | TCPSEQ_OOO | TCPSEQ_KEEPALIVE |
			TCPSEQ_ZWP)) {
		if ((me->bits & (CONNHEALTH_TIMED | CONNHEALTH_TS)) ==
			    CONNHEALTH_TIMED &&
		    tcpseq_lt(g->seq, me->timed))
			me->bits &= (uint8_t)~CONNHEALTH_TIMED;
	} else if (!(me->bits & CONNHEALTH_TIMED)) {
		me->timed = g->seq + g->seglen +
			    ((g->flags & TCPSEQ_FIN) ? 1u : 0u);
		me->timed_t = g->now;
		me->bits |= CONNHEALTH_TIMED;
	}
}

uint32_t
connhealth_side(const struct connhealth *h, unsigned dir)
{
	const struct connhealth_dir *d = &h->d[dir & 1];

	return d->srtt != 0 ? d->srtt : d->hs_half;
}
