/*
 * follow_quic: each datagram of the conversation walked packet by packet
 * (long headers can be coalesced, RFC 9000 section 12.2). An Initial is
 * opened with the keys of its direction from the client's first
 * Destination Connection ID; its frames are read (PADDING, PING, ACK,
 * CRYPTO; anything else ends the packet) and the CRYPTO data goes out in
 * offset order per direction, a fragment that arrives early waiting for
 * the bytes before it. Every length is checked against the datagram.
 */
#include "config.h"

#include "inspect/follow_quic.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/proto/quic_crypto.h"
#include "inspect/follow.h"

#define FQ_V2 0x6b3343cfu
#define FQ_CID_MAX 20
/* CRYPTO fragments waiting for the bytes before them, per direction */
#define FQ_WAIT_MAX 256
/* the highest CRYPTO offset followed (a TLS handshake is far smaller) */
#define FQ_OFFSET_MAX (1u << 24)

struct fq_frag {
	uint64_t off;
	size_t len;
	uint8_t *bytes;
};

struct fq {
	struct follow *out;
	bool keys;
	struct quic_keys k[2];
	int64_t largest[2];
	uint64_t next[2];        /* the next CRYPTO offset due */
	struct fq_frag wait[2][FQ_WAIT_MAX];
	size_t nwait[2];
};

/* A variable-length integer (RFC 9000 section 16) at P[*I] of N bytes;
 * false past the end. */
static bool
fq_varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v)
{
	size_t len;

	if (*i >= n)
		return false;
	len = (size_t)1 << (p[*i] >> 6);
	if (len > n - *i)
		return false;
	*v = p[*i] & 0x3f;
	for (size_t k = 1; k < len; k++)
		*v = *v << 8 | p[*i + k];
	*i += len;
	return true;
}

/* CRYPTO bytes at offset OFF of direction DIR: out when due, kept when
 * early, the part already given dropped. */
static void
fq_crypto(struct fq *q, uint8_t dir, const struct follow_chunk *c,
	  uint64_t off, const uint8_t *p, size_t len)
{
	bool more = true;

	if (off > FQ_OFFSET_MAX || len > FQ_OFFSET_MAX - off)
		return;
	if (off + len <= q->next[dir])
		return; /* seen */
	if (off < q->next[dir]) {
		size_t skip = (size_t)(q->next[dir] - off);

		p += skip;
		len -= skip;
		off = q->next[dir];
	}
	if (off > q->next[dir]) {
		struct fq_frag *w;

		if (q->nwait[dir] >= FQ_WAIT_MAX)
			return;
		w = &q->wait[dir][q->nwait[dir]];
		w->bytes = malloc(len ? len : 1);
		if (w->bytes == NULL)
			return;
		memcpy(w->bytes, p, len);
		w->off = off;
		w->len = len;
		q->nwait[dir]++;
		return;
	}
	follow_append(q->out, dir, false, c->frame, c->ts_sec, c->ts_usec, p,
		      len);
	q->next[dir] += len;
	/* what waited and is now due */
	while (more) {
		more = false;
		for (size_t i = 0; i < q->nwait[dir]; i++) {
			struct fq_frag *w = &q->wait[dir][i];

			if (w->off > q->next[dir])
				continue;
			if (w->off + w->len > q->next[dir]) {
				size_t skip = (size_t)(q->next[dir] - w->off);

				follow_append(q->out, dir, false, c->frame,
					      c->ts_sec, c->ts_usec,
					      w->bytes + skip, w->len - skip);
				q->next[dir] = w->off + w->len;
			}
			free(w->bytes);
			*w = q->wait[dir][--q->nwait[dir]];
			more = true;
			break;
		}
	}
}

/* The frames of an opened Initial (RFC 9000 section 19): those an
 * Initial may carry; anything else ends the packet. */
static void
fq_frames(struct fq *q, uint8_t dir, const struct follow_chunk *c,
	  const uint8_t *p, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint64_t type, v, off, len, count;

		if (!fq_varint(p, n, &i, &type))
			return;
		switch (type) {
		case 0x00: /* PADDING */
		case 0x01: /* PING */
			break;
		case 0x02: /* ACK */
		case 0x03: /* ACK with ECN counts */
			if (!fq_varint(p, n, &i, &v) ||
			    !fq_varint(p, n, &i, &v) ||
			    !fq_varint(p, n, &i, &count) ||
			    !fq_varint(p, n, &i, &v))
				return;
			if (count > n)
				return;
			for (uint64_t k = 0; k < count * 2; k++)
				if (!fq_varint(p, n, &i, &v))
					return;
			if (type == 0x03)
				for (int k = 0; k < 3; k++)
					if (!fq_varint(p, n, &i, &v))
						return;
			break;
		case 0x06: /* CRYPTO */
			if (!fq_varint(p, n, &i, &off) ||
			    !fq_varint(p, n, &i, &len) || len > n - i)
				return;
			fq_crypto(q, dir, c, off, p + i, (size_t)len);
			i += (size_t)len;
			break;
		default: /* CONNECTION_CLOSE, or what no Initial holds */
			return;
		}
	}
}

static void
fq_restart(struct fq *q)
{
	q->keys = false;
	for (int d = 0; d < 2; d++) {
		q->largest[d] = -1;
		q->next[d] = 0;
		for (size_t i = 0; i < q->nwait[d]; i++)
			free(q->wait[d][i].bytes);
		q->nwait[d] = 0;
	}
}

/* One datagram of direction DIR. */
static void
fq_datagram(struct fq *q, uint8_t dir, const struct follow_chunk *c,
	    const uint8_t *p, size_t n)
{
	struct follow *out = q->out;
	size_t i = 0;

	while (i < n) {
		size_t first = i, pn_off, end, dcil, scil;
		const uint8_t *dcid;
		uint32_t version;
		uint64_t token, len;
		unsigned type;
		bool initial;

		if ((p[i] & 0x80) == 0) {
			/* a short header: 1-RTT, to the datagram's end */
			out->quic_protected++;
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
		i += 7 + dcil + scil;
		/* v2 numbers the long types otherwise (RFC 9369 3.2) */
		if (version == FQ_V2)
			type = (type + 3) & 3;
		if (type == 3) {
			/* Retry: a token and a tag to the end; the client
			 * starts again with the server's new connection ID
			 * for keys, its CRYPTO data from offset 0 */
			if (dir == 1)
				fq_restart(q);
			return;
		}
		initial = type == 0;
		if (initial && (!fq_varint(p, n, &i, &token) ||
				token > n - i))
			return;
		if (initial)
			i += (size_t)token;
		if (!fq_varint(p, n, &i, &len) || len > n - i)
			return;
		pn_off = i;
		end = i + (size_t)len;
		i = end;
		if (!initial) {
			out->quic_protected++; /* 0-RTT, Handshake */
			continue;
		}
		if (!q->keys && dir == 0) {
			/* the client's first Initial names the keys */
			if (quic_crypto_initial_keys(version, dcid, dcil, false,
						     &q->k[0]) < 0 ||
			    quic_crypto_initial_keys(version, dcid, dcil, true,
						     &q->k[1]) < 0)
				return;
			q->keys = true;
		}
		if (!q->keys) {
			out->quic_initial_failed++;
			continue;
		}
		{
			uint8_t plain[QUIC_PACKET_MAX];
			struct quic_unprotected u;
			long body = quic_crypto_unprotect(
				&q->k[dir], p + first, pn_off - first,
				end - first, q->largest[dir], true, plain,
				sizeof(plain), &u);

			if (body < 0) {
				out->quic_initial_failed++;
				continue;
			}
			out->quic_initial_opened++;
			if ((int64_t)u.pn > q->largest[dir])
				q->largest[dir] = (int64_t)u.pn;
			fq_frames(q, dir, c, plain, (size_t)body);
		}
	}
}

struct follow *
follow_quic_decode(const struct follow *in)
{
	struct follow *out;
	struct fq *q;

	if (in == NULL || in->l4 != 17)
		return NULL;
	out = follow_new(in->l4, in->flush_tail);
	q = calloc(1, sizeof(*q));
	if (out == NULL || q == NULL) {
		follow_free(out);
		free(q);
		return NULL;
	}
	out->cap = in->cap;
	out->quic = true;
	out->have_nodes = in->have_nodes;
	memcpy(out->node, in->node, sizeof(out->node));
	memcpy(out->port, in->port, sizeof(out->port));
	out->frames = in->frames;
	memcpy(out->packets, in->packets, sizeof(out->packets));
	memcpy(out->truncated, in->truncated, sizeof(out->truncated));
	out->evicted_packets = in->evicted_packets;
	out->evicted_bytes = in->evicted_bytes;
	q->out = out;
	q->largest[0] = q->largest[1] = -1;
	for (size_t i = 0; i < in->nchunks; i++) {
		const struct follow_chunk *c = &in->chunks[i];

		if (c->kind == FOLLOW_DATA)
			fq_datagram(q, c->dir & 1, c, in->data + c->data,
				    c->len);
	}
	for (int d = 0; d < 2; d++) {
		for (size_t i = 0; i < q->nwait[d]; i++) {
			out->quic_crypto_waiting += q->wait[d][i].len;
			free(q->wait[d][i].bytes);
		}
	}
	free(q);
	out->capped = out->capped || in->capped;
	return out;
}
