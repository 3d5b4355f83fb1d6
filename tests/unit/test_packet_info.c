/*
 * test_packet_info: the packet list's one-line summaries. Real captures
 * first, with tshark's Info column as the referee (the expected strings
 * below are what tshark 4.0 prints, cut where pktop stops: no TCP
 * timestamps, no relative sequence numbers past the SYN); then trees
 * built by hand for the application layers and for hostile text.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "decode/decode.h"
#include "output/packet_info.h"
#include "decode/proto_table.h"
#include "decode/tree.h"

/* Describe frame NUMBER (1-based) of tests/data/NAME. */
static void
describe(const char *name, unsigned number, struct packet_info *pi)
{
	char path[512], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	struct tree t;
	pcap_t *p;
	unsigned k;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	p = pcap_open_offline(path, err);
	assert_non_null(p);
	for (k = 0; k < number; k++)
		assert_int_equal(pcap_next_ex(p, &h, &data), 1);
	tree_init(&t);
	packet_info_describe(pcap_datalink(p), data, h->caplen, h->len,
			     PROTO_NONE, &t, pi);
	tree_free(&t);
	pcap_close(p);
}

static void
test_tcp_syn_reads_like_tshark(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("tls13.pcap", 1, &pi);
	assert_string_equal(pi.src, "10.77.0.1");
	assert_string_equal(pi.dst, "10.77.0.2");
	assert_string_equal(pi.protocol, "TCP");
	assert_string_equal(pi.info, "43744 \xe2\x86\x92 443 [SYN] Seq=0 "
				     "Win=64240 Len=0 MSS=1460 SACK_PERM "
				     "TSval=1763287385 TSecr=0 WS=1024");
}

static void
test_tcp_syn_ack_has_relative_ack(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("tls13.pcap", 2, &pi);
	assert_string_equal(pi.info, "443 \xe2\x86\x92 43744 [SYN, ACK] Seq=0 "
				     "Ack=1 Win=65160 Len=0 MSS=1460 SACK_PERM "
				     "TSval=3216088738 TSecr=1763287385 "
				     "WS=1024");
}

static void
test_arp_request_and_reply(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("http.pcap", 1, &pi);
	assert_string_equal(pi.protocol, "ARP");
	assert_string_equal(pi.src, "de:a6:26:0c:e7:15");
	assert_string_equal(pi.dst, "ff:ff:ff:ff:ff:ff");
	assert_string_equal(pi.info, "Who has 10.77.0.2? Tell 10.77.0.1");
	describe("http.pcap", 2, &pi);
	assert_string_equal(pi.info, "10.77.0.2 is at a2:d1:03:be:ec:0e");
}

static void
test_icmp_echo_request(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("icmp.pcap", 1, &pi);
	assert_string_equal(pi.protocol, "ICMP");
	assert_string_equal(pi.info, "Echo (ping) request  id=0x75bd, "
				     "seq=1/256, ttl=64");
	describe("icmp.pcap", 2, &pi);
	assert_string_equal(pi.info, "Echo (ping) reply    id=0x75bd, "
				     "seq=1/256, ttl=64");
}

static void
test_icmp_error_names_itself_not_the_quoted_udp(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("udp-unreach.pcap", 2, &pi);
	assert_string_equal(pi.protocol, "ICMP");
	assert_string_equal(pi.src, "10.77.0.2");
	assert_string_equal(pi.info,
			    "Destination unreachable (Port unreachable)");
	describe("udp-unreach.pcap", 1, &pi);
	assert_string_equal(pi.protocol, "UDP");
	assert_string_equal(pi.info, "49594 \xe2\x86\x92 9999 Len=2");
}

static void
test_dns_response_lists_every_record(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("dns-udp.pcap", 2, &pi);
	assert_string_equal(pi.protocol, "DNS");
	assert_string_equal(pi.info, "Standard query response 0xa8a1 A "
				     "www.dev.example A 10.77.0.2 OPT");
}

static void
test_http_dhcp_ntp_ssh_tls_from_captures(void **state)
{
	struct packet_info pi;

	(void)state;
	describe("http.pcap", 6, &pi);
	assert_string_equal(pi.protocol, "HTTP");
	assert_string_equal(pi.info, "GET / HTTP/1.1");
	describe("dhcp.pcap", 1, &pi);
	assert_string_equal(pi.info, "DHCP Discover - Transaction ID "
				     "0xbd169255");
	describe("dhcp.pcap", 3, &pi);
	assert_string_equal(pi.info, "DHCP Offer    - Transaction ID "
				     "0xbd169255");
	describe("ntp.pcap", 3, &pi);
	assert_string_equal(pi.protocol, "NTP");
	assert_string_equal(pi.info, "NTP Version 4, client");
	describe("ssh.pcap", 4, &pi);
	assert_string_equal(pi.info, "Client: Protocol (SSH-2.0-OpenSSH_9.2p1 "
				     "Debian-2+deb12u10)");
	describe("tls13.pcap", 6, &pi);
	assert_string_equal(pi.protocol, "TLS");
	assert_string_equal(pi.info, "Server Hello, Change Cipher Spec, "
				     "Application Data, Application Data, "
				     "Application Data, Application Data");
}

/* A tree as the parsers build it for one packet. */
struct fixture {
	struct tree t;
	struct decode_summary s;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f.s, 0, sizeof(f.s));
	tree_init(&f.t);
	*state = &f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tree_free(&f->t);
	return 0;
}

static void
add_udp(struct fixture *f, unsigned sport, unsigned dport, unsigned len)
{
	static const uint8_t a[4] = {10, 0, 0, 1}, b[4] = {10, 0, 0, 53};

	tree_push(&f->t, "ip", "Internet Protocol Version 4", 0, 20);
	tree_ipv4(&f->t, "ip.src", NULL, 12, a);
	tree_ipv4(&f->t, "ip.dst", NULL, 16, b);
	tree_pop(&f->t, 20);
	tree_push(&f->t, "udp", "User Datagram Protocol", 20, 8);
	tree_uint(&f->t, "udp.srcport", NULL, 20, 2, sport);
	tree_uint(&f->t, "udp.dstport", NULL, 22, 2, dport);
	tree_uint(&f->t, "udp.length", NULL, 24, 2, len);
	tree_pop(&f->t, 28);
	f->s.ip_version = 4;
	addr_set4(&f->s.src, a);
	addr_set4(&f->s.dst, b);
	f->s.layers = 1u << PROTO_IPV4 | 1u << PROTO_UDP;
	f->s.l4_proto = PROTO_UDP;
	f->s.sport = (uint16_t)sport;
	f->s.dport = (uint16_t)dport;
}

static void
test_dns_query_and_response(void **state)
{
	struct fixture *f = *state;
	static const uint8_t a[4] = {93, 184, 216, 34};
	struct packet_info pi;

	add_udp(f, 51000, 53, 40);
	tree_push(&f->t, "dns", "Domain Name System", 28, 0);
	tree_hex(&f->t, "dns.id", NULL, 28, 2, 0x1234, 4);
	tree_uint(&f->t, "dns.flags.response", NULL, 30, 2, 1);
	tree_push(&f->t, NULL, "Queries", 40, 0);
	tree_text_bytes(&f->t, "dns.qry.name", NULL, 40, 13,
			(const uint8_t *)"example.org", 11);
	tree_uint(&f->t, "dns.qry.type", NULL, 53, 2, 1);
	tree_pop(&f->t, 57);
	tree_push(&f->t, NULL, "Answers", 57, 0);
	tree_ipv4(&f->t, "dns.a", NULL, 69, a);
	tree_pop(&f->t, 73);
	tree_pop(&f->t, 73);
	packet_info_from_tree(&f->t, &f->s, &pi);
	assert_string_equal(pi.protocol, "DNS");
	assert_string_equal(pi.src, "10.0.0.1");
	assert_string_equal(pi.info, "Standard query response 0x1234 A "
				     "example.org A 93.184.216.34");
}

static void
test_http_request_line(void **state)
{
	struct fixture *f = *state;
	struct packet_info pi;

	tree_push(&f->t, "http", "Hypertext Transfer Protocol", 0, 0);
	tree_text_bytes(&f->t, "http.request.method", NULL, 0, 3,
			(const uint8_t *)"GET", 3);
	tree_text_bytes(&f->t, "http.request.uri", NULL, 4, 11,
			(const uint8_t *)"/index.html", 11);
	tree_text_bytes(&f->t, "http.request.version", NULL, 16, 8,
			(const uint8_t *)"HTTP/1.1", 8);
	tree_pop(&f->t, 26);
	packet_info_from_tree(&f->t, &f->s, &pi);
	assert_string_equal(pi.protocol, "HTTP");
	assert_string_equal(pi.info, "GET /index.html HTTP/1.1");
}

static void
test_tls_records_are_listed_in_order(void **state)
{
	struct fixture *f = *state;
	struct packet_info pi;

	tree_push(&f->t, "tls", "Transport Layer Security", 0, 0);
	tree_uint(&f->t, "tls.record.content_type", NULL, 0, 1, 22);
	tree_uint(&f->t, "tls.handshake.type", NULL, 5, 1, 2);
	tree_uint(&f->t, "tls.record.content_type", NULL, 100, 1, 20);
	tree_uint(&f->t, "tls.record.content_type", NULL, 106, 1, 23);
	tree_uint(&f->t, "tls.record.content_type", NULL, 200, 1, 23);
	tree_pop(&f->t, 300);
	packet_info_from_tree(&f->t, &f->s, &pi);
	assert_string_equal(pi.info, "Server Hello, Change Cipher Spec, "
				     "Application Data, Application Data");
}

static void
test_hostile_text_is_escaped_and_bounded(void **state)
{
	struct fixture *f = *state;
	static uint8_t uri[2000];
	struct packet_info pi;
	size_t k;

	uri[0] = '/';
	for (k = 1; k < sizeof(uri); k++)
		uri[k] = k % 3 ? 'a' : 0x1b; /* ESC: a terminal control */
	tree_push(&f->t, "http", "Hypertext Transfer Protocol", 0, 0);
	tree_text_bytes(&f->t, "http.request.method", NULL, 0, 3,
			(const uint8_t *)"GET", 3);
	tree_text_bytes(&f->t, "http.request.uri", NULL, 4, sizeof(uri), uri,
			sizeof(uri));
	tree_pop(&f->t, 3000);
	packet_info_from_tree(&f->t, &f->s, &pi);
	assert_true(strlen(pi.info) < sizeof(pi.info));
	assert_null(strchr(pi.info, 0x1b));
	assert_memory_equal(pi.info, "GET /aa\\x1baa\\x1b", 17);
}

static void
test_summary_alone_gives_ports_and_flags(void **state)
{
	struct fixture *f = *state;
	struct packet_info pi;
	static const uint8_t a[4] = {192, 0, 2, 1}, b[4] = {192, 0, 2, 2};

	f->s.layers = 1u << PROTO_ETHERNET | 1u << PROTO_IPV4 |
		      1u << PROTO_TCP;
	f->s.ip_version = 4;
	addr_set4(&f->s.src, a);
	addr_set4(&f->s.dst, b);
	f->s.l4_proto = PROTO_TCP;
	f->s.sport = 51512;
	f->s.dport = 443;
	f->s.tcp_flags = 0x12;
	packet_info_from_summary(&f->s, &pi);
	assert_string_equal(pi.protocol, "TCP");
	assert_string_equal(pi.src, "192.0.2.1");
	assert_string_equal(pi.dst, "192.0.2.2");
	assert_string_equal(pi.info,
			    "51512 \xe2\x86\x92 443 [SYN, ACK] Len=0");
}

static void
test_malformed_layer_is_named(void **state)
{
	struct fixture *f = *state;
	struct packet_info pi;

	add_udp(f, 1000, 2000, 3);
	f->s.status = DECODE_MALFORMED;
	f->s.bad_layer = PROTO_UDP;
	packet_info_from_tree(&f->t, &f->s, &pi);
	assert_string_equal(pi.info, "1000 \xe2\x86\x92 2000 "
				     "[Malformed Packet: UDP]");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tcp_syn_reads_like_tshark),
		cmocka_unit_test(test_tcp_syn_ack_has_relative_ack),
		cmocka_unit_test(test_arp_request_and_reply),
		cmocka_unit_test(test_icmp_echo_request),
		cmocka_unit_test(
			test_icmp_error_names_itself_not_the_quoted_udp),
		cmocka_unit_test(test_dns_response_lists_every_record),
		cmocka_unit_test(test_http_dhcp_ntp_ssh_tls_from_captures),
		cmocka_unit_test_setup_teardown(test_dns_query_and_response,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_http_request_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_tls_records_are_listed_in_order, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_hostile_text_is_escaped_and_bounded, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_summary_alone_gives_ports_and_flags, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_malformed_layer_is_named,
						setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
