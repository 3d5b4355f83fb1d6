/*
 * loop: the 4-byte address family in front of BSD loopback frames.
 * DLT_NULL writes it in the capturing host's byte order, DLT_LOOP in
 * network order; AF_INET6 differs by BSD (24 NetBSD/OpenBSD, 28 FreeBSD,
 * 30 Darwin), see pcap-linktype(7).
 */
#include "config.h"

#include "decode/proto/loop.h"

#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/wire.h"

struct loop_family_row {
	uint32_t af;
	dissect_fn fn;
};

static const struct loop_family_row loop_families[] = {
	{ .af = 2, .fn = ipv4_dissect },
	{ .af = 24, .fn = ipv6_dissect },
	{ .af = 28, .fn = ipv6_dissect },
	{ .af = 30, .fn = ipv6_dissect },
};

static void
loop_dissect_af(struct cursor *c, struct dissect *d, bool network_order)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint32_t af;

	d->s->layers |= 1ull << PROTO_LOOP;
	tree_push(d->t, "null", "Null/Loopback", off, 4);
	p = cursor_ptr(c, 4);
	if (!p) {
		dissect_stop(d, PROTO_LOOP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	af = wire_be32(p);
	/* Host order from a little-endian machine: the family sits in the
	 * first byte and the value read big-endian is huge. */
	if (!network_order && (af & 0xffff) == 0)
		af = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
		     (uint32_t)p[1] << 8 | p[0];
	tree_uint(d->t, "null.family", "Family", off, 4, af);
	tree_pop(d->t, off + 4);
	for (size_t i = 0; i < sizeof(loop_families) / sizeof(loop_families[0]);
	     i++) {
		if (loop_families[i].af == af) {
			loop_families[i].fn(c, d);
			return;
		}
	}
	if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}

void
loop_dissect_null(struct cursor *c, struct dissect *d)
{
	loop_dissect_af(c, d, false);
}

void
loop_dissect_loop(struct cursor *c, struct dissect *d)
{
	loop_dissect_af(c, d, true);
}

/* Its subtree is Wireshark's "null", which the marks spell NULL. */
const struct proto_desc loop_proto = {
	.id = PROTO_LOOP,
	.name = "loop",
	.label = "BSD loopback",
	.layer = PROTO_LAYER_LINK,
};
