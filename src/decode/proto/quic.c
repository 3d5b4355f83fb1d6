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

#include "decode/proto/app.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "decode/proto/wire.h"
#include "decode/keylog.h"
#include "decode/proto/quic_conn.h"
#include "decode/proto/quic_crypto.h"
#include "decode/proto/quic_open.h"

#define QUIC_CID_MAX 20
#define QUIC_V1 0x00000001u
#define QUIC_V2 0x6b3343cfu
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
	if ((v & 0x0f0f0f0fu) == 0x0a0a0a0au)
		return QUIC_IETF; /* reserved, to force negotiation */
	if (v == 0x54303530u || v == 0x54303531u)
		return QUIC_IETF; /* Google's T050, T051: TLS in IETF packets */
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

static int
quic_tree_cid(struct tree *t, const char *field, const char *label,
	      size_t off, const uint8_t *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	char s[2 * QUIC_CID_MAX + 1];
	size_t i;

	if (t == NULL || n == 0)
		return -1;
	for (i = 0; i < n && i < QUIC_CID_MAX; i++) {
		s[2 * i] = hex[p[i] >> 4];
		s[2 * i + 1] = hex[p[i] & 0xf];
	}
	s[2 * i] = '\0';
	return tree_do_add(t, field, label, off, n, "%s", s);
}

/* What the Info column shows of a datagram: the nodes of its first
 * packet type, version and connection IDs (-1: none). */
struct quic_info {
	int type, version, dcid, scid;
	unsigned type_v;
};

static void
quic_info_first(int *slot, int node)
{
	if (*slot < 0)
		*slot = node;
}

static const char *const quic_info_types[4] = {
	N_("Initial"), N_("0-RTT"), N_("Handshake"), N_("Retry"),
};

/* tshark's Info: the first long header's packet type (or "Protected
 * Payload" for a short one), then the connection IDs. */
static void
quic_info(struct tree *t, const struct quic_info *qi)
{
	if (qi->type >= 0)
		tree_info(t, PROTO_QUIC, "%s",
			  _(quic_info_types[qi->type_v & 3]));
	else if (qi->version < 0)
		tree_info(t, PROTO_QUIC, "%s", _("Protected Payload"));
	else
		tree_info(t, PROTO_QUIC, "QUIC");
	if (qi->dcid >= 0) {
		tree_info(t, PROTO_QUIC, ", DCID=");
		tree_info_node(t, PROTO_QUIC, qi->dcid);
	}
	if (qi->scid >= 0) {
		tree_info(t, PROTO_QUIC, ", SCID=");
		tree_info_node(t, PROTO_QUIC, qi->scid);
	}
}

/* One packet's bytes with its payload decrypted in place, so that tree
 * offsets still point at the right bytes of the frame. */
struct quic_piece {
	size_t off; /* in the CRYPTO stream */
	size_t pos; /* in buf */
	size_t len;
};

struct quic_plain {
	uint8_t buf[QUIC_PACKET_MAX];
	uint8_t stream[QUIC_PACKET_MAX]; /* one packet's CRYPTO data */
	struct quic_piece pieces[QUIC_PIECES_MAX];
	size_t npieces;
	size_t start; /* first payload byte, after the packet number */
	size_t end;   /* end of the decrypted payload */
	uint64_t crypto_type; /* the CRYPTO frame's type in this version */
	struct quic_unprotected u;
};

/* CRYPTO is frame 0x06 since draft-13; Google's TLS versions T050 and
 * T051 kept their own number for it, 0x08. */
static uint64_t
quic_crypto_frame(uint32_t version)
{
	return version == 0x54303530u || version == 0x54303531u ? 0x08 : 0x06;
}

/* Open the packet whose first byte is at FIRST, packet number at PN_OFF,
 * ending at END, with K (quic_crypto_unprotect checks the tag). */
static bool
quic_plain_open(const struct cursor *c, size_t first, size_t pn_off,
		size_t end, const struct quic_keys *k, int64_t largest,
		bool initial, struct quic_plain *q)
{
	long body;

	if (end > c->end || end > sizeof(q->buf) || pn_off >= end)
		return false;
	body = quic_crypto_unprotect(k, c->frame + first, pn_off - first,
				     end - first, largest, initial, q->stream,
				     sizeof(q->stream), &q->u);
	if (body < 0)
		return false;
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

/* A length-prefixed run of bytes (NEW_TOKEN, a close's reason). */
static void
quic_skip_bytes(struct cursor *f)
{
	uint64_t n = quic_varint(f);

	if (!f->err && n > cursor_left(f))
		cursor_fail(f);
	else
		cursor_skip(f, (size_t)n);
}

/* How many variable-length integers make up the frames of TYPE that
 * hold nothing else (RFC 9000 section 19), or -1. */
static int
quic_frame_varints(uint64_t type)
{
	switch (type) {
	case 0x01: /* PING */
	case 0x1e: /* HANDSHAKE_DONE */
	case 0x1f: /* IMMEDIATE_ACK */
		return 0;
	case 0x2f5: /* TIME_STAMP (draft-huitema-quic-ts) */
	case 0x10: /* MAX_DATA */
	case 0x12: /* MAX_STREAMS */
	case 0x13:
	case 0x14: /* DATA_BLOCKED */
	case 0x16: /* STREAMS_BLOCKED */
	case 0x17:
	case 0x19: /* RETIRE_CONNECTION_ID */
		return 1;
	case 0x05: /* STOP_SENDING */
	case 0x11: /* MAX_STREAM_DATA */
	case 0x15: /* STREAM_DATA_BLOCKED */
		return 2;
	case 0x04: /* RESET_STREAM */
		return 3;
	case 0xaf: /* ACK_FREQUENCY (draft-ietf-quic-ack-frequency: the
		    * last field, a byte in early drafts, reads as one) */
		return 4;
	default:
		return -1;
	}
}

/* One frame other than PADDING, ACK and CRYPTO; false when its type is
 * unknown or it runs past the payload. */
static bool
quic_skip_frame(struct cursor *f, uint64_t type)
{
	int n = quic_frame_varints(type);
	uint64_t len;

	if (n >= 0) {
		while (n-- > 0)
			quic_varint(f);
		return !f->err;
	}
	if (type >= 0x08 && type <= 0x0f) { /* STREAM */
		quic_varint(f);
		if (type & 0x04)
			quic_varint(f);
		if (type & 0x02)
			quic_skip_bytes(f);
		else
			cursor_skip(f, cursor_left(f));
		return !f->err;
	}
	switch (type) {
	case 0x07: /* NEW_TOKEN */
		quic_skip_bytes(f);
		break;
	case 0x18: /* NEW_CONNECTION_ID */
		quic_varint(f);
		quic_varint(f);
		len = cursor_u8(f);
		if (len < 1 || len > QUIC_CID_MAX)
			return false;
		cursor_skip(f, (size_t)len + 16);
		break;
	case 0x1a: /* PATH_CHALLENGE */
	case 0x1b: /* PATH_RESPONSE */
		cursor_skip(f, 8);
		break;
	case 0x1c: /* CONNECTION_CLOSE */
	case 0x1d:
		quic_varint(f);
		if (type == 0x1c)
			quic_varint(f);
		quic_skip_bytes(f);
		break;
	case 0x30: /* DATAGRAM */
		cursor_skip(f, cursor_left(f));
		break;
	case 0x31:
		quic_skip_bytes(f);
		break;
	default:
		return false;
	}
	return !f->err;
}

/* gQUIC's size code for a packet number field (00, 01, 10, 11): 1, 2,
 * 4 or 6 bytes. */
static size_t
quic_gquic_len(unsigned code)
{
	static const size_t len[4] = { 1, 2, 4, 6 };

	return len[code & 3];
}

/* A big-endian number of N (at most 8) bytes. */
static uint64_t
quic_gquic_uint(struct cursor *f, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | (uint8_t)cursor_u8(f);
	return v;
}

/* Google's T050 and T051 kept gQUIC's ACK frame, type 01NULLMM: the
 * largest acknowledged in LL's size, its delta time, with N a count of
 * blocks, the first block in MM's size, the blocks, then timestamps
 * (Chromium's quic_framer.cc for those versions). It is shown as tshark
 * shows it, under gquic names; false when it runs past the payload. */
static bool
quic_gquic_ack(struct cursor *f, struct tree *t)
{
	size_t off = f->pos;
	unsigned type = (unsigned)cursor_u8(f);
	size_t ll = quic_gquic_len(type >> 2), mm = quic_gquic_len(type);
	uint64_t largest, first;
	unsigned blocks = 0, stamps, delta;

	largest = quic_gquic_uint(f, ll);
	delta = cursor_be16(f);
	if (type & 0x20)
		blocks = (unsigned)cursor_u8(f);
	first = quic_gquic_uint(f, mm);
	cursor_skip(f, (size_t)blocks * (1 + mm));
	stamps = (unsigned)cursor_u8(f);
	if (stamps > 0)
		cursor_skip(f, 1 + 4 + (size_t)(stamps - 1) * (1 + 2));
	if (f->err)
		return false;
	tree_push(t, NULL, "ACK (Special Frame Type)", off, f->pos - off);
	tree_uint(t, "gquic.frame_type", "Frame Type", off, 1, type);
	tree_uint(t, "gquic.frame_type.ack.largest_acked", "Largest Acked",
		  off + 1, ll, largest);
	tree_uint(t, "gquic.frame_type.ack.largest_acked_delta_time",
		  "Largest Acked Delta Time", off + 1 + ll, 2, delta);
	tree_uint(t, "gquic.frame_type.ack.first_ack_block_length",
		  "First Ack block length", off + 3 + ll + (type & 0x20 ? 1 : 0),
		  mm, first);
	tree_uint(t, "gquic.frame_type.ack.num_timestamp", "Num Timestamp",
		  off, 0, stamps);
	tree_pop(t, f->pos);
	return true;
}

/* The frames of a decrypted payload, noting where the CRYPTO pieces
 * are. An Initial may carry only PADDING, PING, ACK, CRYPTO and
 * CONNECTION_CLOSE (RFC 9000 section 17.2.2): anything else there means
 * the keys were wrong or the packet lies, and it is false. In other
 * packets, whose tag verified, a frame type pktop does not know ends the
 * walk. */
static bool
quic_frames(struct quic_plain *q, struct tree *t, bool initial)
{
	struct cursor f;

	q->npieces = 0;
	cursor_init(&f, q->buf, q->end);
	f.pos = q->start;
	while (cursor_left(&f) > 0 && !f.err) {
		size_t off = f.pos;
		uint64_t type, coff, clen;
		size_t tlen;

		if (q->crypto_type == 0x08 &&
		    (cursor_peek_u8(&f, 0) & 0xc0) == 0x40) {
			if (!quic_gquic_ack(&f, t))
				return false;
			continue;
		}
		type = quic_varint(&f);
		tlen = f.pos - off; /* the type's own bytes */
		if (type == 0x00) { /* PADDING, a run of them */
			while (cursor_peek_u8(&f, 0) == 0)
				cursor_skip(&f, 1);
			tree_uint(t, "quic.frame_type", "Frame Type", off,
				  tlen, type);
			tree_uint(t, "quic.padding_length", "Padding Length",
				  off, f.pos - off, f.pos - off);
		} else if (type == 0x02 || type == 0x03) {
			quic_skip_ack(&f, type == 0x03);
			tree_uint(t, "quic.frame_type", "Frame Type", off,
				  tlen, type);
		} else if (type == q->crypto_type) {
			coff = quic_varint(&f);
			clen = quic_varint(&f);
			if (f.err || clen > cursor_left(&f) ||
			    coff > QUIC_STREAM_MAX)
				return false;
			if (q->npieces < QUIC_PIECES_MAX) {
				struct quic_piece *p = &q->pieces[q->npieces++];

				p->off = (size_t)coff;
				p->pos = f.pos;
				p->len = (size_t)clen;
			}
			cursor_skip(&f, (size_t)clen);
			tree_push(t, NULL, "CRYPTO", off, f.pos - off);
			tree_uint(t, "quic.frame_type", "Frame Type", off,
				  tlen, type);
			tree_uint(t, "quic.crypto.offset", "Offset", off + 1, 0,
				  coff);
			tree_uint(t, "quic.crypto.length", "Length", off + 1, 0,
				  clen);
			tree_pop(t, f.pos);
		} else if (initial && type != 0x01 && type != 0x1c &&
			   type != 0x1d) {
			return false;
		} else if (quic_skip_frame(&f, type)) {
			tree_uint(t, "quic.frame_type", "Frame Type", off,
				  tlen, type);
		} else if (initial) {
			return false;
		} else {
			if (t)
				tree_do_add(t, NULL,
					    "[Frames pktop does not read]",
					    off, q->end - off, "%s", "");
			return true;
		}
	}
	return initial ? q->npieces > 0 && !f.err : !f.err;
}

/* Tree nodes made from stream bytes get the frame offsets of the bytes
 * they came from, for the hex pane; bytes that came in earlier packets
 * have none here (the node keeps no range). */
static void
quic_crypto_remap(const struct quic_plain *q, struct tree *t, int from)
{
	int i;
	size_t k;

	for (i = from; i < t->count; i++) {
		struct tree_node *n = &t->nodes[i];
		bool found = false;

		for (k = 0; k < q->npieces; k++) {
			const struct quic_piece *p = &q->pieces[k];

			if (n->offset >= p->off && n->offset < p->off + p->len) {
				size_t room = p->off + p->len - n->offset;

				n->offset =
					(uint32_t)(p->pos + (n->offset - p->off));
				if (n->length > room)
					n->length = (uint32_t)room;
				found = true;
				break;
			}
		}
		if (!found) {
			n->offset = (uint32_t)q->start;
			n->length = 0;
		}
	}
}

/* ---- one packet at a time (identification, no flow state) ---- */

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
	tree_column(a->t, PROTO_TLS, false);
	tls_handshakes(&data, a);
	tls_info_end(a);
	tree_pop(a->t, len);
	if (a->t)
		quic_crypto_remap(q, a->t, from);
}

/* A client's first Initial: decrypt it with the keys from its own
 * Destination Connection ID, check its frames, then dissect them. */
static void
quic_initial(const struct cursor *c, struct app_ctx *a, size_t first,
	     size_t pn_off, size_t end, uint32_t version, const uint8_t *dcid,
	     size_t dcil)
{
	struct quic_plain q;
	struct quic_keys k;

	if (end > sizeof(q.buf) ||
	    quic_crypto_initial_keys(version, dcid, dcil, false, &k) < 0)
		return;
	if (!quic_plain_open(c, first, pn_off, end, &k, -1, true, &q)) {
		/* trying the connection's next Initials costs a key
		 * derivation each and would fail the same way */
		a->r->settled = true;
		return;
	}
	q.crypto_type = quic_crypto_frame(version);
	if (!quic_frames(&q, NULL, true))
		return;
	tree_uint(a->t, "quic.packet_number", "Packet Number", pn_off,
		  q.u.pn_len, q.u.pn);
	if (a->t)
		quic_frames(&q, a->t, true);
	quic_initial_tls(&q, a);
}

/* ---- lent to the layers above (quic_open.h) ---- */

bool
quic_open_varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
	struct cursor c;

	if (*i >= n)
		return false;
	cursor_init(&c, p, n);
	c.pos = *i;
	*v = quic_varint(&c);
	if (c.err)
		return false;
	*i = c.pos;
	return true;
}

int
quic_open_log_keys(const struct keylog *log, uint32_t version,
		   const uint8_t random[32], int cipher, unsigned level,
		   bool from_client, struct quic_keys *k)
{
	static const enum keylog_label labels[QUIC_EPOCHS][2] = {
		[QUIC_EPOCH_HANDSHAKE] = {
			KEYLOG_SERVER_HANDSHAKE_TRAFFIC_SECRET,
			KEYLOG_CLIENT_HANDSHAKE_TRAFFIC_SECRET },
		[QUIC_EPOCH_APP] = { KEYLOG_SERVER_TRAFFIC_SECRET_0,
				     KEYLOG_CLIENT_TRAFFIC_SECRET_0 },
	};
	bool early = level == QUIC_LEVEL_0RTT;
	enum keylog_label label;
	const uint8_t *secret;
	size_t n;

	/* TLS_AES_128_GCM_SHA256: what pktop can open */
	if (log == NULL || level == QUIC_EPOCH_INITIAL ||
	    level > QUIC_LEVEL_0RTT || (cipher >= 0 && cipher != 0x1301))
		return -1;
	if (early && !from_client)
		return -1;
	label = early ? KEYLOG_CLIENT_EARLY_TRAFFIC_SECRET
		      : labels[level][from_client];
	secret = keylog_find(log, label, random, &n);
	if (secret == NULL ||
	    quic_crypto_secret_keys(version, secret, n, k) < 0)
		return -1;
	return 0;
}

bool
quic_open_frames(uint32_t version, const uint8_t *p, size_t n,
		 bool initial, quic_open_fn fn, void *arg)
{
	uint64_t crypto = quic_crypto_frame(version);
	struct cursor f;

	cursor_init(&f, p, n);
	while (cursor_left(&f) > 0 && !f.err) {
		struct quic_open_data d = { .crypto = false };
		uint64_t type, len;

		if (crypto == 0x08 && (cursor_peek_u8(&f, 0) & 0xc0) == 0x40) {
			if (!quic_gquic_ack(&f, NULL))
				return false;
			continue;
		}
		type = quic_varint(&f);
		if (f.err)
			return false;
		if (type == 0x00) {
			continue; /* PADDING */
		} else if (type == 0x02 || type == 0x03) {
			quic_skip_ack(&f, type == 0x03);
			continue;
		} else if (type == crypto) {
			d.crypto = true;
			d.off = quic_varint(&f);
			len = quic_varint(&f);
		} else if (initial && type != 0x01 && type != 0x1c &&
			   type != 0x1d) {
			return false;
		} else if (type >= 0x08 && type <= 0x0f && crypto != 0x08) {
			d.stream_id = quic_varint(&f);
			d.off = type & 0x04 ? quic_varint(&f) : 0;
			len = type & 0x02 ? quic_varint(&f) : cursor_left(&f);
			d.fin = (type & 0x01) != 0;
		} else {
			if (!quic_skip_frame(&f, type))
				return false;
			continue;
		}
		if (f.err || len > cursor_left(&f))
			return false;
		d.p = cursor_ptr(&f, (size_t)len);
		d.len = (size_t)len;
		if (d.p == NULL && len > 0)
			return false;
		fn(arg, &d);
	}
	return !f.err;
}

/* ---- packets read in order (flowstate.h) ---- */

/* The connection a packet belongs to, and the packet's direction. */
struct quic_here {
	struct flow *f;
	struct quic_conn *q;
	unsigned dir;
};

static bool
quic_here_find(struct app_ctx *a, bool create, struct quic_here *h)
{
	if (a->t == NULL || a->fs == NULL)
		return false;
	h->f = app_flow(a, create, &h->dir);
	if (h->f == NULL)
		return false;
	if (h->f->quic == NULL && create)
		h->f->quic = quic_conn_new();
	h->q = h->f->quic;
	return h->q != NULL;
}

static bool
quic_from_client(const struct quic_here *h)
{
	return h->q->client_dir == (int)h->dir;
}

/* The keys for LEVEL in this packet's direction: Initial keys from the
 * client's first Destination Connection ID (or a Retry's), the others
 * from the key log by the ClientHello's random. */
static const struct quic_keys *
quic_here_keys(struct app_ctx *a, struct quic_here *h, unsigned level)
{
	struct quic_conn *q = h->q;
	bool early = level == QUIC_LEVEL_0RTT;
	unsigned epoch = early ? QUIC_EPOCH_APP : level;
	struct quic_keys *k = early ? &q->early_keys : &q->keys[epoch][h->dir];
	uint8_t *state = early ? &q->early_state
			       : &q->keys_state[epoch][h->dir];

	if (*state == QUIC_KEYS_READY)
		return k;
	if (level == QUIC_EPOCH_INITIAL) {
		if (!q->have_initial_dcid ||
		    quic_crypto_initial_keys(q->version, q->initial_dcid,
					     q->initial_dcil,
					     !quic_from_client(h), k) < 0)
			return NULL;
	} else if (!q->have_random ||
		   quic_open_log_keys(flowstate_keylog(a->fs), q->version,
				      q->client_random,
				      q->have_cipher ? q->cipher : -1, level,
				      quic_from_client(h), k) < 0) {
		return NULL;
	}
	*state = QUIC_KEYS_READY;
	return k;
}

/* The handshake messages this packet completes, shown once. */
static void
quic_here_tls(struct app_ctx *a, struct quic_here *h, unsigned epoch,
	      const struct quic_plain *p)
{
	struct quic_stream *st = &h->q->crypto[epoch][h->dir];
	struct tls_hello_seen seen = { .have_random = false };
	size_t from, to, i, here = 0;
	struct cursor data;
	int first;

	if (!quic_stream_ready(st, &from, &to))
		return;
	first = a->t->count;
	cursor_init(&data, st->data, to);
	data.pos = from;
	a->hello = &seen;
	tree_push(a->t, "tls", "Transport Layer Security", from, to - from);
	tree_column(a->t, PROTO_TLS, false);
	tls_handshakes(&data, a);
	tls_info_end(a);
	tree_pop(a->t, to);
	a->hello = NULL;
	/* did some of the bytes come in earlier packets? */
	for (i = 0; i < p->npieces; i++) {
		size_t lo = p->pieces[i].off, hi = lo + p->pieces[i].len;

		lo = lo > from ? lo : from;
		hi = hi < to ? hi : to;
		here += hi > lo ? hi - lo : 0;
	}
	quic_crypto_remap(p, a->t, first);
	if (here < to - from)
		tree_do_add(a->t, NULL, "[Reassembled CRYPTO data]", p->start,
			    0, "%zu bytes, some from earlier packets",
			    to - from);
	if (seen.have_random && !h->q->have_random) {
		memcpy(h->q->client_random, seen.client_random, 32);
		h->q->have_random = true;
	}
	if (seen.have_cipher) {
		h->q->cipher = seen.cipher;
		h->q->have_cipher = true;
	}
}

/* One protected packet of the connection: open it with the keys of its
 * level and direction, show its frames, add its CRYPTO data to the
 * stream and the handshake messages that are whole now. */
static void
quic_here_packet(const struct cursor *c, struct app_ctx *a,
		 struct quic_here *h, unsigned level, size_t first,
		 size_t pn_off, size_t end, const uint8_t *dcid, size_t dcil)
{
	struct quic_conn *q = h->q;
	const struct quic_keys *k = quic_here_keys(a, h, level);
	unsigned epoch = level == QUIC_LEVEL_0RTT ? QUIC_EPOCH_APP : level;
	int64_t *largest = &q->largest_pn[epoch][h->dir];
	bool initial = epoch == QUIC_EPOCH_INITIAL, opened;
	struct quic_plain *p;
	size_t i;

	p = malloc(sizeof(*p));
	if (p == NULL)
		return;
	opened = k && quic_plain_open(c, first, pn_off, end, k, *largest,
				      initial, p);
	if (!opened && initial && quic_from_client(h) &&
	    dcil <= QUIC_CONN_CID_MAX) {
		/* the client's first Initial was not seen: its keys may be
		 * this packet's own */
		struct quic_keys own;

		opened = quic_crypto_initial_keys(q->version, dcid, dcil, false,
						  &own) == 0 &&
			 quic_plain_open(c, first, pn_off, end, &own, *largest,
					 true, p);
		if (opened)
			quic_conn_initial_dcid(q, dcid, dcil);
	}
	p->crypto_type = quic_crypto_frame(q->version);
	if (!opened || !quic_frames(p, NULL, initial)) {
		tree_do_add(a->t, NULL,
			    opened ? "[Payload: frames do not parse]"
				   : "[Protected payload: no keys open it]",
			    pn_off, end - pn_off, "%s", "");
		free(p);
		return;
	}
	if ((int64_t)p->u.pn > *largest)
		*largest = (int64_t)p->u.pn;
	tree_uint(a->t, "quic.packet_number", "Packet Number", pn_off,
		  p->u.pn_len, p->u.pn);
	quic_frames(p, a->t, initial);
	for (i = 0; i < p->npieces && level != QUIC_LEVEL_0RTT; i++)
		quic_stream_add(a->fs, h->f, &q->crypto[epoch][h->dir],
				p->pieces[i].off, p->buf + p->pieces[i].pos,
				p->pieces[i].len);
	quic_here_tls(a, h, epoch, p);
	free(p);
}

/* What a long header of LEVEL (quic_long_level) tells the connection:
 * the version, who the client is, the connection ID the sender chose,
 * the DCID the Initial keys come from. */
static void
quic_here_long(struct quic_here *h, uint32_t version, int level,
	       const uint8_t *dcid, size_t dcil, const uint8_t *scid,
	       size_t scil)
{
	struct quic_conn *q = h->q;

	q->version = version;
	/* the client speaks first: an Initial, or 0-RTT before it */
	if (q->client_dir < 0 &&
	    (level == QUIC_EPOCH_INITIAL || level == QUIC_LEVEL_0RTT))
		q->client_dir = (int)h->dir;
	if (scil <= QUIC_CONN_CID_MAX) {
		memcpy(q->cid[h->dir], scid, scil);
		q->cid_len[h->dir] = (uint8_t)scil;
		q->cid_set[h->dir] = true;
	}
	if (level < 0 && !quic_from_client(h))
		/* a Retry: the client's next Initials, and the server's,
		 * are keyed from its connection ID (RFC 9001 section 5.2) */
		quic_conn_initial_dcid(q, scid, scil);
	else if (level == QUIC_EPOCH_INITIAL && quic_from_client(h) &&
		 !q->have_initial_dcid)
		quic_conn_initial_dcid(q, dcid, dcil);
}

/* The level a long header's packet type protects (RFC 9000 section
 * 17.2; version 2 turned the type bits round, RFC 9369 section 3.2):
 * an enum quic_epoch, QUIC_LEVEL_0RTT, or -1 for a Retry. */
static int
quic_long_level(enum quic_family fam, unsigned type)
{
	if (fam == QUIC_IETF2)
		type = (type + 3) & 3; /* v2 1,2,3,0 -> v1 0,1,2,3 */
	switch (type) {
	case 0:
		return QUIC_EPOCH_INITIAL;
	case 1:
		return QUIC_LEVEL_0RTT;
	case 2:
		return QUIC_EPOCH_HANDSHAKE;
	default:
		return -1;
	}
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
 * with OPEN, a client Initial is decrypted for its ClientHello. With H
 * (packets read in order), every packet is opened that the connection
 * has keys for. */
static bool
quic_long(struct cursor *c, struct app_ctx *a, struct quic_here *h,
	  bool open, bool *initial, enum quic_family *fam,
	  struct quic_info *qi)
{
	size_t off = c->pos, first_off = c->pos, end;
	uint8_t first = cursor_u8(c), dcil, scil;
	uint32_t version = cursor_be32(c);
	const uint8_t *dcid, *scid;
	unsigned type = (first >> 4) & 3;
	int level;
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
	if (*fam == QUIC_IETF) {
		int n = tree_uint(a->t, "quic.long.packet_type",
				  "Packet Type", off, 1, type);

		if (qi->type < 0 && n >= 0) {
			qi->type = n;
			qi->type_v = type;
		}
	}
	quic_info_first(&qi->version,
			tree_hex(a->t, "quic.version", "Version", off + 1, 4,
				 version, 8));
	tree_uint(a->t, "quic.dcil", "Destination Connection ID Length",
		  off + 5, 1, dcil);
	quic_info_first(&qi->dcid,
			quic_tree_cid(a->t, "quic.dcid",
				      "Destination Connection ID", off + 6,
				      dcid, dcil));
	tree_uint(a->t, "quic.scil", "Source Connection ID Length",
		  off + 6 + dcil, 1, scil);
	quic_info_first(&qi->scid,
			quic_tree_cid(a->t, "quic.scid", "Source Connection ID",
				      off + 7 + dcil, scid, scil));
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
	level = quic_long_level(*fam, type);
	*initial = level == QUIC_EPOCH_INITIAL;
	if (h)
		quic_here_long(h, version, level, dcid, dcil, scid, scil);
	if (level < 0) { /* a Retry: a token and a tag, no packet number */
		cursor_skip(c, cursor_left(c));
		return true;
	}
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
	end = len <= cursor_left(c) ? c->pos + (size_t)len : c->end;
	if (h && level >= 0 && len <= cursor_left(c) &&
	    quic_crypto_known(version))
		quic_here_packet(c, a, h, (unsigned)level, first_off, c->pos,
				 end, dcid, dcil);
	else if (!h && *initial && open && len <= cursor_left(c) &&
		 quic_crypto_known(version))
		quic_initial(c, a, first_off, c->pos, end, version, dcid, dcil);
	/* the protected packet number and payload: the rest of this packet;
	 * a length past the datagram's end is the end of the datagram */
	cursor_skip(c, end - c->pos);
	return true;
}

/* A short-header packet (RFC 9000 section 17.3) at the cursor, which runs
 * to the end of the datagram. Its Destination Connection ID has the
 * length the receiver chose; with H it is known and the packet opened
 * when the key log has the connection's 1-RTT secrets. */
static void
quic_short(struct cursor *c, struct app_ctx *a, struct quic_here *h,
	   const uint8_t *dcid_hint, size_t dcil_hint, struct quic_info *qi)
{
	size_t off = c->pos, dcil = dcil_hint;
	const uint8_t *dcid = dcid_hint;

	tree_uint(a->t, "quic.header_form", "Header Form", off, 1, 0);
	if (h && h->q->cid_set[h->dir ^ 1u]) {
		dcil = h->q->cid_len[h->dir ^ 1u];
		dcid = cursor_has(c, 1 + dcil) ? c->frame + off + 1 : NULL;
	}
	if (dcid && cursor_has(c, 1 + dcil))
		quic_info_first(&qi->dcid,
				quic_tree_cid(a->t, "quic.dcid",
					      "Destination Connection ID",
					      off + 1, dcid, dcil));
	if (h && h->q->cid_set[h->dir ^ 1u] && dcid && h->q->version != 0)
		quic_here_packet(c, a, h, QUIC_EPOCH_APP, off, off + 1 + dcil,
				 c->end, dcid, dcil);
	cursor_skip(c, cursor_left(c));
}

static enum app_verdict
quic_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c);
	int first = cursor_peek_u8(c, 0);
	bool initial = false, ok = true, port = app_port(a, 443);
	enum quic_family fam = QUIC_UNKNOWN, fam1 = QUIC_UNKNOWN;
	struct quic_here here, *h = NULL;
	struct cursor last = *c;
	struct quic_info qi = { .type = -1, .version = -1, .dcid = -1,
				.scid = -1 };
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
		if (quic_here_find(a, false, &here))
			h = &here;
		if (a->t && (port || h)) {
			/* a peer may grease the fixed bit (RFC 9287): the
			 * connection tells QUIC from Google QUIC then */
			if ((first & 0x40) || h) {
				tree_push(a->t, "quic", "QUIC IETF", off, left);
				tree_column(a->t, PROTO_QUIC, false);
				quic_short(c, a, h, NULL, 0, &qi);
				quic_info(a->t, &qi);
			} else {
				tree_push(a->t, "gquic", "GQUIC (Google QUIC)",
					  off, left);
			}
			tree_pop(a->t, off + left);
		}
		return port || h ? APP_MAYBE : APP_NO;
	}
	if (cursor_left(c) < 7)
		return port ? APP_MAYBE : APP_NO;
	if (quic_here_find(a, true, &here))
		h = &here;
	tree_push(a->t, "quic", "QUIC IETF", off, left);
	tree_column(a->t, PROTO_QUIC, false);
	/* coalesced packets (RFC 9000 section 12.2) share the datagram */
	for (n = 0; n < QUIC_MAX_COALESCED && ok && cursor_left(c) >= 7; n++) {
		first = cursor_peek_u8(c, 0);
		if (!(first & 0x80))
			break;
		last = *c;
		if (n > 0)
			tree_push(a->t, NULL, "Coalesced packet", c->pos, 0);
		ok = quic_long(c, a, h, n == 0 && left >= QUIC_CLIENT_MIN,
			       n == 0 ? &initial : &(bool){ false },
			       n == 0 ? &fam1 : &fam, &qi);
		if (n > 0)
			tree_pop(a->t, c->pos);
	}
	/* a short-header packet last in the datagram goes to the same
	 * connection ID as the long one before it */
	if (a->t && ok && n > 0 && cursor_left(c) > 0 &&
	    ((cursor_peek_u8(c, 0) & 0xc0) == 0x40 ||
	     (h && !(cursor_peek_u8(c, 0) & 0x80)))) {
		size_t soff = c->pos;
		const uint8_t *dcid;
		uint8_t dcil;

		cursor_skip(&last, 5);
		dcil = cursor_u8(&last);
		dcid = cursor_ptr(&last, dcil);
		tree_push(a->t, NULL, "Coalesced packet", soff, c->end - soff);
		quic_short(c, a, h, dcid, dcid ? dcil : 0, &qi);
		tree_pop(a->t, c->end);
	}
	if (!ok)
		tree_flag(a->t, TREE_FLAG_MALFORMED);
	if (a->t)
		quic_info(a->t, &qi);
	tree_pop(a->t, off + left);
	/* an Initial settles it; a 0-RTT or Handshake packet can arrive
	 * before it, so those leave the answer open */
	if (fam1 == QUIC_UNKNOWN)
		v = ok && port ? APP_MAYBE : APP_NO;
	else if (!ok && !port)
		v = APP_NO;
	else
		v = initial ? APP_YES : APP_WEAK;
	return v;
}

const struct proto_desc quic_proto = {
	.id = PROTO_QUIC,
	.name = "quic",
	.label = "QUIC",
	.tree_name = "quic",
	.column = "QUIC",
	.layer = PROTO_LAYER_APP,
	.parse = quic_parse,
	.l4 = PROTO_L4_UDP,
	.ports = { 443 },
	.appid_rank = 3,
	.has_name = true,
};
