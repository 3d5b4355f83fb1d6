/*
 * addr: formatting and comparing the fixed-size address key.
 */
#include "config.h"

#include "base/addr.h"

#include <arpa/inet.h>
#include <string.h>

void
addr_set4(struct addr *a, const uint8_t b[4])
{
	memset(a, 0, sizeof(*a));
	a->family = 4;
	memcpy(a->bytes, b, 4);
}

void
addr_set6(struct addr *a, const uint8_t b[16])
{
	a->family = 6;
	memcpy(a->bytes, b, 16);
}

bool
addr_equal(const struct addr *a, const struct addr *b)
{
	return memcmp(a, b, sizeof(*a)) == 0;
}

int
addr_compare(const struct addr *a, const struct addr *b)
{
	if (a->family != b->family)
		return a->family < b->family ? -1 : 1;
	return memcmp(a->bytes, b->bytes, sizeof(a->bytes));
}

static char *
addr_put4(char *p, const uint8_t b[4])
{
	for (int i = 0; i < 4; i++) {
		unsigned v = b[i];

		if (v >= 100)
			*p++ = (char)('0' + v / 100);
		if (v >= 10)
			*p++ = (char)('0' + v / 10 % 10);
		*p++ = (char)('0' + v % 10);
		if (i < 3)
			*p++ = '.';
	}
	*p = '\0';
	return p;
}

/* IPv6 text exactly as glibc's inet_ntop writes it (what the tests and
 * tshark compare with): the first longest run of two or more zero words
 * as "::", lowercase hex without leading zeros, and the last 32 bits
 * dotted for IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible
 * (::a.b.c.d, but not ::1) addresses. BUF holds 46 bytes. */
static void
addr_format6(const uint8_t b[16], char *buf)
{
	static const char hex[] = "0123456789abcdef";
	unsigned w[8];
	int best = -1, best_len = 0, run = -1, run_len = 0;
	char *p = buf;

	for (int i = 0; i < 8; i++) {
		w[i] = (unsigned)b[2 * i] << 8 | b[2 * i + 1];
		if (w[i] == 0) {
			if (run < 0) {
				run = i;
				run_len = 0;
			}
			if (++run_len > best_len) {
				best = run;
				best_len = run_len;
			}
		} else {
			run = -1;
		}
	}
	if (best_len < 2)
		best = -1;
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best)
				*p++ = ':';
			continue;
		}
		if (i != 0)
			*p++ = ':';
		if (i == 6 && best == 0 &&
		    (best_len == 6 || (best_len == 7 && w[7] != 1) ||
		     (best_len == 5 && w[5] == 0xffff))) {
			addr_put4(p, b + 12);
			return;
		}
		for (int shift = 12, lead = 1; shift >= 0; shift -= 4) {
			unsigned d = (w[i] >> shift) & 15;

			if (d == 0 && lead && shift > 0)
				continue;
			lead = 0;
			*p++ = hex[d];
		}
	}
	if (best >= 0 && best + best_len == 8)
		*p++ = ':';
	*p = '\0';
}

const char *
addr_format(const struct addr *a, char *buf, size_t size)
{
	if (size == 0)
		return buf;
	/* by hand: glibc's inet_ntop formats through sprintf, which was
	 * most of the cost of a big report's addresses */
	if (a->family == 4 && size >= 16) {
		addr_put4(buf, a->bytes);
		return buf;
	}
	if (a->family == 6 && size >= 46) {
		addr_format6(a->bytes, buf);
		return buf;
	}
	if (a->family == 0 ||
	    inet_ntop(a->family == 6 ? AF_INET6 : AF_INET, a->bytes, buf,
		      (socklen_t)size) == NULL)
		buf[0] = '\0';
	return buf;
}

int
addr_parse(struct addr *a, const char *text)
{
	uint8_t b[16];

	if (inet_pton(AF_INET, text, b) == 1) {
		addr_set4(a, b);
		return 0;
	}
	if (inet_pton(AF_INET6, text, b) == 1) {
		addr_set6(a, b);
		return 0;
	}
	return -1;
}
