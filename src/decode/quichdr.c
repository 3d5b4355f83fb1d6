/*
 * quichdr: a walk over coalesced long headers, checking every length
 * against the bytes captured. The versions are the ones the decoder's
 * QUIC dissector (decode/proto/quic.c) reads as IETF QUIC.
 */
#include "config.h"

#include "decode/quichdr.h"

#include <stdbool.h>

#define QUICHDR_CID_MAX 20
#define QUICHDR_COALESCED 8

enum { QUICHDR_NOT, QUICHDR_IETF, QUICHDR_IETF2, QUICHDR_NEG };

static int
quichdr_family(uint32_t v)
{
	if (v == 0)
		return QUICHDR_NEG;
	if (v == 0x00000001u)
		return QUICHDR_IETF;
	if (v == 0x6b3343cfu)
		return QUICHDR_IETF2;
	if ((v & 0xffffff00u) == 0xff000000u && (v & 0xffu) >= 22)
		return QUICHDR_IETF;
	if (v >= 0xfaceb001u && v <= 0xfaceb00fu)
		return QUICHDR_IETF;
	if ((v & 0x0f0f0f0fu) == 0x0a0a0a0au)
		return QUICHDR_IETF;
	if (v == 0x54303530u || v == 0x54303531u)
		return QUICHDR_IETF;
	return QUICHDR_NOT;
}

/* A variable-length integer at *OFF (RFC 9000 section 16); false when
 * it runs past N. */
static bool
quichdr_varint(const uint8_t *p, size_t n, size_t *off, uint64_t *v)
{
	size_t len, i;

	if (*off >= n)
		return false;
	len = (size_t)1 << (p[*off] >> 6);
	if (len > n - *off)
		return false;
	*v = p[*off] & 0x3fu;
	for (i = 1; i < len; i++)
		*v = *v << 8 | p[*off + i];
	*off += len;
	return true;
}

unsigned
quichdr_types(const uint8_t *p, size_t n)
{
	unsigned types = 0, k;
	size_t off = 0;

	for (k = 0; k < QUICHDR_COALESCED && off < n; k++) {
		uint32_t version;
		unsigned type;
		uint64_t len;
		size_t dcil, scil;
		int fam;

		if (n - off < 7 || !(p[off] & 0x80))
			break;
		version = (uint32_t)p[off + 1] << 24 |
			  (uint32_t)p[off + 2] << 16 |
			  (uint32_t)p[off + 3] << 8 | p[off + 4];
		fam = quichdr_family(version);
		if (fam == QUICHDR_NOT)
			break;
		type = (p[off] >> 4) & 3u;
		dcil = p[off + 5];
		if (dcil > QUICHDR_CID_MAX || n - off - 6 < dcil + 1)
			break;
		scil = p[off + 6 + dcil];
		if (scil > QUICHDR_CID_MAX || n - off - 7 - dcil < scil)
			break;
		off += 7 + dcil + scil;
		if (fam == QUICHDR_NEG)
			return k == 0 ? QUICHDR_VN : types;
		if (fam == QUICHDR_IETF2)
			type = (type + 3) & 3u; /* v2's 1,2,3,0 are v1's 0..3 */
		if (type == 3) /* a Retry fills the datagram */
			return types | QUICHDR_RETRY;
		if (type == 0) {
			uint64_t token;

			if (!quichdr_varint(p, n, &off, &token) ||
			    token > n - off) {
				/* its type is read; its end is not */
				types |= QUICHDR_INITIAL;
				break;
			}
			off += (size_t)token;
		}
		types |= type == 0 ? QUICHDR_INITIAL :
			 type == 1 ? QUICHDR_0RTT : QUICHDR_HANDSHAKE;
		if (!quichdr_varint(p, n, &off, &len) || len > n - off)
			break; /* the rest of the datagram, or cut short */
		off += (size_t)len;
	}
	return types;
}
