/*
 * arista: the timestamp tag Arista switches insert after the MAC
 * addresses (EtherType 0xd28b, sub-type 1). The low byte of the version
 * says the timestamp size (0x10: 32-bit seconds, 0x20: 16-bit seconds,
 * each with 32-bit nanoseconds); the high byte TAI (0) or UTC (1). The
 * original EtherType follows. Layout as Wireshark's packet-arista.c
 * names it.
 */
#include "config.h"

#include "decode/proto/arista.h"

#include "decode/proto/wire.h"

#define ARISTA_SUBTYPE_TIMESTAMP 1

void
arista_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p = cursor_ptr(c, 4);
	uint16_t ver, type;
	size_t ts;

	tree_push(d->t, "avsp", "Arista Vendor Specific Protocol", off, 0);
	if (!p) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	ver = wire_be16(p + 2);
	if (d->t) {
		tree_uint(d->t, "avsp.sub_type", "Sub Type", off, 2,
			  wire_be16(p));
		tree_hex(d->t, "avsp.ver", "Version", off + 2, 2, ver, 4);
	}
	ts = (ver & 0xff) == 0x10 ? 8 : (ver & 0xff) == 0x20 ? 6 : 0;
	if (wire_be16(p) != ARISTA_SUBTYPE_TIMESTAMP || ts == 0 ||
	    (ver >> 8) > 1) {
		tree_pop(d->t, c->pos);
		if (d->s->status == DECODE_OK)
			d->s->status = DECODE_UNDECODED;
		return;
	}
	if (!cursor_skip(c, ts)) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	type = cursor_be16(c);
	if (c->err) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t)
		tree_hex(d->t, "avsp.etype", "Type", c->pos - 2, 2, type, 4);
	tree_pop(d->t, c->pos);
	dissect_ethertype(c, d, type);
}
