/*
 * macsec: the IEEE 802.1AE SecTAG. With integrity only (neither E nor C
 * set) the original EtherType and payload follow in clear, then a 16-byte
 * ICV; an encrypted payload ends the walk.
 */
#include "config.h"

#include "decode/proto/macsec.h"

#include "decode/proto/wire.h"

#define MACSEC_TCI_SC 0x20
#define MACSEC_TCI_E 0x08
#define MACSEC_TCI_C 0x04
#define MACSEC_ICV 16

void
macsec_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p = cursor_ptr(c, 6);
	uint16_t type;
	uint8_t tci;

	tree_push(d->t, "macsec", "802.1AE Security tag", off, 0);
	if (!p) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tci = p[0];
	if (d->t) {
		tree_hex(d->t, "macsec.TCI", "TCI", off, 1, tci >> 2, 2);
		tree_hex(d->t, "macsec.AN", "AN", off, 1, tci & 3, 2);
		tree_uint(d->t, "macsec.SL", "Short length", off + 1, 1, p[1]);
		tree_uint(d->t, "macsec.PN", "Packet number", off + 2, 4,
			  wire_be32(p + 2));
	}
	if ((tci & MACSEC_TCI_SC) && !cursor_skip(c, 8)) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (tci & (MACSEC_TCI_E | MACSEC_TCI_C)) {
		tree_pop(d->t, c->pos);
		if (d->s->status == DECODE_OK)
			d->s->status = DECODE_UNDECODED;
		return;
	}
	type = cursor_be16(c);
	if (c->err) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t)
		tree_hex(d->t, "macsec.etype", "Ethertype", c->pos - 2, 2, type,
			 4);
	tree_pop(d->t, c->pos);
	dissect_ethertype(c, d, type);
}
