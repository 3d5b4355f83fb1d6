/*
 * model_batch: the capture side of the model. The capture thread decodes
 * each frame and copies its bytes (libpcap reuses its buffer) into a batch
 * it owns, without taking the model lock; model_batch_commit (model.c)
 * then applies the whole batch under one lock hold, identifies the
 * packets that hold listed without the lock, and labels their
 * connections in a second, short hold.
 */
#include "config.h"

#include "model/model.h"
#include "model/model_batch.h"

#include "model/hosttab.h"

#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#define MODEL_BATCH_DEFAULT_PACKETS 1024u
#define MODEL_BATCH_DEFAULT_BYTES (4u << 20)

bool
model_batch_conn_l4(const struct decode_summary *s)
{
	switch (s->l4_proto) {
	case PROTO_TCP:
	case PROTO_UDP:
	case PROTO_SCTP:
	case PROTO_ICMP:
	case PROTO_ICMPV6:
		return decode_has(s, s->l4_proto);
	default:
		return false;
	}
}

static void
model_batch_classify(struct model_batch_pkt *p)
{
	const struct decode_summary *s = &p->s;
	uint16_t sport = 0, dport = 0;
	bool from_lo;

	p->flags = 0;
	if (s->ip_version == 0 || s->src.family == 0 || s->dst.family == 0)
		return;
	p->flags = MODEL_PKT_IP;
	p->src_hash = hosttab_hash(&s->src);
	p->dst_hash = hosttab_hash(&s->dst);
	/* a later fragment's flow is known only from the fragment map, at
	 * commit time */
	if (s->frag == DECODE_FRAG_LATER || !model_batch_conn_l4(s))
		return;
	if (s->l4_proto != PROTO_ICMP && s->l4_proto != PROTO_ICMPV6) {
		sport = s->sport;
		dport = s->dport;
	}
	flowkey_make(&p->key, s->l4, &s->src, sport, &s->dst, dport, &from_lo);
	p->from_lo = from_lo;
	p->conn_hash = conntab_hash(&p->key);
	p->flags |= MODEL_PKT_CONN;
}

struct model_batch *
model_batch_new(size_t max_packets, size_t max_bytes)
{
	struct model_batch *b = calloc(1, sizeof(*b));

	if (b == NULL)
		return NULL;
	b->max = max_packets ? max_packets : MODEL_BATCH_DEFAULT_PACKETS;
	b->buf_max = max_bytes ? max_bytes : MODEL_BATCH_DEFAULT_BYTES;
	if (b->buf_max > UINT32_MAX)
		b->buf_max = UINT32_MAX;
	b->pkts = malloc(b->max * sizeof(*b->pkts));
	b->buf = malloc(b->buf_max);
	/* about 280 KiB: pages a batch never lists a look on stay untouched */
	b->looks = malloc(b->max * sizeof(*b->looks));
	b->ends = malloc(b->max * sizeof(*b->ends));
	if (b->pkts == NULL || b->buf == NULL || b->looks == NULL ||
	    b->ends == NULL) {
		model_batch_free(b);
		return NULL;
	}
	return b;
}

void
model_batch_free(struct model_batch *b)
{
	if (b == NULL)
		return;
	free(b->pkts);
	free(b->buf);
	free(b->looks);
	free(b->ends);
	free(b);
}

bool
model_batch_add(struct model_batch *b, int linktype,
		const struct pcap_pkthdr *h, const uint8_t *data)
{
	struct model_batch_pkt *p;
	size_t caplen = h->caplen;

	if (b->n == b->max)
		return false;
	if (caplen > b->buf_max - b->used) {
		/* a frame bigger than a whole batch is kept truncated rather
		 * than refused forever */
		if (b->n > 0)
			return false;
		caplen = b->buf_max;
	}
	p = &b->pkts[b->n++];
	p->ts_sec = (int64_t)h->ts.tv_sec;
	p->sec = h->ts.tv_sec < 0 ? 0 :
		 (uint64_t)h->ts.tv_sec > UINT32_MAX ? UINT32_MAX : (uint32_t)h->ts.tv_sec;
	p->ts_usec = (uint32_t)h->ts.tv_usec;
	p->caplen = (uint32_t)caplen;
	p->len = h->len;
	p->off = (uint32_t)b->used;
	p->linktype = linktype;
	if (caplen > 0)
		memcpy(b->buf + b->used, data, caplen);
	b->used += caplen;
	decode_summary(linktype, b->buf + p->off, caplen,
		       h->len < caplen ? caplen : h->len, &p->s);
	model_batch_classify(p);
	return true;
}
