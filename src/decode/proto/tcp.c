/*
 * tcp: the TCP header (RFC 9293 section 3.1) and its options (kinds from
 * the IANA registry: MSS, window scale RFC 7323, SACK RFC 2018,
 * timestamps RFC 7323). The data offset bounds the options; the rest of
 * the IP payload is the segment's data.
 */
#include "config.h"

#include "decode/proto/tcp.h"

#include "decode/flowstate.h"
#include "decode/proto/wire.h"

#define TCP_HEADER 20
#define TCP_OPT_END 0
#define TCP_OPT_NOP 1
#define TCP_OPT_MSS 2
#define TCP_OPT_WSCALE 3
#define TCP_OPT_SACK_PERM 4
#define TCP_OPT_SACK 5
#define TCP_OPT_TIMESTAMP 8

struct tcp_flag_row {
	const char *field;
	const char *label;
	uint16_t mask;
};

static const struct tcp_flag_row tcp_flags[] = {
	{ "tcp.flags.ae", "Accurate ECN", 0x100 },
	{ "tcp.flags.cwr", "Congestion Window Reduced", 0x080 },
	{ "tcp.flags.ece", "ECN-Echo", 0x040 },
	{ "tcp.flags.urg", "Urgent", 0x020 },
	{ "tcp.flags.ack", "Acknowledgment", 0x010 },
	{ "tcp.flags.push", "Push", 0x008 },
	{ "tcp.flags.reset", "Reset", 0x004 },
	{ "tcp.flags.syn", "Syn", 0x002 },
	{ "tcp.flags.fin", "Fin", 0x001 },
};

/* Tree only: option kinds and the values people read. */
static void
tcp_tree_options(struct tree *t, struct cursor *o)
{
	while (cursor_has(o, 1)) {
		size_t off = o->pos;
		uint8_t kind = cursor_u8(o);
		struct cursor v;
		unsigned len;

		tree_uint(t, "tcp.option_kind", "Kind", off, 1, kind);
		if (kind == TCP_OPT_END)
			return;
		if (kind == TCP_OPT_NOP)
			continue;
		len = cursor_u8(o);
		if (o->err || len < 2 || cursor_left(o) < len - 2) {
			tree_flag(t, TREE_FLAG_MALFORMED);
			return;
		}
		tree_uint(t, "tcp.option_len", "Length", off + 1, 1, len);
		v = cursor_sub(o, len - 2);
		cursor_skip(o, len - 2);
		switch (kind) {
		case TCP_OPT_MSS:
			if (len == 4)
				tree_uint(t, "tcp.options.mss_val", "MSS Value",
					  off + 2, 2, cursor_be16(&v));
			break;
		case TCP_OPT_WSCALE:
			if (len == 3) {
				uint8_t shift = cursor_u8(&v);

				tree_uint(t, "tcp.options.wscale.shift",
					  "Shift count", off + 2, 1, shift);
				tree_uint(t, "tcp.options.wscale.multiplier",
					  "Multiplier", off + 2, 1,
					  shift < 15 ? 1u << shift : 1u << 14);
			}
			break;
		case TCP_OPT_SACK_PERM:
			tree_do_add(t, "tcp.options.sack_perm", "SACK permitted",
				    off, len, "%s", "");
			break;
		case TCP_OPT_SACK:
			for (size_t b = off + 2; cursor_left(&v) >= 8; b += 8) {
				tree_uint(t, "tcp.options.sack_le", "left edge",
					  b, 4, cursor_be32(&v));
				tree_uint(t, "tcp.options.sack_re", "right edge",
					  b + 4, 4, cursor_be32(&v));
			}
			break;
		case TCP_OPT_TIMESTAMP:
			if (len == 10) {
				tree_uint(t, "tcp.options.timestamp.tsval",
					  "Timestamp value", off + 2, 4,
					  cursor_be32(&v));
				tree_uint(t, "tcp.options.timestamp.tsecr",
					  "Timestamp echo reply", off + 6, 4,
					  cursor_be32(&v));
			}
			break;
		default:
			break;
		}
	}
}

static void
tcp_tree_header(struct tree *t, size_t off, const uint8_t *p,
		unsigned hlen, size_t seglen)
{
	uint16_t flags = wire_be16(p + 12) & 0x0fff;

	int sp = tree_uint(t, "tcp.srcport", "Source Port", off, 2,
			   wire_be16(p));
	int dp = tree_uint(t, "tcp.dstport", "Destination Port", off + 2, 2,
			   wire_be16(p + 2));

	tree_title(t, "Src Port", sp, "Dst Port", dp);
	tree_uint(t, "tcp.port", "Source or Destination Port", off, 2,
		  wire_be16(p));
	tree_uint(t, "tcp.port", "Source or Destination Port", off + 2, 2,
		  wire_be16(p + 2));
	/* Wireshark leaves the length out of a header quoted by ICMP. */
	if (seglen != (size_t)-1)
		tree_uint(t, "tcp.len", "TCP Segment Len", off, 0, seglen);
	tree_uint(t, "tcp.seq_raw", "Sequence Number (raw)", off + 4, 4,
		  wire_be32(p + 4));
	tree_uint(t, "tcp.ack_raw", "Acknowledgment number (raw)", off + 8, 4,
		  wire_be32(p + 8));
	tree_uint(t, "tcp.hdr_len", "Header Length", off + 12, 1, hlen);
	if (hlen < TCP_HEADER)
		return; /* Wireshark stops at a bogus header length too */
	tree_hex(t, "tcp.flags", "Flags", off + 12, 2, flags, 4);
	tree_uint(t, "tcp.flags.res", "Reserved", off + 12, 1, flags >> 9);
	for (size_t i = 0; i < sizeof(tcp_flags) / sizeof(tcp_flags[0]); i++)
		tree_uint(t, tcp_flags[i].field, tcp_flags[i].label, off + 12,
			  2, (flags & tcp_flags[i].mask) != 0);
	tree_uint(t, "tcp.window_size_value", "Window", off + 14, 2,
		  wire_be16(p + 14));
	tree_hex(t, "tcp.checksum", "Checksum", off + 16, 2,
		 wire_be16(p + 16), 4);
	tree_uint(t, "tcp.urgent_pointer", "Urgent Pointer", off + 18, 2,
		  wire_be16(p + 18));
}

/* Tree only: the fields of a header cut short, as far as they go. */
static void
tcp_tree_partial(struct tree *t, size_t off, struct cursor *q,
		 const struct decode_summary *s)
{
	int sp = tree_uint(t, "tcp.srcport", "Source Port", off, 2, s->sport);
	int dp = tree_uint(t, "tcp.dstport", "Destination Port", off + 2, 2,
			   s->dport);

	tree_title(t, "Src Port", sp, "Dst Port", dp);
	uint16_t w;

	/* Each field follows the last: one cut short ends the list (a
	 * later read would take its bytes for the next field's). */
	if (cursor_left(q) < 4)
		return;
	tree_uint(t, "tcp.seq_raw", "Sequence Number (raw)", off + 4, 4,
		  cursor_be32(q));
	if (cursor_left(q) < 4)
		return;
	tree_uint(t, "tcp.ack_raw", "Acknowledgment number (raw)", off + 8, 4,
		  cursor_be32(q));
	if (cursor_left(q) < 2)
		return;
	w = cursor_be16(q);
	tree_uint(t, "tcp.hdr_len", "Header Length", off + 12, 1,
		  (w >> 12) * 4u);
	if ((w >> 12) * 4u < TCP_HEADER)
		return;
	tree_hex(t, "tcp.flags", "Flags", off + 12, 2, w & 0x0fff, 4);
	if (cursor_left(q) >= 2)
		tree_uint(t, "tcp.window_size_value", "Window", off + 14, 2,
			  cursor_be16(q));
}

void
tcp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;
	unsigned hlen;
	size_t seglen;

	s->layers |= 1ull << PROTO_TCP;
	tree_push(d->t, "tcp", "Transmission Control Protocol", off, 0);
	if (!cursor_has(c, TCP_HEADER)) {
		/* The ports alone still name the connection. */
		struct cursor q = *c;

		if (cursor_left(&q) >= 4) {
			s->sport = cursor_be16(&q);
			s->dport = cursor_be16(&q);
			s->l4_proto = PROTO_TCP;
			if (d->t)
				tcp_tree_partial(d->t, off, &q, s);
		}
		dissect_stop(d, PROTO_TCP, off + TCP_HEADER > d->ip_end
						   ? DECODE_MALFORMED
						   : DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	p = cursor_ptr(c, TCP_HEADER);
	s->sport = wire_be16(p);
	s->dport = wire_be16(p + 2);
	s->l4_proto = PROTO_TCP;
	s->tcp_flags = p[13];
	hlen = (p[12] >> 4) * 4u;
	seglen = d->ip_end > off + hlen ? d->ip_end - off - hlen : 0;
	if (d->t)
		tcp_tree_header(d->t, off, p, hlen,
				d->quoted ? (size_t)-1 : seglen);
	if (hlen < TCP_HEADER) {
		dissect_stop(d, PROTO_TCP, DECODE_MALFORMED);
		tree_pop(d->t, off + TCP_HEADER);
		return;
	}
	if (off + hlen > d->ip_end) {
		/* The options would run past the IP datagram. */
		dissect_stop(d, PROTO_TCP, DECODE_MALFORMED);
		tree_pop(d->t, c->end);
		return;
	}
	if (hlen > TCP_HEADER) {
		struct cursor o = cursor_sub(c, hlen - TCP_HEADER);

		if (!cursor_skip(c, hlen - TCP_HEADER)) {
			dissect_stop(d, PROTO_TCP, DECODE_TRUNCATED);
			tree_pop(d->t, c->end);
			return;
		}
		if (d->t)
			tcp_tree_options(d->t, &o);
	}
	tree_pop(d->t, off + hlen);
	d->tcp_again = d->fs && d->t && !d->quoted &&
		       flowstate_tcp_again(d->fs, s, p, seglen);
	dissect_payload(c, d);
	d->tcp_again = false;
}

const struct proto_desc tcp_proto = {
	.id = PROTO_TCP,
	.name = "tcp",
	.label = "TCP",
	.tree_name = "tcp",
	.column = "TCP",
	.layer = PROTO_LAYER_TRANSPORT,
};
