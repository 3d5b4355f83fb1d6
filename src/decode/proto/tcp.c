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

/* Tree only: what the packet list's Info shows, as the walk found it:
 * the nodes of the fields (-1: not in the tree) and their values. */
struct tcp_info {
	int sport, dport, len, seq, ack, flags, win;
	int mss, sack_perm, tsval, tsecr, wscale; /* the first of each */
	uint16_t sport_v, dport_v, flags_v;
	uint8_t wscale_v;
	size_t len_v;
};

/* The first node of an option kind wins, as the Info column reads it. */
static void
tcp_info_first(int *slot, int node)
{
	if (*slot < 0)
		*slot = node;
}

const char *const tcp_flag_names[TCP_FLAG_NAMES] = {
	"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE",
};

/* The Info text tshark shows for a segment: ports, flags, raw sequence
 * numbers (relative ones only for a SYN, whose are known), window,
 * length and the handshake's options. */
static void
tcp_info_write(struct tree *t, const struct tcp_info *ti)
{
	unsigned flags = ti->flags >= 0 ? ti->flags_v : 0;
	bool first = true;

	tree_info(t, PROTO_TCP, "%u \xe2\x86\x92 %u",
		  ti->sport >= 0 ? ti->sport_v : 0,
		  ti->dport >= 0 ? ti->dport_v : 0);
	tree_info(t, PROTO_TCP, " [");
	for (size_t k = 0; k < TCP_FLAG_NAMES; k++) {
		if (!(flags & (1u << k)))
			continue;
		tree_info(t, PROTO_TCP, "%s%s", first ? "" : ", ",
			  tcp_flag_names[k]);
		first = false;
	}
	tree_info(t, PROTO_TCP, "%s]", first ? "<None>" : "");
	if (flags & 0x02) {
		tree_info(t, PROTO_TCP, " Seq=0");
		if (flags & 0x10)
			tree_info(t, PROTO_TCP, " Ack=1");
	} else {
		if (ti->seq >= 0) {
			tree_info(t, PROTO_TCP, " Seq=");
			tree_info_node(t, PROTO_TCP, ti->seq);
		}
		if ((flags & 0x10) && ti->ack >= 0) {
			tree_info(t, PROTO_TCP, " Ack=");
			tree_info_node(t, PROTO_TCP, ti->ack);
		}
	}
	if (ti->win >= 0) {
		tree_info(t, PROTO_TCP, " Win=");
		tree_info_node(t, PROTO_TCP, ti->win);
	}
	tree_info(t, PROTO_TCP, " Len=%zu", ti->len >= 0 ? ti->len_v : 0);
	if (ti->mss >= 0) {
		tree_info(t, PROTO_TCP, " MSS=");
		tree_info_node(t, PROTO_TCP, ti->mss);
	}
	if (ti->sack_perm >= 0)
		tree_info(t, PROTO_TCP, " SACK_PERM");
	if (ti->tsval >= 0) {
		tree_info(t, PROTO_TCP, " TSval=");
		tree_info_node(t, PROTO_TCP, ti->tsval);
	}
	if (ti->tsecr >= 0) {
		tree_info(t, PROTO_TCP, " TSecr=");
		tree_info_node(t, PROTO_TCP, ti->tsecr);
	}
	if (ti->wscale >= 0 && ti->wscale_v <= 14)
		tree_info(t, PROTO_TCP, " WS=%u", 1u << ti->wscale_v);
}

/* Tree only: option kinds and the values people read. */
static void
tcp_tree_options(struct tree *t, struct cursor *o, struct tcp_info *ti)
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
				tcp_info_first(&ti->mss,
					       tree_uint(t,
							 "tcp.options.mss_val",
							 "MSS Value", off + 2,
							 2, cursor_be16(&v)));
			break;
		case TCP_OPT_WSCALE:
			if (len == 3) {
				uint8_t shift = cursor_u8(&v);

				int n = tree_uint(t, "tcp.options.wscale.shift",
						  "Shift count", off + 2, 1,
						  shift);

				if (ti->wscale < 0 && n >= 0) {
					ti->wscale = n;
					ti->wscale_v = shift;
				}
				tree_uint(t, "tcp.options.wscale.multiplier",
					  "Multiplier", off + 2, 1,
					  shift < 15 ? 1u << shift : 1u << 14);
			}
			break;
		case TCP_OPT_SACK_PERM:
			tcp_info_first(&ti->sack_perm,
				       tree_do_add(t, "tcp.options.sack_perm",
						   "SACK permitted", off, len,
						   "%s", ""));
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
				int tsval = tree_uint(
					t, "tcp.options.timestamp.tsval",
					"Timestamp value", off + 2, 4,
					cursor_be32(&v));
				int tsecr = tree_uint(
					t, "tcp.options.timestamp.tsecr",
					"Timestamp echo reply", off + 6, 4,
					cursor_be32(&v));

				tcp_info_first(&ti->tsval, tsval);
				tcp_info_first(&ti->tsecr, tsecr);
			}
			break;
		default:
			break;
		}
	}
}

static void
tcp_tree_header(struct tree *t, size_t off, const uint8_t *p,
		unsigned hlen, size_t seglen, struct tcp_info *ti)
{
	uint16_t flags = wire_be16(p + 12) & 0x0fff;
	int sp = tree_uint(t, "tcp.srcport", "Source Port", off, 2,
			   wire_be16(p));
	int dp = tree_uint(t, "tcp.dstport", "Destination Port", off + 2, 2,
			   wire_be16(p + 2));

	tree_title(t, "Src Port", sp, "Dst Port", dp);
	ti->sport = sp;
	ti->dport = dp;
	ti->sport_v = wire_be16(p);
	ti->dport_v = wire_be16(p + 2);
	ti->flags_v = flags;
	ti->len_v = seglen;
	tree_uint(t, "tcp.port", "Source or Destination Port", off, 2,
		  wire_be16(p));
	tree_uint(t, "tcp.port", "Source or Destination Port", off + 2, 2,
		  wire_be16(p + 2));
	/* Wireshark leaves the length out of a header quoted by ICMP. */
	if (seglen != (size_t)-1)
		ti->len = tree_uint(t, "tcp.len", "TCP Segment Len", off, 0,
				    seglen);
	ti->seq = tree_uint(t, "tcp.seq_raw", "Sequence Number (raw)",
			    off + 4, 4, wire_be32(p + 4));
	ti->ack = tree_uint(t, "tcp.ack_raw", "Acknowledgment number (raw)",
			    off + 8, 4, wire_be32(p + 8));
	tree_uint(t, "tcp.hdr_len", "Header Length", off + 12, 1, hlen);
	if (hlen < TCP_HEADER)
		return; /* Wireshark stops at a bogus header length too */
	ti->flags = tree_hex(t, "tcp.flags", "Flags", off + 12, 2, flags, 4);
	tree_uint(t, "tcp.flags.res", "Reserved", off + 12, 1, flags >> 9);
	for (size_t i = 0; i < sizeof(tcp_flags) / sizeof(tcp_flags[0]); i++)
		tree_uint(t, tcp_flags[i].field, tcp_flags[i].label, off + 12,
			  2, (flags & tcp_flags[i].mask) != 0);
	ti->win = tree_uint(t, "tcp.window_size_value", "Window", off + 14, 2,
			    wire_be16(p + 14));
	tree_hex(t, "tcp.checksum", "Checksum", off + 16, 2,
		 wire_be16(p + 16), 4);
	tree_uint(t, "tcp.urgent_pointer", "Urgent Pointer", off + 18, 2,
		  wire_be16(p + 18));
}

/* Tree only: the fields of a header cut short, as far as they go. */
static void
tcp_tree_partial(struct tree *t, size_t off, struct cursor *q,
		 const struct decode_summary *s, struct tcp_info *ti)
{
	int sp = tree_uint(t, "tcp.srcport", "Source Port", off, 2, s->sport);
	int dp = tree_uint(t, "tcp.dstport", "Destination Port", off + 2, 2,
			   s->dport);
	uint16_t w;

	tree_title(t, "Src Port", sp, "Dst Port", dp);
	ti->sport = sp;
	ti->dport = dp;
	ti->sport_v = s->sport;
	ti->dport_v = s->dport;

	/* Each field follows the last: one cut short ends the list (a
	 * later read would take its bytes for the next field's). */
	if (cursor_left(q) < 4)
		return;
	ti->seq = tree_uint(t, "tcp.seq_raw", "Sequence Number (raw)",
			    off + 4, 4, cursor_be32(q));
	if (cursor_left(q) < 4)
		return;
	ti->ack = tree_uint(t, "tcp.ack_raw", "Acknowledgment number (raw)",
			    off + 8, 4, cursor_be32(q));
	if (cursor_left(q) < 2)
		return;
	w = cursor_be16(q);
	tree_uint(t, "tcp.hdr_len", "Header Length", off + 12, 1,
		  (w >> 12) * 4u);
	if ((w >> 12) * 4u < TCP_HEADER)
		return;
	ti->flags = tree_hex(t, "tcp.flags", "Flags", off + 12, 2, w & 0x0fff,
			     4);
	ti->flags_v = w & 0x0fff;
	if (cursor_left(q) >= 2)
		ti->win = tree_uint(t, "tcp.window_size_value", "Window",
				    off + 14, 2, cursor_be16(q));
}

void
tcp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;
	unsigned hlen;
	size_t seglen;
	struct tcp_info ti; /* tree path only */

	s->layers |= 1ull << PROTO_TCP;
	tree_push(d->t, "tcp", "Transmission Control Protocol", off, 0);
	tree_column(d->t, PROTO_TCP, false);
	if (d->t)
		ti = (struct tcp_info){
			.sport = -1, .dport = -1, .len = -1, .seq = -1,
			.ack = -1, .flags = -1, .win = -1, .mss = -1,
			.sack_perm = -1, .tsval = -1, .tsecr = -1,
			.wscale = -1,
		};
	if (!cursor_has(c, TCP_HEADER)) {
		/* The ports alone still name the connection. */
		struct cursor q = *c;

		if (cursor_left(&q) >= 4) {
			s->sport = cursor_be16(&q);
			s->dport = cursor_be16(&q);
			s->l4_proto = PROTO_TCP;
			if (d->t)
				tcp_tree_partial(d->t, off, &q, s, &ti);
		}
		if (d->t)
			tcp_info_write(d->t, &ti);
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
	s->l4_off = (uint32_t)off;
	s->l4_len = (uint32_t)(d->ip_end > off ? d->ip_end - off : 0);
	if (d->t)
		tcp_tree_header(d->t, off, p, hlen,
				d->quoted ? (size_t)-1 : seglen, &ti);
	if (hlen < TCP_HEADER) {
		if (d->t)
			tcp_info_write(d->t, &ti);
		dissect_stop(d, PROTO_TCP, DECODE_MALFORMED);
		tree_pop(d->t, off + TCP_HEADER);
		return;
	}
	if (off + hlen > d->ip_end) {
		/* The options would run past the IP datagram. */
		if (d->t)
			tcp_info_write(d->t, &ti);
		dissect_stop(d, PROTO_TCP, DECODE_MALFORMED);
		tree_pop(d->t, c->end);
		return;
	}
	if (hlen > TCP_HEADER) {
		struct cursor o = cursor_sub(c, hlen - TCP_HEADER);

		if (!cursor_skip(c, hlen - TCP_HEADER)) {
			if (d->t)
				tcp_info_write(d->t, &ti);
			dissect_stop(d, PROTO_TCP, DECODE_TRUNCATED);
			tree_pop(d->t, c->end);
			return;
		}
		if (d->t)
			tcp_tree_options(d->t, &o, &ti);
	}
	if (d->t)
		tcp_info_write(d->t, &ti);
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
