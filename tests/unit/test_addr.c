/*
 * test_addr: addresses are written by hand exactly as inet_ntop writes
 * them, in buffers of any size, and parsed back.
 */
#include "config.h"

#include <arpa/inet.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "base/addr.h"

static void
test_ipv4_is_written_as_inet_ntop_writes_it(void **state)
{
	char got[64], want[INET_ADDRSTRLEN];
	struct addr a;
	uint8_t b[4];

	(void)state;
	/* every value in every position, with neighbours of 1, 2, 3 digits */
	for (unsigned v = 0; v < 256; v++)
		for (unsigned pos = 0; pos < 4; pos++) {
			for (unsigned i = 0; i < 4; i++)
				b[i] = (uint8_t)(i == pos ? v : (v * 7 + i * 50) & 255);
			addr_set4(&a, b);
			inet_ntop(AF_INET, b, want, sizeof(want));
			assert_string_equal(addr_format(&a, got, sizeof(got)),
					    want);
		}
}

/* Every pattern of zero and non-zero words (where "::" goes), the
 * IPv4-mapped and -compatible forms, and random words, against glibc. */
static void
test_ipv6_is_written_as_inet_ntop_writes_it(void **state)
{
	static const unsigned fill[] = { 0x1, 0xffff, 0xabc, 0x10, 0x2001 };
	char got[64], want[INET6_ADDRSTRLEN];
	unsigned seed = 7;
	struct addr a;
	uint8_t b[16];

	(void)state;
	for (unsigned i = 0; i < 256 * 5 + 200000; i++) {
		for (unsigned j = 0; j < 8; j++) {
			unsigned w;

			if (i < 256 * 5) {
				w = (i & 255) >> j & 1 ? fill[(i >> 8) % 5] : 0;
			} else {
				seed = seed * 1103515245u + 12345u;
				w = (seed >> 16) % 3 == 0 ? 0 :
				    (seed >> 18) % 5 == 0 ? 0xffff :
				    (seed >> 20) % 7 == 0 ? 1 : seed >> 8;
			}
			b[2 * j] = (uint8_t)(w >> 8);
			b[2 * j + 1] = (uint8_t)w;
		}
		addr_set6(&a, b);
		inet_ntop(AF_INET6, b, want, sizeof(want));
		assert_string_equal(addr_format(&a, got, sizeof(got)), want);
	}
}

static void
test_short_buffers_are_never_overrun(void **state)
{
	static const uint8_t b[4] = { 255, 255, 255, 255 };
	char buf[17];
	struct addr a;

	(void)state;
	addr_set4(&a, b);
	for (size_t size = 1; size < sizeof(buf); size++) {
		memset(buf, 'x', sizeof(buf));
		addr_format(&a, buf, size);
		/* always terminated within SIZE; nothing written past it */
		assert_non_null(memchr(buf, '\0', size));
		for (size_t i = size; i < sizeof(buf); i++)
			assert_int_equal(buf[i], 'x');
	}
	assert_string_equal(addr_format(&a, buf, 16), "255.255.255.255");
}

static void
test_ipv6_and_parse_round_trip(void **state)
{
	static const char *const texts[] = { "::", "::1", "fe80::1",
					     "2001:db8::ff00:42:8329",
					     "10.0.0.1", "0.0.0.0" };
	char got[64];
	struct addr a;

	(void)state;
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		assert_int_equal(addr_parse(&a, texts[i]), 0);
		assert_string_equal(addr_format(&a, got, sizeof(got)),
				    texts[i]);
	}
	assert_int_equal(addr_parse(&a, "10.0.0.256"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ipv4_is_written_as_inet_ntop_writes_it),
		cmocka_unit_test(test_ipv6_is_written_as_inet_ntop_writes_it),
		cmocka_unit_test(test_short_buffers_are_never_overrun),
		cmocka_unit_test(test_ipv6_and_parse_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
