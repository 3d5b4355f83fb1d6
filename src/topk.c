/*
 * topk: bounded heap selection. The heap's root is the kept item that
 * comes last in the requested order, so a new item only has to beat it.
 */
#include "config.h"

#include "topk.h"

void
topk_init(struct topk *t, struct topk_item *v, size_t k, int dir,
	  topk_tie_fn tie, int tie_dir)
{
	t->v = v;
	t->n = 0;
	t->k = k;
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

void
topk_offer(struct topk *t, double key, const void *ent)
{
	struct topk_item it = { .key = key, .ent = ent };

	if (t->k == 0)
		return;
	if (t->n < t->k) {
		size_t i = t->n++;

		t->v[i] = it;
		while (i > 0) {
			size_t p = (i - 1) / 2;

			if (topk_order(t, &t->v[i], &t->v[p]) <= 0)
				break;
			topk_swap(&t->v[i], &t->v[p]);
			i = p;
		}
		return;
	}
	if (topk_order(t, &it, &t->v[0]) >= 0)
		return;
	t->v[0] = it;
	topk_sift_down(t, 0, t->n);
}

size_t
topk_finish(struct topk *t)
{
	for (size_t end = t->n; end > 1; end--) {
		topk_swap(&t->v[0], &t->v[end - 1]);
		topk_sift_down(t, 0, end - 1);
	}
	return t->n;
}
