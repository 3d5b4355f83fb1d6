/*
 * icmp: ICMP (RFC 792) and IGMP (RFC 2236, RFC 3376). Error messages
 * quote the offending datagram's header; only the drill-down tree reads
 * it (dissect_inner), the summary never counts it.
 */
#include "config.h"

#include "decode/proto/icmp.h"

#include <stdio.h>

#include "base/i18n.h"
#include "decode/proto/ipv4.h"
#include "decode/proto/wire.h"
#include "decode/valnames.h"

#define ICMP_HEADER 4
#define IGMP_HEADER 8
#define IGMP_V3_REPORT 0x22
#define ICMP_ECHO_REPLY 0
#define ICMP_ECHO 8

/* Type and code names as Wireshark spells them (RFC 792, 950, 1256,
 * 1393, 1475, 1812, 2002, 2521, 8335 and the IANA registry), each table
 * sorted by value. */
static const struct valname icmp_types[] = {
	{0, N_("Echo (ping) reply")},
	{1, N_("Reserved")},
	{2, N_("Reserved")},
	{3, N_("Destination unreachable")},
	{4, N_("Source quench (flow control)")},
	{5, N_("Redirect")},
	{6, N_("Alternate host address")},
	{8, N_("Echo (ping) request")},
	{9, N_("Router advertisement")},
	{10, N_("Router solicitation")},
	{11, N_("Time-to-live exceeded")},
	{12, N_("Parameter problem")},
	{13, N_("Timestamp request")},
	{14, N_("Timestamp reply")},
	{15, N_("Information request")},
	{16, N_("Information reply")},
	{17, N_("Address mask request")},
	{18, N_("Address mask reply")},
	{19, N_("Reserved (for security)")},
	{30, N_("Traceroute")},
	{31, N_("Datagram Conversion Error")},
	{32, N_("Mobile Host Redirect")},
	{33, N_("IPv6 Where-Are-You")},
	{34, N_("IPv6 I-Am-Here")},
	{35, N_("Mobile Registration Request")},
	{36, N_("Mobile Registration Reply")},
	{37, N_("Domain Name Request")},
	{38, N_("Domain Name Reply")},
	{39, N_("SKIP")},
	{40, N_("Photuris")},
	{42, N_("Extended Echo request")},
	{43, N_("Extended Echo reply")},
};

static const struct valname icmp_unreach_codes[] = {
	{0, N_("Network unreachable")},
	{1, N_("Host unreachable")},
	{2, N_("Protocol unreachable")},
	{3, N_("Port unreachable")},
	{4, N_("Fragmentation needed")},
	{5, N_("Source route failed")},
	{6, N_("Destination network unknown")},
	{7, N_("Destination host unknown")},
	{8, N_("Source host isolated")},
	{9, N_("Network administratively prohibited")},
	{10, N_("Host administratively prohibited")},
	{11, N_("Network unreachable for TOS")},
	{12, N_("Host unreachable for TOS")},
	{13, N_("Communication administratively filtered")},
	{14, N_("Host precedence violation")},
	{15, N_("Precedence cutoff in effect")},
};

static const struct valname icmp_redirect_codes[] = {
	{0, N_("Redirect for network")},
	{1, N_("Redirect for host")},
	{2, N_("Redirect for TOS and network")},
	{3, N_("Redirect for TOS and host")},
};

static const struct valname icmp_ttl_codes[] = {
	{0, N_("Time to live exceeded in transit")},
	{1, N_("Fragment reassembly time exceeded")},
};

static const struct valname icmp_param_codes[] = {
	{0, N_("IP header bad")},
	{1, N_("Required option missing")},
	{2, N_("Bad length")},
};

static const struct valname icmp_rtradvert_codes[] = {
	{0, N_("Normal router advertisement")},
	{16, N_("Does not route common traffic")},
};

static const struct valname icmp_photuris_codes[] = {
	{0, N_("Bad SPI")},
	{1, N_("Authentication Failed")},
	{2, N_("Decompression Failed")},
	{3, N_("Decryption Failed")},
	{4, N_("Need Authentication")},
	{5, N_("Need Authorization")},
};

static const struct valname icmp_extecho_codes[] = {
	{0, N_("No error")},
	{1, N_("Malformed Query")},
	{2, N_("No Such Interface")},
	{3, N_("No Such Table Entry")},
	{4, N_("Multiple Interfaces Satisfy Query")},
};

/* The code names of the types that have them. */
static const struct valnames_by icmp_codes[] = {
	{3, VALNAMES_TAB(icmp_unreach_codes)},
	{5, VALNAMES_TAB(icmp_redirect_codes)},
	{9, VALNAMES_TAB(icmp_rtradvert_codes)},
	{11, VALNAMES_TAB(icmp_ttl_codes)},
	{12, VALNAMES_TAB(icmp_param_codes)},
	{40, VALNAMES_TAB(icmp_photuris_codes)},
	{42, icmp_extecho_codes, 1}, /* a request defines "No error" only */
	{43, VALNAMES_TAB(icmp_extecho_codes)},
};

const char *
icmp_type_name(unsigned type)
{
	return valnames_find(VALNAMES_TAB(icmp_types), type);
}

/* The name of TYPE sent with CODE: a router advertisement with code
 * 16 is Mobile IP's (RFC 5944). */
static const char *
icmp_type_code_name(long type, long code)
{
	if (type == 9 && code == 16)
		return N_("Mobile IP Advertisement");
	return valnames_find(VALNAMES_TAB(icmp_types), (uint64_t)type);
}

/* The code's name for TYPE, as Wireshark shows it after the number
 * ("3 (Port unreachable)"): false when the type has no code names. A
 * code the type does not define is "Unknown code: N" (BUF). */
static bool
icmp_code_name(long type, long code, char *buf, size_t size)
{
	const struct valnames_by *codes =
		valnames_by_key(VALNAMES_TAB(icmp_codes), (uint64_t)type);
	const char *name;

	if (codes == NULL)
		return false;
	name = valnames_find(codes->names, codes->count, (uint64_t)code);
	if (name)
		snprintf(buf, size, "%s", _(name));
	else
		snprintf(buf, size, _("Unknown code: %ld"), code);
	return true;
}

/* What the Info column shows of a message: the nodes found (-1: not in
 * the tree) and their values. */
struct icmp_info {
	int type, code, ident, seq;
	uint8_t type_v, code_v;
	uint16_t ident_v, seq_v;
};

/* tshark's Info: the type's name padded to 20, the code's name, and
 * for a query or its reply (echo, timestamp, information, address mask)
 * its identifier, its sequence number read both ways round and the TTL
 * of the IP header carrying it. */
static void
icmp_info(const struct dissect *d, const struct icmp_info *ii)
{
	struct tree *t = d->t;
	long type = ii->type >= 0 ? ii->type_v : -1;
	long code = ii->code >= 0 ? ii->code_v : 0;
	const char *name;
	char cname[64];

	if (t == NULL || type < 0)
		return;
	name = icmp_type_code_name(type, code);
	tree_info(t, PROTO_ICMP, "%-20s",
		  name ? _(name) : _("Unknown ICMP (obsolete or malformed?)"));
	if (icmp_code_name(type, code, cname, sizeof(cname)))
		tree_info(t, PROTO_ICMP, " (%s)", cname);
	if (!(type == 0 || type == 8 || (type >= 13 && type <= 18)))
		return;
	if (ii->ident >= 0)
		tree_info(t, PROTO_ICMP, " id=0x%04x", ii->ident_v);
	if (ii->seq >= 0)
		tree_info(t, PROTO_ICMP, ", seq=%u/%u", ii->seq_v,
			  (unsigned)(ii->seq_v >> 8 | (ii->seq_v & 0xff) << 8));
	if (d->ip_ttl_node >= 0) {
		tree_info(t, PROTO_ICMP, ", ttl=");
		tree_info_node(t, PROTO_ICMP, d->ip_ttl_node);
	}
}

/* The type and code nodes read as tshark -V shows them: "8 (Echo
 * (ping) request)", "3 (Port unreachable)"; a code without a name stays
 * a number. */
static void
icmp_tree_names(struct tree *t, const struct icmp_info *ii)
{
	const char *name = icmp_type_code_name(ii->type_v, ii->code_v);
	char cname[64];

	tree_shown(t, ii->type, "%u (%s)", ii->type_v,
		   name ? _(name) : _("Unknown ICMP (obsolete or malformed?)"));
	if (icmp_code_name(ii->type_v, ii->code_v, cname, sizeof(cname)))
		tree_shown(t, ii->code, "%u (%s)", ii->code_v, cname);
}

/* Types whose body, after 4 unused bytes, is the start of the datagram
 * that caused them: unreachable, source quench, redirect, time exceeded,
 * parameter problem. */
static bool
icmp_is_error(uint8_t type)
{
	return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

/* Node N (< 0: none) reads "30141 (0x75bd)": decimal and hex, as tshark
 * shows identifiers and sequence numbers. */
static void
icmp_tree_both(struct tree *t, int n, unsigned v, int digits)
{
	tree_shown(t, n, "%u (0x%0*x)", v, digits, v);
}

/* Tree only: identifier and sequence of the query/reply pairs (echo,
 * timestamp, information, address mask; RFC 8335 extended echo has an
 * 8-bit sequence of its own). Wireshark shows both byte orders, since
 * hosts fill them in their own. */
static void
icmp_tree_ident(struct tree *t, const struct cursor *c, uint8_t type,
		size_t off, struct icmp_info *ii)
{
	struct cursor q = *c;
	const uint8_t *e = cursor_ptr(&q, 4);
	bool query = type == ICMP_ECHO_REPLY || type == ICMP_ECHO ||
		     (type >= 13 && type <= 18);
	bool extended = type == 42 || type == 43;

	if (!e || (!query && !extended))
		return;
	ii->ident = tree_uint(t, "icmp.ident", "Identifier (BE)", off + 4, 2,
			      wire_be16(e));
	ii->ident_v = wire_be16(e);
	icmp_tree_both(t, ii->ident, wire_be16(e), 4);
	icmp_tree_both(t,
		       tree_uint(t, "icmp.ident_le", "Identifier (LE)",
				 off + 4, 2, (uint16_t)(e[1] << 8 | e[0])),
		       (uint16_t)(e[1] << 8 | e[0]), 4);
	if (!query) {
		/* RFC 8335 section 2: an 8-bit sequence number */
		icmp_tree_both(t,
			       tree_uint(t, "icmp.ext.echo.seq",
					 "Sequence Number", off + 6, 1, e[2]),
			       e[2], 2);
		return;
	}
	ii->seq = tree_uint(t, "icmp.seq", "Sequence Number (BE)", off + 6, 2,
			    wire_be16(e + 2));
	ii->seq_v = wire_be16(e + 2);
	icmp_tree_both(t, ii->seq, wire_be16(e + 2), 4);
	icmp_tree_both(t,
		       tree_uint(t, "icmp.seq_le", "Sequence Number (LE)",
				 off + 6, 2, (uint16_t)(e[3] << 8 | e[2])),
		       (uint16_t)(e[3] << 8 | e[2]), 4);
}

void
icmp_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;
	struct icmp_info ii = { .type = -1, .code = -1, .ident = -1,
				.seq = -1 };

	s->layers |= 1ull << PROTO_ICMP;
	tree_push(d->t, "icmp", "Internet Control Message Protocol", off, 0);
	tree_column(d->t, PROTO_ICMP, true);
	p = cursor_ptr(c, ICMP_HEADER);
	if (!p) {
		icmp_info(d, &ii);
		dissect_stop(d, PROTO_ICMP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	s->l4_proto = PROTO_ICMP;
	s->icmp_type = p[0];
	if (d->t) {
		ii.type = tree_uint(d->t, "icmp.type", "Type", off, 1, p[0]);
		ii.code = tree_uint(d->t, "icmp.code", "Code", off + 1, 1,
				    p[1]);
		ii.type_v = p[0];
		ii.code_v = p[1];
		icmp_tree_names(d->t, &ii);
		tree_hex(d->t, "icmp.checksum", "Checksum", off + 2, 2,
			 wire_be16(p + 2), 4);
		icmp_tree_ident(d->t, c, p[0], off, &ii);
		icmp_info(d, &ii);
		if (icmp_is_error(p[0]) && cursor_skip(c, 4)) {
			d->quoted++;
			dissect_inner(c, d, ipv4_dissect);
			d->quoted--;
		}
	}
	tree_pop(d->t, c->end);
}

/* IGMP's version is not in the packet: the type and the length tell
 * (RFC 3376 section 7.1). */
static unsigned
igmp_version(uint8_t type, uint8_t max_resp, size_t len)
{
	switch (type) {
	case 0x11:
		return len >= 12 ? 3 : max_resp == 0 ? 1 : 2;
	case 0x12:
		return 1;
	case 0x16:
	case 0x17:
		return 2;
	case 0x22:
		return 3;
	default:
		return 0;
	}
}

void
igmp_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	size_t len = cursor_left(c);
	const uint8_t *p;
	unsigned version;

	d->s->layers |= 1ull << PROTO_IGMP;
	tree_push(d->t, "igmp", "Internet Group Management Protocol", off, 0);
	p = cursor_ptr(c, IGMP_HEADER);
	if (!p) {
		dissect_stop(d, PROTO_IGMP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (!d->t)
		return;
	version = igmp_version(p[0], p[1], len);
	if (version == 0) {
		/* DVMRP, PIMv1, mtrace...: other protocols on IGMP's number */
		tree_pop(d->t, c->end);
		return;
	}
	tree_uint(d->t, "igmp.version", "IGMP Version", off, 0, version);
	tree_hex(d->t, "igmp.type", "Type", off, 1, p[0], 2);
	if (p[0] != IGMP_V3_REPORT)
		tree_uint(d->t, "igmp.max_resp", "Max Resp Time", off + 1, 1,
			  p[1]);
	tree_hex(d->t, "igmp.checksum", "Checksum", off + 2, 2,
		 wire_be16(p + 2), 4);
	if (p[0] != IGMP_V3_REPORT) {
		tree_ipv4(d->t, "igmp.maddr", "Multicast Address", off + 4,
			  p + 4);
	} else {
		/* Group records (RFC 3376 section 4.2.4): type, aux words,
		 * source count, group, sources, aux data. */
		unsigned n = wire_be16(p + 6);

		tree_uint(d->t, "igmp.num_grp_recs", "Num Group Records",
			  off + 6, 2, n);
		for (unsigned i = 0; i < n && cursor_has(c, 8); i++) {
			size_t r = c->pos;
			const uint8_t *g = cursor_ptr(c, 8);
			size_t skip;

			tree_uint(d->t, "igmp.record_type", "Record Type", r, 1,
				  g[0]);
			tree_ipv4(d->t, "igmp.maddr", "Multicast Address", r + 4,
				  g + 4);
			skip = (size_t)wire_be16(g + 2) * 4 + (size_t)g[1] * 4;
			if (!cursor_skip(c, skip))
				break;
		}
	}
	tree_pop(d->t, c->end);
}

const struct proto_desc icmp_proto = {
	.id = PROTO_ICMP,
	.name = "icmp",
	.label = "ICMP",
	.tree_name = "icmp",
	.column = "ICMP",
	.layer = PROTO_LAYER_TRANSPORT,
};

const struct proto_desc igmp_proto = {
	.id = PROTO_IGMP,
	.name = "igmp",
	.label = "IGMP",
	.tree_name = "igmp",
	.layer = PROTO_LAYER_TRANSPORT,
};
