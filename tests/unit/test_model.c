/*
 * test_model: the model fed through model_batch_add/commit, on real
 * captures from tests/data (numbers from their tshark truth files) and on
 * hand-built frames for the edge cases: directions, first sender,
 * fragments, eviction, top-N order, match, protocols, app attribution,
 * rates, the packet store and the capture's state.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "model/model.h"
#include "model/model_impl.h" /* select_slice, select_visited */
#include "decode/decode.h"
#include "decode/proto_table.h"

/* ---- feeding ---- */

struct feed {
	struct model *m;
	struct model_batch *b;
	int linktype;
	double ts;
};

/* The feed of the running test, closed by the teardown when an assertion
 * ends the test early, so a failure does not also report leaks. */
static struct feed *feed_current;

static void
feed_open(struct feed *f, const struct model_limits *lim)
{
	char err[256];

	feed_current = f;
	f->m = model_new(lim, DLT_EN10MB, err, sizeof(err));
	assert_non_null(f->m);
	/* a small batch, so every test crosses several commits */
	f->b = model_batch_new(5, 1 << 16);
	assert_non_null(f->b);
	f->linktype = DLT_EN10MB;
	f->ts = 1700000000.0;
}

static void
feed_close(struct feed *f)
{
	model_batch_free(f->b);
	model_free(f->m);
	feed_current = NULL;
}

static int
feed_teardown(void **state)
{
	(void)state;
	if (feed_current != NULL)
		feed_close(feed_current);
	return 0;
}

static void
feed_frame(struct feed *f, double ts, const uint8_t *data, size_t caplen,
	   size_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)ts;
	h.ts.tv_usec = (suseconds_t)((ts - (double)(time_t)ts) * 1e6 + 0.5);
	if (h.ts.tv_usec >= 1000000)
		h.ts.tv_usec = 999999;
	h.caplen = (uint32_t)caplen;
	h.len = (uint32_t)len;
	if (!model_batch_add(f->b, f->linktype, &h, data)) {
		model_batch_commit(f->m, f->b);
		assert_true(model_batch_add(f->b, f->linktype, &h, data));
	}
}

static void
feed_commit(struct feed *f)
{
	model_batch_commit(f->m, f->b);
}

/* Every packet of a capture in tests/data. */
static void
feed_file(struct feed *f, const char *name)
{
	char path[1024], err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *p;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, name);
	p = pcap_open_offline(path, err);
	if (p == NULL)
		fail_msg("%s", err);
	f->linktype = pcap_datalink(p);
	while (pcap_next_ex(p, &h, &data) == 1) {
		if (!model_batch_add(f->b, f->linktype, h, data)) {
			model_batch_commit(f->m, f->b);
			assert_true(model_batch_add(f->b, f->linktype, h, data));
		}
	}
	pcap_close(p);
	feed_commit(f);
}

/* ---- hand-built Ethernet/IPv4 frames ---- */

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

enum { FRAG_NONE, FRAG_FIRST, FRAG_LATER };

struct v4 {
	const char *src, *dst;
	uint8_t proto;        /* 6, 17, 1 */
	uint16_t sport, dport;
	uint8_t flags;        /* TCP */
	size_t payload;
	const char *text;     /* payload bytes, else zeros */
	uint16_t ip_id;
	int frag;
};

static size_t
build_v4(uint8_t *f, const struct v4 *v)
{
	size_t l4 = 0, ip_len;
	uint8_t *ip = f + 14, *p;
	struct in_addr_bytes { uint8_t b[4]; } s, d;

	memset(f, 0, 14 + 20 + 20 + v->payload);
	f[0] = 0x02; f[5] = 0x01; f[6] = 0x02; f[11] = 0x02;
	put16(f + 12, 0x0800);
	if (v->frag != FRAG_LATER)
		l4 = v->proto == 6 ? 20 : 8;
	ip_len = 20 + l4 + v->payload;
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)ip_len);
	put16(ip + 4, v->ip_id);
	if (v->frag == FRAG_FIRST)
		put16(ip + 6, 0x2000);
	else if (v->frag == FRAG_LATER)
		put16(ip + 6, 0x0000 | 185); /* offset 1480 bytes, last */
	ip[8] = 64;
	ip[9] = v->proto;
	assert_int_equal(sscanf(v->src, "%hhu.%hhu.%hhu.%hhu", &s.b[0], &s.b[1], &s.b[2], &s.b[3]), 4);
	assert_int_equal(sscanf(v->dst, "%hhu.%hhu.%hhu.%hhu", &d.b[0], &d.b[1], &d.b[2], &d.b[3]), 4);
	memcpy(ip + 12, s.b, 4);
	memcpy(ip + 16, d.b, 4);
	p = ip + 20;
	if (v->frag != FRAG_LATER) {
		if (v->proto == 6) {
			put16(p, v->sport);
			put16(p + 2, v->dport);
			p[12] = 0x50;
			p[13] = v->flags;
			put16(p + 14, 65535);
		} else if (v->proto == 17) {
			put16(p, v->sport);
			put16(p + 2, v->dport);
			/* a first fragment's UDP length covers the datagram */
			put16(p + 4, (uint16_t)(8 + v->payload +
						(v->frag == FRAG_FIRST ? 100 : 0)));
		} else {
			p[0] = 8; /* echo request */
		}
		p += l4;
	}
	if (v->text != NULL)
		memcpy(p, v->text, v->payload);
	return 14 + ip_len;
}

static void
feed_v4(struct feed *f, double ts, const struct v4 *v)
{
	uint8_t frame[4096];
	size_t n = build_v4(frame, v);

	feed_frame(f, ts, frame, n, n);
}

/* ---- reading ---- */

static struct model_conn_row *
all_conns(struct model *m, size_t *n)
{
	struct model_query q = { .sort = MODEL_SORT_FIRST, .ascending = true,
				 .max = 100000 };
	struct model_conn_row *rows = calloc(q.max, sizeof(*rows));

	assert_non_null(rows);
	*n = model_connections(m, &q, rows, NULL);
	return rows;
}

static bool
row_is(const struct model_conn_row *r, const char *a, unsigned ap,
       const char *b, unsigned bp)
{
	char x[ADDR_TEXT_MAX], y[ADDR_TEXT_MAX];

	addr_format(&r->a, x, sizeof(x));
	addr_format(&r->b, y, sizeof(y));
	return strcmp(x, a) == 0 && strcmp(y, b) == 0 && r->a_port == ap &&
	       r->b_port == bp;
}

/* The connection with exactly these endpoints, a first; fails if absent. */
static struct model_conn_row
conn_find(struct model *m, const char *a, unsigned ap, const char *b,
	  unsigned bp)
{
	struct model_conn_row out, *rows;
	size_t n;
	bool found = false;

	rows = all_conns(m, &n);
	for (size_t i = 0; i < n; i++)
		if (row_is(&rows[i], a, ap, b, bp)) {
			out = rows[i];
			found = true;
		}
	free(rows);
	if (!found)
		fail_msg("no connection %s:%u -> %s:%u", a, ap, b, bp);
	return out;
}

static struct model_proto_row
proto_find(struct model *m, unsigned id)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = PROTO_COUNT };
	struct model_proto_row rows[PROTO_COUNT], none;
	size_t n = model_protocols(m, &q, rows, NULL);

	for (size_t i = 0; i < n; i++)
		if (rows[i].proto == id)
			return rows[i];
	memset(&none, 0, sizeof(none));
	none.proto = (uint8_t)id;
	return none;
}

static struct model_host_row
host_find(struct model *m, const char *text)
{
	struct model_query q = { .sort = MODEL_SORT_ADDR, .ascending = true,
				 .max = 1000, .match = text };
	struct model_host_row *rows = calloc(q.max, sizeof(*rows)), out;
	size_t n = model_hosts(m, &q, rows, NULL);
	bool found = false;

	for (size_t i = 0; i < n; i++) {
		char t[ADDR_TEXT_MAX];

		if (strcmp(addr_format(&rows[i].addr, t, sizeof(t)), text) == 0) {
			out = rows[i];
			found = true;
		}
	}
	free(rows);
	if (!found)
		fail_msg("no host %s", text);
	return out;
}

/* ---- real captures ---- */

static void
test_both_directions_counted_on_one_connection(void **state)
{
	static struct feed f;
	struct model_conn_row c;
	struct model_totals t;

	(void)state;
	feed_open(&f, NULL);
	/* a SYN to a closed port and its RST (tcp-reset.json) */
	feed_file(&f, "tcp-reset.pcap");
	model_get_totals(f.m, &t);
	assert_int_equal(t.packets, 2);
	assert_int_equal(t.bytes, 128);
	assert_int_equal(t.connections, 1);
	c = conn_find(f.m, "10.77.0.1", 46942, "10.77.0.2", 7777);
	assert_int_equal(c.l4, 6);
	assert_int_equal(c.a_to_b_packets, 1);
	assert_int_equal(c.a_to_b_bytes, 74);
	assert_int_equal(c.b_to_a_packets, 1);
	assert_int_equal(c.b_to_a_bytes, 54);
	assert_int_equal(c.state, MODEL_CONN_RESET);
	feed_close(&f);
}

static void
test_hosts_count_tx_and_rx(void **state)
{
	static struct feed f;
	struct model_host_row h;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "any-sll2.pcap"); /* any-sll2.json */
	h = host_find(f.m, "10.77.0.1");
	assert_int_equal(h.tx_packets, 7);
	assert_int_equal(h.tx_bytes, 617);
	assert_int_equal(h.rx_packets, 5);
	assert_int_equal(h.rx_bytes, 712);
	h = host_find(f.m, "fe80::a0d1:3ff:febe:ec0e");
	assert_int_equal(h.tx_bytes, 92);
	assert_int_equal(h.rx_bytes, 84);
	feed_close(&f);
}

static void
test_fragments_attributed_to_their_flow(void **state)
{
	static struct feed f;
	struct model_conn_row c;
	struct model_host_row h;

	(void)state;
	feed_open(&f, NULL);
	/* DNS answers in two IPv4 or IPv6 fragments (dns_fragmented.json) */
	feed_file(&f, "dns_fragmented.pcap");
	c = conn_find(f.m, "172.217.40.76", 56680, "193.24.227.238", 53);
	assert_int_equal(c.a_to_b_packets, 1);
	assert_int_equal(c.a_to_b_bytes, 82);
	assert_int_equal(c.b_to_a_packets, 2);
	assert_int_equal(c.b_to_a_bytes, 1778);
	c = conn_find(f.m, "2a00:1450:4013:c03::10a", 46433,
		      "2001:470:765b::a25:53", 53);
	assert_int_equal(c.b_to_a_packets, 2);
	assert_int_equal(c.b_to_a_bytes, 1633);
	c = conn_find(f.m, "2001:470:1f0b:16b0:20c:29ff:fe7c:a4cb", 55729,
		      "2001:470:765b::a25:53", 53);
	assert_int_equal(c.a_to_b_packets, 2);
	assert_int_equal(c.a_to_b_bytes, 228);
	assert_int_equal(c.b_to_a_packets, 2);
	assert_int_equal(c.b_to_a_bytes, 1862);
	/* hosts count every fragment */
	h = host_find(f.m, "193.24.227.238");
	assert_true(h.tx_packets >= 6);
	feed_close(&f);
}

static void
test_protocols_counted_per_stack(void **state)
{
	static struct feed f;
	struct model_proto_row p;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "http.pcap"); /* http.json */
	p = proto_find(f.m, PROTO_ETHERNET);
	assert_int_equal(p.packets, 42);
	assert_int_equal(p.bytes, 4340);
	p = proto_find(f.m, PROTO_ARP);
	assert_int_equal(p.packets, 2);
	assert_int_equal(p.bytes, 84);
	p = proto_find(f.m, PROTO_IPV4);
	assert_int_equal(p.packets, 40);
	assert_int_equal(p.bytes, 4256);
	p = proto_find(f.m, PROTO_TCP);
	assert_int_equal(p.packets, 40);
	assert_int_equal(p.bytes, 4256);
	p = proto_find(f.m, PROTO_UDP);
	assert_int_equal(p.packets, 0);
	feed_close(&f);
}

/* Endpoint a is the client: the SYN's sender; the SYN/ACK's receiver;
 * for a TCP connection met mid-stream (no SYN seen), the side whose
 * port is not the well-known one, else the higher port. A server that
 * speaks first (an SSH banner, SMTP's greeting) is still b. */
static void
test_midstream_tcp_client_is_a(void **state)
{
	static struct feed f;
	static const struct {
		const char *src, *dst;
		uint16_t sport, dport;
		uint8_t flags;
		const char *a, *b;
		uint16_t ap, bp;
	} cases[] = {
		/* the server's banner first: 22 is the server */
		{ "10.0.0.2", "10.0.0.1", 22, 40000, 0x18,
		  "10.0.0.1", "10.0.0.2", 40000, 22 },
		/* the client's ACK first */
		{ "10.0.0.1", "10.0.0.2", 40001, 443, 0x10,
		  "10.0.0.1", "10.0.0.2", 40001, 443 },
		/* both high: the lower port serves */
		{ "10.0.0.2", "10.0.0.1", 8080, 51000, 0x10,
		  "10.0.0.1", "10.0.0.2", 51000, 8080 },
		/* a SYN/ACK first: its receiver is the client */
		{ "10.0.0.2", "10.0.0.1", 60000, 50000, 0x12,
		  "10.0.0.1", "10.0.0.2", 50000, 60000 },
		/* a SYN says it, whatever the ports */
		{ "10.0.0.2", "10.0.0.1", 80, 50001, 0x02,
		  "10.0.0.2", "10.0.0.1", 80, 50001 },
	};
	size_t i;

	(void)state;
	feed_open(&f, NULL);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct v4 v = { .src = cases[i].src, .dst = cases[i].dst,
				.proto = 6, .sport = cases[i].sport,
				.dport = cases[i].dport,
				.flags = cases[i].flags, .payload = 10 };

		feed_v4(&f, 1.0 + (double)i, &v);
	}
	feed_commit(&f);
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct model_conn_row c = conn_find(f.m, cases[i].a, cases[i].ap,
						    cases[i].b, cases[i].bp);

		/* the packet counts in b's direction when b sent it */
		assert_int_equal(c.a_to_b_packets,
				 strcmp(cases[i].src, cases[i].a) == 0);
	}
	feed_close(&f);
}

/* A tunnel names its outer connections (issue 16), whatever the flows
 * inside carry; those flows keep their own labels and count in their
 * application's row too, as tshark's hierarchy counts SSH in Geneve:
 * geneve.pcap is 39 frames, all Geneve (tshark -Y geneve), 33 of them
 * the inner SSH connection's (tshark -Y "tcp.port == 22"); vxlan.pcap
 * 10, all VXLAN. A host seen only inside says so. */
static void
test_tunnel_names_outer_rows(void **state)
{
	static struct feed f;
	static const unsigned outer_ports[] = { 22540, 43443, 12618, 50525 };
	struct model_totals t;
	struct model_conn_row c;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "geneve.pcap");
	for (size_t i = 0; i < 4; i++) {
		const char *a = i % 2 ? "20.0.0.2" : "20.0.0.1";
		const char *b = i % 2 ? "20.0.0.1" : "20.0.0.2";

		c = conn_find(f.m, a, outer_ports[i], b, 6081);
		assert_int_equal(c.app, PROTO_GENEVE);
		assert_int_equal(c.tunnel, DECODE_TUNNEL_NONE);
	}
	c = conn_find(f.m, "30.0.0.2", 51225, "30.0.0.1", 22);
	assert_int_equal(c.app, PROTO_SSH);
	assert_int_equal(c.tunnel, DECODE_TUNNEL_GENEVE);
	assert_int_equal(proto_find(f.m, PROTO_GENEVE).packets, 39);
	assert_int_equal(proto_find(f.m, PROTO_SSH).packets, 33);
	assert_int_equal(host_find(f.m, "30.0.0.1").tunnel,
			 DECODE_TUNNEL_GENEVE);
	assert_int_equal(host_find(f.m, "20.0.0.1").tunnel,
			 DECODE_TUNNEL_NONE);
	model_get_totals(f.m, &t);
	assert_int_equal(t.tunnelled, 39);
	feed_close(&f);

	/* VXLAN: the two datagrams carrying ARP name their rows too */
	feed_open(&f, NULL);
	feed_file(&f, "vxlan.pcap");
	c = conn_find(f.m, "192.168.202.1", 42710, "192.168.203.1", 4789);
	assert_int_equal(c.app, PROTO_VXLAN);
	assert_int_equal(proto_find(f.m, PROTO_VXLAN).packets, 10);
	assert_int_equal(host_find(f.m, "192.168.203.5").tunnel,
			 DECODE_TUNNEL_VXLAN);
	feed_close(&f);
}

static void
test_app_attributed_to_all_frames_of_connection(void **state)
{
	static struct feed f;
	struct model_proto_row p;
	struct model_conn_row c;

	(void)state;
	feed_open(&f, NULL);
	/* four HTTP connections (one on 8080); the request is their fourth
	 * frame, after the handshake */
	feed_file(&f, "http.pcap");
	c = conn_find(f.m, "10.77.0.1", 45400, "10.77.0.2", 8080);
	assert_int_equal(c.app, PROTO_HTTP);
	assert_int_equal(c.state, MODEL_CONN_CLOSED);
	p = proto_find(f.m, PROTO_HTTP);
	assert_int_equal(p.packets, 40);
	assert_int_equal(p.bytes, 4256);
	feed_close(&f);
}

static void
test_server_name_kept_from_tls_sni(void **state)
{
	static struct feed f;
	struct model_conn_row c;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "tls12.pcap"); /* tls12.json */
	c = conn_find(f.m, "10.77.0.1", 43760, "10.77.0.2", 443);
	assert_int_equal(c.app, PROTO_TLS);
	assert_true(c.server_name[0] != '\0');
	assert_int_equal(c.a_to_b_packets, 11);
	assert_int_equal(c.a_to_b_bytes, 1258);
	assert_int_equal(c.b_to_a_packets, 9);
	assert_int_equal(c.b_to_a_bytes, 2286);
	assert_int_equal(proto_find(f.m, PROTO_TLS).packets, 20);
	feed_close(&f);
}

/* The commit lists the packets appid should see, identifies them with
 * the lock let go and labels in a second hold: a capture fed in one batch
 * must end with the labels, names and counts of the same capture fed one
 * packet a batch (each answer applied before the next packet). */
static void
feed_file_batched(struct feed *f, const char *name, size_t batch)
{
	model_batch_free(f->b);
	f->b = model_batch_new(batch, 1 << 24);
	assert_non_null(f->b);
	feed_file(f, name);
}

static void
test_labels_same_in_one_batch_as_one_by_one(void **state)
{
	static const char *const files[] = {
		"http.pcap", "http-lines-split.pcap", "tls12.pcap",
		"quic_0RTT.pcap", "quic_frags_ch_in_multiple_packets.pcapng",
		"dns.pcap", "geneve.pcap", "mixed.pcap",
	};
	static struct feed one, all;

	(void)state;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		struct model_conn_row *a, *b;
		size_t na, nb;
		unsigned labelled = 0;

		feed_open(&one, NULL);
		feed_file_batched(&one, files[i], 1);
		a = all_conns(one.m, &na);
		feed_close(&one);
		feed_open(&all, NULL);
		feed_file_batched(&all, files[i], 100000);
		b = all_conns(all.m, &nb);
		assert_int_equal(na, nb);
		for (size_t k = 0; k < na; k++) {
			assert_int_equal(a[k].app, b[k].app);
			assert_string_equal(a[k].server_name, b[k].server_name);
			assert_int_equal(a[k].a_to_b_packets, b[k].a_to_b_packets);
			assert_int_equal(a[k].b_to_a_bytes, b[k].b_to_a_bytes);
			labelled += a[k].app != PROTO_NONE;
		}
		assert_true(labelled > 0);
		free(a);
		free(b);
		/* the protocol rows take each connection's frames to its
		 * final label either way */
		feed_open(&one, NULL);
		feed_file_batched(&one, files[i], 1);
		for (unsigned id = 1; id < PROTO_COUNT; id++) {
			struct model_proto_row x = proto_find(one.m, id);
			struct model_proto_row y = proto_find(all.m, id);

			assert_int_equal(x.packets, y.packets);
			assert_int_equal(x.bytes, y.bytes);
		}
		feed_close(&one);
		feed_close(&all);
	}
}

static void
test_icmp_echo_is_a_connection_with_port_zero(void **state)
{
	static struct feed f;
	struct model_conn_row *rows;
	size_t n, icmp = 0;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "icmp.pcap");
	rows = all_conns(f.m, &n);
	for (size_t i = 0; i < n; i++) {
		if (rows[i].l4 != 1 && rows[i].l4 != 58)
			continue;
		icmp++;
		assert_int_equal(rows[i].a_port, 0);
		assert_int_equal(rows[i].b_port, 0);
	}
	assert_true(icmp >= 2); /* ping and ping6 */
	free(rows);
	feed_close(&f);
}

static void
test_totals_match_truth_files(void **state)
{
	static const struct {
		const char *name;
		uint64_t packets, bytes;
	} caps[] = {
		{ "mixed.pcap", 0, 0 },
		{ "dns_fragmented.pcap", 66, 23170 },
		{ "frag.pcap", 24, 29216 },
		{ "http.pcap", 42, 4340 },
		{ "tls12.pcap", 22, 3684 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(caps) / sizeof(caps[0]); i++) {
		static struct feed f;
		struct model_totals t;
		uint64_t seqs[4];

		feed_open(&f, NULL);
		feed_file(&f, caps[i].name);
		model_get_totals(f.m, &t);
		if (caps[i].packets) {
			assert_int_equal(t.packets, caps[i].packets);
			assert_int_equal(t.bytes, caps[i].bytes);
		}
		/* every packet went to the store, numbered from 1 */
		assert_int_equal(t.ring_first_seq, 1);
		assert_int_equal(t.ring_next_seq, t.packets + 1);
		assert_int_equal(model_packet_seqs(f.m, 0, NULL, NULL, seqs, 4),
				 t.packets < 4 ? t.packets : 4);
		assert_int_equal(seqs[0], 1);
		feed_close(&f);
	}
}

static void
test_timestamps_after_2106_are_kept(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct model_packet hdr;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "time_2107.pcapng");
	model_get_totals(f.m, &t);
	assert_true(t.packets > 0);
	/* its first packet is at 2107-01-01, 4323283200 s: past 32 bits */
	assert_true(t.first_ts >= 4323283200.0);
	assert_int_equal(model_packet_get(f.m, 1, &hdr, NULL, 0), 0);
	assert_true(model_packet_time(&hdr) == t.first_ts);
	feed_close(&f);
}

/* ---- hand-built ---- */

static void
test_a_is_first_sender(void **state)
{
	static struct feed f;
	struct model_conn_row c;
	struct v4 reply = { .src = "10.0.0.2", .dst = "10.0.0.1", .proto = 17,
			    .sport = 53, .dport = 40000, .payload = 30 };
	struct v4 query = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			    .sport = 40000, .dport = 53, .payload = 20 };

	(void)state;
	feed_open(&f, NULL);
	/* the capture started after the query: the server spoke first, and
	 * a UDP flow's a stays its first sender (TCP: test_midstream_...) */
	feed_v4(&f, f.ts, &reply);
	feed_v4(&f, f.ts + 1, &query);
	feed_v4(&f, f.ts + 2, &query);
	feed_commit(&f);
	c = conn_find(f.m, "10.0.0.2", 53, "10.0.0.1", 40000);
	assert_int_equal(c.a_to_b_packets, 1);
	assert_int_equal(c.a_to_b_bytes, 14 + 20 + 8 + 30);
	assert_int_equal(c.b_to_a_packets, 2);
	assert_true(c.first_ts == f.ts);
	assert_true(c.last_ts == f.ts + 2);
	feed_close(&f);
}

static void
test_tcp_state_follows_flags(void **state)
{
	static struct feed f;
	struct v4 c2s = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 6,
			  .sport = 40000, .dport = 9 };
	struct v4 s2c = { .src = "10.0.0.2", .dst = "10.0.0.1", .proto = 6,
			  .sport = 9, .dport = 40000 };
	static const struct {
		int from_server;
		uint8_t flags;
		enum model_conn_state want;
	} steps[] = {
		{ 0, 0x02, MODEL_CONN_SYN_SENT },
		{ 1, 0x12, MODEL_CONN_SYN_RECEIVED },
		{ 0, 0x10, MODEL_CONN_ESTABLISHED },
		{ 0, 0x18, MODEL_CONN_ESTABLISHED },
		{ 1, 0x11, MODEL_CONN_FIN_WAIT },
		{ 0, 0x11, MODEL_CONN_CLOSED },
		{ 0, 0x02, MODEL_CONN_SYN_SENT },
		{ 1, 0x14, MODEL_CONN_RESET },
	};

	(void)state;
	feed_open(&f, NULL);
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
		struct v4 *v = steps[i].from_server ? &s2c : &c2s;

		v->flags = steps[i].flags;
		feed_v4(&f, f.ts + (double)i, v);
		feed_commit(&f);
		assert_int_equal(conn_find(f.m, "10.0.0.1", 40000, "10.0.0.2", 9).state,
				 steps[i].want);
	}
	feed_close(&f);
}

static void
test_later_fragment_before_first_counted_when_first_arrives(void **state)
{
	static struct feed f;
	struct model_conn_row c;
	struct model_totals t;
	struct v4 first = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			    .sport = 5000, .dport = 6000, .payload = 1472,
			    .ip_id = 77, .frag = FRAG_FIRST };
	struct v4 later = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			    .payload = 100, .ip_id = 77, .frag = FRAG_LATER };
	struct v4 other = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			    .payload = 100, .ip_id = 78, .frag = FRAG_LATER };

	(void)state;
	feed_open(&f, NULL);
	feed_v4(&f, f.ts, &later);      /* reordered: before its first */
	feed_v4(&f, f.ts + 0.1, &first);
	feed_v4(&f, f.ts + 0.2, &other); /* a datagram whose first never came */
	feed_v4(&f, f.ts + 0.3, &first);  /* id 77 again: next datagram */
	feed_v4(&f, f.ts + 0.4, &later);
	feed_commit(&f);
	c = conn_find(f.m, "10.0.0.1", 5000, "10.0.0.2", 6000);
	assert_int_equal(c.a_to_b_packets, 4);
	assert_int_equal(c.a_to_b_bytes, 2 * (14 + 20 + 8 + 1472) + 2 * (14 + 20 + 100));
	assert_int_equal(c.b_to_a_packets, 0);
	model_get_totals(f.m, &t);
	assert_int_equal(t.connections, 1);
	/* every fragment counts for the hosts */
	assert_int_equal(host_find(f.m, "10.0.0.1").tx_packets, 5);
	assert_int_equal(host_find(f.m, "10.0.0.2").rx_packets, 5);
	feed_close(&f);
}

static void
test_reused_ip_id_moves_later_fragments_to_newest_flow(void **state)
{
	static struct feed f;
	struct model_conn_row a, b;
	struct v4 first = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			    .sport = 1111, .dport = 53, .payload = 100,
			    .ip_id = 5, .frag = FRAG_FIRST };
	struct v4 later = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			    .payload = 100, .ip_id = 5, .frag = FRAG_LATER };

	(void)state;
	feed_open(&f, NULL);
	/* one (src, dst, proto, id) for two flows, as in a garbage capture:
	 * the truth files (tshark, reassembly off) give every later fragment
	 * to the last first fragment's ports */
	feed_v4(&f, f.ts, &first);
	feed_v4(&f, f.ts + 0.1, &later);
	feed_v4(&f, f.ts + 0.2, &later);
	first.sport = 2222;
	feed_v4(&f, f.ts + 0.3, &first);
	feed_v4(&f, f.ts + 0.4, &later);
	feed_commit(&f);
	a = conn_find(f.m, "10.0.0.1", 1111, "10.0.0.2", 53);
	b = conn_find(f.m, "10.0.0.1", 2222, "10.0.0.2", 53);
	assert_int_equal(a.a_to_b_packets, 1);
	assert_int_equal(b.a_to_b_packets, 4);
	assert_int_equal(b.a_to_b_bytes, (14 + 20 + 8 + 100) + 3 * (14 + 20 + 100));
	feed_close(&f);
}

static void
test_eviction_at_connection_limit_counts_least_recent(void **state)
{
	static struct feed f;
	struct model_limits lim = { .max_connections = 2, .max_hosts = 3 };
	struct model_totals t;
	struct model_conn_row *rows;
	struct v4 v = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			.dport = 9, .payload = 10 };
	size_t n;

	(void)state;
	feed_open(&f, &lim);
	v.sport = 1;
	feed_v4(&f, f.ts, &v);
	v.sport = 2;
	feed_v4(&f, f.ts + 1, &v);
	v.sport = 1;                 /* 1 seen again: 2 is least recent */
	feed_v4(&f, f.ts + 2, &v);
	v.sport = 3;
	feed_v4(&f, f.ts + 3, &v);
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_int_equal(t.connections, 2);
	assert_int_equal(t.evicted_connections, 1);
	rows = all_conns(f.m, &n);
	assert_int_equal(n, 2);
	assert_int_equal(rows[0].a_port, 1);
	assert_int_equal(rows[0].a_to_b_packets, 2);
	assert_int_equal(rows[1].a_port, 3);
	free(rows);
	/* hosts: a fourth address evicts the least recent of three */
	v.src = "10.0.0.3";
	feed_v4(&f, f.ts + 4, &v);
	v.src = "10.0.0.4";
	feed_v4(&f, f.ts + 5, &v);
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_int_equal(t.hosts, 3);
	assert_int_equal(t.evicted_hosts, 1);
	host_find(f.m, "10.0.0.2");
	host_find(f.m, "10.0.0.4");
	feed_close(&f);
}

/* Three flows built to differ in every sort key. */
static void
feed_three_flows(struct feed *f)
{
	struct v4 v = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			.dport = 7 };

	/* port 100: oldest, most packets, fewest bytes, idle at the end */
	v.sport = 100;
	v.payload = 10;
	for (int i = 0; i < 6; i++)
		feed_v4(f, f->ts + i * 0.1, &v);
	/* port 300: most bytes, middle packets */
	v.src = "10.0.0.3";
	v.sport = 300;
	v.payload = 1000;
	for (int i = 0; i < 4; i++)
		feed_v4(f, f->ts + 1 + i, &v);
	/* port 200: newest, fewest packets, busiest in the last seconds */
	v.src = "10.0.0.5";
	v.sport = 200;
	v.payload = 500;
	for (int i = 0; i < 3; i++)
		feed_v4(f, f->ts + 6 + i * 0.3, &v);
	/* something later in time so rates are read after the last burst */
	v.src = "10.0.0.9";
	v.dst = "10.0.0.9";
	v.proto = 6; /* not UDP: filtered out of the checks below by l4 */
	v.sport = 1;
	v.payload = 0;
	feed_v4(f, f->ts + 8, &v);
	feed_commit(f);
}

static void
expect_order(struct model *m, enum model_sort sort, bool asc,
	     unsigned p0, unsigned p1, unsigned p2)
{
	struct model_query q = { .sort = sort, .ascending = asc, .max = 10,
				 .match = "udp" };
	struct model_conn_row rows[10];
	size_t matched;
	size_t n = model_connections(m, &q, rows, &matched);

	assert_int_equal(n, 3);
	assert_int_equal(matched, 3);
	if (rows[0].a_port != p0 || rows[1].a_port != p1 || rows[2].a_port != p2)
		fail_msg("sort %d %s: got %u %u %u, want %u %u %u", (int)sort,
			 asc ? "asc" : "desc", rows[0].a_port, rows[1].a_port,
			 rows[2].a_port, p0, p1, p2);
	/* offset picks up where a page ends */
	q.offset = 1;
	q.max = 1;
	assert_int_equal(model_connections(m, &q, rows, NULL), 1);
	assert_int_equal(rows[0].a_port, p1);
}

/* The find text matches an endpoint as the views draw it, address and
 * port joined by a colon, as well as either alone. */
static void
test_match_an_endpoint_as_drawn(void **state)
{
	static struct feed f;
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 10 };
	struct model_conn_row rows[10];

	(void)state;
	feed_open(&f, NULL);
	feed_three_flows(&f);
	q.match = "10.0.0.3:300";
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 1);
	assert_int_equal(rows[0].a_port, 300);
	q.match = "10.0.0.2:7 ";
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 3);
	q.match = "10.0.0.3:3000";
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 0);
	q.match = "10.0.0.5";
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 1);
	feed_close(&f);
}

static void
test_top_n_order_for_each_sort_key(void **state)
{
	static struct feed f;

	(void)state;
	feed_open(&f, NULL);
	feed_three_flows(&f);
	expect_order(f.m, MODEL_SORT_BYTES, false, 300, 200, 100);
	expect_order(f.m, MODEL_SORT_BYTES, true, 100, 200, 300);
	expect_order(f.m, MODEL_SORT_PACKETS, false, 100, 300, 200);
	expect_order(f.m, MODEL_SORT_PACKETS, true, 200, 300, 100);
	expect_order(f.m, MODEL_SORT_FIRST, true, 100, 300, 200);
	expect_order(f.m, MODEL_SORT_FIRST, false, 200, 300, 100);
	expect_order(f.m, MODEL_SORT_LAST, false, 200, 300, 100);
	expect_order(f.m, MODEL_SORT_ADDR, true, 100, 300, 200);
	expect_order(f.m, MODEL_SORT_ADDR, false, 200, 300, 100);
	/* read at second 8: the 2 s window sees only the newest flow (the
	 * others, quiet for longer than 2 s, tie at 0 in their order of
	 * arrival); the 40 s window the big one */
	expect_order(f.m, MODEL_SORT_RATE_2S, false, 200, 100, 300);
	expect_order(f.m, MODEL_SORT_RATE_40S, false, 300, 200, 100);
	expect_order(f.m, MODEL_SORT_RATE_40S, true, 100, 200, 300);
	feed_close(&f);
}

/* A whole table's order, taken once and read a row at a time: the same
 * rows as one query, a row evicted in between is left out, and nothing
 * is read after model_clear. */
static void
test_order_reads_a_whole_table_in_chunks(void **state)
{
	static struct feed f;
	const struct model_limits lim = { .max_hosts = 100,
					  .max_connections = 4,
					  .ring_bytes = 1u << 20 };
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 10 };
	struct model_conn_row want[10], got, rest[10];
	struct model_host_row hwant[10], hgot;
	struct v4 v = { .src = "10.0.0.7", .dst = "10.0.0.8", .proto = 17,
			.sport = 9, .dport = 9, .payload = 5 };
	struct model_order *o, *ho;
	size_t n, hn, i;

	(void)state;
	feed_open(&f, &lim);
	feed_three_flows(&f);
	n = model_connections(f.m, &q, want, NULL);
	hn = model_hosts(f.m, &q, hwant, NULL);
	assert_int_equal(n, 4);
	o = model_connections_order(f.m, &q);
	ho = model_hosts_order(f.m, &q);
	assert_non_null(o);
	assert_non_null(ho);
	assert_int_equal(model_order_count(o), n);
	assert_int_equal(model_order_connections(f.m, o, &got, 1), 1);
	assert_int_equal(got.id, want[0].id);
	for (i = 0; i < hn; i++) {
		assert_int_equal(model_order_hosts(f.m, ho, &hgot, 1), 1);
		assert_true(addr_equal(&hgot.addr, &hwant[i].addr));
	}
	assert_int_equal(model_order_hosts(f.m, ho, &hgot, 1), 0);
	/* a fifth flow evicts the least recently seen, port 100 (third by
	 * bytes): the rest of the order leaves it out */
	feed_v4(&f, f.ts + 9, &v);
	feed_commit(&f);
	assert_int_equal(want[2].a_port, 100);
	assert_int_equal(model_connection_get(f.m, want[2].id, &got), -1);
	assert_int_equal(model_order_connections(f.m, o, rest, 10), 2);
	assert_int_equal(rest[0].id, want[1].id);
	assert_int_equal(rest[1].id, want[3].id);
	assert_int_equal(model_order_connections(f.m, o, rest, 10), 0);
	model_order_free(o);
	/* after a clear the entries are gone: an order reads nothing */
	o = model_connections_order(f.m, &q);
	assert_non_null(o);
	model_clear(f.m);
	assert_int_equal(model_order_connections(f.m, o, &got, 10), 0);
	model_order_free(o);
	model_order_free(ho);
	feed_close(&f);
}

static void
test_hosts_and_protocols_top_n(void **state)
{
	static struct feed f;
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 2 };
	struct model_host_row h[4];
	struct model_proto_row p[PROTO_COUNT];
	size_t matched;
	char t[ADDR_TEXT_MAX];

	(void)state;
	feed_open(&f, NULL);
	feed_three_flows(&f);
	assert_int_equal(model_hosts(f.m, &q, h, &matched), 2);
	assert_int_equal(matched, 5);
	/* 10.0.0.2 received all three flows */
	assert_string_equal(addr_format(&h[0].addr, t, sizeof(t)), "10.0.0.2");
	assert_string_equal(addr_format(&h[1].addr, t, sizeof(t)), "10.0.0.3");
	q.sort = MODEL_SORT_ADDR;
	q.ascending = true;
	q.max = 4;
	assert_int_equal(model_hosts(f.m, &q, h, NULL), 4);
	assert_string_equal(addr_format(&h[0].addr, t, sizeof(t)), "10.0.0.1");
	assert_string_equal(addr_format(&h[3].addr, t, sizeof(t)), "10.0.0.5");
	q.sort = MODEL_SORT_PACKETS;
	q.ascending = false;
	q.max = PROTO_COUNT;
	assert_int_equal(model_protocols(f.m, &q, p, &matched), 4);
	assert_int_equal(p[0].proto, PROTO_ETHERNET);
	assert_int_equal(p[1].proto, PROTO_IPV4);
	assert_int_equal(p[2].proto, PROTO_UDP);
	assert_int_equal(p[3].proto, PROTO_TCP);
	q.sort = MODEL_SORT_ADDR;
	q.ascending = true;
	assert_int_equal(model_protocols(f.m, &q, p, NULL), 4);
	assert_int_equal(p[0].proto, PROTO_ETHERNET);
	assert_int_equal(p[3].proto, PROTO_UDP);
	q.match = "IPv";
	assert_int_equal(model_protocols(f.m, &q, p, &matched), 1);
	assert_int_equal(p[0].proto, PROTO_IPV4);
	feed_close(&f);
}

static void
test_match_filters_rows_case_insensitively(void **state)
{
	static struct feed f;
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 10 };
	struct model_conn_row rows[10];
	struct model_host_row h[10];
	size_t matched;

	(void)state;
	feed_open(&f, NULL);
	feed_three_flows(&f);
	q.match = "10.0.0.3";
	assert_int_equal(model_connections(f.m, &q, rows, &matched), 1);
	assert_int_equal(matched, 1);
	assert_int_equal(rows[0].a_port, 300);
	q.match = "200";       /* a port */
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 1);
	assert_int_equal(rows[0].a_port, 200);
	q.match = "UDP";       /* the protocol, any case */
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 3);
	q.match = "nothing-like-this";
	assert_int_equal(model_connections(f.m, &q, rows, &matched), 0);
	assert_int_equal(matched, 0);
	q.match = "";
	assert_int_equal(model_connections(f.m, &q, rows, &matched), 4);
	q.match = "0.0.5";
	assert_int_equal(model_hosts(f.m, &q, h, &matched), 1);
	/* the page is cut after the match */
	q.match = "10.0.0";
	q.max = 2;
	assert_int_equal(model_hosts(f.m, &q, h, &matched), 2);
	assert_int_equal(matched, 5);
	feed_close(&f);
}

static void
test_match_finds_app_and_server_name(void **state)
{
	static struct feed f;
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 10 };
	struct model_conn_row rows[10];
	char name[MODEL_NAME_MAX];

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "tls12.pcap");
	q.match = "tls";
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 1);
	snprintf(name, sizeof(name), "%s", rows[0].server_name);
	for (char *p = name; *p; p++)
		if (*p >= 'a' && *p <= 'z')
			*p = (char)(*p - 'a' + 'A');
	q.match = name;
	assert_int_equal(model_connections(f.m, &q, rows, NULL), 1);
	feed_close(&f);
}

static void
test_rates_and_local_in_out(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct model_host_row h;
	struct addr local;
	struct v4 out = { .src = "192.168.1.10", .dst = "8.8.8.8", .proto = 17,
			  .sport = 1000, .dport = 2000, .payload = 958 };
	struct v4 in = { .src = "8.8.8.8", .dst = "192.168.1.10", .proto = 17,
			 .sport = 2000, .dport = 1000, .payload = 458 };

	(void)state;
	feed_open(&f, NULL);
	assert_int_equal(addr_parse(&local, "192.168.1.10"), 0);
	model_set_local_addrs(f.m, &local, 1);
	/* 100 s of 1000 B/s out and 500 B/s in */
	for (int s = 0; s < 100; s++) {
		feed_v4(&f, f.ts + s, &out);
		feed_v4(&f, f.ts + s + 0.5, &in);
	}
	/* one late packet moves file time on, so second 99 is complete */
	out.payload = 0;
	feed_v4(&f, f.ts + 100, &out);
	feed_commit(&f);
	model_get_totals(f.m, &t);
	for (int w = 0; w < MODEL_RATE_COUNT; w++) {
		double want = w == MODEL_RATE_40S ? 0.9 : 0.99;

		assert_true(t.out_rate[w] > 1000.0 * want && t.out_rate[w] < 1001.0);
		assert_true(t.in_rate[w] > 500.0 * want && t.in_rate[w] < 501.0);
		assert_true(t.rate_bytes[w] > 1500.0 * want);
		assert_true(t.rate_packets[w] > 2.0 * want);
	}
	h = host_find(f.m, "8.8.8.8");
	assert_true(h.rx_rate[MODEL_RATE_2S] > 990.0);
	assert_true(h.tx_rate[MODEL_RATE_10S] > 495.0);
	/* a late packet far in the future: everything idle reads 0 */
	in.src = "1.1.1.1";
	in.dst = "1.1.1.2";
	feed_v4(&f, f.ts + 1000, &in);
	feed_commit(&f);
	h = host_find(f.m, "8.8.8.8");
	for (int w = 0; w < MODEL_RATE_COUNT; w++)
		assert_true(h.rx_rate[w] == 0.0 && h.tx_rate[w] == 0.0);
	model_get_totals(f.m, &t);
	assert_true(t.out_rate[MODEL_RATE_40S] == 0.0);
	feed_close(&f);
}

static void
test_live_rates_are_read_against_wall_clock(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct v4 v = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			.sport = 1, .dport = 2, .payload = 958 };
	double now = (double)time(NULL);

	(void)state;
	feed_open(&f, NULL);
	/* an hour ago in packet time: live, that is idle now */
	for (int s = 0; s < 20; s++)
		feed_v4(&f, now - 3600 - 20 + s, &v);
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_true(t.rate_bytes[MODEL_RATE_2S] > 900.0); /* file time */
	model_set_live(f.m, true);
	model_get_totals(f.m, &t);
	assert_true(t.rate_bytes[MODEL_RATE_2S] == 0.0);
	/* the last seconds up to now: live rates see them */
	for (int s = 0; s < 20; s++)
		feed_v4(&f, now - 22 + s, &v);
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_true(t.rate_bytes[MODEL_RATE_10S] > 100.0);
	feed_close(&f);
}

/* A file that has ended has no open second: a capture shorter than a
 * second shows its rates once it is read, and not before. */
static void
test_a_finished_file_counts_its_last_second(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct v4 v = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			.sport = 1, .dport = 2, .payload = 958 };

	(void)state;
	feed_open(&f, NULL);
	for (int i = 0; i < 10; i++)
		feed_v4(&f, 1700000000.05 + i * 0.05, &v);
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_true(t.rate_bytes[MODEL_RATE_2S] == 0.0); /* still reading */
	model_set_capture_state(f.m, MODEL_CAPTURE_FINISHED, NULL);
	model_get_totals(f.m, &t);
	for (int w = 0; w < MODEL_RATE_COUNT; w++)
		assert_true(t.rate_bytes[w] > 0.0);
	/* one second of 10 000 bytes: no window says more than that */
	assert_true(t.rate_bytes[MODEL_RATE_2S] <= 10000.0);
	feed_close(&f);
}

static void
test_connection_by_id_until_evicted(void **state)
{
	static struct feed f;
	struct model_limits lim = { .max_connections = 2 };
	struct model_conn_row c, again;
	struct v4 v = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 6,
			.sport = 1, .dport = 22, .flags = 0x02 };

	(void)state;
	feed_open(&f, &lim);
	feed_v4(&f, f.ts, &v);
	feed_commit(&f);
	c = conn_find(f.m, "10.0.0.1", 1, "10.0.0.2", 22);
	assert_int_equal(model_connection_get(f.m, c.id, &again), 0);
	assert_int_equal(again.id, c.id);
	assert_int_equal(again.a_to_b_packets, 1);
	assert_int_equal(again.state, MODEL_CONN_SYN_SENT);
	v.sport = 2;
	feed_v4(&f, f.ts + 1, &v);
	v.sport = 3;
	feed_v4(&f, f.ts + 2, &v);
	feed_commit(&f);
	assert_int_equal(model_connection_get(f.m, c.id, &again), -1);
	assert_int_equal(model_connection_get(f.m, 0, &again), -1);
	feed_close(&f);
}

static void
test_packet_store_keeps_bytes_and_evicts_oldest(void **state)
{
	static struct feed f;
	struct model_limits lim = { .ring_bytes = 16384 };
	struct model_totals t;
	struct model_packet hdr;
	uint8_t buf[2048], want[2048];
	uint64_t seqs[64];
	size_t n;
	struct v4 v = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			.sport = 1, .dport = 2, .payload = 958 };

	(void)state;
	feed_open(&f, &lim);
	for (int i = 0; i < 40; i++) {
		v.ip_id = (uint16_t)i;
		feed_v4(&f, f.ts + i, &v);
	}
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_true(t.ring_evicted > 0);
	assert_int_equal(t.ring_first_seq, 1 + t.ring_evicted);
	assert_int_equal(t.ring_next_seq, 41);
	assert_true(t.ring_bytes_used <= t.ring_bytes_max);
	assert_int_equal(model_packet_get(f.m, 1, &hdr, buf, sizeof(buf)), -1);
	assert_int_equal(model_packet_get(f.m, 41, &hdr, buf, sizeof(buf)), -1);
	assert_int_equal(model_packet_get(f.m, 40, &hdr, buf, sizeof(buf)), 0);
	assert_int_equal(hdr.seq, 40);
	assert_int_equal(hdr.len, 14 + 20 + 8 + 958);
	assert_int_equal(hdr.caplen, hdr.len);
	assert_int_equal(hdr.linktype, DLT_EN10MB);
	assert_true(model_packet_time(&hdr) == f.ts + 39);
	v.ip_id = 39;
	build_v4(want, &v);
	assert_memory_equal(buf, want, hdr.len);
	n = model_packet_seqs(f.m, 0, NULL, NULL, seqs, 64);
	assert_int_equal(n, 40 - t.ring_evicted);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(seqs[i], t.ring_first_seq + i);
	feed_close(&f);
}

static bool
keep_even(const struct model_packet *hdr, const uint8_t *data, void *arg)
{
	(void)data;
	(*(int *)arg)++;
	return hdr->seq % 2 == 0;
}

static void
test_packet_seqs_filters_with_predicate(void **state)
{
	static struct feed f;
	uint64_t seqs[64];
	int calls = 0;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "http.pcap");
	assert_int_equal(model_packet_seqs(f.m, 10, keep_even, &calls, seqs, 3), 3);
	assert_int_equal(seqs[0], 10);
	assert_int_equal(seqs[1], 12);
	assert_int_equal(seqs[2], 14);
	assert_int_equal(calls, 5);
	feed_close(&f);
}

static void
test_clear_forgets_rows_and_keeps_store(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct model_packet hdr;

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "http.pcap");
	model_set_drops(f.m, 5, 1);
	model_clear(f.m);
	model_get_totals(f.m, &t);
	assert_int_equal(t.packets, 0);
	assert_int_equal(t.hosts, 0);
	assert_int_equal(t.connections, 0);
	assert_int_equal(t.dropped, 0);
	assert_int_equal(proto_find(f.m, PROTO_TCP).packets, 0);
	assert_int_equal(t.ring_next_seq, 43);
	assert_int_equal(model_packet_get(f.m, 42, &hdr, NULL, 0), 0);
	/* counting starts again, sequence numbers go on */
	feed_file(&f, "tcp-reset.pcap");
	model_get_totals(f.m, &t);
	assert_int_equal(t.packets, 2);
	assert_int_equal(t.connections, 1);
	assert_int_equal(t.ring_next_seq, 45);
	model_set_drops(f.m, 7, 1);
	model_get_totals(f.m, &t);
	assert_int_equal(t.dropped, 2);
	assert_true(t.memory_bytes > t.ring_bytes_max);
	feed_close(&f);
}

/* model_reset (a file read again): the store goes too, sequence numbers
 * start at 1 again and the capture reads from its start. */
static void
test_reset_forgets_the_store_too(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct model_packet hdr;
	uint8_t b[64];

	(void)state;
	feed_open(&f, NULL);
	feed_file(&f, "http.pcap");
	model_set_capture_state(f.m, MODEL_CAPTURE_FINISHED, NULL);
	model_set_progress(f.m, 1000, 2000);
	model_reset(f.m);
	model_get_totals(f.m, &t);
	assert_int_equal(t.packets, 0);
	assert_int_equal(t.hosts, 0);
	assert_int_equal(t.connections, 0);
	assert_int_equal(t.ring_first_seq, 1);
	assert_int_equal(t.ring_next_seq, 1);
	assert_int_equal(t.ring_bytes_used, 0);
	assert_int_equal(t.capture_state, MODEL_CAPTURE_RUNNING);
	assert_int_equal(t.source_bytes_read, 0);
	assert_int_equal(model_packet_get(f.m, 1, &hdr, b, sizeof(b)), -1);
	/* the next reading numbers from 1 */
	feed_file(&f, "tcp-reset.pcap");
	model_get_totals(f.m, &t);
	assert_int_equal(t.packets, 2);
	assert_int_equal(t.ring_next_seq, 3);
	assert_int_equal(model_packet_get(f.m, 1, &hdr, b, sizeof(b)), 0);
	assert_int_equal(hdr.seq, 1);
	feed_close(&f);
}

static void
test_many_flows_over_many_batches_add_up(void **state)
{
	static struct feed f;
	struct model_totals t;
	struct model_conn_row *rows;
	struct v4 v = { .src = "10.1.0.1", .dst = "10.2.0.1", .proto = 17,
			.payload = 20 };
	uint64_t sum = 0;
	size_t n;
	char src[32];

	(void)state;
	feed_open(&f, NULL);
	for (int i = 0; i < 20000; i++) {
		int flow = (i * 7919) % 3000;

		snprintf(src, sizeof(src), "10.1.%d.%d", flow / 250, flow % 250);
		v.src = src;
		v.sport = (uint16_t)(1000 + flow);
		v.dport = 53;
		feed_v4(&f, f.ts + i * 0.001, &v);
	}
	feed_commit(&f);
	model_get_totals(f.m, &t);
	assert_int_equal(t.connections, 3000);
	assert_int_equal(t.hosts, 3001);
	rows = all_conns(f.m, &n);
	assert_int_equal(n, 3000);
	for (size_t i = 0; i < n; i++)
		sum += rows[i].a_to_b_packets + rows[i].b_to_a_packets;
	assert_int_equal(sum, 20000);
	free(rows);
	assert_int_equal(host_find(f.m, "10.2.0.1").rx_packets, 20000);
	feed_close(&f);
}

/* FLOWS connections, one source each, to one host. */
static void
feed_flows(struct feed *f, int flows)
{
	struct v4 v = { .dst = "10.2.0.1", .proto = 17, .payload = 20 };
	char src[32];

	for (int i = 0; i < flows; i++) {
		snprintf(src, sizeof(src), "10.1.%d.%d", i / 250, i % 250);
		v.src = src;
		v.sport = (uint16_t)(1000 + i);
		v.dport = 53;
		v.payload = (size_t)(20 + i % 700);
		feed_v4(f, f->ts + i * 0.001, &v);
	}
	feed_commit(f);
}

/* The rows of a few connections by id, however low they rank (a live
 * table keeps a shown row's line until its order's tick): found in one
 * walk that lets the lock go a slice at a time; ids gone or repeated
 * give nothing more. */
static void
test_connections_by_id_in_one_sliced_walk(void **state)
{
	static struct feed f;
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 3000 };
	static struct model_conn_row all[3000];
	struct model_conn_row got[5];
	uint64_t ids[5];
	size_t n, i, k, found = 0;

	(void)state;
	feed_open(&f, NULL);
	feed_flows(&f, 3000);
	f.m->select_slice = 500;
	assert_int_equal(model_connections(f.m, &q, all, NULL), 3000);
	/* the first, the last, one in the middle; an id never given; the
	 * last again */
	ids[0] = all[0].id;
	ids[1] = all[2999].id;
	ids[2] = all[1500].id;
	ids[3] = 0;
	ids[4] = all[2999].id;
	n = model_connections_by_id(f.m, ids, 5, 0, got);
	assert_int_equal(n, 3);
	assert_true(f.m->select_hold_max <= 500);
	assert_true(f.m->select_visited >= 1500);
	for (i = 0; i < n; i++)
		for (k = 0; k < 3000; k++)
			if (all[k].id == got[i].id) {
				assert_true(k == 0 || k == 1500 || k == 2999);
				assert_int_equal(all[k].a_to_b_bytes,
						 got[i].a_to_b_bytes);
				assert_memory_equal(&all[k].a, &got[i].a,
						    sizeof(got[i].a));
				found++;
			}
	assert_int_equal(found, 3);
	assert_int_equal(model_connections_by_id(f.m, ids + 3, 1, 0, got), 0);
	feed_close(&f);
}

/* Asked by id with an expiry, a connection past it is left out as the
 * live view's query leaves it out: a shown row whose connection went
 * quiet leaves at the expiry, not at its order's next tick (tui_expire
 * waited 6 s + up to 10 s). */
static void
test_connections_by_id_leave_out_the_expired(void **state)
{
	static struct feed f;
	struct v4 old = { .src = "10.0.0.1", .dst = "10.0.0.2", .proto = 17,
			  .sport = 1000, .dport = 53, .payload = 10 };
	struct v4 recent = { .src = "10.0.0.1", .dst = "10.0.0.2",
			     .proto = 17, .sport = 1001, .dport = 53,
			     .payload = 10 };
	struct model_conn_row got[2];
	uint64_t ids[2];

	(void)state;
	feed_open(&f, NULL);
	feed_v4(&f, 1000.0, &old);
	feed_v4(&f, 1100.0, &recent);
	feed_commit(&f);
	ids[0] = conn_find(f.m, "10.0.0.1", 1000, "10.0.0.2", 53).id;
	ids[1] = conn_find(f.m, "10.0.0.1", 1001, "10.0.0.2", 53).id;
	assert_int_equal(model_connections_by_id(f.m, ids, 2, 0, got), 2);
	assert_int_equal(model_connections_by_id(f.m, ids, 2, 50, got), 1);
	assert_int_equal(got[0].id, ids[1]);
	feed_close(&f);
}

static void
test_selection_holds_the_lock_a_slice_at_a_time_and_reuses_answers(void **state)
{
	static struct feed f;
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = 10 };
	struct model_conn_row rows[10], again[10], whole[10];
	struct model_host_row hrows[10], hagain[10];
	struct model_order *o;
	size_t n, matched = 0;

	(void)state;
	feed_open(&f, NULL);
	feed_flows(&f, 3000);
	f.m->select_slice = 500;

	/* the walk lets the lock go every 500 entries and still sees all */
	n = model_connections(f.m, &q, rows, &matched);
	assert_int_equal(n, 10);
	assert_int_equal(matched, 3000);
	assert_true(f.m->select_hold_max <= 500);
	assert_true(f.m->select_visited >= 3000);
	/* the same rows as a report's order, taken under one hold */
	o = model_connections_order(f.m, &q);
	assert_non_null(o);
	assert_int_equal(model_order_connections(f.m, o, whole, 10), 10);
	model_order_free(o);
	for (size_t i = 0; i < 10; i++)
		assert_int_equal(rows[i].id, whole[i].id);

	/* nothing committed since: the same query walks nothing */
	matched = 0;
	assert_int_equal(model_connections(f.m, &q, again, &matched), 10);
	assert_int_equal(f.m->select_visited, 0);
	assert_int_equal(matched, 3000);
	for (size_t i = 0; i < 10; i++) {
		assert_int_equal(rows[i].id, again[i].id);
		assert_int_equal(rows[i].a_to_b_bytes, again[i].a_to_b_bytes);
		assert_string_equal(rows[i].server_name, again[i].server_name);
	}
	/* another query does walk */
	q.ascending = true;
	model_connections(f.m, &q, again, NULL);
	assert_true(f.m->select_visited >= 3000);
	q.ascending = false;

	/* hosts: the same walk */
	assert_int_equal(model_hosts(f.m, &q, hrows, &matched), 10);
	assert_int_equal(matched, 3001);
	assert_true(f.m->select_hold_max <= 500);
	assert_true(f.m->select_visited >= 3001);
	assert_int_equal(model_hosts(f.m, &q, hagain, NULL), 10);
	assert_int_equal(f.m->select_visited, 0);
	assert_memory_equal(hrows, hagain, sizeof(hrows));

	/* a commit invalidates the kept answer */
	feed_flows(&f, 1);
	model_connections(f.m, &q, again, NULL);
	assert_true(f.m->select_visited >= 3000);
	model_hosts(f.m, &q, hagain, NULL);
	assert_true(f.m->select_visited >= 3001);
	feed_close(&f);
}

/* Between the first two slices of a walk, ten new connections evict the
 * ten oldest, which the first slice offered: their slots now hold the new
 * ones, and the rows leave them out rather than show those. */
static void
evict_ten(void *arg)
{
	struct feed *f = arg;
	struct v4 v = { .dst = "10.3.0.1", .proto = 17, .payload = 30 };
	char src[32];

	f->m->select_pause = NULL; /* once */
	for (int i = 0; i < 10; i++) {
		snprintf(src, sizeof(src), "10.4.0.%d", i);
		v.src = src;
		v.sport = (uint16_t)(2000 + i);
		v.dport = 53;
		feed_v4(f, f->ts + 10 + i * 0.001, &v);
	}
	feed_commit(f);
}

static void
test_selection_leaves_out_entries_evicted_between_slices(void **state)
{
	static struct feed f;
	struct model_limits lim = { .max_connections = 2500 };
	struct model_query q = { .sort = MODEL_SORT_FIRST, .ascending = true,
				 .max = 50 };
	struct model_conn_row rows[50];
	size_t n;

	(void)state;
	feed_open(&f, &lim);
	feed_flows(&f, 2500);
	f.m->select_slice = 500;
	f.m->select_pause = evict_ten;
	f.m->select_pause_arg = &f;
	n = model_connections(f.m, &q, rows, NULL);
	assert_null(f.m->select_pause); /* the walk did pause */
	assert_int_equal(n, 40);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].id, 11 + i);
	/* the commit in between: the next query walks again and sees them */
	n = model_connections(f.m, &q, rows, NULL);
	assert_int_equal(n, 50);
	assert_true(f.m->select_visited >= 2500);
	assert_int_equal(rows[0].id, 11);
	feed_close(&f);
}

static void
test_capture_state_and_progress_are_kept(void **state)
{
	static struct feed f;

	(void)state;
	feed_open(&f, NULL);
	model_set_capture_state(f.m, MODEL_CAPTURE_FAILED, "gone");
	model_set_progress(f.m, 10, 100);
	{
		struct model_totals t;

		model_get_totals(f.m, &t);
		assert_int_equal(t.capture_state, MODEL_CAPTURE_FAILED);
		assert_string_equal(t.capture_error, "gone");
		assert_int_equal(t.source_bytes_read, 10);
		assert_int_equal(t.source_bytes_total, 100);
	}
	feed_close(&f);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_teardown(test_both_directions_counted_on_one_connection, feed_teardown),
		cmocka_unit_test_teardown(test_hosts_count_tx_and_rx, feed_teardown),
		cmocka_unit_test_teardown(test_fragments_attributed_to_their_flow, feed_teardown),
		cmocka_unit_test_teardown(test_protocols_counted_per_stack, feed_teardown),
		cmocka_unit_test_teardown(test_midstream_tcp_client_is_a, feed_teardown),
		cmocka_unit_test_teardown(test_tunnel_names_outer_rows, feed_teardown),
		cmocka_unit_test_teardown(test_app_attributed_to_all_frames_of_connection, feed_teardown),
		cmocka_unit_test_teardown(test_server_name_kept_from_tls_sni, feed_teardown),
		cmocka_unit_test_teardown(test_icmp_echo_is_a_connection_with_port_zero, feed_teardown),
		cmocka_unit_test_teardown(test_totals_match_truth_files, feed_teardown),
		cmocka_unit_test_teardown(test_timestamps_after_2106_are_kept, feed_teardown),
		cmocka_unit_test_teardown(test_a_is_first_sender, feed_teardown),
		cmocka_unit_test_teardown(test_tcp_state_follows_flags, feed_teardown),
		cmocka_unit_test_teardown(test_later_fragment_before_first_counted_when_first_arrives, feed_teardown),
		cmocka_unit_test_teardown(test_reused_ip_id_moves_later_fragments_to_newest_flow, feed_teardown),
		cmocka_unit_test_teardown(test_eviction_at_connection_limit_counts_least_recent, feed_teardown),
		cmocka_unit_test_teardown(test_top_n_order_for_each_sort_key, feed_teardown),
		cmocka_unit_test_teardown(test_match_an_endpoint_as_drawn, feed_teardown),
		cmocka_unit_test_teardown(test_hosts_and_protocols_top_n, feed_teardown),
		cmocka_unit_test_teardown(test_match_filters_rows_case_insensitively, feed_teardown),
		cmocka_unit_test_teardown(test_match_finds_app_and_server_name, feed_teardown),
		cmocka_unit_test_teardown(test_rates_and_local_in_out, feed_teardown),
		cmocka_unit_test_teardown(test_live_rates_are_read_against_wall_clock, feed_teardown),
		cmocka_unit_test_teardown(test_order_reads_a_whole_table_in_chunks, feed_teardown),
		cmocka_unit_test_teardown(test_a_finished_file_counts_its_last_second, feed_teardown),
		cmocka_unit_test_teardown(test_connection_by_id_until_evicted, feed_teardown),
		cmocka_unit_test_teardown(test_connections_by_id_in_one_sliced_walk, feed_teardown),
		cmocka_unit_test_teardown(test_connections_by_id_leave_out_the_expired, feed_teardown),
		cmocka_unit_test_teardown(test_packet_store_keeps_bytes_and_evicts_oldest, feed_teardown),
		cmocka_unit_test_teardown(test_packet_seqs_filters_with_predicate, feed_teardown),
		cmocka_unit_test_teardown(test_clear_forgets_rows_and_keeps_store, feed_teardown),
		cmocka_unit_test_teardown(test_reset_forgets_the_store_too, feed_teardown),
		cmocka_unit_test_teardown(test_many_flows_over_many_batches_add_up, feed_teardown),
		cmocka_unit_test_teardown(test_labels_same_in_one_batch_as_one_by_one, feed_teardown),
		cmocka_unit_test_teardown(test_capture_state_and_progress_are_kept, feed_teardown),
		cmocka_unit_test_teardown(test_selection_holds_the_lock_a_slice_at_a_time_and_reuses_answers, feed_teardown),
		cmocka_unit_test_teardown(test_selection_leaves_out_entries_evicted_between_slices, feed_teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
