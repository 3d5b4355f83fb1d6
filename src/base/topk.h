/*
 * topk: the first K items of an order without sorting everything: a
 * bounded max-heap holds the best K seen so far (O(n log K)), then is
 * sorted in place. When no more than K come (a report of a whole table),
 * they are merge sorted instead, which reads memory in order. Readers use
 * it on a private array, never on a table.
 */
#ifndef PKTOP_TOPK_H
#define PKTOP_TOPK_H

#include <stddef.h>
#include <stdint.h>

struct topk_item {
	double key;
	const void *ent;
	uint64_t tag;    /* the caller's, carried along (e.g. the entry's id) */
};

/* Order of two entries whose keys are equal: < 0 when A comes first. */
typedef int (*topk_tie_fn)(const void *a, const void *b);

struct topk {
	struct topk_item *v; /* caller's array of K items */
	size_t n, k;
	int heaped;          /* V is a heap: more than K items were offered */
	int dir;             /* +1 ascending keys, -1 descending */
	int tie_dir;         /* the same for the tie-break */
	topk_tie_fn tie;
};

void topk_init(struct topk *t, struct topk_item *v, size_t k, int dir,
	       topk_tie_fn tie, int tie_dir);
void topk_offer(struct topk *t, double key, const void *ent);
/* The same, with a TAG kept in the item. */
void topk_offer_tag(struct topk *t, double key, const void *ent,
		    uint64_t tag);
/* Sort the kept items into order; returns how many there are. */
size_t topk_finish(struct topk *t);

#endif
