/*
 * test_appid: application identification on real captures (labels and
 * names as tshark shows them) and on hand-built packets that try to break
 * the parsers (compression loops, overlong names, cut TLS extensions,
 * short QUIC headers); every prefix of the real payloads under ASan.
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
#include <sys/mman.h>
#include <unistd.h>

#include "decode/appid.h"
#include "decode/decode.h"
#include "decode/proto/app.h"
#include "decode/proto_table.h"
#include "decode/tree.h"

/* ---- a small stand-in for the connection table ---- */

#define CONNS_MAX 512
#define LOOKS_MAX 8 /* as the model: first packets of each direction */

struct conn {
	uint8_t l4;
	struct addr a, b;
	uint16_t a_port, b_port;
	unsigned app;
	bool certain;
	unsigned looks[2];
	char name[APPID_NAME_MAX];
	size_t name_len;
};

struct capture {
	struct conn conns[CONNS_MAX];
	size_t n;
	size_t packets;
};

static struct conn *
capture_conn(struct capture *cap, const struct decode_summary *s, int *dir)
{
	struct conn *c;
	size_t i;

	for (i = 0; i < cap->n; i++) {
		c = &cap->conns[i];
		if (c->l4 != s->l4)
			continue;
		if (addr_equal(&c->a, &s->src) && addr_equal(&c->b, &s->dst) &&
		    c->a_port == s->sport && c->b_port == s->dport) {
			*dir = 0;
			return c;
		}
		if (addr_equal(&c->b, &s->src) && addr_equal(&c->a, &s->dst) &&
		    c->b_port == s->sport && c->a_port == s->dport) {
			*dir = 1;
			return c;
		}
	}
	if (cap->n == CONNS_MAX)
		return NULL;
	c = &cap->conns[cap->n++];
	memset(c, 0, sizeof(*c));
	c->l4 = s->l4;
	c->a = s->src;
	c->b = s->dst;
	c->a_port = s->sport;
	c->b_port = s->dport;
	*dir = 0;
	return c;
}

/* The model's rule: a certain answer settles the app, a port guess only
 * fills an empty one; the first name stays. */
static void
capture_packet(struct capture *cap, const struct decode_summary *s,
	       const uint8_t *frame)
{
	struct appid_result r;
	struct conn *c;
	int dir;

	if (s->frag == DECODE_FRAG_LATER ||
	    (s->l4_proto != PROTO_TCP && s->l4_proto != PROTO_UDP) ||
	    !decode_has(s, s->l4_proto))
		return;
	c = capture_conn(cap, s, &dir);
	if (c == NULL || s->payload_len == 0 || c->looks[dir] >= LOOKS_MAX ||
	    (c->certain && c->name_len > 0))
		return;
	c->looks[dir]++;
	if (!appid_identify(s, frame, &r))
		return;
	assert_true(r.name_len < sizeof(r.name));
	if (r.app != PROTO_NONE && !c->certain &&
	    (r.certain || c->app == PROTO_NONE)) {
		c->app = r.app;
		c->certain = r.certain;
	}
	if (r.name_len > 0 && c->name_len == 0) {
		memcpy(c->name, r.name, r.name_len);
		c->name_len = r.name_len;
		c->name[r.name_len] = '\0';
	}
}

/* Every packet of FILE (in tests/data) through decode_summary and, with
 * PREFIXES, every prefix of every transport payload through both the
 * identify path and the tree path (for the sanitizers). */
static void
capture_read(struct capture *cap, const char *file, bool prefixes)
{
	char path[1024], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;
	int linktype;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	p = pcap_open_offline(path, err);
	if (p == NULL)
		fail_msg("%s: %s", path, err);
	linktype = pcap_datalink(p);
	memset(cap, 0, sizeof(*cap));
	while (pcap_next_ex(p, &h, &data) == 1) {
		struct decode_summary s;

		memset(&s, 0, sizeof(s));
		decode_summary(linktype, data, h->caplen, h->len, &s);
		capture_packet(cap, &s, data);
		cap->packets++;
		if (prefixes && s.payload_len > 0) {
			struct appid_result r;
			struct decode_summary ps;
			struct tree t;
			size_t k, end = (size_t)s.payload_off + s.payload_len;

			tree_init(&t);
			for (k = s.payload_off; k <= end; k++) {
				ps = s;
				ps.payload_len = (uint32_t)(k - s.payload_off);
				appid_identify(&ps, data, &r);
				assert_true(r.name_len < sizeof(r.name));
				tree_reset(&t);
				decode_tree(linktype, data, k, h->len, PROTO_NONE,
					    &ps, &t);
			}
			tree_free(&t);
		}
	}
	pcap_close(p);
}

static const struct conn *
capture_find(const struct capture *cap, uint8_t l4, uint16_t p1, uint16_t p2)
{
	size_t i;

	for (i = 0; i < cap->n; i++) {
		const struct conn *c = &cap->conns[i];

		if (c->l4 == l4 && ((c->a_port == p1 && c->b_port == p2) ||
				    (c->a_port == p2 && c->b_port == p1)))
			return c;
	}
	return NULL;
}

/* ---- real captures, labels and names checked against tshark ---- */

struct expect {
	const char *file;
	uint8_t l4;      /* 6 or 17 */
	uint16_t p1, p2; /* the connection's ports */
	const char *app; /* truth/FILE.json, from tshark's frame.protocols */
	const char *name; /* tshark's first SNI / Host / query name, or "" */
};

static const struct expect expects[] = {
	{ "dns-udp.pcap", 17, 38464, 53, "dns", "www.dev.example" },
	{ "dns-udp.pcap", 17, 48710, 53, "dns", "nx.dev.example" },
	{ "dns-tcp.pcap", 6, 35497, 53, "dns", "www.dev.example" },
	{ "dns.pcap", 17, 47255, 53, "dns", "e7.whatsapp.net" },
	{ "dns_long_domainname.pcap", 17, 65311, 53, "dns",
	  "gmr02c.16.0.fhkfhsdkfhsk.tunnel.example.com" },
	{ "dns_fragmented.pcap", 17, 56680, 53, "dns", "weberlab.de" },
	{ "dns_fragmented.pcap", 6, 39005, 53, "dns", "weberlab.de" },
	{ "dns_udp.pcap", 17, 0, 53, "dns", NULL },
	{ "http.pcap", 6, 43502, 80, "http", "10.77.0.2" },
	{ "http.pcap", 6, 45400, 8080, "http", "10.77.0.2:8080" },
	{ "http-oddport.pcap", 6, 38278, 8765, "http", "10.79.0.2:8765" },
	{ "ipv6-http.pcap", 6, 51398, 80, "http", "[fd77::2]" },
	{ "http-lines-split.pcap", 6, 39236, 31337, "http", "toni.lan:31337" },
	{ "ndpi-http.pcapng", 6, 42170, 80, "http", "google.com" },
	{ "http_on_sip_port.pcap", 6, 8888, 5060, "http", "45.58.148.2" },
	{ "tls12.pcap", 6, 43760, 443, "tls", "api.dev.pktop.test" },
	{ "tls13.pcap", 6, 43744, 443, "tls", "www.dev.pktop.test" },
	{ "http2-tls.pcap", 6, 43762, 443, "tls", "h2.dev.pktop.test" },
	{ "tls_2_reasms.pcapng", 6, 38134, 443, "tls", "i.instagram.com" },
	{ "tls_ech.pcapng", 6, 47460, 443, "tls",
	  "performance.radar.cloudflare.com" },
	{ "tls_1.3_unidirectional_client.pcapng", 6, 39750, 443, "tls",
	  "www.google.com" },
	{ "tls_port_80.pcapng", 6, 50541, 80, "tls", "" },
	{ "tls_with_huge_ch.pcapng", 6, 40640, 443, "tls", "" },
	{ "dns_doh.pcap", 6, 49877, 443, "tls", "mozilla.cloudflare-dns.com" },
	{ "dns_dot.pcap", 6, 58290, 853, "tls", "" },
	/* QUIC is quic, though tshark finds TLS inside its Initials; the SNI
	 * comes from the client Initial (the whole ClientHello of
	 * quic_frags is spread over two packets) */
	{ "quic-29.pcap", 17, 36588, 443, "quic", "localhost" },
	{ "quic-v2.pcapng", 17, 42086, 4443, "quic", "test" },
	/* Chrome scatters the ClientHello over many CRYPTO frames */
	{ "quic_0RTT.pcap", 17, 51972, 443, "quic", "ssl.gstatic.com" },
	{ "quic_0RTT.pcap", 17, 60459, 4443, "quic", "abcd" },
	{ "quic_frags_ch_in_multiple_packets.pcapng", 17, 58822, 4443, "quic",
	  "" },
	{ "quic-mvfst-27.pcapng", 17, 35957, 443, "quic",
	  "graph.facebook.com" },
	{ "gquic.pcap", 17, 38824, 443, "quic", "" },
	{ "ssh.pcap", 6, 40486, 22, "ssh", "" },
	{ "ndpi-ssh.pcap", 6, 58395, 22, "ssh", "" },
	{ "geneve.pcap", 17, 43443, 6081, "ssh", "" },
	{ "dhcp.pcap", 17, 68, 67, "dhcp", "" },
	{ "ntp.pcap", 17, 47883, 123, "ntp", "" },
	{ "NTPv3.pcap", 17, 123, 80, "ntp", "" },
	{ "ntp-control.pcap", 17, 0, 123, "ntp", NULL },
	{ "snmp.pcap", 17, 41510, 161, "snmp", "" },
	{ "ndpi-snmp.pcap", 17, 54318, 162, "snmp", "" },
	{ "smtp.pcap", 6, 55974, 25, "smtp", "" },
	{ "ndpi-smtp.pcap", 6, 2127, 25, "smtp", "" },
	{ "tcp-plain.pcap", 6, 0, 0, "unknown", NULL },
};

/* p1 == 0: the first connection with p2 on either side. */
static const struct conn *
expect_find(const struct capture *cap, const struct expect *e)
{
	size_t i;

	if (e->p1 != 0)
		return capture_find(cap, e->l4, e->p1, e->p2);
	for (i = 0; i < cap->n; i++) {
		const struct conn *c = &cap->conns[i];

		if (c->l4 == e->l4 &&
		    (e->p2 == 0 || c->a_port == e->p2 || c->b_port == e->p2))
			return c;
	}
	return NULL;
}

static void
test_real_captures_match_tshark(void **state)
{
	static struct capture cap;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(expects) / sizeof(expects[0]); i++) {
		const struct expect *e = &expects[i];
		const struct conn *c;

		capture_read(&cap, e->file, false);
		c = expect_find(&cap, e);
		if (c == NULL) {
			fail_msg("%s: no %u connection %u-%u", e->file, e->l4,
				 e->p1, e->p2);
			return;
		}
		if (strcmp(proto_name(c->app), e->app) != 0)
			fail_msg("%s %u-%u: app %s, tshark says %s", e->file,
				 e->p1, e->p2, proto_name(c->app), e->app);
		if (e->name && strcmp(c->name, e->name) != 0)
			fail_msg("%s %u-%u: name '%s', tshark says '%s'",
				 e->file, e->p1, e->p2, c->name, e->name);
	}
}

static void
test_all_dns_fragmented_connections_are_dns(void **state)
{
	static struct capture cap;
	size_t i;

	(void)state;
	capture_read(&cap, "dns_fragmented.pcap", false);
	assert_int_equal(cap.n, 21);
	for (i = 0; i < cap.n; i++)
		assert_string_equal(proto_name(cap.conns[i].app), "dns");
}

static void
test_every_payload_prefix_is_safe(void **state)
{
	static const char *const files[] = {
		"dns-udp.pcap", "dns-tcp.pcap", "dns.pcap", "http.pcap",
		"tls13.pcap", "tls_ech.pcapng", "quic-29.pcap",
		"quic-v2.pcapng", "ssh.pcap", "dhcp.pcap", "ntp.pcap",
		"ntp-control.pcap", "snmp.pcap", "smtp.pcap",
		"ssdp-m-search.pcap", "geneve.pcap", "gquic.pcap",
	};
	static struct capture cap;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		capture_read(&cap, files[i], true);
}

/* ---- the tree path: field values as tshark -T fields prints them ---- */

struct field_expect {
	const char *file;
	unsigned frame;    /* 1-based, as tshark numbers them */
	const char *field;
	const char *value; /* the first occurrence */
};

static const struct field_expect field_expects[] = {
	{ "tls13.pcap", 4, "tls.handshake.extensions_server_name",
	  "www.dev.pktop.test" },
	{ "tls13.pcap", 4, "tls.handshake.extensions_alpn_str", "h2" },
	{ "tls13.pcap", 4, "tls.record.version", "0x0301" },
	{ "tls13.pcap", 4, "tls.handshake.type", "1" },
	{ "http.pcap", 6, "http.host", "10.77.0.2" },
	{ "http.pcap", 6, "http.user_agent", "pktop-test/dev" },
	{ "http.pcap", 8, "http.response.code", "403" },
	{ "dns-udp.pcap", 2, "dns.a", "10.77.0.2" },
	{ "dns-udp.pcap", 2, "dns.flags.response", "1" },
	{ "dns-udp.pcap", 2, "dns.flags", "0x8580" },
	{ "dns-udp.pcap", 2, "dns.qry.name", "www.dev.example" },
	{ "quic-29.pcap", 1, "quic.version", "0xff00001d" },
	{ "quic-29.pcap", 1, "tls.handshake.extensions_server_name",
	  "localhost" },
	{ "ssh.pcap", 4, "ssh.protocol",
	  "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10" },
	{ "dhcp.pcap", 1, "dhcp.option.hostname", "pktop-dev" },
	{ "ntp.pcap", 4, "ntp.stratum", "8" },
};

static void
test_tree_fields_match_tshark(void **state)
{
	char path[1024], err[PCAP_ERRBUF_SIZE];
	struct tree t;
	size_t i;

	(void)state;
	tree_init(&t);
	for (i = 0; i < sizeof(field_expects) / sizeof(field_expects[0]);
	     i++) {
		const struct field_expect *e = &field_expects[i];
		struct decode_summary s;
		struct pcap_pkthdr *h;
		const u_char *data;
		unsigned n = 0;
		pcap_t *p;
		int k;

		snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, e->file);
		p = pcap_open_offline(path, err);
		if (p == NULL)
			fail_msg("%s: %s", path, err);
		while (pcap_next_ex(p, &h, &data) == 1 && ++n < e->frame)
			;
		assert_int_equal(n, e->frame);
		tree_reset(&t);
		decode_tree(pcap_datalink(p), data, h->caplen, h->len,
			    PROTO_NONE, &s, &t);
		k = tree_find(&t, e->field, 0);
		if (k < 0)
			fail_msg("%s#%u: no %s", e->file, e->frame, e->field);
		if (strcmp(t.nodes[k].value, e->value) != 0)
			fail_msg("%s#%u: %s is '%s', tshark says '%s'",
				 e->file, e->frame, e->field, t.nodes[k].value,
				 e->value);
		pcap_close(p);
	}
	tree_free(&t);
}

/* ---- hand-built packets ---- */

/* A frame that is only a transport payload: the summary points at it. */
static bool
identify(const uint8_t *p, size_t n, uint8_t l4, uint16_t sport,
	 uint16_t dport, struct appid_result *r)
{
	struct decode_summary s;

	memset(&s, 0, sizeof(s));
	s.l4 = l4;
	s.l4_proto = l4 == 6 ? PROTO_TCP : PROTO_UDP;
	s.layers = 1ull << s.l4_proto;
	s.sport = sport;
	s.dport = dport;
	s.payload_off = 0;
	s.payload_len = (uint32_t)n;
	return appid_identify(&s, p, r);
}

static const uint8_t dns_query_head[] = {
	0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

static size_t
dns_build(uint8_t *buf, const uint8_t *name, size_t name_len)
{
	memcpy(buf, dns_query_head, sizeof(dns_query_head));
	memcpy(buf + 12, name, name_len);
	buf[12 + name_len] = 0x00;
	buf[13 + name_len] = 0x01; /* type A */
	buf[14 + name_len] = 0x00;
	buf[15 + name_len] = 0x01; /* class IN */
	return 16 + name_len;
}

static void
test_dns_query_names_the_connection(void **state)
{
	static const uint8_t name[] = "\x07" "example" "\x03" "org";
	uint8_t buf[64];
	struct appid_result r;
	size_t n = dns_build(buf, name, sizeof(name));

	(void)state;
	assert_true(identify(buf, n, 17, 40000, 53, &r));
	assert_int_equal(r.app, PROTO_DNS);
	assert_true(r.certain);
	assert_int_equal(r.name_len, 11);
	assert_string_equal(r.name, "example.org");
	/* the same bytes on 5353 and 5355 */
	assert_true(identify(buf, n, 17, 5353, 5353, &r));
	assert_int_equal(r.app, PROTO_MDNS);
	assert_true(identify(buf, n, 17, 40000, 5355, &r));
	assert_int_equal(r.app, PROTO_LLMNR);
	/* off the DNS ports a whole, exact message still counts */
	assert_true(identify(buf, n, 17, 40000, 8053, &r));
	assert_int_equal(r.app, PROTO_DNS);
	/* ... but not one with bytes left over */
	buf[n] = 0xff;
	assert_false(identify(buf, n + 1, 17, 40000, 8053, &r));
	/* and NetBIOS name service is not DNS */
	assert_false(identify(buf, n, 17, 137, 137, &r) &&
		     r.app == PROTO_DNS);
}

static void
test_dns_pointer_loop_gives_no_name(void **state)
{
	/* the question's name is a pointer to itself (offset 12) */
	static const uint8_t self[] = { 0xc0, 0x0c };
	/* a label, then a pointer forward to a pointer back at the label */
	static const uint8_t fwd[] = { 0x01, 'a', 0xc0, 0x12, 0x00 };
	uint8_t buf[64];
	struct appid_result r;
	size_t n;

	(void)state;
	n = dns_build(buf, self, sizeof(self));
	identify(buf, n, 17, 40000, 53, &r);
	assert_int_equal(r.name_len, 0);
	assert_false(r.certain);
	n = dns_build(buf, fwd, sizeof(fwd));
	identify(buf, n, 17, 40000, 53, &r);
	assert_int_equal(r.name_len, 0);
	assert_false(r.certain);
}

static void
test_dns_forward_pointer_is_refused(void **state)
{
	/* two questions; the first name points forward at the second's, a
	 * well-formed name that a loop-safe reader must still not reach */
	static const uint8_t pkt[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00,
		0xc0, 0x12, 0x00, 0x01, 0x00, 0x01,             /* -> 18 */
		0x01, 'b', 0x03, 'o', 'r', 'g', 0x00, 0x00, 0x01, 0x00, 0x01,
	};
	struct appid_result r;

	(void)state;
	identify(pkt, sizeof(pkt), 17, 40000, 53, &r);
	assert_int_equal(r.name_len, 0);
	assert_false(r.certain);
}

static void
test_dns_name_over_255_octets_is_refused(void **state)
{
	uint8_t name[300], buf[400];
	struct appid_result r;
	size_t i, k = 0, n;

	(void)state;
	/* four 63-octet labels: 4 * 64 + 1 = 257 octets, over the limit */
	for (i = 0; i < 4; i++) {
		name[k++] = 63;
		memset(name + k, 'a' + (int)i, 63);
		k += 63;
	}
	name[k++] = 0; /* the root */
	n = dns_build(buf, name, k);
	identify(buf, n, 17, 40000, 53, &r);
	assert_int_equal(r.name_len, 0);
	assert_false(r.certain);
	/* three of them and a 61-octet one: 255, the most allowed */
	name[3 * 64] = 61;
	name[3 * 64 + 62] = 0;
	n = dns_build(buf, name, 3 * 64 + 63);
	assert_true(identify(buf, n, 17, 40000, 53, &r));
	assert_true(r.certain);
	assert_int_equal(r.name_len, 253);
	assert_int_equal(r.name[63], '.');
}

static void
test_dns_label_past_the_end_is_truncated_not_read(void **state)
{
	/* a 50-byte label with 3 bytes present */
	static const uint8_t pkt[] = {
		0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
		0x00, 0x00, 50, 'a', 'b', 'c',
	};
	struct appid_result r;

	(void)state;
	/* on port 53 the port decides; elsewhere nothing */
	assert_true(identify(pkt, sizeof(pkt), 17, 40000, 53, &r));
	assert_false(r.certain);
	assert_int_equal(r.name_len, 0);
	assert_false(identify(pkt, sizeof(pkt), 17, 40000, 40001, &r));
}

/* A TLS ClientHello with one server_name of N bytes; returns its length. */
static size_t
tls_build_hello(uint8_t *buf, const char *name, size_t n)
{
	size_t k = 0, ext = 2 + 1 + 2 + n, hs;

	buf[k++] = 0x16;
	buf[k++] = 0x03;
	buf[k++] = 0x01;
	k += 2; /* record length, below */
	buf[k++] = 0x01;
	k += 3; /* handshake length, below */
	buf[k++] = 0x03;
	buf[k++] = 0x03;
	memset(buf + k, 0x11, 32);
	k += 32;
	buf[k++] = 0; /* session id */
	buf[k++] = 0;
	buf[k++] = 2;
	buf[k++] = 0x13;
	buf[k++] = 0x01;
	buf[k++] = 1;
	buf[k++] = 0; /* null compression */
	buf[k++] = (uint8_t)((4 + ext) >> 8);
	buf[k++] = (uint8_t)(4 + ext);
	buf[k++] = 0;
	buf[k++] = 0; /* server_name */
	buf[k++] = (uint8_t)(ext >> 8);
	buf[k++] = (uint8_t)ext;
	buf[k++] = (uint8_t)((ext - 2) >> 8);
	buf[k++] = (uint8_t)(ext - 2);
	buf[k++] = 0; /* host_name */
	buf[k++] = (uint8_t)(n >> 8);
	buf[k++] = (uint8_t)n;
	memcpy(buf + k, name, n);
	k += n;
	hs = k - 9;
	buf[3] = (uint8_t)((k - 5) >> 8);
	buf[4] = (uint8_t)(k - 5);
	buf[6] = (uint8_t)(hs >> 16);
	buf[7] = (uint8_t)(hs >> 8);
	buf[8] = (uint8_t)hs;
	return k;
}

static void
test_tls_sni_on_any_port(void **state)
{
	uint8_t buf[512];
	struct appid_result r;
	size_t n = tls_build_hello(buf, "pktop.example", 13);

	(void)state;
	assert_true(identify(buf, n, 6, 50000, 8443, &r));
	assert_int_equal(r.app, PROTO_TLS);
	assert_true(r.certain);
	assert_string_equal(r.name, "pktop.example");
}

static void
test_tls_extension_cut_by_segment_end_gives_no_name(void **state)
{
	uint8_t buf[512];
	struct appid_result r;
	size_t n = tls_build_hello(buf, "pktop.example", 13), k;

	(void)state;
	/* every cut still says tls; only the whole name is kept */
	for (k = 11; k < n; k++) {
		assert_true(identify(buf, k, 6, 50000, 443, &r));
		assert_int_equal(r.app, PROTO_TLS);
		assert_int_equal(r.name_len, 0);
	}
	assert_true(identify(buf, n, 6, 50000, 443, &r));
	assert_int_equal(r.name_len, 13);
}

static void
test_tls_sni_in_the_segment_after_the_record_header(void **state)
{
	uint8_t buf[512];
	struct appid_result r;
	size_t n = tls_build_hello(buf, "late.example", 12), cut = 40, k;

	(void)state;
	/* the first segment: a ClientHello cut before its extensions */
	assert_true(identify(buf, cut, 6, 50000, 443, &r));
	assert_true(r.certain);
	assert_int_equal(r.name_len, 0);
	/* the next one, no record header: the name is still found */
	assert_true(identify(buf + cut, n - cut, 6, 50000, 443, &r));
	assert_false(r.certain);
	assert_string_equal(r.name, "late.example");
	/* a lying length hides it */
	buf[n - 12 - 1] ^= 0x01;
	identify(buf + cut, n - cut, 6, 50000, 443, &r);
	assert_int_equal(r.name_len, 0);
	/* and encrypted-looking bytes name nothing */
	for (k = 0; k < sizeof(buf); k++)
		buf[k] = (uint8_t)(k * 151 + 7);
	identify(buf, sizeof(buf), 6, 50000, 443, &r);
	assert_int_equal(r.name_len, 0);
}

static void
test_tls_sni_longer_than_the_buffer_is_cut_to_fit(void **state)
{
	static char name[600];
	static uint8_t buf[800];
	struct appid_result r;
	size_t n;

	(void)state;
	memset(name, 'x', sizeof(name));
	n = tls_build_hello(buf, name, sizeof(name));
	assert_true(identify(buf, n, 6, 50000, 443, &r));
	assert_int_equal(r.name_len, APPID_NAME_MAX - 1);
	assert_int_equal(r.name[APPID_NAME_MAX - 1], '\0');
}

static void
test_tls_lying_lengths_are_not_followed(void **state)
{
	uint8_t buf[512];
	struct appid_result r;
	size_t n = tls_build_hello(buf, "pktop.example", 13);

	(void)state;
	/* extensions length far past the record */
	buf[9 + 2 + 32 + 1 + 2 + 2 + 2] = 0xff;
	assert_true(identify(buf, n, 6, 50000, 443, &r));
	assert_int_equal(r.app, PROTO_TLS);
	/* a host_name longer than what is left of the record */
	n = tls_build_hello(buf, "pktop.example", 13);
	buf[n - 13 - 2] = 0x7f;
	assert_true(identify(buf, n, 6, 50000, 443, &r));
	assert_int_equal(r.name_len, 0);
}

static void
test_quic_short_and_odd_headers(void **state)
{
	/* long header, version 1, Initial, DCID 8, SCID 0, token 0, len */
	uint8_t v1[64] = {
		0xc3, 0x00, 0x00, 0x00, 0x01, 0x08, 1, 2, 3, 4, 5, 6, 7, 8,
		0x00, 0x00, 0x40, 0x20,
	};
	static const uint8_t cid_too_long[] = {
		0xc3, 0x00, 0x00, 0x00, 0x01, 0xff, 1, 2, 3,
	};
	static const uint8_t one[] = { 0xc0 };
	struct appid_result r;
	size_t k;

	(void)state;
	assert_true(identify(v1, sizeof(v1), 17, 50000, 443, &r));
	assert_int_equal(r.app, PROTO_QUIC);
	assert_true(r.certain);
	/* a Handshake packet is QUIC, not yet settled */
	v1[0] = 0xe3;
	assert_true(identify(v1, sizeof(v1), 17, 50000, 4433, &r));
	assert_int_equal(r.app, PROTO_QUIC);
	assert_false(r.certain);
	for (k = 0; k <= 18; k++)
		identify(v1, k, 17, 50000, 4433, &r);
	assert_false(identify(cid_too_long, sizeof(cid_too_long), 17, 50000,
			      4433, &r));
	assert_false(identify(one, sizeof(one), 17, 50000, 4433, &r));
	/* a short header means something only on 443 */
	assert_true(identify(one, sizeof(one), 17, 50000, 443, &r));
	assert_int_equal(r.app, PROTO_QUIC);
	assert_false(r.certain);
}

static void
test_line_protocols_by_signature(void **state)
{
	static const char smtp[] = "220 mx.example ESMTP Postfix\r\n";
	static const char ftp[] = "220 (vsFTPd 3.0.3)\r\n";
	static const char ehlo[] = "EHLO client.example\r\n";
	static const char user[] = "USER anonymous\r\n";
	static const char irc[] = "USER guest 0 * :Real Name\r\n";
	static const char ssh[] = "SSH-2.0-OpenSSH_9.2\r\n";
	static const char get[] = "GET /x HTTP/1.1\r\nHost:\t a.example \r\n\r\n";
	struct appid_result r;

	(void)state;
	assert_true(identify((const uint8_t *)smtp, strlen(smtp), 6, 2525,
			     50000, &r));
	assert_int_equal(r.app, PROTO_SMTP);
	assert_true(identify((const uint8_t *)ftp, strlen(ftp), 6, 2121, 50000,
			     &r));
	assert_int_equal(r.app, PROTO_FTP);
	assert_true(identify((const uint8_t *)ehlo, strlen(ehlo), 6, 50000,
			     2525, &r));
	assert_int_equal(r.app, PROTO_SMTP);
	assert_true(identify((const uint8_t *)user, strlen(user), 6, 50000,
			     2121, &r));
	assert_int_equal(r.app, PROTO_FTP);
	assert_false(identify((const uint8_t *)irc, strlen(irc), 6, 50000,
			      6667, &r));
	/* POP3 logs in with the same USER line */
	assert_false(identify((const uint8_t *)user, strlen(user), 6, 50000,
			      110, &r));
	assert_true(identify((const uint8_t *)ssh, strlen(ssh), 6, 50000,
			     2222, &r));
	assert_int_equal(r.app, PROTO_SSH);
	assert_true(r.certain);
	assert_true(identify((const uint8_t *)get, strlen(get), 6, 50000,
			     3000, &r));
	assert_int_equal(r.app, PROTO_HTTP);
	assert_string_equal(r.name, "a.example");
}

static void
test_port_alone_is_a_guess(void **state)
{
	static const uint8_t junk[] = { 0x00, 0x01, 0x02, 0x03, 0x04 };
	struct appid_result r;

	(void)state;
	assert_true(identify(junk, sizeof(junk), 6, 50000, 443, &r));
	assert_int_equal(r.app, PROTO_TLS);
	assert_false(r.certain);
	assert_true(identify(junk, sizeof(junk), 6, 50000, 22, &r));
	assert_int_equal(r.app, PROTO_SSH);
	assert_false(r.certain);
	assert_false(identify(junk, sizeof(junk), 6, 50000, 40000, &r));
	assert_int_equal(r.app, PROTO_NONE);
	/* NTP's header on another port is not NTP */
	assert_false(identify(junk, sizeof(junk), 17, 50000, 40000, &r));
}

/* ---- what identification costs: bytes it may look at ---- */

/* A payload that claims CLAIMED bytes of which only the first READABLE
 * can be read: the page after them is unmapped-to-read, so a parser that
 * looks further ends the test with SIGSEGV. */
struct guarded {
	uint8_t *map;
	size_t map_len;
	uint8_t *p;
};

static void
guarded_make(struct guarded *g, size_t readable, size_t claimed)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t head = (readable + page - 1) / page * page;
	void *m;

	g->map_len = head + claimed + page;
	m = mmap(NULL, g->map_len, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(m != MAP_FAILED);
	g->map = m;
	g->p = g->map + head - readable;
}

/* Fill the readable part with PATTERN (N bytes, repeated), then shut the
 * rest. */
static void
guarded_fill(struct guarded *g, size_t readable, const char *pattern,
	     size_t n)
{
	size_t page = (size_t)sysconf(_SC_PAGESIZE);
	size_t head = (readable + page - 1) / page * page, i;

	assert_int_equal(mprotect(g->map, g->map_len, PROT_READ | PROT_WRITE),
			 0);
	for (i = 0; i < readable; i++)
		g->p[i] = (uint8_t)pattern[i % n];
	assert_int_equal(mprotect(g->map + head, g->map_len - head, PROT_NONE),
			 0);
}

static void
guarded_free(struct guarded *g)
{
	munmap(g->map, g->map_len);
}

/* Payloads that cost the most per byte before the cap: zeros (every byte
 * a zero for the TLS continuation scan), 0x16 (a record type), text with
 * no line end, openings of text protocols with no line end, empty TLS
 * records back to back. */
static const struct {
	const char *bytes;
	size_t n;
} hostile[] = {
	{ "\0", 1 },
	{ "\x16", 1 },
	{ "lorem-ipsum-dolor-sit-amet", 26 },
	{ "220 SMTP-FTP-xxxxxxxxxxxxxxxxxxx", 32 },
	{ "USER xxxxxxxxxxxxxxxxxxxxxxxxxxx", 32 },
	{ "GET /xxxxxxxxxxxxxxxxxxxxxxxxxxx", 32 },
	{ "HTTP/1.1 200 xxxxxxxxxxxxxxxxxxx", 32 },
	{ "SSH-2.0-xxxxxxxxxxxxxxxxxxxxxxxx", 32 },
	{ "EHLO xxxxxxxxxxxxxxxxxxxxxxxxxxx", 32 },
	{ "\x16\x03\x03\x00\x00", 5 },
};

static const uint16_t cap_ports[] = { 40000, 443, 80, 22, 25, 21, 53, 123,
				      67, 161 };

static void
test_identification_looks_no_further_than_the_cap(void **state)
{
	const size_t claimed = 65535;
	struct guarded g;
	struct appid_result r;
	size_t i, j;

	(void)state;
	guarded_make(&g, APP_LOOK_MAX, claimed);
	for (i = 0; i < sizeof(hostile) / sizeof(hostile[0]); i++) {
		guarded_fill(&g, APP_LOOK_MAX, hostile[i].bytes, hostile[i].n);
		/* on no port, and on each parser's own */
		for (j = 0; j < sizeof(cap_ports) / sizeof(cap_ports[0]); j++) {
			identify(g.p, claimed, 6, 50000, cap_ports[j], &r);
			identify(g.p, claimed, 17, 50000, cap_ports[j], &r);
		}
	}
	guarded_free(&g);
}

/* The text protocols' parsers decide on a payload's first bytes when
 * these open no line of theirs: a payload of 1400 bytes with only 16 of
 * them readable is answered all the same. */
static void
test_text_parsers_reject_on_the_first_bytes(void **state)
{
	const struct proto_desc *const parsers[] = {
		proto_table[PROTO_HTTP], proto_table[PROTO_SMTP],
		proto_table[PROTO_FTP], proto_table[PROTO_SSH],
	};
	static const uint16_t ports[] = { 40000, 80, 25, 21, 22 };
	const size_t readable = 16, claimed = 1400;
	struct guarded g;
	struct appid_result r;
	struct app_ctx a;
	struct cursor c;
	size_t i, j, k;

	(void)state;
	guarded_make(&g, readable, claimed);
	for (i = 0; i < 3; i++) { /* zeros, 0x16, text */
		guarded_fill(&g, readable, hostile[i].bytes, hostile[i].n);
		for (j = 0; j < sizeof(parsers) / sizeof(parsers[0]); j++) {
			for (k = 0; k < sizeof(ports) / sizeof(ports[0]); k++) {
				memset(&a, 0, sizeof(a));
				memset(&r, 0, sizeof(r));
				a.r = &r;
				a.l4 = 6;
				a.sport = 50000;
				a.dport = ports[k];
				cursor_init(&c, g.p, claimed);
				assert_true(parsers[j]->parse(&c, &a) != APP_YES);
			}
		}
	}
	guarded_free(&g);
}

/* The continuation scan crosses zero runs eight bytes at a time: a shape
 * right after a run of any length and alignment is still found, and a
 * shape within the cap but after zero padding too. */
static void
test_tls_sni_after_zero_runs(void **state)
{
	static const uint8_t ext[] = {
		0x00, 0x00, 0x00, 0x0d, 0x00, 0x0b, 0x00, 0x00, 0x08,
		'z', 'e', 'r', 'o', '.', 'o', 'r', 'g',
	};
	static uint8_t buf[APP_LOOK_MAX];
	struct appid_result r;
	size_t run, lead;

	(void)state;
	for (lead = 0; lead < 3; lead++) {
		for (run = 0; run < 40; run++) {
			memset(buf, 0xaa, sizeof(buf));
			memset(buf + lead, 0, run);
			memcpy(buf + lead + run, ext, sizeof(ext));
			identify(buf, lead + run + sizeof(ext), 6, 50000, 443,
				 &r);
			assert_string_equal(r.name, "zero.org");
			/* with bytes after it */
			identify(buf, lead + run + sizeof(ext) + 7, 6, 50000,
				 443, &r);
			assert_string_equal(r.name, "zero.org");
			/* one byte short of the name: none */
			identify(buf, lead + run + sizeof(ext) - 1, 6, 50000,
				 443, &r);
			assert_int_equal(r.name_len, 0);
		}
	}
	/* behind 3000 bytes of padding, within the cap */
	memset(buf, 0, sizeof(buf));
	memcpy(buf + 3000, ext, sizeof(ext));
	identify(buf, sizeof(buf), 6, 50000, 443, &r);
	assert_string_equal(r.name, "zero.org");
	/* past the cap it is not looked for */
	{
		static uint8_t big[APP_LOOK_MAX + 100];

		memcpy(big + APP_LOOK_MAX + 10, ext, sizeof(ext));
		identify(big, sizeof(big), 6, 50000, 443, &r);
		assert_int_equal(r.name_len, 0);
	}
}

/* Identification reads a segment's first record only: a ClientHello
 * opens its segment, so records after it cost nothing and a hello after
 * another record is not looked for (after a ChangeCipherSpec it never
 * was: the handshake is encrypted by then). */
static void
test_tls_only_the_first_record_is_read(void **state)
{
	static const uint8_t empty[] = { 0x16, 0x03, 0x03, 0x00, 0x00 };
	static const uint8_t ccs[] = { 0x14, 0x03, 0x03, 0x00, 0x01, 0x01 };
	uint8_t buf[1024];
	struct appid_result r;
	size_t n, k;

	(void)state;
	/* the hello, then 100 empty records: named */
	n = tls_build_hello(buf, "first.example", 13);
	for (k = 0; k < 100; k++, n += sizeof(empty))
		memcpy(buf + n, empty, sizeof(empty));
	assert_true(identify(buf, n, 6, 50000, 8443, &r));
	assert_true(r.certain);
	assert_string_equal(r.name, "first.example");
	/* after an empty record or a ChangeCipherSpec: not looked for */
	memcpy(buf, empty, sizeof(empty));
	n = sizeof(empty) + tls_build_hello(buf + sizeof(empty), "x.example", 9);
	identify(buf, n, 6, 50000, 443, &r);
	assert_int_equal(r.name_len, 0);
	memcpy(buf, ccs, sizeof(ccs));
	n = sizeof(ccs) + tls_build_hello(buf + sizeof(ccs), "x.example", 9);
	identify(buf, n, 6, 50000, 443, &r);
	assert_int_equal(r.name_len, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_real_captures_match_tshark),
		cmocka_unit_test(test_all_dns_fragmented_connections_are_dns),
		cmocka_unit_test(test_every_payload_prefix_is_safe),
		cmocka_unit_test(test_tree_fields_match_tshark),
		cmocka_unit_test(test_dns_query_names_the_connection),
		cmocka_unit_test(test_dns_pointer_loop_gives_no_name),
		cmocka_unit_test(test_dns_forward_pointer_is_refused),
		cmocka_unit_test(test_dns_name_over_255_octets_is_refused),
		cmocka_unit_test(test_dns_label_past_the_end_is_truncated_not_read),
		cmocka_unit_test(test_tls_sni_on_any_port),
		cmocka_unit_test(test_tls_extension_cut_by_segment_end_gives_no_name),
		cmocka_unit_test(test_tls_sni_in_the_segment_after_the_record_header),
		cmocka_unit_test(test_tls_sni_longer_than_the_buffer_is_cut_to_fit),
		cmocka_unit_test(test_tls_lying_lengths_are_not_followed),
		cmocka_unit_test(test_quic_short_and_odd_headers),
		cmocka_unit_test(test_line_protocols_by_signature),
		cmocka_unit_test(test_port_alone_is_a_guess),
		cmocka_unit_test(test_identification_looks_no_further_than_the_cap),
		cmocka_unit_test(test_text_parsers_reject_on_the_first_bytes),
		cmocka_unit_test(test_tls_sni_after_zero_runs),
		cmocka_unit_test(test_tls_only_the_first_record_is_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
