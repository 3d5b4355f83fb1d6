/*
 * ntp: the NTP packet header (RFC 5905 section 7.3), for mode 6 the
 * control message header (RFC 9327 section 2), and for mode 7 ntpd's
 * private requests (ntpd's ntp_request.h) with their monlist items, the
 * reply amplification attacks abuse. tshark names NTP by
 * port 123 only, so does pktop; the header shape only makes it certain.
 */
#include "config.h"

#include "decode/proto/app.h"

#include "base/i18n.h"

#include "decode/proto/wire.h"

#define NTP_HEADER 48
#define NTP_CONTROL_HEADER 12
#define NTP_MODE_CONTROL 6
#define NTP_MODE_PRIVATE 7

static const char *const ntp_modes[8] = {
	[1] = N_("symmetric active"), [2] = N_("symmetric passive"),
	[3] = N_("client"),           [4] = N_("server"),
	[5] = N_("broadcast"),        [6] = N_("control"),
	[7] = N_("private"),
};

#define NTP_PRIV_HEADER 8
#define NTP_MON_GETLIST_1 42
#define NTP_MONLIST_ITEM 72

/* ntpd's private request codes (ntp_request.h), as tshark names them. */
static const char *const ntp_priv_codes[] = {
	"PEER_LIST", "PEER_LIST_SUM", "PEER_INFO", "PEER_STATS",
	"SYS_INFO", "SYS_STATS", "IO_STATS", "MEM_STATS", "LOOP_INFO",
	"TIMER_STATS", "CONFIG", "UNCONFIG", "SET_SYS_FLAG", "CLR_SYS_FLAG",
	"MONITOR", "NOMONITOR", "GET_RESTRICT", "RESADDFLAGS", "RESSUBFLAGS",
	"UNRESTRICT", "MON_GETLIST", "RESET_STATS", "RESET_PEER",
	"REREAD_KEYS", "DO_DIRTY_HACK", "DONT_DIRTY_HACK", "TRUSTKEY",
	"UNTRUSTKEY", "AUTHINFO", "TRAPS", "ADD_TRAP", "CLR_TRAP",
	"REQUEST_KEY", "CONTROL_KEY", "GET_CTLSTATS", "GET_LEAPINFO",
	"GET_CLOCKINFO", "SET_CLKFUDGE", "GET_KERNEL", "GET_CLKBUGINFO",
	NULL, "SET_PRECISION", "MON_GETLIST_1", "HOSTNAME_ASSOCID",
	"IF_STATS", "IF_RELOAD",
};

static const char *
ntp_priv_code(unsigned code)
{
	return code < sizeof(ntp_priv_codes) / sizeof(ntp_priv_codes[0])
		       ? ntp_priv_codes[code]
		       : NULL;
}

/* One MON_GETLIST_1 item (ntpd's struct info_monitor_1): who asked the
 * server, how often, and from which port. */
static void
ntp_monlist_item(struct tree *t, size_t off, const uint8_t *p)
{
	tree_do_push(t, "ntp.priv.monlist.item", "Monlist item", off,
		     NTP_MONLIST_ITEM);
	tree_uint(t, "ntp.priv.monlist.avgint", "avgint", off, 4,
		  wire_be32(p));
	tree_uint(t, "ntp.priv.monlist.lsint", "lsint", off + 4, 4,
		  wire_be32(p + 4));
	tree_hex(t, "ntp.priv.monlist.restr", "restr", off + 8, 4,
		 wire_be32(p + 8), 8);
	tree_uint(t, "ntp.priv.monlist.count", "count", off + 12, 4,
		  wire_be32(p + 12));
	tree_ipv4(t, "ntp.priv.monlist.remote_address", "remote address",
		  off + 16, p + 16);
	tree_ipv4(t, "ntp.priv.monlist.local_address", "local address",
		  off + 20, p + 20);
	tree_hex(t, "ntp.priv.monlist.flags", "flags", off + 24, 4,
		 wire_be32(p + 24), 8);
	tree_uint(t, "ntp.priv.monlist.port", "port", off + 28, 2,
		  wire_be16(p + 28));
	tree_uint(t, "ntp.priv.monlist.mode", "mode", off + 30, 1, p[30]);
	tree_uint(t, "ntp.priv.monlist.version", "version", off + 31, 1,
		  p[31]);
	tree_hex(t, "ntp.priv.monlist.ipv6", "ipv6", off + 32, 4,
		 wire_be32(p + 32), 8);
	tree_do_pop(t, off + NTP_MONLIST_ITEM);
}

/* A mode 7 message after its flags byte (the cursor at it): response
 * and more bits, sequence, implementation, request code, error, item
 * count and size, then the items of a monlist reply. */
static void
ntp_private(struct tree *t, struct cursor *c, size_t off, unsigned flags)
{
	const uint8_t *p = cursor_ptr(c, NTP_PRIV_HEADER);
	const char *code;
	unsigned items, size, i;

	tree_uint(t, "ntp.priv.flags.r", "Response bit", off, 1, flags >> 7);
	tree_uint(t, "ntp.priv.flags.more", "More bit", off, 1,
		  (flags >> 6) & 1);
	if (p == NULL) {
		tree_flag(t, TREE_FLAG_TRUNCATED);
		return;
	}
	tree_uint(t, "ntp.priv.auth", "Auth bit", off + 1, 1, p[1] >> 7);
	tree_uint(t, "ntp.priv.seq", "Sequence number", off + 1, 1,
		  p[1] & 0x7f);
	tree_uint(t, "ntp.priv.impl", "Implementation", off + 2, 1, p[2]);
	tree_uint(t, "ntp.priv.reqcode", "Request code", off + 3, 1, p[3]);
	tree_hex(t, "ntp.priv.err", "Err", off + 4, 1, p[4] >> 4, 2);
	items = (unsigned)wire_be16(p + 4) & 0xfff;
	size = (unsigned)wire_be16(p + 6) & 0xfff;
	tree_uint(t, "ntp.priv.numitems", "Number of data items", off + 4, 2,
		  items);
	tree_uint(t, "ntp.priv.itemsize", "Size of data item", off + 6, 2,
		  size);
	tree_info(t, PROTO_NTP, ", %s", flags & 0x80 ? _("Response")
						     : _("Request"));
	code = ntp_priv_code(p[3]);
	if (code)
		tree_info(t, PROTO_NTP, ", %s", code);
	if (p[3] != NTP_MON_GETLIST_1 || size != NTP_MONLIST_ITEM)
		return;
	for (i = 0; i < items; i++) {
		size_t ioff = c->pos;
		const uint8_t *item = cursor_ptr(c, NTP_MONLIST_ITEM);

		if (item == NULL) {
			tree_flag(t, TREE_FLAG_TRUNCATED);
			return;
		}
		ntp_monlist_item(t, ioff, item);
	}
}

/* tshark's Info: the version and the mode's name. */
static void
ntp_info(struct tree *t, int vn_node, unsigned vn, int mode_node,
	 unsigned mode)
{
	if (vn_node >= 0)
		tree_info(t, PROTO_NTP, _("NTP Version %lld"), (long long)vn);
	else
		tree_info(t, PROTO_NTP, "NTP");
	if (mode_node >= 0 && ntp_modes[mode & 7])
		tree_info(t, PROTO_NTP, ", %s", _(ntp_modes[mode & 7]));
}

static enum app_verdict
ntp_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c);
	int flags = cursor_peek_u8(c, 0);
	unsigned vn, mode;
	bool shape;
	const uint8_t *p;

	if (!app_port(a, 123) || flags < 0)
		return APP_NO;
	vn = ((unsigned)flags >> 3) & 7;
	mode = (unsigned)flags & 7;
	if (mode == NTP_MODE_CONTROL)
		shape = left >= NTP_CONTROL_HEADER;
	else if (mode == NTP_MODE_PRIVATE)
		shape = left >= 8;
	else
		shape = mode != 0 && left >= NTP_HEADER;
	shape = shape && vn >= 1 && vn <= 4;
	if (a->t) {
		tree_push(a->t, "ntp", "Network Time Protocol", off, left);
		tree_column(a->t, PROTO_NTP, false);
		tree_hex(a->t, "ntp.flags", "Flags", off, 1, (unsigned)flags,
			 2);
		if (mode != NTP_MODE_PRIVATE)
			tree_uint(a->t, "ntp.flags.li", "Leap Indicator", off,
				  1, (unsigned)flags >> 6);
		int vn_node = tree_uint(a->t, "ntp.flags.vn", "Version number",
					off, 1, vn);
		int mode_node = tree_uint(a->t, "ntp.flags.mode", "Mode", off,
					  1, mode);

		ntp_info(a->t, vn_node, vn, mode_node, mode);
		if (mode == NTP_MODE_PRIVATE) {
			struct cursor priv = *c;

			ntp_private(a->t, &priv, off, (unsigned)flags);
		} else if (mode != NTP_MODE_CONTROL && mode != NTP_MODE_PRIVATE &&
		    (p = cursor_ptr(c, NTP_HEADER)) != NULL) {
			tree_uint(a->t, "ntp.stratum", "Peer Clock Stratum",
				  off + 1, 1, p[1]);
			tree_uint(a->t, "ntp.ppoll", "Peer Polling Interval",
				  off + 2, 1, p[2]);
			/* tshark prints the raw byte and the ID's bytes */
			tree_uint(a->t, "ntp.precision", "Peer Clock Precision",
				  off + 3, 1, p[3]);
			tree_do_add(a->t, "ntp.refid", "Reference ID",
				    off + 12, 4, "%08x",
				    (unsigned)wire_be32(p + 12));
		} else if (!shape) {
			tree_flag(a->t, TREE_FLAG_TRUNCATED);
		}
		tree_pop(a->t, c->end);
	}
	return shape ? APP_YES : APP_MAYBE;
}

/* NTP insists on port 123, and its header can pass for QUIC's: it is
 * tried before QUIC. */
const struct proto_desc ntp_proto = {
	.id = PROTO_NTP,
	.name = "ntp",
	.label = "NTP",
	.tree_name = "ntp",
	.column = "NTP",
	.layer = PROTO_LAYER_APP,
	.parse = ntp_parse,
	.l4 = PROTO_L4_UDP,
	.ports = { 123 },
	.appid_rank = 2,
};
