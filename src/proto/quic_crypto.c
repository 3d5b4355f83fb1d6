/*
 * quic_crypto: the primitives QUIC Initial protection needs (RFC 9001
 * section 5): SHA-256 (FIPS 180-4), HMAC (RFC 2104), HKDF (RFC 5869)
 * with TLS 1.3's HKDF-Expand-Label (RFC 8446 section 7.1), and the AES-128
 * block cipher (FIPS 197) for AES-GCM's counter mode and header
 * protection. Initial keys are public (derived from the connection ID),
 * so nothing here guards a secret; it only lets pktop read the
 * ClientHello as tshark does. No allocation; constant tables only.
 */
#include "config.h"

#include "proto/quic_crypto.h"

#include <string.h>

/* FIPS 197 section 5.1.1, computed from the field inverse and the affine
 * map. */
static const uint8_t quic_aes_sbox[256] = {
	0x63, 0x7c, 0x77, 0x7b, 0xf2, 0x6b, 0x6f, 0xc5, 0x30, 0x01, 0x67, 0x2b,
	0xfe, 0xd7, 0xab, 0x76, 0xca, 0x82, 0xc9, 0x7d, 0xfa, 0x59, 0x47, 0xf0,
	0xad, 0xd4, 0xa2, 0xaf, 0x9c, 0xa4, 0x72, 0xc0, 0xb7, 0xfd, 0x93, 0x26,
	0x36, 0x3f, 0xf7, 0xcc, 0x34, 0xa5, 0xe5, 0xf1, 0x71, 0xd8, 0x31, 0x15,
	0x04, 0xc7, 0x23, 0xc3, 0x18, 0x96, 0x05, 0x9a, 0x07, 0x12, 0x80, 0xe2,
	0xeb, 0x27, 0xb2, 0x75, 0x09, 0x83, 0x2c, 0x1a, 0x1b, 0x6e, 0x5a, 0xa0,
	0x52, 0x3b, 0xd6, 0xb3, 0x29, 0xe3, 0x2f, 0x84, 0x53, 0xd1, 0x00, 0xed,
	0x20, 0xfc, 0xb1, 0x5b, 0x6a, 0xcb, 0xbe, 0x39, 0x4a, 0x4c, 0x58, 0xcf,
	0xd0, 0xef, 0xaa, 0xfb, 0x43, 0x4d, 0x33, 0x85, 0x45, 0xf9, 0x02, 0x7f,
	0x50, 0x3c, 0x9f, 0xa8, 0x51, 0xa3, 0x40, 0x8f, 0x92, 0x9d, 0x38, 0xf5,
	0xbc, 0xb6, 0xda, 0x21, 0x10, 0xff, 0xf3, 0xd2, 0xcd, 0x0c, 0x13, 0xec,
	0x5f, 0x97, 0x44, 0x17, 0xc4, 0xa7, 0x7e, 0x3d, 0x64, 0x5d, 0x19, 0x73,
	0x60, 0x81, 0x4f, 0xdc, 0x22, 0x2a, 0x90, 0x88, 0x46, 0xee, 0xb8, 0x14,
	0xde, 0x5e, 0x0b, 0xdb, 0xe0, 0x32, 0x3a, 0x0a, 0x49, 0x06, 0x24, 0x5c,
	0xc2, 0xd3, 0xac, 0x62, 0x91, 0x95, 0xe4, 0x79, 0xe7, 0xc8, 0x37, 0x6d,
	0x8d, 0xd5, 0x4e, 0xa9, 0x6c, 0x56, 0xf4, 0xea, 0x65, 0x7a, 0xae, 0x08,
	0xba, 0x78, 0x25, 0x2e, 0x1c, 0xa6, 0xb4, 0xc6, 0xe8, 0xdd, 0x74, 0x1f,
	0x4b, 0xbd, 0x8b, 0x8a, 0x70, 0x3e, 0xb5, 0x66, 0x48, 0x03, 0xf6, 0x0e,
	0x61, 0x35, 0x57, 0xb9, 0x86, 0xc1, 0x1d, 0x9e, 0xe1, 0xf8, 0x98, 0x11,
	0x69, 0xd9, 0x8e, 0x94, 0x9b, 0x1e, 0x87, 0xe9, 0xce, 0x55, 0x28, 0xdf,
	0x8c, 0xa1, 0x89, 0x0d, 0xbf, 0xe6, 0x42, 0x68, 0x41, 0x99, 0x2d, 0x0f,
	0xb0, 0x54, 0xbb, 0x16,
};

/* FIPS 180-4 section 4.2.2: cube roots of the first 64 primes. */
static const uint32_t quic_sha256_k[64] = {
	0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u,
	0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
	0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u,
	0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
	0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
	0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
	0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u,
	0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
	0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u,
	0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
	0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u,
	0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
	0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u,
	0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
	0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
	0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

static uint32_t
quic_ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

static void
quic_sha256_block(struct quic_sha256 *h, const uint8_t *p)
{
	uint32_t w[64], v[8], t1, t2;
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (i = 16; i < 64; i++) {
		uint32_t s0 = quic_ror(w[i - 15], 7) ^ quic_ror(w[i - 15], 18) ^
			      w[i - 15] >> 3;
		uint32_t s1 = quic_ror(w[i - 2], 17) ^ quic_ror(w[i - 2], 19) ^
			      w[i - 2] >> 10;

		w[i] = w[i - 16] + s0 + w[i - 7] + s1;
	}
	memcpy(v, h->state, sizeof(v));
	for (i = 0; i < 64; i++) {
		t1 = v[7] +
		     (quic_ror(v[4], 6) ^ quic_ror(v[4], 11) ^
		      quic_ror(v[4], 25)) +
		     ((v[4] & v[5]) ^ (~v[4] & v[6])) + quic_sha256_k[i] + w[i];
		t2 = (quic_ror(v[0], 2) ^ quic_ror(v[0], 13) ^
		      quic_ror(v[0], 22)) +
		     ((v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]));
		memmove(v + 1, v, 7 * sizeof(v[0]));
		v[4] += t1;
		v[0] = t1 + t2;
	}
	for (i = 0; i < 8; i++)
		h->state[i] += v[i];
}

void
quic_sha256_init(struct quic_sha256 *h)
{
	/* FIPS 180-4 section 5.3.3: square roots of the first 8 primes */
	static const uint32_t iv[8] = {
		0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
		0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
	};

	memcpy(h->state, iv, sizeof(iv));
	h->total = 0;
	h->used = 0;
}

void
quic_sha256_update(struct quic_sha256 *h, const uint8_t *p, size_t n)
{
	h->total += n;
	while (n > 0) {
		size_t k = sizeof(h->buf) - h->used;

		if (k > n)
			k = n;
		memcpy(h->buf + h->used, p, k);
		h->used += k;
		p += k;
		n -= k;
		if (h->used == sizeof(h->buf)) {
			quic_sha256_block(h, h->buf);
			h->used = 0;
		}
	}
}

void
quic_sha256_final(struct quic_sha256 *h, uint8_t out[QUIC_SHA256_LEN])
{
	uint64_t bits = h->total * 8;
	uint8_t pad = 0x80, len[8];
	unsigned i;

	quic_sha256_update(h, &pad, 1);
	pad = 0;
	while (h->used != 56)
		quic_sha256_update(h, &pad, 1);
	for (i = 0; i < 8; i++)
		len[i] = (uint8_t)(bits >> (56 - 8 * i));
	quic_sha256_update(h, len, 8);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(h->state[i] >> 24);
		out[4 * i + 1] = (uint8_t)(h->state[i] >> 16);
		out[4 * i + 2] = (uint8_t)(h->state[i] >> 8);
		out[4 * i + 3] = (uint8_t)h->state[i];
	}
}

/* HMAC-SHA-256 over the concatenation of two parts (RFC 2104). */
static void
quic_hmac(const uint8_t *key, size_t key_len, const uint8_t *a, size_t an,
	  const uint8_t *b, size_t bn, uint8_t out[QUIC_SHA256_LEN])
{
	uint8_t k[64], pad[64], inner[QUIC_SHA256_LEN];
	struct quic_sha256 h;
	unsigned i;

	memset(k, 0, sizeof(k));
	if (key_len > sizeof(k)) {
		quic_sha256_init(&h);
		quic_sha256_update(&h, key, key_len);
		quic_sha256_final(&h, k);
	} else {
		memcpy(k, key, key_len);
	}
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	quic_sha256_init(&h);
	quic_sha256_update(&h, pad, 64);
	quic_sha256_update(&h, a, an);
	quic_sha256_update(&h, b, bn);
	quic_sha256_final(&h, inner);
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	quic_sha256_init(&h);
	quic_sha256_update(&h, pad, 64);
	quic_sha256_update(&h, inner, sizeof(inner));
	quic_sha256_final(&h, out);
}

void
quic_hkdf_extract(const uint8_t *salt, size_t salt_len, const uint8_t *ikm,
		  size_t ikm_len, uint8_t prk[QUIC_SHA256_LEN])
{
	quic_hmac(salt, salt_len, ikm, ikm_len, NULL, 0, prk);
}

void
quic_hkdf_expand_label(const uint8_t secret[QUIC_SHA256_LEN],
		       const char *label, uint8_t *out, size_t out_len)
{
	uint8_t info[2 + 1 + 255 + 1 + 1], t[QUIC_SHA256_LEN], ctr;
	size_t k = 0, n = strlen(label), done = 0, tn = 0;

	if (n > 255 - 6)
		n = 255 - 6;
	/* HkdfLabel: length, "tls13 " + label, empty context */
	info[k++] = (uint8_t)(out_len >> 8);
	info[k++] = (uint8_t)out_len;
	info[k++] = (uint8_t)(6 + n);
	memcpy(info + k, "tls13 ", 6);
	k += 6;
	memcpy(info + k, label, n);
	k += n;
	info[k++] = 0;
	/* HKDF-Expand: T(i) = HMAC(PRK, T(i-1) | info | i) */
	for (ctr = 1; done < out_len; ctr++) {
		uint8_t msg[QUIC_SHA256_LEN + sizeof(info) + 1];
		size_t m = 0, c;

		memcpy(msg, t, tn);
		m = tn;
		memcpy(msg + m, info, k);
		m += k;
		msg[m++] = ctr;
		quic_hmac(secret, QUIC_SHA256_LEN, msg, m, NULL, 0, t);
		tn = sizeof(t);
		c = out_len - done < tn ? out_len - done : tn;
		memcpy(out + done, t, c);
		done += c;
	}
}

/* GF(2^8) doubling, the xtime of FIPS 197 section 4.2.1. */
static uint8_t
quic_xtime(uint8_t x)
{
	return (uint8_t)(x << 1 ^ (x & 0x80 ? 0x1b : 0));
}

void
quic_aes128_init(struct quic_aes128 *a, const uint8_t key[16])
{
	uint8_t rcon = 1;
	unsigned i;

	memcpy(a->rk, key, 16);
	for (i = 16; i < sizeof(a->rk); i += 4) {
		uint8_t t[4];

		memcpy(t, a->rk + i - 4, 4);
		if (i % 16 == 0) {
			uint8_t r = t[0];

			t[0] = (uint8_t)(quic_aes_sbox[t[1]] ^ rcon);
			t[1] = quic_aes_sbox[t[2]];
			t[2] = quic_aes_sbox[t[3]];
			t[3] = quic_aes_sbox[r];
			rcon = quic_xtime(rcon);
		}
		a->rk[i] = a->rk[i - 16] ^ t[0];
		a->rk[i + 1] = a->rk[i - 15] ^ t[1];
		a->rk[i + 2] = a->rk[i - 14] ^ t[2];
		a->rk[i + 3] = a->rk[i - 13] ^ t[3];
	}
}

void
quic_aes128_encrypt(const struct quic_aes128 *a, const uint8_t in[16],
		    uint8_t out[16])
{
	uint8_t s[16], t[16];
	unsigned round, i, c;

	for (i = 0; i < 16; i++)
		s[i] = in[i] ^ a->rk[i];
	for (round = 1; round <= 10; round++) {
		/* SubBytes and ShiftRows: byte r of column c comes from
		 * column c + r (the state is column-major) */
		for (c = 0; c < 4; c++)
			for (i = 0; i < 4; i++)
				t[4 * c + i] =
					quic_aes_sbox[s[4 * ((c + i) % 4) + i]];
		if (round < 10) {
			/* MixColumns */
			for (c = 0; c < 4; c++) {
				uint8_t *col = t + 4 * c;
				uint8_t x = col[0] ^ col[1] ^ col[2] ^ col[3];
				uint8_t c0 = col[0];

				col[0] ^= x ^ quic_xtime(col[0] ^ col[1]);
				col[1] ^= x ^ quic_xtime(col[1] ^ col[2]);
				col[2] ^= x ^ quic_xtime(col[2] ^ col[3]);
				col[3] ^= x ^ quic_xtime(col[3] ^ c0);
			}
		}
		for (i = 0; i < 16; i++)
			s[i] = t[i] ^ a->rk[16 * round + i];
	}
	memcpy(out, s, 16);
}
