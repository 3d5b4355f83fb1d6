/*
 * icmpv6: ICMPv6 (RFC 4443) and the neighbour discovery messages
 * (RFC 4861) people look for. Error messages quote the offending packet;
 * only the drill-down tree reads it.
 */
#include "config.h"

#include "decode/proto/icmpv6.h"

#include <stdio.h>

#include "base/i18n.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/wire.h"
#include "decode/valnames.h"

#define ICMPV6_HEADER 4
#define ICMPV6_ECHO_REQUEST 128
#define ICMPV6_ECHO_REPLY 129
#define ICMPV6_RS 133
#define ICMPV6_RA 134
#define ICMPV6_NS 135
#define ICMPV6_NA 136

/* Sorted by value, as every table here. */
static const struct valname icmpv6_types[] = {
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
	{138, N_("Router Renumbering")},
	{139, N_("Node Information Query")},
	{140, N_("Node Information Reply")},
	{143, N_("Multicast Listener Report Message v2")},
};

const char *
icmpv6_type_name(unsigned type)
{
	return valnames_find(VALNAMES_TAB(icmpv6_types), type);
}

/* Code names of the error and node information types, as Wireshark
 * spells them (RFC 4443, 4884, 7112, 4620). */
static const struct valname icmpv6_unreach_codes[] = {
	{0, N_("no route to destination")},
	{1, N_("Administratively prohibited")},
	{2, N_("Beyond scope of source address")},
	{3, N_("Address unreachable")},
	{4, N_("Port unreachable")},
	{5, N_("Source address failed ingress/egress policy")},
	{6, N_("Reject route to destination")},
	{7, N_("Error in Source Routing Header")},
};
static const struct valname icmpv6_timex_codes[] = {
	{0, N_("hop limit exceeded in transit")},
	{1, N_("fragment reassembly time exceeded")},
};
static const struct valname icmpv6_param_codes[] = {
	{0, N_("erroneous header field encountered")},
	{1, N_("unrecognized Next Header type encountered")},
	{2, N_("unrecognized IPv6 option encountered")},
	{3, N_("IPv6 First Fragment has incomplete IPv6 Header Chain")},
};
static const struct valname icmpv6_niq_codes[] = {
	{0, N_("Query subject = IPv6 addresses")},
	{1, N_("Query subject = DNS name or empty")},
	{2, N_("Query subject = IPv4 addresses")},
};
static const struct valname icmpv6_nir_codes[] = {
	{0, N_("Successful")},
	{1, N_("Refused")},
	{2, N_("Unknown query type")},
};

/* The code names of the types that have them. */
static const struct valnames_by icmpv6_codes[] = {
	{1, VALNAMES_TAB(icmpv6_unreach_codes)},
	{3, VALNAMES_TAB(icmpv6_timex_codes)},
	{4, VALNAMES_TAB(icmpv6_param_codes)},
	{139, VALNAMES_TAB(icmpv6_niq_codes)},
	{140, VALNAMES_TAB(icmpv6_nir_codes)},
};

/* The name of CODE of TYPE into BUF ("Address unreachable"), false when
 * the type has no code names (tshark then shows the number alone). */
static bool
icmpv6_code_name(unsigned type, unsigned code, char *buf, size_t size)
{
	const struct valnames_by *codes =
		valnames_by_key(VALNAMES_TAB(icmpv6_codes), type);
	const char *name;

	if (codes == NULL)
		return false;
	name = valnames_find(codes->names, codes->count, code);
	if (name)
		snprintf(buf, size, "%s", _(name));
	else if (type == 1)
		snprintf(buf, size, "%s", _("Unknown"));
	else
		snprintf(buf, size, _("Unknown (%u)"), code);
	return true;
}

/* An echo's identifier and sequence number, for the Info. */
struct icmpv6_echo {
	bool seen;
	uint16_t ident, seq;
};

/* tshark's Info: the type's name, a neighbour message's target (and an
 * advertisement's flags), and the link-layer address its options carry
 * (" from ..." for a solicitation or a router's message, " is at ..."
 * for an advertisement). TYPE is -1 when its node is not in the tree;
 * TARGET and LLADDR the nodes or -1; NA_FLAGS the advertisement's
 * flags word. */
static void
icmpv6_info(struct tree *t, long type, long code, int target, int lladdr,
	    uint32_t na_flags, const struct icmpv6_echo *echo)
{
	const char *name;
	bool first = true;
	char cname[80];

	if (t == NULL)
		return;
	name = type >= 0 ? icmpv6_type_name((unsigned)type) : NULL;
	if (!name) {
		tree_info(t, PROTO_ICMPV6, _("Type %lld"), (long long)type);
		return;
	}
	tree_info(t, PROTO_ICMPV6, "%s", _(name));
	if (code >= 0 &&
	    icmpv6_code_name((unsigned)type, (unsigned)code, cname,
			     sizeof(cname)))
		tree_info(t, PROTO_ICMPV6, " (%s)", cname);
	if ((type == ICMPV6_ECHO_REQUEST || type == ICMPV6_ECHO_REPLY) &&
	    echo && echo->seen) {
		/* tshark: " id=0x0000, seq=0, hop limit=64" of the IPv6
		 * header carrying it (the last one before this layer) */
		int hl = -1, k = -1;

		while ((k = tree_find(t, "ipv6.hlim", k + 1)) >= 0)
			hl = k;
		tree_info(t, PROTO_ICMPV6, " id=0x%04x, seq=%u", echo->ident,
			  echo->seq);
		if (hl >= 0) {
			tree_info(t, PROTO_ICMPV6, ", hop limit=");
			tree_info_node(t, PROTO_ICMPV6, hl);
		}
	}
	if ((type == ICMPV6_NS || type == ICMPV6_NA) && target >= 0) {
		tree_info(t, PROTO_ICMPV6, "%s",
			  type == ICMPV6_NS ? _(" for ") : " ");
		tree_info_node(t, PROTO_ICMPV6, target);
	}
	if (type == ICMPV6_NA && (na_flags & 0xe0000000u)) {
		static const char *const names[] = {"rtr", "sol", "ovr"};

		tree_info(t, PROTO_ICMPV6, " (");
		for (unsigned k = 0; k < 3; k++) {
			if (!(na_flags & (0x80000000u >> k)))
				continue;
			tree_info(t, PROTO_ICMPV6, "%s%s", first ? "" : ", ",
				  names[k]);
			first = false;
		}
		tree_info(t, PROTO_ICMPV6, ")");
	}
	if (lladdr >= 0) {
		tree_info(t, PROTO_ICMPV6, "%s",
			  type == ICMPV6_NA ? _(" is at ") : _(" from "));
		tree_info_node(t, PROTO_ICMPV6, lladdr);
	}
}

/* Neighbour discovery options (RFC 4861 section 4.6): type, length in
 * units of 8 bytes; a zero length ends the list (it would never end). */
static void
icmpv6_tree_nd_options(struct tree *t, struct cursor *c, int *lladdr)
{
	while (cursor_has(c, 2)) {
		size_t off = c->pos;
		int type = cursor_peek_u8(c, 0);
		int units = cursor_peek_u8(c, 1);
		struct cursor o;
		const uint8_t *p;
		size_t n;

		tree_push(t, "icmpv6.opt", "ICMPv6 Option", off,
			  (size_t)units * 8);
		tree_uint(t, "icmpv6.opt.type", "Type", off, 1, (unsigned)type);
		tree_uint(t, "icmpv6.opt.length", "Length", off + 1, 1,
			  (unsigned)units);
		if (units == 0) {
			tree_flag(t, TREE_FLAG_MALFORMED);
			tree_pop(t, off + 2);
			return;
		}
		/* The option's body, as much of it as was captured. */
		o = cursor_sub(c, (size_t)units * 8);
		cursor_skip(&o, 2);
		n = cursor_left(&o);
		p = cursor_ptr(&o, n);
		if (p && n >= 6 && (type == 1 || type == 2) && units == 1) {
			int node = tree_mac(
				t,
				type == 1 ? "icmpv6.opt.src_linkaddr"
					  : "icmpv6.opt.target_linkaddr",
				type == 1 ? "Source link-layer address"
					  : "Target link-layer address",
				off + 2, p);

			if (*lladdr < 0)
				*lladdr = node;
		}
		else if (p && n >= 30 && type == 3 && units == 4) {
			tree_uint(t, "icmpv6.opt.prefix.length",
				  "Prefix Length", off + 2, 1, p[0]);
			tree_uint(t, "icmpv6.opt.prefix.valid_lifetime",
				  "Valid Lifetime", off + 4, 4, wire_be32(p + 2));
			tree_uint(t, "icmpv6.opt.prefix.preferred_lifetime",
				  "Preferred Lifetime", off + 8, 4,
				  wire_be32(p + 6));
			tree_ipv6(t, "icmpv6.opt.prefix", "Prefix", off + 16,
				  p + 14);
		} else if (p && n >= 6 && type == 5 && units == 1) {
			tree_uint(t, "icmpv6.opt.mtu", "MTU", off + 4, 4,
				  wire_be32(p + 2));
		}
		tree_pop(t, off + (size_t)units * 8);
		if (!cursor_skip(c, (size_t)units * 8))
			return;
	}
}

/* Tree only: the body of the messages people read in a drill-down. */
static void
icmpv6_tree_body(struct dissect *d, struct cursor *c, uint8_t type,
		 size_t off, int *target, int *lladdr, uint32_t *na_flags,
		 struct icmpv6_echo *echo)
{
	struct cursor q = *c;
	const uint8_t *p;

	switch (type) {
	case ICMPV6_ECHO_REQUEST:
	case ICMPV6_ECHO_REPLY:
		p = cursor_ptr(&q, 4);
		if (!p)
			return;
		tree_hex(d->t, "icmpv6.echo.identifier", "Identifier", off + 4,
			 2, wire_be16(p), 4);
		tree_uint(d->t, "icmpv6.echo.sequence_number", "Sequence",
			  off + 6, 2, wire_be16(p + 2));
		echo->seen = true;
		echo->ident = wire_be16(p);
		echo->seq = wire_be16(p + 2);
		break;
	case ICMPV6_RS:
		if (cursor_skip(&q, 4))
			icmpv6_tree_nd_options(d->t, &q, lladdr);
		break;
	case ICMPV6_RA:
		p = cursor_ptr(&q, 12);
		if (!p)
			return;
		tree_uint(d->t, "icmpv6.nd.ra.cur_hop_limit", "Cur hop limit",
			  off + 4, 1, p[0]);
		tree_hex(d->t, "icmpv6.nd.ra.flag", "Flags", off + 5, 1, p[1], 2);
		tree_uint(d->t, "icmpv6.nd.ra.router_lifetime",
			  "Router lifetime (s)", off + 6, 2, wire_be16(p + 2));
		tree_uint(d->t, "icmpv6.nd.ra.reachable_time",
			  "Reachable time (ms)", off + 8, 4, wire_be32(p + 4));
		tree_uint(d->t, "icmpv6.nd.ra.retrans_timer",
			  "Retrans timer (ms)", off + 12, 4, wire_be32(p + 8));
		icmpv6_tree_nd_options(d->t, &q, lladdr);
		break;
	case ICMPV6_NS:
	case ICMPV6_NA:
		p = cursor_ptr(&q, 20);
		if (!p)
			return;
		if (type == ICMPV6_NA)
			*na_flags = wire_be32(p);
		if (type == ICMPV6_NA)
			tree_hex(d->t, "icmpv6.nd.na.flag", "Flags", off + 4, 4,
				 wire_be32(p), 8);
		*target = tree_ipv6(
			d->t,
			type == ICMPV6_NS
				? TREE_FIELD(FIELD_IPV6,
					     "icmpv6.nd.ns.target_address")
				: TREE_FIELD(FIELD_IPV6,
					     "icmpv6.nd.na.target_address"),
			"Target Address", off + 8, p + 4);
		icmpv6_tree_nd_options(d->t, &q, lladdr);
		break;
	default:
		/* Types 1-4 are errors: 4 bytes, then the packet. */
		if (type >= 1 && type <= 4 && cursor_skip(&q, 4)) {
			d->quoted++;
			dissect_inner(&q, d, ipv6_dissect);
			d->quoted--;
		}
		break;
	}
}

void
icmpv6_dissect(struct cursor *c, struct dissect *d)
{
	struct decode_summary *s = d->s;
	size_t off = c->pos;
	const uint8_t *p;
	int type_node, code_node, target = -1, lladdr = -1;
	uint32_t na_flags = 0;
	char cname[80];
	struct icmpv6_echo echo = {false, 0, 0};

	s->layers |= 1ull << PROTO_ICMPV6;
	tree_push(d->t, "icmpv6", "Internet Control Message Protocol v6", off,
		  0);
	tree_column(d->t, PROTO_ICMPV6, true);
	p = cursor_ptr(c, ICMPV6_HEADER);
	if (!p) {
		icmpv6_info(d->t, -1, -1, -1, -1, 0, NULL);
		dissect_stop(d, PROTO_ICMPV6, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	s->l4_proto = PROTO_ICMPV6;
	s->icmp_type = p[0];
	if (d->t) {
		type_node = tree_uint(d->t, "icmpv6.type", "Type", off, 1,
				      p[0]);
		code_node = tree_uint(d->t, "icmpv6.code", "Code", off + 1, 1,
				      p[1]);
		if (icmpv6_code_name(p[0], p[1], cname, sizeof(cname)))
			tree_shown(d->t, code_node, "%u (%s)", p[1], cname);
		tree_hex(d->t, "icmpv6.checksum", "Checksum", off + 2, 2,
			 wire_be16(p + 2), 4);
		icmpv6_tree_body(d, c, p[0], off, &target, &lladdr,
				 &na_flags, &echo);
		icmpv6_info(d->t, type_node >= 0 ? p[0] : -1,
			    code_node >= 0 ? p[1] : -1, target, lladdr,
			    na_flags, &echo);
	}
	tree_pop(d->t, c->end);
}

const struct proto_desc icmpv6_proto = {
	.id = PROTO_ICMPV6,
	.name = "icmpv6",
	.label = "ICMPv6",
	.tree_name = "icmpv6",
	.column = "ICMPv6",
	.layer = PROTO_LAYER_TRANSPORT,
};
