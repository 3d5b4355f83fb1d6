/*
 * test_conntab: the canonical 5-tuple puts both directions on one entry,
 * the direction is told from the first sender, eviction at the limit.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/conntab.h"

static struct addr
ip(const char *text)
{
	struct addr a;

	assert_int_equal(addr_parse(&a, text), 0);
	return a;
}

static struct conn_entry *
get(struct conntab *t, const char *src, uint16_t sport, const char *dst,
    uint16_t dport, double ts, int *dir, bool *created)
{
	struct addr s = ip(src), d = ip(dst);
	struct conn_key k;
	struct conn_entry *c;
	bool from_lo;

	flowkey_make(&k, 6, &s, sport, &d, dport, &from_lo);
	c = conntab_get(t, &k, ts, created);
	assert_non_null(c);
	if (*created)
		c->a_is_hi = !from_lo;
	*dir = conntab_dir(c, from_lo);
	return c;
}

static void
test_both_directions_share_one_entry(void **state)
{
	struct conntab t;
	struct conn_entry *c1, *c2;
	bool created;
	int dir;

	(void)state;
	conntab_init(&t, 16);
	/* the first sender is the higher endpoint, so a is key.hi */
	c1 = get(&t, "10.0.0.9", 443, "10.0.0.1", 5000, 1.0, &dir, &created);
	assert_true(created);
	assert_int_equal(dir, CONN_A_TO_B);
	assert_true(c1->a_is_hi);
	c2 = get(&t, "10.0.0.1", 5000, "10.0.0.9", 443, 2.0, &dir, &created);
	assert_false(created);
	assert_ptr_equal(c1, c2);
	assert_int_equal(dir, CONN_B_TO_A);
	c2 = get(&t, "10.0.0.9", 443, "10.0.0.1", 5000, 3.0, &dir, &created);
	assert_int_equal(dir, CONN_A_TO_B);
	/* another port is another connection */
	c2 = get(&t, "10.0.0.9", 443, "10.0.0.1", 5001, 3.0, &dir, &created);
	assert_true(created);
	assert_ptr_not_equal(c1, c2);
	assert_true(c2->id > c1->id);
	conntab_destroy(&t);
}

static void
test_key_has_no_garbage_between_fields(void **state)
{
	struct conn_key k1, k2;
	struct addr s = ip("2001:db8::1"), d = ip("2001:db8::2");
	bool lo;

	(void)state;
	memset(&k1, 0xff, sizeof(k1));
	memset(&k2, 0x00, sizeof(k2));
	flowkey_make(&k1, 17, &s, 53, &d, 5353, &lo);
	assert_true(lo);
	flowkey_make(&k2, 17, &d, 5353, &s, 53, &lo);
	assert_false(lo);
	assert_memory_equal(&k1, &k2, sizeof(k1));
}

static void
test_same_address_orders_by_port(void **state)
{
	struct conn_key k;
	struct addr s = ip("127.0.0.1");
	bool lo;

	(void)state;
	flowkey_make(&k, 6, &s, 9000, &s, 80, &lo);
	assert_false(lo);
	assert_int_equal(k.lo_port, 80);
	assert_int_equal(k.hi_port, 9000);
}

static void
test_eviction_at_limit_removes_least_recently_seen(void **state)
{
	struct conntab t;
	struct conn_entry *c;
	struct conn_key k;
	struct addr s = ip("10.0.0.1"), d = ip("10.0.0.2");
	bool created, lo;
	int dir;

	(void)state;
	conntab_init(&t, 2);
	get(&t, "10.0.0.1", 1, "10.0.0.2", 80, 1.0, &dir, &created);
	c = get(&t, "10.0.0.1", 2, "10.0.0.2", 80, 2.0, &dir, &created);
	conntab_set_name(&t, c, "example.org", 11);
	get(&t, "10.0.0.2", 80, "10.0.0.1", 1, 3.0, &dir, &created);
	assert_false(created);
	get(&t, "10.0.0.1", 3, "10.0.0.2", 80, 4.0, &dir, &created);
	assert_true(created);
	assert_int_equal(t.count, 2);
	assert_int_equal(t.evicted, 1);
	/* port 2 was the least recently seen */
	flowkey_make(&k, 6, &s, 2, &d, 80, &lo);
	c = conntab_find(&t, &k, conntab_hash(&k));
	assert_null(c);
	assert_int_equal(t.name_bytes, 0);
	flowkey_make(&k, 6, &s, 1, &d, 80, &lo);
	c = conntab_find(&t, &k, conntab_hash(&k));
	assert_non_null(c);
	conntab_destroy(&t);
}

static void
test_first_name_is_kept(void **state)
{
	struct conntab t;
	struct conn_entry *c;
	bool created;
	int dir;

	(void)state;
	conntab_init(&t, 4);
	c = get(&t, "10.0.0.1", 1, "10.0.0.2", 443, 1.0, &dir, &created);
	conntab_set_name(&t, c, "first.example", 13);
	conntab_set_name(&t, c, "second.example", 14);
	assert_string_equal(c->name, "first.example");
	assert_int_equal(t.name_bytes, 14);
	conntab_destroy(&t);
}

static void
test_entry_fits_memory_budget(void **state)
{
	(void)state;
	/* under 336 bytes per connection with the hash handle and a share
	 * of the bucket array (300 before the process owner and the flow
	 * export's state); TCP's health (model/connhealth.h) is a block of
	 * its own, allocated for TCP connections only */
	assert_true(sizeof(struct conn_entry) + 2 * sizeof(UT_hash_bucket) <
		    336);
	assert_true(sizeof(struct connhealth) <= 192);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_both_directions_share_one_entry),
		cmocka_unit_test(test_key_has_no_garbage_between_fields),
		cmocka_unit_test(test_same_address_orders_by_port),
		cmocka_unit_test(test_eviction_at_limit_removes_least_recently_seen),
		cmocka_unit_test(test_first_name_is_kept),
		cmocka_unit_test(test_entry_fits_memory_budget),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
