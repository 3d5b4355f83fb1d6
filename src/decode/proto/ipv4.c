/*
 * ipv4: the IPv4 header (RFC 791): options, fragments (section 2.3), and
 * the hand-off to the transport. A total length of 0 is what TCP
 * segmentation offload leaves in captures of outgoing traffic: the frame
 * then ends the datagram, as Wireshark assumes too.
 */
#include "config.h"

#include "decode/proto/ipv4.h"

#include <stdio.h>
#include <string.h>

#include "decode/proto/ipv6.h"
#include "decode/proto/wire.h"

#define IPV4_HEADER 20
#define IPV4_MF 0x2000
#define IPV4_OFFSET_MASK 0x1fff

/* Tree only: one line per option (RFC 791 section 3.1); kinds 0 and 1
 * are a single byte, the others carry their own length. */
static void
ipv4_tree_options(struct tree *t, struct cursor *o)
{
	while (cursor_has(o, 1)) {
		size_t off = o->pos;
		uint8_t kind = cursor_u8(o);
		unsigned len = 1;

		if (kind > 1) {
			len = cursor_u8(o);
			if (o->err || len < 2 || !cursor_skip(o, len - 2)) {
				tree_hex(t, "ip.opt.type", "Type", off, 1, kind, 2);
				tree_flag(t, TREE_FLAG_MALFORMED);
				return;
			}
		}
		tree_uint(t, "ip.opt.type", "Type", off, len, kind);
		if (kind > 1)
			tree_uint(t, "ip.opt.len", "Length", off + 1, 1, len);
		if (kind == 0)
			return;
	}
}

/* The fixed header's fields, as many as the N bytes at P hold (all 20
 * normally; fewer when the capture ends inside the header). The walk's
 * first TTL node goes to D (ICMP's echo Info quotes it). */
/* The three flag bits (RFC 791 section 3.1) nested under the flags
 * field, as tshark -V shows them: "Flags: 0x2, Don't fragment", the set
 * bits named after the value, then "Don't fragment: Set" per bit. */
static void
ipv4_tree_flags(struct tree *t, size_t off, unsigned flags)
{
	static const struct {
		const char *field, *label;
		unsigned mask;
	} bits[] = {
		{ "ip.flags.rb", "Reserved bit", 4 },
		{ "ip.flags.df", "Don't fragment", 2 },
		{ "ip.flags.mf", "More fragments", 1 },
	};
	char names[64];
	size_t nl = 0;
	int n = tree_hex(t, "ip.flags", "Flags", off, 1, flags, 2);

	if (n < 0)
		return;
	names[0] = '\0';
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		if (flags & bits[i].mask)
			nl += (size_t)snprintf(names + nl, sizeof(names) - nl,
					       ", %s", bits[i].label);
	tree_shown(t, n, "0x%x%s", flags, names);
	tree_open(t, n);
	for (size_t i = 0; i < sizeof(bits) / sizeof(bits[0]); i++)
		tree_shown(t,
			   tree_uint(t, bits[i].field, bits[i].label, off, 1,
				     (flags & bits[i].mask) != 0),
			   "%s", flags & bits[i].mask ? "Set" : "Not set");
	tree_pop(t, off + 1);
}

static void
ipv4_tree_header(struct dissect *d, size_t off, const uint8_t *p, size_t n)
{
	struct tree *t = d->t;
	uint16_t fo = n >= 8 ? wire_be16(p + 6) : 0;
	int ttl;

	if (n < 1)
		return;
	tree_uint(t, "ip.version", "Version", off, 1, p[0] >> 4);
	if (p[0] >> 4 != 4)
		return;
	tree_uint(t, "ip.hdr_len", "Header Length", off, 1, (p[0] & 0x0f) * 4u);
	if (n < 2)
		return;
	tree_hex(t, "ip.dsfield", "Differentiated Services Field", off + 1, 1,
		 p[1], 2);
	tree_uint(t, "ip.dsfield.dscp", "Differentiated Services Codepoint",
		  off + 1, 1, p[1] >> 2);
	tree_uint(t, "ip.dsfield.ecn", "Explicit Congestion Notification",
		  off + 1, 1, p[1] & 3);
	if (n < 4)
		return;
	tree_uint(t, "ip.len", "Total Length", off + 2, 2, wire_be16(p + 2));
	if (n < 6)
		return;
	tree_hex(t, "ip.id", "Identification", off + 4, 2, wire_be16(p + 4), 4);
	if (n < 8)
		return;
	ipv4_tree_flags(t, off + 6, fo >> 13);
	tree_uint(t, "ip.frag_offset", "Fragment Offset", off + 6, 2,
		  fo & IPV4_OFFSET_MASK);
	if (n < 10)
		return;
	ttl = tree_uint(t, "ip.ttl", "Time to Live", off + 8, 1, p[8]);
	if (d->ip_ttl_node < 0)
		d->ip_ttl_node = ttl;
	tree_uint(t, "ip.proto", "Protocol", off + 9, 1, p[9]);
	if (n < 12)
		return;
	tree_hex(t, "ip.checksum", "Header Checksum", off + 10, 2,
		 wire_be16(p + 10), 4);
	if (n < IPV4_HEADER)
		return;
}

static void
ipv4_tree_addrs(struct tree *t, size_t off, const uint8_t *p, size_t n)
{
	int src, dst;

	if (n < 16)
		return;
	src = tree_ipv4(t, "ip.src", "Source Address", off + 12, p + 12);
	tree_hide(t, tree_ipv4(t, "ip.addr", "Source or Destination Address",
			       off + 12, p + 12));
	if (n < 20)
		return;
	dst = tree_ipv4(t, "ip.dst", "Destination Address", off + 16, p + 16);
	tree_hide(t, tree_ipv4(t, "ip.addr", "Source or Destination Address",
			       off + 16, p + 16));
	tree_title(t, "Src", src, "Dst", dst);
}

void
ipv4_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	struct cursor start = *c;
	size_t off = c->pos;
	const uint8_t *p;
	unsigned hlen, total;
	uint16_t fo;

	s->layers |= 1ull << PROTO_IPV4;
	d->ip_depth++;
	tree_push(d->t, "ip", "Internet Protocol Version 4", off, 0);
	tree_column(d->t, PROTO_IPV4, false);
	p = cursor_ptr(c, IPV4_HEADER);
	if (!p) {
		if (d->t) {
			struct cursor q = start;
			size_t n = cursor_left(&q);
			const uint8_t *h = cursor_ptr(&q, n);

			if (h) {
				ipv4_tree_header(d, off, h, n);
				ipv4_tree_addrs(d->t, off, h, n);
			}
		}
		dissect_stop(d, PROTO_IPV4, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t)
		ipv4_tree_header(d, off, p, IPV4_HEADER);
	hlen = (p[0] & 0x0f) * 4u;
	total = wire_be16(p + 2);
	if (total == 0 && d->wirelen > off)
		total = (unsigned)(d->wirelen - off); /* segmentation offload */
	if (p[0] >> 4 != 4 || hlen < IPV4_HEADER || total < hlen) {
		dissect_stop(d, PROTO_IPV4, DECODE_MALFORMED);
		tree_pop(d->t, off + IPV4_HEADER);
		/* An IPv6 packet behind an IPv4 EtherType: Wireshark shows
		 * it, the tables (like tshark's) do not count it. */
		if (d->t && p[0] >> 4 == 6)
			dissect_inner(&start, d, ipv6_dissect);
		return;
	}
	if (d->t)
		ipv4_tree_addrs(d->t, off, p, IPV4_HEADER);
	s->ip_version = 4;
	/* The walk starts from a zeroed summary: the rest of the address
	 * key is already zero (addr.h), so this is addr_set4 inline. */
	s->src.family = 4;
	memcpy(s->src.bytes, p + 12, 4);
	s->dst.family = 4;
	memcpy(s->dst.bytes, p + 16, 4);
	s->l4 = p[9];
	fo = wire_be16(p + 6);
	if (fo & (IPV4_MF | IPV4_OFFSET_MASK)) {
		s->frag = (fo & IPV4_OFFSET_MASK) ? DECODE_FRAG_LATER
						  : DECODE_FRAG_FIRST;
		s->frag_id = wire_be16(p + 4);
	}
	if (hlen > IPV4_HEADER) {
		struct cursor o = cursor_sub(c, hlen - IPV4_HEADER);

		if (!cursor_skip(c, hlen - IPV4_HEADER)) {
			dissect_stop(d, PROTO_IPV4, DECODE_TRUNCATED);
			tree_pop(d->t, c->end);
			return;
		}
		if (d->t)
			ipv4_tree_options(d->t, &o);
	}
	/* The datagram ends at its total length; what follows in the frame
	 * is link padding. A total beyond the frame's wire length lies,
	 * unless this is the start of a datagram quoted by ICMP. */
	if (off + total > d->wirelen && !d->quoted)
		dissect_stop(d, PROTO_IPV4, DECODE_MALFORMED);
	cursor_limit(c, total - hlen);
	/* Past the frame's wire length the datagram cannot go, whatever
	 * its length field says (Wireshark clamps the same way). */
	d->ip_end = off + total < d->wirelen ? off + total : d->wirelen;
	tree_pop(d->t, off + hlen);
	if (s->frag == DECODE_FRAG_LATER)
		return;
	dissect_ipproto(c, d, p[9]);
}

const struct proto_desc ipv4_proto = {
	.id = PROTO_IPV4,
	.name = "ipv4",
	.label = "IPv4",
	.tree_name = "ip",
	.column = "IPv4",
	.layer = PROTO_LAYER_NETWORK,
};
