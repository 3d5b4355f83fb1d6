/*
 * quic_crypto: SHA-256, HKDF-Expand-Label and AES-128, just enough to
 * remove QUIC Initial protection (RFC 9001 section 5). Internal to the
 * QUIC parser.
 */
#ifndef PKTOP_PROTO_QUIC_CRYPTO_H
#define PKTOP_PROTO_QUIC_CRYPTO_H

#include <stddef.h>
#include <stdint.h>

#define QUIC_SHA256_LEN 32

struct quic_sha256 {
	uint32_t state[8];
	uint64_t total;
	uint8_t buf[64];
	size_t used;
};

void quic_sha256_init(struct quic_sha256 *h);
void quic_sha256_update(struct quic_sha256 *h, const uint8_t *p, size_t n);
void quic_sha256_final(struct quic_sha256 *h, uint8_t out[QUIC_SHA256_LEN]);

/* RFC 5869 section 2.2. */
void quic_hkdf_extract(const uint8_t *salt, size_t salt_len,
		       const uint8_t *ikm, size_t ikm_len,
		       uint8_t prk[QUIC_SHA256_LEN]);

/* RFC 8446 section 7.1, with an empty context. */
void quic_hkdf_expand_label(const uint8_t secret[QUIC_SHA256_LEN],
			    const char *label, uint8_t *out, size_t out_len);

struct quic_aes128 {
	uint8_t rk[176]; /* 11 round keys */
};

void quic_aes128_init(struct quic_aes128 *a, const uint8_t key[16]);
void quic_aes128_encrypt(const struct quic_aes128 *a, const uint8_t in[16],
			 uint8_t out[16]);

#endif
