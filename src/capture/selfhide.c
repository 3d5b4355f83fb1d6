/*
 * selfhide: SSH_CONNECTION to a capture filter clause (see selfhide.h).
 * The addresses are checked with inet_pton before they reach the filter
 * text, so the environment cannot smuggle filter syntax in.
 */
#include "config.h"

#include "capture/selfhide.h"

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SELFHIDE_FIELD 64

static bool
selfhide_addr_ok(const char *s)
{
	unsigned char buf[16];

	return inet_pton(AF_INET, s, buf) == 1 ||
	       inet_pton(AF_INET6, s, buf) == 1;
}

static bool
selfhide_port_ok(const char *s, unsigned *port)
{
	char *end;
	unsigned long v;

	if (s[0] < '0' || s[0] > '9')
		return false;
	v = strtoul(s, &end, 10);
	if (*end != '\0' || v == 0 || v > 65535)
		return false;
	*port = (unsigned)v;
	return true;
}

int
selfhide_clause(const char *value, char *out, size_t size)
{
	char f[4][SELFHIDE_FIELD];
	unsigned cport, sport;
	size_t i, k;
	int n;

	if (size)
		out[0] = '\0';
	if (value == NULL)
		return -1;
	/* four fields separated by spaces, nothing after them */
	for (i = 0; i < 4; i++) {
		while (*value == ' ')
			value++;
		for (k = 0; *value && *value != ' '; value++) {
			if (k + 1 >= SELFHIDE_FIELD)
				return -1;
			f[i][k++] = *value;
		}
		if (k == 0)
			return -1;
		f[i][k] = '\0';
	}
	while (*value == ' ')
		value++;
	if (*value != '\0' || !selfhide_addr_ok(f[0]) ||
	    !selfhide_addr_ok(f[2]) || !selfhide_port_ok(f[1], &cport) ||
	    !selfhide_port_ok(f[3], &sport))
		return -1;
	n = snprintf(out, size,
		     "tcp and ((src host %s and src port %u and dst host %s "
		     "and dst port %u) or (src host %s and src port %u and "
		     "dst host %s and dst port %u))",
		     f[0], cport, f[2], sport, f[2], sport, f[0], cport);
	if (n < 0 || (size_t)n >= size) {
		if (size)
			out[0] = '\0';
		return -1;
	}
	return 0;
}

char *
selfhide_compose(const char *user, const char *clause)
{
	size_t n;
	char *s;

	if (user == NULL)
		user = "";
	if (clause == NULL || clause[0] == '\0')
		return strdup(user);
	n = strlen(user) + strlen(clause) + 32;
	s = malloc(n);
	if (s == NULL)
		return NULL;
	if (user[0])
		snprintf(s, n, "(%s) and not (%s)", user, clause);
	else
		snprintf(s, n, "not (%s)", clause);
	return s;
}
