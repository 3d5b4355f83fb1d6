/*
 * smtp: the command and reply lines of SMTP (RFC 5321 sections 4.1 and
 * 4.2). A 220 greeting is shared with FTP, so it only counts as SMTP when
 * it says so or the port does; EHLO, HELO, MAIL FROM and RCPT TO count
 * anywhere. Message bodies after DATA are not looked into.
 */
#include "config.h"

#include "decode/proto/app.h"

#include <string.h>

static const char *const smtp_commands[] = {
	"EHLO ", "HELO ", "MAIL FROM:", "RCPT TO:",
};

/* RFC 5321 section 4.1 and the extensions' verbs (AUTH RFC 4954,
 * STARTTLS RFC 3207, BDAT RFC 3030, ETRN RFC 1985). */
static bool
smtp_is_command(const uint8_t *p, size_t n)
{
	static const char *const verbs[] = {
		"EHLO", "HELO", "MAIL", "RCPT", "DATA", "RSET", "VRFY", "EXPN",
		"HELP", "NOOP", "QUIT", "AUTH", "STARTTLS", "BDAT", "ETRN",
		"SEND", "SOML", "SAML", "TURN",
	};
	size_t i, k;

	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
		if (strlen(verbs[i]) != n)
			continue;
		for (k = 0; k < n; k++)
			if ((p[k] & ~0x20) != verbs[i][k])
				break;
		if (k == n)
			return true;
	}
	return false;
}

static bool
smtp_port(const struct app_ctx *a)
{
	return app_port(a, 25) || app_port(a, 587);
}

/* Tree only: a command line or a reply line, as tshark splits them. */
static void
smtp_tree_line(struct tree *t, const uint8_t *p, size_t off, size_t n,
	       bool request)
{
	size_t k = 0;

	if (!request && n >= 3 && app_is_digits(p, 3)) {
		tree_uint(t, "smtp.response.code", "Response code", off, 3,
			  (uint64_t)(p[0] - '0') * 100 + (p[1] - '0') * 10 +
				  (p[2] - '0'));
		if (n > 4)
			tree_text_bytes(t, "smtp.rsp.parameter",
					"Response parameter", off + 4, n - 4,
					p + 4, n - 4);
		return;
	}
	if (!request)
		return;
	while (k < n && p[k] != ' ')
		k++;
	/* message text after DATA is not a command (RFC 5321 4.1.1.4) */
	if (!smtp_is_command(p, k))
		return;
	tree_text_bytes(t, "smtp.req.command", "Command", off, k, p, k);
	if (k + 1 < n)
		tree_text_bytes(t, "smtp.req.parameter", "Request parameter",
				off + k + 1, n - k - 1, p + k + 1, n - k - 1);
}

static enum app_verdict
smtp_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, n = 0, i;
	const uint8_t *p = NULL;
	enum app_verdict v = APP_MAYBE;
	bool request = a->dport == 25 || a->dport == 587;

	for (i = 0; i < sizeof(smtp_commands) / sizeof(smtp_commands[0]); i++)
		if (app_starts_with_nocase(c, smtp_commands[i])) {
			v = APP_YES;
			request = true;
		}
	/* the line is looked for only when the first bytes ask for it */
	if (v != APP_YES && app_is_reply(c)) {
		request = false;
		p = app_line(c, &n);
		if (p[0] == '2' && p[1] == '2' && p[2] == '0' &&
		    (app_find(p, n, "SMTP") || app_find(p, n, "smtp") ||
		     (smtp_port(a) && !app_find(p, n, "FTP"))))
			v = APP_YES;
	}
	if (v != APP_YES && !smtp_port(a))
		return APP_NO;
	if (a->t) {
		if (p == NULL)
			p = app_line(c, &n);
		tree_push(a->t, "smtp", "Simple Mail Transfer Protocol", off,
			  cursor_left(c));
		if (n > 0)
			smtp_tree_line(a->t, p, off, n, request);
		tree_pop(a->t, c->end);
	}
	return v;
}

const struct proto_desc smtp_proto = {
	.id = PROTO_SMTP,
	.name = "smtp",
	.label = "SMTP",
	.tree_name = "smtp",
	.layer = PROTO_LAYER_APP,
	.parse = smtp_parse,
	.l4 = PROTO_L4_TCP,
	.ports = { 25, 587 },
	.starttls = true,
	.appid_rank = 8,
};
