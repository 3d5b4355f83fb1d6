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

/* Hand-built packets for the edge cases, as LINKTYPE_IPV4 frames
 * (RFC 791 header, then UDP or TCP): the dissectors write the columns
 * as they walk, so the tests go through the bytes. */
#define LINKTYPE_IPV4 228

struct fixture {
	struct tree t;
	struct decode_summary s;
	uint8_t frame[3000];
	size_t len;
};

static int
setup(void **state)
{
	static struct fixture f;

	memset(&f, 0, sizeof(f));
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
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* 10.0.0.1 -> 10.0.0.53, protocol PROTO, then L4 (HLEN bytes) and the
 * N bytes of PAYLOAD. */
static void
build_ipv4(struct fixture *f, uint8_t proto, const uint8_t *l4, size_t hlen,
	   const void *payload, size_t n)
{
	static const uint8_t ip[20] = {
		0x45, 0, 0, 0, 0, 1, 0x40, 0, 64, 0, 0, 0,
		10, 0, 0, 1, 10, 0, 0, 53,
	};

	assert_true(20 + hlen + n <= sizeof(f->frame));
	memcpy(f->frame, ip, 20);
	f->frame[9] = proto;
	put16(f->frame + 2, (unsigned)(20 + hlen + n));
	memcpy(f->frame + 20, l4, hlen);
	if (n)
		memcpy(f->frame + 20 + hlen, payload, n);
	f->len = 20 + hlen + n;
}

static void
build_udp(struct fixture *f, unsigned sport, unsigned dport,
	  unsigned udp_len, const void *payload, size_t n)
{
	uint8_t h[8] = {0};

	put16(h, sport);
	put16(h + 2, dport);
	put16(h + 4, udp_len);
	build_ipv4(f, 17, h, sizeof(h), payload, n);
}

static void
build_tcp(struct fixture *f, unsigned sport, unsigned dport,
	  const void *payload, size_t n)
{
	uint8_t h[20] = {0};

	put16(h, sport);
	put16(h + 2, dport);
	h[7] = 1;     /* seq 1 */
	h[11] = 1;    /* ack 1 */
	h[12] = 0x50; /* 20-byte header */
	h[13] = 0x18; /* PSH, ACK */
	put16(h + 14, 502);
	build_ipv4(f, 6, h, sizeof(h), payload, n);
}

static void
describe_built(struct fixture *f, struct packet_info *pi)
{
	packet_info_describe(LINKTYPE_IPV4, f->frame, f->len, f->len,
			     PROTO_NONE, &f->t, pi);
}

static void
test_dns_query_and_response(void **state)
{
	struct fixture *f = *state;
	/* RFC 1035 section 4.1: id 0x1234, a response with one question
	 * (example.org A IN) and one answer (a pointer to it, A IN). */
	static const uint8_t dns[] = {
		0x12, 0x34, 0x81, 0x80, 0, 1, 0, 1, 0, 0, 0, 0,
		7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'o', 'r', 'g', 0,
		0, 1, 0, 1,
		0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x0e, 0x10, 0, 4,
		93, 184, 216, 34,
	};
	struct packet_info pi;

	build_udp(f, 53, 51000, 8 + sizeof(dns), dns, sizeof(dns));
	describe_built(f, &pi);
	assert_string_equal(pi.protocol, "DNS");
	assert_string_equal(pi.src, "10.0.0.1");
	assert_string_equal(pi.info, "Standard query response 0x1234 A "
				     "example.org A 93.184.216.34");
}

static void
test_http_request_line(void **state)
{
	struct fixture *f = *state;
	static const char req[] = "GET /index.html HTTP/1.1\r\n"
				  "Host: example.org\r\n\r\n";
	struct packet_info pi;

	build_tcp(f, 40000, 80, req, sizeof(req) - 1);
	describe_built(f, &pi);
	assert_string_equal(pi.protocol, "HTTP");
	assert_string_equal(pi.info, "GET /index.html HTTP/1.1");
}

static void
test_tls_records_are_listed_in_order(void **state)
{
	struct fixture *f = *state;
	/* RFC 8446: a ServerHello record, then Change Cipher Spec and two
	 * application data records. */
	static const uint8_t tls[] = {
		22, 3, 3, 0, 42,
		2, 0, 0, 38, 3, 3,
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
		17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32,
		0, 0x13, 0x01, 0,
		20, 3, 3, 0, 1, 1,
		23, 3, 3, 0, 2, 0xaa, 0xbb,
		23, 3, 3, 0, 1, 0xcc,
	};
	struct packet_info pi;

	build_tcp(f, 443, 40000, tls, sizeof(tls));
	describe_built(f, &pi);
	assert_string_equal(pi.protocol, "TLS");
	assert_string_equal(pi.info, "Server Hello, Change Cipher Spec, "
				     "Application Data, Application Data");
}

static void
test_hostile_text_is_escaped_and_bounded(void **state)
{
	struct fixture *f = *state;
	static char req[700];
	struct packet_info pi;
	size_t k, n;

	n = (size_t)snprintf(req, sizeof(req), "GET /");
	for (k = 1; n < sizeof(req) - 20; k++)
		req[n++] = k % 3 ? 'a' : 0x1b; /* ESC: a terminal control */
	memcpy(req + n, " HTTP/1.1\r\n\r\n", 13);
	n += 13;
	build_tcp(f, 40000, 80, req, n);
	describe_built(f, &pi);
	assert_string_equal(pi.protocol, "HTTP");
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

	/* a UDP length shorter than its own header */
	build_udp(f, 1000, 2000, 3, NULL, 0);
	describe_built(f, &pi);
	assert_string_equal(pi.protocol, "UDP");
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
