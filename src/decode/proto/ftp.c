/*
 * ftp: the control connection of FTP (RFC 959 sections 4.1 and 4.2):
 * command lines from the client, numbered reply lines from the server.
 * A 220 greeting is shared with SMTP, so it counts as FTP only when it
 * says FTP or the port is 21; a USER line with one argument counts
 * anywhere but on POP3's port.
 */
#include "config.h"

#include "decode/proto/app.h"

static enum app_verdict
ftp_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, n = 0, k = 0;
	const uint8_t *p = NULL;
	enum app_verdict v = APP_MAYBE;
	bool reply = app_is_reply(c), user = app_starts_with_nocase(c, "USER ");

	/* the line is looked for only when the first bytes ask for it */
	if (user || reply || a->t)
		p = app_line(c, &n);
	/* POP3 (RFC 1939 section 7) has the same USER command */
	if (user && n > 5 && !app_find(p + 5, n - 5, " ") &&
	    !app_port(a, 110))
		v = APP_YES;
	else if (reply && p[0] == '2' && p[1] == '2' && p[2] == '0' &&
		 (app_find(p, n, "FTP") || app_find(p, n, "ftp") ||
		  (app_port(a, 21) && !app_find(p, n, "SMTP"))))
		v = APP_YES;
	if (v != APP_YES && !app_port(a, 21))
		return APP_NO;
	if (a->t) {
		tree_push(a->t, "ftp", "File Transfer Protocol (FTP)", off,
			  cursor_left(c));
		if (reply) {
			tree_uint(a->t, "ftp.response.code", "Response code",
				  off, 3,
				  (uint64_t)(p[0] - '0') * 100 +
					  (p[1] - '0') * 10 + (p[2] - '0'));
			if (n > 4)
				tree_text_bytes(a->t, "ftp.response.arg",
						"Response arg", off + 4, n - 4,
						p + 4, n - 4);
		} else if (n > 0) {
			while (k < n && p[k] != ' ')
				k++;
			tree_text_bytes(a->t, "ftp.request.command",
					"Request command", off, k, p, k);
			if (k + 1 < n)
				tree_text_bytes(a->t, "ftp.request.arg",
						"Request arg", off + k + 1,
						n - k - 1, p + k + 1,
						n - k - 1);
		}
		tree_pop(a->t, c->end);
	}
	return v;
}

const struct proto_desc ftp_proto = {
	.id = PROTO_FTP,
	.name = "ftp",
	.label = "FTP",
	.tree_name = "ftp",
	.layer = PROTO_LAYER_APP,
	.parse = ftp_parse,
	.l4 = PROTO_L4_TCP,
	.ports = { 21 },
	.starttls = true,
	.appid_rank = 9,
};
