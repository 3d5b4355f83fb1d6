/*
 * quic_initial: removes the protection of a QUIC client Initial packet
 * (RFC 9001 section 5; version 2: RFC 9369 section 3.3), whose keys come
 * from the Destination Connection ID in the packet itself, so the
 * drill-down can show the TLS ClientHello inside as tshark does. Tree
 * path only; nothing here is called per captured packet.
 */
#ifndef PKTOP_QUIC_INITIAL_H
#define PKTOP_QUIC_INITIAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest packet opened; bigger ones are left alone. */
#define QUIC_INITIAL_MAX 4096

/* Whether VERSION is one whose Initial salt pktop knows. */
bool quic_initial_known(uint32_t version);

/* Open one Initial packet: PKT[0] is its first byte, PN_OFF the offset of
 * the (protected) packet number, END one past its last byte (the Length
 * field's end). The header is copied and unprotected, the payload
 * decrypted and authenticated into OUT. Returns the plaintext length, or
 * -1 (unknown version, too short, too long, or the tag did not verify:
 * a server Initial, whose keys come from another packet). */
long quic_initial_open(uint32_t version, const uint8_t *dcid, size_t dcil,
		       const uint8_t *pkt, size_t pn_off, size_t end,
		       uint8_t *out, size_t out_size);

/* The CRYPTO stream bytes of one plaintext payload, from stream offset 0
 * as far as they run without a gap, copied to OUT. Returns their length
 * (0 when the payload holds no CRYPTO frame at offset 0). */
size_t quic_initial_crypto(const uint8_t *plain, size_t n, uint8_t *out,
			   size_t out_size);

/* Primitives, exported for their tests (FIPS 180-4, RFC 2104, FIPS 197). */
void quic_initial_sha256(const uint8_t *msg, size_t n, uint8_t out[32]);
void quic_initial_hmac(const uint8_t *key, size_t klen, const uint8_t *msg,
		       size_t n, uint8_t out[32]);
void quic_initial_aes128(const uint8_t key[16], const uint8_t in[16],
			 uint8_t out[16]);

/* The client Initial key, IV and header protection key for DCID. */
int quic_initial_keys(uint32_t version, const uint8_t *dcid, size_t dcil,
		      uint8_t key[16], uint8_t iv[12], uint8_t hp[16]);

#endif
