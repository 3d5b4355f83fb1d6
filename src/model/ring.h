/*
 * ring: the packet store. Raw packets in one arena preallocated at start,
 * bounded in bytes; each record is a small header and the captured bytes,
 * the oldest records are overwritten first. Sequence numbers start at 1
 * and never repeat; an index from sequence number to arena offset makes
 * a lookup O(1). Not locked: the model lock guards it.
 */
#ifndef PKTOP_RING_H
#define PKTOP_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What the capture already knew about the packet is kept with it, so a
 * question about stored packets compares numbers and does not decode:
 * the connection it was counted in and the headers its summary found. */
struct ring_rec {
	uint64_t seq;
	int64_t ts_sec;    /* 64-bit: captures from after 2106 exist */
	uint32_t ts_usec;
	uint32_t caplen;   /* bytes stored after this header */
	uint32_t len;      /* bytes on the wire */
	int32_t linktype;
	uint64_t conn_id;  /* conn_entry id, never reused; 0 for none */
	uint64_t layers;   /* decode_summary layers: 1 << PROTO_x per header */
};

struct ring {
	uint8_t *arena;
	size_t size;       /* arena bytes */
	size_t tail;       /* where the next record goes */
	uint32_t *index;   /* arena offset of seq, at seq & (index_cap - 1) */
	size_t index_cap, index_max;
	uint64_t first_seq, next_seq; /* live: [first_seq, next_seq) */
	uint64_t evicted;
};

/* 0 on success; -1 when the arena cannot be allocated. SIZE is clamped to
 * at least RING_MIN_BYTES. */
#define RING_MIN_BYTES 4096u
int ring_init(struct ring *r, size_t size);
void ring_destroy(struct ring *r);
/* Forget every record: the next one is seq 1 again. */
void ring_clear(struct ring *r);

/* Store a packet: the header H (its seq is set here) and the first
 * H->caplen bytes of DATA (fewer if the arena is smaller than the
 * packet), evicting the oldest as needed. Returns its sequence number,
 * or 0 if the index could not grow (the packet is then counted as
 * evicted at once). */
uint64_t ring_put(struct ring *r, const struct ring_rec *h,
		  const uint8_t *data);
/* A packet numbered as ring_put would number it but not kept: for a
 * store nobody reads back (--batch). The store stays empty. */
static inline uint64_t
ring_skip(struct ring *r)
{
	uint64_t seq = r->next_seq++;

	r->first_seq = r->next_seq;
	return seq;
}

/* The record of SEQ, or NULL when evicted or not yet stored. Its bytes
 * follow the header. */
const struct ring_rec *ring_get(const struct ring *r, uint64_t seq);

static inline const uint8_t *
ring_rec_data(const struct ring_rec *rec)
{
	return (const uint8_t *)(rec + 1);
}

/* Bytes from the oldest record to the tail, with any unused end of the
 * arena in between. */
size_t ring_used(const struct ring *r);
/* Bytes allocated: arena and index. */
size_t ring_bytes(const struct ring *r);

#endif
