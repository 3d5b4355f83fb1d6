/*
 * report_csv: one table as CSV (RFC 4180: commas, CRLF, fields quoted when
 * they hold a comma, quote or line break) for `e` in the UI, with the
 * field names of the batch JSON as the header row. A text field from a
 * packet that starts with = + - @ gets a leading ' so a spreadsheet shows
 * it instead of running it as a formula.
 */
#include "config.h"

#include "output/report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "base/escape.h"
#include "base/i18n.h"
#include "model/model.h"
#include "decode/proto_table.h"

#define REPORT_CSV_CHUNK 4096

static void
report_csv_text(FILE *out, const char *s, size_t n, bool last)
{
	bool quote = false;
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			quote = true;
	if (quote)
		fputc('"', out);
	if (n && strchr("=+-@", s[0]))
		fputc('\'', out);
	/* quotes doubled; controls, bidi and bytes that are not UTF-8 are
	 * not for a spreadsheet (escape.h's CSV sink) */
	escape_to_file(out, s, n, ESCAPE_SINK_CSV, 0);
	if (quote)
		fputc('"', out);
	fputs(last ? "\r\n" : ",", out);
}

static void
report_csv_str(FILE *out, const char *s, bool last)
{
	report_csv_text(out, s, strlen(s), last);
}

static void
report_csv_uint(FILE *out, uint64_t v, bool last)
{
	fprintf(out, "%" PRIu64 "%s", v, last ? "\r\n" : ",");
}

static void
report_csv_time(FILE *out, double ts, bool last)
{
	fprintf(out, "%.6f%s", ts, last ? "\r\n" : ",");
}

static int
report_csv_hosts(FILE *out, struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES };
	struct model_host_row *rows = malloc(REPORT_CSV_CHUNK * sizeof(*rows));
	struct model_order *o = model_hosts_order(m, &q);
	char text[ADDR_TEXT_MAX];
	size_t n, i;

	if (rows == NULL || o == NULL) {
		free(rows);
		model_order_free(o);
		return -1;
	}
	fputs("addr,tx_packets,tx_bytes,rx_packets,rx_bytes,first_ts,"
	      "last_ts\r\n", out);
	do {
		n = model_order_hosts(m, o, rows, REPORT_CSV_CHUNK);
		for (i = 0; i < n; i++) {
			const struct model_host_row *r = &rows[i];

			report_csv_str(out, addr_format(&r->addr, text,
							sizeof(text)), false);
			report_csv_uint(out, r->tx_packets, false);
			report_csv_uint(out, r->tx_bytes, false);
			report_csv_uint(out, r->rx_packets, false);
			report_csv_uint(out, r->rx_bytes, false);
			report_csv_time(out, r->first_ts, false);
			report_csv_time(out, r->last_ts, true);
		}
	} while (n > 0);
	free(rows);
	model_order_free(o);
	return 0;
}

static int
report_csv_connections(FILE *out, struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES };
	struct model_conn_row *rows = malloc(REPORT_CSV_CHUNK * sizeof(*rows));
	struct model_order *o = model_connections_order(m, &q);
	char text[ADDR_TEXT_MAX];
	size_t n, i;

	if (rows == NULL || o == NULL) {
		free(rows);
		model_order_free(o);
		return -1;
	}
	fputs("proto,a,a_port,b,b_port,a_to_b_packets,a_to_b_bytes,"
	      "b_to_a_packets,b_to_a_bytes,app,server_name,state,first_ts,"
	      "last_ts\r\n", out);
	do {
		n = model_order_connections(m, o, rows, REPORT_CSV_CHUNK);
		for (i = 0; i < n; i++) {
			const struct model_conn_row *r = &rows[i];

			report_csv_str(out, report_l4_name(r->l4), false);
			report_csv_str(out, addr_format(&r->a, text,
							sizeof(text)), false);
			report_csv_uint(out, r->a_port, false);
			report_csv_str(out, addr_format(&r->b, text,
							sizeof(text)), false);
			report_csv_uint(out, r->b_port, false);
			report_csv_uint(out, r->a_to_b_packets, false);
			report_csv_uint(out, r->a_to_b_bytes, false);
			report_csv_uint(out, r->b_to_a_packets, false);
			report_csv_uint(out, r->b_to_a_bytes, false);
			report_csv_str(out, proto_name(r->app), false);
			report_csv_text(out, r->server_name,
					strnlen(r->server_name,
						sizeof(r->server_name)),
					false);
			report_csv_str(out, report_state_name(r->state), false);
			report_csv_time(out, r->first_ts, false);
			report_csv_time(out, r->last_ts, true);
		}
	} while (n > 0);
	free(rows);
	model_order_free(o);
	return 0;
}

static void
report_csv_protocols(FILE *out, struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_PACKETS, .max = PROTO_COUNT };
	struct model_proto_row rows[PROTO_COUNT];
	size_t n, i;

	n = model_protocols(m, &q, rows, NULL);
	fputs("name,packets,bytes\r\n", out);
	for (i = 0; i < n; i++) {
		report_csv_str(out, proto_name(rows[i].proto), false);
		report_csv_uint(out, rows[i].packets, false);
		report_csv_uint(out, rows[i].bytes, true);
	}
}

int
report_csv_table(FILE *out, struct model *m, enum report_table which,
		 char *err, size_t errlen)
{
	int rc = 0;

	if (which == REPORT_HOSTS)
		rc = report_csv_hosts(out, m);
	else if (which == REPORT_CONNECTIONS)
		rc = report_csv_connections(out, m);
	else
		report_csv_protocols(out, m);
	if (rc < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}
