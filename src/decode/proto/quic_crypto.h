/*
 * quic_crypto: removes QUIC packet protection (RFC 9001 section 5;
 * version 2: RFC 9369 section 3.3) for the suites built on AES-128-GCM
 * and SHA-256. Initial keys come from a Destination Connection ID: a
 * client's first Initial carries its own, so identification opens it on
 * the capture path; the tree path also opens the server's Initials and,
 * with secrets from a key log, Handshake and 1-RTT packets.
 */
#ifndef PKTOP_QUIC_CRYPTO_H
#define PKTOP_QUIC_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet opened; bigger ones are left alone. */
#define QUIC_PACKET_MAX 4096

/* Whether VERSION is one whose Initial salt pktop knows. */
bool quic_crypto_known(uint32_t version);

/* One direction's packet protection keys. */
struct quic_keys {
	uint8_t key[16];
	uint8_t iv[12];
	uint8_t hp[16];
	/* Google's T050 and T051 kept gQUIC's frame numbering: an ACK is
	 * one byte 0x40 to 0x7f and CRYPTO is 0x08 */
	bool google_frames;
};

/* What the protected part of a header held. */
struct quic_unprotected {
	uint8_t first;  /* the first byte, unmasked (key phase, pn length) */
	size_t pn_len;
	uint64_t pn;    /* the full packet number */
};

/* The Initial keys of the client (SERVER false) or the server, from the
 * Destination Connection ID of the client's first Initial. -1 for a
 * version whose salt pktop does not know. */
int quic_crypto_initial_keys(uint32_t version, const uint8_t *dcid,
			     size_t dcil, bool server, struct quic_keys *k);

/* The keys under a TLS traffic secret of N bytes (a key log's
 * *_HANDSHAKE_TRAFFIC_SECRET or *_TRAFFIC_SECRET_0); -1 unless N is 32
 * (a SHA-256 suite). */
int quic_crypto_secret_keys(uint32_t version, const uint8_t *secret,
			    size_t n, struct quic_keys *k);

/* Remove the protection of one packet: PKT[0] is its first byte, PN_OFF
 * the offset of the (protected) packet number, END one past its last
 * byte. LARGEST is the largest packet number opened so far in its number
 * space, or -1. With INITIAL, a first frame no Initial may carry turns
 * the packet away before the tag is computed. The payload is decrypted
 * and authenticated into OUT; U gets the header's protected fields.
 * Returns the plaintext length, or -1 (too short, too long, or the tag
 * did not verify). */
long quic_crypto_unprotect(const struct quic_keys *k, const uint8_t *pkt,
			   size_t pn_off, size_t end, int64_t largest,
			   bool initial, uint8_t *out, size_t out_size,
			   struct quic_unprotected *u);

/* Open a client's first Initial with the keys from DCID, its own
 * Destination Connection ID (quic_crypto_unprotect). -1 also for an
 * unknown version or another packet (a server's Initial). */
long quic_crypto_open(uint32_t version, const uint8_t *dcid, size_t dcil,
		      const uint8_t *pkt, size_t pn_off, size_t end,
		      uint8_t *out, size_t out_size);

/* The full packet number from its TRUNCATED low LEN bytes, given the
 * largest opened so far in its space (-1: none; RFC 9000 appendix A.3). */
uint64_t quic_crypto_pn_expand(int64_t largest, uint64_t truncated,
			       size_t len);

/* Primitives, exported for their tests (FIPS 180-4, RFC 2104, FIPS 197). */
void quic_crypto_sha256(const uint8_t *msg, size_t n, uint8_t out[32]);
void quic_crypto_hmac(const uint8_t *key, size_t klen, const uint8_t *msg,
		       size_t n, uint8_t out[32]);
void quic_crypto_aes128(const uint8_t key[16], const uint8_t in[16],
			 uint8_t out[16]);

/* The client Initial key, IV and header protection key for DCID. */
int quic_crypto_keys(uint32_t version, const uint8_t *dcid, size_t dcil,
		      uint8_t key[16], uint8_t iv[12], uint8_t hp[16]);

#endif
