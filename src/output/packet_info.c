/*
 * packet_info: the packet list's columns, from the topmost protocol of a
 * decoded packet, worded like tshark's Info column. Field values come
 * from the tree (already escaped) and are escaped again here, so the UI
 * can print the result as it is.
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

/* The subtree of a protocol: nodes P+1 .. end-1. */
struct packet_info_layer {
	const struct tree *t;
	const struct decode_summary *s;
	int p;
	int end;
};

static const char *
packet_info_get(const struct packet_info_layer *l, const char *field)
{
	int i;

	for (i = l->p + 1; i < l->end; i++)
		if (l->t->nodes[i].field &&
		    strcmp(l->t->nodes[i].field, field) == 0)
			return l->t->nodes[i].value;
	return NULL;
}

static long long
packet_info_num(const struct packet_info_layer *l, const char *field,
		long long dflt)
{
	const char *v = packet_info_get(l, field);
	char *end;
	long long n;

	if (!v || !*v)
		return dflt;
	n = strtoll(v, &end, 0);
	return *end ? dflt : n;
}

struct packet_info_name {
	unsigned value;
	const char *name;
};

static const char *
packet_info_lookup(const struct packet_info_name *tab, size_t n,
		   unsigned value)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (tab[k].value == value)
			return tab[k].name;
	return NULL;
}

#define PACKET_INFO_LOOKUP(tab, v) \
	packet_info_lookup(tab, sizeof(tab) / sizeof(tab[0]), v)

/* TCP flags in the order tshark lists them. */
static const char *const packet_info_tcp_flags[] = {
	"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE",
};

static void
packet_info_add_tcp_flags(struct packet_info_buf *b, unsigned flags)
{
	bool first = true;
	size_t k;

	packet_info_add(b, " [");
	for (k = 0; k < sizeof(packet_info_tcp_flags) /
			    sizeof(packet_info_tcp_flags[0]);
	     k++) {
		if (!(flags & (1u << k)))
			continue;
		packet_info_add(b, "%s%s", first ? "" : ", ",
				packet_info_tcp_flags[k]);
		first = false;
	}
	if (first)
		packet_info_add(b, "<None>");
	packet_info_add(b, "]");
}

static const struct packet_info_name packet_info_dns_types[] = {
	{1, "A"},      {2, "NS"},     {5, "CNAME"},  {6, "SOA"},
	{12, "PTR"},   {13, "HINFO"}, {15, "MX"},    {16, "TXT"},
	{28, "AAAA"},  {33, "SRV"},   {35, "NAPTR"}, {41, "OPT"},
	{43, "DS"},    {46, "RRSIG"}, {47, "NSEC"},  {48, "DNSKEY"},
	{64, "SVCB"},  {65, "HTTPS"}, {252, "AXFR"}, {255, "ANY"},
	{257, "CAA"},
};

static const struct packet_info_name packet_info_dns_rcodes[] = {
	{1, N_("Format error")},    {2, N_("Server failure")},
	{3, N_("No such name")},    {4, N_("Not implemented")},
	{5, N_("Refused")},
};

/* Answer fields and the record type tshark names before them. */
static const struct packet_info_field {
	const char *field;
	const char *name;
} packet_info_dns_answers[] = {
	{"dns.a", "A"},
	{"dns.aaaa", "AAAA"},
	{"dns.cname", "CNAME"},
	{"dns.ptr.domain_name", "PTR"},
	{"dns.ns", "NS"},
	{"dns.mx.mail_exchange", "MX"},
};

static const char *
packet_info_field_lookup(const struct packet_info_field *tab, size_t n,
			 const char *field)
{
	size_t k;

	for (k = 0; k < n; k++)
		if (strcmp(tab[k].field, field) == 0)
			return tab[k].name;
	return NULL;
}

#define PACKET_INFO_FIELD(tab, f) \
	packet_info_field_lookup(tab, sizeof(tab) / sizeof(tab[0]), f)

static void
packet_info_dns_type(struct packet_info_buf *b, long long type)
{
	const char *name = PACKET_INFO_LOOKUP(packet_info_dns_types,
					      (unsigned)type);

	if (name)
		packet_info_add(b, " %s", name);
	else
		packet_info_add(b, " Unknown (%lld)", type);
}

static void
packet_info_dns(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	const struct tree *t = l->t;
	long long resp = packet_info_num(l, "dns.flags.response", 0);
	long long opcode = packet_info_num(l, "dns.flags.opcode", 0);
	long long rcode = packet_info_num(l, "dns.flags.rcode", 0);
	const char *rname;
	int i, questions = 0;
	bool records = false;

	if (opcode == 0)
		packet_info_add(b, "%s", resp ? _("Standard query response")
					      : _("Standard query"));
	else
		packet_info_add(b, resp ? _("Opcode %lld response")
					: _("Opcode %lld"),
				opcode);
	packet_info_add(b, " %s", packet_info_get(l, "dns.id") ?
					  packet_info_get(l, "dns.id") : "?");
	if (resp && rcode &&
	    (rname = PACKET_INFO_LOOKUP(packet_info_dns_rcodes,
					(unsigned)rcode)))
		packet_info_add(b, " %s", _(rname));
	/* Questions and answers in packet order, as tshark lists them;
	 * a question's type is the one with the same rank. */
	for (i = l->p + 1; i < l->end; i++) {
		const struct tree_node *n = &t->nodes[i];
		const char *ty;

		if (!n->field)
			continue;
		if (strcmp(n->field, "dns.qry.name") == 0) {
			int j = l->p, k;

			for (k = 0; k <= questions && j >= 0; k++) {
				j = tree_find(t, "dns.qry.type", j + 1);
				if (j >= l->end)
					j = -1;
			}
			questions++;
			if (j >= 0)
				packet_info_dns_type(
					b, strtoll(t->nodes[j].value, NULL, 0));
			packet_info_add(b, " ");
			packet_info_add_text(b, n->value[0] ? n->value
							     : "<Root>");
		} else if (strcmp(n->field, "dns.resp.type") == 0) {
			/* Every record (answers, authority, additional) by
			 * its type, then its data where it is a name or an
			 * address, as tshark lists them. */
			packet_info_dns_type(b, strtoll(n->value, NULL, 0));
			records = true;
		} else if ((ty = PACKET_INFO_FIELD(packet_info_dns_answers,
						   n->field))) {
			if (!records)
				packet_info_add(b, " %s", ty);
			packet_info_add(b, " ");
			packet_info_add_text(b, n->value);
		}
	}
}

static const struct packet_info_name packet_info_tls_handshakes[] = {
	{0, N_("Hello Request")},
	{1, N_("Client Hello")},
	{2, N_("Server Hello")},
	{4, N_("New Session Ticket")},
	{8, N_("Encrypted Extensions")},
	{11, N_("Certificate")},
	{12, N_("Server Key Exchange")},
	{13, N_("Certificate Request")},
	{14, N_("Server Hello Done")},
	{15, N_("Certificate Verify")},
	{16, N_("Client Key Exchange")},
	{20, N_("Finished")},
};

static const struct packet_info_name packet_info_tls_records[] = {
	{20, N_("Change Cipher Spec")},
	{21, N_("Alert")},
	{23, N_("Application Data")},
};

static void
packet_info_tls(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	const struct tree *t = l->t;
	const char *name;
	bool any = false;
	int i;

	for (i = l->p + 1; i < l->end; i++) {
		const struct tree_node *n = &t->nodes[i];
		unsigned v;

		if (!n->field)
			continue;
		v = (unsigned)strtoul(n->value, NULL, 0);
		if (strcmp(n->field, "tls.handshake.type") == 0)
			name = PACKET_INFO_LOOKUP(packet_info_tls_handshakes,
						  v);
		else if (strcmp(n->field, "tls.record.content_type") == 0 ||
			 strcmp(n->field, "tls.record.opaque_type") == 0)
			/* TLS 1.3 names the outer type of protected records
			 * opaque_type (RFC 8446 section 5.2) */
			name = PACKET_INFO_LOOKUP(packet_info_tls_records, v);
		else
			continue;
		/* One name per record or message, repeats included, as
		 * tshark lists them. */
		if (!name)
			continue;
		packet_info_add(b, "%s%s", any ? ", " : "", _(name));
		any = true;
	}
	if ((name = packet_info_get(l, "tls.handshake.extensions_server_name"))) {
		packet_info_add(b, " (SNI=");
		packet_info_add_text(b, name);
		packet_info_add(b, ")");
		any = true;
	}
	if (!any)
		packet_info_add(b, "%s", _("Continuation Data"));
}

typedef void (*packet_info_fn)(const struct packet_info_layer *,
			       struct packet_info_buf *);

/* The info text of the protocols the packet list names (their
 * descriptor's column); the others show what the summary tells. */
static const packet_info_fn packet_info_fns[PROTO_COUNT] = {

	[PROTO_DNS] = packet_info_dns,
	[PROTO_MDNS] = packet_info_dns,
	[PROTO_LLMNR] = packet_info_dns,
	[PROTO_TLS] = packet_info_tls,
};

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

/* Not yet written by their dissectors: the node of the topmost protocol,
 * found as the list always did. */
static int
packet_info_legacy_top(const struct tree *t)
{
	const struct proto_desc *row;
	int i, p = -1;

	for (i = 0; i != TREE_NONE; i = t->nodes[i].next_sibling) {
		const struct tree_node *n = &t->nodes[i];

		if (!(n->flags & TREE_FLAG_PROTOCOL) ||
		    !(row = proto_by_tree_name(n->field)) || !row->column)
			continue;
		p = i;
		if (row->id == PROTO_ICMP || row->id == PROTO_ICMPV6)
			break;
	}
	return p;
}

void
packet_info_from_tree(const struct tree *t, const struct decode_summary *s,
		      struct packet_info *pi)
{
	struct packet_info_buf b = {pi->info, sizeof(pi->info), 0};
	const struct proto_desc *top = NULL;
	struct packet_info_layer l = {t, s, -1, 0};

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
		if (packet_info_fns[top->id]) {
			l.p = packet_info_legacy_top(t);
			for (l.end = l.p + 1;
			     l.end < t->count &&
			     t->nodes[l.end].depth > t->nodes[l.p].depth;
			     l.end++)
				;
			packet_info_fns[top->id](&l, &b);
		} else {
			packet_info_add_text(&b, t->info);
		}
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
