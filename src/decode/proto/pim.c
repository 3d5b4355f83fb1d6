/*
 * pim: the PIMv2 common header (RFC 7761 section 4.9). A Register
 * (type 1) wraps the multicast packet a first-hop router tunnels to the
 * rendezvous point; the drill-down shows it like tshark, the summary
 * stays on the outer IP.
 */
#include "config.h"

#include "decode/proto/pim.h"

#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/wire.h"

#define PIM_HEADER 4
#define PIM_REGISTER 1
#define PIM_REGISTER_FLAGS 4

static void
pim_dissect_tree(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	int b;

	tree_push(d->t, "pim", "Protocol Independent Multicast", off, 0);
	p = cursor_ptr(c, PIM_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_uint(d->t, "pim.version", "Version", off, 1, p[0] >> 4);
	tree_uint(d->t, "pim.type", "Type", off, 1, p[0] & 0x0f);
	tree_hex(d->t, "pim.cksum", "Checksum", off + 2, 2, wire_be16(p + 2),
		 4);
	if (p[0] != (2 << 4 | PIM_REGISTER) ||
	    !cursor_skip(c, PIM_REGISTER_FLAGS)) {
		tree_pop(d->t, c->end);
		return;
	}
	b = cursor_peek_u8(c, 0);
	if (b >> 4 == 4)
		ipv4_dissect(c, d);
	else if (b >> 4 == 6)
		ipv6_dissect(c, d);
	tree_pop(d->t, c->end);
}

void
pim_dissect(struct cursor *c, struct dissect *d)
{
	if (d->t)
		dissect_inner(c, d, pim_dissect_tree);
}
