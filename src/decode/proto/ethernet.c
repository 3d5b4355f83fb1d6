/*
 * ethernet: Ethernet II and IEEE 802.3 frames, and the 802.1Q / 802.1ad
 * tags that may be stacked behind them (IEEE 802.3, IEEE 802.1Q).
 * An EtherType of 1500 or less is an 802.3 length and LLC follows.
 */
#include "config.h"

#include "decode/proto/ethernet.h"

#include "decode/proto/llc.h"
#include "decode/proto/wire.h"

#define ETHERNET_MAX_LENGTH 1500 /* larger values are EtherTypes */
#define ETHERNET_MIN_TYPE 0x0600

/* Type-or-length after a MAC header or a tag: route it. */
static void
ethernet_next(struct cursor *c, struct dissect *d, uint16_t type)
{
	if (type <= ETHERNET_MAX_LENGTH) {
		/* 802.3: what follows the length is padding, not LLC. */
		cursor_limit(c, type);
		llc_dissect(c, d);
		return;
	}
	if (type < ETHERNET_MIN_TYPE) {
		if (d->s->status == DECODE_OK)
			d->s->status = DECODE_UNDECODED;
		return;
	}
	dissect_ethertype(c, d, type);
}

void
ethernet_dissect(struct cursor *c, struct dissect *d)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t type;

	d->s->layers |= 1ull << PROTO_ETHERNET;
	tree_push(d->t, "eth", "Ethernet II", off, 14);
	tree_column(d->t, PROTO_ETHERNET, false);
	p = cursor_ptr(c, 14);
	if (!p) {
		dissect_stop(d, PROTO_ETHERNET, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	type = wire_be16(p + 12);
	if (d->t) {
		int dst = tree_mac(d->t, "eth.dst", "Destination", off, p);
		int src = tree_mac(d->t, "eth.src", "Source", off + 6, p + 6);

		tree_title(d->t, "Src", src, "Dst", dst);
		tree_column_addrs(d->t, src, dst);
		if (type <= ETHERNET_MAX_LENGTH)
			tree_uint(d->t, "eth.len", "Length", off + 12, 2, type);
		else
			tree_hex(d->t, "eth.type", "Type", off + 12, 2, type, 4);
	}
	tree_pop(d->t, off + 14);
	ethernet_next(c, d, type);
}

/* Wireshark names a C-tag's fields vlan.* and an S-tag's ieee8021ad.*;
 * only C-tags count as the "vlan" protocol. */
struct vlan_names {
	const char *proto, *label, *priority, *dei, *id, *etype, *len;
	bool c_tag;
};

static const struct vlan_names vlan_ctag = {
	"vlan", "802.1Q Virtual LAN",
	TREE_FIELD(FIELD_UINT, "vlan.priority"), "vlan.dei",
	TREE_FIELD(FIELD_UINT, "vlan.id"), TREE_FIELD(FIELD_UINT, "vlan.etype"),
	TREE_FIELD(FIELD_UINT, "vlan.len"), true,
};

static const struct vlan_names vlan_stag = {
	"ieee8021ad", "IEEE 802.1ad",
	TREE_FIELD(FIELD_UINT, "ieee8021ad.priority"), "ieee8021ad.dei",
	TREE_FIELD(FIELD_UINT, "ieee8021ad.id"), NULL, NULL, false,
};

static void
vlan_dissect_tag(struct cursor *c, struct dissect *d,
		 const struct vlan_names *n)
{
	size_t off = c->pos;
	const uint8_t *p;
	uint16_t tci, type;

	if (n->c_tag)
		d->s->layers |= 1ull << PROTO_VLAN;
	tree_push(d->t, n->proto, n->label, off, 4);
	if (n->c_tag)
		tree_column(d->t, PROTO_VLAN, false);
	p = cursor_ptr(c, 4);
	if (!p) {
		dissect_stop(d, PROTO_VLAN, DECODE_TRUNCATED);
		tree_pop(d->t, c->end);
		return;
	}
	tci = wire_be16(p);
	type = wire_be16(p + 2);
	/* The outermost tag names the VLAN (vid 0 only tags priority). */
	if (d->s->vlan_id == 0)
		d->s->vlan_id = tci & 0x0fff;
	if (d->t) {
		tree_uint(d->t, n->priority, "Priority", off, 2, tci >> 13);
		tree_uint(d->t, n->dei, "DEI", off, 2, (tci >> 12) & 1);
		tree_uint(d->t, n->id, "ID", off, 2, tci & 0x0fff);
		if (type <= ETHERNET_MAX_LENGTH)
			tree_uint(d->t, n->len, "Length", off + 2, 2, type);
		else
			tree_hex(d->t, n->etype, "Type", off + 2, 2, type, 4);
	}
	tree_pop(d->t, off + 4);
	ethernet_next(c, d, type);
}

void
vlan_dissect(struct cursor *c, struct dissect *d)
{
	vlan_dissect_tag(c, d, &vlan_ctag);
}

/* 802.1ad S-tag (TPID 0x88a8): the same layout as a C-tag. */
void
vlan_dissect_8021ad(struct cursor *c, struct dissect *d)
{
	vlan_dissect_tag(c, d, &vlan_stag);
}

const struct proto_desc ethernet_proto = {
	.id = PROTO_ETHERNET,
	.name = "ethernet",
	.label = "Ethernet",
	.tree_name = "eth",
	.column = "Ethernet",
	.layer = PROTO_LAYER_LINK,
};

const struct proto_desc vlan_proto = {
	.id = PROTO_VLAN,
	.name = "vlan",
	.label = "802.1Q VLAN",
	.tree_name = "vlan",
	.column = "802.1Q",
	.layer = PROTO_LAYER_LINK,
};
