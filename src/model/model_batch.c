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

#include "decode/quichdr.h"
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

/* An inner packet makes a flow when it is whole enough to name one: IP
 * addresses and a transport that makes connections (not a later
 * fragment, whose ports only the outer fragment map could find). */
static bool
model_batch_inner(struct model_batch_inner *in, uint8_t kind)
{
	const struct decode_summary *s = &in->s;
	uint16_t sport = 0, dport = 0;
	bool from_lo;

	if (s->ip_version == 0 || s->src.family == 0 || s->dst.family == 0 ||
	    s->frag == DECODE_FRAG_LATER || !model_batch_conn_l4(s))
		return false;
	if (s->l4_proto != PROTO_ICMP && s->l4_proto != PROTO_ICMPV6) {
		sport = s->sport;
		dport = s->dport;
	}
	flowkey_make(&in->key, s->l4, &s->src, sport, &s->dst, dport,
		     &from_lo);
	in->key.mark = kind;
	in->kind = kind;
	in->from_lo = from_lo;
	in->conn_hash = conntab_hash(&in->key);
	in->src_hash = hosttab_hash(&s->src);
	in->dst_hash = hosttab_hash(&s->dst);
	return true;
}

static uint32_t
model_batch_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* A TCP segment's header fields for the sequence analysis: only when
 * its whole header was captured (options too) and the decoder found no
 * fault in it. */
static void
model_batch_tcp(struct model_batch_pkt *p, const uint8_t *frame,
		size_t caplen, double ts)
{
	const struct decode_summary *s = &p->s;
	const uint8_t *h;
	size_t hlen;
	bool have_ts;

	if (!(p->flags & MODEL_PKT_CONN) || s->l4_proto != PROTO_TCP ||
	    s->frag != DECODE_FRAG_NONE || s->l4_len < 20 ||
	    (size_t)s->l4_off + 20 > caplen)
		return;
	h = frame + s->l4_off;
	hlen = (size_t)(h[12] >> 4) * 4u;
	if (hlen < 20 || hlen > s->l4_len || (size_t)s->l4_off + hlen > caplen)
		return;
	p->seg.seq = model_batch_be32(h + 4);
	p->seg.ack = model_batch_be32(h + 8);
	p->seg.seglen = s->l4_len - (uint32_t)hlen;
	p->seg.now = tcpseq_clock(ts);
	p->seg.window = (uint16_t)(h[14] << 8 | h[15]);
	p->seg.flags = h[13];
	p->seg.wscale = TCPSEQ_WSCALE_NONE;
	have_ts = false;
	if (hlen > 20) {
		int ws = tcpseq_options(h + 20, hlen - 20, &have_ts, &p->tsval,
					&p->tsecr);

		if (p->seg.flags & TCPSEQ_SYN)
			p->seg.wscale = (int8_t)ws;
	}
	p->flags |= MODEL_PKT_TCP | (have_ts ? MODEL_PKT_TS : 0);
}

/* A UDP datagram's QUIC long-header types, from the clear-text header
 * (no keys): only a flow's own datagrams, whole or first fragments. */
static void
model_batch_quic(struct model_batch_pkt *p, const uint8_t *frame,
		 size_t caplen)
{
	const struct decode_summary *s = &p->s;

	p->quic = 0;
	if (!(p->flags & MODEL_PKT_CONN) || s->frag != DECODE_FRAG_NONE ||
	    s->payload_len < 7 || s->payload_off >= caplen ||
	    !(frame[s->payload_off] & 0x80))
		return;
	p->quic = (uint8_t)quichdr_types(frame + s->payload_off,
					 s->payload_len <= caplen - s->payload_off
						 ? s->payload_len
						 : caplen - s->payload_off);
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
	/* about 560 KiB: pages a batch never lists a look on stay untouched */
	b->looks = malloc(2 * b->max * sizeof(*b->looks));
	b->ends = malloc(b->max * sizeof(*b->ends));
	b->inner = malloc(b->max * sizeof(*b->inner));
	if (b->pkts == NULL || b->buf == NULL || b->looks == NULL ||
	    b->ends == NULL || b->inner == NULL) {
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
	free(b->inner);
	free(b);
}

bool
model_batch_add(struct model_batch *b, int linktype,
		const struct pcap_pkthdr *h, const uint8_t *data)
{
	struct model_batch_pkt *p;
	size_t caplen = h->caplen;
	uint8_t kind;

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
	decode_summary_tunnel(linktype, b->buf + p->off, caplen,
			      h->len < caplen ? caplen : h->len, &p->s,
			      &b->inner[b->n - 1].s, &kind);
	model_batch_classify(p);
	p->tunnel = kind;
	if (kind != DECODE_TUNNEL_NONE && (p->flags & MODEL_PKT_IP) &&
	    model_batch_inner(&b->inner[b->n - 1], kind))
		p->flags |= MODEL_PKT_INNER;
	if (p->s.l4_proto == PROTO_TCP)
		model_batch_tcp(p, b->buf + p->off, caplen,
				(double)p->ts_sec + (double)p->ts_usec * 1e-6);
	else if (p->s.l4_proto == PROTO_UDP)
		model_batch_quic(p, b->buf + p->off, caplen);
	else
		p->quic = 0;
	return true;
}
