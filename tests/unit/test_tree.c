/*
 * test_tree: the field tree's storage: nesting and byte ranges, value
 * formats as tshark -T fields prints them, escaping of packet text, and
 * the hard cap that keeps a hostile packet from growing it without end.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "decode/tree.h"

static int
setup(void **state)
{
	static struct tree t;

	tree_init(&t);
	*state = &t;
	return 0;
}

static int
teardown(void **state)
{
	tree_free(*state);
	return 0;
}

static const char *
value_of(const struct tree *t, const char *field)
{
	int i = tree_find(t, field, 0);

	return i < 0 ? NULL : t->nodes[i].value;
}

static void
test_push_add_pop_builds_nested_ranges(void **state)
{
	struct tree *t = *state;
	int ip, src, tcp, port;
	static const uint8_t a[4] = {192, 168, 1, 10};

	ip = tree_do_push(t, "ip", "Internet Protocol Version 4", 14, 0);
	tree_uint(t, "ip.ttl", "Time to Live", 22, 1, 64);
	tree_ipv4(t, "ip.src", "Source Address", 26, a);
	tree_pop(t, 34);
	tcp = tree_do_push(t, "tcp", "Transmission Control Protocol", 34, 20);
	tree_uint(t, "tcp.srcport", "Source Port", 34, 2, 51512);
	tree_pop(t, 40);

	assert_int_equal(ip, 0);
	assert_int_equal(t->nodes[ip].length, 20);
	assert_true(t->nodes[ip].flags & TREE_FLAG_PROTOCOL);
	src = tree_find(t, "ip.src", 0);
	assert_int_equal(t->nodes[src].parent, ip);
	assert_int_equal(t->nodes[src].offset, 26);
	assert_int_equal(t->nodes[src].length, 4);
	assert_int_equal(t->nodes[src].depth, 1);
	/* A length given at push time wins over the pop offset. */
	assert_int_equal(t->nodes[tcp].length, 20);
	assert_int_equal(t->nodes[ip].next_sibling, tcp);
	port = tree_find(t, "tcp.srcport", 0);
	assert_int_equal(t->nodes[tcp].first_child, port);
	assert_int_equal(t->nodes[ip].first_child, tree_find(t, "ip.ttl", 0));
	assert_int_equal(t->nodes[tree_find(t, "ip.ttl", 0)].next_sibling, src);
	assert_int_equal(t->open, TREE_NONE);
	assert_false(t->out_of_memory);
}

static void
test_values_are_formatted_like_tshark_fields(void **state)
{
	struct tree *t = *state;
	static const uint8_t v4[4] = {10, 0, 0, 1};
	static const uint8_t v6[16] = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0,
				       0, 0, 0, 0, 0, 0, 0, 1};
	static const uint8_t v6b[16] = {0xfe, 0x80, 0, 0, 0, 0, 0, 0,
					0x02, 0x1b, 0, 0, 0, 0, 0, 0};
	static const uint8_t mac[6] = {0x00, 0x1b, 0x21, 0xAB, 0xcd, 0xEF};

	tree_ipv4(t, "ip.dst", NULL, 0, v4);
	tree_ipv6(t, "ipv6.src", NULL, 0, v6);
	tree_ipv6(t, "ipv6.dst", NULL, 0, v6b);
	tree_mac(t, "eth.src", NULL, 0, mac);
	tree_hex(t, "tcp.flags", NULL, 0, 2, 0x012, 3);
	tree_hex(t, "ip.checksum", NULL, 0, 2, 0xb1e6, 4);
	tree_uint(t, "tcp.seq_raw", NULL, 0, 4, 4294967295u);
	/* decimal by hand at its edges; a value past the one-pass buffer */
	tree_uint(t, "a.zero", NULL, 0, 1, 0);
	tree_uint(t, "a.max", NULL, 0, 8, UINT64_MAX);
	tree_do_add(t, "a.long", NULL, 0, 1, "%0300d", 7);

	assert_string_equal(value_of(t, "ip.dst"), "10.0.0.1");
	assert_string_equal(value_of(t, "ipv6.src"), "2001:db8::1");
	assert_string_equal(value_of(t, "ipv6.dst"), "fe80::21b:0:0:0");
	assert_string_equal(value_of(t, "eth.src"), "00:1b:21:ab:cd:ef");
	assert_string_equal(value_of(t, "tcp.flags"), "0x012");
	assert_string_equal(value_of(t, "ip.checksum"), "0xb1e6");
	assert_string_equal(value_of(t, "tcp.seq_raw"), "4294967295");
	assert_string_equal(value_of(t, "a.zero"), "0");
	assert_string_equal(value_of(t, "a.max"), "18446744073709551615");
	assert_int_equal(strlen(value_of(t, "a.long")), 300);
	assert_int_equal(value_of(t, "a.long")[299], '7');
}

static void
test_packet_text_is_escaped(void **state)
{
	struct tree *t = *state;
	/* ESC [2J would clear a terminal; a C1 CSI (c2 9b) as well. */
	static const uint8_t s[] = "GET /\x1b[2J\r\n\xc2\x9b\xff caf\xc3\xa9";

	tree_text_bytes(t, "http.request.uri", NULL, 0, sizeof(s) - 1, s,
			sizeof(s) - 1);
	assert_string_equal(value_of(t, "http.request.uri"),
			    "GET /\\x1b[2J\\r\\n\\xc2\\x9b\\xff caf\xc3\xa9");
}

static void
test_empty_text_has_empty_value(void **state)
{
	struct tree *t = *state;

	tree_text_bytes(t, "http.host", NULL, 0, 0, (const uint8_t *)"", 0);
	assert_string_equal(value_of(t, "http.host"), "");
}

static void
test_find_walks_repeated_fields_in_order(void **state)
{
	struct tree *t = *state;
	int i;

	tree_uint(t, "dns.qry.type", NULL, 0, 2, 1);
	tree_uint(t, "dns.a", NULL, 0, 4, 1);
	tree_uint(t, "dns.qry.type", NULL, 0, 2, 28);
	i = tree_find(t, "dns.qry.type", 0);
	assert_int_equal(i, 0);
	i = tree_find(t, "dns.qry.type", i + 1);
	assert_int_equal(i, 2);
	assert_string_equal(t->nodes[i].value, "28");
	assert_int_equal(tree_find(t, "dns.qry.type", i + 1), -1);
	assert_int_equal(tree_find(t, "dns.aaaa", 0), -1);
}

static void
test_values_survive_arena_growth(void **state)
{
	struct tree *t = *state;
	char want[16];
	int k, i;

	/* Enough values to move the arena several times. */
	for (k = 0; k < 3000; k++)
		tree_do_add(t, "x.v", NULL, 0, 0, "value-%d", k);
	i = -1;
	for (k = 0; k < 3000; k++) {
		i = tree_find(t, "x.v", i + 1);
		assert_true(i >= 0);
		snprintf(want, sizeof(want), "value-%d", k);
		assert_string_equal(t->nodes[i].value, want);
	}
}

static void
test_hostile_packet_hits_the_cap_and_says_so(void **state)
{
	struct tree *t = *state;
	int k, added = 0;

	tree_push(t, "dns", "Domain Name System", 0, 0);
	for (k = 0; k < 100000; k++)
		if (tree_do_add(t, "dns.a", NULL, 0, 4, "%d", k) >= 0)
			added++;
	assert_true(t->out_of_memory);
	assert_true(added < 100000);
	assert_int_equal(t->count, t->capacity);
	/* A push past the cap must not unbalance the pops around it. */
	tree_push(t, "lost", NULL, 0, 0);
	tree_pop(t, 10);
	assert_int_equal(t->open, 0);
	tree_pop(t, 10);
	assert_int_equal(t->open, TREE_NONE);
}

static void
test_deep_nesting_is_capped(void **state)
{
	struct tree *t = *state;
	int k, maxdepth = 0;

	for (k = 0; k < 1000; k++)
		tree_push(t, "vlan", NULL, (size_t)k, 4);
	for (k = 0; k < t->count; k++)
		if (t->nodes[k].depth > maxdepth)
			maxdepth = t->nodes[k].depth;
	assert_true(maxdepth <= 64);
	assert_true(t->out_of_memory);
	for (k = 0; k < 1000; k++)
		tree_pop(t, 0);
	assert_int_equal(t->open, TREE_NONE);
	assert_int_equal(t->lost_open, 0);
}

static void
test_flag_marks_the_open_protocol(void **state)
{
	struct tree *t = *state;
	int ip, tcp;

	ip = tree_do_push(t, "ip", NULL, 0, 0);
	tree_uint(t, "ip.ttl", NULL, 8, 1, 1);
	tree_pop(t, 20);
	tcp = tree_do_push(t, "tcp", NULL, 20, 0);
	tree_uint(t, "tcp.srcport", NULL, 20, 2, 80);
	tree_flag(t, TREE_FLAG_TRUNCATED);
	tree_pop(t, 22);
	assert_false(t->nodes[ip].flags & TREE_FLAG_TRUNCATED);
	assert_true(t->nodes[tcp].flags & TREE_FLAG_TRUNCATED);
	/* After the pop, a flag still lands on the layer just closed. */
	tree_flag(t, TREE_FLAG_MALFORMED);
	assert_true(t->nodes[tcp].flags & TREE_FLAG_MALFORMED);
}

static void
test_groups_are_not_protocols(void **state)
{
	struct tree *t = *state;
	int dns, queries;

	dns = tree_do_push(t, "dns", "Domain Name System", 0, 0);
	queries = tree_do_push(t, NULL, "Queries", 12, 0);
	tree_uint(t, "dns.qry.type", NULL, 12, 2, 1);
	tree_flag(t, TREE_FLAG_MALFORMED);
	tree_pop(t, 14);
	tree_pop(t, 14);
	assert_true(t->nodes[dns].flags & TREE_FLAG_PROTOCOL);
	assert_false(t->nodes[queries].flags & TREE_FLAG_PROTOCOL);
	assert_true(t->nodes[dns].flags & TREE_FLAG_MALFORMED);
	assert_false(t->nodes[queries].flags & TREE_FLAG_MALFORMED);
	assert_int_equal(t->nodes[queries].length, 2);
}

static void
test_reset_keeps_buffers_and_empties_tree(void **state)
{
	struct tree *t = *state;
	int cap;

	tree_push(t, "eth", NULL, 0, 14);
	tree_uint(t, "eth.type", NULL, 12, 2, 0x800);
	cap = t->capacity;
	tree_reset(t);
	assert_int_equal(t->count, 0);
	assert_int_equal(t->open, TREE_NONE);
	assert_int_equal(t->capacity, cap);
	assert_int_equal(tree_find(t, "eth.type", 0), -1);
	tree_uint(t, "eth.type", NULL, 12, 2, 0x86dd);
	assert_string_equal(value_of(t, "eth.type"), "34525");
}

/* Protocol ids as the tree sees them: opaque, non-zero. */
#define L2 1
#define L3 2
#define L4 3

static void
test_column_goes_to_the_last_root_layer_and_clears_info(void **state)
{
	struct tree *t = *state;

	tree_push(t, "eth", NULL, 0, 14);
	tree_column(t, L2, false);
	tree_info(t, L2, "link %d", 1);
	tree_pop(t, 14);
	assert_int_equal(t->col_proto, L2);
	assert_string_equal(t->info, "link 1");
	tree_push(t, "ip", NULL, 14, 20);
	tree_column(t, L3, false);
	assert_string_equal(t->info, "");
	/* a layer nested in another (a tunnel's, a quoted one) is not the
	 * packet's own: it takes no column */
	tree_push(t, "tcp", NULL, 34, 20);
	tree_column(t, L4, false);
	tree_pop(t, 54);
	tree_info(t, L3, "net");
	tree_pop(t, 54);
	assert_int_equal(t->col_proto, L3);
	assert_string_equal(t->info, "net");
}

static void
test_info_comes_only_from_the_layer_holding_the_column(void **state)
{
	struct tree *t = *state;

	tree_push(t, "icmp", NULL, 0, 8);
	tree_column(t, L4, true);
	tree_push(t, NULL, "group", 4, 4);
	tree_info(t, L4, "a");      /* inside a group of the layer: yes */
	tree_pop(t, 8);
	tree_info(t, L3, "b");      /* another protocol's id: no */
	tree_push(t, "icmp", NULL, 8, 8);
	tree_info(t, L4, "c");      /* the same protocol, quoted: no */
	tree_pop(t, 16);
	tree_pop(t, 16);
	tree_push(t, "udp", NULL, 16, 8);
	tree_column(t, L3, false);  /* fixed by ICMP: no */
	tree_pop(t, 24);
	assert_int_equal(t->col_proto, L4);
	assert_string_equal(t->info, "a");
	tree_reset(t);
	assert_int_equal(t->col_proto, 0);
	assert_string_equal(t->info, "");
}

static void
test_info_is_cut_at_its_buffer(void **state)
{
	struct tree *t = *state;
	int i;

	tree_push(t, "dns", NULL, 0, 0);
	tree_column(t, L4, false);
	for (i = 0; i < (int)sizeof(t->info); i++)
		tree_info(t, L4, " %s", "A");
	tree_pop(t, 100);
	assert_int_equal(t->info_len, sizeof(t->info) - 1);
	assert_int_equal(strlen(t->info), sizeof(t->info) - 1);
}

static void
test_title_needs_both_nodes(void **state)
{
	struct tree *t = *state;
	static const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 2};
	int s, d;

	tree_push(t, "ip", NULL, 0, 20);
	s = tree_ipv4(t, "ip.src", NULL, 12, a);
	d = tree_ipv4(t, "ip.dst", NULL, 16, b);
	tree_title(t, "Src", s, "Dst", d);
	tree_pop(t, 20);
	assert_string_equal(t->nodes[0].title, ", Src: 10.0.0.1, Dst: 10.0.0.2");
	tree_push(t, "ip", NULL, 20, 20);
	tree_title(t, "Src", tree_ipv4(t, "ip.src", NULL, 32, a), "Dst", -1);
	tree_pop(t, 40);
	assert_null(t->nodes[3].title);
	/* the title lives in the arena: it follows it when it grows */
	for (s = 0; s < 2000; s++)
		tree_uint(t, "x.n", NULL, 0, 0, 123456789);
	assert_string_equal(t->nodes[0].title, ", Src: 10.0.0.1, Dst: 10.0.0.2");
}

static void
test_null_tree_wrappers_do_nothing(void **state)
{
	static const uint8_t a[16];

	(void)state;
	tree_push(NULL, "ip", NULL, 0, 0);
	tree_uint(NULL, "ip.ttl", NULL, 0, 1, 1);
	tree_hex(NULL, "ip.flags", NULL, 0, 1, 1, 2);
	tree_ipv4(NULL, "ip.src", NULL, 0, a);
	tree_ipv6(NULL, "ipv6.src", NULL, 0, a);
	tree_mac(NULL, "eth.src", NULL, 0, a);
	tree_text_bytes(NULL, "http.host", NULL, 0, 1, a, 1);
	tree_flag(NULL, TREE_FLAG_MALFORMED);
	tree_column(NULL, L4, false);
	tree_info(NULL, L4, "%d", 1);
	tree_info_node(NULL, L4, 0);
	tree_title(NULL, "Src", 0, "Dst", 1);
	assert_int_equal(tree_uint(NULL, "ip.ttl", NULL, 0, 1, 1), -1);
	tree_pop(NULL, 0);
	assert_int_equal(tree_find(NULL, "ip", 0), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_push_add_pop_builds_nested_ranges, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_values_are_formatted_like_tshark_fields, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_packet_text_is_escaped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_empty_text_has_empty_value, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_find_walks_repeated_fields_in_order, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_values_survive_arena_growth, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_hostile_packet_hits_the_cap_and_says_so, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_deep_nesting_is_capped,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_flag_marks_the_open_protocol, setup, teardown),
		cmocka_unit_test_setup_teardown(test_groups_are_not_protocols,
						setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_reset_keeps_buffers_and_empties_tree, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_column_goes_to_the_last_root_layer_and_clears_info,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_info_comes_only_from_the_layer_holding_the_column,
			setup, teardown),
		cmocka_unit_test_setup_teardown(test_info_is_cut_at_its_buffer,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_title_needs_both_nodes,
						setup, teardown),
		cmocka_unit_test(test_null_tree_wrappers_do_nothing),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
