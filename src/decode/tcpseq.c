/*
 * tcpseq: the checks run in tshark's order (epan/dissectors/packet-tcp.c,
 * tcp_analyze_sequence_number, as of Wireshark 4.0), each on the state
 * before the segment, then the state moves on. What tshark keeps in a
 * list of unacknowledged segments (the RTO's reference frame, bytes in
 * flight, ack_rtt) is not kept: none of the flags depends on it.
 */
#include "config.h"

#include "decode/tcpseq.h"

#define TCPSEQ_SYNFIN (TCPSEQ_SYN | TCPSEQ_FIN)
#define TCPSEQ_CTRL (TCPSEQ_SYN | TCPSEQ_FIN | TCPSEQ_RST)
/* tshark: a fast retransmission comes within 20 ms of the duplicate
 * ACKs; out of order, within the handshake's round trip (3 ms without
 * one) of the highest segment. */
#define TCPSEQ_FAST_US 20000u
#define TCPSEQ_OOO_US 3000u
#define TCPSEQ_WS_UNKNOWN 0
#define TCPSEQ_WS_NONE 1

/* A SYN's window scale, as tshark decides whether windows are scaled. */
static void
tcpseq_wscale(struct tcpseq *t, unsigned dir, const struct tcpseq_seg *g)
{
	struct tcpseq_dir *me = &t->d[dir], *peer = &t->d[dir ^ 1];

	if (g->wscale >= 0)
		me->ws = (uint8_t)((g->wscale > 14 ? 14 : g->wscale) + 2);
	if (me->ws == TCPSEQ_WS_UNKNOWN) {
		/* a SYN without the option: neither side scales */
		me->ws = TCPSEQ_WS_NONE;
		peer->ws = TCPSEQ_WS_NONE;
	} else if ((g->flags & TCPSEQ_ACK) && peer->ws == TCPSEQ_WS_NONE) {
		me->ws = TCPSEQ_WS_NONE;
	}
}

/* The handshake's round trip: the most recent SYN to the first ACK. */
static void
tcpseq_handshake(struct tcpseq *t, const struct tcpseq_seg *g)
{
	if ((g->flags & (TCPSEQ_SYN | TCPSEQ_ACK)) == TCPSEQ_SYN) {
		t->syn_t = g->now;
		t->hs |= TCPSEQ_HS_SYN;
	} else if ((g->flags & (TCPSEQ_SYN | TCPSEQ_ACK)) == TCPSEQ_ACK &&
		   (t->hs & (TCPSEQ_HS_SYN | TCPSEQ_HS_RTT)) == TCPSEQ_HS_SYN) {
		t->first_rtt = g->now - t->syn_t;
		t->hs |= TCPSEQ_HS_RTT;
	}
}

/* Retransmitted, fast, spurious or out of order (or none): the segment
 * carries data, a SYN or a FIN, and is not a keep-alive. */
static unsigned
tcpseq_again_kind(const struct tcpseq *t, unsigned dir,
		  const struct tcpseq_seg *g)
{
	const struct tcpseq_dir *me = &t->d[dir], *peer = &t->d[dir ^ 1];
	bool have_next = t->bits[dir] & TCPSEQ_B_NEXTSEQ;
	bool behind = have_next && tcpseq_lt(g->seq, me->nextseq);
	uint32_t ooo = t->first_rtt != 0 ? t->first_rtt : TCPSEQ_OOO_US;
	uint32_t end;

	/* more than one byte from one before nextseq: new data after a
	 * zero-window probe */
	if (g->seglen > 1 && have_next && me->nextseq - 1 == g->seq)
		behind = false;
	if (g->seglen > 0 && (t->bits[dir ^ 1] & TCPSEQ_B_ACK) &&
	    !tcpseq_lt(peer->lastack, g->seq + g->seglen))
		return TCPSEQ_SPURIOUS;
	if (!behind)
		return 0;
	if (peer->dupacks >= 2 && peer->lastack == g->seq &&
	    g->now - peer->lastack_t < TCPSEQ_FAST_US)
		return TCPSEQ_FAST;
	end = g->seq + g->seglen + ((g->flags & TCPSEQ_SYNFIN) ? 1u : 0u);
	if (g->now - me->nextseq_t < ooo && me->nextseq != end)
		return TCPSEQ_OOO;
	return TCPSEQ_RETRANS;
}

/* The window the peer of DIR allows, scaled, as tshark reckons it. */
static bool
tcpseq_window_full(const struct tcpseq *t, unsigned dir,
		   const struct tcpseq_seg *g)
{
	const struct tcpseq_dir *peer = &t->d[dir ^ 1];
	unsigned shift = 0;

	if (g->seglen == 0 || (g->flags & TCPSEQ_CTRL) ||
	    peer->ws == TCPSEQ_WS_UNKNOWN ||
	    !(t->bits[dir ^ 1] & TCPSEQ_B_ACK))
		return false;
	if (peer->ws > TCPSEQ_WS_NONE && !(t->bits[dir ^ 1] & TCPSEQ_B_WIN_SYN))
		shift = peer->ws - 2u;
	return g->seq + g->seglen ==
	       peer->lastack + (uint32_t)((uint32_t)peer->window << shift);
}

unsigned
tcpseq_step(struct tcpseq *t, unsigned dir, const struct tcpseq_seg *g)
{
	struct tcpseq_dir *me = &t->d[dir & 1], *peer = &t->d[(dir & 1) ^ 1];
	uint8_t *bits = &t->bits[dir & 1], *pbits = &t->bits[(dir & 1) ^ 1];
	bool have_next = *bits & TCPSEQ_B_NEXTSEQ;
	bool plain = !(g->flags & TCPSEQ_CTRL);
	bool same = have_next && g->seglen == 0 && g->seq == me->nextseq &&
		    (*bits & TCPSEQ_B_ACK) && g->ack == me->lastack;
	unsigned f = 0;
	uint32_t next;

	dir &= 1;
	if (g->flags & TCPSEQ_SYN)
		tcpseq_wscale(t, dir, g);
	tcpseq_handshake(t, g);

	if (g->seglen == 1 && have_next && g->seq == me->nextseq &&
	    (*pbits & TCPSEQ_B_ACK) && peer->window == 0) {
		f |= TCPSEQ_ZWP;
		goto fwd_done;
	}
	if (g->window == 0 && plain)
		f |= TCPSEQ_ZERO_WINDOW;
	if (have_next && tcpseq_lt(me->nextseq, g->seq) &&
	    !(g->flags & TCPSEQ_RST))
		f |= TCPSEQ_LOST;
	if (g->seglen <= 1 && have_next && g->seq == me->nextseq - 1 && plain)
		f |= TCPSEQ_KEEPALIVE;
	if (same && plain && g->window != 0 && g->window != me->window)
		f |= TCPSEQ_WINDOW_UPDATE;
	if (tcpseq_window_full(t, dir, g))
		f |= TCPSEQ_WINDOW_FULL;
	if (same && plain && g->window != 0 && g->window == me->window &&
	    (*pbits & TCPSEQ_B_LAST_KA)) {
		f |= TCPSEQ_KEEPALIVE_ACK;
		goto fwd_done;
	}
	if (same && plain && g->window == 0 && me->window == 0 &&
	    (*pbits & TCPSEQ_B_LAST_ZWP)) {
		f |= TCPSEQ_ZWP_ACK;
		goto fwd_done;
	}
	/* tshark: a zero window never makes a duplicate ACK (the receiver
	 * answering Linux's keep-alive style window probes) */
	if (same && plain && g->window != 0 && g->window == me->window) {
		f |= TCPSEQ_DUPACK;
		me->dupacks = me->dupacks < 255 ? me->dupacks + 1 : 255;
	}
fwd_done:
	/* tshark restarts the count when the ACK number moves, not on any
	 * other segment: a window update between two duplicate ACKs keeps
	 * it (and the resend after them is a fast retransmission) */
	if (!(*bits & TCPSEQ_B_ACK) || g->ack != me->lastack)
		me->dupacks = 0;
	if ((*pbits & TCPSEQ_B_MAXACK) && (g->flags & TCPSEQ_ACK) &&
	    tcpseq_lt(peer->maxack, g->ack)) {
		f |= TCPSEQ_ACK_UNSEEN;
		peer->maxack = peer->nextseq;
	}
	if ((g->seglen > 0 || (g->flags & TCPSEQ_SYNFIN)) &&
	    !(f & TCPSEQ_KEEPALIVE))
		f |= tcpseq_again_kind(t, dir, g);

	next = g->seq + g->seglen + ((g->flags & TCPSEQ_SYNFIN) ? 1u : 0u);
	if ((!have_next || tcpseq_lt(me->nextseq, next)) && !(f & TCPSEQ_ZWP)) {
		me->nextseq = next;
		me->nextseq_t = g->now;
		*bits |= TCPSEQ_B_NEXTSEQ;
	}
	if ((!(*bits & TCPSEQ_B_MAXACK) || g->seq == me->maxack) &&
	    !(f & TCPSEQ_ZWP)) {
		me->maxack = me->nextseq;
		*bits |= TCPSEQ_B_MAXACK;
	}
	me->window = g->window;
	me->lastack = g->ack;
	me->lastack_t = g->now;
	*bits |= TCPSEQ_B_ACK;
	*bits = (uint8_t)((*bits & ~(TCPSEQ_B_WIN_SYN | TCPSEQ_B_LAST_KA |
				     TCPSEQ_B_LAST_ZWP)) |
			  ((g->flags & TCPSEQ_SYN) ? TCPSEQ_B_WIN_SYN : 0) |
			  ((f & TCPSEQ_KEEPALIVE) ? TCPSEQ_B_LAST_KA : 0) |
			  ((f & TCPSEQ_ZWP) ? TCPSEQ_B_LAST_ZWP : 0));
	return f;
}

int
tcpseq_options(const uint8_t *opt, size_t len, bool *have_ts,
	       uint32_t *tsval, uint32_t *tsecr)
{
	int ws = TCPSEQ_WSCALE_NONE;
	size_t i = 0;

	*have_ts = false;
	/* most segments after the handshake carry NOP, NOP, timestamps
	 * (RFC 7323 appendix A's layout): read them without the walk,
	 * which then goes on after them as if it had read them itself */
	if (len >= 12 && opt[0] == 1 && opt[1] == 1 && opt[2] == 8 &&
	    opt[3] == 10) {
		*tsval = (uint32_t)opt[4] << 24 | (uint32_t)opt[5] << 16 |
			 (uint32_t)opt[6] << 8 | opt[7];
		*tsecr = (uint32_t)opt[8] << 24 | (uint32_t)opt[9] << 16 |
			 (uint32_t)opt[10] << 8 | opt[11];
		*have_ts = true;
		i = 12;
	}
	while (i < len) {
		uint8_t kind = opt[i], olen;

		if (kind == 0)
			break;
		if (kind == 1) {
			i++;
			continue;
		}
		if (i + 1 >= len)
			break;
		olen = opt[i + 1];
		if (olen < 2 || olen > len - i)
			break;
		if (kind == 3 && olen == 3) {
			ws = opt[i + 2];
		} else if (kind == 8 && olen == 10) {
			const uint8_t *p = opt + i + 2;

			*tsval = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
				 (uint32_t)p[2] << 8 | p[3];
			*tsecr = (uint32_t)p[4] << 24 | (uint32_t)p[5] << 16 |
				 (uint32_t)p[6] << 8 | p[7];
			*have_ts = true;
		}
		i += olen;
	}
	return ws > 14 ? 14 : ws;
}
