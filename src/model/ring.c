/*
 * ring: a byte-bounded FIFO of variable-size records in one arena. A
 * record never wraps: when it does not fit before the end, writing starts
 * again at offset 0 and the tail of the arena is left unused until the
 * oldest records have moved past it.
 */
#include "config.h"

#include "model/ring.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define RING_ALIGN 8u
#define RING_INDEX_START 4096u
#define RING_HUGE_PAGE (2u << 20)

_Static_assert(sizeof(struct ring_rec) == 48, "ring record header is 48 bytes");

static size_t
ring_rec_size(uint32_t caplen)
{
	return (sizeof(struct ring_rec) + caplen + RING_ALIGN - 1) &
	       ~(size_t)(RING_ALIGN - 1);
}

/* The arena is written front to back on the first lap: with 4 KiB pages
 * that is a page fault every few packets, a tenth of a file's reading
 * time in a virtual machine. Transparent huge pages, where the kernel
 * gives them on request, cut the faults 512-fold. */
static uint8_t *
ring_arena_alloc(size_t size)
{
	void *p = NULL;

	if (size < RING_HUGE_PAGE || posix_memalign(&p, RING_HUGE_PAGE, size) != 0)
		return malloc(size);
#ifdef MADV_HUGEPAGE
	(void)madvise(p, size & ~(size_t)(RING_HUGE_PAGE - 1), MADV_HUGEPAGE);
#endif
	return p;
}

int
ring_init(struct ring *r, size_t size)
{
	size_t max = 1;

	memset(r, 0, sizeof(*r));
	if (size < RING_MIN_BYTES)
		size = RING_MIN_BYTES;
	if (size > UINT32_MAX) /* offsets are 32-bit */
		size = UINT32_MAX;
	size &= ~(size_t)(RING_ALIGN - 1);
	/* the most records that can be live: all of minimum size */
	while (max < size / sizeof(struct ring_rec))
		max <<= 1;
	r->index_max = max;
	r->index_cap = max < RING_INDEX_START ? max : RING_INDEX_START;
	r->arena = ring_arena_alloc(size);
	r->index = malloc(r->index_cap * sizeof(*r->index));
	if (r->arena == NULL || r->index == NULL) {
		free(r->arena);
		free(r->index);
		memset(r, 0, sizeof(*r));
		return -1;
	}
	r->size = size;
	r->first_seq = r->next_seq = 1;
	return 0;
}

void
ring_clear(struct ring *r)
{
	r->tail = 0;
	r->first_seq = r->next_seq = 1;
	r->evicted = 0;
}

void
ring_destroy(struct ring *r)
{
	free(r->arena);
	free(r->index);
	memset(r, 0, sizeof(*r));
}

static size_t
ring_offset(const struct ring *r, uint64_t seq)
{
	return r->index[seq & (r->index_cap - 1)];
}

/* Only the index is read: the record itself is a lap behind the tail and
 * long out of cache. */
static void
ring_evict_oldest(struct ring *r)
{
	r->first_seq++;
	r->evicted++;
}

/* Whether NEED bytes fit at the tail now, moving the tail to 0 when the
 * space left before the end is too short. */
static bool
ring_fits(struct ring *r, size_t need)
{
	size_t head;

	if (r->first_seq == r->next_seq) {
		r->tail = 0;
		return need <= r->size;
	}
	head = ring_offset(r, r->first_seq);
	if (r->tail > head) { /* live bytes are [head, tail) */
		if (r->tail + need <= r->size)
			return true;
		r->tail = 0;
	}
	/* wrapped: live bytes are [head, end) and [0, tail) */
	return r->tail + need <= head;
}

static int
ring_index_grow(struct ring *r)
{
	size_t cap = r->index_cap * 2;
	uint32_t *idx;

	if (cap > r->index_max)
		return -1;
	idx = malloc(cap * sizeof(*idx));
	if (idx == NULL)
		return -1;
	for (uint64_t s = r->first_seq; s < r->next_seq; s++)
		idx[s & (cap - 1)] = r->index[s & (r->index_cap - 1)];
	free(r->index);
	r->index = idx;
	r->index_cap = cap;
	return 0;
}

/* The arena is written once per lap, so every store misses the cache;
 * ask for the lines a few packets ahead of the tail, as many as this
 * packet took, so the misses overlap with the work in between. */
#define RING_PREFETCH_AHEAD 2048u

static void
ring_prefetch(const struct ring *r, size_t need)
{
	size_t from = r->tail + RING_PREFETCH_AHEAD, end = from + need;

	if (end > r->size)
		end = r->size;
	for (; from < end; from += 64)
		__builtin_prefetch(r->arena + from, 1);
}

uint64_t
ring_put(struct ring *r, const struct ring_rec *h, const uint8_t *data)
{
	struct ring_rec rec = *h;
	uint32_t caplen = h->caplen;
	size_t need;
	uint64_t seq;

	if (caplen > r->size - sizeof(rec))
		caplen = (uint32_t)(r->size - sizeof(rec));
	need = ring_rec_size(caplen);
	while (!ring_fits(r, need))
		ring_evict_oldest(r);
	if (r->next_seq - r->first_seq >= r->index_cap &&
	    ring_index_grow(r) < 0) {
		/* cannot happen while index_max covers the arena; keep the
		 * store consistent all the same */
		r->evicted++;
		return 0;
	}
	seq = r->next_seq++;
	rec.seq = seq;
	rec.caplen = caplen;
	memcpy(r->arena + r->tail, &rec, sizeof(rec));
	if (caplen > 0)
		memcpy(r->arena + r->tail + sizeof(rec), data, caplen);
	r->index[seq & (r->index_cap - 1)] = (uint32_t)r->tail;
	r->tail += need;
	ring_prefetch(r, need);
	return seq;
}

const struct ring_rec *
ring_get(const struct ring *r, uint64_t seq)
{
	if (seq < r->first_seq || seq >= r->next_seq)
		return NULL;
	return (const void *)(r->arena + ring_offset(r, seq));
}

size_t
ring_used(const struct ring *r)
{
	size_t head;

	if (r->first_seq == r->next_seq)
		return 0;
	head = ring_offset(r, r->first_seq);
	if (r->tail > head)
		return r->tail - head;
	return r->size - head + r->tail;
}

size_t
ring_bytes(const struct ring *r)
{
	return r->size + r->index_cap * sizeof(*r->index);
}
