/*
 * quic_conn: connection state and CRYPTO stream reassembly for the tree
 * path. A stream is a buffer with a bit per byte received, so frames may
 * come in any order, overlap or repeat (Chrome scatters its ClientHello
 * over many frames and packets; a lost packet's data comes again).
 */
#include "config.h"

#include "decode/proto/quic_conn.h"

#include <stdlib.h>
#include <string.h>

#include "decode/flowstate.h"

#define QUIC_STREAM_FIRST 4096

struct quic_conn *
quic_conn_new(void)
{
	struct quic_conn *q = calloc(1, sizeof(*q));
	unsigned e, d;

	if (q == NULL)
		return NULL;
	q->client_dir = -1;
	for (e = 0; e < QUIC_EPOCHS; e++)
		for (d = 0; d < 2; d++)
			q->largest_pn[e][d] = -1;
	return q;
}

void
quic_conn_free(struct quic_conn *q)
{
	unsigned e, d;

	if (q == NULL)
		return;
	for (e = 0; e < QUIC_EPOCHS; e++)
		for (d = 0; d < 2; d++) {
			free(q->crypto[e][d].data);
			free(q->crypto[e][d].have);
		}
	free(q);
}

void
quic_conn_initial_dcid(struct quic_conn *q, const uint8_t *dcid, size_t len)
{
	if (len > QUIC_CONN_CID_MAX)
		return;
	memcpy(q->initial_dcid, dcid, len);
	q->initial_dcil = (uint8_t)len;
	q->have_initial_dcid = true;
	q->keys_state[QUIC_EPOCH_INITIAL][0] = QUIC_KEYS_UNTRIED;
	q->keys_state[QUIC_EPOCH_INITIAL][1] = QUIC_KEYS_UNTRIED;
}

/* Room for END bytes, doubling; the new bytes are zero. */
static bool
quic_stream_grow(struct flowstate *fs, struct flow *f, struct quic_stream *st,
		 size_t end)
{
	size_t cap = st->capacity ? st->capacity : QUIC_STREAM_FIRST;
	uint8_t *data, *have;
	long charge;

	while (cap < end)
		cap *= 2;
	if (cap == st->capacity)
		return true;
	/* the data and its bitmap */
	charge = (long)(cap - st->capacity) + (long)(cap - st->capacity) / 8;
	if (!flowstate_account(fs, f, charge))
		goto fail;
	data = realloc(st->data, cap);
	if (data == NULL)
		goto fail;
	st->data = data;
	have = realloc(st->have, cap / 8);
	if (have == NULL)
		goto fail;
	st->have = have;
	memset(st->data + st->capacity, 0, cap - st->capacity);
	memset(st->have + st->capacity / 8, 0, (cap - st->capacity) / 8);
	st->capacity = cap;
	return true;
fail:
	flowstate_account(fs, f, -charge);
	return false;
}

bool
quic_stream_add(struct flowstate *fs, struct flow *f, struct quic_stream *st,
		uint64_t off, const uint8_t *p, size_t len)
{
	size_t end, i;

	if (off > QUIC_STREAM_MAX || len > QUIC_STREAM_MAX - off)
		return false;
	end = (size_t)off + len;
	if (len == 0)
		return true;
	if (end > st->capacity && !quic_stream_grow(fs, f, st, end))
		return false;
	memcpy(st->data + off, p, len);
	for (i = (size_t)off; i < end; i++)
		st->have[i / 8] |= (uint8_t)(1u << (i % 8));
	while (st->contiguous < st->capacity &&
	       (st->have[st->contiguous / 8] >> (st->contiguous % 8)) & 1u)
		st->contiguous++;
	return true;
}

bool
quic_stream_ready(struct quic_stream *st, size_t *from, size_t *to)
{
	size_t at = st->shown;

	while (at + 4 <= st->contiguous) {
		const uint8_t *h = st->data + at;
		size_t len = (size_t)h[1] << 16 | (size_t)h[2] << 8 | h[3];

		if (len > st->contiguous - at - 4)
			break;
		at += 4 + len;
	}
	if (at == st->shown)
		return false;
	*from = st->shown;
	*to = at;
	st->shown = at;
	return true;
}
