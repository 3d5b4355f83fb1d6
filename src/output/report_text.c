/*
 * report_text: the batch report for a person: a summary, then the top
 * rows of hosts, connections and protocols in aligned columns with human
 * units. Column widths follow the rows shown.
 */
#include "config.h"

#include "output/report.h"

#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <stdbool.h>
#include <time.h>

#include "base/addr.h"
#include "base/text.h"
#include "base/i18n.h"
#include "model/model.h"
#include "decode/proto_table.h"


/* One heading padded to W cells (on the left for numbers), then a space,
 * or the end of the line after the last one. */
static void
report_text_heading(FILE *out, const char *title, int w, bool left, bool last)
{
	size_t cells;
	int pad;

	/* a translated heading may hold wide (CJK) characters, which
	 * printf's widths (bytes) would misalign */
	escape_cells_fit(title, SIZE_MAX, &cells);
	pad = w - (int)cells;

	if (!left)
		for (; pad > 0; pad--)
			fputc(' ', out);
	fputs(title, out);
	if (last) {
		fputc('\n', out);
		return;
	}
	for (; pad > 0; pad--)
		fputc(' ', out);
	fputc(' ', out);
}

static const char *
report_text_time(double ts, char *buf, size_t size)
{
	time_t t = (time_t)ts;
	struct tm tm;

	if (ts <= 0 || localtime_r(&t, &tm) == NULL) {
		snprintf(buf, size, "-");
		return buf;
	}
	strftime(buf, size, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

static void
report_text_summary(FILE *out, const struct report_source *src,
		    const struct model_totals *t)
{
	char a[64], b[64], r[64];
	double span = t->last_ts - t->first_ts;
	char safe[512];

	escape_text(src->name, strlen(src->name), safe, sizeof(safe));
	fprintf(out, _("pktop %s: %s %s (%s)"), PACKAGE_VERSION, src->kind,
		safe, src->linktype);
	if (src->filter && src->filter[0]) {
		escape_text(src->filter, strlen(src->filter), safe,
			    sizeof(safe));
		fprintf(out, _(", filter: %s"), safe);
	}
	fputc('\n', out);
	fprintf(out, _("%" PRIu64 " packets, %s; dropped %" PRIu64
		       ", malformed %" PRIu64 ", truncated %" PRIu64
		       ", undecoded %" PRIu64 "\n"),
		t->packets, units_bytes(t->bytes, a, sizeof(a)), t->dropped,
		t->malformed, t->truncated, t->undecoded);
	if (t->writer.on) {
		escape_text(t->writer.file, strlen(t->writer.file), safe,
			    sizeof(safe));
		fprintf(out, _("saved %" PRIu64 " packets, %" PRIu64 " not "
			       "saved; files: %u, the last %s\n"),
			t->writer.packets, t->writer.lost, t->writer.files, safe);
		if (t->writer.error[0]) {
			escape_text(t->writer.error, strlen(t->writer.error),
				    safe, sizeof(safe));
			fprintf(out, "%s\n", safe);
		}
	}
	if (t->export.on) {
		fprintf(out, _("flow records: %" PRIu64 " made, %" PRIu64
			       " sent, %" PRIu64 " dropped\n"),
			t->export.records, t->export.sent, t->export.dropped);
		if (t->export.error[0]) {
			escape_text(t->export.error, strlen(t->export.error),
				    safe, sizeof(safe));
			fprintf(out, "%s\n", safe);
		}
	}
	if (t->collect.on) {
		fprintf(out, _("collected: %" PRIu64 " flow records from %u "
			       "exporters, %" PRIu64 " malformed messages, %"
			       PRIu64 " records dropped\n"),
			t->collect.records, (unsigned)t->collect.exporters,
			t->collect.malformed, t->collect.dropped);
		if (t->collect.error[0]) {
			escape_text(t->collect.error, strlen(t->collect.error),
				    safe, sizeof(safe));
			fprintf(out, "%s\n", safe);
		}
	}
	if (t->packets) {
		fprintf(out, _("from %s to %s (%.3f s)"),
			report_text_time(t->first_ts, a, sizeof(a)),
			report_text_time(t->last_ts, b, sizeof(b)), span);
		if (span > 0)
			fprintf(out, _(", average %s"),
				units_bits_rate((double)t->bytes / span, r,
						sizeof(r)));
		fputc('\n', out);
	}
	if (t->evicted_hosts || t->evicted_connections)
		fprintf(out,
			_("evicted at the table limits: %" PRIu64
			  " hosts, %" PRIu64 " connections\n"),
			t->evicted_hosts, t->evicted_connections);
}

static int
report_text_hosts(FILE *out, struct model *m, const struct model_totals *t,
		  size_t top)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = top };
	struct model_host_row *rows;
	char text[ADDR_TEXT_MAX], tb[32], rb[32], tr[32], rr[32], wr[16];
	size_t n, i;
	int w = 7;

	rows = calloc(top, sizeof(*rows));
	if (rows == NULL)
		return -1;
	n = model_hosts(m, &q, rows, NULL);
	for (i = 0; i < n; i++) {
		int len = (int)strlen(addr_format(&rows[i].addr, text,
						  sizeof(text)));
		if (len > w)
			w = len;
	}
	fprintf(out, _("\nHosts: %" PRIu64 " (top %zu by bytes)\n"), t->hosts,
		n);
	/* rates over iftop's middle window, 10 s */
	report_text_heading(out, _("ADDRESS"), w, true, false);
	report_text_heading(out, _("TX PKTS"), 10, false, false);
	report_text_heading(out, _("TX BYTES"), 10, false, false);
	report_text_heading(out, _("RX PKTS"), 10, false, false);
	report_text_heading(out, _("RX BYTES"), 10, false, false);
	report_text_heading(out, _("TX 10S"), 11, false, false);
	report_text_heading(out, _("RX 10S"), 11, false, false);
	report_text_heading(out, _("RETR"), 7, false, false);
	report_text_heading(out, _("WORST RTT MS"), 12, false, true);
	for (i = 0; i < n; i++) {
		const struct model_host_row *r = &rows[i];

		if (r->tcp.rtt_worst >= 0)
			snprintf(wr, sizeof(wr), "%.1f", r->tcp.rtt_worst * 1e3);
		else
			snprintf(wr, sizeof(wr), "-");
		fprintf(out,
			"%-*s %10" PRIu64 " %10s %10" PRIu64
			" %10s %11s %11s %7" PRIu64 " %12s\n",
			w, addr_format(&r->addr, text, sizeof(text)),
			r->tx_packets, units_bytes(r->tx_bytes, tb, sizeof(tb)),
			r->rx_packets, units_bytes(r->rx_bytes, rb, sizeof(rb)),
			units_bits_rate(r->tx_rate[MODEL_RATE_10S], tr,
					sizeof(tr)),
			units_bits_rate(r->rx_rate[MODEL_RATE_10S], rr,
					sizeof(rr)),
			r->tcp.retrans, wr);
	}
	free(rows);
	return 0;
}

/* "10.0.0.1:443", "[2001:db8::1]:443"; ICMP has no ports. */
static const char *
report_text_endpoint(const struct addr *a, uint16_t port, uint8_t l4,
		     char *buf, size_t size)
{
	char text[ADDR_TEXT_MAX];

	addr_format(a, text, sizeof(text));
	if (l4 == 1 || l4 == 58)
		snprintf(buf, size, "%s", text);
	else if (a->family == 6)
		snprintf(buf, size, "[%s]:%u", text, port);
	else
		snprintf(buf, size, "%s:%u", text, port);
	return buf;
}

/* A connection's owner as its column shows it, padded: "comm/pid", the
 * reason there is none in brackets, or "-" where nothing was looked up. */
static void
report_text_owner(const struct model_conn_row *r, char *buf, size_t size)
{
	char comm[4 * MODEL_COMM_MAX + 1], cell[4 * MODEL_COMM_MAX + 24];

	if (r->pid > 0) {
		escape_text(r->comm, strnlen(r->comm, sizeof(r->comm)), comm,
			    sizeof(comm));
		snprintf(cell, sizeof(cell), "%s/%d", comm, (int)r->pid);
	} else if (r->proc_status == MODEL_PROC_NONE) {
		snprintf(cell, sizeof(cell), "-");
	} else {
		snprintf(cell, sizeof(cell), "[%s]",
			 report_proc_status_name(r->proc_status));
	}
	snprintf(buf, size, "%-24s ", cell);
}

/* A connection's RTT (ms), Retr % and health mark ("!" and its letters),
 * "-" and "" when there is none. */
static void
report_text_health(const struct model_tcp_health *t, char *rtt, size_t rn,
		   char *pct, size_t pn, char *mark, size_t mn)
{
	char letters[8];

	snprintf(rtt, rn, "-");
	snprintf(pct, pn, "-");
	mark[0] = '\0';
	if (!t->tcp && !t->quic) /* QUIC: the handshake's RTT only */
		return;
	if (t->rtt >= 0)
		snprintf(rtt, rn, "%.1f", t->rtt * 1e3);
	if (t->retr_pct >= 0)
		snprintf(pct, pn, "%.1f", t->retr_pct);
	if (t->health != 0)
		snprintf(mark, mn, "!%s",
			 model_health_letters(t->health, letters,
					      sizeof(letters)));
}

/* "192.0.2.1/7": an exporter's address and Observation Domain ID */
static const char *
report_text_exporter(const struct model_conn_row *r, char *buf, size_t size)
{
	char a[ADDR_TEXT_MAX];

	snprintf(buf, size, "%s/%" PRIu32,
		 addr_format(&r->exporter_addr, a, sizeof(a)),
		 r->exporter_domain);
	return buf;
}

static int
report_text_connections(FILE *out, struct model *m,
			const struct model_totals *t, size_t top)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = top };
	struct model_conn_row *rows;
	char a[ADDR_TEXT_MAX + 8], b[ADDR_TEXT_MAX + 8];
	char ab[32], ba[32], rate[32], name[MODEL_NAME_MAX * 4 + 1];
	char rtt[16], pct[16], mark[8], in[32];
	size_t n, i;
	int wa = 1, wb = 1, len;

	rows = calloc(top, sizeof(*rows));
	if (rows == NULL)
		return -1;
	n = model_connections(m, &q, rows, NULL);
	for (i = 0; i < n; i++) {
		len = (int)strlen(report_text_endpoint(&rows[i].a,
						       rows[i].a_port,
						       rows[i].l4, a,
						       sizeof(a)));
		if (len > wa)
			wa = len;
		len = (int)strlen(report_text_endpoint(&rows[i].b,
						       rows[i].b_port,
						       rows[i].l4, b,
						       sizeof(b)));
		if (len > wb)
			wb = len;
	}
	fprintf(out, _("\nConnections: %" PRIu64 " (top %zu by bytes)\n"),
		t->connections, n);
	report_text_heading(out, _("PROTO"), 6, true, false);
	report_text_heading(out, _("A"), wa, true, false);
	report_text_heading(out, _("B"), wb, true, false);
	report_text_heading(out, _("A>B PKT"), 8, false, false);
	report_text_heading(out, _("A>B BYTES"), 10, false, false);
	report_text_heading(out, _("B>A PKT"), 8, false, false);
	report_text_heading(out, _("B>A BYTES"), 10, false, false);
	report_text_heading(out, _("RATE 10S"), 11, false, false);
	report_text_heading(out, _("APP"), 8, true, false);
	report_text_heading(out, _("STATE"), 12, true, false);
	report_text_heading(out, _("RTT MS"), 8, false, false);
	report_text_heading(out, _("RETR%"), 6, false, false);
	report_text_heading(out, "!", 3, true, false);
	if (t->collect.on)
		report_text_heading(out, _("EXPORTER"), 24, true, false);
	if (t->procs_on)
		report_text_heading(out, _("PROCESS"), 24, true, false);
	report_text_heading(out, _("NAME"), 0, true, true);
	for (i = 0; i < n; i++) {
		const struct model_conn_row *r = &rows[i];
		char ex[ADDR_TEXT_MAX + 48] = "", exa[ADDR_TEXT_MAX + 16];
		char pr[4 * MODEL_COMM_MAX + 40] = "";

		report_text_endpoint(&r->a, r->a_port, r->l4, a, sizeof(a));
		report_text_endpoint(&r->b, r->b_port, r->l4, b, sizeof(b));
		escape_text(r->server_name,
			    strnlen(r->server_name, sizeof(r->server_name)),
			    name, sizeof(name));
		report_text_health(&r->tcp, rtt, sizeof(rtt), pct,
				   sizeof(pct), mark, sizeof(mark));
		in[0] = '\0';
		if (r->tunnel != 0)
			snprintf(in, sizeof(in), _("[in %s] "),
				 model_tunnel_name(r->tunnel));
		if (t->collect.on)
			snprintf(ex, sizeof(ex), "%-24s ",
				 r->collected ? report_text_exporter(r, exa,
								     sizeof(exa))
					      : "-");
		if (t->procs_on)
			report_text_owner(r, pr, sizeof(pr));
		fprintf(out,
			"%-6s %-*s %-*s %8" PRIu64 " %10s %8" PRIu64
			" %10s %11s %-8s %-12s %8s %6s %-3s %s%s%s%s\n",
			report_l4_name(r->l4), wa, a, wb, b, r->a_to_b_packets,
			units_bytes(r->a_to_b_bytes, ab, sizeof(ab)),
			r->b_to_a_packets,
			units_bytes(r->b_to_a_bytes, ba, sizeof(ba)),
			units_bits_rate(r->a_to_b_rate[MODEL_RATE_10S] +
						r->b_to_a_rate[MODEL_RATE_10S],
					rate, sizeof(rate)),
			proto_name(r->app), report_state_name(r->state), rtt,
			pct, mark, ex, pr, in, name);
	}
	free(rows);
	return 0;
}

static void
report_text_protocols(FILE *out, struct model *m,
		      const struct model_totals *t, size_t top)
{
	struct model_query q = { .sort = MODEL_SORT_PACKETS, .max = PROTO_COUNT };
	struct model_proto_row rows[PROTO_COUNT];
	char bytes[32];
	size_t n, i;

	n = model_protocols(m, &q, rows, NULL);
	if (n > top)
		n = top;
	fprintf(out, "%s", _("\nProtocols\n"));
	report_text_heading(out, _("NAME"), 10, true, false);
	report_text_heading(out, _("PACKETS"), 10, false, false);
	report_text_heading(out, _("%PKTS"), 7, false, false);
	report_text_heading(out, _("BYTES"), 10, false, false);
	report_text_heading(out, _("%BYTES"), 7, false, true);
	for (i = 0; i < n; i++) {
		const struct model_proto_row *r = &rows[i];

		fprintf(out, "%-10s %10" PRIu64 " %6.1f%% %10s %6.1f%%\n",
			proto_name(r->proto), r->packets,
			t->packets ? 100.0 * (double)r->packets /
					     (double)t->packets
				   : 0.0,
			units_bytes(r->bytes, bytes, sizeof(bytes)),
			t->bytes ? 100.0 * (double)r->bytes / (double)t->bytes
				 : 0.0);
	}
}

/* The Processes table of a live capture on this host: one row per
 * process, or per reason traffic has none (as the JSON's "processes"),
 * in and out as its sockets see them. */
static int
report_text_processes(FILE *out, struct model *m, size_t top)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = top };
	struct model_proc_row *rows;
	char comm[4 * MODEL_COMM_MAX + 3], user[64], uesc[4 * 64 + 1];
	char cont[4 * MODEL_CONTAINER_MAX + 1], ib[32], ob[32], ir[32], or[32];
	size_t n, i, matched = 0;

	rows = calloc(top, sizeof(*rows));
	if (rows == NULL)
		return -1;
	n = model_processes(m, &q, rows, &matched);
	fprintf(out, _("\nProcesses: %zu (top %zu by bytes)\n"), matched, n);
	report_text_heading(out, _("PID"), 7, false, false);
	report_text_heading(out, _("COMMAND"), 24, true, false);
	report_text_heading(out, _("USER"), 10, true, false);
	report_text_heading(out, _("CONTAINER"), 14, true, false);
	report_text_heading(out, _("CONNS"), 6, false, false);
	report_text_heading(out, _("IN BYTES"), 10, false, false);
	report_text_heading(out, _("OUT BYTES"), 10, false, false);
	report_text_heading(out, _("IN 10S"), 11, false, false);
	report_text_heading(out, _("OUT 10S"), 11, false, true);
	for (i = 0; i < n; i++) {
		const struct model_proc_row *r = &rows[i];

		if (r->status == MODEL_PROC_FOUND)
			escape_text(r->comm, strnlen(r->comm, sizeof(r->comm)),
				    comm, sizeof(comm));
		else
			snprintf(comm, sizeof(comm), "[%s]",
				 report_proc_status_name(r->status));
		snprintf(uesc, sizeof(uesc), "-");
		if (r->uid_known && r->uid != UINT32_MAX) {
			report_user_name(r->uid, user, sizeof(user));
			escape_text(user, strlen(user), uesc, sizeof(uesc));
		}
		if (r->container[0])
			escape_text(r->container,
				    strnlen(r->container, sizeof(r->container)),
				    cont, sizeof(cont));
		else
			snprintf(cont, sizeof(cont), "-");
		fprintf(out,
			"%7d %-24s %-10s %-14s %6" PRIu32
			" %10s %10s %11s %11s\n",
			(int)r->pid, comm, uesc, cont, r->connections,
			units_bytes(r->in_bytes, ib, sizeof(ib)),
			units_bytes(r->out_bytes, ob, sizeof(ob)),
			units_bits_rate(r->in_rate[MODEL_RATE_10S], ir,
					sizeof(ir)),
			units_bits_rate(r->out_rate[MODEL_RATE_10S], or,
					sizeof(or)));
	}
	free(rows);
	return 0;
}

int
report_text(FILE *out, struct model *m, const struct report_source *src,
	    size_t top, char *err, size_t errlen)
{
	struct model_totals t;

	if (top == 0)
		top = 20;
	model_get_totals(m, &t);
	report_text_summary(out, src, &t);
	if (report_text_hosts(out, m, &t, top) < 0 ||
	    report_text_connections(out, m, &t, top) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	report_text_protocols(out, m, &t, top);
	if (t.procs_on && report_text_processes(out, m, top) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	fputc('\n', out);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "%s", _("cannot write the report"));
		return -1;
	}
	return 0;
}
