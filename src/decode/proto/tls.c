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

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "decode/proto/app.h"

#include "base/i18n.h"

#include "decode/proto/wire.h"
#include "decode/valnames.h"

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
#define TLS_EXT_SUPPORTED_GROUPS 10
#define TLS_EXT_EC_POINT_FORMATS 11
#define TLS_EXT_SIGNATURE_ALGORITHMS 13
#define TLS_EXT_ALPN 16
#define TLS_EXT_PADDING 21
#define TLS_EXT_SUPPORTED_VERSIONS 43
#define TLS_EXT_PSK_MODES 45
#define TLS_EXT_SIGNATURE_ALGORITHMS_CERT 50
#define TLS_EXT_KEY_SHARE 51

/* tshark -V shows at most this many bytes of a byte string, then "…" */
#define TLS_SHOWN_BYTES 36

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

/* Tree only: N bytes at P as one hex string (the value --fields
 * prints), shown cut to TLS_SHOWN_BYTES with "…" as tshark -V does. */
static int
tls_tree_bytes(struct tree *t, const char *field, const char *label,
	       size_t off, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char buf[2 * TLS_SHOWN_BYTES + 4];
	size_t k, m = n < TLS_SHOWN_BYTES ? n : TLS_SHOWN_BYTES;
	int node;

	if (t == NULL || p == NULL)
		return -1;
	for (k = 0; k < m; k++) {
		buf[2 * k] = digits[p[k] >> 4];
		buf[2 * k + 1] = digits[p[k] & 15];
	}
	buf[2 * m] = '\0';
	node = tree_do_add(t, field, label, off, n, "%s", buf);
	if (node >= 0 && n > m)
		tree_shown(t, node, "%s\xe2\x80\xa6", buf);
	return node;
}

/* Tree only: a subtree whose line is TEXT alone ("Cipher Suites (4
 * suites)"): an empty label prints the shown text as the whole line. */
static int
tls_tree_group(struct tree *t, size_t off, size_t len)
{
	return tree_do_push(t, NULL, "", off, len);
}

/* The shape of a list extension: a length of LW (1 or 2) bytes, in the
 * tree as FIELD and LABEL, then the list it counts, to which E is
 * limited. Returns where the list starts. */
static size_t
tls_tree_list(struct cursor *e, struct tree *t, size_t lw,
	      const char *field, const char *label)
{
	size_t off = e->pos;
	uint16_t len = lw == 1 ? cursor_u8(e) : cursor_be16(e);

	tree_uint(t, field, label, off, lw, len);
	cursor_limit(e, len);
	return off + lw;
}

/* The rest of E as a list of IW-byte (1 or 2) items, each FIELD and
 * LABEL: 2-byte code points in 4-digit hex, bytes as numbers. */
static void
tls_tree_items(struct cursor *e, struct tree *t, size_t iw,
	       const char *field, const char *label)
{
	while (cursor_left(e) >= iw) {
		size_t at = e->pos;

		if (iw == 2)
			tree_hex(t, field, label, at, 2, cursor_be16(e), 4);
		else
			tree_uint(t, field, label, at, 1, cursor_u8(e));
	}
}

/* A value's registry name for FIELD, or "Unknown" as tshark writes a
 * number its table does not name. */
static const char *
tls_name(const char *field, uint32_t v)
{
	const char *name = valnames_lookup(field, v);

	return name ? name : "Unknown";
}

static void tls_ext_server_names(struct cursor *e, struct app_ctx *a,
				 size_t off, uint16_t list);

/* server_name (RFC 6066 section 3): the first host_name is the
 * connection's name. */
static void
tls_ext_server_name(struct cursor *e, struct app_ctx *a)
{
	size_t off = e->pos;
	uint16_t list = cursor_be16(e);

	tree_push(a->t, NULL, "Server Name Indication extension", off,
		  cursor_left(e) + 2);
	tls_ext_server_names(e, a, off, list);
	tree_pop(a->t, e->end);
}

static void
tls_ext_server_names(struct cursor *e, struct app_ctx *a, size_t off,
		     uint16_t list)
{
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

static void tls_ext_alpn_list(struct cursor *e, struct tree *t);

/* ALPN (RFC 7301 section 3.1): a list of length-prefixed strings. */
static void
tls_ext_alpn(struct cursor *e, struct tree *t)
{
	size_t at = tls_tree_list(e, t, 2, "tls.handshake.extensions_alpn_len",
				  "ALPN Extension Length");

	tree_push(t, NULL, "ALPN Protocol", at, cursor_left(e));
	tls_ext_alpn_list(e, t);
	tree_pop(t, e->pos);
}

static void
tls_ext_alpn_list(struct cursor *e, struct tree *t)
{
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
	if (client)
		tls_tree_list(e, t, 1,
			      "tls.handshake.extensions.supported_versions_len",
			      "Supported Versions length");
	else
		cursor_limit(e, 2);
	tls_tree_items(e, t, 2, "tls.handshake.extensions.supported_version",
		       "Supported Version");
}

/* Tree only: supported_groups (RFC 8446 section 4.2.7), a list of
 * 16-bit group numbers. */
static void
tls_ext_groups(struct cursor *e, struct tree *t)
{
	size_t at = tls_tree_list(
		e, t, 2, "tls.handshake.extensions_supported_groups_length",
		"Supported Groups List Length");
	unsigned count = (unsigned)(cursor_left(e) / 2);
	int n = tls_tree_group(t, at, cursor_left(e));

	tree_shown(t, n, "Supported Groups (%u %s)", count,
		   count == 1 ? "group" : "groups");
	tls_tree_items(e, t, 2, "tls.handshake.extensions_supported_group",
		       "Supported Group");
	tree_pop(t, e->pos);
}

/* Tree only: ec_point_formats (RFC 8422 section 5.1.2). */
static void
tls_ext_ec_points(struct cursor *e, struct tree *t)
{
	size_t at = tls_tree_list(
		e, t, 1, "tls.handshake.extensions_ec_point_formats_length",
		"EC point formats Length");
	int n = tls_tree_group(t, at, cursor_left(e));

	tree_shown(t, n, "Elliptic curves point formats (%u)",
		   (unsigned)cursor_left(e));
	tls_tree_items(e, t, 1, "tls.handshake.extensions_ec_point_format",
		       "EC point format");
	tree_pop(t, e->pos);
}

/* Tree only: signature_algorithms (RFC 8446 section 4.2.3), each
 * scheme with the TLS 1.2 hash and signature bytes it is made of. */
static void
tls_ext_sig_algs(struct cursor *e, struct tree *t)
{
	size_t at = tls_tree_list(e, t, 2, "tls.handshake.sig_hash_alg_len",
				  "Signature Hash Algorithms Length");
	unsigned count = (unsigned)(cursor_left(e) / 2);
	int n = tls_tree_group(t, at, cursor_left(e));

	tree_shown(t, n, "Signature Hash Algorithms (%u %s)", count,
		   count == 1 ? "algorithm" : "algorithms");
	while (cursor_left(e) >= 2) {
		size_t a = e->pos;
		uint16_t v = cursor_be16(e);
		const char *alg = valnames_lookup("tls.handshake.sig_hash_alg",
						  v);
		const char *hash = valnames_lookup(
			"tls.handshake.sig_hash_hash", v >> 8);
		const char *sig = valnames_lookup("tls.handshake.sig_hash_sig",
						  v & 0xff);

		n = tree_hex(t, "tls.handshake.sig_hash_alg",
			     "Signature Algorithm", a, 2, v, 4);
		tree_open(t, n);
		/* a TLS 1.2 pair without a scheme name reads as its parts */
		if (alg || !hash || !sig)
			tree_shown(t, n, "%s (0x%04x)", alg ? alg : "Unknown",
				   v);
		else
			tree_shown(t, n, "%s %s (0x%04x)", hash, sig, v);
		n = tree_uint(t, "tls.handshake.sig_hash_hash",
			      "Signature Hash Algorithm Hash", a, 1, v >> 8);
		tree_shown(t, n, "%s (%u)",
			   tls_name("tls.handshake.sig_hash_hash", v >> 8),
			   (unsigned)(v >> 8));
		n = tree_uint(t, "tls.handshake.sig_hash_sig",
			      "Signature Hash Algorithm Signature", a + 1, 1,
			      v & 0xff);
		tree_shown(t, n, "%s (%u)",
			   tls_name("tls.handshake.sig_hash_sig", v & 0xff),
			   (unsigned)(v & 0xff));
		tree_pop(t, a + 2);
	}
	tree_pop(t, e->pos);
}

/* Tree only: psk_key_exchange_modes (RFC 8446 section 4.2.9). */
static void
tls_ext_psk_modes(struct cursor *e, struct tree *t)
{
	tls_tree_list(e, t, 1, "tls.extension.psk_ke_modes_length",
		      "PSK Key Exchange Modes Length");
	tls_tree_items(e, t, 1, "tls.extension.psk_ke_mode",
		       "PSK Key Exchange Mode");
}

/* Tree only: one KeyShareEntry (RFC 8446 section 4.2.8): group, key
 * length, key. False when it does not fit. */
static bool
tls_key_share_entry(struct cursor *e, struct tree *t)
{
	size_t off = e->pos;
	uint16_t group, len;
	const uint8_t *key;
	const char *name;
	int n;

	if (cursor_left(e) < 4)
		return false;
	group = cursor_be16(e);
	len = cursor_be16(e);
	key = cursor_ptr(e, len);
	if (key == NULL)
		return false;
	name = valnames_lookup("tls.handshake.extensions_key_share_group",
			       group);
	n = tree_do_push(t, NULL, "Key Share Entry", off, 4 + (size_t)len);
	if (name)
		tree_shown(t, n, "Group: %s, Key Exchange length: %u", name,
			   len);
	else
		tree_shown(t, n, "Group: Unknown (%u), Key Exchange length: %u",
			   group, len);
	tree_uint(t, "tls.handshake.extensions_key_share_group", "Group", off,
		  2, group);
	tree_uint(t, "tls.handshake.extensions_key_share_key_exchange_length",
		  "Key Exchange Length", off + 2, 2, len);
	tls_tree_bytes(t, "tls.handshake.extensions_key_share_key_exchange",
		       "Key Exchange", off + 4, key, len);
	tree_pop(t, off + 4 + (size_t)len);
	return true;
}

/* Tree only: key_share (RFC 8446 section 4.2.8): the client's list, the
 * server's one entry, or a HelloRetryRequest's selected group (2 bytes:
 * tshark tells it by the length too). */
static void
tls_ext_key_share(struct cursor *e, struct tree *t, bool client)
{
	size_t off = e->pos;

	tree_push(t, NULL, "Key Share extension", off, cursor_left(e));
	if (client) {
		tls_tree_list(
			e, t, 2,
			"tls.handshake.extensions_key_share_client_length",
			"Client Key Share Length");
		while (tls_key_share_entry(e, t))
			;
	} else if (cursor_left(e) == 2) {
		tree_uint(t, "tls.handshake.extensions_key_share_selected_group",
			  "Selected Group", off, 2, cursor_be16(e));
	} else {
		tls_key_share_entry(e, t);
	}
	tree_pop(t, e->end);
}

/* Tree only: the bodies people read of the other extensions. */
static void
tls_ext_tree_body(struct cursor *e, struct tree *t, uint16_t type,
		  bool client)
{
	switch (type) {
	case TLS_EXT_SUPPORTED_GROUPS:
		tls_ext_groups(e, t);
		break;
	case TLS_EXT_EC_POINT_FORMATS:
		tls_ext_ec_points(e, t);
		break;
	case TLS_EXT_SIGNATURE_ALGORITHMS:
	case TLS_EXT_SIGNATURE_ALGORITHMS_CERT:
		tls_ext_sig_algs(e, t);
		break;
	case TLS_EXT_PSK_MODES:
		tls_ext_psk_modes(e, t);
		break;
	case TLS_EXT_KEY_SHARE:
		tls_ext_key_share(e, t, client);
		break;
	case TLS_EXT_PADDING:
		tls_tree_bytes(t, "tls.handshake.extensions_padding_data",
			       "Padding Data", e->pos,
			       tls_peek(e, cursor_left(e)), cursor_left(e));
		break;
	default:
		break;
	}
}

/* The Extension subtree (none without a tree: the hot path). */
static int
tree_do_push_if(struct tree *t, size_t off, size_t len)
{
	return t ? tree_do_push(t, NULL, "Extension", off, len) : -1;
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
		const char *name;
		int ext;

		if (!whole) {
			/* the extension goes on in a later segment */
			c->err = false;
			c->pos = c->end;
		}
		ext = tree_do_push_if(a->t, eoff, 4 + (size_t)elen);
		if (ext >= 0 && (name = valnames_lookup(
					 "tls.handshake.extension.type", type)))
			tree_shown(a->t, ext, "%s (len=%u)", name, elen);
		else if (ext >= 0)
			tree_shown(a->t, ext, "Unknown type %u (len=%u)", type,
				   elen);
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
		else if (a->t && whole)
			tls_ext_tree_body(&e, a->t, type, client);
		tree_pop(a->t, eoff + 4 + (size_t)elen);
		if (!whole)
			break;
	}
}

/* A group subtree whose line is its shown text (none without a tree). */
static int
tree_do_push_group(struct tree *t, size_t off, size_t len)
{
	return t ? tls_tree_group(t, off, len) : -1;
}

/* Tree only: whether the ServerHello whose Random starts at C chose
 * TLS 1.3 (its supported_versions extension, RFC 8446 section 4.2.1). */
static bool
tls_server_13(const struct cursor *c)
{
	struct cursor q = *c;
	uint16_t len;

	cursor_skip(&q, 32);
	cursor_skip(&q, cursor_u8(&q));
	cursor_skip(&q, 3); /* cipher suite, compression */
	len = cursor_be16(&q);
	if (q.err)
		return false;
	cursor_limit(&q, len);
	while (cursor_left(&q) >= 4) {
		uint16_t type = cursor_be16(&q), elen = cursor_be16(&q);

		if (type == TLS_EXT_SUPPORTED_VERSIONS && elen == 2)
			return cursor_be16(&q) == 0x0304;
		if (!cursor_skip(&q, elen))
			break;
	}
	return false;
}

/* Tree only: a hello's Random (RFC 5246 section 7.4.1.2), with the
 * time its first 4 bytes held before TLS 1.3 and the bytes after; a
 * TLS 1.3 ServerHello's (WHOLE) is random throughout. */
static void
tls_tree_random(const struct cursor *c, struct tree *t, bool whole)
{
	const uint8_t *r = tls_peek(c, 32);
	size_t off = c->pos;
	char when[64];
	struct tm tm;
	time_t sec;
	int n;

	if (r == NULL)
		return;
	n = tls_tree_bytes(t, "tls.handshake.random", "Random", off, r, 32);
	if (n < 0 || whole)
		return;
	tree_open(t, n); /* the subtree of its two parts */
	sec = (time_t)wire_be32(r);
	if (gmtime_r(&sec, &tm) &&
	    strftime(when, sizeof(when), "%b %e, %Y %H:%M:%S", &tm))
		tree_do_add(t, "tls.handshake.random_time", "GMT Unix Time",
			    off, 4, "%s.000000000 UTC", when);
	tls_tree_bytes(t, "tls.handshake.random_bytes", "Random Bytes",
		       off + 4, r + 4, 28);
	tree_pop(t, off + 32);
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
	if (a->t)
		tls_tree_random(c, a->t, !client && tls_server_13(c));
	cursor_skip(c, 32); /* random */
	sid = cursor_u8(c);
	tree_uint(a->t, "tls.handshake.session_id_length", "Session ID Length",
		  off + 34, 1, sid);
	if (a->t && sid > 0 && cursor_has(c, sid))
		tls_tree_bytes(a->t, "tls.handshake.session_id", "Session ID",
			       off + 35, c->frame + c->pos, sid);
	cursor_skip(c, sid);
	if (c->err)
		return;
	if (client) {
		size_t coff = c->pos;
		int g;

		n = cursor_be16(c);
		tree_uint(a->t, "tls.handshake.cipher_suites_length",
			  "Cipher Suites Length", coff, 2, n);
		if (!cursor_has(c, n))
			return;
		g = tree_do_push_group(a->t, coff + 2, n);
		tree_shown(a->t, g, "Cipher Suites (%u suite%s)", n / 2u,
			   n / 2u == 1 ? "" : "s");
		for (; n >= 2; n -= 2) {
			coff += 2;
			tree_hex(a->t, "tls.handshake.ciphersuite",
				 "Cipher Suite", coff, 2, cursor_be16(c), 4);
		}
		tree_pop(a->t, c->pos);
		cursor_skip(c, n);
		coff = c->pos;
		n = cursor_u8(c);
		tree_uint(a->t, "tls.handshake.comp_methods_length",
			  "Compression Methods Length", coff, 1, n);
		if (!cursor_has(c, n))
			return;
		g = tree_do_push_group(a->t, coff + 1, n);
		tree_shown(a->t, g, "Compression Methods (%u method%s)", n,
			   n == 1 ? "" : "s");
		for (; n > 0; n--) {
			coff++;
			tree_uint(a->t, "tls.handshake.comp_method",
				  "Compression Method", coff, 1, cursor_u8(c));
		}
		tree_pop(a->t, c->pos);
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

/* The Handshake Protocol subtree (none without a tree). */
static int
tree_do_push_hs(struct tree *t, size_t off, size_t len)
{
	return t ? tree_do_push(t, NULL, "Handshake Protocol", off, len) : -1;
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
		int hs;

		hs = tree_do_push_hs(a->t, off, 4 + (size_t)len);
		if (tree_uint(a->t, "tls.handshake.type", "Handshake Type",
			      off, 1, type) >= 0) {
			tls_info_name(a->t, tls_info_handshakes, type);
			tree_shown(a->t, hs, "%s",
				   tls_name("tls.handshake.type", type));
		}
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
