/*
 * ppp: PPP frames (RFC 1661) with or without HDLC-like address and
 * control bytes (RFC 1662) and with a one- or two-byte protocol field
 * (RFC 1661 section 6.5), and PPPoE session frames (RFC 2516) that carry
 * them over Ethernet.
 */
#include "config.h"

#include "decode/proto/ppp.h"

#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/mpls.h"
#include "decode/proto/wire.h"

#define PPP_ADDRESS 0xff
#define PPP_CONTROL 0x03
#define PPPOE_HEADER 6

struct ppp_row {
	uint16_t protocol;
	dissect_fn fn;
};

static const struct ppp_row ppp_protocols[] = {
	{ .protocol = 0x0021, .fn = ipv4_dissect },
	{ .protocol = 0x0057, .fn = ipv6_dissect },
	{ .protocol = 0x0281, .fn = mpls_dissect },
	{ .protocol = 0x0283, .fn = mpls_dissect },
};

/* The protocol field and what follows it; C sits on the field. */
static void
ppp_dissect_protocol(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	uint16_t protocol;
	int b = cursor_peek_u8(c, 0);

	/* Protocol values are odd in their last byte: an odd first byte is
	 * a compressed one-byte field. */
	if (b >= 0 && (b & 1)) {
		cursor_skip(c, 1);
		protocol = (uint16_t)b;
	} else {
		protocol = cursor_be16(c);
	}
	if (c->err) {
		dissect_stop(d, PROTO_PPP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t)
		tree_hex(d->t, "ppp.protocol", "Protocol", off, c->pos - off,
			 protocol, 4);
	tree_pop(d->t, c->pos);
	for (size_t i = 0; i < sizeof(ppp_protocols) / sizeof(ppp_protocols[0]);
	     i++) {
		if (ppp_protocols[i].protocol == protocol) {
			ppp_protocols[i].fn(c, d);
			return;
		}
	}
	if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}

void
ppp_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;

	d->s->layers |= 1ull << PROTO_PPP;
	tree_push(d->t, "ppp", "Point-to-Point Protocol", off, 0);
	if (cursor_peek_u8(c, 0) == PPP_ADDRESS &&
	    cursor_peek_u8(c, 1) == PPP_CONTROL) {
		if (d->t) {
			tree_hex(d->t, "ppp.address", "Address", off, 1,
				 PPP_ADDRESS, 2);
			tree_hex(d->t, "ppp.control", "Control", off + 1, 1,
				 PPP_CONTROL, 2);
		}
		cursor_skip(c, 2);
	}
	ppp_dissect_protocol(c, d);
}

void
pppoe_dissect_session(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t len;

	d->s->layers |= 1ull << PROTO_PPPOE;
	tree_push(d->t, "pppoes", "PPP-over-Ethernet Session", off,
		  PPPOE_HEADER);
	p = cursor_ptr(c, PPPOE_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_PPPOE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	len = wire_be16(p + 4);
	if (d->t) {
		tree_uint(d->t, "pppoe.version", "Version", off, 1, p[0] >> 4);
		tree_uint(d->t, "pppoe.type", "Type", off, 1, p[0] & 0x0f);
		tree_hex(d->t, "pppoe.code", "Code", off + 1, 1, p[1], 2);
		tree_hex(d->t, "pppoe.session_id", "Session ID", off + 2, 2,
			 wire_be16(p + 2), 4);
		tree_uint(d->t, "pppoe.payload_length", "Payload Length",
			  off + 4, 2, len);
	}
	tree_pop(d->t, off + PPPOE_HEADER);
	/* The PPPoE length ends the PPP frame; Ethernet padding follows. */
	cursor_limit(c, len);
	d->s->layers |= 1ull << PROTO_PPP;
	tree_push(d->t, "ppp", "Point-to-Point Protocol", c->pos, 0);
	ppp_dissect_protocol(c, d);
}

/* Its subtree is Wireshark's "pppoes", which the marks spell PPPOES. */
const struct proto_desc pppoe_proto = {
	.id = PROTO_PPPOE,
	.name = "pppoe",
	.label = "PPPoE",
	.layer = PROTO_LAYER_LINK,
};

const struct proto_desc ppp_proto = {
	.id = PROTO_PPP,
	.name = "ppp",
	.label = "PPP",
	.tree_name = "ppp",
	.layer = PROTO_LAYER_LINK,
};
