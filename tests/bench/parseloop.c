/* parseloop: the baseline pktop --batch is measured against (issue 10).
 * The read loop of readloop.c, plus a straightforward hand parse of
 * Ethernet (802.1Q), IPv4, IPv6 (common extension headers), TCP, UDP and
 * SCTP ports, and per packet one bidirectional flow and two host entries
 * updated in uthash tables with uthash's default hash. */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
/* uthash's Jenkins hash falls through its switch on purpose */
#pragma GCC diagnostic ignored "-Wimplicit-fallthrough"
#include <uthash.h>

struct parseloop_endpoint {
	uint8_t addr[16];
	uint16_t port;
};

struct parseloop_flow_key {
	uint8_t family, proto;
	struct parseloop_endpoint lo, hi; /* ordered, so both directions meet */
};

struct parseloop_flow {
	struct parseloop_flow_key key;
	uint64_t packets[2], bytes[2]; /* lo to hi, hi to lo */
	UT_hash_handle hh;
};

struct parseloop_host_key {
	uint8_t family;
	uint8_t addr[16];
};

struct parseloop_host {
	struct parseloop_host_key key;
	uint64_t tx_packets, tx_bytes, rx_packets, rx_bytes;
	UT_hash_handle hh;
};

static struct parseloop_flow *parseloop_flows;
static struct parseloop_host *parseloop_hosts;
static uint64_t parseloop_undecoded;

static double parseloop_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static uint16_t parseloop_be16(const u_char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static struct parseloop_host *parseloop_host_get(uint8_t family, const uint8_t *addr)
{
	struct parseloop_host_key k;
	struct parseloop_host *h;

	memset(&k, 0, sizeof k);
	k.family = family;
	memcpy(k.addr, addr, family == 4 ? 4 : 16);
	HASH_FIND(hh, parseloop_hosts, &k, sizeof k, h);
	if (!h) {
		h = calloc(1, sizeof *h);
		if (!h)
			abort();
		h->key = k;
		HASH_ADD(hh, parseloop_hosts, key, sizeof k, h);
	}
	return h;
}

static void parseloop_count(uint8_t family, uint8_t proto, const uint8_t *src, const uint8_t *dst,
			    uint16_t sport, uint16_t dport, uint32_t len)
{
	struct parseloop_flow_key k;
	struct parseloop_endpoint a, b;
	struct parseloop_flow *f;
	struct parseloop_host *h;
	int reverse;
	size_t alen = family == 4 ? 4 : 16;

	h = parseloop_host_get(family, src);
	h->tx_packets++;
	h->tx_bytes += len;
	h = parseloop_host_get(family, dst);
	h->rx_packets++;
	h->rx_bytes += len;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	memcpy(a.addr, src, alen);
	a.port = sport;
	memcpy(b.addr, dst, alen);
	b.port = dport;
	reverse = memcmp(&a, &b, sizeof a) > 0;
	memset(&k, 0, sizeof k);
	k.family = family;
	k.proto = proto;
	k.lo = reverse ? b : a;
	k.hi = reverse ? a : b;
	HASH_FIND(hh, parseloop_flows, &k, sizeof k, f);
	if (!f) {
		f = calloc(1, sizeof *f);
		if (!f)
			abort();
		f->key = k;
		HASH_ADD(hh, parseloop_flows, key, sizeof k, f);
	}
	f->packets[reverse]++;
	f->bytes[reverse] += len;
}

static void parseloop_packet(const struct pcap_pkthdr *h, const u_char *p)
{
	uint32_t n = h->caplen, off = 14, l4 = 0;
	uint16_t type, sport = 0, dport = 0;
	uint8_t family, proto;
	const u_char *src, *dst;
	int ports = 1;

	if (n < 14)
		goto undecoded;
	type = parseloop_be16(p + 12);
	while ((type == 0x8100 || type == 0x88a8) && off + 4 <= n) {
		type = parseloop_be16(p + off + 2);
		off += 4;
	}
	if (type == 0x0800) {
		uint32_t ihl;

		if (off + 20 > n || (p[off] >> 4) != 4)
			goto undecoded;
		ihl = (uint32_t)(p[off] & 0x0f) * 4;
		if (ihl < 20 || off + ihl > n)
			goto undecoded;
		family = 4;
		proto = p[off + 9];
		src = p + off + 12;
		dst = p + off + 16;
		/* a later fragment has no ports */
		if (parseloop_be16(p + off + 6) & 0x1fff)
			ports = 0;
		l4 = off + ihl;
	} else if (type == 0x86dd) {
		int hops;

		if (off + 40 > n || (p[off] >> 4) != 6)
			goto undecoded;
		family = 6;
		proto = p[off + 6];
		src = p + off + 8;
		dst = p + off + 24;
		l4 = off + 40;
		/* hop-by-hop, routing, fragment, destination options */
		for (hops = 0; hops < 8; hops++) {
			if (proto == 0 || proto == 43 || proto == 60) {
				if (l4 + 8 > n)
					goto undecoded;
				proto = p[l4];
				l4 += 8 + (uint32_t)p[l4 + 1] * 8;
			} else if (proto == 44) {
				if (l4 + 8 > n)
					goto undecoded;
				if (parseloop_be16(p + l4 + 2) & 0xfff8)
					ports = 0;
				proto = p[l4];
				l4 += 8;
			} else {
				break;
			}
		}
	} else {
		goto undecoded;
	}
	if (ports && (proto == 6 || proto == 17 || proto == 132)) {
		if (l4 + 4 > n)
			ports = 0;
		else {
			sport = parseloop_be16(p + l4);
			dport = parseloop_be16(p + l4 + 2);
		}
	}
	parseloop_count(family, proto, src, dst, sport, dport, h->len);
	return;
undecoded:
	parseloop_undecoded++;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0;
	double t0, t1;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: parseloop FILE.pcap\n");
		return 2;
	}
	p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "parseloop: %s\n", err);
		return 2;
	}
	if (pcap_datalink(p) != DLT_EN10MB) {
		fprintf(stderr, "parseloop: only Ethernet captures\n");
		pcap_close(p);
		return 2;
	}
	t0 = parseloop_now();
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		parseloop_packet(h, data);
	}
	t1 = parseloop_now();
	if (rc == PCAP_ERROR)
		fprintf(stderr, "parseloop: %s\n", pcap_geterr(p));
	pcap_close(p);
	printf("parseloop packets=%llu secs=%.3f pps=%.0f flows=%u hosts=%u undecoded=%llu\n",
	       (unsigned long long)packets, t1 - t0,
	       t1 > t0 ? (double)packets / (t1 - t0) : 0.0,
	       HASH_COUNT(parseloop_flows), HASH_COUNT(parseloop_hosts),
	       (unsigned long long)parseloop_undecoded);
	/* the tables die with the process: freeing 50k entries is not the
	 * baseline's work */
	return rc == PCAP_ERROR ? 1 : 0;
}
