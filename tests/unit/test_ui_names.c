/*
 * test_ui_names: the resolver answers from its cache without blocking
 * (a slow backend stands in for DNS), bounds its cache, and port names
 * come from the services database.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/resolver.h"
#include "base/services.h"

static int
fake_ptr(const struct addr *a, char *name, size_t size)
{
	if (a->bytes[3] == 99)
		return -1; /* no PTR record */
	snprintf(name, size, "host-%u.example", a->bytes[3]);
	return 0;
}

static int
slow_ptr(const struct addr *a, char *name, size_t size)
{
	sleep(2);
	return fake_ptr(a, name, size);
}

static struct addr
v4(uint8_t last)
{
	const uint8_t b[4] = { 10, 0, 0, last };
	struct addr a;

	addr_set4(&a, b);
	return a;
}

/* Ask until the answer comes, at most 5 s. */
static bool
wait_name(struct resolver *r, uint8_t last, char *name, size_t size)
{
	struct addr a = v4(last);
	int i;

	for (i = 0; i < 500; i++) {
		if (resolver_lookup(r, &a, name, size))
			return true;
		usleep(10000);
	}
	return false;
}

static void
test_first_lookup_queues_then_the_name_arrives(void **state)
{
	char err[128], name[64];
	struct resolver *r = resolver_new(2, 0, err, sizeof(err));
	struct addr a = v4(7);

	(void)state;
	assert_non_null(r);
	resolver_set_backend(r, fake_ptr);
	assert_false(resolver_lookup(r, &a, name, sizeof(name)));
	assert_true(wait_name(r, 7, name, sizeof(name)));
	assert_string_equal(name, "host-7.example");
	resolver_free(r);
}

static void
test_no_name_stays_an_address(void **state)
{
	char err[128], name[64];
	struct resolver *r = resolver_new(1, 0, err, sizeof(err));
	struct resolver_stats st;

	struct addr a = v4(99);
	int i;

	(void)state;
	resolver_set_backend(r, fake_ptr);
	assert_false(resolver_lookup(r, &a, name, sizeof(name)));
	for (i = 0; i < 500; i++) {
		resolver_get_stats(r, &st);
		if (st.failed)
			break;
		usleep(10000);
	}
	assert_int_equal(st.failed, 1);
	/* Asked again: still no name, and not asked of DNS twice. */
	assert_false(resolver_lookup(r, &a, name, sizeof(name)));
	resolver_get_stats(r, &st);
	assert_int_equal(st.pending, 0);
	assert_int_equal(st.answered, 0);
	resolver_free(r);
}

static void
test_a_slow_server_never_blocks_lookup_or_free(void **state)
{
	char err[128], name[64];
	struct resolver *r = resolver_new(1, 0, err, sizeof(err));
	struct timespec t0, t1;
	struct addr a;
	int i;

	(void)state;
	resolver_set_backend(r, slow_ptr);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 1; i < 50; i++) {
		a = v4((uint8_t)i);
		assert_false(resolver_lookup(r, &a, name, sizeof(name)));
	}
	resolver_free(r); /* the worker is still asleep in slow_ptr */
	clock_gettime(CLOCK_MONOTONIC, &t1);
	assert_true(t1.tv_sec - t0.tv_sec < 1);
	sleep(3); /* let the worker finish and free the state (ASan) */
}

static void
test_cache_is_bounded(void **state)
{
	char err[128], name[64];
	struct resolver *r = resolver_new(2, 8, err, sizeof(err));
	struct resolver_stats st;
	int i;

	(void)state;
	resolver_set_backend(r, fake_ptr);
	for (i = 1; i <= 40; i++)
		wait_name(r, (uint8_t)i, name, sizeof(name));
	resolver_get_stats(r, &st);
	assert_true(st.cached <= 8);
	assert_true(st.answered >= 40);
	resolver_free(r);
}

static void
test_services_names_well_known_ports(void **state)
{
	(void)state;
	if (access("/etc/services", R_OK) != 0)
		skip();
	assert_true(services_count() > 10);
	assert_string_equal(services_name(22, 6), "ssh");
	assert_string_equal(services_name(53, 17), "domain");
	assert_null(services_name(22, 1));
	assert_null(services_name(65001, 6));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_first_lookup_queues_then_the_name_arrives),
		cmocka_unit_test(test_no_name_stays_an_address),
		cmocka_unit_test(test_a_slow_server_never_blocks_lookup_or_free),
		cmocka_unit_test(test_cache_is_bounded),
		cmocka_unit_test(test_services_names_well_known_ports),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
