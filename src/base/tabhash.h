/*
 * tabhash: the hash pktop's uthash tables use in place of Jenkins. Keys are
 * small fixed-size structs (an address, a 5-tuple), so a multiply-xorshift
 * over 8-byte words is cheaper and spreads the low bits uthash indexes by.
 * Include this instead of <uthash.h>: it has to come first.
 */
#ifndef PKTOP_TABHASH_H
#define PKTOP_TABHASH_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

static inline uint32_t
tabhash_bytes(const void *key, size_t len)
{
	const uint8_t *p = key;
	uint64_t h = 0x9e3779b97f4a7c15ull ^ len;
	uint64_t w;

	while (len >= 8) {
		memcpy(&w, p, 8);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
		h ^= h >> 31;
		p += 8;
		len -= 8;
	}
	if (len > 0) {
		w = 0;
		memcpy(&w, p, len);
		h = (h ^ w) * 0xff51afd7ed558ccdull;
	}
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ull;
	h ^= h >> 29;
	return (uint32_t)h;
}

/* Key equality for uthash (0: equal): keys are fixed-size structs, so
 * word compares the compiler unrolls beat a call to memcmp. */
static inline int
tabhash_keycmp(const void *a, const void *b, size_t len)
{
	const uint8_t *x = a, *y = b;
	uint64_t u, v, diff = 0;

	while (len >= 8) {
		memcpy(&u, x, 8);
		memcpy(&v, y, 8);
		diff |= u ^ v;
		x += 8;
		y += 8;
		len -= 8;
	}
	while (len > 0) {
		diff |= (uint64_t)(*x++ ^ *y++);
		len--;
	}
	return diff != 0;
}

#define HASH_KEYCMP(a, b, n) tabhash_keycmp((a), (b), (size_t)(n))

#define HASH_FUNCTION(keyptr, keylen, hashv) \
	((hashv) = tabhash_bytes((keyptr), (size_t)(keylen)))

/* A failed bucket expansion leaves the table working, only slower; a
 * failed first allocation is reported to the caller through this flag. */
#define HASH_NONFATAL_OOM 1

#include <uthash.h>

/* uthash only doubles its buckets when a chain reaches ten entries, so a
 * table settles near three entries per bucket, and every entry walked is a
 * cache miss on a big table. Keep it at most one per bucket instead (16
 * bytes of bucket per entry). Use after HASH_ADD; TBL is head->hh.tbl. */
#define tabhash_grow(tbl) \
	do { \
		int tabhash_oom_ = 0; \
		if ((tbl)->num_items > (tbl)->num_buckets && !(tbl)->noexpand) \
			HASH_EXPAND_BUCKETS(hh, (tbl), tabhash_oom_); \
		(void)tabhash_oom_; \
	} while (0)

/* Prefetch hints for a lookup to come, in the order the data is needed:
 * the bucket, then the first entry of its chain, then (once that is in
 * cache) the entry with the hash and the LRU neighbours a touch writes.
 * TBL may be NULL (empty table). Reads only; a stale hint costs nothing. */
static inline void
tabhash_prefetch_bucket(const UT_hash_table *tbl, uint32_t hv)
{
	if (tbl != NULL)
		__builtin_prefetch(&tbl->buckets[hv & (tbl->num_buckets - 1u)]);
}

static inline void
tabhash_prefetch_head(const UT_hash_table *tbl, uint32_t hv)
{
	const UT_hash_handle *h;

	if (tbl == NULL)
		return;
	h = tbl->buckets[hv & (tbl->num_buckets - 1u)].hh_head;
	if (h != NULL) {
		__builtin_prefetch(h);
		__builtin_prefetch((const char *)h + 64);
	}
}

/* The entry whose hash is HV (probably the one wanted), or NULL. */
static inline const void *
tabhash_peek(const UT_hash_table *tbl, uint32_t hv)
{
	const UT_hash_handle *h;

	if (tbl == NULL)
		return NULL;
	for (h = tbl->buckets[hv & (tbl->num_buckets - 1u)].hh_head; h != NULL;
	     h = h->hh_next)
		if (h->hashv == hv)
			return (const char *)h - tbl->hho;
	return NULL;
}

#endif
