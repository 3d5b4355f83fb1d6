/*
 * conntab: the connection table: uthash on the 40-byte canonical key,
 * entries from a slab, an LRU list for eviction, server names allocated
 * once per named connection (entries stay small: most have no name).
 */
#include "config.h"

#include "model/conntab.h"

#include <stdlib.h>
#include <string.h>

#include "decode/appid.h"

/* Under 300 bytes per connection including the hash handle
 * (doc/architecture.md): a build error if it grows. */
_Static_assert(sizeof(struct conn_entry) <= 232, "connection entry grew past 232 bytes");

#define CONNTAB_CHUNK 1024

void
conntab_init(struct conntab *t, size_t max)
{
	memset(t, 0, sizeof(*t));
	t->max = max ? max : 1;
	t->next_id = 1;
	lru_init(&t->lru);
	/* a small limit needs no 1024-entry chunk */
	slab_init(&t->slab, sizeof(struct conn_entry),
		  t->max < CONNTAB_CHUNK ? t->max : CONNTAB_CHUNK);
}

void
conntab_destroy(struct conntab *t)
{
	struct conn_entry *c, *tmp;

	HASH_ITER(hh, t->hash, c, tmp) {
		free(c->name);
	}
	HASH_CLEAR(hh, t->hash);
	slab_destroy(&t->slab);
	lru_init(&t->lru);
	t->count = 0;
	t->name_bytes = 0;
}

void
conntab_clear(struct conntab *t)
{
	uint64_t next_id = t->next_id;
	size_t max = t->max;

	conntab_destroy(t);
	conntab_init(t, max);
	t->next_id = next_id;
}

static void
conntab_remove(struct conntab *t, struct conn_entry *c)
{
	HASH_DELETE(hh, t->hash, c);
	lru_unlink(&c->lru);
	if (c->name != NULL) {
		t->name_bytes -= (size_t)c->name_len + 1;
		free(c->name);
	}
	c->live = 0;
	slab_release(&t->slab, c);
	t->count--;
}

struct conn_entry *
conntab_get(struct conntab *t, const struct conn_key *k, double ts,
	    bool *created)
{
	return conntab_get_hashed(t, k, conntab_hash(k), ts, created);
}

struct conn_entry *
conntab_get_hashed(struct conntab *t, const struct conn_key *k, uint32_t hv,
		   double ts, bool *created)
{
	struct conn_entry *c;
	int oom = 0;

	*created = false;
	HASH_FIND_BYHASHVALUE(hh, t->hash, k, sizeof(*k), hv, c);
	if (c != NULL) {
		lru_touch(&t->lru, &c->lru);
		return c;
	}
	if (t->count >= t->max) {
		struct lru_link *old = lru_oldest(&t->lru);

		if (old != NULL) {
			conntab_remove(t, LRU_ENTRY(old, struct conn_entry, lru));
			t->evicted++;
		}
	}
	c = slab_alloc(&t->slab);
	if (c == NULL)
		return NULL;
	memset(c, 0, sizeof(*c));
	c->key = *k;
	c->first_ts = c->last_ts = ts;
	c->live = 1;
#undef uthash_nonfatal_oom
#define uthash_nonfatal_oom(obj) (oom = 1)
	HASH_ADD_BYHASHVALUE(hh, t->hash, key, sizeof(c->key), hv, c);
#undef uthash_nonfatal_oom
	if (oom) {
		c->live = 0;
		slab_release(&t->slab, c);
		return NULL;
	}
	c->id = t->next_id++;
	tabhash_grow(t->hash->hh.tbl);
	lru_push(&t->lru, &c->lru);
	t->count++;
	*created = true;
	return c;
}

struct conn_entry *
conntab_find(struct conntab *t, const struct conn_key *k, uint32_t hv)
{
	struct conn_entry *c;

	HASH_FIND_BYHASHVALUE(hh, t->hash, k, sizeof(*k), hv, c);
	return c;
}

void
conntab_set_name(struct conntab *t, struct conn_entry *c, const char *name,
		 size_t len)
{
	if (c->name != NULL || len == 0)
		return;
	if (len > APPID_NAME_MAX - 1)
		len = APPID_NAME_MAX - 1;
	c->name = malloc(len + 1);
	if (c->name == NULL)
		return;
	memcpy(c->name, name, len);
	c->name[len] = '\0';
	c->name_len = (uint16_t)len;
	t->name_bytes += len + 1;
}

size_t
conntab_bytes(const struct conntab *t)
{
	size_t n = slab_bytes(&t->slab) + t->name_bytes;

	if (t->hash != NULL)
		n += sizeof(UT_hash_table) +
		     t->hash->hh.tbl->num_buckets * sizeof(UT_hash_bucket);
	return n;
}
