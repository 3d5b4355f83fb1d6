/*
 * main: start-up and the three ways pktop runs: the terminal UI, --batch
 * reports, and -V/--fields packet printing. The only place that exits;
 * every error ends here as one line on stderr and status 2.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output/batch_meter.h"
#include "capture/capture.h"
#include "capture/control.h"
#include "capture/sources.h"
#include "base/i18n.h"
#include "inspect/dfilter.h"
#include "model/model.h"
#include "options.h"
#include "output/packet_print.h"
#include "base/pcap_writer.h"
#include "capture/privdrop.h"
#include "output/report.h"
#include "capture/selfhide.h"
#include "ui.h"

enum { MAIN_OK = 0, MAIN_ERROR = 2 };

static volatile sig_atomic_t main_signal;

static void
main_on_signal(int sig)
{
	main_signal = sig;
}

/* Batch mode: SIGINT, SIGTERM and SIGHUP end the run with a last report;
 * a closed pipe shows up as EPIPE on the next write. */
static void
main_batch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = main_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sa.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &sa, NULL);
}

static double
main_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --format: a new batch format is a writer (output/report.h) and a row. */
static report_format_fn *const main_formats[] = {
	[OPTIONS_FORMAT_TEXT] = report_text,
	[OPTIONS_FORMAT_JSON] = report_json,
};

static int
main_report(const struct options *o, struct model *m,
	    const struct report_source *src, char *err, size_t errlen)
{
	return main_formats[o->format](stdout, m, src, o->top, err, errlen);
}

/* --batch: a file is read to its end (or -c, --duration, a signal) and
 * reported once; live, a report every --interval and a last at exit; a
 * stream on stdin too when --interval is given. */
static int
main_batch(const struct options *o, struct sources *c, struct model *m,
	   const struct report_source *src, char *err, size_t errlen)
{
	double start = main_now(), next = start + o->interval, now;
	bool periodic = sources_is_live(c) ||
			(sources_is_stream(c) && o->interval_given);
	struct batch_meter meter;
	struct model_totals t;

	/* the periodic reports already say where a stream stands */
	batch_meter_init(&meter, stderr, sources_is_live(c) || periodic);
	while (!main_signal && !sources_done(c)) {
		sources_wait(c, 20);
		now = main_now();
		batch_meter_tick(&meter, m, now);
		if (o->duration > 0 && now - start >= o->duration)
			break;
		if (periodic && now >= next) {
			if (main_report(o, m, src, err, errlen) < 0)
				return -1;
			next += o->interval;
			if (next < now)
				next = now + o->interval;
		}
	}
	batch_meter_end(&meter);
	sources_stop(c);
	sources_finish_writer(c);
	model_get_totals(m, &t);
	if (!sources_is_live(c) && t.capture_state == MODEL_CAPTURE_STOPPED)
		fprintf(stderr,
			_("pktop: stopped: the file was read only up to "
			  "packet %llu\n"),
			(unsigned long long)t.packets);
	return main_report(o, m, src, err, errlen);
}

/* -w: the first file is created now, before the capture starts, so a bad
 * name is one error and nothing is read. */
static int
main_open_writer(const struct options *o, struct sources *c,
		 struct pcap_writer **out, char *err, size_t errlen)
{
	struct pcap_writer_config cfg = {
		.pattern = o->write_file,
		.linktype = sources_linktype(c),
		.snaplen = sources_snaplen(c),
		.rotate_bytes = o->rotate_bytes,
		.rotate_secs = o->rotate_secs,
		.keep_files = o->keep_files,
		.post_cmd = o->post_cmd,
		.flush_each = o->packet_buffered,
	};
	struct pcap_writer *w;

	/* checked before the file is made */
	if (sources_set_writer(c, NULL, err, errlen) < 0)
		return -1;
	w = pcap_writer_open(&cfg, err, errlen);
	if (w == NULL)
		return -1;
	*out = w;
	return sources_set_writer(c, w, err, errlen);
}

/* -V and --fields: the command line (-r, -V, --fields, --format, -e, -c,
 * the filter) turned into a packet_print run on stdout. */
static int
main_print_packets(const struct options *o, const struct dfilter *df,
		   char *err, size_t errlen)
{
	struct packet_print_config cfg = {
		.file = o->read_file,
		.mode = PACKET_PRINT_TREE,
		.fields = o->nfields ? o->field_names : NULL,
		.nfields = o->nfields,
		.count = o->count,
		.filter = o->filter,
		.dfilter = df,
		.keylog_file = o->tls_keylog,
		.out = stdout,
	};

	if (!cfg.file) {
		snprintf(err, errlen, "%s",
			 _("-V and --fields read a capture file: add -r FILE "
			   "(or -r - for stdin)"));
		return -1;
	}
	/* -e alone means fields, as with tshark -T fields -e. */
	if (o->fields || o->nfields)
		cfg.mode = o->format == OPTIONS_FORMAT_JSON
				   ? PACKET_PRINT_JSON
				   : PACKET_PRINT_FIELDS;
	else if (!o->verbose)
		cfg.mode = PACKET_PRINT_LIST;
	return packet_print_file(&cfg, err, errlen);
}

/* What the sources read, from the command line; EXPR is the capture
 * filter the control composed. */
static void
main_sources_config(const struct options *o, const char *expr,
		    const struct dfilter *df, struct sources_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->capture.read_file = o->read_file;
	cfg->capture.filter = expr;
	cfg->capture.snaplen = o->snaplen;
	cfg->capture.buffer_kib = o->buffer_kib;
	cfg->capture.promisc = o->promisc;
	cfg->capture.count = o->count;
	cfg->capture.replay = o->replay;
	cfg->capture.replay_speed = o->replay_speed;
	/* the tables over the matching packets (the UI keeps them all) */
	cfg->capture.dfilter = o->batch ? df : NULL;
	cfg->ifaces = o->ifaces;
	cfg->nifaces = o->nifaces;
	cfg->remotes = o->remotes;
	cfg->nremotes = o->nremotes;
	cfg->remote_cmd = o->remote_cmd;
	/* the UI owns the terminal */
	cfg->quiet_remotes = !o->batch;
}

/* Like tcpdump at the end of a live capture. */
static void
main_print_stats(struct sources *c)
{
	struct capture_stats st;

	if (sources_stats(c, &st) < 0)
		return;
	fprintf(stderr, _("%llu packets captured\n"),
		(unsigned long long)st.captured);
	fprintf(stderr, _("%llu packets received by filter\n"),
		(unsigned long long)st.received);
	fprintf(stderr, _("%llu packets dropped by kernel\n"),
		(unsigned long long)st.dropped);
	if (st.if_dropped)
		fprintf(stderr, _("%llu packets dropped by interface\n"),
			(unsigned long long)st.if_dropped);
}

int
main(int argc, char **argv)
{
	struct options o;
	struct sources *c = NULL;
	struct control *ctl = NULL;
	struct model *m = NULL;
	struct sources_config scfg;
	struct model_limits limits;
	struct model_totals t;
	struct report_source src;
	char err[1024] = "";
	char hide[SELFHIDE_CLAUSE_MAX] = "";
	char *expr = NULL;
	struct dfilter *df = NULL;
	struct pcap_writer *writer = NULL;
	struct privdrop drop;
	int rc = MAIN_ERROR;

	setlocale(LC_ALL, "");
	/* PKTOP_LOCALEDIR: catalogues not yet installed (the tests run
	 * the build tree's po/ this way) */
	bindtextdomain(PACKAGE, getenv("PKTOP_LOCALEDIR") &&
					getenv("PKTOP_LOCALEDIR")[0]
				? getenv("PKTOP_LOCALEDIR")
				: LOCALEDIR);
	textdomain(PACKAGE);

	if (options_parse(&o, argc, argv, err, sizeof(err)) < 0)
		goto fail;
	if (o.help) {
		options_print_help(stdout);
		rc = MAIN_OK;
		goto out;
	}
	if (o.version) {
		options_print_version(stdout);
		rc = MAIN_OK;
		goto out;
	}
	if (o.list_ifaces) {
		if (capture_list_interfaces(stdout, err, sizeof(err)) < 0)
			goto fail;
		rc = MAIN_OK;
		goto out;
	}
	if (o.display_filter) {
		struct dfilter_error derr;

		df = dfilter_compile(o.display_filter, &derr);
		if (df == NULL) {
			char msg[sizeof(err) - 8];

			dfilter_error_format(o.display_filter, &derr, msg,
					     sizeof(msg));
			snprintf(err, sizeof(err), "-Y: %s", msg);
			goto fail;
		}
	}
	/* -Y on a file without --batch: the packet list, as tshark -Y */
	if (o.verbose || o.fields ||
	    (o.display_filter && o.read_file && !o.batch)) {
		signal(SIGPIPE, SIG_DFL);
		if (main_print_packets(&o, df, err, sizeof(err)) < 0)
			goto fail;
		rc = MAIN_OK;
		goto out;
	}
	if (!o.batch && !isatty(STDOUT_FILENO)) {
		snprintf(err, sizeof(err), "%s",
			 _("standard output is not a terminal: use --batch "
			   "(with --format text or json) for a report"));
		goto fail;
	}

	/* Our own SSH session is left out unless --show-self: the
	 * control composes the expression the sources open with and keeps
	 * the clause so the UI can toggle it and the header say so. */
	if (selfhide_clause(getenv("SSH_CONNECTION"), hide, sizeof(hide)) < 0)
		hide[0] = '\0';
	ctl = control_new(o.filter, hide, !o.show_self, err, sizeof(err));
	if (ctl == NULL)
		goto fail;
	expr = control_capture_filter(ctl);
	if (expr == NULL) {
		snprintf(err, sizeof(err), "%s", _("out of memory"));
		goto fail;
	}
	main_sources_config(&o, expr, df, &scfg);
	c = sources_open(&scfg, err, sizeof(err));
	if (c == NULL)
		goto fail;
	control_bind(ctl, c);
	if (sources_warning(c)[0])
		fprintf(stderr, "pktop: %s\n", sources_warning(c));
	if (!o.read_file)
		o.iface = sources_name(c);

	memset(&limits, 0, sizeof(limits));
	limits.max_hosts = o.max_hosts;
	limits.max_connections = o.max_connections;
	limits.ring_bytes = o.ring_mib << 20;
	m = model_new(&limits, sources_linktype(c), err, sizeof(err));
	if (m == NULL)
		goto fail;
	if (privdrop_prepare(&drop, o.drop_user, err, sizeof(err)) < 0)
		goto fail;
	if (o.write_file &&
	    main_open_writer(&o, c, &writer, err, sizeof(err)) < 0)
		goto fail;

	src.kind = sources_kind(c);
	src.name = sources_name(c);
	src.linktype = sources_linktype_name(c);
	src.snaplen = sources_snaplen(c);
	src.filter = o.filter;

	/* Everything that needs root is open: from here on packets are
	 * parsed as an ordinary user, who also owns the first -w file (the
	 * next ones are made by that user). */
	if (writer && drop.needed && pcap_writer_chown(writer, drop.uid,
						       drop.gid) < 0) {
		snprintf(err, sizeof(err),
			 _("cannot give the -w file to '%s': %s"), drop.name,
			 strerror(errno));
		goto fail;
	}
	if (privdrop_apply(&drop, err, sizeof(err)) < 0)
		goto fail;
	if (drop.keeps_root && o.drop_user)
		fprintf(stderr, "%s\n",
			_("pktop: warning: -Z root: packets are parsed with "
			  "root privileges"));

	if (o.batch)
		main_batch_signals();
	if (sources_start(c, m, err, sizeof(err)) < 0)
		goto fail;
	if (o.batch) {
		if (main_batch(&o, c, m, &src, err, sizeof(err)) < 0) {
			/* the reader went away: nothing left to say */
			if (errno == EPIPE) {
				rc = MAIN_OK;
				goto out;
			}
			goto fail;
		}
	} else {
		if (ui_run(m, ctl, &o) < 0) {
			sources_stop(c);
			rc = MAIN_ERROR;
			goto out;
		}
		sources_stop(c);
		sources_finish_writer(c);
	}
	rc = MAIN_OK;
	model_get_totals(m, &t);
	if (t.capture_state == MODEL_CAPTURE_FAILED) {
		/* What was read before the error has been reported; a file
		 * cut short is still a usable file. */
		fprintf(stderr, _("pktop: reading '%s' stopped: %s\n"),
			sources_name(c), t.capture_error);
		if (sources_is_live(c))
			rc = MAIN_ERROR;
	}
	if (sources_is_live(c))
		main_print_stats(c);
	goto out;
fail:
	fprintf(stderr, "pktop: %s\n", err);
	rc = MAIN_ERROR;
out:
	if (ctl != NULL)
		control_bind(ctl, NULL);
	sources_close(c);
	control_free(ctl);
	model_free(m);
	options_free(&o);
	free(expr);
	dfilter_free(df);
	return rc;
}
