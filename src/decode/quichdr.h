/*
 * quichdr: which QUIC long-header packet types a UDP datagram carries,
 * read from the clear-text invariant header alone (RFC 8999 section 5.1,
 * RFC 9000 section 17.2, version 2's type bits RFC 9369 section 3.2):
 * no keys, no decryption. The connection table times the QUIC handshake
 * from these (model/connhealth.h), since its ACKs are encrypted. Pure,
 * bounded by the bytes given; the hot path calls it only for UDP payloads
 * whose first byte has the long-header bit.
 */
#ifndef PKTOP_QUICHDR_H
#define PKTOP_QUICHDR_H

#include <stddef.h>
#include <stdint.h>

enum {
	QUICHDR_INITIAL = 1u << 0,
	QUICHDR_0RTT = 1u << 1,
	QUICHDR_HANDSHAKE = 1u << 2,
	QUICHDR_RETRY = 1u << 3,
	QUICHDR_VN = 1u << 4, /* Version Negotiation (version 0) */
};

/* The QUICHDR_* bits of the coalesced long-header packets at the start
 * of payload P (N bytes captured), 0 when the first is not a QUIC long
 * header of a version pktop knows (v1, v2, drafts 22 and later, mvfst,
 * Google's T050/T051, reserved versions, or a Version Negotiation). */
unsigned quichdr_types(const uint8_t *p, size_t n);

#endif
