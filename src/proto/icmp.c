/*
 * icmp: ICMP (RFC 792) and IGMP (RFC 2236, RFC 3376). Error messages
 * quote the offending datagram's header; only the drill-down tree reads
 * it (dissect_inner), the summary never counts it.
 */
#include "config.h"

#include "proto/icmp.h"

#include "proto/ipv4.h"
#include "proto/wire.h"

#define ICMP_HEADER 4
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
		struct cursor q = *c;
		const uint8_t *e = cursor_ptr(&q, 4);

		if ((p[0] == ICMP_ECHO || p[0] == ICMP_ECHO_REPLY) && e) {
			tree_uint(d->t, "icmp.ident", "Identifier (BE)",
				  off + 4, 2, wire_be16(e));
			tree_uint(d->t, "icmp.ident_le", "Identifier (LE)",
				  off + 4, 2, (uint16_t)(e[1] << 8 | e[0]));
			tree_uint(d->t, "icmp.seq", "Sequence Number (BE)",
				  off + 6, 2, wire_be16(e + 2));
			tree_uint(d->t, "icmp.seq_le", "Sequence Number (LE)",
				  off + 6, 2, (uint16_t)(e[3] << 8 | e[2]));
		}
		if (icmp_is_error(p[0]) && cursor_skip(c, 4)) {
			d->quoted++;
			dissect_inner(c, d, ipv4_dissect);
			d->quoted--;
		}
	}
	tree_pop(d->t, c->end);
}

void
igmp_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	int type = cursor_peek_u8(c, 0);

	d->s->layers |= 1ull << PROTO_IGMP;
	tree_push(d->t, "igmp", "Internet Group Management Protocol", off, 0);
	if (type < 0) {
		dissect_stop(d, PROTO_IGMP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t)
		tree_hex(d->t, "igmp.type", "Type", off, 1, (unsigned)type, 2);
	tree_pop(d->t, c->end);
}
