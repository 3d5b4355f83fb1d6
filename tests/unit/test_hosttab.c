/*
 * test_hosttab: one entry per address, found again by value, and at the
 * limit the least recently seen goes and is counted.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/hosttab.h"

static struct addr
ip(const char *text)
{
	struct addr a;

	assert_int_equal(addr_parse(&a, text), 0);
	return a;
}

/* The entry for A if there is one, its recency unchanged. */
static struct host_entry *
find(struct hosttab *t, const struct addr *a)
{
	return (struct host_entry *)(void *)lrutab_find(&t->core, a,
							 sizeof(*a),
							 hosttab_hash(a));
}

static void
test_same_address_finds_same_entry(void **state)
{
	struct hosttab t;
	struct addr a = ip("10.0.0.1"), b = ip("10.0.0.1"), c = ip("::1");
	struct host_entry *h1, *h2, *h3;
	bool created;

	(void)state;
	hosttab_init(&t, 16);
	h1 = hosttab_get(&t, &a, 1.0, &created);
	assert_true(created);
	assert_true(h1->first_ts == 1.0);
	h2 = hosttab_get(&t, &b, 2.0, &created);
	assert_false(created);
	assert_ptr_equal(h1, h2);
	h3 = hosttab_get(&t, &c, 3.0, &created);
	assert_true(created);
	assert_ptr_not_equal(h1, h3);
	assert_int_equal(t.count, 2);
	hosttab_destroy(&t);
}

static void
test_eviction_at_limit_removes_least_recently_seen(void **state)
{
	struct hosttab t;
	struct addr a = ip("10.0.0.1"), b = ip("10.0.0.2"), c = ip("10.0.0.3");
	struct host_entry *h;
	bool created;

	(void)state;
	hosttab_init(&t, 2);
	hosttab_get(&t, &a, 1.0, &created);
	hosttab_get(&t, &b, 2.0, &created);
	/* a is seen again: b is now the least recent */
	hosttab_get(&t, &a, 3.0, &created);
	assert_false(created);
	hosttab_get(&t, &c, 4.0, &created);
	assert_true(created);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.evicted, 1);
	h = find(&t, &b);
	assert_null(h);
	h = find(&t, &a);
	assert_non_null(h);
	h = find(&t, &c);
	assert_non_null(h);
	/* b comes back as a new entry, and a (oldest now) goes */
	hosttab_get(&t, &b, 5.0, &created);
	assert_true(created);
	assert_int_equal(t.evicted, 2);
	h = find(&t, &a);
	assert_null(h);
	hosttab_destroy(&t);
}

static void
test_many_hosts_stay_under_limit_and_reuse_memory(void **state)
{
	struct hosttab t;
	size_t bytes_at_limit = 0, slab_at_limit = 0;
	bool created;

	(void)state;
	hosttab_init(&t, 1000);
	for (uint32_t i = 0; i < 50000; i++) {
		uint8_t b[4] = { 10, (uint8_t)(i >> 16), (uint8_t)(i >> 8), (uint8_t)i };
		struct addr a;

		addr_set4(&a, b);
		assert_non_null(hosttab_get(&t, &a, (double)i, &created));
		assert_true(t.count <= 1000);
		if (i == 1000) {
			bytes_at_limit = hosttab_bytes(&t);
			slab_at_limit = slab_bytes(&t.slab);
		}
	}
	assert_int_equal(t.evicted, 50000 - 1000);
	/* a flood of new sources reuses the evicted entries; only the
	 * bucket array may still double once on an unlucky chain */
	assert_int_equal(slab_bytes(&t.slab), slab_at_limit);
	assert_true(hosttab_bytes(&t) < 2 * bytes_at_limit);
	hosttab_destroy(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_address_finds_same_entry),
		cmocka_unit_test(test_eviction_at_limit_removes_least_recently_seen),
		cmocka_unit_test(test_many_hosts_stay_under_limit_and_reuse_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
