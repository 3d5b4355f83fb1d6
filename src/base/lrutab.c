/*
 * lrutab: insertion, eviction and removal for the bounded-table core
 * (lrutab.h); lookups are inline in the header.
 */
#include "config.h"

#include "base/lrutab.h"

#include <string.h>

/* Entries per slab chunk once the table is big. */
#define LRUTAB_CHUNK 1024

void
lrutab_init(struct lrutab *t, size_t entry_size, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max ? max : 1;
	lru_init(&t->lru);
	/* a small limit needs no 1024-entry chunk */
	slab_init(&t->slab, entry_size,
		  t->max < LRUTAB_CHUNK ? t->max : LRUTAB_CHUNK);
}

void
lrutab_destroy(struct lrutab *t)
{
	HASH_CLEAR(hh, t->hash);
	slab_destroy(&t->slab);
	lru_init(&t->lru);
	t->count = 0;
}

void
lrutab_remove(struct lrutab *t, struct lrutab_node *n,
	      lrutab_release_fn *release)
{
	HASH_DELETE(hh, t->hash, n);
	lru_unlink(&n->lru);
	if (release != NULL)
		release(t, n);
	slab_release(&t->slab, n);
	t->count--;
}

struct lrutab_node *
lrutab_insert(struct lrutab *t, const void *key, size_t key_off,
	      size_t key_len, uint32_t hv, lrutab_release_fn *release)
{
	struct lrutab_node *n;
	int oom = 0;

	if (t->count >= t->max) {
		struct lru_link *old = lru_oldest(&t->lru);

		if (old != NULL) {
			lrutab_remove(t,
				      LRU_ENTRY(old, struct lrutab_node, lru),
				      release);
			t->evicted++;
		}
	}
	n = slab_alloc(&t->slab);
	if (n == NULL)
		return NULL;
	memset(n, 0, t->slab.size);
	memcpy((char *)n + key_off, key, key_len);
#undef uthash_nonfatal_oom
#define uthash_nonfatal_oom(obj) (oom = 1)
	HASH_ADD_KEYPTR_BYHASHVALUE(hh, t->hash, (char *)n + key_off, key_len,
				    hv, n);
#undef uthash_nonfatal_oom
	if (oom) {
		slab_release(&t->slab, n);
		return NULL;
	}
	tabhash_grow(t->hash->hh.tbl);
	lru_push(&t->lru, &n->lru);
	t->count++;
	return n;
}

size_t
lrutab_bytes(const struct lrutab *t)
{
	size_t n = slab_bytes(&t->slab);

	if (t->hash != NULL)
		n += sizeof(UT_hash_table) +
		     t->hash->hh.tbl->num_buckets * sizeof(UT_hash_bucket);
	return n;
}
