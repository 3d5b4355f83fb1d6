/*
 * flowstate: a uthash table of flows keyed like the connection table
 * (base/flowkey.h), in recency order: a lookup moves the flow to the
 * end, so the head is always the one to evict.
 */
#include "config.h"

#include "decode/flowstate.h"
#include "decode/flow.h"

#include <stdlib.h>
#include <string.h>

#include "decode/proto/quic_conn.h"
#include "decode/tree.h"

struct flowstate {
	struct flow *flows; /* uthash head; insertion order = recency */
	size_t count;
	size_t bytes;
	const struct keylog *keylog;
	double now; /* the packet being dissected */
};

struct flowstate *
flowstate_new(void)
{
	return calloc(1, sizeof(struct flowstate));
}

static void
flowstate_drop(struct flowstate *fs, struct flow *f)
{
	HASH_DEL(fs->flows, f);
	fs->count--;
	fs->bytes -= f->bytes;
	quic_conn_free(f->quic);
	free(f);
}

void
flowstate_clear(struct flowstate *fs)
{
	struct flow *f, *tmp;

	HASH_ITER(hh, fs->flows, f, tmp)
		flowstate_drop(fs, f);
}

void
flowstate_free(struct flowstate *fs)
{
	if (fs == NULL)
		return;
	flowstate_clear(fs);
	free(fs);
}

void
flowstate_set_keylog(struct flowstate *fs, const struct keylog *k)
{
	fs->keylog = k;
}

const struct keylog *
flowstate_keylog(const struct flowstate *fs)
{
	return fs->keylog;
}

/* The connection table's key of the flow S describes; false when it has
 * no ports (only TCP, UDP and SCTP flows are kept). */
static bool
flowstate_key(const struct decode_summary *s, struct conn_key *k,
	      bool *from_lo)
{
	if (s->l4_proto != PROTO_TCP && s->l4_proto != PROTO_UDP &&
	    s->l4_proto != PROTO_SCTP)
		return false;
	flowkey_make(k, s->l4, &s->src, s->sport, &s->dst, s->dport,
		     from_lo);
	return true;
}

struct flow *
flowstate_get(struct flowstate *fs, const struct decode_summary *s,
	      bool create, unsigned *dir)
{
	struct conn_key key;
	struct flow *f;
	bool from_lo;

	if (fs == NULL || !flowstate_key(s, &key, &from_lo))
		return NULL;
	*dir = from_lo ? 0 : 1;
	HASH_FIND(hh, fs->flows, &key, sizeof(key), f);
	if (f != NULL) {
		/* to the end: the most recent */
		HASH_DEL(fs->flows, f);
		HASH_ADD(hh, fs->flows, key, sizeof(key), f);
		return f;
	}
	if (!create)
		return NULL;
	if (fs->count >= FLOWSTATE_MAX_FLOWS)
		flowstate_drop(fs, fs->flows);
	f = calloc(1, sizeof(*f));
	if (f == NULL)
		return NULL;
	f->key = key;
	HASH_ADD(hh, fs->flows, key, sizeof(key), f);
	fs->count++;
	return f;
}

void
flowstate_set_time(struct flowstate *fs, double ts)
{
	fs->now = ts;
}

bool
flowstate_tcp_again(struct flowstate *fs, const struct decode_summary *s,
		    const uint8_t *hdr, size_t seglen)
{
	struct tcpseq_seg g = {
		.seq = (uint32_t)hdr[4] << 24 | (uint32_t)hdr[5] << 16 |
		       (uint32_t)hdr[6] << 8 | hdr[7],
		.ack = (uint32_t)hdr[8] << 24 | (uint32_t)hdr[9] << 16 |
		       (uint32_t)hdr[10] << 8 | hdr[11],
		.seglen = seglen > UINT32_MAX ? UINT32_MAX : (uint32_t)seglen,
		.now = tcpseq_clock(fs->now),
		.window = (uint16_t)(hdr[14] << 8 | hdr[15]),
		.flags = hdr[13],
		.wscale = TCPSEQ_WSCALE_NONE,
	};
	size_t hlen = (size_t)(hdr[12] >> 4) * 4u;
	uint32_t tsval, tsecr;
	struct flow *f;
	unsigned dir;
	bool ts;

	if ((g.flags & TCPSEQ_SYN) && hlen > 20)
		g.wscale = (int8_t)tcpseq_options(hdr + 20, hlen - 20, &ts,
						  &tsval, &tsecr);
	f = flowstate_get(fs, s, true, &dir);
	if (f == NULL)
		return false;
	return tcpseq_again(tcpseq_step(&f->tcp, dir, &g));
}

bool
flowstate_account(struct flowstate *fs, struct flow *f, long delta)
{
	f->bytes = (size_t)((long)f->bytes + delta);
	fs->bytes = (size_t)((long)fs->bytes + delta);
	while (fs->bytes > FLOWSTATE_MAX_BYTES && fs->flows != f)
		flowstate_drop(fs, fs->flows);
	return fs->bytes <= FLOWSTATE_MAX_BYTES;
}
