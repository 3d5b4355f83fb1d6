/*
 * arp: ARP (RFC 826). Only Ethernet/IPv4 addresses get named fields;
 * other sizes are walked by their declared lengths.
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
	if (d->t && ether_ipv4) {
		size_t o = off + ARP_FIXED;

		sha = tree_mac(d->t, "arp.src.hw_mac", "Sender MAC address", o,
			       a);
		spa = tree_ipv4(d->t, "arp.src.proto_ipv4",
				"Sender IP address", o + 6, a + 6);
		tree_mac(d->t, "arp.dst.hw_mac", "Target MAC address", o + 10,
			 a + 10);
		tpa = tree_ipv4(d->t, "arp.dst.proto_ipv4",
				"Target IP address", o + 16, a + 16);
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
