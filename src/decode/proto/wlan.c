/*
 * wlan: IEEE 802.11 frames as monitor-mode captures store them
 * (LINKTYPE_IEEE802_11, and LINKTYPE_IEEE802_11_RADIOTAP with the
 * radiotap header of radiotap.org in front). Only unprotected data frames
 * carry something pktop reads: their body is LLC/SNAP (IEEE 802.11-2020
 * section 9.3.2). Management, control, protected and null frames end the
 * walk as undecoded. Multi-byte fields are little-endian here.
 */
#include "config.h"

#include "decode/proto/wlan.h"

#include "decode/proto/llc.h"

#define WLAN_HEADER 24
#define WLAN_TYPE_CONTROL 1
#define WLAN_TYPE_DATA 2
#define WLAN_TO_DS 0x01
#define WLAN_FROM_DS 0x02
#define WLAN_PROTECTED 0x40
#define WLAN_ORDER 0x80
#define WLAN_SUBTYPE_QOS 0x8
#define WLAN_SUBTYPE_NULL 0x4
#define WLAN_QOS_AMSDU 0x80
#define RADIOTAP_HEADER 8
#define RADIOTAP_EXT (1u << 31)
#define RADIOTAP_TSFT (1u << 0)
#define RADIOTAP_FLAGS (1u << 1)
#define RADIOTAP_FLAG_FCS 0x10
#define WLAN_FCS 4

static void
wlan_undecoded(struct dissect *d)
{
	if (d->s->status == DECODE_OK)
		d->s->status = DECODE_UNDECODED;
}

static void
wlan_tree_header(struct tree *t, size_t off, const uint8_t *p, size_t n,
		 unsigned type_subtype)
{
	tree_hex(t, "wlan.fc.type_subtype", "Type/Subtype", off, 1,
		 type_subtype, 4);
	tree_hex(t, "wlan.flags", "Flags", off + 1, 1, p[1], 2);
	if (n >= 4)
		tree_uint(t, "wlan.duration", "Duration", off + 2, 2,
			  (unsigned)(p[3] << 8 | p[2]));
	if (n >= 10)
		tree_mac(t, "wlan.ra", "Receiver address", off + 4, p + 4);
	if (n >= 16)
		tree_mac(t, "wlan.ta", "Transmitter address", off + 10, p + 10);
	if (n >= WLAN_HEADER && type_subtype >> 4 != WLAN_TYPE_CONTROL) {
		tree_uint(t, "wlan.frag", "Fragment number", off + 22, 2,
			  p[22] & 0x0f);
		tree_uint(t, "wlan.seq", "Sequence number", off + 22, 2,
			  (unsigned)(p[23] << 4 | p[22] >> 4));
	}
}

void
wlan_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	unsigned type, subtype, flags;
	size_t len = WLAN_HEADER;

	struct cursor q = *c;
	size_t n = cursor_left(c) < WLAN_HEADER ? cursor_left(c) : WLAN_HEADER;

	tree_push(d->t, "wlan", "IEEE 802.11", off, 0);
	/* Control frames are shorter than the data header: read what the
	 * frame has, field by field. */
	p = cursor_ptr(&q, n);
	if (!p || n < 2) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	type = (p[0] >> 2) & 3;
	subtype = p[0] >> 4;
	flags = p[1];
	if (d->t)
		wlan_tree_header(d->t, off, p, n, type << 4 | subtype);
	if (type != WLAN_TYPE_DATA || (subtype & WLAN_SUBTYPE_NULL) ||
	    (flags & WLAN_PROTECTED)) {
		tree_pop(d->t, off + n);
		wlan_undecoded(d);
		return;
	}
	if (!cursor_skip(c, WLAN_HEADER)) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	/* A fourth address between access points, QoS control on QoS
	 * data, HT control when QoS frames set the order bit. */
	if ((flags & (WLAN_TO_DS | WLAN_FROM_DS)) == (WLAN_TO_DS | WLAN_FROM_DS))
		len += 6;
	if (subtype & WLAN_SUBTYPE_QOS) {
		int qos = cursor_peek_u8(c, len - WLAN_HEADER);

		if (qos >= 0 && (qos & WLAN_QOS_AMSDU)) {
			tree_pop(d->t, c->pos);
			wlan_undecoded(d);
			return;
		}
		len += 2;
		if (flags & WLAN_ORDER)
			len += 4;
	}
	if (!cursor_skip(c, len - WLAN_HEADER)) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_pop(d->t, c->pos);
	llc_dissect(c, d);
}

/* Radiotap: version, pad, length (LE), then present-bit words; the FCS
 * flag says the 802.11 frame ends in 4 bytes of checksum. Only TSFT (8
 * bytes, 8-aligned) may come before the flags byte. */
void
wlan_dissect_radiotap(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	struct cursor h;
	uint32_t present, word;
	unsigned len, flags = 0;

	tree_push(d->t, "radiotap", "Radiotap Header", off, 0);
	h = *c;
	cursor_skip(&h, 2);
	len = cursor_le16(&h);
	present = word = cursor_le32(&h);
	if (h.err || len < RADIOTAP_HEADER) {
		dissect_stop(d, PROTO_NONE, h.err ? DECODE_TRUNCATED
						  : DECODE_MALFORMED);
		tree_pop(d->t, c->end);
		return;
	}
	h = cursor_sub(c, len);
	cursor_skip(&h, RADIOTAP_HEADER);
	while (word & RADIOTAP_EXT) {
		word = cursor_le32(&h);
		if (h.err)
			break;
	}
	if (present & RADIOTAP_TSFT) {
		size_t pad = (8 - (h.pos - off) % 8) % 8;

		cursor_skip(&h, pad + 8);
	}
	if (present & RADIOTAP_FLAGS)
		flags = cursor_u8(&h);
	if (d->t) {
		tree_uint(d->t, "radiotap.length", "Header length", off + 2, 2,
			  len);
		tree_hex(d->t, "radiotap.present.word", "Present flags", off + 4,
			 4, present, 8);
		if (present & RADIOTAP_FLAGS && !h.err)
			tree_hex(d->t, "radiotap.flags", "Flags", h.pos - 1, 1,
				 flags, 2);
	}
	if (!cursor_skip(c, len)) {
		dissect_stop(d, PROTO_NONE, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tree_pop(d->t, c->pos);
	/* The checksum is not part of the frame's body; drop it when the
	 * capture holds the frame whole. */
	if ((flags & RADIOTAP_FLAG_FCS) && c->end == d->wirelen &&
	    cursor_left(c) >= WLAN_FCS)
		cursor_limit(c, cursor_left(c) - WLAN_FCS);
	wlan_dissect(c, d);
}
