/*
 * test_community_id: the published test vectors of the Community ID spec
 * (corelight/community-id-spec, baseline): TCP, UDP, ICMP echo and its
 * reply, ICMPv6, a portless protocol, seeds 0 and 1, both directions; and
 * SHA-1 against FIPS 180-2's examples.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "base/addr.h"
#include "base/community_id.h"
#include "base/sha1.h"

static void
hex(const uint8_t *d, char *out)
{
	for (int i = 0; i < SHA1_LEN; i++)
		sprintf(out + 2 * i, "%02x", d[i]);
}

static void
test_sha1_fips_examples(void **state)
{
	static const char million_a_hex[] = "34aa973cd4c4daa4f61eeb2bdbad27316534016f";
	uint8_t d[SHA1_LEN], a[1000];
	char h[41];
	struct sha1 s;

	(void)state;
	sha1_init(&s);
	sha1_update(&s, "abc", 3);
	sha1_final(&s, d);
	hex(d, h);
	assert_string_equal(h, "a9993e364706816aba3e25717850c26c9cd0d89d");

	sha1_init(&s);
	sha1_update(&s, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	sha1_final(&s, d);
	hex(d, h);
	assert_string_equal(h, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");

	sha1_init(&s);
	sha1_final(&s, d);
	hex(d, h);
	assert_string_equal(h, "da39a3ee5e6b4b0d3255bfef95601890afd80709");

	memset(a, 'a', sizeof(a));
	sha1_init(&s);
	for (int i = 0; i < 1000; i++)
		sha1_update(&s, a, sizeof(a));
	sha1_final(&s, d);
	hex(d, h);
	assert_string_equal(h, million_a_hex);
}

struct vec {
	uint16_t seed;
	uint8_t proto;
	const char *src, *dst;
	uint16_t sport, dport;
	const char *want;
};

static const struct vec vectors[] = {
	{ 0, 6, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:wCb3OG7yAFWelaUydu0D+125CLM=" },
	{ 0, 17, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:0Mu9InQx6z4ZiCZM/7HXi2WMhOg=" },
	{ 0, 1, "1.2.3.4", "5.6.7.8", 8, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=" },
	{ 0, 1, "5.6.7.8", "1.2.3.4", 0, 0, "1:crodRHL2FEsHjbv3UkRrfbs4bZ0=" },
	{ 0, 58, "fe80:1:203:405:607:809:a0b:c0d",
	  "fe80:1011:1213:1415:1617:1819:1a1b:1c1d", 128, 0,
	  "1:0bf7hyMJUwt3fMED7z8LIfRpBeo=" },
	{ 0, 46, "1.2.3.4", "5.6.7.8", 0, 0, "1:ikv3kmf89luf73WPz1jOs49S768=" },
	{ 1, 6, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:HhA1B+6CoLbiKPEs5nhNYN4XWfk=" },
	{ 1, 17, "1.2.3.4", "5.6.7.8", 1122, 3344, "1:OShq+iKDAMVouh/4bMxB9Sz4amw=" },
	{ 1, 1, "1.2.3.4", "5.6.7.8", 8, 0, "1:9pr4ZGTICiuZoIh90RRYE2RyXpU=" },
	{ 1, 58, "fe80:1:203:405:607:809:a0b:c0d",
	  "fe80:1011:1213:1415:1617:1819:1a1b:1c1d", 128, 0,
	  "1:IO27GQzPuCtNnwFvjWALMHu5tJE=" },
};

static void
test_spec_vectors_both_directions(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(vectors) / sizeof(vectors[0]); i++) {
		const struct vec *v = &vectors[i];
		struct addr s, d;
		char out[COMMUNITY_ID_LEN];

		assert_int_equal(addr_parse(&s, v->src), 0);
		assert_int_equal(addr_parse(&d, v->dst), 0);
		assert_int_equal(community_id_v1(v->seed, v->proto, &s, v->sport,
						 &d, v->dport, out), 0);
		assert_string_equal(out, v->want);
		if (v->proto == 1 || v->proto == 58)
			continue; /* the reply is its own vector */
		assert_int_equal(community_id_v1(v->seed, v->proto, &d, v->dport,
						 &s, v->sport, out), 0);
		assert_string_equal(out, v->want);
	}
}

static void
test_mixed_families_refused(void **state)
{
	struct addr s, d;
	char out[COMMUNITY_ID_LEN];

	(void)state;
	assert_int_equal(addr_parse(&s, "1.2.3.4"), 0);
	assert_int_equal(addr_parse(&d, "::1"), 0);
	assert_int_equal(community_id_v1(0, 6, &s, 1, &d, 2, out), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sha1_fips_examples),
		cmocka_unit_test(test_spec_vectors_both_directions),
		cmocka_unit_test(test_mixed_families_refused),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
