/*
 * icmp: ICMP (RFC 792) and IGMP (RFC 2236, RFC 3376). Error messages
 * quote the offending datagram's header; only the drill-down tree reads
 * it (dissect_inner), the summary never counts it.
 */
#include "config.h"

#include "decode/proto/icmp.h"

#include "decode/proto/ipv4.h"
#include "decode/proto/wire.h"

#define ICMP_HEADER 4
#define IGMP_HEADER 8
#define IGMP_V3_REPORT 0x22
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO 8

/* Types whose body, after 4 unused bytes, is the start of the datagram
 * that caused them: unreachable, source quench, redirect, time exceeded,
 * parameter problem. */
static bool
icmp_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* Tree only: identifier and sequence of the query/reply pairs (echo,
 * timestamp, information, address mask; RFC 8335 extended echo has an
 * 8-bit sequence of its own). Wireshark shows both byte orders, since
 * hosts fill them in their own. */
static void
icmp_tree_ident(struct tree *t, const struct cursor *c, uint8_t type,
		size_t off)
{
	struct cursor q = *c;
	const uint8_t *e = cursor_ptr(&q, 4);
	bool query = type == ICMP_ECHO_REPLY || type == ICMP_ECHO ||
		     (type >= 13 && type <= 18);
	bool extended = type == 42 || type == 43;

	if (!e || (!query && !extended))
		return;
	tree_uint(t, "icmp.ident", "Identifier (BE)", off + 4, 2,
		  wire_be16(e));
	tree_uint(t, "icmp.ident_le", "Identifier (LE)", off + 4, 2,
		  (uint16_t)(e[1] << 8 | e[0]));
	if (!query)
		return;
	tree_uint(t, "icmp.seq", "Sequence Number (BE)", off + 6, 2,
		  wire_be16(e + 2));
	tree_uint(t, "icmp.seq_le", "Sequence Number (LE)", off + 6, 2,
		  (uint16_t)(e[3] << 8 | e[2]));
}

void
icmp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;

	s->layers |= 1ull << PROTO_ICMP;
	tree_push(d->t, "icmp", "Internet Control Message Protocol", off, 0);
	p = cursor_ptr(c, ICMP_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_ICMP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	s->l4_proto = PROTO_ICMP;
	s->icmp_type = p[0];
	if (d->t) {
		tree_uint(d->t, "icmp.type", "Type", off, 1, p[0]);
		tree_uint(d->t, "icmp.code", "Code", off + 1, 1, p[1]);
		tree_hex(d->t, "icmp.checksum", "Checksum", off + 2, 2,
			 wire_be16(p + 2), 4);
		icmp_tree_ident(d->t, c, p[0], off);
		if (icmp_is_error(p[0]) && cursor_skip(c, 4)) {
			d->quoted++;
			dissect_inner(c, d, ipv4_dissect);
			d->quoted--;
		}
	}
	tree_pop(d->t, c->end);
}

/* IGMP's version is not in the packet: the type and the length tell
 * (RFC 3376 section 7.1). */
static unsigned
igmp_version(uint8_t type, uint8_t max_resp, size_t len)
{
	switch (type) {
	case 0x11:
		return len >= 12 ? 3 : max_resp == 0 ? 1 : 2;
	case 0x12:
		return 1;
	case 0x16:
	case 0x17:
		return 2;
	case 0x22:
		return 3;
	default:
		return 0;
	}
}

void
igmp_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	size_t len = cursor_left(c);
	const uint8_t *p;
	unsigned version;

	d->s->layers |= 1ull << PROTO_IGMP;
	tree_push(d->t, "igmp", "Internet Group Management Protocol", off, 0);
	p = cursor_ptr(c, IGMP_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_IGMP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (!d->t)
		return;
	version = igmp_version(p[0], p[1], len);
	if (version == 0) {
		/* DVMRP, PIMv1, mtrace...: other protocols on IGMP's number */
		tree_pop(d->t, c->end);
		return;
	}
	tree_uint(d->t, "igmp.version", "IGMP Version", off, 0, version);
	tree_hex(d->t, "igmp.type", "Type", off, 1, p[0], 2);
	if (p[0] != IGMP_V3_REPORT)
		tree_uint(d->t, "igmp.max_resp", "Max Resp Time", off + 1, 1,
			  p[1]);
	tree_hex(d->t, "igmp.checksum", "Checksum", off + 2, 2,
		 wire_be16(p + 2), 4);
	if (p[0] != IGMP_V3_REPORT) {
		tree_ipv4(d->t, "igmp.maddr", "Multicast Address", off + 4,
			  p + 4);
	} else {
		/* Group records (RFC 3376 section 4.2.4): type, aux words,
		 * source count, group, sources, aux data. */
		unsigned n = wire_be16(p + 6);

		tree_uint(d->t, "igmp.num_grp_recs", "Num Group Records",
			  off + 6, 2, n);
		for (unsigned i = 0; i < n && cursor_has(c, 8); i++) {
			size_t r = c->pos;
			const uint8_t *g = cursor_ptr(c, 8);
			size_t skip;

			tree_uint(d->t, "igmp.record_type", "Record Type", r, 1,
				  g[0]);
			tree_ipv4(d->t, "igmp.maddr", "Multicast Address", r + 4,
				  g + 4);
			skip = (size_t)wire_be16(g + 2) * 4 + (size_t)g[1] * 4;
			if (!cursor_skip(c, skip))
				break;
		}
	}
	tree_pop(d->t, c->end);
}

const struct proto_desc icmp_proto = {
	.id = PROTO_ICMP,
	.name = "icmp",
	.label = "ICMP",
	.tree_name = "icmp",
	.column = "ICMP",
	.layer = PROTO_LAYER_TRANSPORT,
};

const struct proto_desc igmp_proto = {
	.id = PROTO_IGMP,
	.name = "igmp",
	.label = "IGMP",
	.tree_name = "igmp",
	.layer = PROTO_LAYER_TRANSPORT,
};
