/*
 * test_decode: the link, network and transport parsers through
 * decode_summary() and decode_tree(). Real captures first (values checked
 * against tshark 4.0 on the same files), then hand-built frames for each
 * link type and each edge: truncated against malformed, VLAN stacks,
 * IPv4 options and fragments, IPv6 extension headers, Ethernet padding.
 * Every prefix of good frames is decoded from an allocation of exactly
 * that size, so ASan reports any read past the captured bytes.
 */
#include "config.h"

#include <pcap/pcap.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "decode/decode.h"
#include "decode/proto_table.h"
#include "decode/tree.h"

#define LT_NULL 0
#define LT_EN10MB 1
#define LT_PPP 9
#define LT_RAW 12
#define LT_RAW_OPENBSD 14
#define LT_PPP_ETHER 51
#define LT_RAW_LINKTYPE 101
#define LT_C_HDLC 104
#define LT_IEEE802_11 105
#define LT_LOOP 108
#define LT_SLL 113
#define LT_RADIOTAP 127
#define LT_IPV4 228
#define LT_IPV6 229
#define LT_SLL2 276

/* ---- building frames ---- */

struct pkt {
	uint8_t b[512];
	size_t n;
};

static void
put8(struct pkt *p, unsigned v)
{
	assert_true(p->n < sizeof(p->b));
	p->b[p->n++] = (uint8_t)v;
}

static void
put16(struct pkt *p, unsigned v)
{
	put8(p, v >> 8);
	put8(p, v & 0xff);
}

static void
put32(struct pkt *p, uint32_t v)
{
	put16(p, v >> 16);
	put16(p, v & 0xffff);
}

static void
putn(struct pkt *p, const void *src, size_t n)
{
	assert_true(p->n + n <= sizeof(p->b));
	if (n)
		memcpy(p->b + p->n, src, n);
	p->n += n;
}

static void
put_zero(struct pkt *p, size_t n)
{
	while (n--)
		put8(p, 0);
}

static const uint8_t mac_a[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0a };
static const uint8_t mac_b[6] = { 0x02, 0x00, 0x00, 0x00, 0x00, 0x0b };
static const uint8_t v4_a[4] = { 10, 0, 0, 1 };
static const uint8_t v4_b[4] = { 10, 0, 0, 2 };
static const uint8_t v6_a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6_b[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };

static void
put_eth(struct pkt *p, unsigned type)
{
	putn(p, mac_b, 6);
	putn(p, mac_a, 6);
	put16(p, type);
}

/* IPv4 header; OPTLEN bytes of NOP options; PAYLOAD bytes follow. */
static void
put_ipv4(struct pkt *p, unsigned proto, unsigned payload, unsigned optlen,
	 unsigned frag)
{
	put8(p, 0x40 | (5 + optlen / 4));
	put8(p, 0);
	put16(p, 20 + optlen + payload);
	put16(p, 0x1234);
	put16(p, frag);
	put8(p, 64);
	put8(p, proto);
	put16(p, 0xbeef);
	putn(p, v4_a, 4);
	putn(p, v4_b, 4);
	for (unsigned i = 0; i < optlen; i++)
		put8(p, 1);
}

static void
put_ipv6(struct pkt *p, unsigned nxt, unsigned plen)
{
	put32(p, 0x60012345);
	put16(p, plen);
	put8(p, nxt);
	put8(p, 64);
	putn(p, v6_a, 16);
	putn(p, v6_b, 16);
}

/* TCP SYN with an MSS option (24-byte header). */
static void
put_tcp_syn(struct pkt *p)
{
	put16(p, 51512);
	put16(p, 80);
	put32(p, 1000);
	put32(p, 0);
	put8(p, 6 << 4);
	put8(p, 0x02);
	put16(p, 64240);
	put16(p, 0xabcd);
	put16(p, 0);
	put8(p, 2);
	put8(p, 4);
	put16(p, 1460);
}

static void
put_udp(struct pkt *p, unsigned sport, unsigned dport, unsigned len)
{
	put16(p, sport);
	put16(p, dport);
	put16(p, len);
	put16(p, 0);
}

static void
decode(int lt, const struct pkt *p, struct decode_summary *s)
{
	decode_summary(lt, p->b, p->n, p->n, s);
}

static const char *
src_text(const struct decode_summary *s)
{
	static char buf[ADDR_TEXT_MAX];

	return s->src.family ? addr_format(&s->src, buf, sizeof(buf)) : "";
}

static const char *
dst_text(const struct decode_summary *s)
{
	static char buf[ADDR_TEXT_MAX];

	return s->dst.family ? addr_format(&s->dst, buf, sizeof(buf)) : "";
}

static uint64_t
bits(unsigned a, unsigned b, unsigned c, unsigned d)
{
	uint64_t m = 0;

	if (a)
		m |= 1ull << a;
	if (b)
		m |= 1ull << b;
	if (c)
		m |= 1ull << c;
	if (d)
		m |= 1ull << d;
	return m;
}

/* ---- real captures, values from tshark -T fields on the same file ---- */

struct capture_frame {
	const char *file;
	int number;        /* frame number, from 1 */
	const char *src;   /* ip.src / ipv6.src, "" if none */
	const char *dst;
	unsigned l4_proto; /* enum proto_id with ports, or PROTO_NONE */
	unsigned sport, dport;
	uint64_t layers;   /* bits that must be set */
	uint64_t absent;   /* bits that must not be */
	unsigned vlan_id;
};

static const struct capture_frame capture_frames[] = {
	/* eth:ethertype:ieee8021ad:ethertype:vlan:ethertype:ip:udp:dns */
	{ "qinq-dns-udp.pcap", 1, "10.77.0.1", "10.77.0.2", PROTO_UDP, 38464,
	  53, 1ull << PROTO_ETHERNET | 1ull << PROTO_VLAN | 1ull << PROTO_IPV4 |
	  1ull << PROTO_UDP, 0, 100 },
	/* sll:ethertype:ip:tcp (SLL2) */
	{ "any-sll2.pcap", 2, "10.77.0.2", "10.77.0.1", PROTO_TCP, 80, 43698,
	  1ull << PROTO_SLL2 | 1ull << PROTO_IPV4 | 1ull << PROTO_TCP,
	  1ull << PROTO_ETHERNET, 0 },
	/* sll:ethertype:ip:tcp (SLL v1, nanosecond pcap) */
	{ "tcp-handshake-nano.pcap", 1, "131.155.215.69", "137.116.81.94",
	  PROTO_TCP, 46656, 80, 1ull << PROTO_SLL | 1ull << PROTO_TCP, 0, 0 },
	/* ipv6:udp:dns on LINKTYPE_IPV6 */
	{ "LINKTYPE_IPV6.pcap", 1, "2001:db8::1", "2620:fe::9", PROTO_UDP,
	  12345, 53, 1ull << PROTO_IPV6 | 1ull << PROTO_UDP, 0, 0 },
	/* raw:ipv6:udp:dns on LINKTYPE_RAW */
	{ "LINKTYPE_RAW_ipv6.pcap", 1, "2001:db8::1", "2620:fe::9", PROTO_UDP,
	  12345, 53, 1ull << PROTO_IPV6 | 1ull << PROTO_UDP, 0, 0 },
	/* null:ip:udp:isakmp */
	{ "isakmp-identification-segfault.pcap", 1, "127.0.0.1", "127.0.0.1",
	  PROTO_UDP, 501, 500, 1ull << PROTO_LOOP | 1ull << PROTO_IPV4, 0, 0 },
	/* eth:ethertype:avsp:ethertype:mpls:ip:data */
	{ "arista_ether.pcap", 3, "10.136.1.32", "10.2.23.24", PROTO_NONE, 0,
	  0, 1ull << PROTO_MPLS | 1ull << PROTO_IPV4, 0, 0 },
	/* eth:ethertype:avsp:ethertype:vlan:ethertype:mpls:ip:data */
	{ "arista_ether.pcap", 4, "10.136.1.32", "10.2.23.24", PROTO_NONE, 0,
	  0, 1ull << PROTO_VLAN | 1ull << PROTO_MPLS | 1ull << PROTO_IPV4, 0,
	  100 },
	/* eth:ethertype:macsec:ethertype:ip:udp:data */
	{ "macsec-short-shorter.pcap", 1, "192.168.114.1", "192.168.114.2",
	  PROTO_UDP, 38582, 6666, 1ull << PROTO_UDP, 0, 0 },
	/* eth:ethertype:ipv6:ipv6.routing:udp: the header's destination */
	{ "ipv6-routing-header.pcap", 3, "2200::244:212:3fff:feae:22f7",
	  "2200::240:2:0:0:4", PROTO_UDP, 5645, 5642,
	  1ull << PROTO_IPV6 | 1ull << PROTO_UDP, 0, 0 },
	/* eth:ethertype:ip:sctp */
	{ "sctp.pcap", 3, "10.28.6.42", "10.28.6.44", PROTO_SCTP, 2905, 2905,
	  1ull << PROTO_SCTP, 0, 0 },
	/* eth:ethertype:ip:icmp:ip:udp: the quote counts for nothing */
	{ "udp-unreach.pcap", 2, "10.77.0.2", "10.77.0.1", PROTO_ICMP, 0, 0,
	  1ull << PROTO_ICMP, 1ull << PROTO_UDP, 0 },
	/* eth:ethertype:ipv6:ipv6.fraghdr:icmpv6:data, first of three */
	{ "frag.pcap", 13, "fd77::1", "fd77::2", PROTO_ICMPV6, 0, 0,
	  1ull << PROTO_ICMPV6, 0, 0 },
	/* a later IPv6 fragment: addresses, no transport */
	{ "frag.pcap", 14, "fd77::1", "fd77::2", PROTO_NONE, 0, 0,
	  1ull << PROTO_IPV6, 1ull << PROTO_ICMPV6, 0 },
	/* eth:ethertype:ip:data, a later IPv4 fragment (sent before the
	 * first) */
	{ "frag.pcap", 2, "10.77.0.1", "10.77.0.2", PROTO_NONE, 0, 0,
	  1ull << PROTO_IPV4, 1ull << PROTO_ICMP, 0 },
};

static pcap_t *
open_capture(const char *name, char *path, size_t size)
{
	char err[PCAP_ERRBUF_SIZE];
	pcap_t *p;

	snprintf(path, size, "%s/%s", TEST_DATA_DIR, name);
	p = pcap_open_offline(path, err);
	if (!p)
		fail_msg("%s: %s", path, err);
	return p;
}

/* Frame NUMBER of NAME, copied into *DATA (caller frees). */
static int
read_frame(const char *name, int number, uint8_t **data, size_t *caplen,
	   size_t *wirelen)
{
	char path[512];
	pcap_t *p = open_capture(name, path, sizeof(path));
	struct pcap_pkthdr *h;
	const u_char *bytes;
	int lt = pcap_datalink(p), i = 0;

	while (pcap_next_ex(p, &h, &bytes) == 1) {
		if (++i == number) {
			*data = malloc(h->caplen ? h->caplen : 1);
			assert_non_null(*data);
			memcpy(*data, bytes, h->caplen);
			*caplen = h->caplen;
			*wirelen = h->len;
			pcap_close(p);
			return lt;
		}
	}
	pcap_close(p);
	fail_msg("%s has no frame %d", name, number);
	return -1;
}

static void
test_real_captures_match_tshark(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(capture_frames) / sizeof(capture_frames[0]);
	     i++) {
		const struct capture_frame *f = &capture_frames[i];
		struct decode_summary s;
		uint8_t *data;
		size_t caplen, wirelen;
		int lt = read_frame(f->file, f->number, &data, &caplen, &wirelen);

		decode_summary(lt, data, caplen, wirelen, &s);
		printf("# %s #%d: %s > %s %s %u > %u\n", f->file, f->number,
		       src_text(&s), dst_text(&s), proto_name(s.l4_proto),
		       s.sport, s.dport);
		assert_string_equal(src_text(&s), f->src);
		assert_string_equal(dst_text(&s), f->dst);
		if (f->l4_proto == PROTO_NONE) {
			assert_int_equal(s.l4_proto, PROTO_NONE);
		} else {
			assert_int_equal(s.l4_proto, f->l4_proto);
			assert_int_equal(s.sport, f->sport);
			assert_int_equal(s.dport, f->dport);
		}
		assert_true((s.layers & f->layers) == f->layers);
		assert_true((s.layers & f->absent) == 0);
		assert_int_equal(s.vlan_id, f->vlan_id);
		free(data);
	}
}

/* Every frame of a capture: counts that tshark gives for the whole file
 * (frames with an IPv4/IPv6 source, with TCP/UDP ports). */
struct capture_count {
	const char *file;
	int frames, with_ip, with_ports, truncated_or_malformed;
};

static const struct capture_count capture_counts[] = {
	/* tshark: 670 frames, all with an IP source, 622 with TCP or UDP
	 * ports. Snaplen 96 cuts many payloads but no header. */
	{ "mixed-snap96.pcap", 670, 670, 622, 0 },
	/* 24 frames: 12 IPv4 (4 datagrams of 3), 12 IPv6; 8 first
	 * fragments carry ICMP / ICMPv6, none has ports. */
	{ "frag.pcap", 24, 24, 0, 0 },
	/* 16 frames, 12 with IPv4 behind the Arista tag (4 have an unknown
	 * timestamp version and stop there). */
	{ "arista_ether.pcap", 16, 12, 0, 0 },
};

static void
test_whole_captures_count_like_tshark(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(capture_counts) / sizeof(capture_counts[0]);
	     i++) {
		const struct capture_count *k = &capture_counts[i];
		char path[512];
		pcap_t *p = open_capture(k->file, path, sizeof(path));
		struct pcap_pkthdr *h;
		const u_char *bytes;
		int lt = pcap_datalink(p);
		int frames = 0, with_ip = 0, with_ports = 0, bad = 0;

		while (pcap_next_ex(p, &h, &bytes) == 1) {
			struct decode_summary s;

			decode_summary(lt, bytes, h->caplen, h->len, &s);
			frames++;
			with_ip += s.ip_version != 0;
			with_ports += s.l4_proto == PROTO_TCP ||
				      s.l4_proto == PROTO_UDP;
			bad += s.status == DECODE_TRUNCATED ||
			       s.status == DECODE_MALFORMED;
		}
		pcap_close(p);
		printf("# %s: %d frames, %d ip, %d ports, %d bad\n", k->file,
		       frames, with_ip, with_ports, bad);
		assert_int_equal(frames, k->frames);
		assert_int_equal(with_ip, k->with_ip);
		assert_int_equal(with_ports, k->with_ports);
		assert_int_equal(bad, k->truncated_or_malformed);
	}
}

/* Tree values of real frames as `tshark -T fields -E aggregator=,` prints
 * them (every occurrence, comma-joined), per field. */
struct capture_field {
	const char *file;
	int number;
	const char *field, *value;
};

static const struct capture_field capture_fields[] = {
	{ "http.pcap", 3, "eth.dst", "a2:d1:03:be:ec:0e" },
	{ "http.pcap", 3, "ip.id", "0x8cad" },
	{ "http.pcap", 3, "ip.ttl", "64" },
	{ "http.pcap", 3, "ip.checksum", "0x9972" },
	{ "http.pcap", 3, "tcp.seq_raw", "471311691" },
	{ "http.pcap", 3, "tcp.hdr_len", "40" },
	{ "http.pcap", 3, "tcp.flags", "0x0002" },
	{ "http.pcap", 3, "tcp.window_size_value", "64240" },
	{ "http.pcap", 3, "tcp.options.mss_val", "1460" },
	{ "http.pcap", 3, "tcp.options.wscale.shift", "10" },
	{ "qinq-dns-udp.pcap", 1, "ieee8021ad.id", "100" },
	{ "qinq-dns-udp.pcap", 1, "vlan.id", "200" },
	{ "qinq-dns-udp.pcap", 1, "vlan.etype", "0x0800" },
	{ "qinq-dns-udp.pcap", 1, "udp.length", "64" },
	{ "qinq-dns-udp.pcap", 1, "ip.len", "84" },
	{ "any-sll2.pcap", 1, "sll.ifindex", "28" },
	{ "any-sll2.pcap", 1, "sll.pkttype", "4" },
	{ "any-sll2.pcap", 1, "sll.etype", "0x0800" },
	{ "any-sll2.pcap", 1, "ip.flags", "0x02" },
	{ "ipv6-routing-header.pcap", 3, "ipv6.plen", "32" },
	{ "ipv6-routing-header.pcap", 3, "ipv6.nxt", "43" },
	{ "ipv6-routing-header.pcap", 3, "ipv6.hlim", "4" },
	{ "ipv6-routing-header.pcap", 3, "ipv6.routing.segleft", "1" },
	{ "ipv6-routing-header.pcap", 3, "udp.dstport", "5642" },
	{ "frag.pcap", 13, "ipv6.fraghdr.ident", "0xe879b9bf" },
	{ "frag.pcap", 13, "ipv6.fraghdr.more", "1" },
	{ "frag.pcap", 13, "ipv6.fraghdr.offset", "0" },
	{ "frag.pcap", 13, "icmpv6.type", "128" },
	{ "frag.pcap", 2, "ip.flags", "0x01" },
	{ "frag.pcap", 2, "ip.frag_offset", "185" },
	{ "frag.pcap", 2, "ip.id", "0xd19b" },
	{ "sctp.pcap", 1, "sctp.verification_tag", "0x00016f0a" },
	{ "sctp.pcap", 1, "sctp.checksum", "0x6db01882" },
	{ "sctp.pcap", 1, "sctp.chunk_type", "0" },
	{ "LINKTYPE_IPV6.pcap", 1, "ipv6.flow", "0x000000" },
	{ "LINKTYPE_IPV6.pcap", 1, "ipv6.src", "2001:db8::1" },
	{ "LINKTYPE_IPV6.pcap", 1, "udp.checksum", "0x98b3" },
	{ "isakmp-identification-segfault.pcap", 1, "null.family", "2" },
	{ "isakmp-identification-segfault.pcap", 1, "ip.ttl", "255" },
	{ "arista_ether.pcap", 4, "avsp.etype", "0x8100" },
	{ "arista_ether.pcap", 4, "vlan.id", "100" },
	{ "arista_ether.pcap", 4, "mpls.label", "1024" },
	{ "arista_ether.pcap", 4, "mpls.ttl", "64" },
	{ "arista_ether.pcap", 4, "ip.dst", "10.2.23.24" },
	{ "icmpv6.pcap", 1, "icmpv6.type", "134" },
	{ "icmpv6.pcap", 1, "icmpv6.nd.ra.router_lifetime", "15" },
	{ "icmpv6.pcap", 1, "icmpv6.opt.type", "3,25,31,5,1,7,8" },
	{ "udp-unreach.pcap", 2, "icmp.type", "3" },
	{ "udp-unreach.pcap", 2, "icmp.code", "3" },
	{ "udp-unreach.pcap", 2, "ip.src", "10.77.0.2,10.77.0.1" },
	{ "udp-unreach.pcap", 2, "udp.dstport", "9999" },
};

static void
test_real_capture_fields_match_tshark(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(capture_fields) / sizeof(capture_fields[0]);
	     i++) {
		const struct capture_field *f = &capture_fields[i];
		struct decode_summary s;
		struct tree t;
		char got[256] = "";
		uint8_t *data;
		size_t caplen, wirelen, used = 0;
		int lt = read_frame(f->file, f->number, &data, &caplen, &wirelen);

		tree_init(&t);
		decode_tree(lt, data, caplen, wirelen, PROTO_NONE, &s, &t);
		for (int k = tree_find(&t, f->field, 0); k >= 0;
		     k = tree_find(&t, f->field, k + 1)) {
			int n = snprintf(got + used, sizeof(got) - used, "%s%s",
					 used ? "," : "", t.nodes[k].value);

			assert_true(n > 0 && (size_t)n < sizeof(got) - used);
			used += (size_t)n;
		}
		if (strcmp(got, f->value) != 0)
			fail_msg("%s #%d %s: tshark '%s', pktop '%s'", f->file,
				 f->number, f->field, f->value, got);
		tree_free(&t);
		free(data);
	}
}

/* ---- hand-built frames ---- */

static void
test_ethernet_ipv4_tcp_syn_fills_the_summary(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24 + 5, 0, 0x4000);
	put_tcp_syn(&p);
	putn(&p, "hello", 5);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_true(s.layers == bits(PROTO_ETHERNET, PROTO_IPV4, PROTO_TCP, 0));
	assert_int_equal(s.ip_version, 4);
	assert_string_equal(src_text(&s), "10.0.0.1");
	assert_string_equal(dst_text(&s), "10.0.0.2");
	assert_int_equal(s.l4, 6);
	assert_int_equal(s.l4_proto, PROTO_TCP);
	assert_int_equal(s.sport, 51512);
	assert_int_equal(s.dport, 80);
	assert_int_equal(s.tcp_flags, 0x02);
	assert_int_equal(s.frag, DECODE_FRAG_NONE);
	assert_int_equal(s.payload_off, 14 + 20 + 24);
	assert_int_equal(s.payload_len, 5);
}

static void
test_ethernet_padding_is_not_payload(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 8 + 4, 0, 0);
	put_udp(&p, 5353, 53, 8 + 4);
	putn(&p, "abcd", 4);
	put_zero(&p, 60 - p.n); /* minimum frame: 14 bytes of padding */
	assert_int_equal(p.n, 60);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.payload_off, 42);
	assert_int_equal(s.payload_len, 4);

	/* TCP has no length of its own: only IP's total length tells the
	 * 2 data bytes from the padding. */
	p.n = 0;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24 + 2, 0, 0);
	put_tcp_syn(&p);
	putn(&p, "hi", 2);
	put_zero(&p, 64 - p.n);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.payload_off, 14 + 20 + 24);
	assert_int_equal(s.payload_len, 2);
}

static void
test_udp_length_shorter_than_ip_payload_cuts_the_payload(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 8 + 10, 0, 0);
	put_udp(&p, 1000, 2000, 8 + 6);
	put_zero(&p, 10);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.payload_len, 6);
}

static void
test_vlan_stacks_8021ad_8021q_and_9100(void **state)
{
	static const unsigned outer[] = { 0x88a8, 0x9100, 0x8100 };

	(void)state;
	for (size_t i = 0; i < sizeof(outer) / sizeof(outer[0]); i++) {
		struct pkt p = { .n = 0 };
		struct decode_summary s;

		put_eth(&p, outer[i]);
		put16(&p, 0x2000 | 100); /* priority 1, vid 100 */
		put16(&p, 0x8100);
		put16(&p, 200);
		put16(&p, 0x0800);
		put_ipv4(&p, 17, 8, 0, 0);
		put_udp(&p, 53, 53, 8);
		decode(LT_EN10MB, &p, &s);
		assert_int_equal(s.status, DECODE_OK);
		assert_int_equal(s.vlan_id, 100);
		assert_true(decode_has(&s, PROTO_VLAN));
		assert_int_equal(s.l4_proto, PROTO_UDP);
		assert_int_equal(s.payload_off, 14 + 8 + 28);
	}
}

static void
test_endless_vlan_tags_are_malformed_not_a_deep_walk(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x8100);
	while (p.n + 4 <= sizeof(p.b)) {
		put16(&p, 7);
		put16(&p, 0x8100);
	}
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
	assert_int_equal(s.ip_version, 0);
}

static void
test_ipv4_bad_header_fields_are_malformed_without_addresses(void **state)
{
	struct pkt p;
	struct decode_summary s;

	(void)state;
	/* IHL 4 */
	p.n = 0;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 8, 0, 0);
	put_udp(&p, 1, 2, 8);
	p.b[14] = 0x44;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
	assert_int_equal(s.bad_layer, PROTO_IPV4);
	assert_int_equal(s.ip_version, 0);
	assert_int_equal(s.src.family, 0);
	assert_true(decode_has(&s, PROTO_IPV4));
	assert_false(decode_has(&s, PROTO_UDP));

	/* total length 10, under the header's 20 */
	p.b[14] = 0x45;
	p.b[16] = 0;
	p.b[17] = 10;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
	assert_int_equal(s.ip_version, 0);

	/* version 5 */
	p.b[14] = 0x55;
	p.b[17] = 28;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
}

static void
test_ipv4_cut_inside_its_header_is_truncated(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24, 0, 0);
	put_tcp_syn(&p);
	decode_summary(LT_EN10MB, p.b, 14 + 19, p.n, &s);
	assert_int_equal(s.status, DECODE_TRUNCATED);
	assert_int_equal(s.bad_layer, PROTO_IPV4);
	assert_int_equal(s.ip_version, 0);
	/* The header whole, options cut: addresses stay valid. */
	p.n = 0;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24, 8, 0);
	put_tcp_syn(&p);
	decode_summary(LT_EN10MB, p.b, 14 + 24, p.n, &s);
	assert_int_equal(s.status, DECODE_TRUNCATED);
	assert_int_equal(s.ip_version, 4);
	assert_string_equal(src_text(&s), "10.0.0.1");
	assert_int_equal(s.l4_proto, PROTO_NONE);
}

static void
test_ipv4_options_are_skipped_to_the_transport(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 8, 12, 0);
	put_udp(&p, 67, 68, 8);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.sport, 67);
	assert_int_equal(s.dport, 68);
	assert_int_equal(s.payload_off, 14 + 32 + 8);
}

static void
test_tcp_cut_after_the_ports_is_truncated_but_keeps_them(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24, 0, 0);
	put_tcp_syn(&p);
	decode_summary(LT_EN10MB, p.b, 14 + 20 + 6, p.n, &s);
	assert_int_equal(s.status, DECODE_TRUNCATED);
	assert_int_equal(s.bad_layer, PROTO_TCP);
	assert_int_equal(s.l4_proto, PROTO_TCP);
	assert_int_equal(s.sport, 51512);
	assert_int_equal(s.dport, 80);
	assert_string_equal(dst_text(&s), "10.0.0.2");
	/* Cut before the ports are whole: no flow key. */
	decode_summary(LT_EN10MB, p.b, 14 + 20 + 3, p.n, &s);
	assert_int_equal(s.status, DECODE_TRUNCATED);
	assert_int_equal(s.l4_proto, PROTO_NONE);
	assert_true(decode_has(&s, PROTO_TCP));
}

static void
test_tcp_data_offset_below_five_is_malformed(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24, 0, 0);
	put_tcp_syn(&p);
	p.b[14 + 20 + 12] = 4 << 4;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
	assert_int_equal(s.bad_layer, PROTO_TCP);
	assert_int_equal(s.sport, 51512);
	/* A data offset past the IP datagram contradicts its length. */
	p.b[14 + 20 + 12] = 15 << 4;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
}

static void
test_udp_length_below_eight_or_past_ip_is_malformed(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 12, 0, 0);
	put_udp(&p, 1000, 2000, 7);
	put_zero(&p, 4);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
	assert_int_equal(s.bad_layer, PROTO_UDP);
	assert_int_equal(s.l4_proto, PROTO_UDP);
	assert_int_equal(s.dport, 2000);
	p.b[14 + 20 + 5] = 13;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_MALFORMED);
	p.b[14 + 20 + 5] = 12;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
}

static void
test_ipv4_fragments_first_has_ports_later_does_not(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 16, 0, 0x2000); /* MF, offset 0 */
	put_udp(&p, 4000, 5000, 1000);
	put_zero(&p, 8);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.frag, DECODE_FRAG_FIRST);
	assert_int_equal(s.frag_id, 0x1234);
	assert_int_equal(s.sport, 4000);

	p.n = 0;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 17, 16, 0, 0x0002); /* offset 16 bytes, last */
	put_zero(&p, 16);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.frag, DECODE_FRAG_LATER);
	assert_int_equal(s.frag_id, 0x1234);
	assert_int_equal(s.l4, 17);
	assert_int_equal(s.l4_proto, PROTO_NONE);
	assert_int_equal(s.sport, 0);
	assert_false(decode_has(&s, PROTO_UDP));
	assert_string_equal(src_text(&s), "10.0.0.1");
}

static void
test_ipv6_extension_headers_lead_to_tcp(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x86dd);
	put_ipv6(&p, 0, 8 + 24 + 16 + 24);
	/* hop-by-hop, 8 bytes: PadN */
	put8(&p, 43);
	put8(&p, 0);
	put8(&p, 1);
	put8(&p, 4);
	put_zero(&p, 4);
	/* routing type 4, one segment: 24 bytes */
	put8(&p, 60);
	put8(&p, 2);
	put8(&p, 4);
	put8(&p, 0);
	put_zero(&p, 4);
	putn(&p, v6_b, 16);
	/* destination options, 16 bytes */
	put8(&p, 6);
	put8(&p, 1);
	put8(&p, 1);
	put8(&p, 12);
	put_zero(&p, 12);
	put_tcp_syn(&p);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.ip_version, 6);
	assert_string_equal(src_text(&s), "2001:db8::1");
	assert_string_equal(dst_text(&s), "2001:db8::2");
	assert_int_equal(s.l4, 6);
	assert_int_equal(s.l4_proto, PROTO_TCP);
	assert_int_equal(s.dport, 80);
	assert_int_equal(s.payload_off, 14 + 40 + 48 + 24);
	assert_int_equal(s.payload_len, 0);
	/* An extension header cut short is truncated. */
	decode_summary(LT_EN10MB, p.b, 14 + 40 + 8 + 10, p.n, &s);
	assert_int_equal(s.status, DECODE_TRUNCATED);
	assert_int_equal(s.l4_proto, PROTO_NONE);
}

static void
test_ipv6_fragment_header_first_and_later(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x86dd);
	put_ipv6(&p, 44, 8 + 8);
	put8(&p, 17);
	put8(&p, 0);
	put16(&p, 0x0001); /* offset 0, M */
	put32(&p, 0xdeadbeef);
	put_udp(&p, 7, 9, 400);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.frag, DECODE_FRAG_FIRST);
	assert_true(s.frag_id == 0xdeadbeef);
	assert_int_equal(s.l4_proto, PROTO_UDP);
	assert_int_equal(s.sport, 7);

	p.b[14 + 40 + 2] = 0x05; /* offset 0x50 >> 3 = 160 units */
	p.b[14 + 40 + 3] = 0x00;
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.frag, DECODE_FRAG_LATER);
	assert_int_equal(s.l4, 17);
	assert_int_equal(s.l4_proto, PROTO_NONE);
	assert_int_equal(s.sport, 0);
}

static void
test_ipv6_ah_is_walked_to_udp(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x86dd);
	put_ipv6(&p, 51, 24 + 8);
	put8(&p, 17);
	put8(&p, 4); /* (4 + 2) * 4 = 24 bytes */
	put16(&p, 0);
	put32(&p, 0x100);
	put32(&p, 1);
	put_zero(&p, 12);
	put_udp(&p, 500, 500, 8);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_true(decode_has(&s, PROTO_AH));
	assert_int_equal(s.l4, 17);
	assert_int_equal(s.l4_proto, PROTO_UDP);
	assert_int_equal(s.sport, 500);
}

static void
test_ipv6_zero_payload_length_without_jumbo_is_empty(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x86dd);
	put_ipv6(&p, 6, 0);
	put_tcp_syn(&p);
	decode(LT_EN10MB, &p, &s);
	/* Wireshark reads an empty payload; the addresses still count. */
	assert_int_equal(s.ip_version, 6);
	assert_int_equal(s.l4_proto, PROTO_NONE);
	assert_true(decode_has(&s, PROTO_TCP));
}

static void
test_icmp_error_quote_is_not_the_flow(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 1, 8 + 28, 0, 0);
	put8(&p, 3);
	put8(&p, 3);
	put16(&p, 0);
	put32(&p, 0);
	put_ipv4(&p, 17, 8, 0, 0);
	put_udp(&p, 3333, 4444, 8);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_int_equal(s.l4_proto, PROTO_ICMP);
	assert_int_equal(s.icmp_type, 3);
	assert_int_equal(s.sport, 0);
	assert_false(decode_has(&s, PROTO_UDP));
}

static void
test_arp_is_a_layer_without_addresses(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x0806);
	put16(&p, 1);
	put16(&p, 0x0800);
	put8(&p, 6);
	put8(&p, 4);
	put16(&p, 1);
	putn(&p, mac_a, 6);
	putn(&p, v4_a, 4);
	put_zero(&p, 6);
	putn(&p, v4_b, 4);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_OK);
	assert_true(s.layers == bits(PROTO_ETHERNET, PROTO_ARP, 0, 0));
	assert_int_equal(s.ip_version, 0);
}

/* IPv4/UDP after LINK bytes, decoded as link type LT. */
static void
check_link(int lt, const uint8_t *link, size_t n, unsigned layer)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	putn(&p, link, n);
	put_ipv4(&p, 17, 8, 0, 0);
	put_udp(&p, 123, 123, 8);
	decode(lt, &p, &s);
	printf("# link type %d: status %d\n", lt, s.status);
	assert_int_equal(s.status, DECODE_OK);
	assert_string_equal(src_text(&s), "10.0.0.1");
	assert_int_equal(s.l4_proto, PROTO_UDP);
	assert_int_equal(s.payload_off, n + 28);
	if (layer)
		assert_true(decode_has(&s, layer));
}

static void
test_link_types_reach_ipv4(void **state)
{
	static const uint8_t sll[16] = { 0, 0, 0, 1, 0, 6, 2, 0, 0, 0, 0, 10,
					 0, 0, 0x08, 0x00 };
	static const uint8_t sll2[20] = { 0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1,
					  0, 6, 2, 0, 0, 0, 0, 10, 0, 0 };
	static const uint8_t null_le[4] = { 2, 0, 0, 0 };
	static const uint8_t null_be[4] = { 0, 0, 0, 2 };
	static const uint8_t ppp[4] = { 0xff, 0x03, 0x00, 0x21 };
	static const uint8_t ppp_short[1] = { 0x21 }; /* compressed field */
	static const uint8_t mpls[22] = {
		2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 0x88, 0x47,
		0x00, 0x01, 0x00, 0x40, /* label 16 */
		0x00, 0x02, 0x01, 0x40, /* label 32, bottom */
	};
	static const uint8_t pppoe[24] = {
		2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 0x88, 0x64,
		0x11, 0x00, 0x12, 0x34, 0x00, 30, 0x00, 0x21,
	};
	static const uint8_t chdlc[4] = { 0x0f, 0x00, 0x08, 0x00 };
	static const uint8_t pppoe_bare[8] = { 0x11, 0, 0, 1, 0, 30, 0, 0x21 };
	static const uint8_t snap[22] = {
		2, 0, 0, 0, 0, 0xb, 2, 0, 0, 0, 0, 0xa, 0x00, 36,
		0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00,
	};

	(void)state;
	check_link(LT_SLL, sll, sizeof(sll), PROTO_SLL);
	check_link(LT_SLL2, sll2, sizeof(sll2), PROTO_SLL2);
	check_link(LT_NULL, null_le, 4, PROTO_LOOP);
	check_link(LT_NULL, null_be, 4, PROTO_LOOP);
	check_link(LT_LOOP, null_be, 4, PROTO_LOOP);
	check_link(LT_RAW, NULL, 0, PROTO_IPV4);
	check_link(LT_RAW_OPENBSD, NULL, 0, PROTO_IPV4);
	check_link(LT_RAW_LINKTYPE, NULL, 0, PROTO_IPV4);
	check_link(LT_IPV4, NULL, 0, PROTO_IPV4);
	check_link(LT_PPP, ppp, sizeof(ppp), PROTO_PPP);
	check_link(LT_PPP, ppp_short, sizeof(ppp_short), PROTO_PPP);
	check_link(LT_EN10MB, mpls, sizeof(mpls), PROTO_MPLS);
	check_link(LT_EN10MB, pppoe, 22, PROTO_PPPOE);
	check_link(LT_EN10MB, snap, sizeof(snap), PROTO_LLC);
	check_link(LT_C_HDLC, chdlc, sizeof(chdlc), 0);
	check_link(LT_PPP_ETHER, pppoe_bare, sizeof(pppoe_bare), PROTO_PPPOE);
}

static void
test_link_types_reach_ipv6(void **state)
{
	/* AF_INET6 as NetBSD/OpenBSD (24), FreeBSD (28), Darwin (30). */
	static const uint32_t afs[] = { 24, 28, 30 };
	static const int lts[] = { LT_RAW, LT_RAW_LINKTYPE, LT_IPV6 };

	(void)state;
	for (size_t i = 0; i < 3; i++) {
		for (int order = 0; order < 2; order++) {
			struct pkt p = { .n = 0 };
			struct decode_summary s;

			if (order)
				put32(&p, afs[i]);
			else
				for (int k = 0; k < 4; k++)
					put8(&p, (afs[i] >> (8 * k)) & 0xff);
			put_ipv6(&p, 17, 8);
			put_udp(&p, 1, 2, 8);
			decode(order ? LT_LOOP : LT_NULL, &p, &s);
			assert_int_equal(s.status, DECODE_OK);
			assert_int_equal(s.ip_version, 6);
			assert_int_equal(s.l4_proto, PROTO_UDP);
		}
	}
	for (size_t i = 0; i < 3; i++) {
		struct pkt p = { .n = 0 };
		struct decode_summary s;

		put_ipv6(&p, 17, 8);
		put_udp(&p, 1, 2, 8);
		decode(lts[i], &p, &s);
		assert_int_equal(s.status, DECODE_OK);
		assert_string_equal(dst_text(&s), "2001:db8::2");
	}
	/* MPLS guesses IPv6 from the nibble below the bottom label. */
	{
		struct pkt p = { .n = 0 };
		struct decode_summary s;

		put_eth(&p, 0x8847);
		put32(&p, 0x00010140);
		put_ipv6(&p, 17, 8);
		put_udp(&p, 1, 2, 8);
		decode(LT_EN10MB, &p, &s);
		assert_int_equal(s.ip_version, 6);
		assert_int_equal(s.l4_proto, PROTO_UDP);
	}
}

static void
test_wifi_data_frames_reach_ip_others_are_undecoded(void **state)
{
	/* QoS data to the AP: 24-byte header, QoS control, then SNAP. */
	static const uint8_t qos[34] = {
		0x88, 0x01, 44, 0, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2,
		2, 0, 0, 0, 0, 3, 0x30, 0x12, 0, 0,
		0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00,
	};
	/* Radiotap with nothing present, then plain data from the AP. */
	static const uint8_t rt[40] = {
		0, 0, 8, 0, 0, 0, 0, 0,
		0x08, 0x02, 44, 0, 2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2,
		2, 0, 0, 0, 0, 3, 0x50, 0x04,
		0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00,
	};
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	check_link(LT_IEEE802_11, qos, sizeof(qos), PROTO_LLC);
	check_link(LT_RADIOTAP, rt, sizeof(rt), PROTO_LLC);
	/* Protected: the body is ciphertext. */
	putn(&p, qos, sizeof(qos));
	p.b[1] |= 0x40;
	put_zero(&p, 40);
	decode(LT_IEEE802_11, &p, &s);
	assert_int_equal(s.status, DECODE_UNDECODED);
	assert_int_equal(s.ip_version, 0);
	/* A control frame shorter than a data header is not truncated. */
	p.n = 0;
	put8(&p, 0xd4); /* ACK */
	put_zero(&p, 9);
	decode(LT_IEEE802_11, &p, &s);
	assert_int_equal(s.status, DECODE_UNDECODED);
	/* A radiotap length past the frame is truncated. */
	p.n = 0;
	put8(&p, 0);
	put8(&p, 0);
	put8(&p, 200);
	put_zero(&p, 20);
	decode(LT_RADIOTAP, &p, &s);
	assert_int_equal(s.status, DECODE_TRUNCATED);
}

static void
test_unknown_link_types_and_ethertypes_are_undecoded(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;

	(void)state;
	put_eth(&p, 0x88cc); /* LLDP */
	put_zero(&p, 30);
	decode(LT_EN10MB, &p, &s);
	assert_int_equal(s.status, DECODE_UNDECODED);
	assert_true(decode_has(&s, PROTO_ETHERNET));
	decode(147, &p, &s); /* DLT_USER0 */
	assert_int_equal(s.status, DECODE_UNDECODED);
	assert_int_equal(s.layers, 0);
	decode(-1, &p, &s);
	assert_int_equal(s.status, DECODE_UNDECODED);
	decode(100000, &p, &s);
	assert_int_equal(s.status, DECODE_UNDECODED);
	/* raw IP with version 5 */
	p.b[0] = 0x50;
	decode(LT_RAW, &p, &s);
	assert_int_equal(s.status, DECODE_UNDECODED);
}

/* ---- the tree ---- */

static const char *
value_of(const struct tree *t, const char *field, size_t *off, size_t *len)
{
	int i = tree_find(t, field, 0);

	if (i < 0)
		return NULL;
	if (off)
		*off = t->nodes[i].offset;
	if (len)
		*len = t->nodes[i].length;
	return t->nodes[i].value;
}

static void
test_tree_uses_wireshark_names_values_and_offsets(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;
	struct tree t;
	size_t off, len;
	int ip;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24, 0, 0x4000);
	put_tcp_syn(&p);
	tree_init(&t);
	decode_tree(LT_EN10MB, p.b, p.n, p.n, PROTO_NONE, &s, &t);
	assert_int_equal(s.l4_proto, PROTO_TCP);
	assert_string_equal(value_of(&t, "eth.src", &off, &len),
			    "02:00:00:00:00:0a");
	assert_int_equal(off, 6);
	assert_int_equal(len, 6);
	assert_string_equal(value_of(&t, "eth.type", NULL, NULL), "0x0800");
	assert_string_equal(value_of(&t, "ip.version", NULL, NULL), "4");
	assert_string_equal(value_of(&t, "ip.hdr_len", NULL, NULL), "20");
	assert_string_equal(value_of(&t, "ip.dsfield", NULL, NULL), "0x00");
	assert_string_equal(value_of(&t, "ip.len", NULL, NULL), "44");
	assert_string_equal(value_of(&t, "ip.id", NULL, NULL), "0x1234");
	assert_string_equal(value_of(&t, "ip.flags", NULL, NULL), "0x02");
	assert_string_equal(value_of(&t, "ip.frag_offset", NULL, NULL), "0");
	assert_string_equal(value_of(&t, "ip.ttl", NULL, NULL), "64");
	assert_string_equal(value_of(&t, "ip.proto", NULL, NULL), "6");
	assert_string_equal(value_of(&t, "ip.checksum", NULL, NULL), "0xbeef");
	assert_string_equal(value_of(&t, "ip.src", &off, &len), "10.0.0.1");
	assert_int_equal(off, 26);
	assert_int_equal(len, 4);
	assert_string_equal(value_of(&t, "ip.dst", NULL, NULL), "10.0.0.2");
	assert_string_equal(value_of(&t, "tcp.srcport", &off, NULL), "51512");
	assert_int_equal(off, 34);
	assert_string_equal(value_of(&t, "tcp.dstport", NULL, NULL), "80");
	assert_string_equal(value_of(&t, "tcp.seq_raw", NULL, NULL), "1000");
	assert_string_equal(value_of(&t, "tcp.ack_raw", NULL, NULL), "0");
	assert_string_equal(value_of(&t, "tcp.hdr_len", NULL, NULL), "24");
	assert_string_equal(value_of(&t, "tcp.flags", NULL, NULL), "0x0002");
	assert_string_equal(value_of(&t, "tcp.flags.syn", NULL, NULL), "1");
	assert_string_equal(value_of(&t, "tcp.window_size_value", NULL, NULL),
			    "64240");
	assert_string_equal(value_of(&t, "tcp.options.mss_val", &off, NULL),
			    "1460");
	assert_int_equal(off, 34 + 22);
	assert_string_equal(value_of(&t, "tcp.len", NULL, NULL), "0");
	/* Protocol subtrees in order, covering their headers. */
	ip = tree_find(&t, "ip", 0);
	assert_true(ip > tree_find(&t, "eth", 0));
	assert_int_equal(t.nodes[ip].offset, 14);
	assert_int_equal(t.nodes[ip].length, 20);
	assert_true(t.nodes[ip].flags & TREE_FLAG_PROTOCOL);
	assert_int_equal(t.nodes[tree_find(&t, "ip.src", 0)].parent, ip);
	tree_free(&t);
}

static void
test_tree_ipv6_and_udp_fields(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;
	struct tree t;

	(void)state;
	put_eth(&p, 0x86dd);
	put_ipv6(&p, 17, 8);
	put_udp(&p, 5353, 5353, 8);
	tree_init(&t);
	decode_tree(LT_EN10MB, p.b, p.n, p.n, PROTO_NONE, &s, &t);
	assert_string_equal(value_of(&t, "ipv6.flow", NULL, NULL), "0x012345");
	assert_string_equal(value_of(&t, "ipv6.plen", NULL, NULL), "8");
	assert_string_equal(value_of(&t, "ipv6.nxt", NULL, NULL), "17");
	assert_string_equal(value_of(&t, "ipv6.hlim", NULL, NULL), "64");
	assert_string_equal(value_of(&t, "ipv6.src", NULL, NULL),
			    "2001:db8::1");
	assert_string_equal(value_of(&t, "udp.length", NULL, NULL), "8");
	assert_string_equal(value_of(&t, "udp.srcport", NULL, NULL), "5353");
	tree_free(&t);
}

static void
test_tree_marks_the_malformed_layer(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s;
	struct tree t;
	int tcp;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 6, 24, 0, 0);
	put_tcp_syn(&p);
	p.b[14 + 20 + 12] = 3 << 4;
	tree_init(&t);
	decode_tree(LT_EN10MB, p.b, p.n, p.n, PROTO_NONE, &s, &t);
	assert_int_equal(s.status, DECODE_MALFORMED);
	tcp = tree_find(&t, "tcp", 0);
	assert_true(tcp >= 0);
	assert_true(t.nodes[tcp].flags & TREE_FLAG_MALFORMED);
	assert_false(t.nodes[tree_find(&t, "ip", 0)].flags &
		     TREE_FLAG_MALFORMED);
	assert_string_equal(value_of(&t, "tcp.hdr_len", NULL, NULL), "12");
	tree_free(&t);
}

static void
test_tree_follows_icmp_quotes_without_changing_the_summary(void **state)
{
	struct pkt p = { .n = 0 };
	struct decode_summary s, hot;
	struct tree t;
	int first;

	(void)state;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 1, 8 + 28, 0, 0);
	put8(&p, 3);
	put8(&p, 3);
	put16(&p, 0);
	put32(&p, 0);
	put_ipv4(&p, 17, 8, 0, 0);
	put_udp(&p, 3333, 4444, 8);
	tree_init(&t);
	decode_tree(LT_EN10MB, p.b, p.n, p.n, PROTO_NONE, &s, &t);
	decode(LT_EN10MB, &p, &hot);
	assert_memory_equal(&s, &hot, sizeof(s));
	first = tree_find(&t, "ip.src", 0);
	assert_true(tree_find(&t, "ip.src", first + 1) > first);
	assert_string_equal(value_of(&t, "udp.dstport", NULL, NULL), "4444");
	assert_string_equal(value_of(&t, "icmp.type", NULL, NULL), "3");
	tree_free(&t);
}

/* The drill-down follows tunnels as tshark does (every occurrence of a
 * field, outer first); the summary stays on the outer headers. */
struct tunnel_frame {
	const char *file;
	int number;
	const char *field, *outer, *inner;
	const char *summary_src;
};

static const struct tunnel_frame tunnel_frames[] = {
	{ "vxlan.pcap", 1, "eth.src", "36:dc:85:1e:b3:40",
	  "00:16:3e:37:f6:04", "192.168.203.1" },
	{ "vxlan.pcap", 1, "ip.src", "192.168.203.1", "192.168.203.3",
	  "192.168.203.1" },
	{ "teredo.pcap", 1, "ipv6.src", "fe80::ffff:ffff:fffe", NULL,
	  "10.112.16.106" },
	{ "various_gre.pcap", 25, "ip.src", "10.172.64.6", "172.17.1.54",
	  "10.172.64.6" },
};

static void
test_tree_follows_tunnels_the_summary_does_not(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(tunnel_frames) / sizeof(tunnel_frames[0]);
	     i++) {
		const struct tunnel_frame *f = &tunnel_frames[i];
		struct decode_summary s, hot;
		struct tree t;
		uint8_t *data;
		size_t caplen, wirelen;
		int lt = read_frame(f->file, f->number, &data, &caplen, &wirelen);
		int a, b;

		tree_init(&t);
		decode_tree(lt, data, caplen, wirelen, PROTO_NONE, &s, &t);
		decode_summary(lt, data, caplen, wirelen, &hot);
		assert_memory_equal(&s, &hot, sizeof(s));
		assert_string_equal(src_text(&s), f->summary_src);
		a = tree_find(&t, f->field, 0);
		assert_true(a >= 0);
		b = tree_find(&t, f->field, a + 1);
		assert_string_equal(t.nodes[a].value, f->outer);
		if (f->inner) {
			assert_true(b > a);
			assert_string_equal(t.nodes[b].value, f->inner);
		}
		tree_free(&t);
		free(data);
	}
}

/* ---- every prefix ---- */

/* Decode every caplen from 0 to the full frame, from a buffer of exactly
 * that many bytes, on both paths. A missing byte is never "malformed"
 * (the wire length says the rest exists) nor a reason to guess. */
static void
check_prefixes(int lt, const uint8_t *frame, size_t n, size_t wirelen)
{
	struct tree t;

	tree_init(&t);
	for (size_t len = 0; len <= n; len++) {
		uint8_t *copy = malloc(len ? len : 1);
		struct decode_summary s, s2;

		assert_non_null(copy);
		memcpy(copy, frame, len);
		decode_summary(lt, copy, len, wirelen, &s);
		tree_reset(&t);
		decode_tree(lt, copy, len, wirelen, PROTO_NONE, &s2, &t);
		assert_memory_equal(&s, &s2, sizeof(s));
		if (s.status == DECODE_OK)
			assert_true(s.payload_off + s.payload_len <= len);
		free(copy);
	}
	tree_free(&t);
}

static void
test_every_prefix_of_built_frames_stays_in_bounds(void **state)
{
	struct pkt p;
	struct decode_summary s;

	(void)state;
	p.n = 0;
	put_eth(&p, 0x8100);
	put16(&p, 5);
	put16(&p, 0x0800);
	put_ipv4(&p, 6, 24 + 3, 8, 0);
	put_tcp_syn(&p);
	putn(&p, "GET", 3);
	check_prefixes(LT_EN10MB, p.b, p.n, p.n);
	for (size_t len = 0; len < 14 + 4 + 28 + 24; len++) {
		decode_summary(LT_EN10MB, p.b, len, p.n, &s);
		assert_int_equal(s.status, DECODE_TRUNCATED);
	}

	p.n = 0;
	put_eth(&p, 0x86dd);
	put_ipv6(&p, 0, 8 + 8 + 8);
	put8(&p, 44);
	put8(&p, 0);
	put_zero(&p, 6);
	put8(&p, 17);
	put8(&p, 0);
	put16(&p, 1);
	put32(&p, 9);
	put_udp(&p, 53, 53, 8);
	check_prefixes(LT_EN10MB, p.b, p.n, p.n);

	p.n = 0;
	put_eth(&p, 0x0800);
	put_ipv4(&p, 1, 8 + 28, 0, 0);
	put8(&p, 11);
	put8(&p, 0);
	put16(&p, 0);
	put32(&p, 0);
	put_ipv4(&p, 6, 8, 0, 0);
	put16(&p, 1);
	put16(&p, 2);
	put32(&p, 3);
	check_prefixes(LT_EN10MB, p.b, p.n, p.n);
}

static void
test_every_prefix_of_real_frames_stays_in_bounds(void **state)
{
	static const char *const files[] = {
		"qinq-dns-udp.pcap", "any-sll2.pcap", "arista_ether.pcap",
		"ipv6-routing-header.pcap", "sctp.pcap", "vxlan.pcap",
		"various_gre.pcap", "teredo.pcap", "icmpv6.pcap",
		"isakmp-identification-segfault.pcap", "LINKTYPE_IPV6.pcap",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char path[512];
		pcap_t *p = open_capture(files[i], path, sizeof(path));
		struct pcap_pkthdr *h;
		const u_char *bytes;
		int lt = pcap_datalink(p), n = 0;

		while (n++ < 40 && pcap_next_ex(p, &h, &bytes) == 1)
			check_prefixes(lt, bytes,
				       h->caplen > 160 ? 160 : h->caplen,
				       h->len);
		pcap_close(p);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_captures_match_tshark),
		cmocka_unit_test(test_whole_captures_count_like_tshark),
		cmocka_unit_test(test_real_capture_fields_match_tshark),
		cmocka_unit_test(test_ethernet_ipv4_tcp_syn_fills_the_summary),
		cmocka_unit_test(test_ethernet_padding_is_not_payload),
		cmocka_unit_test(test_udp_length_shorter_than_ip_payload_cuts_the_payload),
		cmocka_unit_test(test_vlan_stacks_8021ad_8021q_and_9100),
		cmocka_unit_test(test_endless_vlan_tags_are_malformed_not_a_deep_walk),
		cmocka_unit_test(test_ipv4_bad_header_fields_are_malformed_without_addresses),
		cmocka_unit_test(test_ipv4_cut_inside_its_header_is_truncated),
		cmocka_unit_test(test_ipv4_options_are_skipped_to_the_transport),
		cmocka_unit_test(test_tcp_cut_after_the_ports_is_truncated_but_keeps_them),
		cmocka_unit_test(test_tcp_data_offset_below_five_is_malformed),
		cmocka_unit_test(test_udp_length_below_eight_or_past_ip_is_malformed),
		cmocka_unit_test(test_ipv4_fragments_first_has_ports_later_does_not),
		cmocka_unit_test(test_ipv6_extension_headers_lead_to_tcp),
		cmocka_unit_test(test_ipv6_fragment_header_first_and_later),
		cmocka_unit_test(test_ipv6_ah_is_walked_to_udp),
		cmocka_unit_test(test_ipv6_zero_payload_length_without_jumbo_is_empty),
		cmocka_unit_test(test_icmp_error_quote_is_not_the_flow),
		cmocka_unit_test(test_arp_is_a_layer_without_addresses),
		cmocka_unit_test(test_link_types_reach_ipv4),
		cmocka_unit_test(test_link_types_reach_ipv6),
		cmocka_unit_test(test_wifi_data_frames_reach_ip_others_are_undecoded),
		cmocka_unit_test(test_unknown_link_types_and_ethertypes_are_undecoded),
		cmocka_unit_test(test_tree_uses_wireshark_names_values_and_offsets),
		cmocka_unit_test(test_tree_ipv6_and_udp_fields),
		cmocka_unit_test(test_tree_marks_the_malformed_layer),
		cmocka_unit_test(test_tree_follows_icmp_quotes_without_changing_the_summary),
		cmocka_unit_test(test_tree_follows_tunnels_the_summary_does_not),
		cmocka_unit_test(test_every_prefix_of_built_frames_stays_in_bounds),
		cmocka_unit_test(test_every_prefix_of_real_frames_stays_in_bounds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
