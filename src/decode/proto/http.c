/*
 * http: HTTP/1.x messages (RFC 9112 section 3 request line, section 4
 * status line, section 5 header fields). A request line or a status line
 * at the start of a segment is the signature, on any port; the header
 * block is read as far as this one segment goes. Read in packet order,
 * a block left open goes on with the next segment of its direction, as
 * tshark's conversation has it, without joining the bytes.
 */
#include "config.h"

#include "decode/proto/app.h"

#include "base/i18n.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "decode/proto_table.h"

#define HTTP_METHOD_MAX 16
#define HTTP_SHOWN_MAX 2048 /* a header line as people read it */

/* RFC 9110 section 9 and the WebDAV methods tshark knows. */
static const char *const http_methods[] = {
	"GET",       "POST",   "HEAD",     "PUT",       "DELETE",
	"OPTIONS",   "CONNECT", "TRACE",   "PATCH",     "PROPFIND",
	"PROPPATCH", "MKCOL",  "COPY",     "MOVE",      "LOCK",
	"UNLOCK",    "SEARCH", "REPORT",   "MKCALENDAR", "NOTIFY",
	"SUBSCRIBE", "UNSUBSCRIBE", "M-SEARCH",
};

/* Header fields tshark names, matched without regard to case. */
struct http_header {
	const char *name; /* lower case, with the colon */
	const char *field;
	const char *label;
};

static const struct http_header http_headers[] = {
	{ "host:", "http.host", "Host" },
	{ "user-agent:", "http.user_agent", "User-Agent" },
	{ "content-type:", "http.content_type", "Content-Type" },
	{ "content-length:", "http.content_length_header", "Content-Length" },
	{ "server:", "http.server", "Server" },
	{ "accept:", "http.accept", "Accept" },
	{ "connection:", "http.connection", "Connection" },
	{ "referer:", "http.referer", "Referer" },
	{ "location:", "http.location", "Location" },
	{ "cookie:", "http.cookie", "Cookie" },
	{ "date:", "http.date", "Date" },
	{ "set-cookie:", "http.set_cookie", "Set-Cookie" },
	{ "cache-control:", "http.cache_control", "Cache-Control" },
	{ "last-modified:", "http.last_modified", "Last-Modified" },
	{ "content-encoding:", "http.content_encoding", "Content-Encoding" },
	{ "transfer-encoding:", "http.transfer_encoding",
	  "Transfer-Encoding" },
	{ "accept-encoding:", "http.accept_encoding", "Accept Encoding" },
	{ "accept-language:", "http.accept_language", "Accept-Language" },
	{ "authorization:", "http.authorization", "Authorization" },
	{ "proxy-authorization:", "http.proxy_authorization",
	  "Proxy-Authorization" },
	{ "proxy-authenticate:", "http.proxy_authenticate",
	  "Proxy-Authenticate" },
	{ "www-authenticate:", "http.www_authenticate", "WWW-Authenticate" },
	{ "upgrade:", "http.upgrade", "Upgrade" },
	{ "x-forwarded-for:", "http.x_forwarded_for", "X-Forwarded-For" },
	{ "sec-websocket-accept:", "http.sec_websocket_accept",
	  "Sec-WebSocket-Accept" },
	{ "sec-websocket-key:", "http.sec_websocket_key",
	  "Sec-WebSocket-Key" },
	{ "sec-websocket-version:", "http.sec_websocket_version",
	  "Sec-WebSocket-Version" },
	{ "sec-websocket-protocol:", "http.sec_websocket_protocol",
	  "Sec-WebSocket-Protocol" },
	{ "sec-websocket-extensions:", "http.sec_websocket_extensions",
	  "Sec-WebSocket-Extensions" },
	{ "http2-settings:", "http.http2_settings", "HTTP2-Settings" },
};

#define HTTP_HEADERS (sizeof(http_headers) / sizeof(http_headers[0]))

/* Length of the method at P (N bytes) followed by a space, or 0. */
static size_t
http_method_len(const uint8_t *p, size_t n)
{
	size_t i, k;

	for (i = 0; i < sizeof(http_methods) / sizeof(http_methods[0]); i++) {
		k = strlen(http_methods[i]);
		if (k < n && memcmp(p, http_methods[i], k) == 0 && p[k] == ' ')
			return k;
	}
	return 0;
}

static bool
http_is_version(const uint8_t *p, size_t n)
{
	return n == 8 && memcmp(p, "HTTP/1.", 7) == 0 &&
	       (p[7] == '0' || p[7] == '1');
}

static bool
http_name_is(const uint8_t *p, size_t n, const char *name)
{
	size_t i, k = strlen(name);

	if (n < k)
		return false;
	for (i = 0; i < k; i++) {
		uint8_t b = p[i];

		if (b >= 'A' && b <= 'Z')
			b = (uint8_t)(b - 'A' + 'a');
		if (b != (uint8_t)name[i])
			return false;
	}
	return true;
}

/* Identifying: the request line's method and target (METHOD SP TARGET
 * SP VERSION; a line cut before its version keeps what is there). */
static void
http_note_request(struct app_ctx *a, const uint8_t *p, size_t n,
		  size_t mlen)
{
	struct http_summary *h = &a->r->http;
	size_t t = mlen + 1, e;

	h->method = p;
	h->method_len = (uint16_t)mlen;
	e = t;
	while (e < n && p[e] != ' ')
		e++;
	h->target = p + t;
	h->target_len = (uint16_t)(e - t); /* APP_LOOK_MAX bounds it */
}

/* Node NODE's value (escaped already) copied into BUF: a shown text is
 * written into the arena that holds it. */
static const char *
http_copy(const struct tree *t, int node, char *buf, size_t size)
{
	snprintf(buf, size, "%s", t->nodes[node].value);
	return buf;
}

/* One header line at P (N bytes, no CRLF) at frame offset OFF; CRLF: a
 * CR LF follows it, shown escaped at its end as tshark does. */
static void
http_header_line(struct app_ctx *a, const uint8_t *p, size_t n, size_t off,
		 bool crlf)
{
	/* identifying, only Host (the name) and User-Agent matter */
	size_t i, k, v, last = a->t ? HTTP_HEADERS : 2;
	char buf[HTTP_SHOWN_MAX];
	int node;

	for (i = 0; i < last; i++) {
		const struct http_header *h = &http_headers[i];

		if (!http_name_is(p, n, h->name))
			continue;
		k = strlen(h->name);
		v = k;
		while (v < n && (p[v] == ' ' || p[v] == '\t'))
			v++;
		k = n;
		while (k > v && (p[k - 1] == ' ' || p[k - 1] == '\t'))
			k--;
		if (i == 0)
			app_set_name(a, p + v, k - v);
		else if (i == 1 && a->r->http.method_len > 0 &&
			 a->r->http.ua_len == 0) {
			a->r->http.ua = p + v;
			a->r->http.ua_len = (uint16_t)(k - v);
		}
		node = tree_text_bytes(a->t, h->field, h->label, off + v,
				       k - v, p + v, k - v);
		if (crlf && node >= 0)
			tree_shown(a->t, node, "%s\\r\\n",
				   http_copy(a->t, node, buf, sizeof(buf)));
		return;
	}
	/* any other header line is shown whole, a text line without a
	 * field as tshark's (nothing lost: Expires, ETag, X-...) */
	if (a->t && n > 0)
		tree_text_bytes(a->t, NULL, "", off, n + (crlf ? 2 : 0), p,
				n + (crlf ? 2 : 0));
}

/* tshark's Info: the start line's parts, by their nodes (-1: not in
 * the tree), or "Continuation" without one. */
static void
http_info(struct tree *t, const int line[3], bool request)
{
	if (request && line[0] >= 0) {
		/* METHOD [URI] [VERSION] */
		tree_info_node(t, PROTO_HTTP, line[0]);
		for (int k = 1; k < 3; k++) {
			if (line[k] < 0)
				continue;
			tree_info(t, PROTO_HTTP, " ");
			tree_info_node(t, PROTO_HTTP, line[k]);
		}
	} else if (!request && line[1] >= 0) {
		/* VERSION CODE [PHRASE] */
		if (line[0] >= 0)
			tree_info_node(t, PROTO_HTTP, line[0]);
		else
			tree_info(t, PROTO_HTTP, "HTTP");
		tree_info(t, PROTO_HTTP, " ");
		tree_info_node(t, PROTO_HTTP, line[1]);
		if (line[2] >= 0) {
			tree_info(t, PROTO_HTTP, " ");
			tree_info_node(t, PROTO_HTTP, line[2]);
		}
	} else {
		tree_info(t, PROTO_HTTP, "%s", _("Continuation"));
	}
}

/* The request line's parts: METHOD SP TARGET SP VERSION. */
static void
http_tree_request(struct tree *t, const uint8_t *p, size_t n, size_t off,
		  size_t mlen)
{
	size_t u = mlen + 1, e = u;
	int line[3] = { -1, -1, -1 };

	while (e < n && p[e] != ' ')
		e++;
	line[0] = tree_text_bytes(t, "http.request.method", "Request Method",
				  off, mlen, p, mlen);
	line[1] = tree_text_bytes(t, "http.request.uri", "Request URI",
				  off + u, e - u, p + u, e - u);
	if (e + 1 < n)
		line[2] = tree_text_bytes(t, "http.request.version",
					  "Request Version", off + e + 1,
					  n - e - 1, p + e + 1, n - e - 1);
	http_info(t, line, true);
}

/* The status line's parts: VERSION SP CODE SP REASON. */
static void
http_tree_response(struct tree *t, const uint8_t *p, size_t n, size_t off)
{
	int line[3] = { -1, -1, -1 };

	line[0] = tree_text_bytes(t, "http.response.version",
				  "Response Version", off, 8, p, 8);
	if (n >= 12 && app_is_digits(p + 9, 3))
		line[1] = tree_uint(t, "http.response.code", "Status Code",
				    off + 9, 3,
				    (uint64_t)(p[9] - '0') * 100 +
					    (p[10] - '0') * 10 + (p[11] - '0'));
	if (n > 13)
		line[2] = tree_text_bytes(t, "http.response.phrase",
					  "Response Phrase", off + 13, n - 13,
					  p + 13, n - 13);
	http_info(t, line, false);
}

static void
http_skip_eol(struct cursor *c)
{
	if (cursor_peek_u8(c, 0) == '\r')
		cursor_skip(c, 1);
	if (cursor_peek_u8(c, 0) == '\n')
		cursor_skip(c, 1);
}

/* Whether a CR LF follows the N bytes at the cursor. */
static bool
http_crlf(const struct cursor *c, size_t n)
{
	return cursor_left(c) >= n + 2 && cursor_peek_u8(c, n) == '\r' &&
	       cursor_peek_u8(c, n + 1) == '\n';
}

/* Walk the header lines after the start line; true when the blank line
 * that ends them is in this segment. */
static bool
http_headers_walk(struct cursor *c, struct app_ctx *a)
{
	for (;;) {
		size_t off = c->pos, n;
		const uint8_t *p = app_line(c, &n);

		if (n == cursor_left(c)) {
			/* the line goes on in a later segment: what is here
			 * is shown, as tshark does */
			if (n > 0 && a->t)
				http_header_line(a, p, n, off, false);
			return false;
		}
		if (n == 0) {
			if (a->t && http_crlf(c, 0))
				tree_text_bytes(a->t, NULL, "", off, 2,
						c->frame + c->pos, 2);
			http_skip_eol(c);
			return true;
		}
		http_header_line(a, p, n, off, http_crlf(c, n));
		if (a->t == NULL && a->r->name_len > 0 &&
		    (a->r->http.ua_len > 0 || a->r->http.method_len == 0))
			return false; /* the first Host is the name */
		cursor_skip(c, n);
		http_skip_eol(c);
	}
}

/* SSDP is HTTP over UDP, and tshark names the layer so. */
static void
http_tree_push(struct app_ctx *a, size_t off, size_t len)
{
	if (a->l4 == PROTO_UDP)
		tree_push(a->t, "ssdp", "Simple Service Discovery Protocol",
			  off, len);
	else {
		tree_push(a->t, "http", "Hypertext Transfer Protocol", off,
			  len);
		tree_column(a->t, PROTO_HTTP, false);
	}
}

/* Whether the line at P (N bytes) is "token: value" (RFC 9110 section
 * 5.1 and 5.6.2). */
static bool
http_is_header_line(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		uint8_t b = p[i];

		if (b == ':')
			return i > 0;
		if (b <= ' ' || b >= 0x7f || b == '(' || b == ')' || b == '/' ||
		    b == '"' || b == ',' || b == ';' || b == '<' || b == '>' ||
		    b == '=' || b == '?' || b == '@' || b == '[' || b == ']' ||
		    b == '\\' || b == '{' || b == '}')
			return false;
	}
	return false;
}

/* Packets read in order: whether the next TCP segment this way goes on
 * with header lines. */
static void
http_note_open(const struct app_ctx *a, bool open)
{
	struct flow *f;
	unsigned dir;

	if (a->l4 != PROTO_TCP)
		return;
	f = app_flow(a, open, &dir);
	if (f != NULL)
		f->http_open[dir] = open;
}

/* Tree only: a segment that opens with no start line. tshark reads it
 * as header lines gone on from an earlier segment when its first line
 * is one ("token: value"), as continuation data otherwise. */
static void
http_tree_continuation(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c), n;
	const uint8_t *p = app_line(c, &n);

	http_tree_push(a, off, left);
	tree_info(a->t, PROTO_HTTP, "%s", _("Continuation"));
	if (http_is_header_line(p, n)) {
		http_note_open(a, !http_headers_walk(c, a));
	} else {
		http_note_open(a, false);
		tree_do_add(a->t, NULL, "[Continuation or body data]", off, 0,
			    "%s", "");
	}
	tree_pop(a->t, off + left);
}

/* Tree path reading packets in order: a request joins its flow's queue;
 * a response answers the oldest one waiting, and says which and how
 * long after ([Time since request], [Request in frame]), as tshark. */
static void
http_tree_link(struct app_ctx *a, bool request, size_t off)
{
	struct flow_request *r;
	struct flow *f;
	unsigned dir, k;
	double ts;
	uint64_t frame = app_frame(a, &ts);
	int n;

	if (frame == 0 || a->l4 != PROTO_TCP)
		return;
	f = app_flow(a, request, &dir);
	if (f == NULL)
		return;
	if (request) {
		for (k = 0; k < f->http_count; k++)
			if (f->http_req[(f->http_head + k) % FLOW_REQUESTS]
				    .frame == frame)
				return; /* the same packet read again */
		if (f->http_count == FLOW_REQUESTS) {
			/* the oldest waits no more */
			f->http_head = (f->http_head + 1) % FLOW_REQUESTS;
			f->http_count--;
		}
		r = &f->http_req[(f->http_head + f->http_count) %
				 FLOW_REQUESTS];
		r->frame = frame;
		r->ts = ts;
		f->http_count++;
		return;
	}
	if (f->http_count == 0)
		return;
	r = &f->http_req[f->http_head];
	if (r->frame >= frame)
		return;
	app_tree_delta(a->t, "http.time", "Time since request", off, ts - r->ts);
	n = tree_uint(a->t, "http.request_in", "Request in frame", off, 0,
		      r->frame);
	tree_generated(a->t, n);
	f->http_head = (f->http_head + 1) % FLOW_REQUESTS;
	f->http_count--;
}

/* Whether a Content-Type (its node's value) is text tshark shows line by
 * line: text/..., but XML has a dissector of its own. */
static bool
http_is_text(const char *type)
{
	return strncasecmp(type, "text/", 5) == 0 &&
	       strncasecmp(type + 5, "xml", 3) != 0;
}

/* Tree only: a body of text after the header block, as tshark's
 * "Line-based text data: text/html (7 lines)", one node per line (its
 * line end shown escaped, as tshark writes it). TYPE: the Content-Type
 * node. */
static void
http_tree_text_body(struct app_ctx *a, struct cursor *c, int type)
{
	char media[128];
	size_t off = c->pos, left = cursor_left(c), i, start, lines = 0;
	struct cursor q = *c;
	const uint8_t *p = cursor_ptr(&q, left);

	if (type < 0 || left == 0 || p == NULL ||
	    !http_is_text(a->t->nodes[type].value))
		return;
	snprintf(media, sizeof(media), "%s", a->t->nodes[type].value);
	for (i = 0; i < left; i++)
		if (p[i] == '\n' || i + 1 == left)
			lines++;
	tree_push(a->t, "data-text-lines", "Line-based text data", off, left);
	tree_do_title_text(a->t, ": %s (%zu line%s)", media, lines,
			   lines == 1 ? "" : "s");
	for (start = 0, i = 0; i < left; i++)
		if (p[i] == '\n' || i + 1 == left) {
			tree_text_bytes(a->t, NULL, "", off + start,
					i + 1 - start, p + start,
					i + 1 - start);
			start = i + 1;
		}
	tree_pop(a->t, off + left);
}

/* Whether the first bytes can open a start line: a method and a space,
 * or "HTTP/1.". Neither is a line end, so the line need not be found. */
static bool
http_may_start(const struct cursor *c)
{
	const uint8_t *p = c->frame + c->pos;
	size_t left = cursor_left(c);

	return http_method_len(p, left) > 0 ||
	       (left >= 7 && memcmp(p, "HTTP/1.", 7) == 0);
}

static enum app_verdict
http_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c), n;
	const uint8_t *p;
	size_t mlen;
	bool request = false, response = false, whole;
	int http, ctype, line;

	if (c->err || left == 0)
		return APP_NO;
	/* identifying, what is no start line is decided on its first bytes */
	if (a->t == NULL && !http_may_start(c))
		return APP_MAYBE;
	p = app_line(c, &n);
	mlen = http_method_len(p, n);
	if (mlen > 0) {
		/* METHOD SP TARGET SP HTTP/1.x, the version after the line's
		 * last space; or a line cut by the end of the segment
		 * before its version */
		request = (n >= mlen + 10 && p[n - 9] == ' ' &&
			   http_is_version(p + n - 8, 8)) ||
			  (n == left && n > mlen + 1);
	} else if (n >= 12 && http_is_version(p, 8) && p[8] == ' ' &&
		   app_is_digits(p + 9, 3)) {
		response = true;
	}
	if (!request && !response) {
		if (a->t)
			http_tree_continuation(c, a);
		return APP_MAYBE;
	}
	if (a->t == NULL) {
		/* the start line and User-Agent go to the flow record */
		if (request)
			http_note_request(a, p, n, mlen);
		else
			a->r->http.status = (uint16_t)((p[9] - '0') * 100 +
						       (p[10] - '0') * 10 +
						       (p[11] - '0'));
		/* the Host header names the connection */
		if (request && n < left) {
			struct cursor h = *c;

			cursor_skip(&h, n);
			http_skip_eol(&h);
			http_headers_walk(&h, a);
		}
		return APP_YES;
	}
	http = a->t->count;
	http_tree_push(a, off, left);
	/* the start line whole, its parts under it, as tshark */
	line = tree_text_bytes(a->t, NULL, "", off,
			       n + (http_crlf(c, n) ? 2 : 0), p,
			       n + (http_crlf(c, n) ? 2 : 0));
	tree_open(a->t, line);
	if (request)
		http_tree_request(a->t, p, n, off, mlen);
	else
		http_tree_response(a->t, p, n, off);
	tree_pop(a->t, off + n);
	whole = false;
	if (n < left) {
		cursor_skip(c, n);
		http_skip_eol(c);
		whole = http_headers_walk(c, a);
	}
	http_note_open(a, !whole);
	if (!whole)
		tree_do_add(a->t, NULL,
			    "[Header block continues in a later segment]", off,
			    0, "%s", "");
	/* the start line is enough to link, as tshark */
	http_tree_link(a, request, off);
	ctype = whole ? tree_find(a->t, "http.content_type", http) : -1;
	tree_pop(a->t, off + left);
	if (whole)
		http_tree_text_body(a, c, ctype);
	return APP_YES;
}

const struct proto_desc http_proto = {
	.id = PROTO_HTTP,
	.name = "http",
	.label = "HTTP",
	.tree_name = "http",
	.column = "HTTP",
	.layer = PROTO_LAYER_APP,
	.parse = http_parse,
	.l4 = PROTO_L4_TCP,
	.ports = { 80, 8080 },
	.appid_rank = 5,
	.has_name = true,
};
