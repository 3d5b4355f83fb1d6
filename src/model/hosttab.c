/*
 * hosttab: per-address counters in a uthash table keyed by the 17-byte
 * struct addr (memcmp-able by construction), entries from a slab, kept on
 * an LRU list for O(1) eviction at the limit.
 */
#include "config.h"

#include "model/hosttab.h"

#include <string.h>

/* The memory budget (doc/architecture.md): keep an eye on it. */
_Static_assert(sizeof(struct host_entry) <= 192, "host entry grew past 192 bytes");

#define HOSTTAB_CHUNK 1024

void
hosttab_init(struct hosttab *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max ? max : 1;
	lru_init(&t->lru);
	/* a small limit needs no 1024-entry chunk */
	slab_init(&t->slab, sizeof(struct host_entry),
		  t->max < HOSTTAB_CHUNK ? t->max : HOSTTAB_CHUNK);
}

void
hosttab_destroy(struct hosttab *t)
{
	HASH_CLEAR(hh, t->hash);
	slab_destroy(&t->slab);
	lru_init(&t->lru);
	t->count = 0;
}

void
hosttab_clear(struct hosttab *t)
{
	size_t max = t->max;

	hosttab_destroy(t);
	hosttab_init(t, max);
}

static void
hosttab_remove(struct hosttab *t, struct host_entry *h)
{
	HASH_DELETE(hh, t->hash, h);
	lru_unlink(&h->lru);
	h->live = 0;
	slab_release(&t->slab, h);
	t->count--;
}

struct host_entry *
hosttab_get(struct hosttab *t, const struct addr *a, double ts, bool *created)
{
	return hosttab_get_hashed(t, a, hosttab_hash(a), ts, created);
}

struct host_entry *
hosttab_get_hashed(struct hosttab *t, const struct addr *a, uint32_t hv,
		   double ts, bool *created)
{
	struct host_entry *h;
	int oom = 0;

	*created = false;
	HASH_FIND_BYHASHVALUE(hh, t->hash, a, sizeof(*a), hv, h);
	if (h != NULL) {
		lru_touch(&t->lru, &h->lru);
		return h;
	}
	if (t->count >= t->max) {
		struct lru_link *old = lru_oldest(&t->lru);

		if (old != NULL) {
			hosttab_remove(t, LRU_ENTRY(old, struct host_entry, lru));
			t->evicted++;
		}
	}
	h = slab_alloc(&t->slab);
	if (h == NULL)
		return NULL;
	memset(h, 0, sizeof(*h));
	h->addr = *a;
	h->first_ts = h->last_ts = ts;
	h->live = 1;
#undef uthash_nonfatal_oom
#define uthash_nonfatal_oom(obj) (oom = 1)
	HASH_ADD_BYHASHVALUE(hh, t->hash, addr, sizeof(h->addr), hv, h);
#undef uthash_nonfatal_oom
	if (oom) {
		h->live = 0;
		slab_release(&t->slab, h);
		return NULL;
	}
	tabhash_grow(t->hash->hh.tbl);
	lru_push(&t->lru, &h->lru);
	t->count++;
	*created = true;
	return h;
}

size_t
hosttab_bytes(const struct hosttab *t)
{
	size_t n = slab_bytes(&t->slab);

	if (t->hash != NULL)
		n += sizeof(UT_hash_table) +
		     t->hash->hh.tbl->num_buckets * sizeof(UT_hash_bucket);
	return n;
}
