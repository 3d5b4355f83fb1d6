/*
 * field_table: every field name the dissectors can put in the tree, with
 * its type, for the display filter (inspect/dfilter.h) and the filter
 * bar's completion. The table is generated at build time from the
 * dissectors' own tree_* calls (src/decode/field_table.awk), so a field a
 * dissector adds is known without editing anything here. A few fields
 * the tree does not hold are added here: the frame's own (frame.number,
 * frame.len, ...) and eth.addr (either eth.src or eth.dst).
 */
#ifndef PKTOP_FIELD_TABLE_H
#define PKTOP_FIELD_TABLE_H

#include <stddef.h>

enum field_type {
	FIELD_PROTOCOL, /* a protocol subtree: existence, its bytes */
	FIELD_UINT,     /* unsigned integer (decimal or 0x hex value) */
	FIELD_DOUBLE,   /* a floating point number (frame.time_epoch) */
	FIELD_IPV4,
	FIELD_IPV6,
	FIELD_ETHER,    /* a MAC address */
	FIELD_STRING,   /* text */
	FIELD_TEXT,     /* type not known: compared as tshark prints it */
};

struct field_def {
	const char *name;
	enum field_type type;
};

/* Generated (field_table_gen.c): sorted by name. */
extern const struct field_def field_table_gen[];
extern const size_t field_table_gen_count;

/* The definition of NAME, or NULL when no dissector adds it. */
const struct field_def *field_lookup(const char *name);

/* All fields, generated and added, in no particular order: 0..count-1. */
size_t field_count(void);
const struct field_def *field_at(size_t i);

/* For messages: "an unsigned integer", "an IPv4 address", ... */
const char *field_type_name(enum field_type type);

/* Fields not in the tree: the frame's, from the packet's header, and
 * the "either side" ones that the tree spells as two fields. */
enum field_pseudo {
	FIELD_PSEUDO_NONE,
	FIELD_PSEUDO_FRAME,        /* "frame": every packet */
	FIELD_PSEUDO_NUMBER,
	FIELD_PSEUDO_LEN,
	FIELD_PSEUDO_CAP_LEN,
	FIELD_PSEUDO_TIME_EPOCH,
	FIELD_PSEUDO_PROTOCOLS,
	FIELD_PSEUDO_EITHER,       /* alias[0] or alias[1] */
};

struct field_extra {
	struct field_def def;
	enum field_pseudo pseudo;
	const char *alias[2];
};

/* The added definition for NAME, or NULL (then see field_lookup). */
const struct field_extra *field_extra_lookup(const char *name);

#endif
