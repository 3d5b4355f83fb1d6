/*
 * fragtab: the fragment-to-flow table (RFC 791 section 3.2 and RFC 8200
 * section 4.5: a datagram is identified by source, destination, protocol
 * and identification; only its first fragment carries the ports).
 */
#include "config.h"

#include "model/fragtab.h"

#include <string.h>

#include "base/tabhash.h"

enum { FRAGTAB_EMPTY = 0, FRAGTAB_PORTS, FRAGTAB_PENDING };

_Static_assert((FRAGTAB_SLOTS & (FRAGTAB_SLOTS - 1)) == 0, "slots must be a power of two");

void
fragtab_key_make(struct frag_key *k, const struct addr *src,
		 const struct addr *dst, uint8_t l4, uint32_t id)
{
	memset(k, 0, sizeof(*k));
	k->src = *src;
	k->dst = *dst;
	k->l4 = l4;
	k->id = id;
}

void
fragtab_clear(struct fragtab *t)
{
	memset(t, 0, sizeof(*t));
}

static struct frag_slot *
fragtab_slot(struct fragtab *t, const struct frag_key *k)
{
	return &t->slot[tabhash_bytes(k, sizeof(*k)) & (FRAGTAB_SLOTS - 1)];
}

static bool
fragtab_same(const struct frag_slot *s, const struct frag_key *k)
{
	return s->state != FRAGTAB_EMPTY &&
	       memcmp(&s->key, k, sizeof(*k)) == 0;
}

void
fragtab_note_first(struct fragtab *t, const struct frag_key *k,
		   uint16_t sport, uint16_t dport, uint32_t *packets,
		   uint64_t *bytes, struct frag_move *mv)
{
	struct frag_slot *s = fragtab_slot(t, k);

	*packets = 0;
	*bytes = 0;
	memset(mv, 0, sizeof(*mv));
	if (fragtab_same(s, k) && s->state == FRAGTAB_PENDING) {
		*packets = s->pend_packets;
		*bytes = s->pend_bytes;
	} else if (fragtab_same(s, k) && s->state == FRAGTAB_PORTS) {
		if (s->sport == sport && s->dport == dport)
			return; /* the same flow again: nothing moves */
		mv->sport = s->sport;
		mv->dport = s->dport;
		mv->packets = s->pend_packets;
		mv->bytes = s->pend_bytes;
		*packets = s->pend_packets;
		*bytes = s->pend_bytes;
	} else if (s->state == FRAGTAB_PENDING) {
		t->unmatched += s->pend_packets;
	}
	memset(s, 0, sizeof(*s));
	s->key = *k;
	s->state = FRAGTAB_PORTS;
	s->sport = sport;
	s->dport = dport;
	/* the fragments handed over now belong to this mapping */
	s->pend_packets = *packets;
	s->pend_bytes = *bytes;
}

bool
fragtab_later(struct fragtab *t, const struct frag_key *k, uint32_t len,
	      uint16_t *sport, uint16_t *dport)
{
	struct frag_slot *s = fragtab_slot(t, k);

	if (fragtab_same(s, k)) {
		if (s->state == FRAGTAB_PORTS) {
			*sport = s->sport;
			*dport = s->dport;
			s->pend_packets++;
			s->pend_bytes += len;
			return true;
		}
		s->pend_packets++;
		s->pend_bytes += len;
		return false;
	}
	if (s->state == FRAGTAB_PENDING)
		t->unmatched += s->pend_packets;
	memset(s, 0, sizeof(*s));
	s->key = *k;
	s->state = FRAGTAB_PENDING;
	s->pend_packets = 1;
	s->pend_bytes = len;
	return false;
}
