/*
 * udp_tunnel: VXLAN (RFC 7348, port 4789), VXLAN-GPE
 * (draft-ietf-nvo3-vxlan-gpe, 4790), Geneve (RFC 8926, 6081), Teredo
 * (RFC 4380, 3544) and GTP-U (3GPP TS 29.281, 2152): a shim header, then
 * a whole frame or IP packet that the drill-down walks like any other.
 * Linux's own VXLAN port, 8472 (the kernel's default, flannel's), is
 * VXLAN too when its header says so (tshark leaves it as data).
 */
#include "config.h"

#include "decode/proto/udp_tunnel.h"

#include "decode/proto/ethernet.h"
#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/mpls.h"
#include "decode/proto/nsh.h"
#include "decode/proto/wire.h"
#include "decode/proto_table.h"

#define VXLAN_HEADER 8
#define GENEVE_HEADER 8
#define GTP_HEADER 8
#define GTP_TPDU 0xff

/* What follows a header that names no protocol: the IP version nibble. */
static void
udp_tunnel_ip(struct cursor *c, struct dissect *d)
{
	int b = cursor_peek_u8(c, 0);

	if (b >> 4 == 4)
		ipv4_dissect(c, d);
	else if (b >> 4 == 6)
		ipv6_dissect(c, d);
}

/* The VXLAN header's tree; GPE's adds the next-protocol byte. NULL when
 * the header is cut (the dissection then stops there). */
static const uint8_t *
udp_tunnel_vxlan_header(struct cursor *c, struct dissect *d, int gpe)
{
	size_t off = c->pos;
	const uint8_t *p;

	tree_push(d->t, "vxlan", "Virtual eXtensible Local Area Network", off,
		  VXLAN_HEADER);
	p = cursor_ptr(c, VXLAN_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_UDP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return NULL;
	}
	tree_hex(d->t, "vxlan.flags", "Flags", off, 2, wire_be16(p), 4);
	if (gpe)
		tree_uint(d->t, "vxlan.next_proto", "Next Protocol", off + 3,
			  1, p[3]);
	tree_uint(d->t, "vxlan.vni", "VXLAN Network Identifier (VNI)", off + 4,
		  3, wire_be32(p + 4) >> 8);
	tree_pop(d->t, off + VXLAN_HEADER);
	return p;
}

static void
udp_tunnel_vxlan(struct cursor *c, struct dissect *d)
{
	if (udp_tunnel_vxlan_header(c, d, 0))
		ethernet_dissect(c, d);
}

static const dissect_fn udp_tunnel_gpe_next[256] = {
	[1] = ipv4_dissect,
	[2] = ipv6_dissect,
	[3] = ethernet_dissect,
	[4] = nsh_dissect,
	[5] = mpls_dissect,
};

static void
udp_tunnel_vxlan_gpe(struct cursor *c, struct dissect *d)
{
	const uint8_t *p = udp_tunnel_vxlan_header(c, d, 1);

	if (p && udp_tunnel_gpe_next[p[3]])
		udp_tunnel_gpe_next[p[3]](c, d);
}

static void
udp_tunnel_geneve(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	size_t opts;
	uint16_t proto;

	tree_push(d->t, "geneve", "Generic Network Virtualization Encapsulation",
		  off, 0);
	p = cursor_ptr(c, GENEVE_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_UDP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	opts = (p[0] & 0x3f) * 4u;
	proto = wire_be16(p + 2);
	tree_uint(d->t, "geneve.version", "Version", off, 1, p[0] >> 6);
	tree_uint(d->t, "geneve.option.length", "Length", off, 1, opts);
	tree_hex(d->t, "geneve.flags", "Flags", off + 1, 1, p[1], 2);
	tree_hex(d->t, "geneve.proto_type", "Protocol Type", off + 2, 2, proto,
		 4);
	tree_hex(d->t, "geneve.vni", "Virtual Network Identifier (VNI)",
		 off + 4, 3, wire_be32(p + 4) >> 8, 6);
	if (!cursor_skip(c, opts)) {
		dissect_stop(d, PROTO_UDP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_pop(d->t, c->pos);
	dissect_ethertype(c, d, proto);
}

/* Teredo may put an authentication (type 1) and an origin indication
 * (type 0) header before the IPv6 packet (RFC 4380 section 5.1.1). */
static void
udp_tunnel_teredo(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;

	tree_push(d->t, "teredo", "Teredo IPv6 over UDP tunneling", off, 0);
	for (int i = 0; i < 2; i++) {
		int b0 = cursor_peek_u8(c, 0), b1 = cursor_peek_u8(c, 1);

		if (b0 != 0 || b1 < 0 || b1 > 1)
			break;
		if (b1 == 1) {
			int idlen = cursor_peek_u8(c, 2);
			int aulen = cursor_peek_u8(c, 3);

			if (idlen < 0 || aulen < 0 ||
			    !cursor_skip(c, 4 + (size_t)idlen + (size_t)aulen +
						    9))
				break;
		} else if (!cursor_skip(c, 8)) {
			break;
		}
	}
	tree_pop(d->t, c->pos);
	if (c->err) {
		dissect_stop(d, PROTO_UDP, DECODE_TRUNCATED);
		return;
	}
	if (cursor_peek_u8(c, 0) >> 4 == 6)
		ipv6_dissect(c, d);
}

static void
udp_tunnel_gtp(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint8_t next = 0;

	tree_push(d->t, "gtp", "GPRS Tunneling Protocol", off, 0);
	p = cursor_ptr(c, GTP_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_UDP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_hex(d->t, "gtp.flags", "Flags", off, 1, p[0], 2);
	tree_uint(d->t, "gtp.message", "Message Type", off + 1, 1, p[1]);
	tree_uint(d->t, "gtp.length", "Length", off + 2, 2, wire_be16(p + 2));
	tree_hex(d->t, "gtp.teid", "TEID", off + 4, 4, wire_be32(p + 4), 8);
	/* Version 1 only; E, S or PN add 4 bytes ending in the first
	 * extension header type, each extension ends in the next. */
	if (p[0] >> 5 != 1) {
		tree_pop(d->t, c->pos);
		return;
	}
	if (p[0] & 0x07) {
		cursor_skip(c, 3);
		next = cursor_u8(c);
	}
	while (next != 0 && !c->err) {
		int len = cursor_peek_u8(c, 0);

		if (len <= 0 || !cursor_skip(c, (size_t)len * 4 - 1))
			break;
		next = cursor_u8(c);
	}
	tree_pop(d->t, c->pos);
	if (c->err || next != 0) {
		dissect_stop(d, PROTO_UDP, DECODE_TRUNCATED);
		return;
	}
	if (p[1] == GTP_TPDU)
		udp_tunnel_ip(c, d);
}

/* A VXLAN header as RFC 7348 section 5 fixes it: only the I flag set,
 * the reserved bytes zero. Port 8472 is no IANA port: its datagrams are
 * VXLAN only when they look it. */
static bool
udp_tunnel_looks_vxlan(const struct cursor *c)
{
	const uint8_t *p = c->frame + c->pos;

	return cursor_left(c) >= VXLAN_HEADER && p[0] == 0x08 && p[1] == 0 &&
	       p[2] == 0 && p[3] == 0 && p[7] == 0;
}

struct udp_tunnel_row {
	uint16_t port;
	uint8_t kind; /* enum decode_tunnel */
	dissect_fn fn;
	bool (*looks)(const struct cursor *c); /* NULL: the port says it */
};

static const struct udp_tunnel_row udp_tunnels[] = {
	{ .port = 4789, .kind = DECODE_TUNNEL_VXLAN, .fn = udp_tunnel_vxlan },
	{ .port = 8472, .kind = DECODE_TUNNEL_VXLAN, .fn = udp_tunnel_vxlan,
	  .looks = udp_tunnel_looks_vxlan },
	{ .port = 4790, .kind = DECODE_TUNNEL_VXLAN_GPE,
	  .fn = udp_tunnel_vxlan_gpe },
	{ .port = 6081, .kind = DECODE_TUNNEL_GENEVE, .fn = udp_tunnel_geneve },
	{ .port = 3544, .kind = DECODE_TUNNEL_TEREDO, .fn = udp_tunnel_teredo },
	{ .port = 2152, .kind = DECODE_TUNNEL_GTP, .fn = udp_tunnel_gtp },
};

bool
udp_tunnel_dissect(struct cursor *c, struct dissect *d, uint16_t sport,
		   uint16_t dport)
{
	for (size_t i = 0; i < sizeof(udp_tunnels) / sizeof(udp_tunnels[0]);
	     i++) {
		if ((udp_tunnels[i].port == dport ||
		     udp_tunnels[i].port == sport) &&
		    (udp_tunnels[i].looks == NULL || udp_tunnels[i].looks(c))) {
			dissect_tunnel(c, d, udp_tunnels[i].fn, udp_tunnels[i].kind);
			return true;
		}
	}
	return false;
}

/* The outer connection of each tunnel above is named by it (issue 16:
 * the outer row says the tunnel); the flows inside have rows of their
 * own. No parser: the walk that finds the inner flow names it
 * (model.c), so the ports stay in udp_tunnels alone. */
const struct proto_desc vxlan_proto = {
	.id = PROTO_VXLAN,
	.name = "vxlan",
	.label = "VXLAN",
	.layer = PROTO_LAYER_APP,
};

const struct proto_desc vxlan_gpe_proto = {
	.id = PROTO_VXLAN_GPE,
	.name = "vxlan-gpe",
	.label = "VXLAN-GPE",
	.layer = PROTO_LAYER_APP,
};

const struct proto_desc geneve_proto = {
	.id = PROTO_GENEVE,
	.name = "geneve",
	.label = "Geneve",
	.layer = PROTO_LAYER_APP,
};

const struct proto_desc teredo_proto = {
	.id = PROTO_TEREDO,
	.name = "teredo",
	.label = "Teredo",
	.layer = PROTO_LAYER_APP,
};

const struct proto_desc gtp_proto = {
	.id = PROTO_GTP,
	.name = "gtp",
	.label = "GTP",
	.layer = PROTO_LAYER_APP,
};
