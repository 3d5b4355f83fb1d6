/*
 * selfhide: the SSH session pktop runs in, read from SSH_CONNECTION
 * ("client-ip client-port server-ip server-port", set by OpenSSH's sshd),
 * as a capture filter clause that leaves out exactly that connection, so
 * the monitor's own screen updates do not top the tables they draw.
 */
#ifndef PKTOP_SELFHIDE_H
#define PKTOP_SELFHIDE_H

#include <stddef.h>

/* Room for the longest clause (two IPv6 addresses, twice). */
#define SELFHIDE_CLAUSE_MAX 512

/* The BPF clause matching both directions of the session described by
 * SSH_CONNECTION (the variable's value, may be NULL) into OUT. 0 on
 * success; -1 when VALUE is missing or not four well-formed fields
 * (OUT is then ""). */
int selfhide_clause(const char *value, char *out, size_t size);

/* USER's filter with CLAUSE left out: "(USER) and not (CLAUSE)", or "not
 * (CLAUSE)" when USER is empty, or USER when CLAUSE is empty. Allocated;
 * NULL when out of memory. */
char *selfhide_compose(const char *user, const char *clause);

#endif
