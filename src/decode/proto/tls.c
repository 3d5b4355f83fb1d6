/*
 * tls: TLS records (RFC 8446 section 5.1, RFC 5246 section 6.2) and the
 * hello messages (RFC 8446 section 4.1.2 and 4.1.3) with the extensions
 * people look for: server_name (RFC 6066 section 3), ALPN (RFC 7301) and
 * supported_versions (RFC 8446 section 4.2.1). A ClientHello or
 * ServerHello at the start of a segment is the signature on any port.
 * One segment at a time: a record that continues in a later segment is
 * only read for identification (the SNI comes early) and marked.
 */
#include "config.h"

#include <string.h>

#include "decode/proto/app.h"

#include "base/i18n.h"

#include "decode/proto/wire.h"

#define TLS_RECORD_HEADER 5
#define TLS_RECORD_MAX (16384 + 2048) /* RFC 5246 section 6.2.3 */
#define TLS_CCS 20
#define TLS_ALERT 21
#define TLS_HANDSHAKE 22
#define TLS_APPDATA 23
#define TLS_HEARTBEAT 24

#define TLS_HS_CLIENT_HELLO 1
#define TLS_HS_SERVER_HELLO 2
#define TLS_HS_ENCRYPTED_EXTENSIONS 8

#define TLS_EXT_SERVER_NAME 0
#define TLS_EXT_ALPN 16
#define TLS_EXT_SUPPORTED_VERSIONS 43

static const char *const tls_record_labels[] = {
	[TLS_CCS] = "Change Cipher Spec Protocol",
	[TLS_ALERT] = "Alert Protocol",
	[TLS_HANDSHAKE] = "Handshake Protocol",
	[TLS_APPDATA] = "Application Data Protocol",
	[TLS_HEARTBEAT] = "Heartbeat Protocol",
};

/* The next N bytes without moving, or NULL when they are not all there. */
static const uint8_t *
tls_peek(const struct cursor *c, size_t n)
{
	struct cursor q = *c;

	return cursor_ptr(&q, n);
}

static bool
tls_version_ok(uint16_t v)
{
	return v >= 0x0300 && v <= 0x0304;
}

static bool
tls_record_ok(uint8_t type, uint16_t version, uint16_t len)
{
	return type >= TLS_CCS && type <= TLS_HEARTBEAT &&
	       tls_version_ok(version) && len <= TLS_RECORD_MAX;
}

/* Whether an application data record is TLS 1.3's, whose type tshark
 * calls opaque (RFC 8446 section 5.2). The version lives in the
 * handshake, not here; TLS 1.2's AES-GCM records open with an explicit
 * nonce that is in practice the record counter (RFC 5288 section 3), so
 * five leading zero bytes mean 1.2, random bytes mean 1.3. */
static bool
tls_opaque(uint8_t type, uint16_t version, const struct cursor *body)
{
	size_t i;

	if (type != TLS_APPDATA || version != 0x0303 || cursor_left(body) < 8)
		return false;
	for (i = 0; i < 5; i++)
		if (cursor_peek_u8(body, i) != 0)
			return true;
	return false;
}

/* The Info column names each record and handshake message, repeats
 * included, as tshark lists them. */
struct tls_info_row {
	unsigned value;
	const char *name;
};

static const struct tls_info_row tls_info_handshakes[] = {
	{0, N_("Hello Request")},
	{1, N_("Client Hello")},
	{2, N_("Server Hello")},
	{4, N_("New Session Ticket")},
	{8, N_("Encrypted Extensions")},
	{11, N_("Certificate")},
	{12, N_("Server Key Exchange")},
	{13, N_("Certificate Request")},
	{14, N_("Server Hello Done")},
	{15, N_("Certificate Verify")},
	{16, N_("Client Key Exchange")},
	{20, N_("Finished")},
	{0, NULL},
};

static const struct tls_info_row tls_info_records[] = {
	{20, N_("Change Cipher Spec")},
	{21, N_("Alert")},
	{23, N_("Application Data")},
	{0, NULL},
};

static void
tls_info_name(struct tree *t, const struct tls_info_row *tab, unsigned v)
{
	for (; tab->name; tab++)
		if (tab->value == v) {
			tree_info(t, PROTO_TLS, "%s%s",
				  t->info_len ? ", " : "", _(tab->name));
			return;
		}
}

void
tls_info_end(const struct app_ctx *a)
{
	if (a->t == NULL)
		return;
	if (a->tls_sni >= 0) {
		tree_info(a->t, PROTO_TLS, " (SNI=");
		tree_info_node(a->t, PROTO_TLS, a->tls_sni);
		tree_info(a->t, PROTO_TLS, ")");
	} else if (a->t->info_len == 0) {
		tree_info(a->t, PROTO_TLS, "%s", _("Continuation Data"));
	}
}

/* server_name (RFC 6066 section 3): the first host_name is the
 * connection's name. */
static void
tls_ext_server_name(struct cursor *e, struct app_ctx *a)
{
	size_t off = e->pos;
	uint16_t list = cursor_be16(e);

	tree_uint(a->t, "tls.handshake.extensions_server_name_list_len",
		  "Server Name list length", off, 2, list);
	cursor_limit(e, list);
	while (cursor_left(e) >= 3) {
		size_t noff = e->pos;
		uint8_t type = cursor_u8(e);
		uint16_t len = cursor_be16(e);
		const uint8_t *name;
		int n;

		tree_uint(a->t, "tls.handshake.extensions_server_name_type",
			  "Server Name Type", noff, 1, type);
		tree_uint(a->t, "tls.handshake.extensions_server_name_len",
			  "Server Name length", noff + 1, 2, len);
		/* a name cut short by the segment end is no name: the
		 * connection keeps the first one it is given */
		name = cursor_ptr(e, len);
		if (name == NULL)
			return;
		if (type == 0)
			app_set_name(a, name, len);
		n = tree_text_bytes(a->t,
				    "tls.handshake.extensions_server_name",
				    "Server Name", noff + 3, len, name, len);
		if (a->tls_sni < 0)
			a->tls_sni = n;
	}
}

/* A ClientHello bigger than a segment (Chrome's, with a post-quantum
 * key share, and its extensions in random order) can leave the
 * server_name extension to the next segment, which opens with no record
 * header. Identification looks there for the extension's exact shape at
 * I: type 0, lengths that nest (extension = list + 2 = name + 5), host_name
 * type 0, and a name of host name characters. */
static bool
tls_sni_at(const uint8_t *p, size_t left, size_t i, struct app_ctx *a)
{
	size_t k, n = wire_be16(p + i + 7);

	if (p[i] != 0 || p[i + 1] != 0 || p[i + 6] != 0 || n == 0 ||
	    n > 253 || wire_be16(p + i + 4) != n + 3 ||
	    wire_be16(p + i + 2) != n + 5 || i + 9 + n > left)
		return false;
	for (k = 0; k < n; k++) {
		uint8_t b = p[i + 9 + k];

		if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') ||
		      (b >= '0' && b <= '9') || b == '.' || b == '-' || b == '_'))
			return false;
	}
	app_set_name(a, p + i + 9, n);
	return true;
}

/* The first byte at or after T, before END, that is not zero (END when
 * none): a run of zeros (padding, a zero-filled payload) is crossed eight
 * bytes at a time. */
static size_t
tls_zeros_end(const uint8_t *p, size_t t, size_t end)
{
	uint64_t w;

	for (; t + 8 <= end; t += 8) {
		memcpy(&w, p + t, 8);
		if (w != 0)
			break;
	}
	while (t < end && p[t] == 0)
		t++;
	return t;
}

/* The name's length is 1 to 253, so its high byte (I + 7) is zero and its
 * low byte (I + 8) is not: only where a run of zeros ends can a shape
 * begin 8 bytes before. Runs are visited in order, so the first shape in
 * the segment is the one found. */
static void
tls_scan_sni(const struct cursor *c, struct app_ctx *a)
{
	size_t left = cursor_left(c), s = 7, t;
	struct cursor q = *c;
	const uint8_t *p = cursor_ptr(&q, left), *z;

	if (p == NULL || left < 10)
		return;
	/* a shape at I fits when I + 9 < LEFT: its I + 8 is at most
	 * LEFT - 2, and the zero before it at most LEFT - 3 */
	while (s + 2 < left) {
		z = memchr(p + s, 0, left - 2 - s);
		if (z == NULL)
			return;
		t = tls_zeros_end(p, (size_t)(z - p) + 1, left - 1);
		if (t + 1 >= left)
			return;
		if (tls_sni_at(p, left, t - 8, a))
			return;
		s = t + 1;
	}
}

/* ALPN (RFC 7301 section 3.1): a list of length-prefixed strings. */
static void
tls_ext_alpn(struct cursor *e, struct tree *t)
{
	size_t off = e->pos;
	uint16_t list = cursor_be16(e);

	tree_uint(t, "tls.handshake.extensions_alpn_len", "ALPN Extension Length",
		  off, 2, list);
	cursor_limit(e, list);
	while (cursor_left(e) >= 1) {
		size_t soff = e->pos;
		uint8_t len = cursor_u8(e);
		const uint8_t *s = cursor_ptr(e, len);

		if (s == NULL)
			return;
		tree_uint(t, "tls.handshake.extensions_alpn_str_len",
			  "ALPN string length", soff, 1, len);
		tree_text_bytes(t, "tls.handshake.extensions_alpn_str",
				"ALPN Next Protocol", soff + 1, len, s, len);
	}
}

/* supported_versions: a list in a ClientHello, one version in a
 * ServerHello (RFC 8446 section 4.2.1). */
static void
tls_ext_versions(struct cursor *e, struct tree *t, bool client)
{
	size_t off = e->pos;

	if (client) {
		uint8_t len = cursor_u8(e);

		tree_uint(t, "tls.handshake.extensions.supported_versions_len",
			  "Supported Versions length", off, 1, len);
		cursor_limit(e, len);
		off++;
	}
	while (cursor_left(e) >= 2) {
		tree_hex(t, "tls.handshake.extensions.supported_version",
			 "Supported Version", off, 2, cursor_be16(e), 4);
		off += 2;
		if (!client)
			break;
	}
}

static void
tls_extensions(struct cursor *c, struct app_ctx *a, bool client)
{
	size_t off = c->pos;
	uint16_t len;

	if (cursor_left(c) < 2)
		return;
	len = cursor_be16(c);
	tree_uint(a->t, "tls.handshake.extensions_length", "Extensions Length",
		  off, 2, len);
	cursor_limit(c, len);
	while (cursor_left(c) >= 4) {
		size_t eoff = c->pos;
		uint16_t type = cursor_be16(c), elen = cursor_be16(c);
		struct cursor e = cursor_sub(c, elen);
		bool whole = cursor_skip(c, elen);

		if (!whole) {
			/* the extension goes on in a later segment */
			c->err = false;
			c->pos = c->end;
		}
		tree_push(a->t, NULL, "Extension", eoff, 4 + (size_t)elen);
		tree_uint(a->t, "tls.handshake.extension.type", "Type", eoff,
			  2, type);
		tree_uint(a->t, "tls.handshake.extension.len", "Length",
			  eoff + 2, 2, elen);
		if (type == TLS_EXT_SERVER_NAME && client)
			tls_ext_server_name(&e, a);
		else if (whole && type == TLS_EXT_ALPN)
			tls_ext_alpn(&e, a->t);
		else if (whole && type == TLS_EXT_SUPPORTED_VERSIONS)
			tls_ext_versions(&e, a->t, client);
		tree_pop(a->t, eoff + 4 + (size_t)elen);
		if (!whole)
			break;
	}
}

/* ClientHello or ServerHello body after the handshake header. */
static void
tls_hello(struct cursor *c, struct app_ctx *a, bool client)
{
	size_t off = c->pos;
	uint16_t n;
	uint8_t sid;

	tree_hex(a->t, "tls.handshake.version", "Version", off, 2,
		 cursor_be16(c), 4);
	if (client && a->hello && !a->hello->have_random &&
	    cursor_has(c, 32)) {
		memcpy(a->hello->client_random, c->frame + c->pos, 32);
		a->hello->have_random = true;
	}
	cursor_skip(c, 32); /* random */
	sid = cursor_u8(c);
	tree_uint(a->t, "tls.handshake.session_id_length", "Session ID Length",
		  off + 34, 1, sid);
	cursor_skip(c, sid);
	if (c->err)
		return;
	if (client) {
		size_t coff = c->pos;

		n = cursor_be16(c);
		tree_uint(a->t, "tls.handshake.cipher_suites_length",
			  "Cipher Suites Length", coff, 2, n);
		if (!cursor_has(c, n))
			return;
		for (; n >= 2; n -= 2) {
			coff += 2;
			tree_hex(a->t, "tls.handshake.ciphersuite",
				 "Cipher Suite", coff, 2, cursor_be16(c), 4);
		}
		cursor_skip(c, n);
		coff = c->pos;
		n = cursor_u8(c);
		tree_uint(a->t, "tls.handshake.comp_methods_length",
			  "Compression Methods Length", coff, 1, n);
		if (!cursor_has(c, n))
			return;
		for (; n > 0; n--) {
			coff++;
			tree_uint(a->t, "tls.handshake.comp_method",
				  "Compression Method", coff, 1, cursor_u8(c));
		}
	} else {
		size_t coff = c->pos;

		n = cursor_be16(c);
		tree_hex(a->t, "tls.handshake.ciphersuite", "Cipher Suite",
			 coff, 2, n, 4);
		if (a->hello && !c->err) {
			a->hello->cipher = n;
			a->hello->have_cipher = true;
		}
		tree_uint(a->t, "tls.handshake.comp_method",
			  "Compression Method", c->pos, 1, cursor_u8(c));
	}
	if (!c->err)
		tls_extensions(c, a, client);
}

/* Handshake messages filling one record (RFC 8446 section 4). They must
 * tile it exactly; when they do not, the record is encrypted (a Finished
 * after ChangeCipherSpec) and is left alone. */
static bool
tls_handshakes_tile(const struct cursor *body, size_t record_len)
{
	struct cursor c = *body;
	size_t used = 0;

	while (used < record_len) {
		uint32_t len;

		if (!cursor_has(&c, 4))
			return cursor_left(&c) == 0 && used < record_len;
		cursor_skip(&c, 1);
		len = cursor_be24(&c);
		if (len > record_len - used - 4)
			return false;
		used += 4 + len;
		if (!cursor_skip(&c, len))
			return true; /* cut by the end of the segment */
	}
	return true;
}

void
tls_handshakes(struct cursor *body, struct app_ctx *a)
{
	while (cursor_left(body) >= 4) {
		size_t off = body->pos;
		uint8_t type = cursor_u8(body);
		uint32_t len = cursor_be24(body);
		struct cursor m = cursor_sub(body, len);
		bool whole = cursor_skip(body, len);

		tree_push(a->t, NULL, "Handshake Protocol", off, 4 + (size_t)len);
		if (tree_uint(a->t, "tls.handshake.type", "Handshake Type",
			      off, 1, type) >= 0)
			tls_info_name(a->t, tls_info_handshakes, type);
		tree_uint(a->t, "tls.handshake.length", "Length", off + 1, 3,
			  len);
		if (type == TLS_HS_CLIENT_HELLO || type == TLS_HS_SERVER_HELLO)
			tls_hello(&m, a, type == TLS_HS_CLIENT_HELLO);
		else if (type == TLS_HS_ENCRYPTED_EXTENSIONS)
			tls_extensions(&m, a, false);
		tree_pop(a->t, off + 4 + (size_t)len);
		if (!whole)
			break;
	}
}

/* Identifying, the records matter only for a ClientHello's server_name,
 * and a ClientHello opens its segment: the one record that can come
 * before it is a ChangeCipherSpec (RFC 8446 appendix D.4, after a
 * HelloRetryRequest), after which no handshake is read (it would be
 * encrypted). So only the first record is read, when it is a handshake
 * record, however many follow (empty records back to back are 280 to a
 * segment). A record cut by the end of the segment is read as far as it
 * goes: the SNI comes early. The caller checked its header. */
static void
tls_records_name(const struct cursor *c, struct app_ctx *a)
{
	const uint8_t *h = c->frame + c->pos;
	uint16_t len = wire_be16(h + 3);
	struct cursor body = *c;

	/* no zero-length handshake fragments (RFC 8446 section 5.1) */
	if (h[0] != TLS_HANDSHAKE || len == 0)
		return;
	body.pos += TLS_RECORD_HEADER;
	cursor_limit(&body, len);
	if (tls_handshakes_tile(&body, len))
		tls_handshakes(&body, a);
}

static enum app_verdict
tls_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c);
	enum app_verdict v = APP_MAYBE;
	bool encrypted = false, cut = false;
	const uint8_t *h, *hello;

	h = tls_peek(c, TLS_RECORD_HEADER);
	if (h == NULL ||
	    !tls_record_ok(h[0], wire_be16(h + 1), wire_be16(h + 3))) {
		/* the rest of a record begun in an earlier segment */
		if (a->t == NULL)
			tls_scan_sni(c, a);
		if (a->t) {
			tree_push(a->t, "tls", "Transport Layer Security", off,
				  left);
			tree_column(a->t, PROTO_TLS, false);
			tree_do_add(a->t, NULL, "[Continuation Data]", off,
				    left, "%s", "");
			tls_info_end(a);
			tree_pop(a->t, off + left);
		}
		return APP_MAYBE;
	}
	/* a hello at the start of the segment is the signature */
	hello = tls_peek(c, TLS_RECORD_HEADER + 6);
	if (hello && hello[0] == TLS_HANDSHAKE &&
	    (hello[5] == TLS_HS_CLIENT_HELLO ||
	     hello[5] == TLS_HS_SERVER_HELLO) &&
	    tls_version_ok(wire_be16(hello + 9)))
		v = APP_YES;
	if (a->t == NULL && a->hello == NULL) {
		tls_records_name(c, a);
		return v;
	}
	tree_push(a->t, "tls", "Transport Layer Security", off, left);
	tree_column(a->t, PROTO_TLS, false);
	while (cursor_left(c) >= TLS_RECORD_HEADER) {
		size_t roff = c->pos;
		uint8_t type;
		uint16_t version, len;
		struct cursor body;
		int tn;

		h = tls_peek(c, TLS_RECORD_HEADER);
		if (h == NULL)
			break;
		type = h[0];
		version = wire_be16(h + 1);
		len = wire_be16(h + 3);
		if (!tls_record_ok(type, version, len))
			break;
		cursor_skip(c, TLS_RECORD_HEADER);
		body = cursor_sub(c, len);
		cut = !cursor_skip(c, len);
		/* tshark shows no fields of a record that goes on in the next
		 * segment, but the header of one the snap length cut */
		if (cut && a->t != NULL && !a->snapped)
			break;
		tree_push(a->t, NULL,
			  tls_record_labels[type] ? tls_record_labels[type]
						  : "Record Layer",
			  roff, TLS_RECORD_HEADER + (size_t)len);
		/* TLS 1.3 names the outer type of protected records
		 * opaque_type (RFC 8446 section 5.2) */
		if (tls_opaque(type, version, &body))
			tn = tree_uint(a->t, "tls.record.opaque_type",
				       "Opaque Type", roff, 1, type);
		else
			tn = tree_uint(a->t, "tls.record.content_type",
				       "Content Type", roff, 1, type);
		if (tn >= 0)
			tls_info_name(a->t, tls_info_records, type);
		tree_hex(a->t, "tls.record.version", "Version", roff + 1, 2,
			 version, 4);
		tree_uint(a->t, "tls.record.length", "Length", roff + 3, 2,
			  len);
		if (type == TLS_CCS)
			encrypted = true;
		else if (cut && a->t != NULL)
			tree_do_add(a->t, NULL,
				    "[Packet size limited during capture: TLS "
				    "truncated]", c->pos, 0, "%s", "");
		else if (type == TLS_HANDSHAKE && !encrypted &&
			 tls_handshakes_tile(&body, len))
			tls_handshakes(&body, a);
		tree_pop(a->t, roff + TLS_RECORD_HEADER + (size_t)len);
		if (cut)
			break;
	}
	if (a->t) {
		if (cut ? !a->snapped : cursor_left(c) > 0)
			tree_do_add(a->t, NULL,
				    "[Record continues in a later segment]",
				    c->pos, 0, "%s", "");
		tls_info_end(a);
		tree_pop(a->t, off + left);
	}
	c->err = false;
	return v;
}

/* Tried first: the most common payload. */
const struct proto_desc tls_proto = {
	.id = PROTO_TLS,
	.name = "tls",
	.label = "TLS",
	.tree_name = "tls",
	.column = "TLS",
	.layer = PROTO_LAYER_APP,
	.parse = tls_parse,
	.l4 = PROTO_L4_TCP,
	.ports = { 443, 853, 465, 993 },
	.appid_rank = 1,
	.tree_heuristic = true,
	.has_name = true,
};
