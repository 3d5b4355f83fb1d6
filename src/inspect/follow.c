/*
 * follow: a conversation's payload in order. TCP follows tshark 4.0's
 * follow tap (epan/dissectors/packet-tcp.c, follow_tcp_tap_listener and
 * check_follow_fragments), rewritten from its documented behaviour: the
 * first copy of a byte wins, bytes seen before (retransmissions,
 * keep-alives, zero-window probes sent again) are dropped, out-of-order
 * segments wait for the bytes before them, and bytes acknowledged by the
 * other side but never captured become "[N bytes missing in capture
 * file]". Sequence numbers compare modulo 2^32 (RFC 9293 3.4).
 */
#include "config.h"

#include "inspect/follow.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <uthash.h>

#include "base/flowkey.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "decode/decode.h"
#include "inspect/inspect.h"

#define FOLLOW_FIN 0x01
#define FOLLOW_SYN 0x02
#define FOLLOW_RST 0x04
#define FOLLOW_ACK 0x10

/* RFC 9293 3.4: sequence space comparisons */
static bool
follow_lt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) < 0;
}

static bool
follow_gt(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b) > 0;
}

struct follow *
follow_new(uint8_t l4, bool flush_tail)
{
	struct follow *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->l4 = l4;
	f->flush_tail = flush_tail;
	f->cap = FOLLOW_CAP_BYTES;
	f->label = FOLLOW_STREAM_NONE;
	return f;
}

struct follow *
follow_derive(const struct follow *in)
{
	struct follow *out = follow_new(in->l4, in->flush_tail);

	if (out == NULL)
		return NULL;
	out->cap = in->cap;
	out->have_nodes = in->have_nodes;
	memcpy(out->node, in->node, sizeof(out->node));
	memcpy(out->port, in->port, sizeof(out->port));
	out->frames = in->frames;
	memcpy(out->packets, in->packets, sizeof(out->packets));
	memcpy(out->truncated, in->truncated, sizeof(out->truncated));
	memcpy(out->unacked, in->unacked, sizeof(out->unacked));
	out->dropped_waiting = in->dropped_waiting;
	out->evicted_packets = in->evicted_packets;
	out->evicted_bytes = in->evicted_bytes;
	return out;
}

void
follow_derive_end(struct follow *out, const struct follow *in)
{
	out->capped = out->capped || in->capped;
}

void
follow_free(struct follow *f)
{
	if (f == NULL)
		return;
	for (int d = 0; d < 2; d++) {
		for (size_t i = 0; i < f->nwait[d]; i++)
			free(f->wait[d][i].bytes);
		free(f->wait[d]);
	}
	free(f->chunks);
	free(f->data);
	free(f);
}

/* Room for N more bytes within the cap; false (and capped) when not. */
static bool
follow_room(struct follow *f, size_t n)
{
	if (f->capped || n > f->cap - f->kept) {
		f->capped = true;
		return false;
	}
	return true;
}

static struct follow_chunk *
follow_chunk_new(struct follow *f, uint8_t dir, uint8_t kind, uint64_t frame,
		 int64_t ts_sec, uint32_t ts_usec)
{
	struct follow_chunk *c;

	if (f->nchunks == f->chunks_cap) {
		size_t cap = f->chunks_cap ? f->chunks_cap * 2 : 64;
		struct follow_chunk *p;

		if (!follow_room(f, (cap - f->chunks_cap) * sizeof(*p)))
			return NULL;
		p = realloc(f->chunks, cap * sizeof(*p));
		if (p == NULL) {
			f->capped = true;
			return NULL;
		}
		f->kept += (cap - f->chunks_cap) * sizeof(*p);
		f->chunks = p;
		f->chunks_cap = cap;
	}
	c = &f->chunks[f->nchunks++];
	memset(c, 0, sizeof(*c));
	c->dir = dir;
	c->kind = kind;
	c->frame = frame;
	c->ts_sec = ts_sec;
	c->ts_usec = ts_usec;
	c->offset = f->bytes[dir] + f->missing[dir];
	c->stream = f->label;
	return c;
}

/* Deliver LEN bytes of direction DIR. */
static void
follow_deliver(struct follow *f, uint8_t dir, uint64_t frame, int64_t ts_sec,
	       uint32_t ts_usec, const uint8_t *p, size_t len)
{
	struct follow_chunk *c;

	if (len == 0 || f->capped)
		return;
	if (f->ndata + len > f->data_cap) {
		size_t cap = f->data_cap ? f->data_cap : 4096;
		uint8_t *q;

		while (cap < f->ndata + len)
			cap *= 2;
		if (!follow_room(f, len))
			return;
		q = realloc(f->data, cap);
		if (q == NULL) {
			f->capped = true;
			return;
		}
		f->data = q;
		f->data_cap = cap;
	} else if (!follow_room(f, len)) {
		return;
	}
	c = follow_chunk_new(f, dir, FOLLOW_DATA, frame, ts_sec, ts_usec);
	if (c == NULL)
		return;
	memcpy(f->data + f->ndata, p, len);
	c->data = f->ndata;
	c->len = len;
	f->ndata += len;
	f->kept += len;
	f->bytes[dir] += len;
}

static void
follow_gap(struct follow *f, uint8_t dir, uint64_t frame, int64_t ts_sec,
	   uint32_t ts_usec, uint32_t missing)
{
	struct follow_chunk *c;

	c = follow_chunk_new(f, dir, FOLLOW_GAP, frame, ts_sec, ts_usec);
	if (c == NULL)
		return;
	c->len = missing;
	f->missing[dir] += missing;
}

void
follow_append(struct follow *f, uint8_t dir, bool gap, uint64_t frame,
	      int64_t ts_sec, uint32_t ts_usec, const uint8_t *p, size_t len)
{
	if (dir > 1)
		return;
	if (gap)
		follow_gap(f, dir, frame, ts_sec, ts_usec,
			   len > UINT32_MAX ? UINT32_MAX : (uint32_t)len);
	else
		follow_deliver(f, dir, frame, ts_sec, ts_usec, p, len);
}

static void
follow_wait_drop(struct follow *f, uint8_t dir, size_t i)
{
	struct follow_wait *w = f->wait[dir];

	f->kept -= w[i].len;
	free(w[i].bytes);
	memmove(&w[i], &w[i + 1], (f->nwait[dir] - i - 1) * sizeof(*w));
	f->nwait[dir]--;
}

/* One step of tshark's check_follow_fragments: a waiting segment that
 * now fits (or is old) is used; with USE_ACK, bytes the other side
 * acknowledged before the lowest waiting one are missing. True when
 * something changed (call again). */
static bool
follow_check(struct follow *f, uint8_t dir, uint32_t acked, bool use_ack,
	     uint64_t frame, int64_t ts_sec, uint32_t ts_usec)
{
	struct follow_wait *w = f->wait[dir];
	uint32_t lowest;

	if (f->nwait[dir] == 0)
		return false;
	lowest = w[0].seq;
	for (size_t i = 0; i < f->nwait[dir]; i++) {
		if (follow_gt(lowest, w[i].seq))
			lowest = w[i].seq;
		if (follow_lt(w[i].seq, f->seq[dir])) {
			uint32_t end = w[i].seq + (uint32_t)w[i].len;

			if (follow_gt(end, f->seq[dir])) {
				/* partly new: the part not seen yet */
				uint32_t skip = f->seq[dir] - w[i].seq;

				follow_deliver(f, dir, w[i].frame, w[i].ts_sec,
					       w[i].ts_usec, w[i].bytes + skip,
					       w[i].len - skip);
				f->seq[dir] = end;
			}
			follow_wait_drop(f, dir, i);
			return true;
		}
		if (w[i].seq == f->seq[dir]) {
			follow_deliver(f, dir, w[i].frame, w[i].ts_sec,
				       w[i].ts_usec, w[i].bytes, w[i].len);
			f->seq[dir] += (uint32_t)w[i].len;
			follow_wait_drop(f, dir, i);
			return true;
		}
	}
	if (use_ack && follow_gt(acked, lowest)) {
		follow_gap(f, dir, frame, ts_sec, ts_usec, lowest - f->seq[dir]);
		f->seq[dir] = lowest;
		return true;
	}
	return false;
}

static void
follow_wait_add(struct follow *f, uint8_t dir, uint32_t seq, uint64_t frame,
		int64_t ts_sec, uint32_t ts_usec, const uint8_t *p, size_t len)
{
	struct follow_wait *w;

	if (f->nwait[dir] >= FOLLOW_MAX_WAITING) {
		f->dropped_waiting++;
		return;
	}
	if (!follow_room(f, len + sizeof(*w)))
		return;
	if (f->nwait[dir] == f->wait_cap[dir]) {
		size_t cap = f->wait_cap[dir] ? f->wait_cap[dir] * 2 : 16;

		w = realloc(f->wait[dir], cap * sizeof(*w));
		if (w == NULL) {
			f->capped = true;
			return;
		}
		f->wait[dir] = w;
		f->wait_cap[dir] = cap;
	}
	w = &f->wait[dir][f->nwait[dir]];
	w->bytes = malloc(len ? len : 1);
	if (w->bytes == NULL) {
		f->capped = true;
		return;
	}
	memcpy(w->bytes, p, len);
	w->len = len;
	w->seq = seq;
	w->frame = frame;
	w->ts_sec = ts_sec;
	w->ts_usec = ts_usec;
	f->kept += len;
	f->nwait[dir]++;
}

/* Where the TCP header is: the summary says where the payload starts;
 * the header before it begins with the ports and ends at its data
 * offset. NULL when no such header is there. */
static const uint8_t *
follow_tcp_header(const struct decode_summary *s, const uint8_t *frame)
{
	for (uint32_t hlen = 20; hlen <= 60; hlen += 4) {
		const uint8_t *p;

		if (s->payload_off < hlen)
			break;
		p = frame + s->payload_off - hlen;
		if ((uint32_t)(p[12] >> 4) * 4 == hlen &&
		    ((p[0] << 8) | p[1]) == s->sport &&
		    ((p[2] << 8) | p[3]) == s->dport)
			return p;
	}
	return NULL;
}

static uint32_t
follow_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

/* Which node sent the packet; the first packet's sender is node 0. */
static uint8_t
follow_dir(struct follow *f, const struct decode_summary *s)
{
	if (!f->have_nodes) {
		f->node[0] = s->src;
		f->port[0] = s->sport;
		f->node[1] = s->dst;
		f->port[1] = s->dport;
		f->have_nodes = true;
	}
	return addr_equal(&s->src, &f->node[0]) && s->sport == f->port[0] ? 0
									  : 1;
}

static void
follow_tcp(struct follow *f, const struct decode_summary *s,
	   const uint8_t *frame, size_t caplen, size_t len, int64_t ts_sec,
	   uint32_t ts_usec)
{
	const uint8_t *h = follow_tcp_header(s, frame);
	const uint8_t *p = frame + s->payload_off;
	uint32_t seq, ack, seglen;
	size_t have = s->payload_len;
	uint8_t flags, dir;

	if (h == NULL)
		return;
	dir = follow_dir(f, s);
	f->packets[dir]++;
	seq = follow_be32(h + 4);
	ack = follow_be32(h + 8);
	flags = h[13];
	/* The snap length cut the segment: its sequence numbers still
	 * count (tshark's th_seglen), its bytes are not there. */
	seglen = (uint32_t)have;
	if (caplen < len && s->payload_off + have >= caplen) {
		seglen += (uint32_t)(len - caplen);
		f->truncated[dir] += len - caplen;
	}
	if (flags & FOLLOW_SYN)
		seq++;
	/* This packet may acknowledge bytes the other way that were never
	 * captured. */
	if (f->nwait[!dir] && (flags & FOLLOW_ACK))
		while (follow_check(f, !dir, ack, true, f->frames, ts_sec,
				    ts_usec))
			;
	if (!f->seq_set[dir]) {
		f->seq[dir] = seq;
		f->seq_set[dir] = true;
	}
	if (follow_lt(seq, f->seq[dir])) {
		uint32_t skip;

		if (!follow_gt(seq + seglen, f->seq[dir]))
			return; /* every byte seen before */
		skip = f->seq[dir] - seq;
		if (have <= skip)
			have = 0;
		else {
			have -= skip;
			p += skip;
		}
		seq = f->seq[dir];
		seglen -= skip;
	}
	if (seq == f->seq[dir]) {
		follow_deliver(f, dir, f->frames, ts_sec, ts_usec, p, have);
		f->seq[dir] += seglen;
		while (follow_check(f, dir, 0, false, f->frames, ts_sec,
				    ts_usec))
			;
	} else {
		follow_wait_add(f, dir, seq, f->frames, ts_sec, ts_usec, p,
				have);
	}
}

void
follow_add(struct follow *f, int linktype, int64_t ts_sec, uint32_t ts_usec,
	   const uint8_t *frame, size_t caplen, size_t len)
{
	struct decode_summary s;

	f->frames++;
	decode_summary(linktype, frame, caplen, len, &s);
	if (s.l4 != f->l4 || s.l4_proto == PROTO_NONE ||
	    s.frag == DECODE_FRAG_LATER || s.payload_off > caplen ||
	    s.payload_len > caplen - s.payload_off)
		return;
	if (f->l4 == 6) {
		follow_tcp(f, &s, frame, caplen, len, ts_sec, ts_usec);
		return;
	}
	/* the UDP header right before the payload: its ports */
	if (s.payload_off < 8 ||
	    ((frame[s.payload_off - 8] << 8) | frame[s.payload_off - 7]) !=
		    s.sport ||
	    ((frame[s.payload_off - 6] << 8) | frame[s.payload_off - 5]) !=
		    s.dport)
		return;
	{
		uint8_t dir = follow_dir(f, &s);

		f->packets[dir]++;
		/* a UDP datagram is one piece, shown even when empty? tshark
		 * shows only those with bytes */
		follow_deliver(f, dir, f->frames, ts_sec, ts_usec,
			       frame + s.payload_off, s.payload_len);
	}
}

void
follow_finish(struct follow *f)
{
	for (uint8_t d = 0; d < 2; d++) {
		/* empty segments past the end (a FIN's, a RST after it)
		 * carry no bytes: nothing is missing before them */
		for (size_t i = 0; i < f->nwait[d];)
			if (f->wait[d][i].len == 0)
				follow_wait_drop(f, d, i);
			else
				i++;
		for (size_t i = 0; i < f->nwait[d]; i++)
			f->unacked[d] += f->wait[d][i].len;
		if (!f->flush_tail)
			continue;
		/* what waits after a gap nobody acknowledged: said, then
		 * shown, lowest first */
		while (f->nwait[d]) {
			uint32_t lowest = f->wait[d][0].seq;

			for (size_t i = 1; i < f->nwait[d]; i++)
				if (follow_lt(f->wait[d][i].seq, lowest))
					lowest = f->wait[d][i].seq;
			if (!follow_check(f, d, lowest + 1, true,
					  f->wait[d][0].frame,
					  f->wait[d][0].ts_sec,
					  f->wait[d][0].ts_usec))
				break;
			while (follow_check(f, d, 0, false, 0, 0, 0))
				;
		}
	}
}

/* ---- tshark's stream numbers ---- */

struct follow_conv {
	struct conn_key key;
	int64_t stream;
	bool base_set[2];    /* [from_lo] */
	uint32_t base[2];    /* the first sequence number seen that way */
	UT_hash_handle hh;
};

struct follow_index {
	uint8_t l4;
	int64_t next;
	struct follow_conv *convs;
};

struct follow_index *
follow_index_new(uint8_t l4)
{
	struct follow_index *x = calloc(1, sizeof(*x));

	if (x)
		x->l4 = l4;
	return x;
}

void
follow_index_free(struct follow_index *x)
{
	struct follow_conv *c, *tmp;

	if (x == NULL)
		return;
	HASH_ITER(hh, x->convs, c, tmp) {
		HASH_DEL(x->convs, c);
		free(c);
	}
	free(x);
}

int64_t
follow_index_add(struct follow_index *x, int linktype, const uint8_t *frame,
		 size_t caplen, size_t len)
{
	struct decode_summary s;
	struct follow_conv *c;
	struct conn_key k;
	const uint8_t *h = NULL;
	bool from_lo;
	int w;

	decode_summary(linktype, frame, caplen, len, &s);
	if (s.l4 != x->l4 || s.l4_proto == PROTO_NONE ||
	    s.frag == DECODE_FRAG_LATER || s.payload_off > caplen)
		return -1;
	if (x->l4 == 6) {
		h = follow_tcp_header(&s, frame);
		if (h == NULL)
			return -1;
	}
	flowkey_make(&k, x->l4, &s.src, s.sport, &s.dst, s.dport, &from_lo);
	w = from_lo ? 1 : 0;
	HASH_FIND(hh, x->convs, &k, sizeof(k), c);
	/* A SYN with a new initial sequence number on ports in use starts
	 * a new stream (packet-tcp.c: the port reuse check). */
	if (c != NULL && h != NULL && (h[13] & (FOLLOW_SYN | FOLLOW_ACK)) ==
					      FOLLOW_SYN &&
	    c->base_set[w] && follow_be32(h + 4) != c->base[w]) {
		c->stream = x->next++;
		c->base_set[0] = c->base_set[1] = false;
	}
	if (c == NULL) {
		c = calloc(1, sizeof(*c));
		if (c == NULL)
			return -1;
		c->key = k;
		c->stream = x->next++;
		HASH_ADD(hh, x->convs, key, sizeof(c->key), c);
	}
	if (h != NULL && !c->base_set[w]) {
		c->base[w] = follow_be32(h + 4);
		c->base_set[w] = true;
	}
	return c->stream;
}

bool
follow_index_is_between(uint8_t l4, int linktype, const uint8_t *frame,
			size_t caplen, size_t len, const struct addr *a,
			uint16_t aport, const struct addr *b, uint16_t bport)
{
	struct decode_summary s;

	decode_summary(linktype, frame, caplen, len, &s);
	if (s.l4 != l4 || s.l4_proto == PROTO_NONE ||
	    s.frag == DECODE_FRAG_LATER)
		return false;
	return (addr_equal(&s.src, a) && s.sport == aport &&
		addr_equal(&s.dst, b) && s.dport == bport) ||
	       (addr_equal(&s.src, b) && s.sport == bport &&
		addr_equal(&s.dst, a) && s.dport == aport);
}

/* ---- from the store ---- */

#define FOLLOW_SELECT_CHUNK 4096

struct follow *
follow_stored(struct model *m, struct inspect *in,
	      const struct model_conn_row *conn, char *err, size_t errlen)
{
	struct inspect_scope sc = { .conn_id = conn->id };
	struct model_totals tot;
	struct model_packet hdr;
	struct follow *f;
	uint64_t *seqs = NULL, from, next, stored = 0, stored_bytes = 0;
	uint64_t all, all_bytes;
	uint8_t *frame = NULL;
	const size_t frame_max = 262144;

	f = follow_new(conn->l4, true);
	seqs = malloc(FOLLOW_SELECT_CHUNK * sizeof(*seqs));
	frame = malloc(frame_max);
	if (f == NULL || seqs == NULL || frame == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		follow_free(f);
		f = NULL;
		goto out;
	}
	model_get_totals(m, &tot);
	from = tot.ring_first_seq;
	while (from < tot.ring_next_seq && !f->capped) {
		size_t n = inspect_select(in, &sc, from, tot.ring_next_seq,
					  seqs, FOLLOW_SELECT_CHUNK, &next);

		for (size_t i = 0; i < n; i++) {
			/* one packet at a time, a brief hold each; the
			 * reassembly runs without the lock */
			if (model_packet_get(m, seqs[i], &hdr, frame,
					     frame_max) < 0)
				continue;
			stored++;
			stored_bytes += hdr.len;
			follow_add(f, hdr.linktype, hdr.ts_sec, hdr.ts_usec,
				   frame,
				   hdr.caplen < frame_max ? hdr.caplen
							  : frame_max,
				   hdr.len);
		}
		if (next <= from)
			break;
		from = next;
	}
	follow_finish(f);
	all = conn->a_to_b_packets + conn->b_to_a_packets;
	all_bytes = conn->a_to_b_bytes + conn->b_to_a_bytes;
	if (all > stored) {
		f->evicted_packets = all - stored;
		f->evicted_bytes = all_bytes > stored_bytes
					   ? all_bytes - stored_bytes
					   : 0;
	}
out:
	free(seqs);
	free(frame);
	return f;
}

/* ---- saving ---- */

int
follow_save_raw(const struct follow *f, unsigned dirs, const char *path,
		size_t *written, char *err, size_t errlen)
{
	size_t n = 0;
	FILE *out;
	int fd;

	*written = 0;
	/* never over a file that exists, as the pcap saves; the one way a
	 * file is made (through the privileged helper after the drop, in
	 * the directory of the name the user typed) */
	fd = outfile_open_named(path, OUTFILE_NEW, err, errlen);
	if (fd < 0)
		return -1;
	out = fdopen(fd, "wb");
	if (out == NULL) {
		snprintf(err, errlen, _("cannot create '%s': %s"), path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	for (size_t i = 0; i < f->nchunks; i++) {
		const struct follow_chunk *c = &f->chunks[i];

		if (c->kind != FOLLOW_DATA || !(dirs & (1u << c->dir)))
			continue;
		if (fwrite(f->data + c->data, 1, c->len, out) != c->len)
			break;
		n += c->len;
	}
	if (fclose(out) != 0 || n < f->bytes[0] * (dirs & 1) +
					    f->bytes[1] * ((dirs >> 1) & 1)) {
		snprintf(err, errlen, _("cannot write '%s': %s"), path,
			 strerror(errno));
		return -1;
	}
	*written = n;
	return 0;
}
