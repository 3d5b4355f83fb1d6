/*
 * test_options: the command line into struct options: defaults, every
 * value form, the filter from arguments, and for each bad value one
 * message naming the option and the value.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "model/model.h"
#include "options.h"

#define ARGV(...) ((char *[]){ "pktop", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "pktop", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(o, err, ...) \
	options_parse((o), ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), (err), sizeof(err))

static void
test_defaults(void **state)
{
	char *argv[] = { "pktop", NULL };
	struct options o;
	char err[256] = "";

	(void)state;
	assert_int_equal(options_parse(&o, 1, argv, err, sizeof(err)), 0);
	assert_true(o.promisc);
	assert_int_equal(o.snaplen, 262144);
	assert_int_equal(o.ring_mib, 64);
	assert_int_equal(o.top, 20);
	assert_true(o.resolve);
	assert_true(o.port_names);
	assert_true(o.delay == 1.0);
	assert_int_equal(o.format, OPTIONS_FORMAT_TEXT);
	assert_false(o.batch);
	assert_null(o.read_file);
	assert_null(o.iface);
	assert_null(o.filter);
	assert_int_equal(o.count, 0);
	options_free(&o);
}

static void
test_good_values_are_kept(void **state)
{
	struct options o;
	char err[256] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "-i", "eth0", "-i", "eth1", "-p", "-s",
			       "128", "-B", "4096", "--batch", "--format",
			       "json", "--interval", "2.5", "-c", "1000",
			       "--duration", "60", "--top", "5", "--max-hosts",
			       "100", "--max-connections", "200",
			       "--ring-size", "16", "-n", "-N", "-d", "0.5"),
			 0);
	assert_int_equal(o.nifaces, 2);
	assert_string_equal(o.ifaces[1], "eth1");
	assert_string_equal(o.iface, "eth0");
	assert_false(o.promisc);
	assert_int_equal(o.snaplen, 128);
	assert_int_equal(o.buffer_kib, 4096);
	assert_true(o.batch);
	assert_int_equal(o.format, OPTIONS_FORMAT_JSON);
	assert_true(o.interval == 2.5);
	assert_true(o.interval_given);
	assert_int_equal(o.count, 1000);
	assert_true(o.duration == 60);
	assert_int_equal(o.top, 5);
	assert_int_equal(o.max_hosts, 100);
	assert_int_equal(o.max_connections, 200);
	assert_int_equal(o.ring_mib, 16);
	assert_false(o.resolve);
	assert_false(o.port_names);
	assert_true(o.delay == 0.5);
	options_free(&o);
}

static void
test_file_modes_and_fields(void **state)
{
	struct options o;
	char err[256] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "-r", "x.pcap", "--fields", "-e",
			       "ip.src", "-e", "tcp.flags", "--format", "json"),
			 0);
	assert_string_equal(o.read_file, "x.pcap");
	assert_true(o.fields);
	assert_int_equal(o.nfields, 2);
	assert_string_equal(o.field_names[1], "tcp.flags");
	assert_true(o.format_given);
	options_free(&o);

	assert_int_equal(PARSE(&o, err, "-r", "-", "-V"), 0);
	assert_string_equal(o.read_file, "-");
	assert_true(o.verbose);
	options_free(&o);

	assert_int_equal(PARSE(&o, err, "-r", "x.pcap", "--replay"), 0);
	assert_true(o.replay);
	assert_true(o.replay_speed == 1.0);
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "-r", "x.pcap", "--replay=4"), 0);
	assert_true(o.replay_speed == 4.0);
	options_free(&o);
}

static void
test_filter_from_option_or_arguments(void **state)
{
	struct options o;
	char err[256] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "-r", "x.pcap", "tcp", "port", "80"),
			 0);
	assert_string_equal(o.filter, "tcp port 80");
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "-f", "udp and port 53", "--batch"), 0);
	assert_string_equal(o.filter, "udp and port 53");
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "-f", "udp", "tcp"), -1);
	assert_non_null(strstr(err, "-f"));
	options_free(&o);
}

/* One bad value: -1, and ERR names both the option and the value. */
static void
assert_bad(int rc, const char *err, const char *option, const char *value)
{
	assert_int_equal(rc, -1);
	assert_non_null(strstr(err, option));
	if (value)
		assert_non_null(strstr(err, value));
}

static void
test_bad_values_name_option_and_value(void **state)
{
	struct options o;
	char err[256];

	(void)state;
#define BAD(opt, val)                                                       \
	do {                                                                \
		err[0] = '\0';                                              \
		assert_bad(PARSE(&o, err, opt, val), err, opt, "'" val "'"); \
		options_free(&o);                                           \
	} while (0)
	BAD("-s", "abc");
	BAD("-s", "262145");
	BAD("-s", "-1");
	BAD("-B", "0");
	BAD("-c", "0");
	BAD("-c", "12x");
	BAD("-c", "99999999999999999999999");
	BAD("-d", "0");
	BAD("-d", "nan");
	BAD("--interval", "-1");
	BAD("--interval", "inf");
	BAD("--duration", "");
	BAD("--top", "0");
	BAD("--format", "xml");
	BAD("--max-hosts", "none");
	BAD("--max-connections", "0");
	BAD("--ring-size", "65537");
#undef BAD
	err[0] = '\0';
	assert_bad(PARSE(&o, err, "-r", "x.pcap", "--replay=fast"), err,
		   "--replay", "'fast'");
	options_free(&o);
}

static void
test_unknown_and_incomplete_options(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_bad(PARSE(&o, err, "-x"), err, "'-x'", NULL);
	options_free(&o);
	assert_bad(PARSE(&o, err, "--frobnicate"), err, "--frobnicate", NULL);
	options_free(&o);
	assert_bad(PARSE(&o, err, "--top"), err, "--top", NULL);
	options_free(&o);
	assert_bad(PARSE(&o, err, "-s"), err, "-s", NULL);
	options_free(&o);
}

static void
test_combinations_that_make_no_sense(void **state)
{
	struct options o;
	char err[256];

	(void)state;
	assert_int_equal(PARSE(&o, err, "-r", "x.pcap", "-i", "eth0"), -1);
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "-V"), -1);
	assert_non_null(strstr(err, "-r"));
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "-e", "ip.src", "-r", "x"), -1);
	assert_non_null(strstr(err, "--fields"));
	options_free(&o);
	/* --help wins over everything else */
	assert_int_equal(PARSE(&o, err, "-V", "--help"), 0);
	assert_true(o.help);
	options_free(&o);
}

/* --sort names a key as the settings file does, or 2s/10s/40s as iftop's
 * -o; it overrides the file's; an unknown one is a usage error naming it. */
static void
test_sort_by_name(void **state)
{
	struct options o;
	char err[256] = "";

	(void)state;
	assert_int_equal(PARSE(&o, err, "--sort", "10s"), 0);
	assert_int_equal(o.settings.sort, MODEL_SORT_RATE_10S);
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "--sort", "rate40s"), 0);
	assert_int_equal(o.settings.sort, MODEL_SORT_RATE_40S);
	options_free(&o);
	assert_int_equal(PARSE(&o, err, "--sort", "BYTES"), 0);
	assert_int_equal(o.settings.sort, MODEL_SORT_BYTES);
	options_free(&o);
	assert_int_not_equal(PARSE(&o, err, "--sort", "5s"), 0);
	assert_non_null(strstr(err, "--sort"));
	assert_non_null(strstr(err, "5s"));
	options_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults),
		cmocka_unit_test(test_good_values_are_kept),
		cmocka_unit_test(test_file_modes_and_fields),
		cmocka_unit_test(test_filter_from_option_or_arguments),
		cmocka_unit_test(test_bad_values_name_option_and_value),
		cmocka_unit_test(test_unknown_and_incomplete_options),
		cmocka_unit_test(test_combinations_that_make_no_sense),
		cmocka_unit_test(test_sort_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
