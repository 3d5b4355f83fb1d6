/*
 * arp: ARP (RFC 826). Addresses of any declared size: MACs and IPv4
 * addresses by name, others as byte strings, as tshark shows them.
 */
#include "config.h"

#include "decode/proto/arp.h"

#include "base/i18n.h"
#include "decode/proto/wire.h"

#define ARP_FIXED 8

/* The packet list's Info, as tshark words it: OP is the opcode (-1 when
 * the field is not there), the others the nodes of the addresses. */
static void
arp_info(struct tree *t, long op, int sha, int spa, int tpa)
{
	if (t == NULL)
		return;
	if (op == 1 && spa >= 0 && tpa >= 0) {
		tree_info(t, PROTO_ARP, "%s", _("Who has "));
		tree_info_node(t, PROTO_ARP, tpa);
		tree_info(t, PROTO_ARP, "%s", _("? Tell "));
		tree_info_node(t, PROTO_ARP, spa);
	} else if (op == 2 && spa >= 0 && sha >= 0) {
		tree_info_node(t, PROTO_ARP, spa);
		tree_info(t, PROTO_ARP, "%s", _(" is at "));
		tree_info_node(t, PROTO_ARP, sha);
	} else {
		tree_info(t, PROTO_ARP, _("Opcode %lld"), (long long)op);
	}
}

/* The four addresses, each with its field for the common size (a MAC,
 * an IPv4 address) and tshark's byte-string field for any other. */
enum arp_address { ARP_SENDER_HW, ARP_SENDER_PROTO, ARP_TARGET_HW,
		   ARP_TARGET_PROTO };

static const struct {
	const char *field, *label;         /* the common size */
	const char *any_field, *any_label; /* any other size */
} arp_fields[] = {
	[ARP_SENDER_HW] = { TREE_FIELD(FIELD_ETHER, "arp.src.hw_mac"),
			    "Sender MAC address",
			    "arp.src.hw", "Sender hardware address" },
	[ARP_SENDER_PROTO] = { TREE_FIELD(FIELD_IPV4, "arp.src.proto_ipv4"),
			       "Sender IP address",
			       "arp.src.proto", "Sender protocol address" },
	[ARP_TARGET_HW] = { TREE_FIELD(FIELD_ETHER, "arp.dst.hw_mac"),
			    "Target MAC address",
			    "arp.dst.hw", "Target hardware address" },
	[ARP_TARGET_PROTO] = { TREE_FIELD(FIELD_IPV4, "arp.dst.proto_ipv4"),
			       "Target IP address",
			       "arp.dst.proto", "Target protocol address" },
};

/* One address of N bytes at P (offset OFF); COMMON when it has the
 * common size. Returns its node, -1 when N is 0 (tshark shows none). */
static int
arp_address(struct tree *t, enum arp_address which, bool common, size_t off,
	    const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char s[2 * UINT8_MAX + 1];
	size_t i;

	if (n == 0)
		return -1;
	if (common && (which == ARP_SENDER_HW || which == ARP_TARGET_HW))
		return tree_mac(t, arp_fields[which].field,
				arp_fields[which].label, off, p);
	if (common)
		return tree_ipv4(t, arp_fields[which].field,
				 arp_fields[which].label, off, p);
	for (i = 0; i < n && i < UINT8_MAX; i++) {
		s[2 * i] = hex[p[i] >> 4];
		s[2 * i + 1] = hex[p[i] & 0xf];
	}
	s[2 * i] = '\0';
	return tree_do_add(t, arp_fields[which].any_field,
			   arp_fields[which].any_label, off, n, "%s", s);
}

void
arp_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p, *a;
	unsigned hlen, plen;
	bool ether_ipv4;
	int sha = -1, spa = -1, tpa = -1;
	long op = -1;

	d->s->layers |= 1ull << PROTO_ARP;
	tree_push(d->t, "arp", "Address Resolution Protocol", off, 0);
	tree_column(d->t, PROTO_ARP, false);
	p = cursor_ptr(c, ARP_FIXED);
	if (!p) {
		arp_info(d->t, op, sha, spa, tpa);
		dissect_stop(d, PROTO_ARP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	hlen = p[4];
	plen = p[5];
	ether_ipv4 = wire_be16(p + 2) == 0x0800 && hlen == 6 && plen == 4;
	if (d->t) {
		tree_uint(d->t, "arp.hw.type", "Hardware type", off, 2,
			  wire_be16(p));
		tree_hex(d->t, "arp.proto.type", "Protocol type", off + 2, 2,
			 wire_be16(p + 2), 4);
		tree_uint(d->t, "arp.hw.size", "Hardware size", off + 4, 1,
			  hlen);
		tree_uint(d->t, "arp.proto.size", "Protocol size", off + 5, 1,
			  plen);
		if (tree_uint(d->t, "arp.opcode", "Opcode", off + 6, 2,
			      wire_be16(p + 6)) >= 0)
			op = wire_be16(p + 6);
	}
	a = cursor_ptr(c, 2 * (hlen + plen));
	if (!a) {
		arp_info(d->t, op, sha, spa, tpa);
		dissect_stop(d, PROTO_ARP, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	if (d->t) {
		size_t o = off + ARP_FIXED;
		bool ipv4 = wire_be16(p + 2) == 0x0800 && plen == 4;

		sha = arp_address(d->t, ARP_SENDER_HW, hlen == 6, o, a, hlen);
		spa = arp_address(d->t, ARP_SENDER_PROTO, ipv4, o + hlen,
				  a + hlen, plen);
		arp_address(d->t, ARP_TARGET_HW, hlen == 6, o + hlen + plen,
			    a + hlen + plen, hlen);
		tpa = arp_address(d->t, ARP_TARGET_PROTO, ipv4,
				  o + 2 * hlen + plen, a + 2 * hlen + plen,
				  plen);
		if (ether_ipv4)
			tree_title(d->t, "Sender", spa, "Target", tpa);
	}
	arp_info(d->t, op, sha, spa, tpa);
	tree_pop(d->t, c->pos);
}

const struct proto_desc arp_proto = {
	.id = PROTO_ARP,
	.name = "arp",
	.label = "ARP",
	.tree_name = "arp",
	.column = "ARP",
	.layer = PROTO_LAYER_NETWORK,
};
