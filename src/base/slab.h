/*
 * slab: fixed-size table entries carved from chunks, with a free list, so
 * a new host or connection costs no malloc once the table has reached its
 * working size, and a reader can walk every entry in memory order.
 */
#ifndef PKTOP_SLAB_H
#define PKTOP_SLAB_H

#include <stddef.h>

struct slab {
	size_t size;      /* bytes per object, at least a pointer */
	size_t per_chunk; /* objects per chunk */
	void **chunks;
	size_t nchunks, chunks_cap;
	size_t last_used; /* objects handed out of the last chunk */
	void *free_list;  /* released objects, linked through their first bytes */
};

void slab_init(struct slab *s, size_t size, size_t per_chunk);
/* Every object goes back to the system. */
void slab_destroy(struct slab *s);
/* NULL when out of memory. The object's contents are undefined. */
void *slab_alloc(struct slab *s);
/* P's first pointer-sized bytes are overwritten (the free link). */
void slab_release(struct slab *s, void *p);
size_t slab_bytes(const struct slab *s);

/* Objects ever carved from chunk I (released ones included: the owner
 * marks them). */
static inline size_t
slab_chunk_count(const struct slab *s, size_t i)
{
	return i + 1 == s->nchunks ? s->last_used : s->per_chunk;
}

#endif
