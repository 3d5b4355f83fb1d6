/*
 * community_id: SHA-1 over seed, the ordered endpoints, the protocol,
 * a pad byte and the ports, in network order, base64-encoded. ICMP types
 * that have an answer type count as a two-way "port" pair so a request
 * and its reply share an id; the others stay one-way (type, code).
 */
#include "config.h"

#include "base/community_id.h"

#include <stdbool.h>
#include <string.h>

#include "base/sha1.h"

enum { CID_ICMP = 1, CID_ICMP6 = 58, CID_TCP = 6, CID_UDP = 17, CID_SCTP = 132 };

struct cid_pair {
	uint8_t a, b;
};

/* Request and reply types, either way round. */
static const struct cid_pair cid_icmp4[] = {
	{ 8, 0 }, { 13, 14 }, { 15, 16 }, { 10, 9 }, { 17, 18 },
};
static const struct cid_pair cid_icmp6[] = {
	{ 128, 129 }, { 133, 134 }, { 135, 136 }, { 130, 131 },
	{ 144, 145 }, { 139, 140 },
};

/* The ICMP "ports": (type, answer type) two-way, or (type, code). */
static bool
cid_icmp_ports(uint8_t proto, uint16_t *sport, uint16_t *dport)
{
	const struct cid_pair *v = proto == CID_ICMP ? cid_icmp4 : cid_icmp6;
	size_t n = proto == CID_ICMP ? sizeof(cid_icmp4) / sizeof(cid_icmp4[0])
				     : sizeof(cid_icmp6) / sizeof(cid_icmp6[0]);

	for (size_t i = 0; i < n; i++) {
		if (*sport == v[i].a) {
			*dport = v[i].b;
			return false;
		}
		if (*sport == v[i].b) {
			*dport = v[i].a;
			return false;
		}
	}
	return true; /* one-way: keep type and code */
}

static void
cid_base64(const uint8_t *in, size_t n, char *out)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t o = 0;

	for (size_t i = 0; i < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		if (i + 2 < n)
			v |= in[i + 2];
		out[o++] = tab[(v >> 18) & 63];
		out[o++] = tab[(v >> 12) & 63];
		out[o++] = i + 1 < n ? tab[(v >> 6) & 63] : '=';
		out[o++] = i + 2 < n ? tab[v & 63] : '=';
	}
	out[o] = '\0';
}

int
community_id_v1(uint16_t seed, uint8_t proto, const struct addr *src,
		uint16_t sport, const struct addr *dst, uint16_t dport,
		char out[COMMUNITY_ID_LEN])
{
	const struct addr *a = src, *b = dst;
	uint16_t ap = sport, bp = dport;
	size_t alen = src->family == 6 ? 16 : 4;
	bool one_way = false, ports;
	uint8_t buf[2 + 32 + 2 + 4], digest[SHA1_LEN];
	size_t n = 0;
	int cmp;
	struct sha1 s;

	if (src->family != dst->family || (src->family != 4 && src->family != 6))
		return -1;
	ports = proto == CID_TCP || proto == CID_UDP || proto == CID_SCTP ||
		proto == CID_ICMP || proto == CID_ICMP6;
	if (proto == CID_ICMP || proto == CID_ICMP6)
		one_way = cid_icmp_ports(proto, &ap, &bp);
	cmp = memcmp(src->bytes, dst->bytes, alen);
	if (!one_way && (cmp > 0 || (cmp == 0 && ap > bp))) {
		const struct addr *t = a;
		uint16_t tp = ap;

		a = b;
		b = t;
		ap = bp;
		bp = tp;
	}
	buf[n++] = (uint8_t)(seed >> 8);
	buf[n++] = (uint8_t)seed;
	memcpy(buf + n, a->bytes, alen);
	n += alen;
	memcpy(buf + n, b->bytes, alen);
	n += alen;
	buf[n++] = proto;
	buf[n++] = 0;
	if (ports) {
		buf[n++] = (uint8_t)(ap >> 8);
		buf[n++] = (uint8_t)ap;
		buf[n++] = (uint8_t)(bp >> 8);
		buf[n++] = (uint8_t)bp;
	}
	sha1_init(&s);
	sha1_update(&s, buf, n);
	sha1_final(&s, digest);
	out[0] = '1';
	out[1] = ':';
	cid_base64(digest, sizeof(digest), out + 2);
	return 0;
}
