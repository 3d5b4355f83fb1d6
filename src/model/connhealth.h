/*
 * connhealth: a TCP connection's health as the capture point sees it,
 * kept in its connection entry (model/conntab.h) and stepped by the
 * committer once a segment, O(1): tshark's sequence analysis (decode/
 * tcpseq.h, the same code -V uses) counted per direction, round-trip
 * times from one timed segment per direction (RFC 6298 smoothing, Karn's
 * rule; TCP timestamps where the segments carry them) and the handshake's
 * two halves. 192 bytes a connection (a static assertion keeps it).
 *
 * "Direction D" is the segments sent that way (CONN_A_TO_B: sent by
 * endpoint a). D's round trip is from a segment D sends to the ACK
 * coming back: the part of the path beyond the capture point on D's
 * receiving side. The connection's RTT is the sum of both sides.
 */
#ifndef PKTOP_CONNHEALTH_H
#define PKTOP_CONNHEALTH_H

#include <stdbool.h>
#include <stdint.h>

#include "decode/tcpseq.h"

struct connhealth_dir {
	uint32_t data_segs;    /* segments with payload */
	uint32_t retrans;      /* of any kind (tshark's filter's sense) */
	uint32_t dupacks, zero_windows;
	uint32_t zw_ms;        /* zero-window time of spells now ended, ms */
	uint32_t zw_start;     /* when the spell open now began */
	uint32_t srtt, rttvar; /* us; srtt 0 before the first sample */
	uint32_t timed;        /* the timed segment's end, or its TSval */
	uint32_t timed_t;      /* when it was sent */
	uint32_t hs_half;      /* handshake: this side's SYN (or SYN/ACK)
				* to the reply, us; 0 unknown */
	uint16_t fast, spurious, ooo, window_full;
	uint16_t keepalives, lost, ack_unseen;
	uint8_t rsts;
	uint8_t bits;          /* CONNHEALTH_* */
};

struct connhealth {
	struct tcpseq seq;
	struct connhealth_dir d[2];
	uint32_t hs_t;         /* the handshake's last SYN or SYN/ACK */
	uint32_t rtt_told;     /* the highest RTT rolled up to its hosts */
	uint8_t hs_state;      /* 0, CONNHEALTH_HS_SYN, _SYNACK, _DONE;
				* QUIC also _QUIC_HS */
	uint8_t hs_dir;        /* the SYN's (QUIC: first Initial's) direction */
	bool quic;             /* a QUIC connection: only the handshake's
				* halves are kept (connhealth_quic) */
};

enum {
	CONNHEALTH_TIMED = 1u << 0,   /* a segment is being timed */
	CONNHEALTH_TS = 1u << 1,      /* ... by its TSval */
	CONNHEALTH_ZW_OPEN = 1u << 2, /* the last window sent was zero */
};

enum {
	CONNHEALTH_HS_SYN = 1,
	CONNHEALTH_HS_SYNACK,
	CONNHEALTH_HS_DONE,
	/* QUIC: the server's first Handshake packet seen, the client's
	 * not yet (after _SYNACK, before _DONE in time) */
	CONNHEALTH_HS_QUIC_HS,
};

/* What one segment changed, for the hosts' roll-up. */
struct connhealth_event {
	unsigned flags;   /* TCPSEQ_* */
	uint32_t rtt;     /* a new round-trip sample (us), 0 none */
	bool rst;
};

/* Segment G sent in direction DIR; HAVE_TS with its timestamps option's
 * TSVAL and TSECR. Fills EV. */
void connhealth_step(struct connhealth *h, unsigned dir,
		     const struct tcpseq_seg *g, bool have_ts, uint32_t tsval,
		     uint32_t tsecr, struct connhealth_event *ev);

/* A QUIC datagram sent in direction DIR at NOW (tcpseq_clock) carrying
 * the long-header packet types TYPES (decode/quichdr.h). Its ACKs are
 * encrypted, so only the handshake is timed, in the same halves as
 * TCP's: the client's first Initial to the server's first long-header
 * packet (Initial, Handshake, Retry or Version Negotiation) is the
 * server's side; the server's first Handshake packet to the client's
 * first is the client's side. Marks H as QUIC. */
void connhealth_quic(struct connhealth *h, unsigned dir, unsigned types,
		     uint32_t now);

/* Direction DIR's side of the path (us, 0 unknown): its smoothed RTT, or
 * the handshake's half before any sample. */
uint32_t connhealth_side(const struct connhealth *h, unsigned dir);

#endif
