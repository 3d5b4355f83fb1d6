/*
 * follow_quic: each datagram of the conversation walked packet by packet
 * (long headers can be coalesced, RFC 9000 section 12.2). An Initial is
 * opened with the keys of its direction from the client's first
 * Destination Connection ID; Handshake, 0-RTT and 1-RTT packets with the
 * key log's secrets for the ClientHello's random (decode's quic_open.h,
 * the drill-down's own code). The frames' CRYPTO data (per level) and
 * STREAM data (per stream) go out in offset order per direction: a piece
 * that arrives early waits for the bytes before it, bytes given already
 * are dropped (the first copy wins), and at the end what still waits
 * after a hole goes out behind a gap piece. Every length is checked
 * against the datagram.
 */
#include "config.h"

#include "inspect/follow_quic.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/keylog.h"
#include "decode/proto/quic_crypto.h"
#include "decode/proto/quic_open.h"
#include "inspect/follow.h"

#define FQ_V2 0x6b3343cfu
#define FQ_CID_MAX 20
/* pieces waiting for the bytes before them, per stream and direction */
#define FQ_WAIT_MAX 256
/* streams (and CRYPTO levels) followed, both directions counted */
#define FQ_STREAMS_MAX 1024
/* the highest offset followed (past it: hostile, or not worth a view) */
#define FQ_OFFSET_MAX (1u << 24)
/* the ClientHello's start (random) and ServerHello's (suite) */
#define FQ_HELLO 80

struct fq_frag {
	uint64_t off;
	size_t len;
	uint8_t *bytes;
	uint64_t frame;
	int64_t ts_sec;
	uint32_t ts_usec;
};

/* One direction of one CRYPTO level or STREAM. */
struct fq_stream {
	int64_t id;               /* follow_chunk.stream */
	uint8_t dir;
	uint64_t next;            /* the next offset due */
	struct fq_frag wait[FQ_WAIT_MAX];
	size_t nwait;
};

struct fq {
	struct follow *out;
	const struct keylog *log;
	uint32_t version;
	bool keys;                 /* Initial keys */
	struct quic_keys k[2];
	/* key log keys: Handshake, 1-RTT per direction; 0-RTT (client) */
	struct quic_keys lk[QUIC_EPOCHS + 1][2];
	uint8_t lk_state[QUIC_EPOCHS + 1][2]; /* enum quic_keys_state */
	int64_t largest[QUIC_EPOCHS][2];
	bool cid_set[2];           /* the SCID each side chose: its length */
	uint8_t cid_len[2];
	uint8_t hello[2][FQ_HELLO]; /* the Initial CRYPTO data's start */
	size_t nhello[2];
	struct fq_stream **st;
	size_t nst;
	/* the packet read now */
	uint8_t dir;
	unsigned level;
	const struct follow_chunk *c;
};

/* Whether stream ID has data in either direction already. */
static bool
fq_stream_known(const struct fq *q, int64_t id)
{
	for (size_t i = 0; i < q->nst; i++)
		if (q->st[i]->id == id)
			return true;
	return false;
}

static struct fq_stream *
fq_stream_find(struct fq *q, int64_t id, uint8_t dir)
{
	struct fq_stream *s;

	for (size_t i = 0; i < q->nst; i++)
		if (q->st[i]->id == id && q->st[i]->dir == dir)
			return q->st[i];
	if (q->nst >= FQ_STREAMS_MAX)
		return NULL;
	if (q->nst % 16 == 0) {
		struct fq_stream **p =
			realloc(q->st, (q->nst + 16) * sizeof(*p));

		if (p == NULL)
			return NULL;
		q->st = p;
	}
	s = calloc(1, sizeof(*s));
	if (s == NULL)
		return NULL;
	s->id = id;
	s->dir = dir;
	if (id >= 0 && fq_stream_known(q, id))
		id = FOLLOW_STREAM_NONE; /* counted with the other direction */
	q->st[q->nst++] = s;
	if (id >= 0)
		q->out->quic_streams++;
	return s;
}

/* LEN bytes go out as the next piece of S (the Initial CRYPTO data's
 * start is kept for the hellos). */
static void
fq_emit(struct fq *q, struct fq_stream *s, uint64_t frame, int64_t ts_sec,
	uint32_t ts_usec, const uint8_t *p, size_t len)
{
	if (s->id == FOLLOW_CRYPTO_INITIAL && q->nhello[s->dir] < FQ_HELLO) {
		size_t k = FQ_HELLO - q->nhello[s->dir];

		k = k < len ? k : len;
		memcpy(q->hello[s->dir] + q->nhello[s->dir], p, k);
		q->nhello[s->dir] += k;
	}
	q->out->label = s->id;
	follow_append(q->out, s->dir, false, frame, ts_sec, ts_usec, p, len);
	s->next += len;
}

/* What waited and is now due. */
static void
fq_drain(struct fq *q, struct fq_stream *s)
{
	bool more = true;

	while (more) {
		more = false;
		for (size_t i = 0; i < s->nwait; i++) {
			struct fq_frag *w = &s->wait[i];

			if (w->off > s->next)
				continue;
			if (w->off + w->len > s->next) {
				size_t skip = (size_t)(s->next - w->off);

				fq_emit(q, s, w->frame, w->ts_sec, w->ts_usec,
					w->bytes + skip, w->len - skip);
			}
			free(w->bytes);
			*w = s->wait[--s->nwait];
			more = true;
			break;
		}
	}
}

/* Bytes at offset OFF of stream ID in the current packet's direction:
 * out when due, kept when early, the part already given dropped. */
static void
fq_data(struct fq *q, int64_t id, uint64_t off, const uint8_t *p, size_t len)
{
	const struct follow_chunk *c = q->c;
	struct fq_stream *s;
	struct fq_frag *w;

	if (len == 0)
		return;
	if (off > FQ_OFFSET_MAX || len > FQ_OFFSET_MAX - off) {
		q->out->quic_dropped += len;
		return;
	}
	s = fq_stream_find(q, id, q->dir);
	if (s == NULL) {
		q->out->quic_dropped += len;
		return;
	}
	if (off + len <= s->next)
		return; /* seen: the first copy won */
	if (off < s->next) {
		size_t skip = (size_t)(s->next - off);

		p += skip;
		len -= skip;
		off = s->next;
	}
	if (off == s->next) {
		fq_emit(q, s, c->frame, c->ts_sec, c->ts_usec, p, len);
		fq_drain(q, s);
		return;
	}
	if (s->nwait >= FQ_WAIT_MAX) {
		q->out->quic_dropped += len;
		return;
	}
	w = &s->wait[s->nwait];
	w->bytes = malloc(len);
	if (w->bytes == NULL) {
		q->out->quic_dropped += len;
		return;
	}
	memcpy(w->bytes, p, len);
	w->off = off;
	w->len = len;
	w->frame = c->frame;
	w->ts_sec = c->ts_sec;
	w->ts_usec = c->ts_usec;
	s->nwait++;
}

/* One frame's data (quic_open_frames). */
static void
fq_frame(void *arg, const struct quic_open_data *d)
{
	static const int64_t crypto_id[QUIC_EPOCHS] = {
		[QUIC_EPOCH_INITIAL] = FOLLOW_CRYPTO_INITIAL,
		[QUIC_EPOCH_HANDSHAKE] = FOLLOW_CRYPTO_HANDSHAKE,
		[QUIC_EPOCH_APP] = FOLLOW_CRYPTO_APP,
	};
	struct fq *q = arg;

	if (d->crypto && q->level < QUIC_EPOCHS)
		fq_data(q, crypto_id[q->level], d->off, d->p, d->len);
	else if (!d->crypto && q->level != QUIC_EPOCH_INITIAL &&
		 q->level != QUIC_EPOCH_HANDSHAKE &&
		 d->stream_id <= (uint64_t)INT64_MAX)
		fq_data(q, (int64_t)d->stream_id, d->off, d->p, d->len);
}

static void
fq_stream_free(struct fq_stream *s)
{
	for (size_t i = 0; i < s->nwait; i++)
		free(s->wait[i].bytes);
	free(s);
}

/* A Retry: the client starts again with the server's new connection ID
 * for keys, its CRYPTO data from offset 0. */
static void
fq_restart(struct fq *q)
{
	size_t keep = 0;

	q->keys = false;
	for (int d = 0; d < 2; d++) {
		q->largest[QUIC_EPOCH_INITIAL][d] = -1;
		q->nhello[d] = 0;
	}
	for (size_t i = 0; i < q->nst; i++) {
		if (q->st[i]->id == FOLLOW_CRYPTO_INITIAL)
			fq_stream_free(q->st[i]);
		else
			q->st[keep++] = q->st[i];
	}
	q->nst = keep;
}

/* The key log keys of LEVEL for the current direction, or NULL (the
 * reason counted). */
static const struct quic_keys *
fq_log_keys(struct fq *q, unsigned level)
{
	uint8_t dir = q->level == QUIC_LEVEL_0RTT ? 0 : q->dir;
	uint8_t *state = &q->lk_state[level][dir];
	const uint8_t *ch = q->hello[0], *sh = q->hello[1];
	int cipher = -1;

	if (*state == QUIC_KEYS_READY)
		return &q->lk[level][dir];
	if (q->log == NULL) {
		q->out->quic_no_keylog++;
		return NULL;
	}
	/* ClientHello: type 1, length, version, the 32-byte random */
	if (q->nhello[0] < 38 || ch[0] != 1) {
		q->out->quic_no_secret++;
		return NULL;
	}
	/* ServerHello: type 2, length, version, random, session id,
	 * then the suite */
	if (q->nhello[1] >= 39 && sh[0] == 2 &&
	    q->nhello[1] >= 39 + (size_t)sh[38] + 2)
		cipher = sh[39 + sh[38]] << 8 | sh[40 + sh[38]];
	if (cipher >= 0 && cipher != 0x1301) {
		q->out->quic_suite++;
		return NULL;
	}
	if (quic_open_log_keys(q->log, q->version, ch + 6, cipher, level,
			       q->dir == 0, &q->lk[level][dir]) < 0) {
		/* the lookup walked a pcapng's deferred secrets: an empty
		 * log now is no key log at all */
		if (keylog_count(q->log) == 0)
			q->out->quic_no_keylog++;
		else
			q->out->quic_no_secret++;
		return NULL;
	}
	*state = QUIC_KEYS_READY;
	return &q->lk[level][dir];
}

/* Open one packet of LEVEL (bytes [0, END) at PKT, its packet number at
 * PN_OFF) and read its frames. */
static void
fq_packet(struct fq *q, unsigned level, const uint8_t *pkt, size_t pn_off,
	  size_t end)
{
	unsigned space = level == QUIC_LEVEL_0RTT ? QUIC_EPOCH_APP : level;
	int64_t *largest = &q->largest[space][q->dir];
	const struct quic_keys *k;
	struct quic_unprotected u;
	uint8_t plain[QUIC_PACKET_MAX];
	long body;

	q->level = level;
	if (level == QUIC_EPOCH_INITIAL) {
		k = q->keys ? &q->k[q->dir] : NULL;
		if (k == NULL) {
			q->out->quic_initial_failed++;
			return;
		}
	} else {
		k = fq_log_keys(q, level);
		if (k == NULL) {
			q->out->quic_protected++;
			return;
		}
	}
	body = quic_crypto_unprotect(k, pkt, pn_off, end, *largest,
				     level == QUIC_EPOCH_INITIAL, plain,
				     sizeof(plain), &u);
	if (body < 0) {
		if (level == QUIC_EPOCH_INITIAL) {
			q->out->quic_initial_failed++;
		} else {
			q->out->quic_protected++;
			q->out->quic_keyed_failed++;
		}
		return;
	}
	if (level == QUIC_EPOCH_INITIAL)
		q->out->quic_initial_opened++;
	else
		q->out->quic_keyed_opened++;
	if ((int64_t)u.pn > *largest)
		*largest = (int64_t)u.pn;
	quic_open_frames(q->version, plain, (size_t)body,
			 level == QUIC_EPOCH_INITIAL, fq_frame, q);
}

/* One datagram of direction DIR. */
static void
fq_datagram(struct fq *q, const uint8_t *p, size_t n)
{
	struct follow *out = q->out;
	uint8_t dir = q->dir;
	size_t i = 0;

	while (i < n) {
		size_t first = i, pn_off, end, dcil, scil;
		const uint8_t *dcid;
		uint32_t version;
		uint64_t token, len;
		unsigned type, level;

		if ((p[i] & 0x80) == 0) {
			/* a short header: 1-RTT, to the datagram's end; its
			 * DCID is the one the other side chose */
			if (!q->cid_set[dir ^ 1] || q->version == 0 ||
			    n - i < 1u + q->cid_len[dir ^ 1]) {
				out->quic_protected++;
				out->quic_no_secret++;
				return;
			}
			fq_packet(q, QUIC_EPOCH_APP, p + i,
				  1u + q->cid_len[dir ^ 1], n - i);
			return;
		}
		if (n - i < 7)
			return;
		type = (p[i] >> 4) & 3;
		version = (uint32_t)p[i + 1] << 24 | (uint32_t)p[i + 2] << 16 |
			  (uint32_t)p[i + 3] << 8 | p[i + 4];
		dcil = p[i + 5];
		if (version == 0 || !quic_crypto_known(version)) {
			out->quic_unknown++;
			return; /* version negotiation, or no known salt */
		}
		if (dcil > FQ_CID_MAX || n - i - 6 < dcil + 1)
			return;
		dcid = p + i + 6;
		scil = p[i + 6 + dcil];
		if (scil > FQ_CID_MAX || n - i - 7 - dcil < scil)
			return;
		q->version = version;
		q->cid_len[dir] = (uint8_t)scil;
		q->cid_set[dir] = true;
		i += 7 + dcil + scil;
		/* v2 numbers the long types otherwise (RFC 9369 3.2) */
		if (version == FQ_V2)
			type = (type + 3) & 3;
		if (type == 3) {
			if (dir == 1)
				fq_restart(q);
			return;
		}
		level = type == 0   ? QUIC_EPOCH_INITIAL
			: type == 1 ? QUIC_LEVEL_0RTT
				    : QUIC_EPOCH_HANDSHAKE;
		if (type == 0 && (!quic_open_varint(p, n, &i, &token) ||
				  token > n - i))
			return;
		if (type == 0)
			i += (size_t)token;
		if (!quic_open_varint(p, n, &i, &len) || len > n - i)
			return;
		pn_off = i;
		end = i + (size_t)len;
		i = end;
		if (type == 0 && !q->keys && dir == 0) {
			/* the client's first Initial names the keys */
			if (quic_crypto_initial_keys(version, dcid, dcil, false,
						     &q->k[0]) < 0 ||
			    quic_crypto_initial_keys(version, dcid, dcil, true,
						     &q->k[1]) < 0)
				return;
			q->keys = true;
		}
		if (level == QUIC_LEVEL_0RTT && dir != 0) {
			out->quic_protected++;
			out->quic_no_secret++;
			continue;
		}
		fq_packet(q, level, p + first, pn_off - first, end - first);
	}
}

/* What still waits after a hole goes out now, behind a gap piece for
 * the bytes never seen, lowest offset first. */
static void
fq_flush(struct fq *q, struct fq_stream *s)
{
	while (s->nwait > 0) {
		struct fq_frag *lo = &s->wait[0];

		for (size_t i = 1; i < s->nwait; i++)
			if (s->wait[i].off < lo->off)
				lo = &s->wait[i];
		if (lo->off > s->next) {
			q->out->label = s->id;
			follow_append(q->out, s->dir, true, lo->frame,
				      lo->ts_sec, lo->ts_usec, NULL,
				      (size_t)(lo->off - s->next));
			s->next = lo->off;
		}
		fq_drain(q, s);
	}
}

struct follow *
follow_quic_decode(const struct follow *in, const struct keylog *log)
{
	struct follow *out;
	struct fq *q;

	if (in == NULL || in->l4 != 17)
		return NULL;
	out = follow_derive(in);
	q = calloc(1, sizeof(*q));
	if (out == NULL || q == NULL) {
		follow_free(out);
		free(q);
		return NULL;
	}
	out->quic = true;
	q->out = out;
	q->log = log;
	for (int e = 0; e < QUIC_EPOCHS; e++)
		q->largest[e][0] = q->largest[e][1] = -1;
	for (size_t i = 0; i < in->nchunks; i++) {
		const struct follow_chunk *c = &in->chunks[i];

		if (c->kind != FOLLOW_DATA)
			continue;
		q->dir = c->dir & 1;
		q->c = c;
		fq_datagram(q, in->data + c->data, c->len);
	}
	for (size_t i = 0; i < q->nst; i++) {
		fq_flush(q, q->st[i]);
		fq_stream_free(q->st[i]);
	}
	free(q->st);
	free(q);
	out->label = FOLLOW_STREAM_NONE;
	follow_derive_end(out, in);
	return out;
}
