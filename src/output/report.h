/*
 * report: --batch output, read from the model like the UI reads it. JSON
 * as pktop(8) BATCH OUTPUT documents it (every row of every table); text as
 * aligned tables for a person (the top rows, human units). Also what the
 * UI takes from output/: one table written to a file (`e`), and the
 * loading meter (load_progress.c, shared with the batch meter).
 */
#ifndef PKTOP_REPORT_H
#define PKTOP_REPORT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model/model.h"

struct report_source {
	const char *kind;     /* "file", "stdin" or "live" */
	const char *name;     /* file or interface */
	const char *linktype; /* libpcap's name, "EN10MB" */
	unsigned snaplen;
	const char *filter;   /* NULL or "": none */
};

/* A batch format writes one report of the model to OUT: 0, or -1 with a
 * message in ERR when writing failed or memory ran out. TOP: rows per
 * table for a format that picks the top ones. main.c's table of formats
 * holds these. */
typedef int report_format_fn(FILE *out, struct model *m,
			     const struct report_source *src, size_t top,
			     char *err, size_t errlen);

/* One JSON document on one line (JSON Lines when called again), every row
 * of every table (TOP is not used). */
report_format_fn report_json;

/* Tables for a person, TOP rows each. */
report_format_fn report_text;

/* Prometheus' text format: totals, protocols, the TOP hosts by bytes. */
report_format_fn report_prom;

/* One table, for `e` in the UI: JSON as {"hosts": [...]} with the rows
 * and fields of the batch document, or CSV with those fields as the
 * header row. 0, or -1 with a message in ERR. */
enum report_table {
	REPORT_HOSTS,
	REPORT_CONNECTIONS,
	REPORT_PROTOCOLS,
	REPORT_PROCESSES,
	REPORT_TABLE_COUNT
};
int report_json_table(FILE *out, struct model *m, enum report_table which,
		      char *err, size_t errlen);
int report_csv_table(FILE *out, struct model *m, enum report_table which,
		     char *err, size_t errlen);
/* The same into a new file PATH the user named (JSON when it ends in
 * ".json", else CSV), made the one way (base/outfile.h) and removed again
 * when writing fails. 0, or -1 with a message in ERR. */
int report_export_table(struct model *m, enum report_table which,
			const char *path, char *err, size_t errlen);

/* Shared by both: the names of a connection's transport and state. */
const char *report_l4_name(uint8_t l4);
const char *report_state_name(uint8_t state);
/* A connection's or process row's owner status (enum model_proc_status)
 * and match quality (enum model_proc_match) as the batch names them. */
const char *report_proc_status_name(uint8_t status);
const char *report_match_name(uint8_t match);
/* The user name of UID into BUF, or its number when it has none. */
const char *report_user_name(uint32_t uid, char *buf, size_t size);

/* The loading meter (load_progress.c): where the reading of a file
 * stands, for the UI's header bar and the batch meter on stderr: the
 * fraction of the file read, the packets so far, packets/s and the time
 * left. Reading stdin or a file that grew since it was opened has no
 * fraction: a running count then. */
struct load_progress {
	double last_t;       /* when the rates were last measured */
	uint64_t last_packets, last_bytes;
	double pps, bps;     /* smoothed packets/s and file bytes/s */
};

/* Account for the totals T seen at NOW (seconds, monotonic). */
void load_progress_update(struct load_progress *p,
			  const struct model_totals *t, double now);

/* The fraction of the file read (0..1), or -1 when it is unknown. */
double load_progress_fraction(const struct model_totals *t);

/* "45%  1.23M packets  850k p/s  3s left", or "1.23M packets  850k p/s"
 * when the fraction is unknown, into BUF. */
void load_progress_text(const struct load_progress *p,
			const struct model_totals *t, char *buf, size_t size);

#endif
