/*
 * test_dfilter: the display filter compiler and evaluator. A table of
 * malformed filters with the byte position and length each error must
 * point at; messages for a bad value and an unknown field; evaluation on
 * a hand-made tree (several occurrences, != against !==, sets, CIDR,
 * slices over the frame's bytes, strings with escapes, matches).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <dirent.h>
#include <pcap/pcap.h>

#include "decode/decode.h"
#include "decode/field_table.h"
#include "decode/tree.h"
#include "inspect/dfilter.h"

struct bad {
	const char *text;
	size_t pos, len;
};

static const struct bad bad_filters[] = {
	{"", 0, 1},
	{"   ", 0, 1},
	{"tcp.port ==", 11, 1},
	{"tcp.port == 80 &&", 17, 1},
	{"tcp.port == 80 and or udp", 19, 2},
	{"tcp.prot == 80", 0, 8},
	{"nosuchproto", 0, 11},
	{"tls.handshake.type == \"x\"", 22, 3},
	{"tcp.port == x", 12, 1},
	{"tcp.port == -1", 12, 2},
	{"tcp.port == 80 80", 15, 2},
	{"ip.src == 1.2.3", 10, 5},
	{"ip.src == 10.0.0.0/33", 10, 11},
	{"ipv6.src == 1.2.3.4", 12, 7},
	{"eth.src == 00:11:22", 11, 8},
	{"eth.src == 00:11:22:33:44:55:66", 11, 20},
	{"(tcp", 0, 1},
	{"((tcp) or udp", 0, 1},
	{"tcp)", 3, 1},
	{"tcp.port in 80", 12, 2},
	{"tcp.port in {80", 15, 1},
	{"tcp.port in {}", 13, 1},
	{"tcp.port in {80..}", 17, 1},
	{"dns.qry.name == \"abc", 16, 4},
	{"dns.qry.name == \"a\\xZZ\"", 18, 2},
	{"dns.qry.name matches \"(\"", 21, 3},
	{"dns.qry.name matches abc", 21, 3},
	{"tcp.port contains 80", 18, 2},
	{"eth.src[0:3 == 00:11:22", 7, 6},
	{"eth.src[a] == 00", 7, 2},
	{"eth.src[0:3] == zz", 16, 2},
	{"tcp.port == 80 # x", 15, 1},
	{"tcp.port $ 80", 9, 1},
	{"== 80", 0, 2},
	{"not", 3, 1},
	{"tcp.port == 'ab'", 12, 1},
};

static void
test_errors_point_at_the_fault(void **state)
{
	int wrong = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(bad_filters) / sizeof(bad_filters[0]);
	     i++) {
		struct dfilter_error e;
		struct dfilter *f = dfilter_compile(bad_filters[i].text, &e);

		if (f != NULL || e.pos != bad_filters[i].pos ||
		    e.len != bad_filters[i].len) {
			wrong++;
			print_error("'%s': compiled=%d pos %zu len %zu (%s), "
				 "expected pos %zu len %zu\n",
				 bad_filters[i].text, f != NULL, e.pos, e.len,
				 e.msg, bad_filters[i].pos,
				 bad_filters[i].len);
			dfilter_free(f);
			continue;
		}
		assert_true(e.msg[0] != '\0');
	}
	assert_int_equal(wrong, 0);
}

static void
test_messages_name_the_type_and_suggest(void **state)
{
	struct dfilter_error e;
	char out[1024];

	(void)state;
	assert_null(dfilter_compile("tls.handshake.type == \"x\"", &e));
	assert_string_equal(e.msg, "\"x\" is not a valid value for "
				   "tls.handshake.type (an unsigned integer)");
	dfilter_error_format("tls.handshake.type == \"x\"", &e, out,
			     sizeof(out));
	assert_string_equal(out, "\"x\" is not a valid value for "
				 "tls.handshake.type (an unsigned integer)\n"
				 "    tls.handshake.type == \"x\"\n"
				 "                          ^~~");
	assert_null(dfilter_compile("tls.handshake.typ == 1", &e));
	assert_non_null(strstr(e.msg, "did you mean tls.handshake.type"));
	/* hostile bytes in the text are escaped, the caret follows them */
	assert_null(dfilter_compile("\x1b[2J == 1", &e));
	dfilter_error_format("\x1b[2J == 1", &e, out, sizeof(out));
	assert_null(strchr(out, '\x1b'));
}

/* A frame: eth (0..14), ip (14..34) with two ip.addr, tcp with ports,
 * a DNS-like name. */
static uint8_t frame[64];

static void
build(struct tree *t)
{
	static const uint8_t src[4] = {10, 1, 2, 3}, dst[4] = {192, 168, 0, 9};
	static const uint8_t mac_s[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
	static const uint8_t mac_d[6] = {0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff};
	static const uint8_t name[] = "www.Example.com";

	memset(frame, 0, sizeof(frame));
	memcpy(frame, mac_d, 6);
	memcpy(frame + 6, mac_s, 6);
	frame[12] = 0x08;
	frame[14] = 0x45;
	memcpy(frame + 26, src, 4);
	memcpy(frame + 30, dst, 4);
	memcpy(frame + 40, name, sizeof(name) - 1);
	tree_init(t);
	tree_push(t, "eth", "Ethernet II", 0, 14);
	tree_mac(t, "eth.dst", "Destination", 0, mac_d);
	tree_mac(t, "eth.src", "Source", 6, mac_s);
	tree_hex(t, "eth.type", "Type", 12, 2, 0x0800, 4);
	tree_pop(t, 14);
	tree_push(t, "ip", "Internet Protocol Version 4", 14, 20);
	tree_ipv4(t, "ip.src", "Source", 26, src);
	tree_ipv4(t, "ip.addr", "Source or Destination", 26, src);
	tree_ipv4(t, "ip.dst", "Destination", 30, dst);
	tree_ipv4(t, "ip.addr", "Source or Destination", 30, dst);
	tree_uint(t, "ip.ttl", "Time to Live", 22, 1, 64);
	tree_pop(t, 34);
	tree_push(t, "tcp", "Transmission Control Protocol", 34, 20);
	tree_uint(t, "tcp.srcport", "Source Port", 34, 2, 51000);
	tree_uint(t, "tcp.port", "Port", 34, 2, 51000);
	tree_uint(t, "tcp.dstport", "Destination Port", 36, 2, 443);
	tree_uint(t, "tcp.port", "Port", 36, 2, 443);
	tree_text_bytes(t, "tls.handshake.extensions_server_name", "SNI", 40,
			15, name, sizeof(name) - 1);
	tree_pop(t, 54);
}

static bool
run(const struct tree *t, const char *text)
{
	struct dfilter_error e;
	struct dfilter *f = dfilter_compile(text, &e);
	struct dfilter_packet p = {
		.number = 7, .time = 1.5, .len = 100, .caplen = sizeof(frame),
		.data = frame, .t = t,
	};
	bool r;

	if (f == NULL)
		fail_msg("'%s' did not compile: %s (at %zu)", text, e.msg,
			 e.pos);
	r = dfilter_match(f, &p);
	dfilter_free(f);
	return r;
}

static void
test_evaluation(void **state)
{
	struct tree t;
	static const struct {
		const char *text;
		bool want;
	} cases[] = {
		{"tcp", true},
		{"udp", false},
		{"!udp && tcp", true},
		{"tcp.port == 443", true},
		{"tcp.port == 51000", true},
		{"tcp.port != 443", false},   /* all not equal */
		{"tcp.port !== 443", true},   /* any not equal */
		{"tcp.port === 443", false},
		{"tcp.port > 50000", true},
		{"tcp.port in {80 443}", true},
		{"tcp.port in {1..100}", false},
		{"tcp.port not in {443}", false},
		{"tcp.port not in {1 2}", true},
		{"udp.port != 53", false},    /* absent: false */
		{"ip.addr == 192.168.0.0/16", true},
		{"ip.src == 192.168.0.0/16", false},
		{"ip.src == 10.1.2.3", true},
		{"ip.dst == 192.168.0.9/32", true},
		{"ip.ttl == 0x40", true},
		{"ip.ttl == 0100", true},
		{"eth.src == 00:11:22:33:44:55", true},
		{"eth.src == 00-11-22-33-44-55", true},
		{"eth.src == 0011.2233.4455", true},
		{"eth.addr == aa:bb:cc:dd:ee:ff", true},
		{"eth.src[0:3] == 00:11:22", true},
		{"eth.src[1-2] == 11:22", true},
		{"eth.src[-1] == 55", true},
		{"eth.src[3:] == 33:44:55", true},
		{"eth.src[4:4] == 44:55", false},  /* past its end */
		{"ip[12:4] == 0a:01:02:03", true},
		{"frame[12:2] == 08:00", true},
		{"tls.handshake.extensions_server_name == \"www.Example.com\"",
		 true},
		{"tls.handshake.extensions_server_name contains \"Exam\"", true},
		{"tls.handshake.extensions_server_name contains \"exam\"", false},
		{"tls.handshake.extensions_server_name matches \"EXAMPLE\\\\.\"",
		 true},
		{"tls.handshake.extensions_server_name matches \"(?-i)EXAMPLE\"",
		 false},
		{"tls.handshake.extensions_server_name == \"www.\\x45xample.com\"",
		 true},
		{"tls.handshake.extensions_server_name == \"www.\\105xample.com\"",
		 true},
		{"frame contains \"Example\"", true},
		{"tcp contains 45:78", true},
		{"frame.number == 7", true},
		{"frame.len >= 100 && frame.cap_len == 64", true},
		{"tcp xor udp", true},
		{"tcp ^^ eth", false},
		{"not (tcp and ip) or eth.type == 0x0800", true},
		{"ip.src == ip.dst", false},
		{"ip.src != ip.dst", true},
		{"tcp.srcport > tcp.dstport", true},
	};

	(void)state;
	build(&t);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		if (run(&t, cases[i].text) != cases[i].want)
			fail_msg("'%s' should be %s", cases[i].text,
				 cases[i].want ? "true" : "false");
	tree_free(&t);
}

static void
test_needs_tree_only_for_tree_fields(void **state)
{
	struct dfilter *f;

	(void)state;
	f = dfilter_compile("frame.len > 100 && frame.number < 5", NULL);
	assert_non_null(f);
	assert_false(dfilter_needs_tree(f));
	dfilter_free(f);
	f = dfilter_compile("frame.len > 100 && tcp", NULL);
	assert_non_null(f);
	assert_true(dfilter_needs_tree(f));
	dfilter_free(f);
}

static void
test_field_table_is_sorted_and_typed(void **state)
{
	(void)state;
	assert_true(field_table_gen_count > 100);
	for (size_t i = 1; i < field_table_gen_count; i++)
		assert_true(strcmp(field_table_gen[i - 1].name,
				   field_table_gen[i].name) < 0);
	assert_int_equal(field_lookup("tcp.port")->type, FIELD_UINT);
	assert_int_equal(field_lookup("ip.src")->type, FIELD_IPV4);
	assert_int_equal(field_lookup("eth.src")->type, FIELD_ETHER);
	assert_int_equal(field_lookup("tcp")->type, FIELD_PROTOCOL);
	assert_int_equal(field_lookup("frame.number")->type, FIELD_UINT);
	assert_null(field_lookup("tcp.nosuchfield"));
}

/* The fast path answers as the tree does, on every capture of
 * tests/data, wherever it answers at all. */
static void
test_summary_path_agrees_with_the_tree(void **state)
{
	static const char *const filters[] = {
		"ip.src == 10.77.0.1", "ip.addr == 10.0.0.0/8",
		"ip.dst != 10.77.0.2", "ipv6.addr == fd77::1",
		"ipv6.src == fd00::/8", "tcp.port == 443",
		"tcp.port != 443", "tcp.srcport > 1024", "udp.port == 53",
		"udp.dstport in {53 123 161}", "tcp", "udp", "ip", "ipv6",
		"arp", "icmp", "eth", "!tcp && !udp",
		"frame.len > 100 && tcp.port in {22 80}",
		"tcp.port !== 80", "tcp.port === 80",
	};
	struct dfilter *df[sizeof(filters) / sizeof(filters[0])];
	DIR *dir = opendir(TEST_DATA_DIR);
	struct dirent *e;
	struct tree t;
	size_t answered = 0;

	(void)state;
	assert_non_null(dir);
	tree_init(&t);
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++) {
		df[i] = dfilter_compile(filters[i], NULL);
		assert_non_null(df[i]);
		assert_true(dfilter_summary_path(df[i]));
	}
	while ((e = readdir(dir)) != NULL) {
		char path[1024], err[PCAP_ERRBUF_SIZE];
		struct pcap_pkthdr *h;
		const u_char *data;
		pcap_t *p;
		uint64_t number = 0;

		if (!strstr(e->d_name, ".pcap"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, e->d_name);
		p = pcap_open_offline(path, err);
		if (p == NULL)
			continue;
		while (pcap_next_ex(p, &h, &data) == 1) {
			struct decode_summary s;
			struct dfilter_packet dp = {
				.number = ++number, .len = h->len,
				.caplen = h->caplen, .data = data, .s = &s,
			};

			tree_reset(&t);
			decode_tree(pcap_datalink(p), data, h->caplen, h->len,
				    PROTO_NONE, &s, &t);
			for (size_t i = 0;
			     i < sizeof(filters) / sizeof(filters[0]); i++) {
				int fast = dfilter_match_summary(df[i], &dp);
				bool slow;

				if (fast < 0)
					continue;
				answered++;
				dp.t = &t;
				slow = dfilter_match(df[i], &dp);
				dp.t = NULL;
				if (fast != (int)slow)
					fail_msg("%s frame %llu: '%s' fast %d "
						 "tree %d",
						 e->d_name,
						 (unsigned long long)number,
						 filters[i], fast, slow);
			}
		}
		pcap_close(p);
	}
	closedir(dir);
	assert_true(answered > 1000);
	for (size_t i = 0; i < sizeof(filters) / sizeof(filters[0]); i++)
		dfilter_free(df[i]);
	tree_free(&t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_errors_point_at_the_fault),
		cmocka_unit_test(test_messages_name_the_type_and_suggest),
		cmocka_unit_test(test_evaluation),
		cmocka_unit_test(test_needs_tree_only_for_tree_fields),
		cmocka_unit_test(test_field_table_is_sorted_and_typed),
		cmocka_unit_test(test_summary_path_agrees_with_the_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
