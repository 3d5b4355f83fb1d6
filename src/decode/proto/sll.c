/*
 * sll: Linux "cooked" capture headers written for `-i any` and for
 * devices without a link header: SLL v1 (16 bytes) and SLL2 (20 bytes),
 * as documented in pcap-linktype(7) (LINKTYPE_LINUX_SLL, _SLL2).
 */
#include "config.h"

#include "decode/proto/sll.h"

#include "decode/proto/llc.h"
#include "decode/proto/wire.h"

#define SLL_ARPHRD_ETHER 1
#define SLL_ARPHRD_NETLINK 824
#define SLL_P_802_2 0x0004 /* the protocol field says "LLC follows" */

/* The protocol field is an EtherType, except for a few small values
 * (Linux ETH_P_802_2 and friends) and for netlink frames. */
static void
sll_next(struct cursor *c, struct dissect *d, uint16_t hatype, uint16_t proto)
{
	if (hatype == SLL_ARPHRD_NETLINK || proto < 0x0600) {
		if (proto == SLL_P_802_2 && hatype != SLL_ARPHRD_NETLINK) {
			llc_dissect(c, d);
			return;
		}
		if (d->s->status == DECODE_OK)
			d->s->status = DECODE_UNDECODED;
		return;
	}
	dissect_ethertype(c, d, proto);
}

static void
sll_tree_addr(struct tree *t, size_t off, uint16_t hatype, unsigned halen,
	      const uint8_t *a)
{
	if (!t)
		return;
	if (hatype == SLL_ARPHRD_ETHER && halen == 6)
		tree_mac(t, "sll.src.eth", "Source", off, a);
}

/* Opens the header's subtree; NULL when the header is cut (the
 * dissection then stops there). */
static const uint8_t *
sll_open(struct cursor *c, struct dissect *d, enum proto_id id,
	 const char *label, size_t len)
{
	const uint8_t *p;

	d->s->layers |= 1ull << id;
	tree_push(d->t, "sll", label, c->pos, len);
	p = cursor_ptr(c, len);
	if (!p) {
		dissect_stop(d, id, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
	}
	return p;
}

/* The protocol field, named as sll_next reads it. */
static void
sll_tree_protocol(struct tree *t, size_t off, uint16_t hatype, uint16_t proto)
{
	if (proto >= 0x0600 && hatype != SLL_ARPHRD_NETLINK)
		tree_hex(t, "sll.etype", "Protocol", off, 2, proto, 4);
	else
		tree_hex(t, "sll.ltype", "Protocol", off, 2, proto, 4);
}

void
sll_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t hatype, proto;

	p = sll_open(c, d, PROTO_SLL, "Linux cooked capture v1", 16);
	if (!p)
		return;
	hatype = wire_be16(p + 2);
	proto = wire_be16(p + 14);
	tree_uint(d->t, "sll.pkttype", "Packet type", off, 2, wire_be16(p));
	tree_uint(d->t, "sll.hatype", "Link-layer address type", off + 2, 2,
		  hatype);
	tree_uint(d->t, "sll.halen", "Link-layer address length", off + 4, 2,
		  wire_be16(p + 4));
	sll_tree_addr(d->t, off + 6, hatype, wire_be16(p + 4), p + 6);
	sll_tree_protocol(d->t, off + 14, hatype, proto);
	tree_pop(d->t, off + 16);
	sll_next(c, d, hatype, proto);
}

void
sll2_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t hatype, proto;

	p = sll_open(c, d, PROTO_SLL2, "Linux cooked capture v2", 20);
	if (!p)
		return;
	proto = wire_be16(p);
	hatype = wire_be16(p + 8);
	sll_tree_protocol(d->t, off, hatype, proto);
	tree_uint(d->t, "sll.ifindex", "Interface index", off + 4, 4,
		  wire_be32(p + 4));
	tree_uint(d->t, "sll.hatype", "Link-layer address type", off + 8, 2,
		  hatype);
	tree_uint(d->t, "sll.pkttype", "Packet type", off + 10, 1, p[10]);
	tree_uint(d->t, "sll.halen", "Link-layer address length", off + 11, 1,
		  p[11]);
	sll_tree_addr(d->t, off + 12, hatype, p[11], p + 12);
	tree_pop(d->t, off + 20);
	sll_next(c, d, hatype, proto);
}

const struct proto_desc sll_proto = {
	.id = PROTO_SLL,
	.name = "sll",
	.label = "Linux cooked",
	.tree_name = "sll",
	.layer = PROTO_LAYER_LINK,
};

/* Its subtree is named sll too, as Wireshark's is: the marks call it
 * by v1's label. */
const struct proto_desc sll2_proto = {
	.id = PROTO_SLL2,
	.name = "sll2",
	.label = "Linux cooked v2",
	.layer = PROTO_LAYER_LINK,
};
