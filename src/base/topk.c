/*
 * topk: bounded heap selection. The heap's root is the kept item that
 * comes last in the requested order, so a new item only has to beat it.
 */
#include "config.h"

#include "base/topk.h"

#include <stdlib.h>
#include <string.h>

void
topk_init(struct topk *t, struct topk_item *v, size_t k, int dir,
	  topk_tie_fn tie, int tie_dir)
{
	t->v = v;
	t->n = 0;
	t->k = k;
	t->heaped = 0;
	t->dir = dir;
	t->tie = tie;
	t->tie_dir = tie_dir;
}

/* < 0 when A comes before B in the output */
static int
topk_order(const struct topk *t, const struct topk_item *a,
	   const struct topk_item *b)
{
	if (a->key < b->key)
		return -t->dir;
	if (a->key > b->key)
		return t->dir;
	return t->tie_dir * t->tie(a->ent, b->ent);
}

static void
topk_swap(struct topk_item *a, struct topk_item *b)
{
	struct topk_item x = *a;

	*a = *b;
	*b = x;
}

static void
topk_sift_down(struct topk *t, size_t i, size_t n)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, big = i;

		if (l < n && topk_order(t, &t->v[l], &t->v[big]) > 0)
			big = l;
		if (r < n && topk_order(t, &t->v[r], &t->v[big]) > 0)
			big = r;
		if (big == i)
			return;
		topk_swap(&t->v[i], &t->v[big]);
		i = big;
	}
}

/* Make V[0..n) a heap whose root comes last in the order. */
static void
topk_heapify(struct topk *t)
{
	for (size_t i = t->n / 2; i-- > 0;)
		topk_sift_down(t, i, t->n);
	t->heaped = 1;
}

void
topk_offer(struct topk *t, double key, const void *ent)
{
	topk_offer_tag(t, key, ent, 0);
}

void
topk_offer_tag(struct topk *t, double key, const void *ent, uint64_t tag)
{
	struct topk_item it = { .key = key, .ent = ent, .tag = tag };

	if (t->k == 0)
		return;
	if (t->n < t->k) {
		/* kept in arrival order until one more than K comes */
		t->v[t->n++] = it;
		return;
	}
	if (!t->heaped)
		topk_heapify(t);
	if (topk_order(t, &it, &t->v[0]) >= 0)
		return;
	t->v[0] = it;
	topk_sift_down(t, 0, t->n);
}

/* Bottom-up merge sort of V[0..n) through TMP (n items). */
static void
topk_merge_sort(struct topk *t, struct topk_item *tmp)
{
	struct topk_item *from = t->v, *to = tmp, *x;
	size_t n = t->n;

	for (size_t width = 1; width < n; width *= 2) {
		for (size_t lo = 0; lo < n; lo += 2 * width) {
			size_t mid = lo + width < n ? lo + width : n;
			size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
			size_t a = lo, b = mid, o = lo;

			while (a < mid && b < hi)
				to[o++] = topk_order(t, &from[b], &from[a]) < 0 ?
						  from[b++] : from[a++];
			while (a < mid)
				to[o++] = from[a++];
			while (b < hi)
				to[o++] = from[b++];
		}
		x = from;
		from = to;
		to = x;
	}
	if (from != t->v)
		memcpy(t->v, from, n * sizeof(*t->v));
}

size_t
topk_finish(struct topk *t)
{
	if (!t->heaped && t->n > 1) {
		struct topk_item *tmp = malloc(t->n * sizeof(*tmp));

		if (tmp != NULL) {
			topk_merge_sort(t, tmp);
			free(tmp);
			return t->n;
		}
		topk_heapify(t); /* no memory: sort in place */
	}
	for (size_t end = t->n; end > 1; end--) {
		topk_swap(&t->v[0], &t->v[end - 1]);
		topk_sift_down(t, 0, end - 1);
	}
	return t->n;
}
