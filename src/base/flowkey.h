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
	/* which flows may share an address pair (FLOWKEY_MARK_*): 0 for a
	 * packet's own flow; the flow inside a tunnel has the tunnel's kind
	 * (decode/decode.h, enum decode_tunnel) so that it never merges with
	 * an outer flow; a collected flow its exporter's slot; other tables
	 * keep their own keys apart with it (procattr's listeners) */
	uint8_t mark;
	uint16_t lo_port, hi_port;
	struct addr lo, hi; /* lo before hi in a fixed order (flowkey.c) */
};

/* conn_key.mark's ranges: below FLOWKEY_MARK_COLLECTED a tunnel's kind
 * (0: none); from it on a flow --collect received, mark
 * FLOWKEY_MARK_COLLECTED - 1 + its exporter's slot (1 to 240). */
#define FLOWKEY_MARK_COLLECTED 16
#define FLOWKEY_EXPORTER_SLOTS (256 - FLOWKEY_MARK_COLLECTED)

/* The tunnel K's flow came through (enum decode_tunnel), 0 for none. */
static inline unsigned
flowkey_tunnel(const struct conn_key *k)
{
	return k->mark < FLOWKEY_MARK_COLLECTED ? k->mark : 0;
}

/* The exporter slot of a collected flow's key, 0 for a flow captured
 * here. */
static inline unsigned
flowkey_exporter_slot(const struct conn_key *k)
{
	return k->mark >= FLOWKEY_MARK_COLLECTED
		       ? k->mark - FLOWKEY_MARK_COLLECTED + 1u : 0;
}

/* Build the canonical key of a packet from SRC:SPORT to DST:DPORT with
 * IP protocol L4; *FROM_LO tells whether SRC is the key's lo endpoint. */
void flowkey_make(struct conn_key *k, uint8_t l4, const struct addr *src,
		  uint16_t sport, const struct addr *dst, uint16_t dport,
		  bool *from_lo);

bool flowkey_equal(const struct conn_key *a, const struct conn_key *b);

#endif
