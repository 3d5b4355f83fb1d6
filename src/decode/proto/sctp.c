/*
 * sctp: the SCTP common header (RFC 9260 section 3.1) and the chunk list
 * behind it (section 3.2): type, flags, length, padded to 4 bytes.
 */
#include "config.h"

#include "decode/proto/sctp.h"

#include "decode/proto/wire.h"

#define SCTP_HEADER 12
#define SCTP_CHUNK_HEADER 4

/* Tree only: one subtree per chunk. */
static void
sctp_tree_chunks(struct dissect *d, struct cursor *c)
{
	while (cursor_has(c, SCTP_CHUNK_HEADER)) {
		size_t off = c->pos;
		const uint8_t *p = cursor_ptr(c, SCTP_CHUNK_HEADER);
		uint16_t len;

		if (!p)
			return;
		len = wire_be16(p + 2);
		tree_push(d->t, "sctp.chunk", "Chunk", off, len);
		tree_uint(d->t, "sctp.chunk_type", "Chunk type", off, 1, p[0]);
		tree_hex(d->t, "sctp.chunk_flags", "Chunk flags", off + 1, 1,
			 p[1], 2);
		tree_uint(d->t, "sctp.chunk_length", "Chunk length", off + 2, 2,
			  len);
		if (len < SCTP_CHUNK_HEADER) {
			tree_flag(d->t, TREE_FLAG_MALFORMED);
			tree_pop(d->t, c->pos);
			return;
		}
		/* Chunks are padded to a multiple of 4; the last one may
		 * omit its padding. */
		if (!cursor_skip(c, ((size_t)len + 3) / 4 * 4 - SCTP_CHUNK_HEADER))
			cursor_skip(c, cursor_left(c));
		tree_pop(d->t, c->pos);
	}
}

void
sctp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;

	s->layers |= 1ull << PROTO_SCTP;
	tree_push(d->t, "sctp", "Stream Control Transmission Protocol", off, 0);
	tree_column(d->t, PROTO_SCTP, false);
	if (!cursor_has(c, SCTP_HEADER)) {
		struct cursor q = *c;

		if (cursor_left(&q) >= 4) {
			s->sport = cursor_be16(&q);
			s->dport = cursor_be16(&q);
			s->l4_proto = PROTO_SCTP;
		}
		dissect_stop(d, PROTO_SCTP, off + SCTP_HEADER > d->ip_end
						    ? DECODE_MALFORMED
						    : DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	p = cursor_ptr(c, SCTP_HEADER);
	s->sport = wire_be16(p);
	s->dport = wire_be16(p + 2);
	s->l4_proto = PROTO_SCTP;
	if (d->t) {
		int sp = tree_uint(d->t, "sctp.srcport", "Source port", off, 2,
				   s->sport);
		int dp = tree_uint(d->t, "sctp.dstport", "Destination port",
				   off + 2, 2, s->dport);

		tree_title(d->t, "Src Port", sp, "Dst Port", dp);
		tree_hex(d->t, "sctp.verification_tag", "Verification tag",
			 off + 4, 4, wire_be32(p + 4), 8);
		tree_hide(d->t, tree_uint(d->t, "sctp.port", "Port", off, 2,
					  s->sport));
		tree_hide(d->t, tree_uint(d->t, "sctp.port", "Port", off + 2,
					  2, s->dport));
		tree_hex(d->t, "sctp.checksum", "Checksum", off + 8, 4,
			 wire_be32(p + 8), 8);
		sctp_tree_chunks(d, c);
	}
	tree_pop(d->t, c->end);
}

const struct proto_desc sctp_proto = {
	.id = PROTO_SCTP,
	.name = "sctp",
	.label = "SCTP",
	.tree_name = "sctp",
	.column = "SCTP",
	.layer = PROTO_LAYER_TRANSPORT,
};
