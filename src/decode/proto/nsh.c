/*
 * nsh: the Network Service Header (RFC 8300 section 2): its length field
 * counts 4-byte words of the whole header, and the next protocol names
 * what follows (1 IPv4, 2 IPv6, 3 Ethernet, 5 MPLS).
 */
#include "config.h"

#include "decode/proto/nsh.h"

#include "decode/proto/ethernet.h"
#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/mpls.h"
#include "decode/proto/wire.h"

#define NSH_BASE 8

static const dissect_fn nsh_next[256] = {
	[1] = ipv4_dissect,
	[2] = ipv6_dissect,
	[3] = ethernet_dissect,
	[5] = mpls_dissect,
};

void
nsh_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p = cursor_ptr(c, NSH_BASE);
	size_t len;

	tree_push(d->t, "nsh", "Network Service Header", off, 0);
	if (!p) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	len = (wire_be16(p) & 0x3f) * 4u;
	if (d->t) {
		tree_uint(d->t, "nsh.version", "Version", off, 2, p[0] >> 6);
		tree_uint(d->t, "nsh.length", "Length", off, 2, len / 4);
		tree_uint(d->t, "nsh.mdtype", "MD Type", off + 2, 1, p[2] & 0x0f);
		tree_uint(d->t, "nsh.nextproto", "Next Protocol", off + 3, 1,
			  p[3]);
		tree_uint(d->t, "nsh.spi", "SPI", off + 4, 3,
			  wire_be32(p + 4) >> 8);
		tree_uint(d->t, "nsh.si", "SI", off + 7, 1, p[7]);
	}
	if (len < NSH_BASE) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_MALFORMED);
		tree_pop(d->t, c->pos);
		return;
	}
	if (!cursor_skip(c, len - NSH_BASE)) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_pop(d->t, c->pos);
	if (nsh_next[p[3]] && d->link_depth++ < 8)
		nsh_next[p[3]](c, d);
	else if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}
