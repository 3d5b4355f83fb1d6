/*
 * report_schema: one row schema per table (hosts, connections,
 * protocols): the field names of the batch JSON (spec/batch-json.md), a
 * kind and where the value sits in the model's row. The JSON and CSV
 * writers are generated from it, and the chunked walk over a table's rows
 * in order is written once here: a new column is one line in a schema, a
 * new output format one writer over the kinds.
 */
#ifndef PKTOP_REPORT_SCHEMA_H
#define PKTOP_REPORT_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "output/report.h"

struct model;

enum report_kind {
	REPORT_FIELD_U64,   /* uint64_t */
	REPORT_FIELD_U16,   /* uint16_t (a port) */
	REPORT_FIELD_TIME,  /* double, seconds since the epoch */
	REPORT_FIELD_ADDR,  /* struct addr, written as text */
	REPORT_FIELD_L4,    /* uint8_t IP protocol, by report_l4_name */
	REPORT_FIELD_STATE, /* uint8_t connection state, by report_state_name */
	REPORT_FIELD_PROTO, /* uint8_t enum proto_id, by proto_name */
	/* char[MODEL_NAME_MAX] of raw packet bytes (escaped by each
	 * writer); JSON leaves the member out when it is empty */
	REPORT_FIELD_NAME,
	REPORT_FIELD_U32,     /* uint32_t, or int32_t >= 0 */
	REPORT_FIELD_UID,     /* uint32_t, UINT32_MAX unknown: JSON null */
	REPORT_FIELD_USER,    /* uint32_t uid as a user name; unknown: null */
	REPORT_FIELD_TEXT,    /* like NAME, but "" is written, not left out */
	REPORT_FIELD_PSTATUS, /* uint8_t enum model_proc_status */
	/* a connection row's owner (struct model_conn_row from proc_status
	 * on): JSON a "process" object, CSV process_* columns */
	REPORT_FIELD_PROCESS,
	/* double seconds written as milliseconds; negative: unknown (JSON
	 * leaves the member out, CSV an empty cell) */
	REPORT_FIELD_MS,
	REPORT_FIELD_PCT,   /* double percent, 2 decimals; negative unknown */
	REPORT_FIELD_HEALTH, /* unsigned MODEL_HEALTH_* bits, as letters */
	REPORT_FIELD_TUNNEL, /* uint8_t enum decode_tunnel, by its name */
	/* a connection row's kernel tcp_info (struct model_conn_row from
	 * has_kernel on): JSON a "kernel" object, CSV kernel_* columns */
	REPORT_FIELD_KERNEL,
};

struct report_field {
	const char *name;
	enum report_kind kind;
	size_t off;  /* offsetof in the row */
	size_t size; /* REPORT_FIELD_NAME: the array's size */
	/* 0, or 1 + the offset of a bool (or byte) in the row: the field
	 * is written only when it is not 0 (TCP's fields on TCP rows: JSON
	 * leaves the member out, CSV an empty cell) */
	size_t when;
};

struct report_schema {
	const char *name; /* "hosts": the JSON member, the table */
	const struct report_field *fields;
	size_t count;
	size_t row_size;
	/* rows in the report's order, MAX at most: from where the last
	 * call stopped; 0 at the end */
	void *(*open)(struct model *m);
	size_t (*next)(struct model *m, void *order, void *rows, size_t max);
	size_t (*chunk)(void *order); /* rows to fetch per call */
	void (*close)(void *order);
};

extern const struct report_schema report_schemas[REPORT_TABLE_COUNT];

/* Call ROW for every row of S's table in order, fetched in chunks (one
 * lock hold each). 0, or -1 when memory ran out. */
int report_rows(struct model *m, const struct report_schema *s,
		void (*row)(void *ctx, const void *r), void *ctx);

/* The others as text in BUF (SIZE at least ADDR_TEXT_MAX), with its
 * length in *LEN (raw bytes for NAME: escape them). */
/* Whether F is written for ROW (its `when`). A field's value: numbers
 * (U64, U16) as a uint64_t; TIME, MS, PCT as a double; HEALTH as letters
 * (model_health_letters). Inline: a big report calls them millions of
 * times. */
static inline bool
report_field_present(const struct report_field *f, const void *row)
{
	uint8_t on; /* a bool, or a byte whose 0 means absent */

	if (f->when == 0)
		return true;
	memcpy(&on, (const char *)row + f->when - 1, sizeof(on));
	return on != 0;
}

static inline uint64_t
report_field_uint(const struct report_field *f, const void *row)
{
	const char *p = (const char *)row + f->off;
	uint64_t v64;
	uint16_t v16;

	if (f->kind == REPORT_FIELD_U16) {
		memcpy(&v16, p, sizeof(v16));
		return v16;
	}
	if (f->kind == REPORT_FIELD_U32 || f->kind == REPORT_FIELD_UID ||
	    f->kind == REPORT_FIELD_USER) {
		uint32_t v32;

		memcpy(&v32, p, sizeof(v32));
		return v32;
	}
	memcpy(&v64, p, sizeof(v64));
	return v64;
}

static inline double
report_field_time(const struct report_field *f, const void *row)
{
	double v;

	memcpy(&v, (const char *)row + f->off, sizeof(v));
	return v;
}

const char *report_field_text(const struct report_field *f, const void *row,
			      char *buf, size_t size, size_t *len);

#endif
