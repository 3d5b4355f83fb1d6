/*
 * hosttab: one entry per IP address seen as an outermost IP source or
 * destination, bounded by a limit at which the least recently seen entry
 * goes. Not locked: the model lock guards it.
 */
#ifndef PKTOP_HOSTTAB_H
#define PKTOP_HOSTTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/lrutab.h"
#include "base/rate.h"

struct host_entry {
	struct lrutab_node node; /* hash handle and LRU link: first */
	uint64_t tx_packets, tx_bytes; /* as IP source */
	uint64_t rx_packets, rx_bytes; /* as IP destination */
	double first_ts, last_ts;
	struct rate tx_rate, rx_rate;  /* bytes */
	struct addr addr;              /* the key */
	uint8_t live;                  /* 0: on the slab's free list */
	uint8_t local;                 /* one of the capture interface's */
	/* seen only inside a tunnel of this kind (decode.h), 0 once seen
	 * as a packet's own address */
	uint8_t tunnel;
	/* hosttab.next_id when created: tells a reader holding a pointer
	 * across lock holds that the slot now holds another host (32 bits,
	 * in the padding: wraps only after 4G new hosts) */
	uint32_t id;
	/* its TCP connections' health, rolled up (model/connhealth.h):
	 * events in either direction of a connection it is an end of */
	uint32_t tcp_retrans, tcp_zero_windows, tcp_rsts, tcp_lost;
	uint32_t tcp_dupacks;
	uint32_t tcp_rtt_worst; /* us: the highest connection RTT seen */
};

/* The bounded-table core (base/lrutab.h), its fields readable by name. */
struct hosttab {
	union {
		struct lrutab core;
		struct {
			LRUTAB_FIELDS
		};
	};
	uint32_t next_id;
};

void hosttab_init(struct hosttab *t, size_t max);
void hosttab_destroy(struct hosttab *t);
/* Drop every entry and the evicted count. */
void hosttab_clear(struct hosttab *t);

/* The entry for A, created (first_ts = TS) if new, after evicting the
 * least recently seen one at the limit; it becomes the most recent.
 * *CREATED tells a new entry. NULL only when out of memory. */
struct host_entry *hosttab_get(struct hosttab *t, const struct addr *a,
			       double ts, bool *created);
/* The same with the key's hash already computed (hosttab_hash). */
struct host_entry *hosttab_get_hashed(struct hosttab *t, const struct addr *a,
				      uint32_t hv, double ts, bool *created);

static inline uint32_t
hosttab_hash(const struct addr *a)
{
	return tabhash_bytes(a, sizeof(*a));
}

/* Stages of a prefetch pipeline ahead of hosttab_get_hashed (tabhash.h). */
static inline const UT_hash_table *
hosttab_tbl(const struct hosttab *t)
{
	return lrutab_tbl(&t->core);
}

static inline void
hosttab_prefetch_entry(const struct hosttab *t, uint32_t hv)
{
	const struct host_entry *h = tabhash_peek(hosttab_tbl(t), hv);

	if (h != NULL) {
		__builtin_prefetch((const char *)h + 128, 1);
		__builtin_prefetch(h->node.lru.prev, 1);
		__builtin_prefetch(h->node.lru.next, 1);
	}
}

/* The entry for A if there is one, without making it the most recent. */
static inline struct host_entry *
hosttab_find(struct hosttab *t, const struct addr *a, uint32_t hv)
{
	return (struct host_entry *)(void *)lrutab_find(&t->core, a,
							 sizeof(*a), hv);
}

/* Bytes held: entries, hash buckets. */
size_t hosttab_bytes(const struct hosttab *t);

#endif
