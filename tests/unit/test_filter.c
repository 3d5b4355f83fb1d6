/*
 * test_filter: BPF expressions compiled without a device: a good one
 * matches the right hand-built frames, a bad one fails with libpcap's
 * reason kept in the message, an empty one matches everything. The
 * bounded compile (a child process, for live changes) gives the same
 * program and messages, refuses an oversized expression, and cancels.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cmocka.h>
#include <pcap/dlt.h>

#include "base/filter.h"

/* Ethernet, IPv4 10.0.0.1 -> 10.0.0.2, UDP 40000 -> 53, 4 bytes. */
static const uint8_t udp_dns[] = {
	0x00, 0x11, 0x22, 0x33, 0x44, 0x55, 0x66, 0x77, 0x88, 0x99, 0xaa, 0xbb,
	0x08, 0x00,
	0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x00, 0x00,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x9c, 0x40, 0x00, 0x35, 0x00, 0x0c, 0x00, 0x00,
	0xde, 0xad, 0xbe, 0xef,
};

static bool
match(const char *expr)
{
	char err[512] = "";
	struct filter *f;
	bool m;

	f = filter_compile(expr, DLT_EN10MB, 262144, FILTER_NETMASK_UNKNOWN,
			   err, sizeof(err));
	assert_non_null(f);
	m = filter_match(f, udp_dns, sizeof(udp_dns), sizeof(udp_dns));
	filter_free(f);
	return m;
}

static void
test_good_expressions_match_the_right_frames(void **state)
{
	(void)state;
	assert_true(match("udp port 53"));
	assert_true(match("src host 10.0.0.1 and dst port 53"));
	assert_true(match("ether src 66:77:88:99:aa:bb"));
	assert_false(match("tcp"));
	assert_false(match("host 10.0.0.3"));
	assert_false(match("ip6"));
}

static void
test_empty_expression_matches_everything(void **state)
{
	char err[64] = "";
	struct filter *f;

	(void)state;
	assert_true(match(""));
	f = filter_compile(NULL, DLT_EN10MB, 0, FILTER_NETMASK_UNKNOWN, err,
			   sizeof(err));
	assert_non_null(f);
	assert_string_equal(filter_expr(f), "");
	assert_true(filter_match(f, udp_dns, 1, 1));
	filter_free(f);
}

static void
test_bad_expression_keeps_libpcap_message(void **state)
{
	char err[512] = "";

	(void)state;
	assert_null(filter_compile("tcp port", DLT_EN10MB, 262144,
				   FILTER_NETMASK_UNKNOWN, err, sizeof(err)));
	assert_non_null(strstr(err, "bad capture filter 'tcp port': "));
	/* libpcap's own words follow */
	assert_true(strlen(err) > strlen("bad capture filter 'tcp port': "));
	assert_null(filter_compile("host nosuchhost.invalid.", DLT_EN10MB,
				   262144, FILTER_NETMASK_UNKNOWN, err,
				   sizeof(err)));
	assert_non_null(strstr(err, "nosuchhost"));
}

static void
test_linktype_matters(void **state)
{
	char err[512] = "";
	struct filter *f;

	(void)state;
	/* there is no Ethernet header on a raw IP link */
	assert_null(filter_compile("ether host 00:11:22:33:44:55", DLT_RAW,
				   262144, FILTER_NETMASK_UNKNOWN, err,
				   sizeof(err)));
	assert_non_null(strstr(err, "bad capture filter"));
	f = filter_compile("udp", DLT_RAW, 262144, FILTER_NETMASK_UNKNOWN, err,
			   sizeof(err));
	assert_non_null(f);
	assert_int_equal(filter_linktype(f), DLT_RAW);
	/* the same IPv4 packet, without its Ethernet header */
	assert_true(filter_match(f, udp_dns + 14, sizeof(udp_dns) - 14,
				 sizeof(udp_dns) - 14));
	filter_free(f);
}

static void
test_short_packet_does_not_match_or_crash(void **state)
{
	char err[512] = "";
	struct filter *f;

	(void)state;
	f = filter_compile("udp port 53", DLT_EN10MB, 262144,
			   FILTER_NETMASK_UNKNOWN, err, sizeof(err));
	assert_non_null(f);
	for (uint32_t n = 0; n < 36; n++)
		assert_false(filter_match(f, udp_dns, n, sizeof(udp_dns)));
	filter_free(f);
}

/* The child's program matches as the in-process one does. */
static void
test_bounded_compile_matches_and_reports(void **state)
{
	char err[512] = "";
	struct filter *f;

	(void)state;
	f = filter_compile_bounded("udp port 53", DLT_EN10MB, 96,
				   FILTER_NETMASK_UNKNOWN, -1, err,
				   sizeof(err));
	assert_non_null(f);
	assert_true(filter_match(f, udp_dns, sizeof(udp_dns),
				 sizeof(udp_dns)));
	filter_free(f);
	f = filter_compile_bounded("tcp port 53", DLT_EN10MB, 96,
				   FILTER_NETMASK_UNKNOWN, -1, err,
				   sizeof(err));
	assert_non_null(f);
	assert_false(filter_match(f, udp_dns, sizeof(udp_dns),
				  sizeof(udp_dns)));
	filter_free(f);
	/* libpcap's reason comes back through the pipe */
	assert_null(filter_compile_bounded("udp and", DLT_EN10MB, 96,
					   FILTER_NETMASK_UNKNOWN, -1, err,
					   sizeof(err)));
	assert_non_null(strstr(err, "bad capture filter 'udp and'"));
	assert_non_null(strstr(err, "syntax error"));
	/* the packet list reuses the program a live change compiled */
	f = filter_compile_match("udp port 53", DLT_EN10MB, err, sizeof(err));
	assert_non_null(f);
	assert_true(filter_match(f, udp_dns, sizeof(udp_dns),
				 sizeof(udp_dns)));
	filter_free(f);
}

static void
test_bounded_compile_refuses_and_cancels(void **state)
{
	char err[512] = "", *big;
	uint64_t one = 1;
	struct filter *f;
	int efd;

	(void)state;
	big = malloc(FILTER_EXPR_MAX + 2);
	assert_non_null(big);
	memset(big, ' ', FILTER_EXPR_MAX + 1);
	big[FILTER_EXPR_MAX + 1] = '\0';
	assert_null(filter_compile_bounded(big, DLT_EN10MB, 96,
					   FILTER_NETMASK_UNKNOWN, -1, err,
					   sizeof(err)));
	assert_non_null(strstr(err, "16385 bytes"));
	free(big);
	/* a cancel already pending ends the compile with "cancelled" */
	efd = eventfd(0, EFD_CLOEXEC);
	assert_true(efd >= 0);
	assert_int_equal(write(efd, &one, sizeof(one)), sizeof(one));
	f = filter_compile_bounded("port 1 or port 2 or port 3", DLT_EN10MB,
				   100, FILTER_NETMASK_UNKNOWN, efd, err,
				   sizeof(err));
	/* the cancel is looked at before the child's answer */
	assert_null(f);
	assert_non_null(strstr(err, "cancelled"));
	close(efd);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good_expressions_match_the_right_frames),
		cmocka_unit_test(test_empty_expression_matches_everything),
		cmocka_unit_test(test_bad_expression_keeps_libpcap_message),
		cmocka_unit_test(test_linktype_matters),
		cmocka_unit_test(test_bounded_compile_matches_and_reports),
		cmocka_unit_test(test_bounded_compile_refuses_and_cancels),
		cmocka_unit_test(test_short_packet_does_not_match_or_crash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
