/*
 * quic_initial: QUIC Initial packet protection (RFC 9001 section 5, RFC
 * 9369 section 3.3 for version 2): HKDF-SHA256 from a per-version salt
 * and the client's Destination Connection ID, AES-128 header protection
 * and AES-128-GCM. Identification opens the first client Initials of
 * QUIC connections on the capture path, so the S-box is built once and
 * GHASH runs on a 4-bit table; no allocation.
 */
#include "config.h"

#include "decode/proto/quic_crypto.h"

#include <pthread.h>
#include <string.h>

/* ---- SHA-256 (FIPS 180-4) ---- */

struct quic_sha256 {
	uint32_t h[8];
	uint8_t block[64];
	size_t fill;
	uint64_t total;
};

static const uint32_t quic_sha256_k[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b,
	0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01,
	0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7,
	0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
	0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152,
	0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
	0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
	0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819,
	0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08,
	0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f,
	0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

static uint32_t
quic_ror(uint32_t x, unsigned n)
{
	return x >> n | x << (32 - n);
}

/* The round functions of FIPS 180-4 section 4.1.2; CH and MAJ in forms
 * with one operation fewer. */
#define QUIC_SHA_S0(x) (quic_ror(x, 2) ^ quic_ror(x, 13) ^ quic_ror(x, 22))
#define QUIC_SHA_S1(x) (quic_ror(x, 6) ^ quic_ror(x, 11) ^ quic_ror(x, 25))
#define QUIC_SHA_CH(x, y, z) ((z) ^ ((x) & ((y) ^ (z))))
/* Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)): a round's a ^ b is the next
 * round's b ^ c, so the rounds pass it on (AB, BC below). */

/* Round I with the eight working variables named in their order that
 * round: rather than shifting all eight along each round, the callers
 * rename them, and only D and H change. */
#define QUIC_SHA_ROUND(a, b, c, d, e, f, g, h, i)                             \
	do {                                                                  \
		uint32_t t1_ = (h) + QUIC_SHA_S1(e) + QUIC_SHA_CH(e, f, g) +  \
			       quic_sha256_k[i] + w[i];                       \
		ab = (a) ^ (b);                                               \
		(d) += t1_;                                                   \
		(h) = t1_ + QUIC_SHA_S0(a) + ((b) ^ (ab & bc));               \
		bc = ab;                                                      \
	} while (0)

static void
quic_sha256_block(uint32_t st[8], const uint8_t *p)
{
	uint32_t w[64], a, b, c, d, e, f, g, h, ab, bc;
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
	a = st[0], b = st[1], c = st[2], d = st[3];
	e = st[4], f = st[5], g = st[6], h = st[7];
	bc = b ^ c;
	for (i = 0; i < 64; i += 8) {
		QUIC_SHA_ROUND(a, b, c, d, e, f, g, h, i);
		QUIC_SHA_ROUND(h, a, b, c, d, e, f, g, i + 1);
		QUIC_SHA_ROUND(g, h, a, b, c, d, e, f, i + 2);
		QUIC_SHA_ROUND(f, g, h, a, b, c, d, e, i + 3);
		QUIC_SHA_ROUND(e, f, g, h, a, b, c, d, i + 4);
		QUIC_SHA_ROUND(d, e, f, g, h, a, b, c, i + 5);
		QUIC_SHA_ROUND(c, d, e, f, g, h, a, b, i + 6);
		QUIC_SHA_ROUND(b, c, d, e, f, g, h, a, i + 7);
	}
	st[0] += a, st[1] += b, st[2] += c, st[3] += d;
	st[4] += e, st[5] += f, st[6] += g, st[7] += h;
}

static void
quic_sha256_init(struct quic_sha256 *s)
{
	static const uint32_t h0[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372,
				       0xa54ff53a, 0x510e527f, 0x9b05688c,
				       0x1f83d9ab, 0x5be0cd19};

	memcpy(s->h, h0, sizeof(h0));
	s->fill = 0;
	s->total = 0;
}

static void
quic_sha256_update(struct quic_sha256 *s, const uint8_t *p, size_t n)
{
	if (n == 0)
		return;
	s->total += n;
	if (s->fill > 0) {
		size_t k = 64 - s->fill < n ? 64 - s->fill : n;

		memcpy(s->block + s->fill, p, k);
		s->fill += k;
		p += k;
		n -= k;
		if (s->fill < 64)
			return;
		quic_sha256_block(s->h, s->block);
		s->fill = 0;
	}
	/* whole blocks straight from P, without the copy */
	for (; n >= 64; p += 64, n -= 64)
		quic_sha256_block(s->h, p);
	memcpy(s->block, p, n);
	s->fill = n;
}

static void
quic_sha256_final(struct quic_sha256 *s, uint8_t out[32])
{
	uint64_t bits = s->total * 8;
	unsigned i;

	/* 0x80, zeros up to 56 bytes into a block (a second block when the
	 * first has no room left), then the length in bits, big-endian */
	s->block[s->fill++] = 0x80;
	if (s->fill > 56) {
		memset(s->block + s->fill, 0, 64 - s->fill);
		quic_sha256_block(s->h, s->block);
		s->fill = 0;
	}
	memset(s->block + s->fill, 0, 56 - s->fill);
	for (i = 0; i < 8; i++)
		s->block[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
	quic_sha256_block(s->h, s->block);
	s->fill = 0;
	for (i = 0; i < 8; i++) {
		out[4 * i] = (uint8_t)(s->h[i] >> 24);
		out[4 * i + 1] = (uint8_t)(s->h[i] >> 16);
		out[4 * i + 2] = (uint8_t)(s->h[i] >> 8);
		out[4 * i + 3] = (uint8_t)s->h[i];
	}
}

void
quic_crypto_sha256(const uint8_t *msg, size_t n, uint8_t out[32])
{
	struct quic_sha256 s;

	quic_sha256_init(&s);
	quic_sha256_update(&s, msg, n);
	quic_sha256_final(&s, out);
}

/* ---- HMAC and HKDF (RFC 2104, RFC 5869, RFC 8446 section 7.1) ---- */

/* An HMAC-SHA256 key as the hash states after its inner and outer pad
 * blocks: a key used for several messages (HKDF-Expand's secret) pays
 * for its pads once. */
struct quic_hmac {
	struct quic_sha256 inner, outer;
};

static void
quic_hmac_key(struct quic_hmac *h, const uint8_t *key, size_t klen)
{
	uint8_t k[64] = {0}, pad[64];
	unsigned i;

	if (klen > 64)
		quic_crypto_sha256(key, klen, k);
	else
		memcpy(k, key, klen);
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x36;
	quic_sha256_init(&h->inner);
	quic_sha256_update(&h->inner, pad, 64);
	for (i = 0; i < 64; i++)
		pad[i] = k[i] ^ 0x5c;
	quic_sha256_init(&h->outer);
	quic_sha256_update(&h->outer, pad, 64);
}

/* HMAC over the concatenation of two messages. */
static void
quic_hmac_run(const struct quic_hmac *h, const uint8_t *m1, size_t n1,
	      const uint8_t *m2, size_t n2, uint8_t out[32])
{
	struct quic_sha256 s = h->inner;
	uint8_t inner[32];

	quic_sha256_update(&s, m1, n1);
	quic_sha256_update(&s, m2, n2);
	quic_sha256_final(&s, inner);
	s = h->outer;
	quic_sha256_update(&s, inner, 32);
	quic_sha256_final(&s, out);
}

void
quic_crypto_hmac(const uint8_t *key, size_t klen, const uint8_t *msg,
		  size_t n, uint8_t out[32])
{
	struct quic_hmac h;

	quic_hmac_key(&h, key, klen);
	quic_hmac_run(&h, msg, n, NULL, 0, out);
}

/* HKDF-Expand-Label with an empty context, for LEN <= 32 (one block),
 * under the secret keyed in H. */
static void
quic_expand_label(const struct quic_hmac *h, const char *label,
		  uint8_t *out, size_t len)
{
	uint8_t info[64], t[32], one = 1;
	size_t l = strlen(label), n = 0;

	info[n++] = (uint8_t)(len >> 8);
	info[n++] = (uint8_t)len;
	info[n++] = (uint8_t)(6 + l);
	memcpy(info + n, "tls13 ", 6);
	n += 6;
	memcpy(info + n, label, l);
	n += l;
	info[n++] = 0; /* context length */
	quic_hmac_run(h, info, n, &one, 1, t);
	memcpy(out, t, len);
}

/* ---- AES-128 (FIPS 197), encryption only ---- */

struct quic_aes {
	uint32_t rkw[44]; /* the round keys, big-endian words */
};

/* Built once from its definition (quic_aes_sbox), then only read. */
static uint8_t quic_sbox[256];
/* SubBytes and MixColumns of one byte in row 0 of a column: the column
 * word (row 0 in the high byte) 2S, S, S, 3S for S = sbox[x]; a byte of
 * row R adds this word rotated right by 8R bits. */
static uint32_t quic_te[256];
static pthread_once_t quic_tables_once = PTHREAD_ONCE_INIT;

static uint8_t
quic_gf_mul(uint8_t a, uint8_t b)
{
	uint8_t p = 0;

	while (b) {
		if (b & 1)
			p ^= a;
		a = (uint8_t)(a << 1) ^ ((a & 0x80) ? 0x1b : 0);
		b >>= 1;
	}
	return p;
}

static uint8_t
quic_rotl8(uint8_t x, unsigned n)
{
	return (uint8_t)(x << n | x >> (8 - n));
}

/* The S-box from its definition (inverse in GF(2^8), then the affine
 * map), rather than a typed-in table. */
static void
quic_aes_sbox(void)
{
	uint8_t *sbox = quic_sbox;
	unsigned x, k;

	for (x = 0; x < 256; x++) {
		uint8_t inv = 0, b;

		if (x) {
			/* x^254 = x^-1 */
			uint8_t r = 1, base = (uint8_t)x;
			unsigned e = 254;

			for (k = 0; k < 8; k++) {
				if (e & 1)
					r = quic_gf_mul(r, base);
				base = quic_gf_mul(base, base);
				e >>= 1;
			}
			inv = r;
		}
		b = inv;
		sbox[x] = b ^ quic_rotl8(b, 1) ^ quic_rotl8(b, 2) ^
			  quic_rotl8(b, 3) ^ quic_rotl8(b, 4) ^ 0x63;
	}
	for (x = 0; x < 256; x++) {
		uint32_t s1 = sbox[x];
		uint32_t s2 = (uint8_t)(s1 << 1) ^ ((s1 & 0x80) ? 0x1b : 0);

		quic_te[x] = s2 << 24 | s1 << 16 | s1 << 8 | (s2 ^ s1);
	}
}

static void quic_ghash_fold_init(void);
static void quic_salt_keys_init(void);

static void
quic_tables_init(void)
{
	quic_aes_sbox();
	quic_ghash_fold_init();
	quic_salt_keys_init();
}

static void
quic_aes_init(struct quic_aes *a, const uint8_t key[16])
{
	const uint8_t *sbox = quic_sbox;
	uint32_t t, rcon = 1;
	unsigned i;

	pthread_once(&quic_tables_once, quic_tables_init);
	/* FIPS 197 section 5.2 in words, the first byte the high one */
	for (i = 0; i < 4; i++)
		a->rkw[i] = (uint32_t)key[4 * i] << 24 |
			    (uint32_t)key[4 * i + 1] << 16 |
			    (uint32_t)key[4 * i + 2] << 8 | key[4 * i + 3];
	for (i = 4; i < 44; i++) {
		t = a->rkw[i - 1];
		if (i % 4 == 0) {
			/* SubWord(RotWord(t)) ^ Rcon */
			t = ((uint32_t)sbox[(t >> 16) & 0xff] << 24 |
			     (uint32_t)sbox[(t >> 8) & 0xff] << 16 |
			     (uint32_t)sbox[t & 0xff] << 8 | sbox[t >> 24]) ^
			    rcon << 24;
			rcon = (rcon << 1) ^ ((rcon & 0x80) ? 0x11b : 0);
		}
		a->rkw[i] = a->rkw[i - 4] ^ t;
	}
}

/* One round's column C: ShiftRows takes row R from column C + R, then
 * SubBytes and MixColumns by the table, then the round key. */
#define QUIC_AES_COL(x, c, k)                                                 \
	(quic_te[(x)[(c) & 3] >> 24] ^                                        \
	 quic_ror(quic_te[((x)[((c) + 1) & 3] >> 16) & 0xff], 8) ^            \
	 quic_ror(quic_te[((x)[((c) + 2) & 3] >> 8) & 0xff], 16) ^            \
	 quic_ror(quic_te[(x)[((c) + 3) & 3] & 0xff], 24) ^ (k))

/* The last round: no MixColumns. */
#define QUIC_AES_LAST(x, c, k)                                                \
	(((uint32_t)quic_sbox[(x)[(c) & 3] >> 24] << 24 |                      \
	  (uint32_t)quic_sbox[((x)[((c) + 1) & 3] >> 16) & 0xff] << 16 |       \
	  (uint32_t)quic_sbox[((x)[((c) + 2) & 3] >> 8) & 0xff] << 8 |         \
	  quic_sbox[(x)[((c) + 3) & 3] & 0xff]) ^ (k))

/* The caller has built the tables (quic_aes_init does). The state is
 * four column words, row 0 in each one's high byte (FIPS 197 section
 * 3.4's column order). */
static void
quic_aes_encrypt(const struct quic_aes *a, const uint8_t in[16],
		 uint8_t out[16])
{
	uint32_t s[4], t[4];
	unsigned r, c;

	for (c = 0; c < 4; c++)
		s[c] = ((uint32_t)in[4 * c] << 24 | (uint32_t)in[4 * c + 1] << 16 |
			(uint32_t)in[4 * c + 2] << 8 | in[4 * c + 3]) ^
		       a->rkw[c];
	for (r = 1; r < 10; r++) {
		for (c = 0; c < 4; c++)
			t[c] = QUIC_AES_COL(s, c, a->rkw[4 * r + c]);
		memcpy(s, t, sizeof(s));
	}
	for (c = 0; c < 4; c++)
		t[c] = QUIC_AES_LAST(s, c, a->rkw[40 + c]);
	for (c = 0; c < 4; c++) {
		out[4 * c] = (uint8_t)(t[c] >> 24);
		out[4 * c + 1] = (uint8_t)(t[c] >> 16);
		out[4 * c + 2] = (uint8_t)(t[c] >> 8);
		out[4 * c + 3] = (uint8_t)t[c];
	}
}

void
quic_crypto_aes128(const uint8_t key[16], const uint8_t in[16],
		    uint8_t out[16])
{
	struct quic_aes a;

	quic_aes_init(&a, key);
	quic_aes_encrypt(&a, in, out);
}

/* ---- GCM (NIST SP 800-38D) ---- */

/* GHASH with a table of the 16 multiples of H by 4-bit polynomials
 * (Shoup's method): 32 table steps per block instead of 128 bit steps.
 * Field elements are two 64-bit words, most significant bit first, in
 * GCM's reflected bit order (SP 800-38D section 6.3). */
struct quic_ghash {
	uint64_t hi[16], lo[16];
};

/* V * x: a right shift in GCM's order, reduced by R = 0xe1 || 0^120. */
static void
quic_gf128_times_x(uint64_t *hi, uint64_t *lo)
{
	uint64_t carry = *lo & 1;

	*lo = *lo >> 1 | *hi << 63;
	*hi = *hi >> 1 ^ (carry ? 0xe100000000000000ull : 0);
}

static uint64_t
quic_be64(const uint8_t *p)
{
	uint64_t v = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		v = v << 8 | p[i];
	return v;
}

static void
quic_ghash_init(struct quic_ghash *g, const uint8_t h[16])
{
	uint64_t hi = quic_be64(h), lo = quic_be64(h + 8);
	unsigned i, j;

	/* Entry 8 (the nibble 1000: x^0) is H, 4 is H*x, 2 H*x^2, 1 H*x^3;
	 * the others are sums of those. */
	g->hi[0] = g->lo[0] = 0;
	for (i = 8; i > 0; i >>= 1) {
		g->hi[i] = hi;
		g->lo[i] = lo;
		quic_gf128_times_x(&hi, &lo);
	}
	for (i = 2; i < 16; i <<= 1)
		for (j = 1; j < i; j++) {
			g->hi[i + j] = g->hi[i] ^ g->hi[j];
			g->lo[i + j] = g->lo[i] ^ g->lo[j];
		}
}

/* Reduction of the 4 bits shifted out of the low end by Z * x^4: the
 * bit of weight x^(128+k) folds back as R shifted right by 3-k, a value
 * that lands in the top 16 bits. Filled once, with the S-box. */
static uint64_t quic_ghash_fold[16];

static void
quic_ghash_fold_init(void)
{
	unsigned rem, k;

	for (rem = 0; rem < 16; rem++)
		for (k = 0; k < 4; k++)
			if (rem & (1u << k))
				quic_ghash_fold[rem] ^=
					0xe100000000000000ull >> (3 - k);
}

/* X = X * H. */
static void
quic_ghash_mul(const struct quic_ghash *g, uint8_t x[16])
{
	uint64_t zh = 0, zl = 0;
	unsigned i, nib, rem;
	int b;

	/* Horner's rule from the last coefficient (the low nibble of the
	 * last byte holds the highest powers of x). */
	for (b = 15; b >= 0; b--) {
		for (i = 0; i < 2; i++) {
			nib = i == 0 ? x[b] & 0x0f : x[b] >> 4;
			if (b != 15 || i != 0) {
				rem = (unsigned)(zl & 0x0f);
				zl = zl >> 4 | zh << 60;
				zh = zh >> 4 ^ quic_ghash_fold[rem];
			}
			zh ^= g->hi[nib];
			zl ^= g->lo[nib];
		}
	}
	for (i = 0; i < 8; i++) {
		x[i] = (uint8_t)(zh >> (56 - 8 * i));
		x[8 + i] = (uint8_t)(zl >> (56 - 8 * i));
	}
}

static void
quic_ghash_update(const struct quic_ghash *g, uint8_t x[16],
		  const uint8_t *p, size_t n)
{
	size_t k, i;

	for (k = 0; k < n; k += 16) {
		size_t m = n - k < 16 ? n - k : 16;

		for (i = 0; i < m; i++)
			x[i] ^= p[k + i];
		quic_ghash_mul(g, x);
	}
}

static void
quic_ctr_block(const struct quic_aes *a, const uint8_t nonce[12], uint32_t ctr,
	       uint8_t out[16])
{
	uint8_t cb[16];

	memcpy(cb, nonce, 12);
	cb[12] = (uint8_t)(ctr >> 24);
	cb[13] = (uint8_t)(ctr >> 16);
	cb[14] = (uint8_t)(ctr >> 8);
	cb[15] = (uint8_t)ctr;
	quic_aes_encrypt(a, cb, out);
}

/* Decrypt N bytes of C into P and check TAG; 0 when it verifies. */
static int
quic_gcm_open(const struct quic_aes *a, const uint8_t nonce[12],
	      const uint8_t *aad, size_t alen, const uint8_t *c, size_t n,
	      const uint8_t tag[16], uint8_t *p)
{
	uint8_t h[16] = {0}, x[16] = {0}, j0[16], ks[16], len[16];
	struct quic_ghash g;
	uint64_t abits = (uint64_t)alen * 8, cbits = (uint64_t)n * 8;
	unsigned diff = 0, i;
	size_t k;

	quic_aes_encrypt(a, h, h);
	quic_ghash_init(&g, h);
	memcpy(j0, nonce, 12);
	quic_ghash_update(&g, x, aad, alen);
	quic_ghash_update(&g, x, c, n);
	for (i = 0; i < 8; i++) {
		len[i] = (uint8_t)(abits >> (56 - 8 * i));
		len[8 + i] = (uint8_t)(cbits >> (56 - 8 * i));
	}
	quic_ghash_update(&g, x, len, 16);
	quic_ctr_block(a, j0, 1, ks);
	for (i = 0; i < 16; i++)
		diff |= (unsigned)(x[i] ^ ks[i] ^ tag[i]);
	if (diff)
		return -1;
	for (k = 0; k < n; k += 16) {
		size_t m = n - k < 16 ? n - k : 16;

		quic_ctr_block(a, j0, (uint32_t)(2 + k / 16), ks);
		for (i = 0; i < m; i++)
			p[k + i] = c[k + i] ^ ks[i];
	}
	return 0;
}

/* ---- QUIC Initial ---- */

static const uint8_t quic_salt_v1[20] = {
	0x38, 0x76, 0x2c, 0xf7, 0xf5, 0x59, 0x34, 0xb3, 0x4d, 0x17,
	0x9a, 0xe6, 0xa4, 0xc8, 0x0c, 0xad, 0xcc, 0xbb, 0x7f, 0x0a};
static const uint8_t quic_salt_v2[20] = {
	0x0d, 0xed, 0xe3, 0xde, 0xf7, 0x00, 0xa6, 0xdb, 0x81, 0x93,
	0x81, 0xbe, 0x6e, 0x26, 0x9d, 0xcb, 0xf9, 0xbd, 0x2e, 0xd9};
static const uint8_t quic_salt_d29[20] = {
	0xaf, 0xbf, 0xec, 0x28, 0x99, 0x93, 0xd2, 0x4c, 0x9e, 0x97,
	0x86, 0xf1, 0x9c, 0x61, 0x11, 0xe0, 0x43, 0x90, 0xa8, 0x99};
static const uint8_t quic_salt_d23[20] = {
	0xc3, 0xee, 0xf7, 0x12, 0xc7, 0x2e, 0xbb, 0x5a, 0x11, 0xa7,
	0xd2, 0x43, 0x2b, 0xb4, 0x63, 0x65, 0xbe, 0xf9, 0xf5, 0x02};
static const uint8_t quic_salt_d22[20] = {
	0x7f, 0xbc, 0xdb, 0x0e, 0x7c, 0x66, 0xbb, 0xe9, 0x19, 0x3a,
	0x96, 0xcd, 0x21, 0x51, 0x9e, 0xbd, 0x7a, 0x02, 0x64, 0x4a};
/* Google's TLS-based versions kept their own salts (Chromium's
 * quic_versions.cc) */
static const uint8_t quic_salt_t050[20] = {
	0x7f, 0xf5, 0x79, 0xe5, 0xac, 0xd0, 0x72, 0x91, 0x55, 0x80,
	0x30, 0x4c, 0x43, 0xa2, 0x36, 0x7c, 0x60, 0x48, 0x83, 0x10};
static const uint8_t quic_salt_t051[20] = {
	0x7a, 0x4e, 0xde, 0xf4, 0xe7, 0xcc, 0xee, 0x5f, 0xa4, 0x50,
	0x6c, 0x19, 0x12, 0x4f, 0xc8, 0xcc, 0xda, 0x6e, 0x03, 0x3d};

#define QUIC_VERSION_V1 0x00000001u
#define QUIC_VERSION_V2 0x6b3343cfu

/* The salts in one list, so that each has its HMAC key state below. */
static const uint8_t *const quic_salts[] = {
	quic_salt_v1,  quic_salt_v2,	quic_salt_d29,	quic_salt_d23,
	quic_salt_d22, quic_salt_t050, quic_salt_t051,
};
#define QUIC_SALTS (sizeof(quic_salts) / sizeof(quic_salts[0]))

/* Each salt as an HMAC key (HKDF-Extract's), keyed once with the
 * tables: a connection's Initial keys then start from it and pay for
 * neither pad block. */
static struct quic_hmac quic_salt_keys[QUIC_SALTS];

static void
quic_salt_keys_init(void)
{
	size_t i;

	for (i = 0; i < QUIC_SALTS; i++)
		quic_hmac_key(&quic_salt_keys[i], quic_salts[i], 20);
}

/* The salt of VERSION as an index into quic_salts, -1 for none (RFC
 * 9001 section 5.2, RFC 9369 section 3.3.1, the drafts' own sections
 * 5.2; Facebook's mvfst used the draft salts of its time). */
static int
quic_salt(uint32_t version)
{
	enum { V1, V2, D29, D23, D22, T050, T051 };

	if (version == QUIC_VERSION_V1)
		return V1;
	if (version == QUIC_VERSION_V2)
		return V2;
	if (version == 0xff000021u || version == 0xff000022u)
		return V1; /* drafts 33 and 34 took v1's salt */
	if (version >= 0xff00001du && version <= 0xff000020u)
		return D29;
	if (version >= 0xff000017u && version <= 0xff00001cu)
		return D23;
	if (version == 0xfaceb001u)
		return D22;
	if (version == 0xfaceb002u)
		return D23;
	if (version == 0xfaceb00eu)
		return D29;
	if (version == 0x54303530u) /* T050 */
		return T050;
	if (version == 0x54303531u) /* T051 */
		return T051;
	/* versions reserved to force negotiation (RFC 9000 section 15)
	 * carry no salt of their own; tshark opens them as draft-29 */
	if ((version & 0x0f0f0f0fu) == 0x0a0a0a0au)
		return D29;
	return -1;
}

bool
quic_crypto_known(uint32_t version)
{
	return quic_salt(version) >= 0;
}

/* The key, IV and header protection key of one direction under SECRET
 * (RFC 9001 section 5.1; version 2's labels, RFC 9369 section 3.3.2). */
static void
quic_keys_from(uint32_t version, const uint8_t secret[32],
	       struct quic_keys *k)
{
	bool v2 = version == QUIC_VERSION_V2;
	struct quic_hmac h;

	k->google_frames = version == 0x54303530u || version == 0x54303531u;
	quic_hmac_key(&h, secret, 32);
	quic_expand_label(&h, v2 ? "quicv2 key" : "quic key", k->key, 16);
	quic_expand_label(&h, v2 ? "quicv2 iv" : "quic iv", k->iv, 12);
	quic_expand_label(&h, v2 ? "quicv2 hp" : "quic hp", k->hp, 16);
}

int
quic_crypto_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcil,
			 bool server, struct quic_keys *k)
{
	int salt = quic_salt(version);
	uint8_t initial[32], secret[32];
	struct quic_hmac h;

	if (salt < 0)
		return -1;
	pthread_once(&quic_tables_once, quic_tables_init);
	/* HKDF-Extract */
	quic_hmac_run(&quic_salt_keys[salt], dcid, dcil, NULL, 0, initial);
	quic_hmac_key(&h, initial, 32);
	quic_expand_label(&h, server ? "server in" : "client in", secret, 32);
	quic_keys_from(version, secret, k);
	return 0;
}

int
quic_crypto_secret_keys(uint32_t version, const uint8_t *secret, size_t n,
			struct quic_keys *k)
{
	if (n != 32)
		return -1;
	quic_keys_from(version, secret, k);
	return 0;
}

int
quic_crypto_keys(uint32_t version, const uint8_t *dcid, size_t dcil,
		 uint8_t key[16], uint8_t iv[12], uint8_t hp[16])
{
	struct quic_keys k;

	if (quic_crypto_initial_keys(version, dcid, dcil, false, &k) < 0)
		return -1;
	memcpy(key, k.key, 16);
	memcpy(iv, k.iv, 12);
	memcpy(hp, k.hp, 16);
	return 0;
}

/* The full packet number from its TRUNCATED low LEN bytes, the one
 * nearest to the next expected (RFC 9000 appendix A.3). */
uint64_t
quic_crypto_pn_expand(int64_t largest, uint64_t truncated, size_t len)
{
	uint64_t expected = (uint64_t)(largest + 1), win = 1ull << (8 * len);
	uint64_t half = win / 2, mask = win - 1;
	uint64_t candidate = (expected & ~mask) | truncated;

	if (largest < 0)
		return truncated;
	if (candidate + half <= expected && candidate < (1ull << 62) - win)
		return candidate + win;
	if (candidate > expected + half && candidate >= win)
		return candidate - win;
	return candidate;
}

/* Bytes that only look like an Initial are turned away by their first
 * frame's type, one block's decryption, before the whole payload is
 * hashed: an Initial carries only PADDING, PING, ACK, CRYPTO and
 * CONNECTION_CLOSE (RFC 9000 section 17.2.2); Google's T050 and T051
 * (GOOGLE) numbered CRYPTO 0x08 and their ACK 0x40 to 0x7f. */
static bool
quic_initial_first_frame(const struct quic_aes *aead, const uint8_t nonce[12],
			 uint8_t c0, bool google)
{
	uint8_t ks[16], first;

	quic_ctr_block(aead, nonce, 2, ks);
	first = c0 ^ ks[0];
	if (google)
		return first <= 0x01 || first == 0x08 || (first & 0xc0) == 0x40;
	return first <= 0x03 || first == 0x06 || first == 0x1c;
}

long
quic_crypto_unprotect(const struct quic_keys *k, const uint8_t *pkt,
		      size_t pn_off, size_t end, int64_t largest,
		      bool initial, uint8_t *out, size_t out_size,
		      struct quic_unprotected *u)
{
	uint8_t mask[16], hdr[QUIC_PACKET_MAX], nonce[12];
	bool long_header = pkt[0] & 0x80;
	struct quic_aes hp, aead;
	size_t pn_len, body, i;
	uint64_t pn = 0;

	/* The sample starts four bytes after the packet number's start
	 * (RFC 9001 section 5.4.2) and a tag ends the packet. */
	if (end > QUIC_PACKET_MAX || pn_off + 4 + 16 > end)
		return -1;
	quic_aes_init(&hp, k->hp);
	quic_aes_encrypt(&hp, pkt + pn_off + 4, mask);
	memcpy(hdr, pkt, pn_off + 4);
	hdr[0] ^= mask[0] & (long_header ? 0x0f : 0x1f);
	pn_len = (hdr[0] & 0x03) + 1u;
	for (i = 0; i < pn_len; i++) {
		hdr[pn_off + i] ^= mask[1 + i];
		pn = pn << 8 | hdr[pn_off + i];
	}
	if (pn_off + pn_len + 16 > end)
		return -1;
	body = end - pn_off - pn_len - 16;
	if (body > out_size)
		return -1;
	pn = quic_crypto_pn_expand(largest, pn, pn_len);
	memcpy(nonce, k->iv, 12);
	for (i = 0; i < 8; i++)
		nonce[11 - i] ^= (uint8_t)(pn >> (8 * i));
	quic_aes_init(&aead, k->key);
	if (initial && body > 0 &&
	    !quic_initial_first_frame(&aead, nonce, pkt[pn_off + pn_len],
				     k->google_frames))
		return -1;
	if (quic_gcm_open(&aead, nonce, hdr, pn_off + pn_len,
			  pkt + pn_off + pn_len, body, pkt + end - 16,
			  out) < 0)
		return -1;
	u->first = hdr[0];
	u->pn = pn;
	u->pn_len = pn_len;
	return (long)body;
}

long
quic_crypto_open(uint32_t version, const uint8_t *dcid, size_t dcil,
		 const uint8_t *pkt, size_t pn_off, size_t end, uint8_t *out,
		 size_t out_size)
{
	struct quic_unprotected u;
	struct quic_keys k;

	/* an Initial's number is small: the truncated one is the full one */
	if (quic_crypto_initial_keys(version, dcid, dcil, false, &k) < 0)
		return -1;
	return quic_crypto_unprotect(&k, pkt, pn_off, end, -1, true, out,
				     out_size, &u);
}
