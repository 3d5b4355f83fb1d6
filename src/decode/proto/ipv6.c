/*
 * ipv6: the IPv6 header (RFC 8200) and the extension headers between it
 * and the upper layer: hop-by-hop options, routing, fragment and
 * destination options (RFC 8200 section 4). AH (RFC 4302) is walked by
 * ah_dissect through the IP protocol table, like any upper layer.
 */
#include "config.h"

#include "decode/proto/ipv6.h"

#include <string.h>

#include "decode/proto/wire.h"

#define IPV6_HEADER 40
#define IPV6_NH_HOPOPTS 0
#define IPV6_NH_ROUTING 43
#define IPV6_NH_FRAGMENT 44
#define IPV6_NH_DSTOPTS 60
#define IPV6_FRAGMENT_HEADER 8
#define IPV6_OPT_JUMBO 0xc2
/* More extension headers than this in one packet is an attack, not a
 * network: stop walking (each costs a tree node). */
#define IPV6_MAX_EXTENSIONS 16

struct ipv6_ext_name {
	const char *proto; /* Wireshark's protocol name */
	const char *label;
	const char *nxt;
	const char *len;
};

static const struct ipv6_ext_name ipv6_ext_names[] = {
	{ "ipv6.hopopts", "IPv6 Hop-by-Hop Option",
	  TREE_FIELD(FIELD_UINT, "ipv6.hopopts.nxt"),
	  TREE_FIELD(FIELD_UINT, "ipv6.hopopts.len") },
	{ "ipv6.routing", "Routing Header for IPv6",
	  TREE_FIELD(FIELD_UINT, "ipv6.routing.nxt"),
	  TREE_FIELD(FIELD_UINT, "ipv6.routing.len") },
	{ "ipv6.dstopts", "Destination Options for IPv6",
	  TREE_FIELD(FIELD_UINT, "ipv6.dstopts.nxt"),
	  TREE_FIELD(FIELD_UINT, "ipv6.dstopts.len") },
};

/* The fixed header's fields, as many as the N bytes at P hold. */
static void
ipv6_tree_header(struct tree *t, size_t off, const uint8_t *p, size_t n)
{
	uint32_t w;
	int src, dst;

	if (n < 1)
		return;
	tree_uint(t, "ipv6.version", "Version", off, 1, p[0] >> 4);
	tree_uint(t, "ip.version", "Version", off, 1, p[0] >> 4);
	if (n < 4)
		return;
	w = wire_be32(p);
	tree_hex(t, "ipv6.tclass", "Traffic Class", off, 4,
		 (w >> 20) & 0xff, 8);
	tree_uint(t, "ipv6.tclass.dscp", "Differentiated Services Codepoint",
		  off, 4, (w >> 22) & 0x3f);
	tree_uint(t, "ipv6.tclass.ecn", "Explicit Congestion Notification",
		  off, 4, (w >> 20) & 3);
	tree_hex(t, "ipv6.flow", "Flow Label", off + 1, 3, w & 0xfffff, 6);
	if (n < 6)
		return;
	tree_uint(t, "ipv6.plen", "Payload Length", off + 4, 2,
		  wire_be16(p + 4));
	if (n < 8)
		return;
	tree_uint(t, "ipv6.nxt", "Next Header", off + 6, 1, p[6]);
	tree_uint(t, "ipv6.hlim", "Hop Limit", off + 7, 1, p[7]);
	if (n < 24)
		return;
	src = tree_ipv6(t, "ipv6.src", "Source Address", off + 8, p + 8);
	tree_hide(t, tree_ipv6(t, "ipv6.addr", "Source or Destination Address",
			       off + 8, p + 8));
	if (n < IPV6_HEADER)
		return;
	dst = tree_ipv6(t, "ipv6.dst", "Destination Address", off + 24,
			p + 24);
	tree_hide(t, tree_ipv6(t, "ipv6.addr", "Source or Destination Address",
			       off + 24, p + 24));
	tree_title(t, "Src", src, "Dst", dst);
}

/* The Jumbo Payload option (type 0xc2, RFC 2675 section 2) in the
 * hop-by-hop header C starts with, or 0. */
static uint32_t
ipv6_jumbo_length(const struct cursor *c)
{
	struct cursor q = *c;
	struct cursor o;
	unsigned len;

	cursor_skip(&q, 1);
	len = cursor_u8(&q);
	if (q.err)
		return 0;
	o = cursor_sub(&q, (len + 1) * 8u - 2);
	while (cursor_has(&o, 1)) {
		uint8_t type = cursor_u8(&o);
		uint8_t olen;

		if (type == 0) /* Pad1 */
			continue;
		olen = cursor_u8(&o);
		if (type == IPV6_OPT_JUMBO && olen == 4)
			return cursor_be32(&o);
		if (!cursor_skip(&o, olen))
			return 0;
	}
	return 0;
}

/* Hop-by-hop, routing or destination options: next header, length in
 * 8-octet units not counting the first 8. Returns false when it stops. */
static bool
ipv6_dissect_options(struct cursor *c, struct dissect *d, unsigned which,
		     uint8_t *nxt)
{
	const struct ipv6_ext_name *n = &ipv6_ext_names[which];
	size_t off = c->pos;
	int len = cursor_peek_u8(c, 1);
	const uint8_t *p;

	tree_push(d->t, n->proto, n->label, off, 0);
	p = len < 0 ? NULL : cursor_ptr(c, ((size_t)len + 1) * 8);
	if (!p) {
		dissect_stop(d, PROTO_IPV6, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return false;
	}
	if (d->t) {
		tree_uint(d->t, n->nxt, "Next Header", off, 1, p[0]);
		tree_uint(d->t, n->len, "Length", off + 1, 1, p[1]);
		if (which == 1) {
			tree_uint(d->t, "ipv6.routing.type", "Type", off + 2, 1,
				  p[2]);
			tree_uint(d->t, "ipv6.routing.segleft",
				  "Segments Left", off + 3, 1, p[3]);
		}
	}
	tree_pop(d->t, c->pos);
	*nxt = p[0];
	return true;
}

static bool
ipv6_dissect_fragment(struct cursor *c, struct dissect *d, uint8_t *nxt)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t w;

	tree_push(d->t, "ipv6.fraghdr", "Fragment Header for IPv6", off,
		  IPV6_FRAGMENT_HEADER);
	p = cursor_ptr(c, IPV6_FRAGMENT_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_IPV6, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return false;
	}
	w = wire_be16(p + 2);
	if (d->t) {
		tree_uint(d->t, "ipv6.fraghdr.nxt", "Next header", off, 1, p[0]);
		tree_hex(d->t, "ipv6.fraghdr.reserved_octet", "Reserved octet",
			 off + 1, 1, p[1], 2);
		tree_uint(d->t, "ipv6.fraghdr.offset", "Offset", off + 2, 2,
			  w >> 3);
		tree_uint(d->t, "ipv6.fraghdr.reserved_bits", "Reserved bits",
			  off + 2, 2, (w >> 1) & 3);
		tree_uint(d->t, "ipv6.fraghdr.more", "More Fragments", off + 2,
			  2, w & 1);
		tree_hex(d->t, "ipv6.fraghdr.ident", "Identification", off + 4,
			 4, wire_be32(p + 4), 8);
	}
	tree_pop(d->t, off + IPV6_FRAGMENT_HEADER);
	if (w >> 3)
		d->s->frag = DECODE_FRAG_LATER;
	else if (w & 1)
		d->s->frag = DECODE_FRAG_FIRST;
	if (w & 0xfff9)
		d->s->frag_id = wire_be32(p + 4);
	*nxt = p[0];
	return true;
}

void
ipv6_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	struct cursor start = *c;
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t plen;
	uint32_t jumbo;
	uint8_t nxt;
	bool more;

	s->layers |= 1ull << PROTO_IPV6;
	d->ip_depth++;
	tree_push(d->t, "ipv6", "Internet Protocol Version 6", off, 0);
	tree_column(d->t, PROTO_IPV6, false);
	p = cursor_ptr(c, IPV6_HEADER);
	if (!p) {
		if (d->t) {
			struct cursor q = start;
			size_t n = cursor_left(&q);
			const uint8_t *h = cursor_ptr(&q, n);

			if (h)
				ipv6_tree_header(d->t, off, h, n);
		}
		dissect_stop(d, PROTO_IPV6, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t)
		ipv6_tree_header(d->t, off, p, IPV6_HEADER);
	if (p[0] >> 4 != 6) {
		/* Not IPv6 at all: Wireshark shows it as data. */
		s->layers &= ~(1ull << PROTO_IPV6);
		dissect_stop(d, PROTO_IPV6, DECODE_MALFORMED);
		tree_pop(d->t, off + IPV6_HEADER);
		return;
	}
	s->ip_version = 6;
	s->src.family = 6;
	memcpy(s->src.bytes, p + 8, 16);
	s->dst.family = 6;
	memcpy(s->dst.bytes, p + 24, 16);
	plen = wire_be16(p + 4);
	nxt = p[6];
	/* A zero payload length means a jumbogram only with the jumbo
	 * option (RFC 2675); without it the payload is empty, as Wireshark
	 * reads it. Whatever follows the payload is link padding. */
	if (plen == 0 && nxt == IPV6_NH_HOPOPTS)
		jumbo = ipv6_jumbo_length(c);
	else
		jumbo = plen;
	if (off + IPV6_HEADER + jumbo > d->wirelen && !d->quoted)
		dissect_stop(d, PROTO_IPV6, DECODE_MALFORMED);
	cursor_limit(c, jumbo);
	d->ip_end = off + IPV6_HEADER + jumbo;
	if (d->ip_end > d->wirelen)
		d->ip_end = d->wirelen;
	for (unsigned n = 0; n < IPV6_MAX_EXTENSIONS; n++) {
		switch (nxt) {
		case IPV6_NH_HOPOPTS:
			more = ipv6_dissect_options(c, d, 0, &nxt);
			break;
		case IPV6_NH_ROUTING:
			more = ipv6_dissect_options(c, d, 1, &nxt);
			break;
		case IPV6_NH_DSTOPTS:
			more = ipv6_dissect_options(c, d, 2, &nxt);
			break;
		case IPV6_NH_FRAGMENT:
			more = ipv6_dissect_fragment(c, d, &nxt);
			if (more && s->frag == DECODE_FRAG_LATER) {
				s->l4 = nxt;
				tree_pop(d->t, c->pos);
				return;
			}
			break;
		default:
			goto upper;
		}
		if (!more) {
			tree_pop(d->t, c->pos);
			return;
		}
	}
	dissect_stop(d, PROTO_IPV6, DECODE_MALFORMED);
	tree_pop(d->t, c->pos);
	return;
upper:
	s->l4 = nxt;
	tree_pop(d->t, c->pos);
	dissect_ipproto(c, d, nxt);
}

const struct proto_desc ipv6_proto = {
	.id = PROTO_IPV6,
	.name = "ipv6",
	.label = "IPv6",
	.tree_name = "ipv6",
	.column = "IPv6",
	.layer = PROTO_LAYER_NETWORK,
};
