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
#include "decode/proto_table.h"
#include "base/escape.h"
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

/* Append text from a packet through escape.h's C sink (the tree's text is
 * already escaped: a backslash stays single), never cutting a character
 * or an escape in half. */
static void
packet_info_add_text(struct packet_info_buf *b, const char *str)
{
	if (b->len + 1 >= b->size)
		return;
	b->len += escape_to_buf(str, strlen(str), ESCAPE_SINK_C,
				ESCAPE_C_KEEP_BACKSLASH, b->p + b->len,
				b->size - b->len);
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

static void
packet_info_tcp(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	long long flags = packet_info_num(l, "tcp.flags", 0);
	long long ws;
	const char *v;

	packet_info_add(b, "%lld \xe2\x86\x92 %lld",
			packet_info_num(l, "tcp.srcport", 0),
			packet_info_num(l, "tcp.dstport", 0));
	packet_info_add_tcp_flags(b, (unsigned)flags);
	/* Without the connection's first sequence number only a SYN's
	 * relative numbers are known (0, and 1 for its ACK); the others are
	 * shown raw. */
	if (flags & 0x02) {
		packet_info_add(b, " Seq=0");
		if (flags & 0x10)
			packet_info_add(b, " Ack=1");
	} else {
		if ((v = packet_info_get(l, "tcp.seq_raw")))
			packet_info_add(b, " Seq=%s", v);
		if ((flags & 0x10) && (v = packet_info_get(l, "tcp.ack_raw")))
			packet_info_add(b, " Ack=%s", v);
	}
	if ((v = packet_info_get(l, "tcp.window_size_value")))
		packet_info_add(b, " Win=%s", v);
	packet_info_add(b, " Len=%lld", packet_info_num(l, "tcp.len", 0));
	if ((v = packet_info_get(l, "tcp.options.mss_val")))
		packet_info_add(b, " MSS=%s", v);
	if (packet_info_get(l, "tcp.options.sack_perm"))
		packet_info_add(b, " SACK_PERM");
	if ((v = packet_info_get(l, "tcp.options.timestamp.tsval")))
		packet_info_add(b, " TSval=%s", v);
	if ((v = packet_info_get(l, "tcp.options.timestamp.tsecr")))
		packet_info_add(b, " TSecr=%s", v);
	ws = packet_info_num(l, "tcp.options.wscale.shift", -1);
	if (ws >= 0 && ws <= 14)
		packet_info_add(b, " WS=%lld", 1ll << ws);
}

static void
packet_info_ports(const struct packet_info_layer *l,
		  struct packet_info_buf *b, const char *proto)
{
	char sport[32], dport[32];

	snprintf(sport, sizeof(sport), "%s.srcport", proto);
	snprintf(dport, sizeof(dport), "%s.dstport", proto);
	packet_info_add(b, "%lld \xe2\x86\x92 %lld", packet_info_num(l, sport, 0),
			packet_info_num(l, dport, 0));
}

static void
packet_info_udp(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	long long len = packet_info_num(l, "udp.length", -1);

	packet_info_ports(l, b, "udp");
	if (len >= 8)
		packet_info_add(b, " Len=%lld", len - 8);
}

static const struct packet_info_name packet_info_icmp_types[] = {
	{0, N_("Echo (ping) reply")},
	{3, N_("Destination unreachable")},
	{4, N_("Source quench")},
	{5, N_("Redirect")},
	{8, N_("Echo (ping) request")},
	{9, N_("Router advertisement")},
	{10, N_("Router solicitation")},
	{11, N_("Time-to-live exceeded")},
	{12, N_("Parameter problem")},
	{13, N_("Timestamp request")},
	{14, N_("Timestamp reply")},
	{42, N_("Extended Echo request")},
	{43, N_("Extended Echo reply")},
};

static const struct packet_info_name packet_info_unreach_codes[] = {
	{0, N_("Network unreachable")},
	{1, N_("Host unreachable")},
	{2, N_("Protocol unreachable")},
	{3, N_("Port unreachable")},
	{4, N_("Fragmentation needed")},
	{9, N_("Network administratively prohibited")},
	{10, N_("Host administratively prohibited")},
	{13, N_("Communication administratively filtered")},
};

static void
packet_info_icmp(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	long long type = packet_info_num(l, "icmp.type", -1);
	long long code = packet_info_num(l, "icmp.code", 0);
	const char *name = PACKET_INFO_LOOKUP(packet_info_icmp_types,
					      (unsigned)type);
	const char *cname;

	if (!name) {
		packet_info_add(b, _("Type %lld, code %lld"), type, code);
		return;
	}
	/* tshark pads the echo names to one width before "id=". */
	packet_info_add(b, type == 0 || type == 8 ? "%-21s" : "%s", _(name));
	if (type == 3 && (cname = PACKET_INFO_LOOKUP(
				  packet_info_unreach_codes, (unsigned)code)))
		packet_info_add(b, " (%s)", _(cname));
	if (type == 0 || type == 8) {
		long long id = packet_info_num(l, "icmp.ident", -1);
		long long seq = packet_info_num(l, "icmp.seq", -1);

		int ttl = tree_find(l->t, "ip.ttl", 0);

		/* tshark: the sequence number read both ways round, then
		 * the TTL of the IP header carrying it. */
		if (id >= 0)
			packet_info_add(b, "id=0x%04llx", id & 0xffff);
		if (seq >= 0)
			packet_info_add(b, ", seq=%lld/%lld", seq & 0xffff,
					(seq >> 8 & 0xff) | (seq & 0xff) << 8);
		if (ttl >= 0 && ttl < l->p) {
			packet_info_add(b, ", ttl=");
			packet_info_add_text(b, l->t->nodes[ttl].value);
		}
	}
}

static const struct packet_info_name packet_info_icmpv6_types[] = {
	{1, N_("Destination Unreachable")},
	{2, N_("Packet Too Big")},
	{3, N_("Time Exceeded")},
	{4, N_("Parameter Problem")},
	{128, N_("Echo (ping) request")},
	{129, N_("Echo (ping) reply")},
	{130, N_("Multicast Listener Query")},
	{131, N_("Multicast Listener Report")},
	{132, N_("Multicast Listener Done")},
	{133, N_("Router Solicitation")},
	{134, N_("Router Advertisement")},
	{135, N_("Neighbor Solicitation")},
	{136, N_("Neighbor Advertisement")},
	{137, N_("Redirect")},
	{143, N_("Multicast Listener Report Message v2")},
};

static void
packet_info_icmpv6(const struct packet_info_layer *l,
		   struct packet_info_buf *b)
{
	long long type = packet_info_num(l, "icmpv6.type", -1);
	const char *name = PACKET_INFO_LOOKUP(packet_info_icmpv6_types,
					      (unsigned)type);
	const char *v;

	if (!name) {
		packet_info_add(b, _("Type %lld"), type);
		return;
	}
	packet_info_add(b, "%s", _(name));
	if (type == 135 || type == 136) {
		v = packet_info_get(l, type == 135 ? "icmpv6.nd.ns.target_address"
						   : "icmpv6.nd.na.target_address");
		if (v) {
			packet_info_add(b, type == 135 ? _(" for ") : " ");
			packet_info_add_text(b, v);
		}
	}
	/* The link-layer address option names the sender (RS, RA, NS) or
	 * the owner of the target (NA). */
	if (type >= 133 && type <= 136 &&
	    (v = packet_info_get(l, "icmpv6.opt.linkaddr"))) {
		packet_info_add(b, type == 136 ? _(" is at ") : _(" from "));
		packet_info_add_text(b, v);
	}
}

static void
packet_info_arp(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	long long op = packet_info_num(l, "arp.opcode", -1);
	const char *spa = packet_info_get(l, "arp.src.proto_ipv4");
	const char *tpa = packet_info_get(l, "arp.dst.proto_ipv4");
	const char *sha = packet_info_get(l, "arp.src.hw_mac");

	if (op == 1 && spa && tpa) {
		packet_info_add(b, _("Who has "));
		packet_info_add_text(b, tpa);
		packet_info_add(b, _("? Tell "));
		packet_info_add_text(b, spa);
	} else if (op == 2 && spa && sha) {
		packet_info_add_text(b, spa);
		packet_info_add(b, _(" is at "));
		packet_info_add_text(b, sha);
	} else {
		packet_info_add(b, _("Opcode %lld"), op);
	}
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

static void
packet_info_http(const struct packet_info_layer *l,
		 struct packet_info_buf *b)
{
	const char *m = packet_info_get(l, "http.request.method");
	const char *uri = packet_info_get(l, "http.request.uri");
	const char *ver = packet_info_get(l, "http.request.version");
	const char *code = packet_info_get(l, "http.response.code");

	if (m) {
		packet_info_add_text(b, m);
		if (uri) {
			packet_info_add(b, " ");
			packet_info_add_text(b, uri);
		}
		if (ver) {
			packet_info_add(b, " ");
			packet_info_add_text(b, ver);
		}
		return;
	}
	if (code) {
		const char *rv = packet_info_get(l, "http.response.version");
		const char *ph = packet_info_get(l, "http.response.phrase");

		packet_info_add_text(b, rv ? rv : "HTTP");
		packet_info_add(b, " ");
		packet_info_add_text(b, code);
		if (ph) {
			packet_info_add(b, " ");
			packet_info_add_text(b, ph);
		}
		return;
	}
	packet_info_add(b, "%s", _("Continuation"));
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

static void
packet_info_ssh(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	const char *v = packet_info_get(l, "ssh.protocol");

	/* The side on port 22 is the server, as tshark guesses too. */
	if (l->s->sport == 22 && l->s->dport != 22)
		packet_info_add(b, "%s", _("Server: "));
	else if (l->s->dport == 22)
		packet_info_add(b, "%s", _("Client: "));
	if (v) {
		packet_info_add(b, _("Protocol ("));
		packet_info_add_text(b, v);
		packet_info_add(b, ")");
	} else {
		packet_info_add(b, "%s", _("Encrypted packet"));
	}
}

static const struct packet_info_name packet_info_dhcp_types[] = {
	{1, "Discover"}, {2, "Offer"}, {3, "Request"}, {4, "Decline"},
	{5, "ACK"},      {6, "NAK"},   {7, "Release"}, {8, "Inform"},
};

static void
packet_info_dhcp(const struct packet_info_layer *l,
		 struct packet_info_buf *b)
{
	long long type = packet_info_num(l, "dhcp.option.dhcp", -1);
	const char *name = PACKET_INFO_LOOKUP(packet_info_dhcp_types,
					      (unsigned)type);
	const char *id = packet_info_get(l, "dhcp.id");

	packet_info_add(b, "DHCP %-8s", name ? name : "");
	if (id) {
		packet_info_add(b, _(" - Transaction ID "));
		packet_info_add_text(b, id);
	}
}

static const struct packet_info_name packet_info_ntp_modes[] = {
	{1, N_("symmetric active")}, {2, N_("symmetric passive")},
	{3, N_("client")},           {4, N_("server")},
	{5, N_("broadcast")},        {6, N_("control")},
};

static void
packet_info_ntp(const struct packet_info_layer *l, struct packet_info_buf *b)
{
	long long vn = packet_info_num(l, "ntp.flags.vn", -1);
	long long mode = packet_info_num(l, "ntp.flags.mode", -1);
	const char *name = PACKET_INFO_LOOKUP(packet_info_ntp_modes,
					      (unsigned)mode);

	if (vn >= 0)
		packet_info_add(b, _("NTP Version %lld"), vn);
	else
		packet_info_add(b, "NTP");
	if (name)
		packet_info_add(b, ", %s", _(name));
}

static const struct packet_info_name packet_info_quic_types[] = {
	{0, N_("Initial")},
	{1, N_("0-RTT")},
	{2, N_("Handshake")},
	{3, N_("Retry")},
};

static void
packet_info_quic(const struct packet_info_layer *l,
		 struct packet_info_buf *b)
{
	long long type = packet_info_num(l, "quic.long.packet_type", -1);
	const char *name = PACKET_INFO_LOOKUP(packet_info_quic_types,
					      (unsigned)type);
	const char *v = packet_info_get(l, "quic.version");

	if (name)
		packet_info_add(b, "%s", _(name));
	else if (!v)
		packet_info_add(b, "%s", _("Protected Payload"));
	else
		packet_info_add(b, "QUIC");
	if ((v = packet_info_get(l, "quic.dcid")) && *v) {
		packet_info_add(b, ", DCID=");
		packet_info_add_text(b, v);
	}
	if ((v = packet_info_get(l, "quic.scid")) && *v) {
		packet_info_add(b, ", SCID=");
		packet_info_add_text(b, v);
	}
}

/* One row per protocol the packet list names: the tree's field, the
 * column text, and the function writing the info text. */
static const struct packet_info_proto {
	const char *field;
	const char *label;
	void (*info)(const struct packet_info_layer *,
		     struct packet_info_buf *);
} packet_info_protos[] = {
	{"eth", "Ethernet", NULL},
	{"vlan", "802.1Q", NULL},
	{"arp", "ARP", packet_info_arp},
	{"ip", "IPv4", NULL},
	{"ipv6", "IPv6", NULL},
	{"icmp", "ICMP", packet_info_icmp},
	{"icmpv6", "ICMPv6", packet_info_icmpv6},
	{"tcp", "TCP", packet_info_tcp},
	{"udp", "UDP", packet_info_udp},
	{"sctp", "SCTP", NULL},
	{"dns", "DNS", packet_info_dns},
	{"mdns", "MDNS", packet_info_dns},
	{"llmnr", "LLMNR", packet_info_dns},
	{"http", "HTTP", packet_info_http},
	{"tls", "TLS", packet_info_tls},
	{"ssh", "SSH", packet_info_ssh},
	{"dhcp", "DHCP", packet_info_dhcp},
	{"ntp", "NTP", packet_info_ntp},
	{"quic", "QUIC", packet_info_quic},
};

static const struct packet_info_proto *
packet_info_proto_row(const char *field)
{
	size_t k;

	for (k = 0; k < sizeof(packet_info_protos) /
			    sizeof(packet_info_protos[0]);
	     k++)
		if (strcmp(packet_info_protos[k].field, field) == 0)
			return &packet_info_protos[k];
	return NULL;
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
						    : PROTO_NONE]
					.label);
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
		const char *name = PACKET_INFO_LOOKUP(packet_info_icmp_types,
						      s->icmp_type);
		if (name)
			packet_info_add(b, "%s", _(name));
	} else if (s->l4_proto == PROTO_ICMPV6) {
		const char *name = PACKET_INFO_LOOKUP(packet_info_icmpv6_types,
						      s->icmp_type);
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
	const struct packet_info_proto *row, *top = NULL;
	struct packet_info_layer l = {t, s, -1, 0};
	int i;

	packet_info_clear(pi);
	if (!t || t->count == 0) {
		packet_info_from_summary(s, pi);
		return;
	}
	/* The topmost protocol the list knows; layers are roots in order.
	 * What follows an ICMP error is the quoted packet, not this one. */
	for (i = 0; i != TREE_NONE; i = t->nodes[i].next_sibling) {
		const struct tree_node *n = &t->nodes[i];

		if (!(n->flags & TREE_FLAG_PROTOCOL) ||
		    !(row = packet_info_proto_row(n->field)))
			continue;
		top = row;
		l.p = i;
		if (strcmp(n->field, "icmp") == 0 ||
		    strcmp(n->field, "icmpv6") == 0)
			break;
	}
	if (top) {
		packet_info_copy(pi->protocol, sizeof(pi->protocol),
				 top->label);
		for (l.end = l.p + 1;
		     l.end < t->count &&
		     t->nodes[l.end].depth > t->nodes[l.p].depth;
		     l.end++)
			;
		if (top->info)
			top->info(&l, &b);
	}
	if (b.len == 0)
		packet_info_summary_text(s, &b);
	packet_info_addrs(s, pi);
	if (!s->src.family) {
		/* No IP: the link addresses, as tshark shows for ARP. */
		int k = tree_find(t, "eth.src", 0);
		if (k >= 0)
			packet_info_copy(pi->src, sizeof(pi->src),
					 t->nodes[k].value);
		k = tree_find(t, "eth.dst", 0);
		if (k >= 0)
			packet_info_copy(pi->dst, sizeof(pi->dst),
					 t->nodes[k].value);
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
			 proto_table[top].label);
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
