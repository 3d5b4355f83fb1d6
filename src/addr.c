/*
 * addr: formatting and comparing the fixed-size address key.
 */
#include "config.h"

#include "addr.h"

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

const char *
addr_format(const struct addr *a, char *buf, size_t size)
{
	int af = a->family == 6 ? AF_INET6 : AF_INET;

	if (size == 0)
		return buf;
	if (a->family == 0 || inet_ntop(af, a->bytes, buf, (socklen_t)size) == NULL)
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
