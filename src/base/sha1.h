/*
 * sha1: FIPS 180-4 SHA-1, for the Community ID flow hash (not for
 * security: SHA-1 is broken for that).
 */
#ifndef PKTOP_SHA1_H
#define PKTOP_SHA1_H

#include <stddef.h>
#include <stdint.h>

#define SHA1_LEN 20

struct sha1 {
	uint32_t h[5];
	uint64_t bytes;
	uint8_t block[64];
	size_t used;
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *data, size_t len);
void sha1_final(struct sha1 *s, uint8_t out[SHA1_LEN]);

#endif
