/*
 * ssh: the identification string that opens an SSH connection
 * (RFC 4253 section 4.2): "SSH-protoversion-softwareversion comments"
 * ended by CR LF, at most 255 bytes. Everything after it is binary
 * packets, mostly encrypted, which tshark still calls ssh on port 22.
 */
#include "config.h"

#include "decode/proto/app.h"

#include "base/i18n.h"

#define SSH_BANNER_MAX 255

/* tshark's Info: which side speaks (the one on port 22 is the server,
 * as tshark guesses too; by the packet's outermost ports, as pktop has
 * always done, where tshark takes a tunnel's inner ones), then the
 * banner (node BANNER, -1: none). */
static void
ssh_info(const struct app_ctx *a, int banner)
{
	const struct decode_summary *s = a->packet ? a->packet : a->s;

	if (s == NULL)
		return;
	if (s->sport == 22 && s->dport != 22)
		tree_info(a->t, PROTO_SSH, "%s", _("Server: "));
	else if (s->dport == 22)
		tree_info(a->t, PROTO_SSH, "%s", _("Client: "));
	if (banner >= 0) {
		tree_info(a->t, PROTO_SSH, "%s", _("Protocol ("));
		tree_info_node(a->t, PROTO_SSH, banner);
		tree_info(a->t, PROTO_SSH, ")");
	} else {
		tree_info(a->t, PROTO_SSH, "%s", _("Encrypted packet"));
	}
}

static enum app_verdict
ssh_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, n = 0, left = cursor_left(c);
	const uint8_t *p;

	if (!app_starts_with(c, "SSH-")) {
		/* binary packets: uint32 length, padding length (RFC 4253
		 * section 6); nothing to check them against here */
		if (a->t) {
			tree_push(a->t, "ssh", "SSH Protocol", off, left);
			tree_column(a->t, PROTO_SSH, false);
			ssh_info(a, -1);
			tree_pop(a->t, c->end);
		}
		return APP_MAYBE;
	}
	/* at most 255 bytes, CR LF included (RFC 4253 section 4.2) */
	p = app_line(c, &n);
	if (n > SSH_BANNER_MAX)
		n = SSH_BANNER_MAX;
	if (a->t) {
		tree_push(a->t, "ssh", "SSH Protocol", off, left);
		tree_column(a->t, PROTO_SSH, false);
		ssh_info(a, tree_text_bytes(a->t, "ssh.protocol", "Protocol",
					    off, n, p, n));
		if (n == left)
			tree_flag(a->t, TREE_FLAG_TRUNCATED);
		tree_pop(a->t, c->end);
	}
	cursor_skip(c, n);
	return APP_YES;
}

const struct proto_desc ssh_proto = {
	.id = PROTO_SSH,
	.name = "ssh",
	.label = "SSH",
	.tree_name = "ssh",
	.column = "SSH",
	.layer = PROTO_LAYER_APP,
	.parse = ssh_parse,
	.l4 = PROTO_L4_TCP,
	.ports = { 22 },
	.appid_rank = 4,
	.tree_by_port = true,
};
