/*
 * slab: chunked allocation of table entries; chunks are only returned to
 * the system by slab_destroy.
 */
#include "config.h"

#include "base/slab.h"

#include <stdlib.h>
#include <string.h>

void
slab_init(struct slab *s, size_t size, size_t per_chunk)
{
	memset(s, 0, sizeof(*s));
	/* round up so every object is pointer aligned */
	s->size = (size + sizeof(void *) - 1) & ~(sizeof(void *) - 1);
	s->per_chunk = per_chunk ? per_chunk : 1;
}

void
slab_destroy(struct slab *s)
{
	for (size_t i = 0; i < s->nchunks; i++)
		free(s->chunks[i]);
	free(s->chunks);
	slab_init(s, s->size, s->per_chunk);
}

void *
slab_alloc(struct slab *s)
{
	void *p;

	if (s->free_list != NULL) {
		p = s->free_list;
		memcpy(&s->free_list, p, sizeof(void *));
		return p;
	}
	if (s->nchunks == 0 || s->last_used == s->per_chunk) {
		void *chunk;

		if (s->nchunks == s->chunks_cap) {
			size_t cap = s->chunks_cap ? s->chunks_cap * 2 : 16;
			void **grown = realloc(s->chunks, cap * sizeof(*grown));

			if (grown == NULL)
				return NULL;
			s->chunks = grown;
			s->chunks_cap = cap;
		}
		chunk = malloc(s->size * s->per_chunk);
		if (chunk == NULL)
			return NULL;
		s->chunks[s->nchunks++] = chunk;
		s->last_used = 0;
	}
	p = (char *)s->chunks[s->nchunks - 1] + s->size * s->last_used;
	s->last_used++;
	return p;
}

void
slab_release(struct slab *s, void *p)
{
	memcpy(p, &s->free_list, sizeof(void *));
	s->free_list = p;
}

size_t
slab_bytes(const struct slab *s)
{
	return s->nchunks * s->size * s->per_chunk +
	       s->chunks_cap * sizeof(void *);
}
