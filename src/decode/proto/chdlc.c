/*
 * chdlc: Cisco HDLC, as serial-line captures store it (pcap-linktype(7),
 * LINKTYPE_C_HDLC): address (0x0f unicast, 0x8f broadcast), control,
 * then an EtherType.
 */
#include "config.h"

#include "decode/proto/chdlc.h"

#include "decode/proto/wire.h"

#define CHDLC_HEADER 4

void
chdlc_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t type;

	tree_push(d->t, "chdlc", "Cisco HDLC", off, CHDLC_HEADER);
	p = cursor_ptr(c, CHDLC_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	type = wire_be16(p + 2);
	if (d->t) {
		tree_hex(d->t, "chdlc.address", "Address", off, 1, p[0], 2);
		tree_hex(d->t, "chdlc.control", "Control", off + 1, 1, p[1], 2);
		tree_hex(d->t, "chdlc.protocol", "Protocol", off + 2, 2, type, 4);
	}
	tree_pop(d->t, off + CHDLC_HEADER);
	dissect_ethertype(c, d, type);
}
