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
#include <unistd.h>

#include "base/addr.h"
#include "base/escape.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "model/model.h"
#include "output/report_schema.h"

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
report_csv_uint(FILE *out, uint64_t v, bool last)
{
	fprintf(out, "%" PRIu64 "%s", v, last ? "\r\n" : ",");
}

static void
report_csv_time(FILE *out, double ts, bool last)
{
	fprintf(out, "%.6f%s", ts, last ? "\r\n" : ",");
}

struct report_csv_rows {
	FILE *out;
	const struct report_schema *s;
};

#define REPORT_CSV_PROCESS_COLUMNS \
	"process_status,process_match,process_pid,process_comm," \
	"process_user,process_uid,process_container"

/* A connection's owner as the REPORT_CSV_PROCESS_COLUMNS. */
static void
report_csv_process(FILE *out, const struct model_conn_row *r, bool last)
{
	char user[64];
	const char *s;

	s = report_proc_status_name(r->proc_status);
	report_csv_text(out, s, strlen(s), false);
	s = report_match_name(r->proc_match);
	report_csv_text(out, s, strlen(s), false);
	if (r->pid > 0)
		report_csv_uint(out, (uint64_t)r->pid, false);
	else
		report_csv_text(out, "", 0, false);
	report_csv_text(out, r->comm, strnlen(r->comm, sizeof(r->comm)),
			false);
	if (r->uid_known) {
		s = report_user_name(r->uid, user, sizeof(user));
		report_csv_text(out, s, strlen(s), false);
		report_csv_uint(out, r->uid, false);
	} else {
		report_csv_text(out, "", 0, false);
		report_csv_text(out, "", 0, false);
	}
	report_csv_text(out, r->container,
			strnlen(r->container, sizeof(r->container)), last);
}

#define REPORT_CSV_KERNEL_COLUMNS \
	"kernel_srtt_ms,kernel_rttvar_ms,kernel_retransmits," \
	"kernel_total_retrans,kernel_snd_cwnd,kernel_pacing_rate," \
	"kernel_delivery_rate,kernel_rwnd_limited_ms,kernel_sndbuf_limited_ms"
#define REPORT_CSV_KERNEL_N 9

/* A local socket's tcp_info as the REPORT_CSV_KERNEL_COLUMNS, empty
 * cells when there is none. */
static void
report_csv_kernel(FILE *out, const struct model_conn_row *r, bool last)
{
	const struct model_kernel_tcp *k = &r->kernel;
	int i;

	if (!r->has_kernel) {
		for (i = 0; i < REPORT_CSV_KERNEL_N; i++)
			report_csv_text(out, "", 0,
					last && i + 1 == REPORT_CSV_KERNEL_N);
		return;
	}
	fprintf(out, "%.3f,%.3f,", k->srtt_us * 1e-3, k->rttvar_us * 1e-3);
	report_csv_uint(out, k->retransmits, false);
	report_csv_uint(out, k->total_retrans, false);
	report_csv_uint(out, k->snd_cwnd, false);
	report_csv_uint(out, k->pacing_rate, false);
	report_csv_uint(out, k->delivery_rate, false);
	fprintf(out, "%.3f,%.3f%s", (double)k->rwnd_limited_us * 1e-3,
		(double)k->sndbuf_limited_us * 1e-3, last ? "\r\n" : ",");
}

/* One row, a field per column of its schema. */
static void
report_csv_row(void *ctx, const void *row)
{
	const struct report_csv_rows *c = ctx;
	const struct report_field *f;
	char text[ADDR_TEXT_MAX + 24];
	const char *str;
	size_t i, len;
	bool last;

	for (i = 0; i < c->s->count; i++) {
		f = &c->s->fields[i];
		last = i + 1 == c->s->count;
		if (!report_field_present(f, row)) {
			report_csv_text(c->out, "", 0, last);
			continue;
		}
		switch (f->kind) {
		case REPORT_FIELD_MS:
		case REPORT_FIELD_PCT: {
			double v = report_field_time(f, row);

			if (v < 0)
				report_csv_text(c->out, "", 0, last);
			else
				fprintf(c->out, f->kind == REPORT_FIELD_MS
							? "%.3f%s" : "%.2f%s",
					f->kind == REPORT_FIELD_MS ? v * 1e3 : v,
					last ? "\r\n" : ",");
			break;
		}
		case REPORT_FIELD_U64:
		case REPORT_FIELD_U16:
			report_csv_uint(c->out, report_field_uint(f, row),
					last);
			break;
		case REPORT_FIELD_TIME:
			report_csv_time(c->out, report_field_time(f, row),
					last);
			break;
		case REPORT_FIELD_U32:
			report_csv_uint(c->out, report_field_uint(f, row),
					last);
			break;
		case REPORT_FIELD_UID:
			if (report_field_uint(f, row) == UINT32_MAX)
				report_csv_text(c->out, "", 0, last);
			else
				report_csv_uint(c->out,
						report_field_uint(f, row), last);
			break;
		case REPORT_FIELD_PROCESS:
			report_csv_process(c->out, row, last);
			break;
		case REPORT_FIELD_KERNEL:
			report_csv_kernel(c->out, row, last);
			break;
		default:
			str = report_field_text(f, row, text, sizeof(text),
						&len);
			report_csv_text(c->out, str, len, last);
			break;
		}
	}
}

int
report_csv_table(FILE *out, struct model *m, enum report_table which,
		 char *err, size_t errlen)
{
	struct report_csv_rows c = { out, &report_schemas[which] };
	size_t i;

	/* the header row: the batch JSON's field names */
	for (i = 0; i < c.s->count; i++)
		fprintf(out, "%s%s",
			c.s->fields[i].kind == REPORT_FIELD_PROCESS
				? REPORT_CSV_PROCESS_COLUMNS
			: c.s->fields[i].kind == REPORT_FIELD_KERNEL
				? REPORT_CSV_KERNEL_COLUMNS
				: c.s->fields[i].name,
			i + 1 == c.s->count ? "\r\n" : ",");
	if (report_rows(m, c.s, report_csv_row, &c) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}

int
report_export_table(struct model *m, enum report_table which,
		    const char *path, char *err, size_t errlen)
{
	size_t n = strlen(path);
	bool json = n > 5 && strcmp(path + n - 5, ".json") == 0;
	FILE *f;
	int fd, rc;

	fd = outfile_open_named(path, OUTFILE_NEW, err, errlen);
	if (fd < 0)
		return -1;
	f = fdopen(fd, "w");
	if (f == NULL) {
		snprintf(err, errlen, _("cannot export to '%s': %s"), path,
			 strerror(errno));
		close(fd);
		return -1;
	}
	rc = json ? report_json_table(f, m, which, err, errlen)
		  : report_csv_table(f, m, which, err, errlen);
	if (fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, _("cannot export to '%s': %s"), path,
			 strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		outfile_unlink(path);
	return rc;
}
