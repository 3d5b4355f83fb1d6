/*
 * addr: an IPv4 or IPv6 address as a fixed-size, memcmp-able key. IPv4 sits
 * in the first four bytes, the rest zero, so equal addresses are equal
 * memory (uthash keys are compared as bytes).
 */
#ifndef PKTOP_ADDR_H
#define PKTOP_ADDR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define ADDR_TEXT_MAX 46 /* INET6_ADDRSTRLEN */

struct addr {
	uint8_t family; /* 4 or 6; 0 for none */
	uint8_t bytes[16];
};

void addr_set4(struct addr *a, const uint8_t b[4]);
void addr_set6(struct addr *a, const uint8_t b[16]);
bool addr_equal(const struct addr *a, const struct addr *b);
int addr_compare(const struct addr *a, const struct addr *b);

/* Text as inet_ntop writes it ("10.0.0.1", "2001:db8::1"). */
const char *addr_format(const struct addr *a, char *buf, size_t size);

/* Parse dotted IPv4 or IPv6 text; 0 on success, -1 otherwise. */
int addr_parse(struct addr *a, const char *text);

#endif
