/*
 * dissect: the dispatch tables that chain the protocol parsers (ethertype
 * and IP protocol number to parser) and the one place a walk stops.
 */
#include "config.h"

#include "decode/dissect.h"

#include <string.h>

#include "decode/appid.h"

#include "decode/proto/ah.h"
#include "decode/proto/arista.h"
#include "decode/proto/arp.h"
#include "decode/proto/ethernet.h"
#include "decode/proto/gre.h"
#include "decode/proto/icmp.h"
#include "decode/proto/icmpv6.h"
#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/llc.h"
#include "decode/proto/macsec.h"
#include "decode/proto/mpls.h"
#include "decode/proto/nsh.h"
#include "decode/proto/pim.h"
#include "decode/proto/ppp.h"
#include "decode/proto/sctp.h"
#include "decode/proto/tcp.h"
#include "decode/proto/udp.h"

struct dissect_ethertype_row {
	uint16_t type;
	dissect_fn fn;
};

/* Most frames are IPv4 or IPv6: they come first, the scan stops early. */
static const struct dissect_ethertype_row dissect_ethertypes[] = {
	{ .type = 0x0800, .fn = ipv4_dissect },
	{ .type = 0x86dd, .fn = ipv6_dissect },
	{ .type = 0x8100, .fn = vlan_dissect },
	{ .type = 0x0806, .fn = arp_dissect },
	{ .type = 0x88a8, .fn = vlan_dissect_8021ad },
	{ .type = 0x9100, .fn = vlan_dissect },
	{ .type = 0x8847, .fn = mpls_dissect },
	{ .type = 0x8848, .fn = mpls_dissect },
	{ .type = 0x8864, .fn = pppoe_dissect_session },
	{ .type = 0x88e5, .fn = macsec_dissect },
	{ .type = 0x894f, .fn = nsh_dissect },
	{ .type = 0xd28b, .fn = arista_dissect },
	{ .type = 0x6558, .fn = ethernet_dissect }, /* bridged, in tunnels */
	{ .type = 0x880b, .fn = ppp_dissect },
};

/* Link headers one frame may nest (tags, shims) before it is called
 * malformed: each hop recurses once, so this bounds the stack. */
#define DISSECT_MAX_LINK_DEPTH 12

/* IP protocol numbers (IANA) whose header pktop reads. */
static const dissect_fn dissect_ipprotos[256] = {
	[1] = icmp_dissect,
	[2] = igmp_dissect,
	[6] = tcp_dissect,
	[17] = udp_dissect,
	[47] = gre_dissect,
	[51] = ah_dissect,
	[58] = icmpv6_dissect,
	[103] = pim_dissect,
	[132] = sctp_dissect,
};

/* Tunnels the drill-down follows; the summary stops at the outer IP. */
static const dissect_fn dissect_tunnels[256] = {
	[4] = ipv4_dissect,
	[41] = ipv6_dissect,
};

/* IP headers one drill-down walks through (tunnels, ICMP quotes). */
#define DISSECT_MAX_IP_DEPTH 4

void
dissect_stop(struct dissect *d, unsigned proto, enum decode_status why)
{
	if (d->s->status == DECODE_OK) {
		d->s->status = (uint8_t)why;
		d->s->bad_layer = (uint8_t)proto;
	}
	tree_flag(d->t, why == DECODE_MALFORMED ? TREE_FLAG_MALFORMED
						: TREE_FLAG_TRUNCATED);
}

void
dissect_ethertype(struct cursor *c, struct dissect *d, uint16_t type)
{
	if (++d->link_depth > DISSECT_MAX_LINK_DEPTH) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_MALFORMED);
		return;
	}
	for (size_t i = 0; i < sizeof(dissect_ethertypes) /
				   sizeof(dissect_ethertypes[0]); i++) {
		if (dissect_ethertypes[i].type == type) {
			dissect_ethertypes[i].fn(c, d);
			return;
		}
	}
	if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}

void
dissect_ipproto(struct cursor *c, struct dissect *d, uint8_t proto)
{
	dissect_fn fn = dissect_ipprotos[proto];

	if (fn)
		fn(c, d);
	else if (dissect_wants_tunnels(d) && dissect_tunnels[proto])
		dissect_tunnel(c, d, dissect_tunnels[proto], DECODE_TUNNEL_IPIP);
}

void
dissect_tunnel(struct cursor *c, struct dissect *d, dissect_fn fn,
	       unsigned kind)
{
	struct decode_summary *outer = d->s;
	struct cursor inner = *c;
	size_t ip_end = d->ip_end;
	uint8_t ip_depth = d->ip_depth;

	/* only the packet's own first tunnel: not one inside another, not
	 * a packet an ICMP error quotes */
	if (d->inner == NULL || d->inner_kind != DECODE_TUNNEL_NONE ||
	    d->s != d->packet || d->quoted) {
		if (d->t)
			dissect_inner(c, d, fn);
		return;
	}
	if (d->ip_depth >= DISSECT_MAX_IP_DEPTH)
		return;
	memset(d->inner, 0, sizeof(*d->inner));
	d->inner_kind = (uint8_t)kind;
	d->s = d->inner;
	fn(&inner, d);
	d->s = outer;
	d->ip_end = ip_end;
	d->ip_depth = ip_depth;
}

void
dissect_inner(struct cursor *c, struct dissect *d, dissect_fn fn)
{
	struct decode_summary scratch, *outer = d->s;
	struct cursor inner = *c;
	size_t ip_end = d->ip_end;
	uint8_t ip_depth = d->ip_depth;

	if (d->ip_depth >= DISSECT_MAX_IP_DEPTH)
		return;
	memset(&scratch, 0, sizeof(scratch));
	d->s = &scratch;
	fn(&inner, d);
	d->s = outer;
	d->ip_end = ip_end;
	d->ip_depth = ip_depth;
}

void
dissect_payload(struct cursor *c, struct dissect *d)
{
	d->s->payload_off = (uint32_t)c->pos;
	d->s->payload_len = (uint32_t)cursor_left(c);
	if (d->t && cursor_left(c) > 0 && d->tcp_again)
		/* tshark hands no retransmitted, out-of-order or keep-alive
		 * segment to an application dissector */
		tree_do_add(d->t, NULL, "[TCP segment seen before: data not "
			    "dissected again]", c->pos, cursor_left(c), "%s", "");
	else if (d->t && cursor_left(c) > 0)
		appid_dissect(c, d, d->app);
}
