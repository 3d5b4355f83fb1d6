/*
 * test_quic_crypto: the primitives against their standards' test
 * vectors, the Initial keys against RFC 9001 appendix A and RFC 9369
 * appendix A, and real client Initials from tests/data opened to the
 * ClientHello inside (tshark shows the same server names).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "decode/decode.h"
#include "decode/proto/quic_crypto.h"

static void
unhex(const char *s, uint8_t *out, size_t n)
{
	size_t k;

	for (k = 0; k < n; k++) {
		unsigned v;

		assert_int_equal(sscanf(s + 2 * k, "%2x", &v), 1);
		out[k] = (uint8_t)v;
	}
}

static void
test_sha256_hmac_aes_vectors(void **state)
{
	uint8_t out[32], want[32], key[16], pt[16], big[131];
	unsigned k;

	(void)state;
	/* FIPS 180-4 example "abc" */
	quic_crypto_sha256((const uint8_t *)"abc", 3, out);
	unhex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	      want, 32);
	assert_memory_equal(out, want, 32);
	/* the lengths around the padding's edges (56 and 64 bytes into a
	 * block), against python3's hashlib */
	{
		static const struct {
			size_t n;
			const char *hex;
		} lens[] = {
			{ 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
			{ 55, "e7313d333c272e639f790978283f9eb392e843d0f29b7016828bb1daa4aac70b" },
			{ 56, "4324d65f3c103567f5589c710bc08f8523f929a9272e3af36fc968e52abc6c27" },
			{ 63, "81c80242132f230c3bd41b3e63bbcff16107339549214a99614ff26664625055" },
			{ 64, "39e3d7b6b5d075d37d053ad89b24b41bef4f3c29760c84447cab3f3be1882241" },
			{ 119, "9ce7368e4daf32341631b492e80359dc9f594b48453cd0dd5bf0b19279cc177e" },
			{ 120, "7836b787757e95e58b3ca5aec90b1b004e8deba1e50e9675af9cabf1a13a04b5" },
		};
		uint8_t msg[120];

		for (k = 0; k < sizeof(msg); k++)
			msg[k] = (uint8_t)(k * 7 + 3);
		for (k = 0; k < sizeof(lens) / sizeof(lens[0]); k++) {
			quic_crypto_sha256(msg, lens[k].n, out);
			unhex(lens[k].hex, want, 32);
			assert_memory_equal(out, want, 32);
		}
	}
	/* RFC 4231 test case 2 */
	quic_crypto_hmac((const uint8_t *)"Jefe", 4,
			  (const uint8_t *)"what do ya want for nothing?", 28,
			  out);
	unhex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
	      want, 32);
	assert_memory_equal(out, want, 32);
	/* RFC 4231 test cases 1 and 6 (a key longer than a block is
	 * hashed first) */
	memset(big, 0x0b, 20);
	quic_crypto_hmac(big, 20, (const uint8_t *)"Hi There", 8, out);
	unhex("b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
	      want, 32);
	assert_memory_equal(out, want, 32);
	memset(big, 0xaa, 131);
	quic_crypto_hmac(big, 131,
			  (const uint8_t *)"Test Using Larger Than Block-Size "
					   "Key - Hash Key First",
			  54, out);
	unhex("60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
	      want, 32);
	assert_memory_equal(out, want, 32);
	/* FIPS 180-2's long message: a million 'a', whole blocks read
	 * straight from the input */
	{
		uint8_t *m = malloc(1000000);

		assert_non_null(m);
		memset(m, 'a', 1000000);
		quic_crypto_sha256(m, 1000000, out);
		free(m);
		unhex("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
		      want, 32);
		assert_memory_equal(out, want, 32);
	}
	/* FIPS 197 appendix C.1 */
	for (k = 0; k < 16; k++) {
		key[k] = (uint8_t)k;
		pt[k] = (uint8_t)(k * 0x11);
	}
	quic_crypto_aes128(key, pt, out);
	unhex("69c4e0d86a7b0430d8cdb78070b4c55a", want, 16);
	assert_memory_equal(out, want, 16);
}

static void
test_initial_keys_match_the_rfcs(void **state)
{
	static const uint8_t dcid[8] = {0x83, 0x94, 0xc8, 0xf0,
					0x3e, 0x51, 0x57, 0x08};
	uint8_t key[16], iv[12], hp[16], want[16];

	(void)state;
	assert_int_equal(quic_crypto_keys(1, dcid, 8, key, iv, hp), 0);
	unhex("1f369613dd76d5467730efcbe3b1a22d", want, 16);
	assert_memory_equal(key, want, 16);
	unhex("fa044b2f42a3fd3b46fb255c", want, 12);
	assert_memory_equal(iv, want, 12);
	unhex("9f50449e04a0e810283a1e9933adedd2", want, 16);
	assert_memory_equal(hp, want, 16);
	assert_int_equal(quic_crypto_keys(0x6b3343cf, dcid, 8, key, iv, hp),
			 0);
	unhex("8b1a0bc121284290a29e0971b5cd045d", want, 16);
	assert_memory_equal(key, want, 16);
	unhex("45b95e15235d6f45a6b19cbcb0294ba9", want, 16);
	assert_memory_equal(hp, want, 16);
	/* the server's side (RFC 9001 appendix A.1) */
	{
		struct quic_keys k;

		assert_int_equal(quic_crypto_initial_keys(1, dcid, 8, true, &k),
				 0);
		unhex("cf3a5331653c364c88f0f379b6067e37", want, 16);
		assert_memory_equal(k.key, want, 16);
		unhex("0ac1493ca1905853b0bba03e", want, 12);
		assert_memory_equal(k.iv, want, 12);
		unhex("c206b8d9b9f0f37644430b490eeaa314", want, 16);
		assert_memory_equal(k.hp, want, 16);
	}
	/* a version reserved to force negotiation opens as draft-29, as
	 * tshark does; a version nobody defined has no salt */
	assert_true(quic_crypto_known(0x0a0a0a0a));
	assert_true(quic_crypto_known(0xff000022)); /* draft-34: v1's salt */
	assert_true(quic_crypto_known(0xfaceb001)); /* mvfst: draft-22's */
	assert_false(quic_crypto_known(0x12345678));
	assert_int_equal(quic_crypto_keys(0x12345678, dcid, 8, key, iv, hp),
			 -1);
}

static size_t
varint(const uint8_t *p, size_t *pos)
{
	size_t len = (size_t)1 << (p[*pos] >> 6), k, v = p[*pos] & 0x3f;

	for (k = 1; k < len; k++)
		v = v << 8 | p[*pos + k];
	*pos += len;
	return v;
}

/* Open the first long-header packet of frame NUMBER of NAME. */
static long
open_frame(const char *name, unsigned number, uint8_t *out, size_t size,
	   int flip)
{
	char path[512], err[PCAP_ERRBUF_SIZE];
	static uint8_t pkt[QUIC_PACKET_MAX];
	struct decode_summary s;
	struct pcap_pkthdr *h;
	const u_char *data;
	size_t pos = 5, dcil, len;
	const uint8_t *dcid;
	uint32_t version;
	pcap_t *p;
	unsigned k;
	long r;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	p = pcap_open_offline(path, err);
	assert_non_null(p);
	for (k = 0; k < number; k++)
		assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	decode_summary(pcap_datalink(p), data, h->caplen, h->len, &s);
	assert_true(s.payload_len > 0 && s.payload_len <= sizeof(pkt));
	memcpy(pkt, data + s.payload_off, s.payload_len);
	pcap_close(p);
	version = (uint32_t)pkt[1] << 24 | (uint32_t)pkt[2] << 16 |
		  (uint32_t)pkt[3] << 8 | pkt[4];
	dcil = pkt[pos++];
	dcid = pkt + pos;
	pos += dcil;
	pos += 1 + pkt[pos];
	pos += varint(pkt, &pos); /* token */
	len = varint(pkt, &pos);
	assert_true(pos + len <= s.payload_len);
	if (flip >= 0)
		pkt[pos + (size_t)flip] ^= 0x01;
	r = quic_crypto_open(version, dcid, dcil, pkt, pos, pos + len, out,
			      size);
	return r;
}

static bool
contains(const uint8_t *p, size_t n, const char *s)
{
	size_t l = strlen(s), k;

	for (k = 0; k + l <= n; k++)
		if (memcmp(p + k, s, l) == 0)
			return true;
	return false;
}

/* The plaintext of a client Initial is frames; its CRYPTO data is the
 * ClientHello's bytes as they are, so names show up in it. */
static void
test_client_initials_open_to_a_client_hello(void **state)
{
	static uint8_t plain[QUIC_PACKET_MAX];
	long n;

	(void)state;
	/* version 2; tshark: tls.handshake.extensions_server_name "test" */
	n = open_frame("quic-v2.pcapng", 1, plain, sizeof(plain), -1);
	assert_true(n > 0);
	assert_true(contains(plain, (size_t)n, "test"));
	/* draft-29; tshark: "localhost", ALPN h3-29 */
	n = open_frame("quic-29.pcap", 1, plain, sizeof(plain), -1);
	assert_true(n > 0);
	assert_true(contains(plain, (size_t)n, "localhost"));
	assert_true(contains(plain, (size_t)n, "h3-29"));
}

static void
test_tampered_or_server_initial_does_not_open(void **state)
{
	static uint8_t plain[QUIC_PACKET_MAX];

	(void)state;
	/* one bit flipped in the ciphertext: the tag fails */
	assert_int_equal(open_frame("quic-v2.pcapng", 1, plain, sizeof(plain),
				    40),
			 -1);
	/* the server's Initial uses the client's first DCID, not its own */
	assert_int_equal(open_frame("quic-v2.pcapng", 2, plain, sizeof(plain),
				    -1),
			 -1);
	/* no room for the plaintext */
	assert_int_equal(open_frame("quic-v2.pcapng", 1, plain, 16, -1), -1);
}

/* RFC 9000 appendix A.3's example, the window's edges and no history. */
static void
test_packet_numbers_expand_near_the_largest(void **state)
{
	(void)state;
	assert_true(quic_crypto_pn_expand(0xa82f30ea, 0x9b32, 2) ==
		    0xa82f9b32);
	assert_true(quic_crypto_pn_expand(-1, 0x17, 1) == 0x17);
	/* just past a one-byte wrap: 0xff then 0x00 means 0x100 */
	assert_true(quic_crypto_pn_expand(0xff, 0x00, 1) == 0x100);
	/* a late packet from below the largest */
	assert_true(quic_crypto_pn_expand(0x105, 0xfe, 1) == 0xfe);
	/* four bytes and a largest near 2^32 */
	assert_true(quic_crypto_pn_expand(0xfffffffeLL, 0x00000001, 4) ==
		    0x100000001ULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha256_hmac_aes_vectors),
		cmocka_unit_test(test_initial_keys_match_the_rfcs),
		cmocka_unit_test(test_client_initials_open_to_a_client_hello),
		cmocka_unit_test(
			test_tampered_or_server_initial_does_not_open),
		cmocka_unit_test(test_packet_numbers_expand_near_the_largest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
