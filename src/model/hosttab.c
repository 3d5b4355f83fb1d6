/*
 * hosttab: per-address counters on the bounded-table core (base/lrutab.h)
 * keyed by the 17-byte struct addr (memcmp-able by construction).
 */
#include "config.h"

#include "model/hosttab.h"

#include <stddef.h>

/* The memory budget (doc/architecture.md): keep an eye on it. */
_Static_assert(sizeof(struct host_entry) <= 216, "host entry grew past 216 bytes");

_Static_assert(offsetof(struct host_entry, node) == 0,
	       "the core's node comes first");

void
hosttab_init(struct hosttab *t, size_t max)
{
	lrutab_init(&t->core, sizeof(struct host_entry), max);
	t->next_id = 1;
}

void
hosttab_destroy(struct hosttab *t)
{
	lrutab_destroy(&t->core);
}

void
hosttab_clear(struct hosttab *t)
{
	size_t max = t->max;
	uint32_t next_id = t->next_id;

	hosttab_destroy(t);
	hosttab_init(t, max);
	t->next_id = next_id;
}

/* An entry going back to the slab: readers walking the slab skip it. */
static void
hosttab_release(struct lrutab *t, struct lrutab_node *n)
{
	(void)t;
	((struct host_entry *)(void *)n)->live = 0;
}

struct host_entry *
hosttab_get(struct hosttab *t, const struct addr *a, double ts, bool *created)
{
	return hosttab_get_hashed(t, a, hosttab_hash(a), ts, created);
}

struct host_entry *
hosttab_get_hashed(struct hosttab *t, const struct addr *a, uint32_t hv,
		   double ts, bool *created)
{
	struct host_entry *h;

	h = (struct host_entry *)(void *)lrutab_get(
		&t->core, a, offsetof(struct host_entry, addr), sizeof(*a), hv,
		hosttab_release, created);
	if (h != NULL && *created) {
		h->first_ts = h->last_ts = ts;
		h->live = 1;
		h->id = t->next_id++;
	}
	return h;
}

size_t
hosttab_bytes(const struct hosttab *t)
{
	return lrutab_bytes(&t->core);
}
