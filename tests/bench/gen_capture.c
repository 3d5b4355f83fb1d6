/* gen_capture: writes a large synthetic Ethernet pcap for the benchmarks.
 * "mix" is a deterministic traffic mix (TCP/UDP/ICMP over IPv4 and IPv6,
 * with DNS, HTTP, TLS ClientHello with SNI, QUIC, SSH and NTP payloads so
 * that application identification runs); "flood" and "synflood" put a new
 * random source address in every packet, to fill the tables; "connflood"
 * is a new connection in every packet from only 256 hosts; "quicflood" is
 * a new QUIC connection in every packet from those hosts, each opening
 * with a real client Initial that decrypts (identification's dearest
 * packet); "elephant" is one TCP connection of full-size segments (a bulk
 * download). With -p, the mix's filler (bulk data, encrypted records,
 * unknown protocols) is a pattern instead of random bytes: zeros, 0x16,
 * text with no CR or LF, the opening of a text protocol with no line end,
 * or empty TLS records back to back, to price identification on payloads
 * that are cheap for an attacker to send and common in binary protocols. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

enum gen_mode {
	GEN_MIX, GEN_FLOOD, GEN_SYNFLOOD, GEN_CONNFLOOD, GEN_QUICFLOOD,
	GEN_ELEPHANT
};
enum gen_app {
	APP_HTTP, APP_TLS, APP_SSH, APP_TCP_OTHER,
	APP_DNS, APP_QUIC, APP_NTP, APP_UDP_OTHER, APP_ICMP
};

#define GEN_ETH_LEN 14
#define GEN_MAX_FRAME 1514
#define GEN_MSS 1448 /* payload of a full frame with TCP timestamps */

struct gen_flow {
	uint32_t c_seq, s_seq;
	uint32_t packets;
	uint16_t cport, sport;
	uint16_t client, server; /* host indexes */
	uint8_t app;
	uint8_t v6;
	uint8_t bulk; /* download-heavy rather than interactive */
};

/* What gen_fill writes (-p). */
enum gen_pattern {
	GEN_FILL_RANDOM, GEN_FILL_ZERO, GEN_FILL_16, GEN_FILL_TEXT,
	GEN_FILL_OPENERS, GEN_FILL_RECORDS
};

static const char *const gen_pattern_names[] = {
	[GEN_FILL_RANDOM] = "random", [GEN_FILL_ZERO] = "zero",
	[GEN_FILL_16] = "0x16", [GEN_FILL_TEXT] = "text",
	[GEN_FILL_OPENERS] = "openers", [GEN_FILL_RECORDS] = "records",
};

#define GEN_PATTERNS (sizeof(gen_pattern_names) / sizeof(gen_pattern_names[0]))

struct gen_opts {
	enum gen_mode mode;
	enum gen_pattern fill;
	uint64_t packets;
	uint32_t flows, hosts;
	uint64_t seed;
	const char *out;
};

static uint64_t gen_state;

/* xorshift64*: fast, and the same stream for the same seed everywhere */
static uint64_t gen_rand(void)
{
	gen_state ^= gen_state >> 12;
	gen_state ^= gen_state << 25;
	gen_state ^= gen_state >> 27;
	return gen_state * 0x2545F4914F6CDD1DULL;
}

static uint32_t gen_below(uint32_t n)
{
	return (uint32_t)((gen_rand() >> 32) % n);
}

static void gen_put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void gen_put32(uint8_t *p, uint32_t v)
{
	gen_put16(p, (uint16_t)(v >> 16));
	gen_put16(p + 2, (uint16_t)v);
}

static uint32_t gen_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)(p[n - 1] << 8);
	return sum;
}

static uint16_t gen_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Host addresses: clients 10.1.0.0/16 and fd00:1::/64, servers
 * 172.16.0.0/16 and fd00:2::/64; one in ten hosts of each kind is IPv6. */
struct gen_hosts {
	uint32_t v4_clients, v4_servers, v6_clients, v6_servers;
};

static void gen_addr(uint8_t *out, int v6, int server, uint32_t index)
{
	if (!v6) {
		out[0] = server ? 172 : 10;
		out[1] = server ? 16 : 1;
		out[2] = (uint8_t)(index >> 8);
		out[3] = (uint8_t)(index + 1);
		return;
	}
	memset(out, 0, 16);
	out[0] = 0xfd;
	out[3] = server ? 2 : 1;
	out[12] = (uint8_t)(index >> 24);
	out[13] = (uint8_t)(index >> 16);
	out[14] = (uint8_t)(index >> 8);
	out[15] = (uint8_t)(index + 1);
}

struct gen_writer {
	FILE *f;
	uint64_t usec; /* time of the next packet */
	uint64_t packets, bytes;
};

static int gen_write_header(struct gen_writer *w)
{
	uint8_t h[24];

	/* little-endian pcap, microseconds, version 2.4, LINKTYPE_ETHERNET */
	memcpy(h, "\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);
	memset(h + 8, 0, 8);
	memcpy(h + 16, "\x00\x00\x04\x00\x01\x00\x00\x00", 8);
	return fwrite(h, sizeof h, 1, w->f) == 1 ? 0 : -1;
}

static int gen_write_frame(struct gen_writer *w, const uint8_t *frame, uint32_t len)
{
	uint8_t h[16];
	uint32_t wire = len < 60 ? 60 : len; /* Ethernet pads to 60 */
	uint32_t v[4] = {
		(uint32_t)(w->usec / 1000000), (uint32_t)(w->usec % 1000000), wire, wire
	};
	static const uint8_t zeros[60];
	int i;

	for (i = 0; i < 4; i++) {
		h[i * 4] = (uint8_t)v[i];
		h[i * 4 + 1] = (uint8_t)(v[i] >> 8);
		h[i * 4 + 2] = (uint8_t)(v[i] >> 16);
		h[i * 4 + 3] = (uint8_t)(v[i] >> 24);
	}
	if (fwrite(h, sizeof h, 1, w->f) != 1 || fwrite(frame, len, 1, w->f) != 1)
		return -1;
	if (wire > len && fwrite(zeros, wire - len, 1, w->f) != 1)
		return -1;
	w->packets++;
	w->bytes += wire;
	/* 0..9 us apart: 2M packets span about ten seconds */
	w->usec += gen_below(10);
	return 0;
}

/* One packet's addressing, filled by the caller. */
struct gen_pkt {
	int v6;
	uint8_t src[16], dst[16];
	uint8_t proto; /* 6, 17, 1 or 58 */
	uint16_t sport, dport;
	/* TCP */
	uint32_t seq, ack;
	uint8_t flags;
	int syn_opts;
	/* ICMP echo */
	uint8_t icmp_type;
	uint16_t icmp_id, icmp_seq;
};

#define TCP_FIN 0x01
#define TCP_SYN 0x02
#define TCP_PSH 0x08
#define TCP_ACK 0x10

static uint8_t gen_frame[GEN_MAX_FRAME + 64];

/* Builds Ethernet, IP and L4 headers around PAYLOAD (already at its place
 * in gen_frame, after gen_payload_offset()), then writes the frame. */
static size_t gen_l4_header_len(const struct gen_pkt *p)
{
	if (p->proto == 6)
		return p->syn_opts ? 40 : 32;
	return 8;
}

static uint8_t *gen_payload_at(const struct gen_pkt *p)
{
	return gen_frame + GEN_ETH_LEN + (p->v6 ? 40 : 20) + gen_l4_header_len(p);
}

static int gen_emit(struct gen_writer *w, const struct gen_pkt *p, size_t payload)
{
	uint8_t *eth = gen_frame, *ip = eth + GEN_ETH_LEN;
	size_t iph = p->v6 ? 40 : 20, l4h = gen_l4_header_len(p);
	uint8_t *l4 = ip + iph;
	size_t l4len = l4h + payload;
	uint32_t sum;

	/* MACs derived from the addresses, so each host keeps one */
	memcpy(eth, "\x02\x00", 2);
	memcpy(eth + 2, p->dst + (p->v6 ? 12 : 0), 4);
	memcpy(eth + 6, "\x02\x00", 2);
	memcpy(eth + 8, p->src + (p->v6 ? 12 : 0), 4);
	gen_put16(eth + 12, p->v6 ? 0x86dd : 0x0800);

	if (p->v6) {
		gen_put32(ip, 0x60000000);
		gen_put16(ip + 4, (uint16_t)l4len);
		ip[6] = p->proto;
		ip[7] = 64;
		memcpy(ip + 8, p->src, 16);
		memcpy(ip + 24, p->dst, 16);
	} else {
		ip[0] = 0x45;
		ip[1] = 0;
		gen_put16(ip + 2, (uint16_t)(20 + l4len));
		gen_put16(ip + 4, (uint16_t)w->packets);
		gen_put16(ip + 6, 0x4000); /* DF */
		ip[8] = 64;
		ip[9] = p->proto;
		gen_put16(ip + 10, 0);
		memcpy(ip + 12, p->src, 4);
		memcpy(ip + 16, p->dst, 4);
		gen_put16(ip + 10, gen_fold(gen_sum(ip, 20, 0)));
	}

	switch (p->proto) {
	case 6:
		gen_put16(l4, p->sport);
		gen_put16(l4 + 2, p->dport);
		gen_put32(l4 + 4, p->seq);
		gen_put32(l4 + 8, p->flags & TCP_ACK ? p->ack : 0);
		l4[12] = (uint8_t)((l4h / 4) << 4);
		l4[13] = p->flags;
		gen_put16(l4 + 14, 64240);
		gen_put16(l4 + 16, 0);
		gen_put16(l4 + 18, 0);
		if (p->syn_opts) {
			/* MSS 1460, SACK permitted, timestamps, NOP, window scale 7 */
			memcpy(l4 + 20, "\x02\x04\x05\xb4\x04\x02\x08\x0a", 8);
			gen_put32(l4 + 28, (uint32_t)(w->usec / 1000));
			gen_put32(l4 + 32, 0);
			memcpy(l4 + 36, "\x01\x03\x03\x07", 4);
		} else {
			memcpy(l4 + 20, "\x01\x01\x08\x0a", 4);
			gen_put32(l4 + 24, (uint32_t)(w->usec / 1000));
			gen_put32(l4 + 28, (uint32_t)(w->usec / 1000) - 20);
		}
		break;
	case 17:
		gen_put16(l4, p->sport);
		gen_put16(l4 + 2, p->dport);
		gen_put16(l4 + 4, (uint16_t)l4len);
		gen_put16(l4 + 6, 0);
		break;
	default: /* ICMP or ICMPv6 echo */
		l4[0] = p->icmp_type;
		l4[1] = 0;
		gen_put16(l4 + 2, 0);
		gen_put16(l4 + 4, p->icmp_id);
		gen_put16(l4 + 6, p->icmp_seq);
		break;
	}

	/* the pseudo-header checksum (none for ICMPv4) */
	sum = gen_sum(l4, l4len, 0);
	if (p->proto != 1) {
		size_t alen = p->v6 ? 16 : 4;
		sum = gen_sum(p->src, alen, sum);
		sum = gen_sum(p->dst, alen, sum);
		sum += p->proto + (uint32_t)l4len;
	}
	{
		uint16_t c = gen_fold(sum);
		size_t at = p->proto == 6 ? 16 : p->proto == 17 ? 6 : 2;
		if (p->proto == 17 && c == 0)
			c = 0xffff;
		gen_put16(l4 + at, c);
	}
	return gen_write_frame(w, gen_frame, (uint32_t)(GEN_ETH_LEN + iph + l4len));
}

/* Filler for encrypted or bulk payloads: random-looking, or one of the
 * patterns of -p (gen_filler_make). */
static uint8_t gen_filler[GEN_MAX_FRAME];
static enum gen_pattern gen_fill_pattern;

/* Text protocols' openings, each followed by a line with no end and no
 * space (GEN_FILL_OPENERS): every parser that reads a first line finds
 * its own start and must give up without walking to the end. */
static const char *const gen_openers[] = {
	"220 ", "USER ", "GET /", "HTTP/1.1 200 ", "SSH-2.0-", "EHLO ",
	"MAIL FROM:", "230-", "POST /", "RCPT TO:", "331 ", "250-",
	"220-", "HEAD /", "PUT /", "OPTIONS ",
};

#define GEN_OPENERS (sizeof(gen_openers) / sizeof(gen_openers[0]))

static size_t gen_fill(uint8_t *at, size_t n)
{
	uint32_t off = gen_below(64);
	size_t k;

	if (gen_fill_pattern == GEN_FILL_RANDOM) {
		memcpy(at, gen_filler + off, n);
		return n;
	}
	/* a pattern starts every payload alike; OFF, drawn all the same so
	 * that the packets are those of the random mix, picks the opener */
	memcpy(at, gen_filler, n);
	if (gen_fill_pattern == GEN_FILL_OPENERS) {
		k = strlen(gen_openers[off % GEN_OPENERS]);
		memcpy(at, gen_openers[off % GEN_OPENERS], k < n ? k : n);
	}
	return n;
}

static void gen_filler_make(enum gen_pattern fill)
{
	static const char text[] = "Lorem-ipsum-dolor-sit-amet,consectetur-"
				   "adipiscing-elit;sed-do-eiusmod-tempor.";
	/* a handshake record of no length (RFC 8446 section 5.1 allows
	 * none; tls_record_ok lets it through) */
	static const uint8_t record[] = { 0x16, 0x03, 0x03, 0x00, 0x00 };
	size_t i;

	gen_fill_pattern = fill;
	for (i = 0; i < sizeof gen_filler; i++) {
		switch (fill) {
		case GEN_FILL_RANDOM:
			gen_filler[i] = (uint8_t)(gen_rand() >> 56);
			break;
		case GEN_FILL_ZERO:
			gen_filler[i] = 0;
			break;
		case GEN_FILL_16:
			gen_filler[i] = 0x16;
			break;
		case GEN_FILL_TEXT:
		case GEN_FILL_OPENERS:
			gen_filler[i] = (uint8_t)text[i % (sizeof text - 1)];
			break;
		case GEN_FILL_RECORDS:
			gen_filler[i] = record[i % sizeof record];
			break;
		}
	}
}

static size_t gen_text(uint8_t *at, const char *s)
{
	size_t n = strlen(s);
	memcpy(at, s, n);
	return n;
}

static size_t gen_dns_name(uint8_t *at, uint32_t id)
{
	char name[64];
	size_t n = 0;
	char *label, *save = NULL;

	snprintf(name, sizeof name, "host%u.zone%u.example.com", id % 9973, id % 97);
	for (label = strtok_r(name, ".", &save); label; label = strtok_r(NULL, ".", &save)) {
		size_t l = strlen(label);
		at[n++] = (uint8_t)l;
		memcpy(at + n, label, l);
		n += l;
	}
	at[n++] = 0;
	return n;
}

/* RFC 1035 section 4.1: a query, or its answer with one A record */
static size_t gen_dns(uint8_t *at, uint32_t id, int answer)
{
	size_t n = 12;

	gen_put16(at, (uint16_t)id);
	gen_put16(at + 2, answer ? 0x8180 : 0x0100);
	gen_put16(at + 4, 1);
	gen_put16(at + 6, answer ? 1 : 0);
	gen_put16(at + 8, 0);
	gen_put16(at + 10, 0);
	n += gen_dns_name(at + n, id);
	gen_put16(at + n, 1); /* A */
	gen_put16(at + n + 2, 1); /* IN */
	n += 4;
	if (answer) {
		gen_put16(at + n, 0xc00c);
		gen_put16(at + n + 2, 1);
		gen_put16(at + n + 4, 1);
		gen_put32(at + n + 6, 300);
		gen_put16(at + n + 10, 4);
		gen_put32(at + n + 12, 0xc6336400 | (id & 0xff));
		n += 16;
	}
	return n;
}

/* A handshake record's head up to and with the session id: record
 * version, handshake type, legacy version 1.2, random and a 32-byte
 * session id; the lengths (record at 3, handshake at 6..8) are the
 * caller's to fill. Returns the bytes written. */
static size_t gen_hello_head(uint8_t *at, uint16_t record_version, uint8_t type)
{
	size_t n = 9;

	at[0] = 0x16;
	gen_put16(at + 1, record_version);
	at[5] = type;
	gen_put16(at + n, 0x0303);
	n += 2;
	gen_fill(at + n, 32);
	n += 32;
	at[n++] = 32;
	gen_fill(at + n, 32);
	return n + 32;
}

/* RFC 8446 section 4.1.2: a ClientHello with server_name (RFC 6066),
 * supported_versions and ALPN, in one handshake record */
static size_t gen_client_hello(uint8_t *at, uint32_t id)
{
	char host[48];
	size_t hl, n, ext, body;
	int i;

	hl = (size_t)snprintf(host, sizeof host, "www.site%u.example", id % 4999);
	n = gen_hello_head(at, 0x0301, 1);
	gen_put16(at + n, 8);
	n += 2;
	for (i = 0; i < 4; i++, n += 2)
		gen_put16(at + n, (uint16_t)(0x1301 + i % 3));
	at[n++] = 1;
	at[n++] = 0;
	ext = n;
	n += 2;
	/* server_name */
	gen_put16(at + n, 0);
	gen_put16(at + n + 2, (uint16_t)(hl + 5));
	gen_put16(at + n + 4, (uint16_t)(hl + 3));
	at[n + 6] = 0;
	gen_put16(at + n + 7, (uint16_t)hl);
	memcpy(at + n + 9, host, hl);
	n += 9 + hl;
	/* supported_versions: TLS 1.3, 1.2 */
	memcpy(at + n, "\x00\x2b\x00\x05\x04\x03\x04\x03\x03", 9);
	n += 9;
	/* ALPN: h2, http/1.1 */
	memcpy(at + n, "\x00\x10\x00\x0e\x00\x0c\x02h2\x08http/1.1", 18);
	n += 18;
	/* padding to a typical size */
	gen_put16(at + n, 21);
	gen_put16(at + n + 2, 128);
	memset(at + n + 4, 0, 128);
	n += 4 + 128;
	gen_put16(at + ext, (uint16_t)(n - ext - 2));
	body = n - 9;
	at[6] = (uint8_t)(body >> 16);
	gen_put16(at + 7, (uint16_t)body);
	gen_put16(at + 3, (uint16_t)(n - 5));
	return n;
}

static size_t gen_server_hello(uint8_t *at)
{
	size_t n;

	n = gen_hello_head(at, 0x0303, 2);
	gen_put16(at + n, 0x1301);
	n += 2;
	at[n++] = 0;
	memcpy(at + n, "\x00\x06\x00\x2b\x00\x02\x03\x04", 8);
	n += 8;
	at[6] = 0;
	gen_put16(at + 7, (uint16_t)(n - 9));
	gen_put16(at + 3, (uint16_t)(n - 5));
	/* then encrypted records fill the segment */
	at[n] = 0x17;
	gen_put16(at + n + 1, 0x0303);
	gen_put16(at + n + 3, (uint16_t)(GEN_MSS - n - 5));
	gen_fill(at + n + 5, GEN_MSS - n - 5);
	return GEN_MSS;
}

/* RFC 9000 section 17.2.2: an Initial packet, padded as clients must */
static size_t gen_quic_initial(uint8_t *at, uint32_t id, int server)
{
	size_t n = 0, len = 1200;


	at[n++] = 0xc3;
	gen_put32(at + n, 1);
	n += 4;
	at[n++] = 8;
	gen_put32(at + n, id);
	gen_put32(at + n + 4, server ? 0x53525652 : 0x434c4e54);
	n += 8;
	at[n++] = 8;
	gen_put32(at + n, ~id);
	gen_put32(at + n + 4, 0x51554943);
	n += 8;
	at[n++] = 0; /* token length */
	gen_put16(at + n, (uint16_t)(0x4000 | (len - n - 2)));
	n += 2;
	gen_fill(at + n, len - n);
	return len;
}

static size_t gen_quic_short(uint8_t *at, uint32_t id, size_t len)
{
	at[0] = 0x43;
	gen_put32(at + 1, id);
	gen_put32(at + 5, 0x434c4e54);
	gen_fill(at + 9, len - 9);
	return len;
}

/* The k-th packet of a flow: who sends it, and what. */
static int gen_flow_packet(struct gen_writer *w, struct gen_flow *f, uint32_t index)
{
	struct gen_pkt p;
	uint32_t k = f->packets++;
	int from_client;
	size_t payload = 0;
	uint8_t *pl;
	uint8_t caddr[16], saddr[16];
	char text[256];

	memset(&p, 0, sizeof p);
	p.v6 = f->v6;
	gen_addr(caddr, f->v6, 0, f->client);
	gen_addr(saddr, f->v6, 1, f->server);

	if (f->app <= APP_TCP_OTHER) {
		p.proto = 6;
		if (k == 0) {
			from_client = 1;
			p.flags = TCP_SYN;
			p.syn_opts = 1;
		} else if (k == 1) {
			from_client = 0;
			p.flags = TCP_SYN | TCP_ACK;
			p.syn_opts = 1;
		} else if (k == 2) {
			from_client = 1;
			p.flags = TCP_ACK;
		} else if (k == 3 || f->app == APP_SSH || !f->bulk) {
			/* requests, then an interactive exchange */
			from_client = k == 3 || (k & 1);
			p.flags = TCP_ACK | TCP_PSH;
		} else {
			/* bulk download: two full segments, then an ACK */
			from_client = k % 3 == 2;
			p.flags = from_client ? TCP_ACK : TCP_ACK | TCP_PSH;
		}
	} else if (f->app == APP_ICMP) {
		p.proto = f->v6 ? 58 : 1;
		from_client = !(k & 1);
	} else {
		p.proto = 17;
		from_client = f->app == APP_QUIC && k >= 2 ? k % 3 == 2 : !(k & 1);
	}

	memcpy(p.src, from_client ? caddr : saddr, 16);
	memcpy(p.dst, from_client ? saddr : caddr, 16);
	p.sport = from_client ? f->cport : f->sport;
	p.dport = from_client ? f->sport : f->cport;
	pl = gen_payload_at(&p);

	switch (f->app) {
	case APP_HTTP:
		if (k == 3) {
			snprintf(text, sizeof text,
				 "GET /item/%u HTTP/1.1\r\nHost: www.site%u.example\r\n"
				 "User-Agent: pktop-bench/1.0\r\nAccept: */*\r\n\r\n",
				 index, index % 4999);
			payload = gen_text(pl, text);
		} else if (k == 4) {
			payload = gen_text(pl, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
					   "Content-Length: 10000000\r\n\r\n");
			payload += gen_fill(pl + payload, GEN_MSS - payload);
		}
		break;
	case APP_TLS:
		if (k == 3)
			payload = gen_client_hello(pl, index);
		else if (k == 4)
			payload = gen_server_hello(pl);
		break;
	case APP_SSH:
		if (k == 3 || k == 4)
			payload = gen_text(pl, "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3\r\n");
		break;
	case APP_DNS:
		payload = gen_dns(pl, index * 131 + k / 2, !from_client);
		break;
	case APP_QUIC:
		if (k < 2)
			payload = gen_quic_initial(pl, index, !from_client);
		else
			payload = gen_quic_short(pl, index, from_client ? 40 : 1200);
		break;
	case APP_NTP:
		/* RFC 5905: version 4, mode 3 (client) or 4 (server) */
		memset(pl, 0, 48);
		pl[0] = from_client ? 0x23 : 0x24;
		gen_fill(pl + 40, 8);
		payload = 48;
		break;
	case APP_ICMP:
		p.icmp_type = f->v6 ? (from_client ? 128 : 129) : (from_client ? 8 : 0);
		p.icmp_id = (uint16_t)f->cport;
		p.icmp_seq = (uint16_t)(k / 2);
		payload = gen_fill(pl, 56);
		break;
	default:
		break;
	}

	if (p.proto == 6 && k >= 3 && payload == 0) {
		if (f->bulk && f->app != APP_SSH && k > 3)
			payload = from_client ? 0 : gen_fill(pl, GEN_MSS);
		else
			payload = gen_fill(pl, 20 + gen_below(400));
	} else if (p.proto == 17 && payload == 0) {
		payload = gen_fill(pl, 30 + gen_below(from_client ? 200 : 1100));
	}

	if (p.proto == 6) {
		uint32_t *mine = from_client ? &f->c_seq : &f->s_seq;
		uint32_t *theirs = from_client ? &f->s_seq : &f->c_seq;
		p.seq = *mine;
		p.ack = *theirs;
		*mine += (uint32_t)payload + (p.flags & TCP_SYN ? 1 : 0);
	}
	return gen_emit(w, &p, payload);
}

static int gen_mix(struct gen_writer *w, const struct gen_opts *o)
{
	struct gen_flow *flows;
	struct gen_hosts h;
	uint64_t i;
	uint32_t n;
	int rc = -1;

	flows = calloc(o->flows, sizeof *flows);
	if (!flows) {
		fprintf(stderr, "gen_capture: out of memory for %u flows\n", o->flows);
		return -1;
	}
	/* 90% IPv4; in each family one host in ten is a server */
	h.v6_clients = o->hosts / 10 * 9 / 10;
	h.v6_servers = o->hosts / 10 - h.v6_clients;
	h.v4_clients = (o->hosts - o->hosts / 10) * 9 / 10;
	h.v4_servers = o->hosts - o->hosts / 10 - h.v4_clients;
	if (!h.v6_servers || !h.v4_servers || !h.v6_clients || !h.v4_clients) {
		fprintf(stderr, "gen_capture: need at least 100 hosts\n");
		goto out;
	}
	for (n = 0; n < o->flows; n++) {
		struct gen_flow *f = &flows[n];
		uint32_t r = gen_below(100);
		uint32_t servers, clients, pick;

		f->v6 = gen_below(10) == 0;
		servers = f->v6 ? h.v6_servers : h.v4_servers;
		clients = f->v6 ? h.v6_clients : h.v4_clients;
		f->client = (uint16_t)gen_below(clients);
		/* a few popular servers */
		pick = gen_below(1000);
		f->server = (uint16_t)((uint64_t)servers * pick * pick / 1000000);
		f->cport = (uint16_t)(32768 + gen_below(28000));
		f->c_seq = (uint32_t)gen_rand();
		f->s_seq = (uint32_t)gen_rand();
		f->bulk = gen_below(10) < 7;
		if (r < 15) {
			f->app = APP_HTTP;
			f->sport = 80;
		} else if (r < 50) {
			f->app = APP_TLS;
			f->sport = 443;
		} else if (r < 53) {
			f->app = APP_SSH;
			f->sport = 22;
		} else if (r < 70) {
			f->app = APP_TCP_OTHER;
			f->sport = (uint16_t)(8000 + gen_below(2000));
		} else if (r < 82) {
			f->app = APP_DNS;
			f->sport = 53;
		} else if (r < 87) {
			f->app = APP_QUIC;
			f->sport = 443;
		} else if (r < 89) {
			f->app = APP_NTP;
			f->sport = 123;
			f->cport = 123;
		} else if (r < 95) {
			f->app = APP_UDP_OTHER;
			f->sport = (uint16_t)(10000 + gen_below(20000));
		} else {
			f->app = APP_ICMP;
			f->sport = 0;
		}
	}
	for (i = 0; i < o->packets;) {
		uint32_t idx, train;

		/* half uniform (every flow is seen), half skewed to a hot few */
		if (gen_rand() & 1) {
			idx = gen_below(o->flows);
		} else {
			uint64_t u = gen_below(1 << 16);
			idx = (uint32_t)(((uint64_t)o->flows * u * u * u) >> 48);
		}
		/* packets of a flow come in short trains, as a sender's window
		 * or a request and its answer do */
		train = 1 + gen_below(flows[idx].bulk ? 6 : 2);
		for (; train > 0 && i < o->packets; train--, i++) {
			if (gen_flow_packet(w, &flows[idx], idx) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	free(flows);
	return rc;
}

/* A QUIC version 1 client Initial as a browser sent it: the UDP payload of
 * frame 5 of tests/data/quic_0RTT.pcap (DCID 65b9ee23b37344d6, a
 * ClientHello for ssl.gstatic.com, padded to 1250 bytes). Its keys come
 * from its DCID alone (RFC 9001 section 5.2), so it opens whatever the
 * addresses and ports around it: each copy costs pktop a key derivation,
 * a header-protection and an AEAD pass, and a ClientHello parse. */
static const char gen_quic_v1_initial_hex[] =
	"c4000000010865b9ee23b37344d6003700d231f823ab83b1a6c7cd29c1d0e8a0"
	"110c2ca89316ed769ed8fce9a9d1c8106e205160efacbf39d51ceb567fb3a518"
	"832d9f60a0fcbd449922e13f415f7f74d1f8f0639e7df1283f09fda5e2551125"
	"aa29984216a59ec964c2415ccfb1d3e564a698abb8568c938f14fd6b6af90880"
	"b18efd5ef60646133e747238680f689fc43d75fb686875bf7ad81002ffaf4ed5"
	"7bfb40ae5d43ba56b575db45e46fdb4e37a68ccba06e528f60d130ed63cf07c6"
	"2953de56f4fa7772654befca15c407dc538aee46cb3554378d3771b6341c4c30"
	"8cdae90f84be76567534a5160471f8e78e87feda57391bbd3c244f55f8df9a3d"
	"07f008a15ae63ab6c27e0e1a03d92ed1b67c242bd9cc87d20832d4d5618e0f4f"
	"a62edeba889d8fc44a2ef4d8407793c6592d3d4c3ad966f81ef1fc64e0effe09"
	"e101162f8abe20dd2425d3079df9f2f2fcc326d96f6cb6e24e54aef2ecd53a4e"
	"2895fdeb5070ac6bf666c9e995ecc0e607cd5ee7ac29c5d355b3f250649379b2"
	"1678c895c1f19e12a6b3d98df628886cd16979724bd30519748127171f8acba1"
	"207034807c4ca842745118ce90243c34ccde340a9300c8246f07b272bfe06ddc"
	"b8ab40d1b219dd9d4d3b688c5435415e1f9fa4866cf1c7d462748f757703aa9c"
	"bf7fc3d174149bd5254cc78881f611f564c0f653336a86bcbbce7853f1019680"
	"d093693f704767dc7e2ee710478318ae2faa70b722c41e43c9cb994e36e6ee7b"
	"a158f57bbd520439d3a608ebc47f0c31738b4ab64cd627af886717a746f58e56"
	"68b7ccb978b31121d6a317a6843dfb45f9fabc2151ec9e0e0e4616729e4261a0"
	"54d5581c47a1a680831ddea33f25f8361ffabba8ec9cf495bfdebf8b78d5b38f"
	"65072ec314218c9a7f911ae86359a889d3c94d1b73c9b4a28e00d6273315e299"
	"c9226472b7597c7feb7da47ce0ba1482185f1377b400c3f6b237416d0084a95b"
	"f505526223df714bc6a885ec8ecc121a85f2724dc1c89bb92d91ed2196c106f4"
	"8b34bcb1b49758a54cae118f63bf9641a6787d974e69402d3d69233323f60787"
	"076a54b0120fe58ed2a2a1e5663190afddaa4326e91a124734b22fdc923567c9"
	"89518b1daec4b5c5d1fa24b14c80fdc8f36e315a31b1c7ad59d4565b2e019948"
	"130177194f54029fbcaa5ae95b1cd5e356d915ba84e0fdf48c87fa4a0e0a16bd"
	"cbccaf0dc88f9a2042d91af883e5d2d84abc59369cf84f7c1a2b105d28805dd4"
	"b7f810259f4f4e8b80153b1e7321715df3c5656f441920649e9706299eb2c6f2"
	"de7c753bc4e659bad720d6d46efddc9e8085bd4d85e7f5f247f6cc872a8e9099"
	"1685a8fb6e5e8d667a3773f09a9052df6c904d4c35dfb3778d786880472e7acf"
	"dc0991362e1b0f9a5129ff36e5a5fc14e6b7153ef3d836349884460d8f3ba47e"
	"ce6e84661e632e0b23b8e419211e382dff19bfa7537e2066af710e1072aae276"
	"2f717d0cba6191341e1715b3c304a69a37c9b2eb5d7945737b49e8d24a363eb5"
	"214de2e52a9623f22cc7746f6ceda3a63ad75f49756a32c275dd7300e3e80291"
	"f757a0c8a92cc6379b2a1e25c4739b6d18522a48bbabf6faf13919c1f740bf6d"
	"9be121d5c32a6a7c0c5373c169a49f820ec68b1740f3bd6475e3bacb96d953ae"
	"ae3d5c02bd297f86bd1e53f5d7ec8d02c26a0a974491803c14f5c7c0ed44c994"
	"982c71a5948209c8c39e8cd3ccd4c31ed4ad70e92d275d0f0eb8604257d9d386"
	"a252";

static uint8_t gen_quic_v1_initial[sizeof gen_quic_v1_initial_hex / 2];

static void gen_quic_v1_initial_load(void)
{
	size_t i;

	for (i = 0; i < sizeof gen_quic_v1_initial; i++) {
		unsigned v;

		sscanf(gen_quic_v1_initial_hex + 2 * i, "%2x", &v);
		gen_quic_v1_initial[i] = (uint8_t)v;
	}
}

/* Floods: a new random IPv4 source (and port) in every packet, towards a
 * handful of targets: UDP datagrams, or TCP SYNs to port 80; or SYNs (or
 * QUIC Initials to port 443) from random ports of 256 sources, so
 * connections grow and hosts do not. */
static int gen_flood(struct gen_writer *w, const struct gen_opts *o)
{
	struct gen_pkt p;
	uint64_t i;

	if (o->mode == GEN_QUICFLOOD)
		gen_quic_v1_initial_load();

	for (i = 0; i < o->packets; i++) {
		uint32_t src = (uint32_t)gen_rand();
		size_t payload = 0;

		memset(&p, 0, sizeof p);
		src = (src & 0x7fffffff) | 0x01000000; /* unicast, not 0/8 */
		if (o->mode == GEN_CONNFLOOD || o->mode == GEN_QUICFLOOD)
			src = 0x0a090000 | gen_below(256); /* 10.9.0.0/24 */
		gen_put32(p.src, src);
		gen_put32(p.dst, 0xc0000201 + gen_below(4)); /* 192.0.2.1-4 */
		p.sport = (uint16_t)(1024 + gen_below(64000));
		if (o->mode == GEN_QUICFLOOD) {
			p.proto = 17;
			p.dport = 443;
			payload = sizeof gen_quic_v1_initial;
			memcpy(gen_payload_at(&p), gen_quic_v1_initial, payload);
		} else if (o->mode != GEN_FLOOD) {
			p.proto = 6;
			p.dport = 80;
			p.flags = TCP_SYN;
			p.syn_opts = 1;
			p.seq = (uint32_t)gen_rand();
		} else {
			p.proto = 17;
			p.dport = (uint16_t)(1 + gen_below(65535));
			payload = gen_fill(gen_payload_at(&p), 18);
		}
		if (gen_emit(w, &p, payload) < 0)
			return -1;
	}
	return 0;
}

/* One connection carrying a bulk download: the handshake, then full
 * segments from the server with the client's ACK after every second, as
 * a 1 Gbit/s transfer looks on the wire (about 82 000 frames a second). */
static int gen_elephant(struct gen_writer *w, const struct gen_opts *o)
{
	uint32_t cseq = 0x1000, sseq = 0x80000000u;
	struct gen_pkt p;
	uint64_t i;

	for (i = 0; i < o->packets; i++) {
		int from_client = i < 3 ? i != 1 : i % 3 == 2;
		size_t payload = 0;

		memset(&p, 0, sizeof p);
		gen_put32(p.src, from_client ? 0x0a0a0001 : 0xc6336407);
		gen_put32(p.dst, from_client ? 0xc6336407 : 0x0a0a0001);
		p.sport = from_client ? 51000 : 5201;
		p.dport = from_client ? 5201 : 51000;
		p.proto = 6;
		if (i < 2) {
			/* SYN, SYN-ACK */
			p.flags = i == 0 ? TCP_SYN : TCP_SYN | TCP_ACK;
			p.syn_opts = 1;
			p.seq = i == 0 ? cseq++ : sseq++;
			p.ack = i == 0 ? 0 : cseq;
		} else if (from_client) {
			p.flags = TCP_ACK;
			p.seq = cseq;
			p.ack = sseq;
		} else {
			p.flags = TCP_ACK | TCP_PSH;
			p.seq = sseq;
			p.ack = cseq;
			payload = gen_fill(gen_payload_at(&p), GEN_MSS);
			sseq += GEN_MSS;
		}
		if (gen_emit(w, &p, payload) < 0)
			return -1;
	}
	return 0;
}

static void gen_usage(FILE *to)
{
	fprintf(to,
		"usage: gen_capture [-m mix|flood|synflood|connflood|quicflood|elephant]\n"
		"                   [-n PACKETS] [-f FLOWS] [-H HOSTS] [-s SEED] [-p FILL]\n"
		"                   -o FILE.pcap\n"
		"  mix (default): 2000000 packets over 50000 flows between 5000 hosts\n"
		"  flood: UDP, synflood: TCP SYN; a new random source in every packet\n"
		"  connflood: TCP SYN, a new connection in every packet from 256 sources\n"
		"  quicflood: the same with a decryptable QUIC v1 client Initial\n"
		"  elephant: one TCP connection of full-size segments\n"
		"  -p FILL: bulk and unknown payloads are random (default), zero,\n"
		"     0x16, text (no CR or LF), openers (a text protocol's start,\n"
		"     no line end), records (empty TLS records back to back)\n");
}

static int gen_parse(int argc, char **argv, struct gen_opts *o)
{
	size_t i;
	int c;

	o->mode = GEN_MIX;
	o->fill = GEN_FILL_RANDOM;
	o->packets = 2000000;
	o->flows = 50000;
	o->hosts = 5000;
	o->seed = 1;
	o->out = NULL;
	while ((c = getopt(argc, argv, "m:n:f:H:s:o:p:h")) != -1) {
		switch (c) {
		case 'm':
			if (!strcmp(optarg, "mix"))
				o->mode = GEN_MIX;
			else if (!strcmp(optarg, "flood"))
				o->mode = GEN_FLOOD;
			else if (!strcmp(optarg, "synflood"))
				o->mode = GEN_SYNFLOOD;
			else if (!strcmp(optarg, "connflood"))
				o->mode = GEN_CONNFLOOD;
			else if (!strcmp(optarg, "quicflood"))
				o->mode = GEN_QUICFLOOD;
			else if (!strcmp(optarg, "elephant"))
				o->mode = GEN_ELEPHANT;
			else
				return -1;
			break;
		case 'n':
			o->packets = strtoull(optarg, NULL, 10);
			break;
		case 'f':
			o->flows = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 'H':
			o->hosts = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 's':
			o->seed = strtoull(optarg, NULL, 10);
			break;
		case 'o':
			o->out = optarg;
			break;
		case 'p':
			for (i = 0; i < GEN_PATTERNS; i++)
				if (!strcmp(optarg, gen_pattern_names[i]))
					break;
			if (i == GEN_PATTERNS)
				return -1;
			o->fill = (enum gen_pattern)i;
			break;
		default:
			return -1;
		}
	}
	if (!o->out || !o->flows || o->hosts > 65535 * 10 / 9)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	struct gen_opts o;
	struct gen_writer w;
	static char buf[1 << 20];
	int rc;

	if (gen_parse(argc, argv, &o) < 0) {
		gen_usage(stderr);
		return 2;
	}
	gen_state = o.seed * 0x9E3779B97F4A7C15ULL + 1;
	/* the random filler is drawn whatever the pattern, so that every
	 * pattern's packets are the random mix's */
	gen_filler_make(GEN_FILL_RANDOM);
	if (o.fill != GEN_FILL_RANDOM)
		gen_filler_make(o.fill);
	memset(&w, 0, sizeof w);
	w.usec = 1700000000ULL * 1000000;
	w.f = fopen(o.out, "wb");
	if (!w.f) {
		fprintf(stderr, "gen_capture: cannot create '%s': %s\n", o.out, strerror(errno));
		return 1;
	}
	setvbuf(w.f, buf, _IOFBF, sizeof buf);
	rc = gen_write_header(&w);
	if (rc == 0)
		rc = o.mode == GEN_MIX	     ? gen_mix(&w, &o) :
		     o.mode == GEN_ELEPHANT ? gen_elephant(&w, &o) :
					      gen_flood(&w, &o);
	if (fclose(w.f) != 0)
		rc = -1;
	if (rc < 0) {
		fprintf(stderr, "gen_capture: writing '%s' failed: %s\n", o.out, strerror(errno));
		return 1;
	}
	fprintf(stderr, "gen_capture: %s: %llu packets, %llu bytes\n", o.out,
		(unsigned long long)w.packets, (unsigned long long)w.bytes);
	return 0;
}
