/*
 * fragtab: maps later IP fragments (no transport header) to their
 * datagram's flow: the first fragment leaves its ports here under
 * (src, dst, protocol, IP id); later fragments that arrive before it are
 * held as counts and handed over when it comes. When a datagram reuses
 * the identification of an earlier one with other ports, the later
 * fragments counted for the earlier mapping move to the new one, so each
 * (src, dst, protocol, id) ends with one flow, as tshark-made truth files
 * count them. A small direct-mapped
 * table: a collision forgets the older datagram, bounding memory under a
 * flood of fragments.
 */
#ifndef PKTOP_FRAGTAB_H
#define PKTOP_FRAGTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "base/addr.h"

#define FRAGTAB_SLOTS 4096 /* power of two */

struct frag_key {
	struct addr src, dst;
	uint8_t l4;
	uint8_t pad;
	uint32_t id;
};

struct frag_slot {
	struct frag_key key;
	uint8_t state;           /* FRAGTAB_EMPTY / _PORTS / _PENDING */
	uint16_t sport, dport;   /* when _PORTS */
	uint32_t pend_packets;   /* _PENDING: held; _PORTS: attributed */
	uint64_t pend_bytes;
};

/* Later fragments to take back from the flow with ports SPORT, DPORT. */
struct frag_move {
	uint16_t sport, dport;
	uint32_t packets;
	uint64_t bytes;
};

struct fragtab {
	struct frag_slot slot[FRAGTAB_SLOTS];
	uint64_t unmatched; /* pending fragments forgotten for their slot */
};

void fragtab_key_make(struct frag_key *k, const struct addr *src,
		      const struct addr *dst, uint8_t l4, uint32_t id);

void fragtab_clear(struct fragtab *t);

/* A first fragment's ports. Pending counts for the same datagram, if any,
 * go to *PACKETS and *BYTES (0 otherwise) for the caller to add; MV gets
 * the later fragments already given to another flow under this key
 * (MV->packets 0: none), which the caller moves to this one (and which
 * are included in *PACKETS and *BYTES). */
void fragtab_note_first(struct fragtab *t, const struct frag_key *k,
			uint16_t sport, uint16_t dport, uint32_t *packets,
			uint64_t *bytes, struct frag_move *mv);

/* A later fragment of LEN bytes: true with its datagram's ports when
 * known; false when not (it is then held as pending). */
bool fragtab_later(struct fragtab *t, const struct frag_key *k, uint32_t len,
		   uint16_t *sport, uint16_t *dport);

#endif
