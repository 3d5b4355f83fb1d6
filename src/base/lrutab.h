/*
 * lrutab: the bounded-table core hosttab and conntab share: entries from a
 * slab, found through uthash by a fixed-size key inside the entry, kept on
 * an LRU list so that at the limit the least recently seen one goes (and
 * the eviction is counted). Not locked: the owner's lock guards it.
 */
#ifndef PKTOP_LRUTAB_H
#define PKTOP_LRUTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/tabhash.h"

#include "base/lru.h"
#include "base/slab.h"

/* The first member of every entry. */
struct lrutab_node {
	UT_hash_handle hh;
	struct lru_link lru;
};

/* The table's fields, also spelled out (LRUTAB_FIELDS) in an anonymous
 * member of a table built on the core, so its readers keep writing
 * t->count and t->slab. */
#define LRUTAB_FIELDS                                                       \
	struct lrutab_node *hash; /* uthash head */                         \
	struct lru_link lru;      /* head.next newest, head.prev oldest */  \
	struct slab slab;                                                   \
	size_t max, count;                                                  \
	uint64_t evicted;         /* entries let go at the limit */

struct lrutab {
	LRUTAB_FIELDS
};

/* Called on an entry about to go back to the slab (evicted or removed):
 * mark it dead, free what it owns. */
typedef void lrutab_release_fn(struct lrutab *t, struct lrutab_node *n);

/* Entries of ENTRY_SIZE bytes (a struct lrutab_node first), MAX of them
 * at most (0 counts as 1). */
void lrutab_init(struct lrutab *t, size_t entry_size, size_t max);
/* Every entry back to the system (RELEASE is not called). */
void lrutab_destroy(struct lrutab *t);
void lrutab_remove(struct lrutab *t, struct lrutab_node *n,
		   lrutab_release_fn *release);

/* A new entry, zeroed, its KEY_LEN-byte key copied to KEY_OFF and hashed
 * as HV; the least recently seen one is evicted first at the limit. It is
 * the most recent. NULL only when out of memory. */
struct lrutab_node *lrutab_insert(struct lrutab *t, const void *key,
				  size_t key_off, size_t key_len, uint32_t hv,
				  lrutab_release_fn *release);

/* Bytes held: entries, hash buckets (not what entries own). */
size_t lrutab_bytes(const struct lrutab *t);

/* The entry for KEY (hashed HV), or NULL; its recency is not changed.
 * Inline so that KEY_LEN is a constant and the key compare unrolls. */
static inline struct lrutab_node *
lrutab_find(struct lrutab *t, const void *key, size_t key_len, uint32_t hv)
{
	struct lrutab_node *n;

	HASH_FIND_BYHASHVALUE(hh, t->hash, key, key_len, hv, n);
	return n;
}

/* The entry for KEY made the most recent, inserted if new (*CREATED). */
static inline struct lrutab_node *
lrutab_get(struct lrutab *t, const void *key, size_t key_off, size_t key_len,
	   uint32_t hv, lrutab_release_fn *release, bool *created)
{
	struct lrutab_node *n = lrutab_find(t, key, key_len, hv);

	*created = false;
	if (n != NULL) {
		lru_touch(&t->lru, &n->lru);
		return n;
	}
	n = lrutab_insert(t, key, key_off, key_len, hv, release);
	*created = n != NULL;
	return n;
}

static inline const UT_hash_table *
lrutab_tbl(const struct lrutab *t)
{
	return t->hash != NULL ? t->hash->hh.tbl : NULL;
}

#endif
