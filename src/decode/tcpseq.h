/*
 * tcpseq: tshark's TCP sequence analysis for one connection, in a small
 * fixed state (no segment list): which segments are retransmissions
 * (plain, fast, spurious), out of order, keep-alives, zero-window probes,
 * duplicate ACKs, zero windows, full windows, and which follow a segment
 * the capture missed. The one implementation: the tree path (decode/
 * flowstate.c: -V, --fields, the drill-down) and the connection table's
 * health figures (model/) both step it, so they never disagree.
 * Pure: no allocation, no clock of its own; O(1) a segment.
 */
#ifndef PKTOP_TCPSEQ_H
#define PKTOP_TCPSEQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What tcpseq_step found in a segment: tshark's tcp.analysis flags. */
enum {
	TCPSEQ_RETRANS = 1u << 0,      /* tcp.analysis.retransmission (plain) */
	TCPSEQ_FAST = 1u << 1,         /* fast_retransmission */
	TCPSEQ_SPURIOUS = 1u << 2,     /* spurious_retransmission */
	TCPSEQ_OOO = 1u << 3,          /* out_of_order */
	TCPSEQ_DUPACK = 1u << 4,       /* duplicate_ack */
	TCPSEQ_ZERO_WINDOW = 1u << 5,  /* zero_window */
	TCPSEQ_ZWP = 1u << 6,          /* zero_window_probe */
	TCPSEQ_ZWP_ACK = 1u << 7,      /* zero_window_probe_ack */
	TCPSEQ_LOST = 1u << 8,         /* lost_segment: a hole before it */
	TCPSEQ_ACK_UNSEEN = 1u << 9,   /* ack_lost_segment: ACKs unseen data */
	TCPSEQ_KEEPALIVE = 1u << 10,   /* keep_alive */
	TCPSEQ_KEEPALIVE_ACK = 1u << 11,
	TCPSEQ_WINDOW_UPDATE = 1u << 12,
	TCPSEQ_WINDOW_FULL = 1u << 13,
};

/* Any of tshark's retransmission kinds (its tcp.analysis.retransmission
 * filter matches all three). */
#define TCPSEQ_ANY_RETRANS (TCPSEQ_RETRANS | TCPSEQ_FAST | TCPSEQ_SPURIOUS)

#define TCPSEQ_FIN 0x01
#define TCPSEQ_SYN 0x02
#define TCPSEQ_RST 0x04
#define TCPSEQ_ACK 0x10

/* Window scale of a SYN without the option, or of a segment not a SYN. */
#define TCPSEQ_WSCALE_NONE (-1)

/* One segment as the analysis reads it. */
struct tcpseq_seg {
	uint32_t seq, ack;
	uint32_t seglen;  /* payload bytes by the IP header (not captured) */
	uint32_t now;     /* capture time in microseconds, modulo 2^32 */
	uint16_t window;  /* as sent, unscaled */
	uint8_t flags;    /* TCP flags byte */
	int8_t wscale;    /* a SYN's window scale option; TCPSEQ_WSCALE_NONE */
};

/* One direction's sender (24 bytes). Times are microsecond clocks modulo
 * 2^32: differences are right for gaps under 71 minutes, and the
 * analysis only compares gaps against milliseconds. */
struct tcpseq_dir {
	uint32_t nextseq;    /* one past the highest sequence number sent */
	uint32_t lastack;    /* the last ACK this side sent */
	uint32_t maxack;     /* highest in-order end the peer may ACK */
	uint32_t nextseq_t;  /* when nextseq last moved */
	uint32_t lastack_t;  /* when lastack was sent */
	uint16_t window;     /* the last window this side sent, unscaled */
	uint8_t ws;          /* window scale: 0 unknown (no SYN seen),
			      * 1 none, else the shift + 2 */
	uint8_t dupacks;     /* duplicate ACKs since the ack number last
			      * changed (tshark's count), at most 255 */
};

/* Both directions and the handshake (56 bytes). Zero it to start. */
struct tcpseq {
	struct tcpseq_dir d[2];
	uint32_t syn_t;      /* the most recent SYN (without ACK) */
	uint32_t first_rtt;  /* SYN to the first ACK, us; 0 unknown */
	uint8_t bits[2];     /* TCPSEQ_B_* per direction */
	uint8_t hs;          /* TCPSEQ_HS_* */
};

/* bits[] */
enum {
	TCPSEQ_B_NEXTSEQ = 1u << 0,  /* nextseq is known */
	TCPSEQ_B_ACK = 1u << 1,      /* lastack is known */
	TCPSEQ_B_MAXACK = 1u << 2,   /* maxack is known */
	TCPSEQ_B_WIN_SYN = 1u << 3,  /* window was a SYN's: not scaled */
	TCPSEQ_B_LAST_KA = 1u << 4,  /* the last segment was a keep-alive */
	TCPSEQ_B_LAST_ZWP = 1u << 5, /* ... a zero-window probe */
};
/* hs */
enum {
	TCPSEQ_HS_SYN = 1u << 0,     /* syn_t is set */
	TCPSEQ_HS_RTT = 1u << 1,     /* first_rtt is set */
};

/* Analyse segment G sent in direction DIR (0 or 1) of T and update T.
 * Returns the TCPSEQ_* flags tshark would give it. */
unsigned tcpseq_step(struct tcpseq *t, unsigned dir,
		     const struct tcpseq_seg *g);

/* Whether tshark keeps a segment's payload from the application
 * dissectors (a retransmission, out of order, or a keep-alive; not a
 * fast or spurious retransmission). */
static inline bool
tcpseq_again(unsigned flags)
{
	return (flags & (TCPSEQ_RETRANS | TCPSEQ_OOO | TCPSEQ_KEEPALIVE)) != 0;
}

/* The window scale option (kind 3) in OPT (LEN bytes of TCP options);
 * TCPSEQ_WSCALE_NONE when absent. *TSVAL and *TSECR get the timestamps
 * option (kind 8) and *HAVE_TS says whether there was one. */
int tcpseq_options(const uint8_t *opt, size_t len, bool *have_ts,
		   uint32_t *tsval, uint32_t *tsecr);

/* A capture time (seconds) as the analysis's microsecond clock. A
 * hostile file's time can be beyond what 64 bits of microseconds hold
 * (converting it would be undefined), so such a time reads as 0 like a
 * negative one. */
static inline uint32_t
tcpseq_clock(double ts)
{
	if (!(ts > 0) || !(ts < 1e13))
		return 0;
	return (uint32_t)(uint64_t)(ts * 1e6);
}

/* Sequence number order modulo 2^32 (RFC 1982). */
static inline bool
tcpseq_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

#endif
