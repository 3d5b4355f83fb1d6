/*
 * mpls: an MPLS label stack (RFC 3032). Nothing in it names the payload:
 * below the bottom label the first nibble tells IPv4 from IPv6, as
 * routers and Wireshark guess too.
 */
#include "config.h"

#include "decode/proto/mpls.h"

#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/wire.h"

/* Deeper stacks than this are not seen in practice; stop the walk. */
#define MPLS_MAX_LABELS 16

void
mpls_dissect(struct cursor *c, struct dissect *d)
{
	unsigned n = 0;
	int b;

	d->s->layers |= 1ull << PROTO_MPLS;
	for (;;) {
		size_t off = c->pos;
		const uint8_t *p;
		uint32_t e;

		tree_push(d->t, "mpls", "MultiProtocol Label Switching Header",
			  off, 4);
		p = cursor_ptr(c, 4);
		if (!p) {
			dissect_stop(d, PROTO_MPLS, DECODE_TRUNCATED);
			tree_pop(d->t, c->end);
			return;
		}
		e = wire_be32(p);
		if (d->t) {
			tree_uint(d->t, "mpls.label", "MPLS Label", off, 4,
				  e >> 12);
			tree_uint(d->t, "mpls.exp", "MPLS Experimental Bits",
				  off, 4, (e >> 9) & 7);
			tree_uint(d->t, "mpls.bottom",
				  "MPLS Bottom Of Label Stack", off, 4,
				  (e >> 8) & 1);
			tree_uint(d->t, "mpls.ttl", "MPLS TTL", off, 4,
				  e & 0xff);
		}
		if (++n > MPLS_MAX_LABELS) {
			dissect_stop(d, PROTO_MPLS, DECODE_MALFORMED);
			tree_pop(d->t, off + 4);
			return;
		}
		tree_pop(d->t, off + 4);
		if (e & 0x100)
			break;
	}
	b = cursor_peek_u8(c, 0);
	if (b < 0) {
		dissect_stop(d, PROTO_MPLS, DECODE_TRUNCATED);
		return;
	}
	if (b >> 4 == 4)
		ipv4_dissect(c, d);
	else if (b >> 4 == 6)
		ipv6_dissect(c, d);
	else if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}

const struct proto_desc mpls_proto = {
	.id = PROTO_MPLS,
	.name = "mpls",
	.label = "MPLS",
	.tree_name = "mpls",
	.layer = PROTO_LAYER_LINK,
};
