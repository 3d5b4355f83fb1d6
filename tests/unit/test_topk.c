/*
 * test_topk: the first K items come out in order, ties broken by the tie
 * function, whether K holds them all (merge sort) or not (bounded heap),
 * checked against qsort on random keys with many ties.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "base/topk.h"

struct item {
	double key;
	unsigned id;
};

static int
tie_by_id(const void *a, const void *b)
{
	unsigned x = ((const struct item *)a)->id, y = ((const struct item *)b)->id;

	return x < y ? -1 : x > y;
}

static int sort_dir; /* +1 ascending keys, -1 descending; ids ascending */

static int
by_order(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (x->key != y->key)
		return (x->key < y->key ? -1 : 1) * sort_dir;
	return tie_by_id(x, y);
}

static void
check(size_t n, size_t k, int dir, unsigned seed)
{
	struct item *items = malloc(n * sizeof(*items));
	struct item *want = malloc(n * sizeof(*want));
	struct topk_item *v = malloc((k ? k : 1) * sizeof(*v));
	struct topk t;
	size_t got;

	assert_non_null(items);
	assert_non_null(want);
	assert_non_null(v);
	for (size_t i = 0; i < n; i++) {
		seed = seed * 1103515245u + 12345u;
		items[i].key = (double)((seed >> 16) % 50); /* many ties */
		items[i].id = (unsigned)i;
		want[i] = items[i];
	}
	sort_dir = dir;
	qsort(want, n, sizeof(*want), by_order);
	topk_init(&t, v, k, dir, tie_by_id, +1);
	for (size_t i = 0; i < n; i++)
		topk_offer(&t, items[i].key, &items[i]);
	got = topk_finish(&t);
	assert_int_equal(got, n < k ? n : k);
	for (size_t i = 0; i < got; i++)
		assert_int_equal(((const struct item *)v[i].ent)->id, want[i].id);
	free(items);
	free(want);
	free(v);
}

static void
test_all_kept_come_out_sorted(void **state)
{
	(void)state;
	for (size_t n = 0; n < 70; n++)
		check(n, 100, n % 2 ? 1 : -1, (unsigned)n);
	check(50000, 50000, -1, 7);
	check(50001, 60000, 1, 8);
}

static void
test_the_best_k_of_more_come_out_sorted(void **state)
{
	(void)state;
	for (size_t k = 1; k < 40; k++)
		check(100, k, k % 2 ? 1 : -1, (unsigned)k);
	check(50000, 25, -1, 9);
	check(50000, 49999, 1, 10);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_all_kept_come_out_sorted),
		cmocka_unit_test(test_the_best_k_of_more_come_out_sorted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
