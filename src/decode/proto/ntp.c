/*
 * ntp: the NTP packet header (RFC 5905 section 7.3) and, for mode 6,
 * the control message header (RFC 9327 section 2). tshark names NTP by
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
};

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
		tree_uint(a->t, "ntp.flags.li", "Leap Indicator", off, 1,
			  (unsigned)flags >> 6);
		int vn_node = tree_uint(a->t, "ntp.flags.vn", "Version number",
					off, 1, vn);
		int mode_node = tree_uint(a->t, "ntp.flags.mode", "Mode", off,
					  1, mode);

		ntp_info(a->t, vn_node, vn, mode_node, mode);
		if (mode != NTP_MODE_CONTROL && mode != NTP_MODE_PRIVATE &&
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
