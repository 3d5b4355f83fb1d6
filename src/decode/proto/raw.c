/*
 * raw: link types with no link header at all (DLT_RAW, LINKTYPE_RAW,
 * DLT_IPV4, DLT_IPV6): the IP version nibble says which parser runs.
 */
#include "config.h"

#include "decode/proto/raw.h"

#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"

void
raw_dissect(struct cursor *c, struct dissect *d)
{
	int b = cursor_peek_u8(c, 0);

	if (b < 0) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		return;
	}
	switch (b >> 4) {
	case 4:
		ipv4_dissect(c, d);
		break;
	case 6:
		ipv6_dissect(c, d);
		break;
	default:
		if (d->s->status == DECODE_OK)
			d->s->status = DECODE_UNDECODED;
		break;
	}
}
