/*
 * tabhash: the hash pktop's uthash tables use in place of Jenkins. Keys are
 * small fixed-size structs (an address, a 5-tuple), so a multiply-xorshift
 * over 8-byte words is cheaper and spreads the low bits uthash indexes by.
 * Include this before <uthash.h>.
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

#define HASH_FUNCTION(keyptr, keylen, hashv) \
	((hashv) = tabhash_bytes((keyptr), (size_t)(keylen)))

/* A failed bucket expansion leaves the table working, only slower; a
 * failed first allocation is reported to the caller through this flag. */
#define HASH_NONFATAL_OOM 1

#endif
