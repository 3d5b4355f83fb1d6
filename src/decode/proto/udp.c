/*
 * udp: the UDP header (RFC 768). Its length field ends the datagram;
 * a length of 0 under IPv6 is a jumbogram (RFC 2675 section 4) whose
 * length is the IP payload's.
 */
#include "config.h"

#include "decode/proto/udp.h"

#include <stdbool.h>

#include "decode/proto/udp_tunnel.h"
#include "decode/proto/wire.h"

#define UDP_HEADER 8

/* The Info text: ports and the payload's length by the header's
 * (LEN -1: not in the tree). */
static void
udp_info(struct tree *t, unsigned sport, unsigned dport, long len)
{
	if (t == NULL)
		return;
	tree_info(t, PROTO_UDP, "%u \xe2\x86\x92 %u", sport, dport);
	if (len >= 8)
		tree_info(t, PROTO_UDP, " Len=%ld", len - 8);
}

void
udp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;
	size_t len;
	bool len_node = true;

	s->layers |= 1ull << PROTO_UDP;
	tree_push(d->t, "udp", "User Datagram Protocol", off, UDP_HEADER);
	tree_column(d->t, PROTO_UDP, false);
	if (!cursor_has(c, UDP_HEADER)) {
		struct cursor q = *c;

		int sp = -1, dp = -1;

		if (cursor_left(&q) >= 4) {
			s->sport = cursor_be16(&q);
			s->dport = cursor_be16(&q);
			s->l4_proto = PROTO_UDP;
			sp = tree_uint(d->t, "udp.srcport", "Source Port", off,
				       2, s->sport);
			dp = tree_uint(d->t, "udp.dstport", "Destination Port",
				       off + 2, 2, s->dport);
			tree_title(d->t, "Src Port", sp, "Dst Port", dp);
		}
		udp_info(d->t, sp >= 0 ? s->sport : 0, dp >= 0 ? s->dport : 0,
			 -1);
		dissect_stop(d, PROTO_UDP, off + UDP_HEADER > d->ip_end
						   ? DECODE_MALFORMED
						   : DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	p = cursor_ptr(c, UDP_HEADER);
	s->sport = wire_be16(p);
	s->dport = wire_be16(p + 2);
	s->l4_proto = PROTO_UDP;
	len = wire_be16(p + 4);
	if (d->t) {
		int sp = tree_uint(d->t, "udp.srcport", "Source Port", off, 2,
				   s->sport);
		int dp = tree_uint(d->t, "udp.dstport", "Destination Port",
				   off + 2, 2, s->dport);

		tree_title(d->t, "Src Port", sp, "Dst Port", dp);
		tree_hide(d->t, tree_uint(d->t, "udp.port",
					  "Source or Destination Port", off, 2,
					  s->sport));
		tree_hide(d->t, tree_uint(d->t, "udp.port",
					  "Source or Destination Port",
					  off + 2, 2, s->dport));
		if (tree_uint(d->t, "udp.length", "Length", off + 4, 2, len) <
		    0)
			len_node = false;
		tree_hex(d->t, "udp.checksum", "Checksum", off + 6, 2,
			 wire_be16(p + 6), 4);
		udp_info(d->t, sp >= 0 ? s->sport : 0, dp >= 0 ? s->dport : 0,
			 len_node ? (long)len : -1);
	}
	if (len == 0 && s->ip_version == 6 && d->ip_end > off)
		len = d->ip_end - off;
	/* A first fragment's UDP length counts the whole datagram, and so
	 * does the start of one quoted by ICMP. */
	if (len < UDP_HEADER || (off + len > d->ip_end &&
				 s->frag != DECODE_FRAG_FIRST && !d->quoted)) {
		dissect_stop(d, PROTO_UDP, DECODE_MALFORMED);
		tree_pop(d->t, off + UDP_HEADER);
		return;
	}
	tree_pop(d->t, off + UDP_HEADER);
	cursor_limit(c, len - UDP_HEADER); /* never grows past the IP end */
	if (dissect_wants_tunnels(d) &&
	    udp_tunnel_dissect(c, d, s->sport, s->dport)) {
		/* The summary still sees the tunnel's bytes as payload. */
		s->payload_off = (uint32_t)c->pos;
		s->payload_len = (uint32_t)cursor_left(c);
		return;
	}
	dissect_payload(c, d);
}

const struct proto_desc udp_proto = {
	.id = PROTO_UDP,
	.name = "udp",
	.label = "UDP",
	.tree_name = "udp",
	.column = "UDP",
	.layer = PROTO_LAYER_TRANSPORT,
};
