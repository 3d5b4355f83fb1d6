/*
 * test_units: sizes in powers of 1024, rates in bits per second in powers
 * of 1000, three significant digits, nothing odd for zero or nonsense.
 */
#include "config.h"

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "base/units.h"

static void
test_bytes_use_binary_prefixes(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(units_bytes(0, b, sizeof(b)), "0 B");
	assert_string_equal(units_bytes(1023, b, sizeof(b)), "1023 B");
	assert_string_equal(units_bytes(1024, b, sizeof(b)), "1.00 KiB");
	assert_string_equal(units_bytes(1536, b, sizeof(b)), "1.50 KiB");
	assert_string_equal(units_bytes(100 * 1024 + 512, b, sizeof(b)),
			    "100 KiB");
	assert_string_equal(units_bytes(12u << 20, b, sizeof(b)), "12.0 MiB");
	assert_string_equal(units_bytes(UINT64_MAX, b, sizeof(b)),
			    "16384 PiB");
}

static void
test_rates_are_bits_per_second(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(units_bits_rate(0, b, sizeof(b)), "0 b/s");
	assert_string_equal(units_bits_rate(100, b, sizeof(b)), "800 b/s");
	assert_string_equal(units_bits_rate(125000, b, sizeof(b)),
			    "1.00 Mb/s");
	assert_string_equal(units_bits_rate(1.25e9, b, sizeof(b)),
			    "10.0 Gb/s");
	assert_string_equal(units_bits_rate(NAN, b, sizeof(b)), "0 b/s");
	assert_string_equal(units_bits_rate(-5, b, sizeof(b)), "0 b/s");
	assert_string_equal(units_bytes_rate(2048, b, sizeof(b)),
			    "2.00 KiB/s");
}

static void
test_counts_are_short(void **state)
{
	char b[32];

	(void)state;
	assert_string_equal(units_count(999, b, sizeof(b)), "999");
	assert_string_equal(units_count(1234, b, sizeof(b)), "1.23k");
	assert_string_equal(units_count(45600000, b, sizeof(b)), "45.6M");
	/* rounding up to the next unit stays readable */
	assert_string_equal(units_count(999999, b, sizeof(b)), "1.00M");
	assert_string_equal(units_bytes((1u << 20) - 1, b, sizeof(b)),
			    "1.00 MiB");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bytes_use_binary_prefixes),
		cmocka_unit_test(test_rates_are_bits_per_second),
		cmocka_unit_test(test_counts_are_short),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
