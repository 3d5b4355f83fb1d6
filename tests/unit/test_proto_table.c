/*
 * test_proto_table: the protocol descriptors (decode/proto_list.h) agree
 * with each other and with the tests. Every listed protocol either names a
 * capture in tests/data whose tshark truth file has it (as a protocol row
 * or a connection's app, the names the batch JSON uses), or says why it
 * cannot; a protocol added to the list without a row here fails.
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

#include "decode/proto_table.h"

struct proto_truth {
	const char *name;    /* the descriptor's name, checked */
	const char *capture; /* tests/data/truth/CAPTURE.json has it */
	const char *why_not; /* or why no truth file can */
};

/* truth.py counts only these link-to-transport rows; the others it
 * folds into the layer under them. */
#define NOT_COUNTED "the truth files count only ethernet, vlan, arp, " \
		    "ipv4, ipv6 and the transports (truth.py L2_L4)"

/* A tunnel names its outer connection; truth.py's APPS has no tunnel
 * (its outer rows say "unknown" or what the inner flows carry). */
#define TUNNEL_OUTER "the truth files name no tunnel (truth.py APPS); " \
		     "test_model and tunnels_vs_tshark check the outer and " \
		     "inner rows"

static const struct proto_truth proto_truths[PROTO_COUNT] = {
	[PROTO_NONE] = { "unknown", "tcp-plain", NULL },
	[PROTO_ETHERNET] = { "ethernet", "tcp-plain", NULL },
	[PROTO_VLAN] = { "vlan", "dns", NULL },
	[PROTO_SLL] = { "sll", NULL, NOT_COUNTED " (forces3.pcap has it)" },
	[PROTO_SLL2] = { "sll2", NULL, NOT_COUNTED " (any-sll2.pcap has it)" },
	[PROTO_LOOP] = { "loop", NULL, NOT_COUNTED },
	[PROTO_PPPOE] = { "pppoe", NULL, NOT_COUNTED },
	[PROTO_PPP] = { "ppp", NULL, NOT_COUNTED },
	[PROTO_MPLS] = { "mpls", NULL, NOT_COUNTED },
	[PROTO_LLC] = { "llc", NULL, NOT_COUNTED " (802.1w_rapid_STP.pcap)" },
	[PROTO_ARP] = { "arp", "dhcp-rfc4388", NULL },
	[PROTO_IPV4] = { "ipv4", "tcp-plain", NULL },
	[PROTO_IPV6] = { "ipv6", "ipv6-http", NULL },
	[PROTO_ICMP] = { "icmp", "icmp", NULL },
	[PROTO_ICMPV6] = { "icmpv6", "icmpv6", NULL },
	[PROTO_TCP] = { "tcp", "tcp-plain", NULL },
	[PROTO_UDP] = { "udp", "dns-udp", NULL },
	[PROTO_SCTP] = { "sctp", "sctp", NULL },
	[PROTO_IGMP] = { "igmp", NULL, NOT_COUNTED },
	[PROTO_GRE] = { "gre", NULL, NOT_COUNTED " (gre.pcapng has it)" },
	[PROTO_ESP] = { "esp", NULL, NOT_COUNTED "; pktop never sets it" },
	[PROTO_AH] = { "ah", NULL, NOT_COUNTED },
	[PROTO_DNS] = { "dns", "dns-udp", NULL },
	[PROTO_MDNS] = { "mdns", NULL, "no capture in tests/data has an mDNS "
		       "connection (test_appid builds one)" },
	[PROTO_LLMNR] = { "llmnr", NULL, "no capture in tests/data has an "
			"LLMNR connection (test_appid builds one)" },
	[PROTO_HTTP] = { "http", "http", NULL },
	[PROTO_TLS] = { "tls", "tls13", NULL },
	[PROTO_QUIC] = { "quic", "quic-29", NULL },
	[PROTO_SSH] = { "ssh", "ssh", NULL },
	[PROTO_DHCP] = { "dhcp", "dhcp", NULL },
	[PROTO_NTP] = { "ntp", "NTPv4", NULL },
	[PROTO_SMTP] = { "smtp", "smtp", NULL },
	[PROTO_FTP] = { "ftp", NULL, "no capture in tests/data has an FTP "
		      "control connection (test_appid builds one)" },
	[PROTO_SNMP] = { "snmp", "snmp", NULL },
	[PROTO_VXLAN] = { "vxlan", NULL, TUNNEL_OUTER },
	[PROTO_VXLAN_GPE] = { "vxlan-gpe", NULL, TUNNEL_OUTER },
	[PROTO_GENEVE] = { "geneve", NULL, TUNNEL_OUTER },
	[PROTO_TEREDO] = { "teredo", NULL, TUNNEL_OUTER },
	[PROTO_GTP] = { "gtp", NULL, TUNNEL_OUTER },
};

/* The whole truth file of CAPTURE, NUL-terminated (caller frees). */
static char *
read_truth(const char *capture)
{
	char path[512];
	char *buf;
	size_t n;
	long len;
	FILE *f;

	snprintf(path, sizeof(path), "%s/truth/%s.json", TEST_DATA_DIR,
		 capture);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("no truth file %s", path);
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	len = ftell(f);
	assert_true(len > 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	assert_non_null(buf);
	n = fread(buf, 1, (size_t)len, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

static void
test_every_protocol_has_truth_or_a_reason(void **state)
{
	char want_row[64], want_app[64];

	(void)state;
	for (unsigned id = 0; id < PROTO_COUNT; id++) {
		const struct proto_truth *e = &proto_truths[id];
		char *json;

		if (e->name == NULL)
			fail_msg("%s (id %u) has no row in proto_truths",
				 proto_name(id), id);
		if (strcmp(e->name, proto_name(id)) != 0)
			fail_msg("row %u says %s, the table %s", id, e->name,
				 proto_name(id));
		if (e->capture == NULL) {
			if (e->why_not == NULL || e->why_not[0] == '\0')
				fail_msg("%s: no capture and no reason",
					 e->name);
			continue;
		}
		json = read_truth(e->capture);
		snprintf(want_row, sizeof(want_row), "\"name\": \"%s\"",
			 e->name);
		snprintf(want_app, sizeof(want_app), "\"app\": \"%s\"",
			 e->name);
		if (strstr(json, want_row) == NULL &&
		    strstr(json, want_app) == NULL)
			fail_msg("truth/%s.json has no %s", e->capture,
				 e->name);
		free(json);
	}
}

static void
test_ids_index_the_table(void **state)
{
	(void)state;
	for (unsigned id = 0; id < PROTO_COUNT; id++) {
		assert_non_null(proto_table[id]);
		assert_int_equal(proto_table[id]->id, id);
		assert_non_null(proto_table[id]->name);
		assert_non_null(proto_table[id]->label);
		assert_true(proto_table[id]->name[0] != '\0');
		assert_int_equal(proto_by_name(proto_table[id]->name),
				 id == PROTO_NONE ? PROTO_NONE : id);
	}
	/* the JSON's order of equal rows is the id order: pin a few */
	assert_int_equal(PROTO_ETHERNET, 1);
	assert_int_equal(PROTO_TCP, 15);
	assert_int_equal(PROTO_DNS, 22);
	assert_int_equal(PROTO_SNMP, 33);
}

static void
test_names_are_unique(void **state)
{
	(void)state;
	for (unsigned i = 0; i < PROTO_COUNT; i++)
		for (unsigned j = i + 1; j < PROTO_COUNT; j++) {
			const struct proto_desc *a = proto_table[i];
			const struct proto_desc *b = proto_table[j];

			if (strcmp(a->name, b->name) == 0 ||
			    strcmp(a->label, b->label) == 0)
				fail_msg("%s and %s share a name", a->name,
					 b->name);
			if (a->tree_name && b->tree_name &&
			    strcmp(a->tree_name, b->tree_name) == 0)
				fail_msg("%s and %s share tree name %s",
					 a->name, b->name, a->tree_name);
			if (a->column && b->column &&
			    strcmp(a->column, b->column) == 0)
				fail_msg("%s and %s share a column", a->name,
					 b->name);
		}
	for (unsigned i = 1; i < PROTO_COUNT; i++)
		if (proto_table[i]->tree_name)
			assert_ptr_equal(
				proto_by_tree_name(proto_table[i]->tree_name),
				proto_table[i]);
}

/* Parsers: a rank each, 1..N without gaps (appid's try order), a
 * transport, and ports no other parser on that transport claims. */
static void
test_parsers_have_ranks_transports_and_own_ports(void **state)
{
	unsigned nparsers = 0;

	(void)state;
	for (unsigned i = 1; i < PROTO_COUNT; i++) {
		const struct proto_desc *a = proto_table[i];

		if (a->parse == NULL) {
			assert_int_equal(a->appid_rank, 0);
			assert_int_equal(a->ports[0], 0);
			continue;
		}
		nparsers++;
		assert_int_equal(a->layer, PROTO_LAYER_APP);
		assert_true(a->l4 != 0);
		assert_true(a->ports[0] != 0);
		for (unsigned j = 1; j < PROTO_COUNT; j++) {
			const struct proto_desc *b = proto_table[j];

			if (j == i || b->parse == NULL)
				continue;
			if (a->appid_rank == b->appid_rank)
				fail_msg("%s and %s share rank %u", a->name,
					 b->name, a->appid_rank);
			if (!(a->l4 & b->l4))
				continue;
			for (unsigned p = 0; p < PROTO_PORTS && a->ports[p];
			     p++)
				for (unsigned q = 0;
				     q < PROTO_PORTS && b->ports[q]; q++)
					if (a->ports[p] == b->ports[q])
						fail_msg("%s and %s share "
							 "port %u",
							 a->name, b->name,
							 a->ports[p]);
		}
	}
	assert_true(nparsers > 0);
	for (unsigned i = 1; i < PROTO_COUNT; i++)
		if (proto_table[i]->parse)
			assert_in_range(proto_table[i]->appid_rank, 1,
					nparsers);
}

static void
test_only_applications_carry_names(void **state)
{
	(void)state;
	for (unsigned i = 0; i < PROTO_COUNT; i++)
		if (proto_table[i]->has_name)
			assert_int_equal(proto_table[i]->layer,
					 PROTO_LAYER_APP);
	assert_true(proto_table[PROTO_TLS]->has_name);
	assert_false(proto_table[PROTO_SSH]->has_name);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_protocol_has_truth_or_a_reason),
		cmocka_unit_test(test_ids_index_the_table),
		cmocka_unit_test(test_names_are_unique),
		cmocka_unit_test(
			test_parsers_have_ranks_transports_and_own_ports),
		cmocka_unit_test(test_only_applications_carry_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
