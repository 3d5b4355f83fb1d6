/*
 * quic: the invariant long header of QUIC (RFC 8999 section 5.1, RFC 9000
 * section 17.2; version 2 RFC 9369 section 3), its drafts and mvfst's
 * versions, and Google QUIC's public header with a version (Q0xx). Only
 * the clear-text header is read: the payload is encrypted. tshark
 * derives the Initial keys and finds a TLS ClientHello or ServerHello in
 * every Initial, so an Initial of a version it knows is labelled tls, as
 * tshark labels the connection.
 */
#include "config.h"

#include "proto/app.h"

#include <string.h>

#include "proto/wire.h"
#include "quic_initial.h"

#define QUIC_CID_MAX 20
#define QUIC_V1 0x00000001u
#define QUIC_V2 0x6b3343cfu
#define QUIC_LONG_INITIAL 0 /* packet type bits in v1 and the drafts */
#define QUIC_LONG_RETRY 3
#define QUIC_V2_INITIAL 1   /* RFC 9369 section 3.2 */
#define QUIC_V2_RETRY 0
#define QUIC_MAX_COALESCED 8
#define QUIC_TAG_LEN 16
/* A client's Initial datagram is at least this long (RFC 9000 section
 * 14.1): shorter ones are the server's, whose keys pktop cannot know, so
 * they are not worth a decryption attempt. */
#define QUIC_CLIENT_MIN 1200
#define QUIC_PIECES_MAX 32

enum quic_family {
	QUIC_UNKNOWN = 0,
	QUIC_IETF,   /* v1, drafts, mvfst: tshark decrypts their Initials */
	QUIC_IETF2,  /* v2: other packet type bits */
	QUIC_NEGOTIATION,
	QUIC_GOOGLE,
};

static enum quic_family
quic_family(uint32_t v)
{
	if (v == 0)
		return QUIC_NEGOTIATION;
	if (v == QUIC_V1)
		return QUIC_IETF;
	if (v == QUIC_V2)
		return QUIC_IETF2;
	if ((v & 0xffffff00u) == 0xff000000u && (v & 0xff) >= 22)
		return QUIC_IETF; /* draft-22 and later */
	if (v >= 0xfaceb001u && v <= 0xfaceb00fu)
		return QUIC_IETF; /* mvfst */
	if ((v >> 24) == 'Q' || (v >> 24) == 'T')
		return ((v >> 16) & 0xff) == '0' ? QUIC_GOOGLE : QUIC_UNKNOWN;
	return QUIC_UNKNOWN;
}

/* A variable-length integer (RFC 9000 section 16). */
static uint64_t
quic_varint(struct cursor *c)
{
	int b = cursor_peek_u8(c, 0);
	uint64_t v;
	unsigned n, i;

	if (b < 0) {
		cursor_fail(c);
		return 0;
	}
	n = 1u << ((unsigned)b >> 6);
	v = (unsigned)b & 0x3f;
	cursor_skip(c, 1);
	for (i = 1; i < n; i++)
		v = v << 8 | cursor_u8(c);
	return c->err ? 0 : v;
}

static void
quic_tree_cid(struct tree *t, const char *field, const char *label,
	      size_t off, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char s[2 * QUIC_CID_MAX + 1];
	size_t i;

	if (t == NULL || n == 0)
		return;
	for (i = 0; i < n && i < QUIC_CID_MAX; i++) {
		s[2 * i] = hex[p[i] >> 4];
		s[2 * i + 1] = hex[p[i] & 0xf];
	}
	s[2 * i] = '\0';
	tree_do_add(t, field, label, off, n, "%s", s);
}

/* One datagram's bytes with a client Initial's payload decrypted in
 * place, so that tree offsets still point at the right bytes. */
struct quic_piece {
	size_t off; /* in the CRYPTO stream */
	size_t pos; /* in buf */
	size_t len;
};

struct quic_plain {
	uint8_t buf[QUIC_INITIAL_MAX];
	uint8_t stream[QUIC_INITIAL_MAX]; /* CRYPTO data from offset 0 */
	struct quic_piece pieces[QUIC_PIECES_MAX];
	size_t npieces;
	size_t start; /* first payload byte, after the packet number */
	size_t end;   /* end of the decrypted payload */
	bool failed;  /* the keys did not open it (not the client's) */
};

/* Open the client Initial whose first byte is at FIRST, packet number at
 * PN_OFF, LEN bytes from there (quic_initial.c checks the tag, so a
 * server's Initial, keyed from another packet, stays closed). */
static bool
quic_plain_open(const struct cursor *c, size_t first, size_t pn_off,
		uint64_t len, uint32_t version, const uint8_t *dcid,
		size_t dcil, struct quic_plain *q)
{
	size_t end = (size_t)(pn_off + len);
	long body;

	q->failed = false;
	if (len > QUIC_INITIAL_MAX || end > c->end || end > sizeof(q->buf) ||
	    !quic_initial_known(version))
		return false;
	body = quic_initial_open(version, dcid, dcil, c->frame + first,
				 pn_off - first, end - first, q->stream,
				 sizeof(q->stream));
	if (body <= 0) {
		q->failed = true;
		return false;
	}
	memcpy(q->buf, c->frame, end);
	q->end = end - QUIC_TAG_LEN;
	q->start = q->end - (size_t)body;
	memcpy(q->buf + q->start, q->stream, (size_t)body);
	return true;
}

/* ACK frame ranges (RFC 9000 section 19.3), skipped. */
static void
quic_skip_ack(struct cursor *f, bool ecn)
{
	uint64_t ranges, i;

	quic_varint(f); /* largest acknowledged */
	quic_varint(f); /* delay */
	ranges = quic_varint(f);
	quic_varint(f); /* first range */
	for (i = 0; i < ranges && !f->err; i++) {
		quic_varint(f);
		quic_varint(f);
	}
	if (ecn) {
		quic_varint(f);
		quic_varint(f);
		quic_varint(f);
	}
}

/* The frames of a decrypted Initial (RFC 9000 section 17.2.2: PADDING,
 * PING, ACK, CRYPTO, CONNECTION_CLOSE), noting where the CRYPTO pieces
 * are. False when they do not parse: the keys were wrong (a server's
 * Initial) or the packet lies. */
static bool
quic_initial_frames(struct quic_plain *q, struct tree *t)
{
	struct cursor f;

	q->npieces = 0;
	cursor_init(&f, q->buf, q->end);
	f.pos = q->start;
	while (cursor_left(&f) > 0 && !f.err) {
		size_t off = f.pos;
		uint64_t type = quic_varint(&f), coff, clen;

		switch (type) {
		case 0x00: /* PADDING, a run of them */
			while (cursor_peek_u8(&f, 0) == 0)
				cursor_skip(&f, 1);
			tree_uint(t, "quic.frame_type", "Frame Type", off, 1,
				  type);
			tree_uint(t, "quic.padding_length", "Padding Length",
				  off, f.pos - off, f.pos - off);
			break;
		case 0x01: /* PING */
			tree_uint(t, "quic.frame_type", "Frame Type", off, 1,
				  type);
			break;
		case 0x02:
		case 0x03:
			quic_skip_ack(&f, type == 0x03);
			tree_uint(t, "quic.frame_type", "Frame Type", off, 1,
				  type);
			break;
		case 0x06:
			coff = quic_varint(&f);
			clen = quic_varint(&f);
			if (f.err || clen > cursor_left(&f) ||
			    coff > QUIC_INITIAL_MAX)
				return false;
			if (q->npieces < QUIC_PIECES_MAX) {
				struct quic_piece *p = &q->pieces[q->npieces++];

				p->off = (size_t)coff;
				p->pos = f.pos;
				p->len = (size_t)clen;
			}
			cursor_skip(&f, (size_t)clen);
			tree_push(t, NULL, "CRYPTO", off, f.pos - off);
			tree_uint(t, "quic.frame_type", "Frame Type", off, 1,
				  type);
			tree_uint(t, "quic.crypto.offset", "Offset", off + 1, 0,
				  coff);
			tree_uint(t, "quic.crypto.length", "Length", off + 1, 0,
				  clen);
			tree_pop(t, f.pos);
			break;
		case 0x1c:
		case 0x1d:
			quic_varint(&f);
			if (type == 0x1c)
				quic_varint(&f);
			clen = quic_varint(&f);
			if (f.err || clen > cursor_left(&f))
				return false;
			cursor_skip(&f, (size_t)clen);
			tree_uint(t, "quic.frame_type", "Frame Type", off, 1,
				  type);
			break;
		default:
			return false;
		}
	}
	return q->npieces > 0 && !f.err;
}

/* The CRYPTO stream from offset 0 as far as this packet's pieces reach
 * without a gap (Chrome scatters its ClientHello over many frames). */
static size_t
quic_crypto_join(struct quic_plain *q)
{
	size_t covered = 0, i;
	bool grew = true;

	while (grew) {
		grew = false;
		for (i = 0; i < q->npieces; i++) {
			const struct quic_piece *p = &q->pieces[i];
			size_t stop = p->off + p->len;

			if (p->off > covered || stop <= covered)
				continue;
			if (stop > sizeof(q->stream))
				stop = sizeof(q->stream);
			if (stop <= covered)
				continue;
			memcpy(q->stream + covered,
			       q->buf + p->pos + (covered - p->off),
			       stop - covered);
			covered = stop;
			grew = true;
		}
	}
	return covered;
}

/* Tree nodes made from the joined stream get the frame offsets of the
 * bytes they came from, for the hex pane. */
static void
quic_crypto_remap(const struct quic_plain *q, struct tree *t, int from)
{
	int i;
	size_t k;

	for (i = from; i < t->count; i++) {
		struct tree_node *n = &t->nodes[i];

		for (k = 0; k < q->npieces; k++) {
			const struct quic_piece *p = &q->pieces[k];

			if (n->offset >= p->off && n->offset < p->off + p->len) {
				size_t room = p->off + p->len - n->offset;

				n->offset =
					(uint32_t)(p->pos + (n->offset - p->off));
				if (n->length > room)
					n->length = (uint32_t)room;
				break;
			}
		}
	}
}

/* The TLS handshake carried in the CRYPTO frames: fields and the SNI. */
static void
quic_initial_tls(struct quic_plain *q, struct app_ctx *a)
{
	size_t len = quic_crypto_join(q);
	struct cursor data;
	int from, hs;

	if (len < 4)
		return;
	cursor_init(&data, q->stream, len);
	hs = cursor_peek_u8(&data, 0);
	if (hs != 1 && hs != 2)
		return;
	from = a->t ? a->t->count : 0;
	tree_push(a->t, "tls", "Transport Layer Security", 0, len);
	tls_handshakes(&data, a);
	tree_pop(a->t, len);
	if (a->t)
		quic_crypto_remap(q, a->t, from);
}

/* A client Initial: decrypt it, check its frames, then dissect them. */
static void
quic_initial(const struct cursor *c, struct app_ctx *a, size_t first,
	     size_t pn_off, uint64_t len, uint32_t version,
	     const uint8_t *dcid, size_t dcil)
{
	struct quic_plain q;

	if (!quic_plain_open(c, first, pn_off, len, version, dcid, dcil,
			     &q)) {
		/* trying the connection's next Initials costs a key
		 * derivation each and would fail the same way */
		if (q.failed)
			a->r->settled = true;
		return;
	}
	if (!quic_initial_frames(&q, NULL))
		return;
	if (a->t)
		quic_initial_frames(&q, a->t);
	quic_initial_tls(&q, a);
}

/* Google QUIC's public header (Q043 and older): flags, an 8-byte
 * connection ID when flag 0x08 is set, then the version when flag 0x01
 * is set. */
static bool
quic_google_public(const struct cursor *c)
{
	int flags = cursor_peek_u8(c, 0);
	struct cursor q = *c;

	if (flags < 0 || (flags & 0x80) || !(flags & 0x01) || !(flags & 0x08))
		return false;
	cursor_skip(&q, 9);
	return cursor_has(&q, 4) &&
	       quic_family(cursor_be32(&q)) == QUIC_GOOGLE;
}

/* One long-header packet; returns false when the header does not hold
 * together. *INITIAL is set for an Initial of a version tshark opens;
 * with OPEN, a client Initial is decrypted for its ClientHello. */
static bool
quic_long(struct cursor *c, struct app_ctx *a, bool open, bool *initial,
	  enum quic_family *fam)
{
	size_t off = c->pos, first_off = c->pos;
	uint8_t first = cursor_u8(c), dcil, scil;
	uint32_t version = cursor_be32(c);
	const uint8_t *dcid, *scid;
	unsigned type = (first >> 4) & 3;
	uint64_t len;

	*fam = quic_family(version);
	dcil = cursor_u8(c);
	dcid = dcil <= QUIC_CID_MAX ? cursor_ptr(c, dcil) : NULL;
	scil = cursor_u8(c);
	scid = scil <= QUIC_CID_MAX ? cursor_ptr(c, scil) : NULL;
	if (c->err || (dcil > 0 && !dcid) || (scil > 0 && !scid) ||
	    dcil > QUIC_CID_MAX || scil > QUIC_CID_MAX)
		return false;
	tree_uint(a->t, "quic.header_form", "Header Form", off, 1, 1);
	if (*fam == QUIC_IETF)
		tree_uint(a->t, "quic.long.packet_type", "Packet Type", off, 1,
			  type);
	tree_hex(a->t, "quic.version", "Version", off + 1, 4, version, 8);
	tree_uint(a->t, "quic.dcil", "Destination Connection ID Length",
		  off + 5, 1, dcil);
	quic_tree_cid(a->t, "quic.dcid", "Destination Connection ID", off + 6,
		      dcid, dcil);
	tree_uint(a->t, "quic.scil", "Source Connection ID Length",
		  off + 6 + dcil, 1, scil);
	quic_tree_cid(a->t, "quic.scid", "Source Connection ID",
		      off + 7 + dcil, scid, scil);
	if (*fam == QUIC_NEGOTIATION) {
		/* a list of 32-bit versions fills the rest (RFC 9000
		 * section 17.2.1) */
		len = cursor_left(c);
		cursor_skip(c, cursor_left(c));
		return len >= 4 && len % 4 == 0;
	}
	if (*fam == QUIC_UNKNOWN || *fam == QUIC_GOOGLE) {
		cursor_skip(c, cursor_left(c)); /* nothing more to read */
		return true;
	}
	if ((*fam == QUIC_IETF && type == QUIC_LONG_RETRY) ||
	    (*fam == QUIC_IETF2 && type == QUIC_V2_RETRY)) {
		cursor_skip(c, cursor_left(c));
		return true;
	}
	*initial = (*fam == QUIC_IETF && type == QUIC_LONG_INITIAL) ||
		   (*fam == QUIC_IETF2 && type == QUIC_V2_INITIAL);
	if (*initial) {
		size_t toff = c->pos;
		uint64_t token = quic_varint(c);

		tree_uint(a->t, "quic.token_length", "Token Length", toff,
			  c->pos - toff, token);
		if (c->err || token > cursor_left(c))
			return false;
		cursor_skip(c, (size_t)token);
	}
	off = c->pos;
	len = quic_varint(c);
	if (c->err)
		return false;
	tree_uint(a->t, "quic.length", "Length", off, c->pos - off, len);
	if (*initial)
		if (open)
			quic_initial(c, a, first_off, c->pos, len, version,
				     dcid, dcil);
	/* the protected packet number and payload: the rest of this packet;
	 * a length past the datagram's end is the end of the datagram */
	cursor_skip(c, len < cursor_left(c) ? (size_t)len : cursor_left(c));
	return true;
}

enum app_verdict
quic_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c);
	int first = cursor_peek_u8(c, 0);
	bool initial = false, ok = true, port = app_port(a, 443);
	enum quic_family fam = QUIC_UNKNOWN, fam1 = QUIC_UNKNOWN;
	struct cursor last = *c;
	enum app_verdict v;
	unsigned n;

	if (first < 0)
		return APP_NO;
	if (!(first & 0x80)) {
		if (quic_google_public(c)) {
			tree_push(a->t, "gquic", "GQUIC (Google QUIC)", off,
				  left);
			tree_pop(a->t, off + left);
			return APP_YES;
		}
		/* a short header: only the connection knows its CID. Its
		 * fixed bit is set (RFC 9000 section 17.3); Google QUIC's
		 * flags leave it clear */
		if (a->t && port) {
			if (first & 0x40) {
				tree_push(a->t, "quic", "QUIC IETF", off, left);
				tree_uint(a->t, "quic.header_form",
					  "Header Form", off, 1, 0);
			} else {
				tree_push(a->t, "gquic", "GQUIC (Google QUIC)",
					  off, left);
			}
			tree_pop(a->t, off + left);
		}
		return port ? APP_MAYBE : APP_NO;
	}
	if (cursor_left(c) < 7)
		return port ? APP_MAYBE : APP_NO;
	tree_push(a->t, "quic", "QUIC IETF", off, left);
	/* coalesced packets (RFC 9000 section 12.2) share the datagram */
	for (n = 0; n < QUIC_MAX_COALESCED && ok && cursor_left(c) >= 7; n++) {
		first = cursor_peek_u8(c, 0);
		if (!(first & 0x80))
			break;
		last = *c;
		if (n > 0)
			tree_push(a->t, NULL, "Coalesced packet", c->pos, 0);
		ok = quic_long(c, a, n == 0 && left >= QUIC_CLIENT_MIN,
			       n == 0 ? &initial : &(bool){ false },
			       n == 0 ? &fam1 : &fam);
		if (n > 0)
			tree_pop(a->t, c->pos);
	}
	/* a short-header packet last in the datagram goes to the same
	 * connection ID as the long one before it */
	if (a->t && ok && n > 0 && cursor_left(c) > 0 &&
	    (cursor_peek_u8(c, 0) & 0xc0) == 0x40) {
		size_t soff = c->pos;
		const uint8_t *dcid;
		uint8_t dcil;

		cursor_skip(&last, 5);
		dcil = cursor_u8(&last);
		dcid = cursor_ptr(&last, dcil);
		tree_push(a->t, NULL, "Coalesced packet", soff, c->end - soff);
		tree_uint(a->t, "quic.header_form", "Header Form", soff, 1, 0);
		if (dcid && cursor_has(c, 1 + (size_t)dcil))
			quic_tree_cid(a->t, "quic.dcid",
				      "Destination Connection ID", soff + 1,
				      dcid, dcil);
		tree_pop(a->t, c->end);
	}
	if (!ok)
		tree_flag(a->t, TREE_FLAG_MALFORMED);
	tree_pop(a->t, off + left);
	/* an Initial settles it; a 0-RTT or Handshake packet can arrive
	 * before it, so those leave the answer open */
	if (fam1 == QUIC_UNKNOWN)
		v = ok && port ? APP_MAYBE : APP_NO;
	else if (!ok && !port)
		v = APP_NO;
	else
		v = initial ? APP_YES : APP_WEAK;
	if (v == APP_YES)
		a->app = PROTO_TLS;
	return v;
}
