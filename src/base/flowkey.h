/*
 * flowkey: the one definition of "the same connection": a canonical
 * 5-tuple, the smaller endpoint first, so both directions of a flow make
 * the same key. The connection table, the tree path's flow state and the
 * packet store's connection ids all come from it.
 */
#ifndef PKTOP_FLOWKEY_H
#define PKTOP_FLOWKEY_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"

/* Compared and hashed as raw memory: built by flowkey_make only, which
 * zeroes the padding. */
struct conn_key {
	uint8_t l4;       /* IP protocol number */
	/* 0 for a packet's own flow; the flow inside a tunnel has the
	 * tunnel's kind (decode/decode.h, enum decode_tunnel) so that it
	 * never merges with an outer flow; other tables keep their own keys
	 * apart with it (procattr's listeners) */
	uint8_t mark;
	uint16_t lo_port, hi_port;
	struct addr lo, hi; /* lo before hi in a fixed order (flowkey.c) */
};

/* Build the canonical key of a packet from SRC:SPORT to DST:DPORT with
 * IP protocol L4; *FROM_LO tells whether SRC is the key's lo endpoint. */
void flowkey_make(struct conn_key *k, uint8_t l4, const struct addr *src,
		  uint16_t sport, const struct addr *dst, uint16_t dport,
		  bool *from_lo);

bool flowkey_equal(const struct conn_key *a, const struct conn_key *b);

#endif
