/*
 * gre: GRE headers (RFC 2784 with the key and sequence of RFC 2890; the
 * version 1 "enhanced GRE" of PPTP, RFC 2637 section 4.1) and ERSPAN
 * types I-III (draft-foschiano-erspan), which only GRE carries. The
 * summary stops at the outer IP, so on the hot path this only marks the
 * layer; the drill-down follows the tunnel.
 */
#include "config.h"

#include "decode/proto/gre.h"

#include "decode/proto/ethernet.h"
#include "decode/proto/wire.h"

#define GRE_C 0x8000
#define GRE_R 0x4000
#define GRE_K 0x2000
#define GRE_S 0x1000
#define GRE_A 0x0080 /* version 1: acknowledgment number present */
#define GRE_ERSPAN_II 0x88be
#define GRE_ERSPAN_III 0x22eb
#define ERSPAN_II_HEADER 8
#define ERSPAN_III_HEADER 12
#define ERSPAN_III_PLATFORM 8
#define GRE_CMD 0x8909
#define GRE_CMD_HEADER 8

static void
gre_dissect_erspan(struct cursor *c, struct dissect *d, bool type3)
{
	size_t off = c->pos;
	size_t len = type3 ? ERSPAN_III_HEADER : ERSPAN_II_HEADER;
	const uint8_t *p;

	tree_push(d->t, "erspan", "Encapsulated Remote Switch Packet ANalysis",
		  off, 0);
	p = cursor_ptr(c, len);
	if (!p) {
		dissect_stop(d, PROTO_GRE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_uint(d->t, "erspan.version", "Version", off, 2, p[0] >> 4);
	tree_uint(d->t, "erspan.vlan", "Vlan", off, 2, wire_be16(p) & 0x0fff);
	tree_uint(d->t, "erspan.spanid", "SpanID", off + 2, 2,
		  wire_be16(p + 2) & 0x03ff);
	/* Type III: the O bit announces an 8-byte platform sub-header; a
	 * frame type other than 0 is not an Ethernet frame. */
	if (type3 && (p[11] & 1) && !cursor_skip(c, ERSPAN_III_PLATFORM)) {
		dissect_stop(d, PROTO_GRE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_pop(d->t, c->pos);
	if (!type3 || ((p[10] >> 2) & 0x1f) == 0)
		ethernet_dissect(c, d);
}

/* Cisco MetaData in GRE: the payload's EtherType first, then version,
 * length, option type and the security group tag (8 bytes). */
static void
gre_dissect_cmd(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;

	tree_push(d->t, "cmd", "Cisco MetaData", off, GRE_CMD_HEADER);
	p = cursor_ptr(c, GRE_CMD_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_GRE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_hex(d->t, "cmd.type", "Type", off, 2, wire_be16(p), 4);
	tree_uint(d->t, "cmd.version", "Version", off + 2, 1, p[2]);
	tree_uint(d->t, "cmd.length", "Length", off + 3, 1, p[3]);
	tree_hex(d->t, "cmd.options", "Options", off + 4, 2, wire_be16(p + 4),
		 4);
	tree_uint(d->t, "cmd.sgt", "SGT", off + 6, 2, wire_be16(p + 6));
	tree_pop(d->t, off + GRE_CMD_HEADER);
	dissect_ethertype(c, d, wire_be16(p));
}

/* Under dissect_tunnel: a short GRE header must not change the summary,
 * which describes the outer packet. */
static void
gre_dissect_tree(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t flags, proto;
	size_t o;

	tree_push(d->t, "gre", "Generic Routing Encapsulation", off, 0);
	p = cursor_ptr(c, 4);
	if (!p) {
		dissect_stop(d, PROTO_GRE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	flags = wire_be16(p);
	proto = wire_be16(p + 2);
	tree_hex(d->t, "gre.flags_and_version", "Flags and Version", off, 2,
		 flags, 4);
	tree_hex(d->t, "gre.proto", "Protocol Type", off + 2, 2, proto, 4);
	o = off + 4;
	/* Each optional field only once its bytes are there: a cursor past
	 * the end reads zeros, which are not in the packet. */
	if (flags & (GRE_C | GRE_R)) {
		/* Checksum and offset (RFC 1701: also when only R is set). */
		unsigned sum = cursor_be16(c);

		cursor_skip(c, 2);
		if (c->err)
			goto cut;
		tree_hex(d->t, "gre.checksum", "Checksum", o, 2, sum, 4);
		o += 4;
	}
	if (flags & GRE_K) {
		uint32_t key = cursor_be32(c);

		if (c->err)
			goto cut;
		if ((flags & 7) == 1) {
			tree_uint(d->t, "gre.key.payload_length",
				  "Payload Length", o, 2, key >> 16);
			tree_uint(d->t, "gre.key.call_id", "Call ID", o + 2, 2,
				  key & 0xffff);
		} else {
			tree_hex(d->t, "gre.key", "Key", o, 4, key, 8);
		}
		o += 4;
	}
	if (flags & GRE_S) {
		uint32_t seq = cursor_be32(c);

		if (c->err)
			goto cut;
		tree_uint(d->t, "gre.sequence_number", "Sequence Number", o, 4,
			  seq);
		o += 4;
	}
	if ((flags & 7) == 1 && (flags & GRE_A)) {
		uint32_t ack = cursor_be32(c);

		if (c->err)
			goto cut;
		tree_uint(d->t, "gre.ack_number", "Acknowledgment Number", o, 4,
			  ack);
	}
	tree_pop(d->t, c->pos);
	if (proto == GRE_ERSPAN_II && !(flags & GRE_S))
		ethernet_dissect(c, d); /* type I: no header */
	else if (proto == GRE_ERSPAN_II)
		gre_dissect_erspan(c, d, false);
	else if (proto == GRE_ERSPAN_III)
		gre_dissect_erspan(c, d, true);
	else if (proto == GRE_CMD)
		gre_dissect_cmd(c, d);
	else
		dissect_ethertype(c, d, proto);
	return;
cut:
	dissect_stop(d, PROTO_GRE, DECODE_TRUNCATED);
	tree_pop(d->t, c->end);
}

void
gre_dissect(struct cursor *c, struct dissect *d)
{
	d->s->layers |= 1ull << PROTO_GRE;
	if (dissect_wants_tunnels(d))
		dissect_tunnel(c, d, gre_dissect_tree, DECODE_TUNNEL_GRE);
}

const struct proto_desc gre_proto = {
	.id = PROTO_GRE,
	.name = "gre",
	.label = "GRE",
	.tree_name = "gre",
	.layer = PROTO_LAYER_TRANSPORT,
};
