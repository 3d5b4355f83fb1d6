/*
 * fuzz_quichdr: the QUIC long-header walk the hot path runs on UDP
 * payloads (decode/quichdr.c, quichdr_types): coalesced packets, token
 * and length varints, connection ID lengths. Input: one UDP payload.
 * Whatever the bytes, it stays inside them and answers only QUICHDR_*
 * bits, a Version Negotiation alone.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/quichdr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const unsigned all = QUICHDR_INITIAL | QUICHDR_0RTT |
			     QUICHDR_HANDSHAKE | QUICHDR_RETRY | QUICHDR_VN;
	uint8_t *copy;
	unsigned t;

	/* an exact-size heap copy: ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	if (size)
		memcpy(copy, data, size);
	t = quichdr_types(copy, size);
	if ((t & ~all) != 0 || ((t & QUICHDR_VN) && t != QUICHDR_VN))
		abort();
	free(copy);
	return 0;
}
