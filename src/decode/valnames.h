/*
 * valnames: the names tshark -V gives the values of a few numeric fields
 * ("Type: IPv4 (0x0800)", "Cipher Suite: TLS_AES_128_GCM_SHA256
 * (0x1301)"): ethertypes, IP protocols, ICMPv6 types, DNS types, classes,
 * opcodes and reply codes, TLS content and handshake types, versions,
 * cipher suites, extensions and groups. The tables are registry data
 * generated from tshark (valnames_gen.py -> valnames_gen.c); the tree
 * (decode/tree.h) names a node by its field when it adds it, so -V, the
 * drill-down and every dissector get the names without a call of
 * their own. --fields keeps the number, as tshark -T fields does.
 */
#ifndef PKTOP_VALNAMES_H
#define PKTOP_VALNAMES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct valname {
	uint32_t value;
	const char *name;
};

struct valnames_field {
	const char *field;           /* display-filter name */
	const struct valname *names; /* sorted by value */
	size_t count;
};

/* Generated: one row per field that has names. */
extern const struct valnames_field valnames_fields[];
extern const size_t valnames_fields_count;

/* The name of value V of FIELD, or NULL (no table, or no name). */
const char *valnames_lookup(const char *field, uint64_t v);

/* Whether FIELD has a table: a value it does not name then reads
 * "Unknown (N)", as tshark shows it. */
bool valnames_has(const char *field);

/* A dissector's own table (names it translates, say): the one lookup.
 * VALNAMES_TAB(tab) passes a static array and its length. */
#define VALNAMES_TAB(tab) (tab), sizeof(tab) / sizeof((tab)[0])

/* The name of V in NAMES (COUNT rows sorted by value), or NULL. */
const char *valnames_find(const struct valname *names, size_t count,
			  uint64_t v);

/* Names that depend on another value (an ICMP code's on its type): the
 * table of each KEY that has one. */
struct valnames_by {
	uint32_t key;
	const struct valname *names; /* sorted by value */
	size_t count;
};

/* The row of KEY in BY (COUNT rows, any order), or NULL when it has no
 * table. */
const struct valnames_by *valnames_by_key(const struct valnames_by *by,
					  size_t count, uint64_t key);

#endif
