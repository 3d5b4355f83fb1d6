/*
 * fragtab: maps later IP fragments (no transport header) to their
 * datagram's flow: the first fragment leaves its ports here under
 * (src, dst, protocol, IP id); later fragments that arrive before it are
 * held as counts and handed over when it comes. A small direct-mapped
 * table: a collision forgets the older datagram, bounding memory under a
 * flood of fragments.
 */
#ifndef PKTOP_FRAGTAB_H
#define PKTOP_FRAGTAB_H

#include <stdbool.h>
#include <stdint.h>

#include "addr.h"

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
	uint32_t pend_packets;   /* when _PENDING */
	uint64_t pend_bytes;
};

struct fragtab {
	struct frag_slot slot[FRAGTAB_SLOTS];
	uint64_t unmatched; /* pending fragments forgotten for their slot */
};

void fragtab_key_make(struct frag_key *k, const struct addr *src,
		      const struct addr *dst, uint8_t l4, uint32_t id);

void fragtab_clear(struct fragtab *t);

/* A first fragment's ports. Pending counts for the same datagram, if any,
 * go to *PACKETS and *BYTES (0 otherwise) for the caller to add. */
void fragtab_note_first(struct fragtab *t, const struct frag_key *k,
			uint16_t sport, uint16_t dport, uint32_t *packets,
			uint64_t *bytes);

/* A later fragment: true with its datagram's ports when known; false when
 * not (it is then held as pending, LEN bytes). */
bool fragtab_later(struct fragtab *t, const struct frag_key *k, uint32_t len,
		   uint16_t *sport, uint16_t *dport);

#endif
