/*
 * dissect: the interface between decode.c and the protocol parsers in
 * src/proto/. One walk serves both paths: on the hot path d->t is NULL
 * and parsers only fill the summary; for the drill-down they also add
 * fields to the tree. A parser reads only through its cursor, which the
 * caller has cut to the layer's length.
 */
#ifndef PKTOP_DISSECT_H
#define PKTOP_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/cursor.h"
#include "decode/decode.h"
#include "decode/tree.h"

struct dissect {
	struct decode_summary *s;
	struct tree *t;     /* NULL on the hot path */
	int linktype;       /* DLT_ value of the frame */
	size_t wirelen;     /* frame length on the wire */
	unsigned app;       /* tree path: the connection's app, or PROTO_NONE */
	struct flowstate *fs; /* tree path in packet order, or NULL */
	bool tcp_again;     /* with fs: a retransmitted TCP segment */
	uint8_t ip_depth;   /* IP headers passed; only the first fills s */
	uint8_t link_depth; /* nested link headers (VLAN stacks, MPLS) */
	size_t ip_end;      /* where the innermost IP datagram ends by its
			     * length field (may lie past the captured bytes) */
	uint8_t quoted;     /* inside an ICMP error's copy of a packet */
	int ip_ttl_node;    /* tree: the walk's first ip.ttl node, or -1 */
	/* The packet's own summary (s is a scratch one inside a tunnel). */
	const struct decode_summary *packet;
	/* decode_summary_tunnel: the summary of the first tunnel's inner
	 * packet, and which tunnel (enum decode_tunnel, NONE until one is
	 * met); NULL when the caller does not ask */
	struct decode_summary *inner;
	uint8_t inner_kind;
};

typedef void (*dissect_fn)(struct cursor *c, struct dissect *d);

/* Whether the walk goes into tunnels: the drill-down always does, the
 * tables when they count inner flows (decode_summary_tunnel). */
static inline bool
dissect_wants_tunnels(const struct dissect *d)
{
	return d->t != NULL || d->inner != NULL;
}

/* The packet a tunnel (KIND, enum decode_tunnel) carries from C on, read
 * by FN: into the caller's inner summary when it is the packet's first
 * tunnel and one was asked for, else as dissect_inner does (tree only). */
void dissect_tunnel(struct cursor *c, struct dissect *d, dissect_fn fn,
		    unsigned kind);

/* Stop decoding: bytes ran out (truncated) or fields contradict
 * (malformed) in PROTO. Marks the summary and the open tree node. */
void dissect_stop(struct dissect *d, unsigned proto, enum decode_status why);

/* Hand the rest of C to the parser for an ethertype (IEEE registry) or an
 * IP protocol number (IANA); an unknown ethertype makes the frame
 * undecoded, an unknown IP protocol just ends the walk. */
void dissect_ethertype(struct cursor *c, struct dissect *d, uint16_t type);
void dissect_ipproto(struct cursor *c, struct dissect *d, uint8_t proto);

/* Tree path: dissect what C holds with FN (a tunnelled or quoted IP
 * header) into the tree only; the summary keeps describing the outer
 * layers. Bounded in depth. */
void dissect_inner(struct cursor *c, struct dissect *d, dissect_fn fn);

/* C is a transport's payload: note where it is in the summary and, on the
 * tree path, let the application parsers (appid.h) at it. */
void dissect_payload(struct cursor *c, struct dissect *d);

#endif
