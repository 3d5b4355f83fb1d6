/*
 * flowkey: the canonical connection key. The order of endpoints is any
 * total order; this one is three loads.
 */
#include "config.h"

#include "base/flowkey.h"

#include <string.h>

_Static_assert(sizeof(struct addr) == 17, "struct addr is 17 bytes");
_Static_assert(sizeof(struct conn_key) == 40,
	       "conn key must have no hidden padding");

static int
flowkey_addr_order(const struct addr *a, const struct addr *b)
{
	uint64_t x, y;

	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	if (x != y)
		return x < y ? -1 : 1;
	memcpy(&x, (const uint8_t *)a + 8, 8);
	memcpy(&y, (const uint8_t *)b + 8, 8);
	if (x != y)
		return x < y ? -1 : 1;
	return (int)a->bytes[15] - (int)b->bytes[15];
}

void
flowkey_make(struct conn_key *k, uint8_t l4, const struct addr *src,
	     uint16_t sport, const struct addr *dst, uint16_t dport,
	     bool *from_lo)
{
	int c = flowkey_addr_order(src, dst);

	k->l4 = l4;
	k->mark = 0;
	if (c < 0 || (c == 0 && sport <= dport)) {
		k->lo = *src;
		k->lo_port = sport;
		k->hi = *dst;
		k->hi_port = dport;
		*from_lo = true;
	} else {
		k->lo = *dst;
		k->lo_port = dport;
		k->hi = *src;
		k->hi_port = sport;
		*from_lo = false;
	}
}

bool
flowkey_equal(const struct conn_key *a, const struct conn_key *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}
