/*
 * ah: IP Authentication Header (RFC 4302 section 2). Its length counts
 * 4-octet units minus 2; the protected upper layer follows it in clear,
 * so the walk goes on to the next header.
 */
#include "config.h"

#include "decode/proto/ah.h"

#include "decode/proto/wire.h"

#define AH_MIN 12

void
ah_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	int len = cursor_peek_u8(c, 1);
	const uint8_t *p;
	size_t total;

	d->s->layers |= 1ull << PROTO_AH;
	tree_push(d->t, "ah", "Authentication Header", off, 0);
	if (len < 0) {
		dissect_stop(d, PROTO_AH, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	total = ((size_t)len + 2) * 4;
	if (total < AH_MIN) {
		dissect_stop(d, PROTO_AH, DECODE_MALFORMED);
		tree_pop(d->t, c->end);
		return;
	}
	p = cursor_ptr(c, total);
	if (!p) {
		dissect_stop(d, PROTO_AH, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t) {
		tree_uint(d->t, "ah.next_header", "Next header", off, 1, p[0]);
		tree_uint(d->t, "ah.length", "Length", off + 1, 1, p[1]);
		tree_hex(d->t, "ah.spi", "AH SPI", off + 4, 4, wire_be32(p + 4),
			 8);
		tree_uint(d->t, "ah.sequence", "AH Sequence", off + 8, 4,
			  wire_be32(p + 8));
	}
	tree_pop(d->t, off + total);
	d->s->l4 = p[0];
	dissect_ipproto(c, d, p[0]);
}

/* ESP (RFC 4303) is counted by its IP protocol number only; its payload
 * is encrypted, so it has no parser or subtree. */
const struct proto_desc esp_proto = {
	.id = PROTO_ESP,
	.name = "esp",
	.label = "ESP",
	.layer = PROTO_LAYER_TRANSPORT,
};

const struct proto_desc ah_proto = {
	.id = PROTO_AH,
	.name = "ah",
	.label = "AH",
	.tree_name = "ah",
	.layer = PROTO_LAYER_NETWORK,
};
