/*
 * icmpv6: ICMPv6 (RFC 4443) and the neighbour discovery messages
 * (RFC 4861) people look for. Error messages quote the offending packet;
 * only the drill-down tree reads it.
 */
#include "config.h"

#include "proto/icmpv6.h"

#include "proto/ipv6.h"
#include "proto/wire.h"

#define ICMPV6_HEADER 4
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define ICMPV6_NS 135
#define ICMPV6_NA 136

void
icmpv6_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;

	s->layers |= 1ull << PROTO_ICMPV6;
	tree_push(d->t, "icmpv6", "Internet Control Message Protocol v6", off,
		  0);
	p = cursor_ptr(c, ICMPV6_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_ICMPV6, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	s->l4_proto = PROTO_ICMPV6;
	s->icmp_type = p[0];
	if (d->t) {
		tree_uint(d->t, "icmpv6.type", "Type", off, 1, p[0]);
		tree_uint(d->t, "icmpv6.code", "Code", off + 1, 1, p[1]);
		tree_hex(d->t, "icmpv6.checksum", "Checksum", off + 2, 2,
			 wire_be16(p + 2), 4);
		struct cursor q = *c;
		const uint8_t *e = cursor_ptr(&q, 4);
		const uint8_t *target = cursor_ptr(&q, 16);

		if ((p[0] == ICMPV6_ECHO_REQUEST || p[0] == ICMPV6_ECHO_REPLY) &&
		    e) {
			tree_hex(d->t, "icmpv6.echo.identifier", "Identifier",
				 off + 4, 2, wire_be16(e), 4);
			tree_uint(d->t, "icmpv6.echo.sequence_number",
				  "Sequence", off + 6, 2, wire_be16(e + 2));
		}
		if ((p[0] == ICMPV6_NS || p[0] == ICMPV6_NA) && target) {
			tree_ipv6(d->t, p[0] == ICMPV6_NS
					      ? "icmpv6.nd.ns.target_address"
					      : "icmpv6.nd.na.target_address",
				  "Target Address", off + 8, target);
		}
		/* Types 1-4 are errors: 4 bytes, then the packet. */
		if (p[0] >= 1 && p[0] <= 4 && cursor_skip(c, 4)) {
			d->quoted++;
			dissect_inner(c, d, ipv6_dissect);
			d->quoted--;
		}
	}
	tree_pop(d->t, c->end);
}
