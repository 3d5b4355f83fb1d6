/*
 * llc: IEEE 802.2 LLC headers and the SNAP extension (RFC 1042) that puts
 * an EtherType behind them. Other SAPs (STP, IS-IS, CDP, ...) end the walk
 * as undecoded.
 */
#include "config.h"

#include "decode/proto/llc.h"

#include "decode/proto/wire.h"

#define LLC_SAP_SNAP 0xaa
#define LLC_CONTROL_UI 0x03
#define LLC_OUI_CISCO 0x00000c

void
llc_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	unsigned control;
	size_t clen;
	int b;

	d->s->layers |= 1ull << PROTO_LLC;
	tree_push(d->t, "llc", "Logical-Link Control", off, 0);
	p = cursor_ptr(c, 2);
	b = cursor_peek_u8(c, 0);
	if (!p || b < 0) {
		dissect_stop(d, PROTO_LLC, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	/* U frames have a one-byte control field, I and S frames two. */
	clen = (b & 3) == 3 ? 1 : 2;
	control = clen == 1 ? cursor_u8(c) : cursor_le16(c);
	if (c->err) {
		dissect_stop(d, PROTO_LLC, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t) {
		tree_hex(d->t, "llc.dsap", "DSAP", off, 1, p[0], 2);
		tree_hex(d->t, "llc.ssap", "SSAP", off + 1, 1, p[1], 2);
		tree_hex(d->t, "llc.control", "Control field", off + 2, clen,
			 control, 4);
	}
	if (p[0] == LLC_SAP_SNAP && p[1] == LLC_SAP_SNAP &&
	    control == LLC_CONTROL_UI) {
		const uint8_t *q = cursor_ptr(c, 5);
		uint32_t oui;
		uint16_t pid;

		if (!q) {
			dissect_stop(d, PROTO_LLC, DECODE_TRUNCATED);
			tree_pop(d->t, c->end);
			return;
		}
		oui = (uint32_t)q[0] << 16 | (uint32_t)q[1] << 8 | q[2];
		pid = wire_be16(q + 3);
		if (d->t) {
			tree_uint(d->t, "llc.oui", "Organization Code", off + 3,
				  3, oui);
			/* Wireshark names the PID by the OUI's registry:
			 * EtherTypes under 0, Cisco's own under 00:00:0c. */
			const char *field =
				oui == 0 ? TREE_FIELD(FIELD_UINT, "llc.type")
				: oui == LLC_OUI_CISCO
					? TREE_FIELD(FIELD_UINT, "llc.cisco_pid")
					: TREE_FIELD(FIELD_UINT, "llc.pid");

			tree_hex(d->t, field, "PID", off + 6, 2, pid, 4);
		}
		tree_pop(d->t, c->pos);
		/* OUI 0: the PID is an EtherType (RFC 1042). */
		if (oui == 0) {
			dissect_ethertype(c, d, pid);
			return;
		}
	} else {
		tree_pop(d->t, c->pos);
	}
	if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}

const struct proto_desc llc_proto = {
	.id = PROTO_LLC,
	.name = "llc",
	.label = "LLC",
	.tree_name = "llc",
	.layer = PROTO_LAYER_LINK,
};
