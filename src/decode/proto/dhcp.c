/*
 * dhcp: BOOTP (RFC 951) with the DHCP magic cookie and options (RFC 2131
 * section 2, RFC 2132). The cookie 99.130.83.99 after the fixed 236-byte
 * header is the signature; ports 67 and 68 alone make it a guess.
 */
#include "config.h"

#include "decode/proto/app.h"

#include "base/i18n.h"

#include "decode/proto/wire.h"

#define DHCP_FIXED 236
#define DHCP_COOKIE 0x63825363u
#define DHCP_OPT_PAD 0
#define DHCP_OPT_HOSTNAME 12
#define DHCP_OPT_MESSAGE_TYPE 53
#define DHCP_OPT_CLIENT_ID 61
#define DHCP_OPT_END 255

/* The first message type option: its node (-1: none) and value. */
struct dhcp_msgtype {
	int node;
	uint8_t value;
};

static const char *const dhcp_types[] = {
	[1] = "Discover", [2] = "Offer", [3] = "Request", [4] = "Decline",
	[5] = "ACK",      [6] = "NAK",   [7] = "Release", [8] = "Inform",
};

/* tshark's Info: the message type, padded, and the transaction ID (node
 * ID, -1: none). */
static void
dhcp_info(struct tree *t, const struct dhcp_msgtype *mt, int id)
{
	const char *name = NULL;

	if (mt->node >= 0 &&
	    mt->value < sizeof(dhcp_types) / sizeof(dhcp_types[0]))
		name = dhcp_types[mt->value];
	tree_info(t, PROTO_DHCP, "DHCP %-8s", name ? name : "");
	if (id >= 0) {
		tree_info(t, PROTO_DHCP, "%s", _(" - Transaction ID "));
		tree_info_node(t, PROTO_DHCP, id);
	}
}

/* Tree only: the options that people look for first. */
static void
dhcp_tree_options(struct tree *t, struct cursor *c, struct dhcp_msgtype *mt)
{
	while (cursor_left(c) > 0) {
		size_t off = c->pos;
		uint8_t code = cursor_u8(c), len;
		const uint8_t *v;

		if (code == DHCP_OPT_PAD)
			continue;
		if (code == DHCP_OPT_END)
			return;
		len = cursor_u8(c);
		v = cursor_ptr(c, len);
		if (v == NULL) {
			tree_flag(t, TREE_FLAG_MALFORMED);
			return;
		}
		if (code == DHCP_OPT_MESSAGE_TYPE && len == 1) {
			int n = tree_uint(t, "dhcp.option.dhcp", "DHCP",
					  off + 2, 1, v[0]);

			if (mt->node < 0 && n >= 0) {
				mt->node = n;
				mt->value = v[0];
			}
		}
		else if (code == DHCP_OPT_HOSTNAME)
			tree_text_bytes(t, "dhcp.option.hostname",
					"Host Name", off + 2, len, v, len);
		else if (code == DHCP_OPT_CLIENT_ID && len >= 1 && v[0] != 0 &&
			 v[0] != 255) {
			/* a hardware type and address (RFC 2132 9.14); 0 is
			 * a plain string, 255 a DUID (RFC 4361) */
			tree_hex(t, "dhcp.hw.type", "Hardware type", off + 2,
				 1, v[0], 2);
			if (v[0] == 1 && len == 7)
				tree_mac(t, "dhcp.hw.mac_addr",
					 "Client MAC address", off + 3, v + 1);
		}
	}
}

static enum app_verdict
dhcp_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c);
	const uint8_t *p = cursor_ptr(c, DHCP_FIXED + 4);
	bool port = app_port(a, 67) || app_port(a, 68);
	bool cookie = p && wire_be32(p + DHCP_FIXED) == DHCP_COOKIE &&
		      (p[0] == 1 || p[0] == 2);

	if (!cookie && !port)
		return APP_NO;
	if (a->t) {
		struct dhcp_msgtype mt = { .node = -1 };
		int id = -1;

		tree_push(a->t, "dhcp", "Dynamic Host Configuration Protocol",
			  off, left);
		tree_column(a->t, PROTO_DHCP, false);
		if (p) {
			tree_uint(a->t, "dhcp.type", "Message type", off, 1,
				  p[0]);
			tree_hex(a->t, "dhcp.hw.type", "Hardware type",
				 off + 1, 1, p[1], 2);
			tree_uint(a->t, "dhcp.hw.len",
				  "Hardware address length", off + 2, 1, p[2]);
			tree_uint(a->t, "dhcp.hops", "Hops", off + 3, 1, p[3]);
			id = tree_hex(a->t, "dhcp.id", "Transaction ID",
				      off + 4, 4, wire_be32(p + 4), 8);
			tree_uint(a->t, "dhcp.secs", "Seconds elapsed",
				  off + 8, 2, wire_be16(p + 8));
			tree_hex(a->t, "dhcp.flags", "Bootp flags", off + 10,
				 2, wire_be16(p + 10), 4);
			tree_ipv4(a->t, "dhcp.ip.client", "Client IP address",
				  off + 12, p + 12);
			tree_ipv4(a->t, "dhcp.ip.your",
				  "Your (client) IP address", off + 16,
				  p + 16);
			tree_ipv4(a->t, "dhcp.ip.server",
				  "Next server IP address", off + 20, p + 20);
			tree_ipv4(a->t, "dhcp.ip.relay",
				  "Relay agent IP address", off + 24, p + 24);
			if (p[1] == 1 && p[2] == 6)
				tree_mac(a->t, "dhcp.hw.mac_addr",
					 "Client MAC address", off + 28, p + 28);
			if (cookie)
				dhcp_tree_options(a->t, c, &mt);
		} else {
			tree_flag(a->t, TREE_FLAG_TRUNCATED);
		}
		dhcp_info(a->t, &mt, id);
		tree_pop(a->t, off + left);
	}
	return cookie ? APP_YES : APP_MAYBE;
}

const struct proto_desc dhcp_proto = {
	.id = PROTO_DHCP,
	.name = "dhcp",
	.label = "DHCP",
	.tree_name = "dhcp",
	.column = "DHCP",
	.layer = PROTO_LAYER_APP,
	.parse = dhcp_parse,
	.l4 = PROTO_L4_UDP,
	.ports = { 67, 68 },
	.appid_rank = 6,
};
