/*
 * main: start-up and the three ways pktop runs: the terminal UI, --batch
 * reports, and -V/--fields packet printing. The only place that exits;
 * every error ends here as one line on stderr and status 2.
 */
#include "config.h"
#include "localedir.h"

#include <errno.h>
#include <pwd.h>
#include <fcntl.h>
#include <net/if.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "output/batch_meter.h"
#include "output/flow_export.h"
#include "model/flowq.h"
#include "capture/capture.h"
#include "capture/control.h"
#include "capture/sources.h"
#include "base/escape.h"
#include "base/i18n.h"
#include "base/infile.h"
#include "inspect/inspect.h"
#include "inspect/dfilter.h"
#include "model/model.h"
#include "options.h"
#include "output/follow_print.h"
#include "output/packet_print.h"
#include "base/outfile.h"
#include "base/pcap_writer.h"
#include "base/privhelper.h"
#include "base/proc_owner.h"
#include "capture/privdrop.h"
#include "capture/procattr.h"
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
	[OPTIONS_FORMAT_PROM] = report_prom,
};

/* --report-file: the report is written to a file beside FILE and renamed
 * over it, so a reader (node_exporter's textfile collector) never sees
 * half a report. The one place the file is made (for the privileged
 * helper to take over). */
static int
main_report_file(const struct options *o, struct model *m,
		 const struct report_source *src, char *err, size_t errlen)
{
	char tmp[4096];
	FILE *f;
	int fd, rc;

	if ((size_t)snprintf(tmp, sizeof(tmp), "%s.tmp.%ld", o->report_file,
			     (long)getpid()) >= sizeof(tmp)) {
		snprintf(err, errlen, _("--report-file name too long: '%s'"),
			 o->report_file);
		return -1;
	}
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW,
		  0644);
	if (fd < 0 || (f = fdopen(fd, "w")) == NULL) {
		snprintf(err, errlen, _("cannot write --report-file '%s': %s"),
			 o->report_file, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	rc = main_formats[o->format](f, m, src, o->top, err, errlen);
	if (fclose(f) != 0 && rc == 0) {
		snprintf(err, errlen, _("cannot write --report-file '%s': %s"),
			 o->report_file, strerror(errno));
		rc = -1;
	}
	if (rc == 0 && rename(tmp, o->report_file) < 0) {
		snprintf(err, errlen, _("cannot write --report-file '%s': %s"),
			 o->report_file, strerror(errno));
		rc = -1;
	}
	if (rc < 0)
		unlink(tmp);
	return rc;
}

static int
main_report(const struct options *o, struct model *m,
	    const struct report_source *src, char *err, size_t errlen)
{
	/* -w -: standard output carries the capture */
	FILE *out = o->write_file && strcmp(o->write_file, "-") == 0 ? stderr
								     : stdout;

	if (o->report_file != NULL && strcmp(o->report_file, "-") != 0)
		return main_report_file(o, m, src, err, errlen);
	return main_formats[o->format](out, m, src, o->top, err, errlen);
}

/* --ipfix, --flow-log: the queue, the exporter (collectors resolved,
 * the log opened: before the privileges go) and the model's records. */
static int
main_open_export(const struct options *o, struct model *m,
		 struct flowq **qout, struct flow_export **xout, char *err,
		 size_t errlen)
{
	struct flow_export_config cfg;
	struct flowq *q;

	memset(&cfg, 0, sizeof(cfg));
	for (size_t i = 0; i < o->nipfix; i++)
		cfg.collectors[cfg.ncollectors++] = o->ipfix[i];
	cfg.domain = o->ipfix_domain_given ? o->ipfix_domain
					   : flow_export_default_domain();
	cfg.ifindex = o->iface != NULL ? if_nametoindex(o->iface) : 0;
	cfg.flow_log = o->flow_log;
	cfg.rotate_bytes = o->rotate_bytes;
	cfg.rotate_secs = o->rotate_secs;
	cfg.keep_files = o->keep_files;
	q = flowq_new(FLOWQ_DEFAULT_SIZE);
	if (q == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	*xout = flow_export_new(&cfg, q, err, errlen);
	if (*xout == NULL) {
		flowq_free(q);
		return -1;
	}
	*qout = q;
	model_set_flow_export(m, q, o->ipfix_idle, o->ipfix_active);
	return 0;
}

/* The capture is over: every connection's last record, sent. */
static void
main_end_export(struct model *m, struct flowq **q, struct flow_export **x)
{
	if (*x == NULL)
		return;
	model_flows_flush(m);
	flow_export_finish(*x);
	*x = NULL;
	model_set_flow_export(m, NULL, 0, 0);
	flowq_free(*q);
	*q = NULL;
}

/* --batch: a file is read to its end (or -c, --duration, a signal) and
 * reported once; live, a report every --interval and a last at exit; a
 * stream on stdin too when --interval is given. */
static int
main_batch(const struct options *o, struct sources *c, struct model *m,
	   const struct report_source *src, struct flowq **q,
	   struct flow_export **x, char *err, size_t errlen)
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
		/* the capture stops itself at --duration (its own clock,
		 * started a moment later): the report due then is the last
		 * one, not a periodic one as well */
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
	main_end_export(m, q, x);
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

/* Root about to become another user: fork the privileged helper that
 * will make the files this run writes (base/privhelper.h), owned by the
 * invoking user (SUDO_USER, else root), in the directories named now:
 * -w's, and the settings file's (made on first W when missing). */
static int
main_start_helper(const struct options *o, struct privhelper **out,
		  char *err, size_t errlen)
{
	/* OWNERS: the /proc scan, run as root for process attribution */
	static const struct privhelper_ops ops = { .owners = procscan_owners };
	const char *sudo = getenv("SUDO_USER");
	char dir[SETTINGS_PATH_MAX], base[256], path[SETTINGS_PATH_MAX];
	const struct passwd *pw = NULL;
	struct privhelper *h;
	char ignored[256];

	if (sudo && sudo[0])
		pw = getpwnam(sudo);
	h = privhelper_start(&ops, pw ? pw->pw_uid : 0, pw ? pw->pw_gid : 0,
			     err, errlen);
	if (h == NULL)
		return -1;
	/* a missing directory is said by the open that needs it */
	if (o->write_file && strcmp(o->write_file, "-") != 0 &&
	    outfile_split(o->write_file, dir, sizeof(dir), base,
			  sizeof(base)) == 0)
		privhelper_allow_dir(h, dir, false, ignored, sizeof(ignored));
	/* --flow-log's rotations are made there too */
	if (o->flow_log && strcmp(o->flow_log, "-") != 0 &&
	    outfile_split(o->flow_log, dir, sizeof(dir), base,
			  sizeof(base)) == 0)
		privhelper_allow_dir(h, dir, false, ignored, sizeof(ignored));
	if (o->config_file)
		snprintf(path, sizeof(path), "%s", o->config_file);
	else if (!settings_user_path(path, sizeof(path)))
		path[0] = '\0';
	if (path[0] && outfile_split(path, dir, sizeof(dir), base,
				     sizeof(base)) == 0)
		privhelper_allow_dir(h, dir, o->config_file == NULL, ignored,
				     sizeof(ignored));
	/* from here on a new directory is only one typed in the UI */
	if (privhelper_seal(h) < 0) {
		snprintf(err, errlen, "%s",
			 _("cannot start the privileged helper: it does not "
			   "answer"));
		privhelper_stop(h);
		return -1;
	}
	outfile_use_helper(h);
	*out = h;
	return 0;
}

/* -V and --fields run as the -Z user once the file is open. */
static int
main_print_drop(const void *arg, char *err, size_t errlen)
{
	const struct options *o = arg;
	struct privdrop drop;

	if (privdrop_prepare(&drop, o->drop_user, err, errlen) < 0 ||
	    privdrop_apply(&drop, err, errlen) < 0)
		return -1;
	if (drop.keeps_root && o->drop_user)
		fprintf(stderr, "%s\n",
			_("pktop: warning: -Z root: packets are parsed with "
			  "root privileges"));
	return 0;
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
		.opened = main_print_drop,
		.opened_arg = o,
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

/* --follow: one conversation of the file, printed as tshark does. */
static int
main_follow(const struct options *o, char *err, size_t errlen)
{
	struct follow_print_config cfg = {
		.file = o->read_file,
		.filter = o->filter,
		.format = (enum follow_print_format)o->follow_format,
		.out = stdout,
		.notes = stderr,
		.keylog_file = o->tls_keylog,
	};

	if (follow_spec_parse(&cfg.spec, o->follow, err, errlen) < 0)
		return -1;
	return follow_print_file(&cfg, err, errlen);
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
	cfg->capture.duration = o->duration;
	cfg->capture.replay = o->replay;
	cfg->capture.replay_speed = o->replay_speed;
	/* the tables over the matching packets (the UI keeps them all) */
	cfg->capture.dfilter = o->batch ? df : NULL;
	cfg->ifaces = o->ifaces;
	cfg->nifaces = o->nifaces;
	cfg->remotes = o->remotes;
	cfg->nremotes = o->nremotes;
	cfg->remote_cmd = o->remote_cmd;
	cfg->collect = o->collect;
	/* the UI owns the terminal */
	cfg->quiet_remotes = !o->batch;
}

/* -w lost packets (a full disk, a rotation refused): the files written
 * stay whole and readable, the run says so on one line and ends with
 * status 2, so a script never takes a short capture for a whole one. */
static bool
main_writer_failed(const struct model_totals *t)
{
	char shown[1024];

	if (!t->writer.on || (t->writer.lost == 0 && !t->writer.error[0]))
		return false;
	escape_text(t->writer.error, strlen(t->writer.error), shown,
		    sizeof(shown));
	fprintf(stderr,
		_("pktop: -w: %llu packets not written: %s\n"),
		(unsigned long long)t->writer.lost,
		shown[0] ? shown : _("the writer fell behind"));
	return true;
}

/* The lookup thread's owners through the privileged helper (ARG): the
 * /proc scan as root, after pktop itself has dropped it. */
static size_t
main_helper_owners(void *arg, const uint64_t *inodes, size_t n,
		   struct proc_owner *out)
{
	long found = privhelper_owners(arg, inodes, n, out);
	size_t i;

	if (found >= 0)
		return (size_t)found;
	for (i = 0; i < n; i++) /* the helper is gone: nobody found */
		out[i].pid = 0;
	return 0;
}

/* Process attribution (issue 18) for a live capture on this host: the
 * lookup thread, or a status saying why there is none. Run as root, the
 * privileged helper scans /proc for it; otherwise the scan runs with the
 * privilege pktop has: root with -Z root, else only its own user's
 * processes (the kernel still gives every socket's user). */
static int
main_procs_start(const struct options *o, struct sources *c, struct model *m,
		 const struct privdrop *drop, struct privhelper *helper,
		 struct procattr **pa, char *err, size_t errlen)
{
	char note[160] = "";

	if (o->nremotes > 0) {
		model_procs_set_status(m, _("no processes: --remote captures "
					    "another host's traffic"));
		return 0;
	}
	if (o->collect) {
		model_procs_set_status(m, _("no processes: --collect shows "
					    "other hosts' flows"));
		return 0;
	}
	if (!sources_is_live(c)) {
		model_procs_set_status(m, _("no processes: a capture file or "
					    "standard input has no local "
					    "sockets"));
		return 0;
	}
	if (helper) {
		*pa = procattr_start(m, main_helper_owners, helper, note, err,
				     errlen);
		if (*pa == NULL)
			model_procs_set_status(m, err);
		return 0;
	}
	if (drop->needed)
		snprintf(note, sizeof(note),
			 _("process names only for user %s's processes after "
			   "the privilege drop (-Z root shows all)"),
			 drop->name);
	else if (geteuid() != 0)
		snprintf(note, sizeof(note), "%s",
			 _("process names only for your own processes (not "
			   "root)"));
	/* without it the capture still runs: the Processes view says why */
	*pa = procattr_start(m, procattr_owners_local, NULL, note, err, errlen);
	if (*pa == NULL)
		model_procs_set_status(m, err);
	return 0;
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
	struct privhelper *helper = NULL;
	struct keylog *keys = NULL;
	struct procattr *pa = NULL;
	struct flowq *flows = NULL;
	struct flow_export *exporter = NULL;
	int tmux_clipboard = 0;
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
	if (o.follow) {
		signal(SIGPIPE, SIG_DFL);
		if (main_follow(&o, err, sizeof(err)) < 0)
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
	/* a batch report reads the tables, never a stored packet: the
	 * store's 64 MiB would be most of a big file's memory */
	limits.no_store = o.batch;
	m = model_new(&limits, sources_linktype(c), err, sizeof(err));
	if (m == NULL)
		goto fail;
	if (privdrop_prepare(&drop, o.drop_user, err, sizeof(err)) < 0)
		goto fail;
	if (drop.needed && main_start_helper(&o, &helper, err, sizeof(err)) < 0)
		goto fail;
	/* the UI's TLS secrets (a pcapng's own, --tls-keylog) are read
	 * while the files may still be opened; the key log stays open to be
	 * read again as it grows */
	if (!o.batch) {
		keys = inspect_keys_open(o.read_file, o.tls_keylog, err,
					 sizeof(err));
		if (keys == NULL)
			goto fail;
		/* as the user who started pktop, the one tmux answers */
		tmux_clipboard = ui_ask_tmux(&o);
	}
	if (o.write_file &&
	    main_open_writer(&o, c, &writer, err, sizeof(err)) < 0)
		goto fail;
	if ((o.nipfix || o.flow_log) &&
	    main_open_export(&o, m, &flows, &exporter, err, sizeof(err)) < 0)
		goto fail;

	src.kind = sources_kind(c);
	src.name = sources_name(c);
	src.linktype = sources_linktype_name(c);
	src.snaplen = sources_snaplen(c);
	src.filter = o.filter;

	/* Everything that needs root is open: from here on packets are
	 * parsed as an ordinary user; the files are made by the helper. */
	if (privdrop_apply(&drop, err, sizeof(err)) < 0)
		goto fail;
	if (drop.keeps_root && o.drop_user)
		fprintf(stderr, "%s\n",
			_("pktop: warning: -Z root: packets are parsed with "
			  "root privileges"));

	if (o.batch)
		main_batch_signals();
	if (main_procs_start(&o, c, m, &drop, helper, &pa, err, sizeof(err)) < 0)
		goto fail;
	if (exporter != NULL &&
	    flow_export_start(exporter, m, err, sizeof(err)) < 0)
		goto fail;
	if (sources_start(c, m, err, sizeof(err)) < 0)
		goto fail;
	if (o.batch) {
		if (main_batch(&o, c, m, &src, &flows, &exporter, err,
			       sizeof(err)) < 0) {
			/* the reader went away: nothing left to say */
			if (errno == EPIPE) {
				rc = MAIN_OK;
				goto out;
			}
			goto fail;
		}
	} else {
		if (ui_run(m, ctl, &o, keys, tmux_clipboard) < 0) {
			sources_stop(c);
			rc = MAIN_ERROR;
			goto out;
		}
		sources_stop(c);
		sources_finish_writer(c);
		main_end_export(m, &flows, &exporter);
	}
	procattr_stop(pa);
	pa = NULL;
	rc = MAIN_OK;
	model_get_totals(m, &t);
	if (main_writer_failed(&t))
		rc = MAIN_ERROR;
	if (t.capture_state == MODEL_CAPTURE_FAILED) {
		/* What was read before the error has been reported (and
		 * written with -w); the input still failed: status 2 in
		 * every mode (pktop(8) EXIT STATUS). */
		infile_stop_error(sources_name(c), t.capture_error, err,
				  sizeof(err));
		fprintf(stderr, "pktop: %s\n", err);
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
	procattr_stop(pa);
	sources_close(c);
	if (m != NULL)
		main_end_export(m, &flows, &exporter);
	control_free(ctl);
	model_free(m);
	inspect_keys_free(keys);
	outfile_use_helper(NULL);
	privhelper_stop(helper);
	options_free(&o);
	free(expr);
	dfilter_free(df);
	return rc;
}
