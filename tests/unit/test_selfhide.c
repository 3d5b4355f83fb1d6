/*
 * test_selfhide: SSH_CONNECTION becomes a filter clause for exactly that
 * session (libpcap compiles it and it matches both directions and nothing
 * else), anything malformed becomes no clause at all, and the clause is
 * combined with the user's filter; the OSC 52 payload is RFC 4648 base64.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "../ui/clipboard.h"
#include "base/filter.h"
#include "capture/selfhide.h"

/* An Ethernet + IPv4 + TCP header with the given ends. */
static size_t
tcp_frame(uint8_t *f, const uint8_t src[4], uint16_t sport,
	  const uint8_t dst[4], uint16_t dport)
{
	memset(f, 0, 54);
	f[12] = 0x08;
	f[14] = 0x45;
	f[17] = 40;
	f[22] = 64;
	f[23] = 6;
	memcpy(f + 26, src, 4);
	memcpy(f + 30, dst, 4);
	f[34] = (uint8_t)(sport >> 8);
	f[35] = (uint8_t)sport;
	f[36] = (uint8_t)(dport >> 8);
	f[37] = (uint8_t)dport;
	f[46] = 0x50;
	return 54;
}

static bool
passes(struct filter *flt, const uint8_t src[4], uint16_t sport,
       const uint8_t dst[4], uint16_t dport)
{
	uint8_t f[64];
	size_t n = tcp_frame(f, src, sport, dst, dport);

	return filter_match(flt, f, (uint32_t)n, (uint32_t)n);
}

static void
test_clause_hides_both_directions_of_that_session_only(void **state)
{
	static const uint8_t client[4] = { 192, 0, 2, 7 };
	static const uint8_t server[4] = { 198, 51, 100, 1 };
	char clause[SELFHIDE_CLAUSE_MAX], err[256], *expr;
	struct filter *flt;

	(void)state;
	assert_int_equal(selfhide_clause("192.0.2.7 50522 198.51.100.1 22",
					 clause, sizeof(clause)), 0);
	expr = selfhide_compose("", clause);
	assert_non_null(expr);
	flt = filter_compile(expr, DLT_EN10MB, 262144, FILTER_NETMASK_UNKNOWN,
			     err, sizeof(err));
	assert_non_null(flt);
	assert_false(passes(flt, client, 50522, server, 22));
	assert_false(passes(flt, server, 22, client, 50522));
	/* another SSH connection from the same client stays */
	assert_true(passes(flt, client, 50523, server, 22));
	assert_true(passes(flt, server, 22, client, 50523));
	assert_true(passes(flt, client, 50522, server, 443));
	filter_free(flt);
	free(expr);
}

static void
test_user_filter_still_applies(void **state)
{
	static const uint8_t client[4] = { 192, 0, 2, 7 };
	static const uint8_t server[4] = { 198, 51, 100, 1 };
	char clause[SELFHIDE_CLAUSE_MAX], err[256], *expr;
	struct filter *flt;

	(void)state;
	assert_int_equal(selfhide_clause("192.0.2.7 50522 198.51.100.1 22",
					 clause, sizeof(clause)), 0);
	expr = selfhide_compose("port 22", clause);
	assert_non_null(expr);
	assert_non_null(strstr(expr, "(port 22) and not ("));
	flt = filter_compile(expr, DLT_EN10MB, 262144, FILTER_NETMASK_UNKNOWN,
			     err, sizeof(err));
	assert_non_null(flt);
	assert_false(passes(flt, client, 50522, server, 22));
	assert_true(passes(flt, client, 50523, server, 22));
	assert_false(passes(flt, client, 50523, server, 443));
	filter_free(flt);
	free(expr);
	/* no clause: the user's filter alone */
	expr = selfhide_compose("port 22", "");
	assert_string_equal(expr, "port 22");
	free(expr);
}

static void
test_ipv6_session(void **state)
{
	char clause[SELFHIDE_CLAUSE_MAX], err[256], *expr;
	struct filter *flt;

	(void)state;
	assert_int_equal(selfhide_clause("2001:db8::7 40000 2001:db8::1 2222",
					 clause, sizeof(clause)), 0);
	assert_non_null(strstr(clause, "src host 2001:db8::7 and src port 40000"));
	expr = selfhide_compose(NULL, clause);
	flt = filter_compile(expr, DLT_EN10MB, 262144, FILTER_NETMASK_UNKNOWN,
			     err, sizeof(err));
	assert_non_null(flt);
	filter_free(flt);
	free(expr);
}

static void
test_malformed_values_give_no_clause(void **state)
{
	static const char *bad[] = {
		NULL, "", "192.0.2.7 50522 198.51.100.1",
		"192.0.2.7 50522 198.51.100.1 22 extra",
		"192.0.2.7 0 198.51.100.1 22", "192.0.2.7 65536 198.51.100.1 22",
		"192.0.2.7 -1 198.51.100.1 22", "192.0.2.7 22x 198.51.100.1 22",
		"host 50522 198.51.100.1 22",
		"192.0.2.7) or (tcp 50522 198.51.100.1 22",
		"192.0.2.777 50522 198.51.100.1 22",
	};
	char clause[SELFHIDE_CLAUSE_MAX];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		strcpy(clause, "x");
		assert_int_equal(selfhide_clause(bad[i], clause, sizeof(clause)),
				 -1);
		assert_string_equal(clause, "");
	}
	/* extra spaces around the fields are fine */
	assert_int_equal(selfhide_clause("  192.0.2.7  50522 198.51.100.1 22 ",
					 clause, sizeof(clause)), 0);
}

static void
test_base64_of_rfc4648_vectors(void **state)
{
	static const struct {
		const char *in, *out;
	} v[] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" },
		{ "foobar", "Zm9vYmFy" },
	};
	char out[32];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		clipboard_base64((const uint8_t *)v[i].in, strlen(v[i].in), out,
				 sizeof(out));
		assert_string_equal(out, v[i].out);
	}
	/* too small an output: nothing */
	assert_int_equal(clipboard_base64((const uint8_t *)"foobar", 6, out, 8),
			 0);
	assert_string_equal(out, "");
}

static void
test_osc52_sequence(void **state)
{
	char buf[128] = "";
	FILE *f = fmemopen(buf, sizeof(buf), "w");

	(void)state;
	assert_non_null(f);
	assert_int_equal(clipboard_osc52(f, "10.0.0.1", 8), 0);
	fclose(f);
	assert_string_equal(buf, "\033]52;c;MTAuMC4wLjE=\a");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_clause_hides_both_directions_of_that_session_only),
		cmocka_unit_test(test_user_filter_still_applies),
		cmocka_unit_test(test_ipv6_session),
		cmocka_unit_test(test_malformed_values_give_no_clause),
		cmocka_unit_test(test_base64_of_rfc4648_vectors),
		cmocka_unit_test(test_osc52_sequence),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
