/*
 * decode: turns one frame into a fixed summary (the hot path, every
 * packet, no allocation, no strings) or, for one packet the user opened,
 * into a field tree (the cold path). Both walk the same protocol parsers
 * under src/proto/; the tree is simply NULL on the hot path.
 */
#ifndef PKTOP_DECODE_H
#define PKTOP_DECODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "decode/proto_table.h"

struct flowstate;
struct tree;

enum decode_status {
	DECODE_OK = 0,
	DECODE_UNDECODED, /* link type or ethertype pktop does not parse */
	DECODE_TRUNCATED, /* the captured bytes ran out inside a header */
	DECODE_MALFORMED, /* header fields contradict each other or the length */
};

enum decode_frag {
	DECODE_FRAG_NONE = 0,
	DECODE_FRAG_FIRST, /* offset 0, more fragments follow */
	DECODE_FRAG_LATER, /* offset > 0: no transport header here */
};

/* What the tables need from a frame. Only the outermost IP header and the
 * transport header right above it count (batch-json.md); tunnels inside
 * are not followed for the tables. */
struct decode_summary {
	uint64_t layers;   /* bit (1 << PROTO_x) per header present */
	uint8_t status;    /* enum decode_status */
	uint8_t bad_layer; /* enum proto_id where decoding stopped, if !OK */
	uint8_t ip_version;  /* 0 (no IP), 4 or 6 */
	uint8_t l4;          /* IP protocol number above the outermost IP */
	uint8_t l4_proto;    /* enum proto_id of that transport, or NONE */
	uint8_t frag;        /* enum decode_frag */
	uint8_t tcp_flags;   /* FIN 0x01 SYN 0x02 RST 0x04 PSH 0x08 ACK 0x10 */
	uint8_t icmp_type;   /* ICMP / ICMPv6 type, for the info line */
	uint16_t sport, dport;
	uint16_t vlan_id;    /* outermost 802.1Q id, 0 if none */
	uint32_t frag_id;    /* IPv4 id or IPv6 fragment identification */
	struct addr src, dst;
	uint32_t payload_off; /* transport payload, within the captured frame */
	uint32_t payload_len; /* bytes of it captured (clamped to caplen) */
	/* TCP only (0 otherwise): where its header starts in the frame and
	 * its length with the payload by the IP header (not by caplen), for
	 * the connection table's sequence analysis (model/connhealth.h). */
	uint32_t l4_off, l4_len;
};

/* Fill S from one captured frame of link type LINKTYPE (a DLT_ value).
 * Never reads past caplen; always leaves S consistent. */
void decode_summary(int linktype, const uint8_t *frame, size_t caplen,
		    size_t wirelen, struct decode_summary *s);

/* The tunnels whose inner packets the tables count as flows of their
 * own: each kind is an inner connection's mark (its key's tunnel byte,
 * base/flowkey.h), so an inner flow never merges with an outer one. */
enum decode_tunnel {
	DECODE_TUNNEL_NONE,
	DECODE_TUNNEL_VXLAN,	 /* UDP 4789, RFC 7348 */
	DECODE_TUNNEL_VXLAN_GPE, /* UDP 4790 */
	DECODE_TUNNEL_GENEVE,	 /* UDP 6081, RFC 8926 */
	DECODE_TUNNEL_TEREDO,	 /* UDP 3544, RFC 4380 */
	DECODE_TUNNEL_GTP,	 /* GTP-U, UDP 2152 */
	DECODE_TUNNEL_GRE,	 /* IP protocol 47 */
	DECODE_TUNNEL_IPIP,	 /* IPv4 or IPv6 in IP, protocols 4 and 41 */
	DECODE_TUNNEL_COUNT
};

/* KIND's short name as batch output and the UI show it ("vxlan"), NULL
 * for NONE or an unknown kind. */
const char *decode_tunnel_name(unsigned kind);
/* The application a tunnel of KIND makes of its outer connection (an
 * enum proto_id: PROTO_VXLAN, ...), PROTO_NONE where the outer packet
 * has no connection of its own to name (GRE, IP in IP). */
unsigned decode_tunnel_app(unsigned kind);

/* decode_summary, and when the packet is carried by one of the tunnels
 * above, INNER gets the summary of the packet inside the first one and
 * *KIND which tunnel it was (DECODE_TUNNEL_NONE, INNER untouched, when
 * none). INNER's offsets are within FRAME, like S's. */
void decode_summary_tunnel(int linktype, const uint8_t *frame, size_t caplen,
			   size_t wirelen, struct decode_summary *s,
			   struct decode_summary *inner, uint8_t *kind);

/* Same walk, also adding every field to T (see tree.h), including the
 * application layer for APP (an enum proto_id, e.g. the connection's
 * identified app; PROTO_NONE lets the decoder guess from ports and
 * payload). */
void decode_tree(int linktype, const uint8_t *frame, size_t caplen,
		 size_t wirelen, unsigned app, struct decode_summary *s,
		 struct tree *t);

/* decode_tree for packets read in order: FS (flowstate.h) carries what
 * one packet leaves for the next of its flow (HTTP header blocks, QUIC
 * keys and CRYPTO streams), as tshark's conversations do. */
void decode_tree_flows(int linktype, const uint8_t *frame, size_t caplen,
		       size_t wirelen, unsigned app, struct flowstate *fs,
		       struct decode_summary *s, struct tree *t);

static inline bool
decode_has(const struct decode_summary *s, unsigned proto)
{
	return (s->layers >> proto) & 1u;
}

#endif
