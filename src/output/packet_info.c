/*
 * packet_info: the packet list's columns. The dissectors set them while
 * they walk (tree_column, tree_info: the topmost protocol the list names
 * and its Info text, worded like tshark's); this escapes them, adds the
 * addresses and the decode status, and words what the summary alone
 * tells when there is no tree or no Info. The result prints as it is.
 */
#include "config.h"

#include "output/packet_info.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "decode/decode.h"
#include "base/i18n.h"
#include "decode/proto/icmp.h"
#include "decode/proto/icmpv6.h"
#include "decode/proto/tcp.h"
#include "decode/proto_table.h"
#include "decode/tree.h"

/* A bounded string being built; writes past the end are dropped. */
struct packet_info_buf {
	char *p;
	size_t size;
	size_t len;
};

static void
packet_info_add(struct packet_info_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
packet_info_add(struct packet_info_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->len + 1 >= b->size)
		return;
	va_start(ap, fmt);
	n = vsnprintf(b->p + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	b->len += (size_t)n;
	if (b->len >= b->size)
		b->len = b->size - 1;
}

/* Append text from a packet, escaping what the terminal must not see
 * and never cutting a character in half. */
static void
packet_info_add_text(struct packet_info_buf *b, const char *str)
{
	const uint8_t *s = (const uint8_t *)str;
	size_t n;

	while (*s) {
		n = tree_text_safe_len(s, strnlen((const char *)s, 4));
		if (n == 0) {
			if (b->len + 5 > b->size)
				return;
			packet_info_add(b, "\\x%02x", *s++);
			continue;
		}
		if (b->len + n + 1 > b->size)
			return;
		memcpy(b->p + b->len, s, n);
		b->len += n;
		b->p[b->len] = '\0';
		s += n;
	}
}

static void
packet_info_copy(char *dst, size_t size, const char *src)
{
	struct packet_info_buf b = {dst, size, 0};

	dst[0] = '\0';
	packet_info_add_text(&b, src);
}

static void
packet_info_add_tcp_flags(struct packet_info_buf *b, unsigned flags)
{
	bool first = true;
	size_t k;

	packet_info_add(b, " [");
	for (k = 0; k < TCP_FLAG_NAMES; k++) {
		if (!(flags & (1u << k)))
			continue;
		packet_info_add(b, "%s%s", first ? "" : ", ",
				tcp_flag_names[k]);
		first = false;
	}
	if (first)
		packet_info_add(b, "<None>");
	packet_info_add(b, "]");
}

static void
packet_info_addrs(const struct decode_summary *s, struct packet_info *pi)
{
	if (s->src.family)
		addr_format(&s->src, pi->src, sizeof(pi->src));
	if (s->dst.family)
		addr_format(&s->dst, pi->dst, sizeof(pi->dst));
}

static void
packet_info_clear(struct packet_info *pi)
{
	pi->src[0] = pi->dst[0] = pi->protocol[0] = pi->info[0] = '\0';
}

static void
packet_info_status(const struct decode_summary *s, struct packet_info_buf *b)
{
	if (s->status == DECODE_MALFORMED)
		packet_info_add(b, _("%s[Malformed Packet: %s]"),
				b->len ? " " : "",
				proto_table[s->bad_layer < PROTO_COUNT
						    ? s->bad_layer
						    : PROTO_NONE]->label);
	else if (s->status == DECODE_TRUNCATED)
		packet_info_add(b, _("%s[Packet size limited during capture]"),
				b->len ? " " : "");
}

/* What the summary alone tells: ports and flags, ICMP type, fragment. */
static void
packet_info_summary_text(const struct decode_summary *s,
			 struct packet_info_buf *b)
{
	if (s->l4_proto == PROTO_TCP && s->frag != DECODE_FRAG_LATER) {
		packet_info_add(b, "%u \xe2\x86\x92 %u", s->sport, s->dport);
		packet_info_add_tcp_flags(b, s->tcp_flags);
		packet_info_add(b, " Len=%u", s->payload_len);
	} else if ((s->l4_proto == PROTO_UDP || s->l4_proto == PROTO_SCTP) &&
		   s->frag != DECODE_FRAG_LATER) {
		packet_info_add(b, "%u \xe2\x86\x92 %u", s->sport, s->dport);
		if (s->l4_proto == PROTO_UDP)
			packet_info_add(b, " Len=%u", s->payload_len);
	} else if (s->l4_proto == PROTO_ICMP) {
		const char *name = icmp_type_name(s->icmp_type);
		if (name)
			packet_info_add(b, "%s", _(name));
	} else if (s->l4_proto == PROTO_ICMPV6) {
		const char *name = icmpv6_type_name(s->icmp_type);
		if (name)
			packet_info_add(b, "%s", _(name));
	} else if (s->frag == DECODE_FRAG_LATER) {
		packet_info_add(b, _("Fragmented IP protocol (proto=%u, "
				      "id=0x%04x)"),
				s->l4, s->frag_id);
	}
}

void
packet_info_from_tree(const struct tree *t, const struct decode_summary *s,
		      struct packet_info *pi)
{
	struct packet_info_buf b = {pi->info, sizeof(pi->info), 0};
	const struct proto_desc *top = NULL;

	packet_info_clear(pi);
	if (!t || t->count == 0) {
		packet_info_from_summary(s, pi);
		return;
	}
	/* The topmost protocol the list names, as the dissectors set it. */
	if (t->col_proto > PROTO_NONE && t->col_proto < PROTO_COUNT)
		top = proto_table[t->col_proto];
	if (top && top->column) {
		packet_info_copy(pi->protocol, sizeof(pi->protocol),
				 top->column);
		/* written raw by the dissectors: escaped here */
		packet_info_add_text(&b, t->info);
	}
	if (b.len == 0)
		packet_info_summary_text(s, &b);
	packet_info_addrs(s, pi);
	if (!s->src.family) {
		/* No IP: the link addresses, as tshark shows for ARP. */
		if (t->col_src >= 0 && t->col_src < t->count)
			packet_info_copy(pi->src, sizeof(pi->src),
					 t->nodes[t->col_src].value);
		if (t->col_dst >= 0 && t->col_dst < t->count)
			packet_info_copy(pi->dst, sizeof(pi->dst),
					 t->nodes[t->col_dst].value);
	}
	packet_info_status(s, &b);
}

void
packet_info_from_summary(const struct decode_summary *s,
			 struct packet_info *pi)
{
	struct packet_info_buf b = {pi->info, sizeof(pi->info), 0};
	unsigned top = PROTO_NONE, k;

	packet_info_clear(pi);
	for (k = PROTO_NONE + 1; k < PROTO_COUNT && k < 64; k++)
		if (decode_has(s, k))
			top = k;
	packet_info_copy(pi->protocol, sizeof(pi->protocol),
			 proto_table[top]->label);
	packet_info_addrs(s, pi);
	packet_info_summary_text(s, &b);
	packet_info_status(s, &b);
}

void
packet_info_describe(int linktype, const uint8_t *frame, size_t caplen,
		     size_t wirelen, unsigned app, struct tree *scratch,
		     struct packet_info *pi)
{
	struct decode_summary s;

	tree_reset(scratch);
	decode_tree(linktype, frame, caplen, wirelen, app, &s, scratch);
	packet_info_from_tree(scratch, &s, pi);
}
