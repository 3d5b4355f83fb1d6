/*
 * fuzz_follow_http: HTTP decoding of a followed conversation
 * (inspect/follow_http.c), and QUIC Initial decoding
 * (inspect/follow_quic.c) of the same pieces taken as UDP datagrams, on
 * crafted pieces. Each record of the input: a
 * control byte (bit 0 the direction, bit 1 a gap instead of bytes), a
 * 16-bit length, then that many bytes (a gap: none). The pieces are made
 * into a follow as reassembly would, decoded with a small body cap (so
 * bombs hit it quickly), and the result must hold together: every piece
 * inside the data, the directions 0 or 1, no decompressed body past the
 * cap, the bytes counted as delivered. QUIC is decoded without
 * secrets and with a key log (the Handshake/1-RTT path: the lookup by
 * the ClientHello random the pieces carry), and each piece is walked as
 * a decrypted payload by decode's quic_open_frames: every CRYPTO and
 * STREAM datum it gives lies inside the piece.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/keylog.h"
#include "decode/proto/quic_open.h"
#include "inspect/follow.h"
#include "inspect/follow_http.h"
#include "inspect/follow_quic.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_FOLLOW_HTTP_CAP (256u << 10)

/* Every piece of F inside its data, directions 0 or 1. */
static void
fuzz_follow_http_check(const struct follow *f)
{
	for (size_t k = 0; k < f->nchunks; k++) {
		const struct follow_chunk *c = &f->chunks[k];

		if (c->dir > 1)
			abort();
		if (c->kind == FOLLOW_DATA &&
		    (c->data > f->ndata || c->len > f->ndata - c->data))
			abort();
	}
}

struct fuzz_span {
	const uint8_t *p;
	size_t n;
};

static void
fuzz_follow_quic_frame(void *arg, const struct quic_open_data *d)
{
	const struct fuzz_span *s = arg;

	if (d->len > s->n || (d->len > 0 && (d->p < s->p ||
					     d->p + d->len > s->p + s->n)))
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct keylog *keys;
	struct follow *f = follow_new(6, false), *h, *u = follow_new(17, false);
	size_t i = 0;
	uint64_t frame = 0, in_bytes = 0;

	if (f == NULL || u == NULL) {
		follow_free(f);
		follow_free(u);
		return 0;
	}
	f->have_nodes = true;
	while (i + 3 <= size) {
		uint8_t ctl = data[i];
		size_t n = (size_t)data[i + 1] << 8 | data[i + 2];

		i += 3;
		frame++;
		if (ctl & 2) {
			follow_append(f, ctl & 1, true, frame, 0, 0, NULL,
				      n + 1);
			continue;
		}
		if (n > size - i)
			n = size - i;
		/* exactly its bytes, so ASan sees a read past them */
		{
			uint8_t *p = malloc(n ? n : 1);

			if (p == NULL)
				break;
			memcpy(p, data + i, n);
			follow_append(f, ctl & 1, false, frame, 0, 0, p, n);
			follow_append(u, ctl & 1, false, frame, 0, 0, p, n);
			free(p);
		}
		in_bytes += n;
		i += n;
	}
	h = follow_http_decode(f, FUZZ_FOLLOW_HTTP_CAP);
	if (h != NULL) {
		uint64_t bytes[2] = { 0, 0 };

		if (!h->http)
			abort();
		for (size_t k = 0; k < h->nchunks; k++) {
			const struct follow_chunk *c = &h->chunks[k];

			if (c->dir > 1)
				abort();
			if (c->kind != FOLLOW_DATA)
				continue;
			if (c->data > h->ndata || c->len > h->ndata - c->data)
				abort();
			bytes[c->dir] += c->len;
			/* a piece is a head (no more than the input), a
			 * body decompressed (no more than the cap) or bytes
			 * as captured (no more than the input) */
			if (c->len > FUZZ_FOLLOW_HTTP_CAP && c->len > in_bytes)
				abort();
		}
		if (bytes[0] != h->bytes[0] || bytes[1] != h->bytes[1])
			abort();
		if (h->missing[0] != f->missing[0] ||
		    h->missing[1] != f->missing[1])
			abort();
		follow_free(h);
	}
	follow_free(f);
	if (keys == NULL) {
		/* every label for the all-zero random and one other */
		static const char text[] =
			"CLIENT_HANDSHAKE_TRAFFIC_SECRET 0000000000000000000000000000000000000000000000000000000000000000 0101010101010101010101010101010101010101010101010101010101010101\n"
			"SERVER_HANDSHAKE_TRAFFIC_SECRET 0000000000000000000000000000000000000000000000000000000000000000 0202020202020202020202020202020202020202020202020202020202020202\n"
			"CLIENT_TRAFFIC_SECRET_0 0000000000000000000000000000000000000000000000000000000000000000 0303030303030303030303030303030303030303030303030303030303030303\n"
			"SERVER_TRAFFIC_SECRET_0 0000000000000000000000000000000000000000000000000000000000000000 0404040404040404040404040404040404040404040404040404040404040404\n"
			"CLIENT_EARLY_TRAFFIC_SECRET 0000000000000000000000000000000000000000000000000000000000000000 0505050505050505050505050505050505050505050505050505050505050505\n";

		keys = keylog_new();
		if (keys != NULL)
			keylog_add_text(keys, text, sizeof(text) - 1);
	}
	for (int pass = 0; pass < 2; pass++) {
		h = follow_quic_decode(u, pass ? keys : NULL);
		if (h == NULL)
			continue;
		if (!h->quic)
			abort();
		fuzz_follow_http_check(h);
		/* CRYPTO and STREAM data: at most what the datagrams held */
		if (h->bytes[0] + h->bytes[1] > u->bytes[0] + u->bytes[1])
			abort();
		follow_free(h);
	}
	for (size_t k = 0; k < u->nchunks; k++) {
		const struct follow_chunk *c = &u->chunks[k];
		struct fuzz_span s = { u->data + c->data, c->len };

		if (c->kind != FOLLOW_DATA)
			continue;
		quic_open_frames(1, s.p, s.n, k & 1, fuzz_follow_quic_frame,
				 &s);
		quic_open_frames(0x54303531u, s.p, s.n, false,
				 fuzz_follow_quic_frame, &s);
	}
	follow_free(u);
	return 0;
}
