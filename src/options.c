/*
 * options: getopt_long over pktop's command line. Every value is checked
 * here so a typo is one line naming the option and the value, before any
 * device or file is touched.
 */
#include "config.h"

#include "options.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <pcap/pcap.h>

#include "base/i18n.h"
#include "base/escape.h"
#include "base/pcap_writer.h"
#include "output/follow_print.h"
#include "output/packet_print.h"

/* Long-only options get codes past any character. */
enum {
	OPT_BATCH = 256,
	OPT_FORMAT,
	OPT_INTERVAL,
	OPT_DURATION,
	OPT_TOP,
	OPT_MAX_HOSTS,
	OPT_MAX_CONNECTIONS,
	OPT_RING_SIZE,
	OPT_REPLAY,
	OPT_FIELDS,
	OPT_FOLLOW,
	OPT_NO_MOUSE,
	OPT_SHOW_SELF,
	OPT_REMOTE,
	OPT_REMOTE_CMD,
	OPT_NO_OSC52,
	OPT_NO_CONFIRM,
	OPT_CONFIG,
	OPT_THEME,
	OPT_SORT,
	OPT_VERSION,
	OPT_TLS_KEYLOG,
	OPT_EXPIRE,
	OPT_IPFIX,
	OPT_IPFIX_IDLE,
	OPT_IPFIX_ACTIVE,
	OPT_IPFIX_DOMAIN,
	OPT_FLOW_LOG,
	OPT_REPORT_FILE,
	OPT_COLLECT,
};

static const char options_short[] = ":i:Dps:B:r:f:c:nNd:Ve:w:C:G:W:z:UZ:hY:";

static const struct option options_long[] = {
	{ "interface", required_argument, NULL, 'i' },
	{ "list-interfaces", no_argument, NULL, 'D' },
	{ "no-promiscuous-mode", no_argument, NULL, 'p' },
	{ "snapshot-length", required_argument, NULL, 's' },
	{ "buffer-size", required_argument, NULL, 'B' },
	{ "read", required_argument, NULL, 'r' },
	{ "filter", required_argument, NULL, 'f' },
	{ "count", required_argument, NULL, 'c' },
	{ "no-resolve", no_argument, NULL, 'n' },
	{ "no-port-names", no_argument, NULL, 'N' },
	{ "delay", required_argument, NULL, 'd' },
	{ "verbose", no_argument, NULL, 'V' },
	{ "field", required_argument, NULL, 'e' },
	{ "display-filter", required_argument, NULL, 'Y' },
	{ "write", required_argument, NULL, 'w' },
	{ "file-size", required_argument, NULL, 'C' },
	{ "rotate-seconds", required_argument, NULL, 'G' },
	{ "file-count", required_argument, NULL, 'W' },
	{ "postrotate-command", required_argument, NULL, 'z' },
	{ "packet-buffered", no_argument, NULL, 'U' },
	{ "relinquish-privileges", required_argument, NULL, 'Z' },
	{ "help", no_argument, NULL, 'h' },
	{ "batch", no_argument, NULL, OPT_BATCH },
	{ "format", required_argument, NULL, OPT_FORMAT },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "duration", required_argument, NULL, OPT_DURATION },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "max-hosts", required_argument, NULL, OPT_MAX_HOSTS },
	{ "max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS },
	{ "ring-size", required_argument, NULL, OPT_RING_SIZE },
	{ "replay", optional_argument, NULL, OPT_REPLAY },
	{ "fields", no_argument, NULL, OPT_FIELDS },
	{ "follow", required_argument, NULL, OPT_FOLLOW },
	{ "no-mouse", no_argument, NULL, OPT_NO_MOUSE },
	{ "show-self", no_argument, NULL, OPT_SHOW_SELF },
	{ "remote", required_argument, NULL, OPT_REMOTE },
	{ "remote-cmd", required_argument, NULL, OPT_REMOTE_CMD },
	{ "no-osc52", no_argument, NULL, OPT_NO_OSC52 },
	{ "no-confirm", no_argument, NULL, OPT_NO_CONFIRM },
	{ "config", required_argument, NULL, OPT_CONFIG },
	{ "theme", required_argument, NULL, OPT_THEME },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ "tls-keylog", required_argument, NULL, OPT_TLS_KEYLOG },
	{ "expire", required_argument, NULL, OPT_EXPIRE },
	{ "ipfix", required_argument, NULL, OPT_IPFIX },
	{ "ipfix-idle", required_argument, NULL, OPT_IPFIX_IDLE },
	{ "ipfix-active", required_argument, NULL, OPT_IPFIX_ACTIVE },
	{ "ipfix-domain", required_argument, NULL, OPT_IPFIX_DOMAIN },
	{ "flow-log", required_argument, NULL, OPT_FLOW_LOG },
	{ "report-file", required_argument, NULL, OPT_REPORT_FILE },
	{ "collect", required_argument, NULL, OPT_COLLECT },
	{ NULL, 0, NULL, 0 },
};

/* The option as the user would recognise it: "-s" or "--top". */
static void
options_name(int c, char *buf, size_t size)
{
	const struct option *lo;

	if (c > 0 && c < 256) {
		snprintf(buf, size, "-%c", c);
		return;
	}
	for (lo = options_long; lo->name; lo++)
		if (lo->val == c) {
			snprintf(buf, size, "--%s", lo->name);
			return;
		}
	snprintf(buf, size, "?");
}

static int
options_bad(int c, const char *value, const char *want, char *err,
	    size_t errlen)
{
	char name[32];

	options_name(c, name, sizeof(name));
	snprintf(err, errlen, _("invalid value '%s' for %s: %s"), value, name,
		 want);
	return -1;
}

/* A whole decimal number in [MIN, MAX]. */
static int
options_uint(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* A finite number of seconds (or a speed) in (0, MAX]. */
static int
options_positive(const char *s, double max, double *out)
{
	char *end;
	double v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || *end || !isfinite(v) || !(v > 0) || v > max)
		return -1;
	*out = v;
	return 0;
}

/* Join ARGV[FROM..ARGC) with spaces, as tcpdump does with a filter given
 * as its remaining arguments. */
static char *
options_join(int argc, char **argv, int from)
{
	size_t len = 1;
	char *s;
	int i;

	for (i = from; i < argc; i++)
		len += strlen(argv[i]) + 1;
	s = malloc(len);
	if (!s)
		return NULL;
	s[0] = '\0';
	for (i = from; i < argc; i++) {
		if (i > from)
			strcat(s, " ");
		strcat(s, argv[i]);
	}
	return s;
}

static void
options_defaults(struct options *o)
{
	memset(o, 0, sizeof(*o));
	o->promisc = true;
	o->snaplen = OPTIONS_DEFAULT_SNAPLEN;
	o->format = OPTIONS_FORMAT_TEXT;
	o->interval = OPTIONS_DEFAULT_INTERVAL;
	o->top = OPTIONS_DEFAULT_TOP;
	o->ring_mib = OPTIONS_DEFAULT_RING_MIB;
	o->buffer_kib = OPTIONS_DEFAULT_BUFFER_KIB;
	o->resolve = true;
	o->port_names = true;
	o->delay = OPTIONS_DEFAULT_DELAY;
	o->expire = OPTIONS_DEFAULT_EXPIRE;
	o->ipfix_idle = OPTIONS_DEFAULT_IPFIX_IDLE;
	o->ipfix_active = OPTIONS_DEFAULT_IPFIX_ACTIVE;
	o->replay_speed = 1.0;
	o->mouse = true;
	o->osc52 = true;
	o->confirm = true;
	o->bits = true;
	o->theme = SETTINGS_THEME_DEFAULT;
	settings_init(&o->settings);
}

/* --config FILE (or --config=FILE) before getopt sees anything: the file
 * is read first so that the command line wins over it. */
static const char *
options_find_config(int argc, char **argv)
{
	const char *found = NULL;
	int i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--config") == 0 && i + 1 < argc)
			found = argv[++i];
		else if (strncmp(argv[i], "--config=", 9) == 0)
			found = argv[i] + 9;
	}
	return found;
}

/* The settings file's keys as defaults for the command line. */
static int
options_settings(struct options *o, int argc, char **argv, char *err,
		 size_t errlen)
{
	struct settings *st = &o->settings;
	char path[SETTINGS_PATH_MAX];

	o->config_file = options_find_config(argc, argv);
	if (o->config_file) {
		if (settings_load(st, o->config_file, true, stderr, err,
				  errlen) < 0)
			return -1;
	} else if (settings_default_path(path, sizeof(path))) {
		/* a file we cannot read is said, and we go on without */
		if (settings_load(st, path, false, stderr, err, errlen) < 0) {
			fprintf(stderr, "pktop: %s\n", err);
			err[0] = '\0';
		}
	}
	if (st->interface[0]) {
		o->ifaces[0] = st->interface;
		o->nifaces = 1;
		o->iface = st->interface;
		o->ifaces_from_settings = true;
	}
	if (st->resolve != SETTINGS_UNSET)
		o->resolve = st->resolve;
	if (st->port_names != SETTINGS_UNSET)
		o->port_names = st->port_names;
	if (st->mouse != SETTINGS_UNSET)
		o->mouse = st->mouse;
	if (st->confirm != SETTINGS_UNSET)
		o->confirm = st->confirm;
	if (st->osc52 != SETTINGS_UNSET)
		o->osc52 = st->osc52;
	if (st->bits != SETTINGS_UNSET)
		o->bits = st->bits;
	if (st->theme != SETTINGS_UNSET)
		o->theme = st->theme;
	if (st->view != SETTINGS_UNSET)
		o->view = st->view;
	if (st->delay > 0)
		o->delay = st->delay;
	return 0;
}

/* Combinations that make no sense, caught before anything is opened. */
/* -e names a field pktop never fills: said as tshark does ("Some fields
 * aren't valid"), every unknown one named (escaped), a usage error. */
static int
options_check_fields(const struct options *o, char *err, size_t errlen)
{
	size_t len = 0, k;
	int bad = 0;

	for (k = 0; k < o->nfields; k++) {
		char name[128];

		if (packet_print_field_known(o->field_names[k]))
			continue;
		if (bad++ == 0)
			len = (size_t)snprintf(err, errlen, "%s",
					       _("some fields are not valid:"));
		escape_text(o->field_names[k], strlen(o->field_names[k]), name,
			    sizeof(name));
		if (len < errlen)
			len += (size_t)snprintf(err + len, errlen - len, " %s",
						name);
	}
	return bad ? -1 : 0;
}

static int
options_check(const struct options *o, char *err, size_t errlen)
{
	if (o->read_file && o->nremotes) {
		snprintf(err, errlen, "%s",
			 _("-r and --remote cannot be used together"));
		return -1;
	}
	if (o->nifaces + o->nremotes > OPTIONS_MAX_IFACES) {
		snprintf(err, errlen, _("too many sources: at most %d "
					"interfaces and remote hosts together"),
			 OPTIONS_MAX_IFACES);
		return -1;
	}
	if (o->read_file && o->nifaces) {
		snprintf(err, errlen, "%s",
			 _("-r and -i cannot be used together: read a file or "
			   "capture live"));
		return -1;
	}
	if ((o->verbose || o->fields) && !o->read_file) {
		snprintf(err, errlen, "%s",
			 _("-V and --fields read a capture file: add -r FILE"));
		return -1;
	}
	if (o->follow && !o->read_file) {
		snprintf(err, errlen, "%s",
			 _("--follow reads a capture file: add -r FILE"));
		return -1;
	}
	if (o->follow && (o->batch || o->verbose || o->fields ||
			  o->write_file || o->format_given)) {
		snprintf(err, errlen, "%s",
			 _("--follow prints one conversation: not with "
			   "--batch, -V, --fields, -w or --format text|json"));
		return -1;
	}
	if (o->follow_format_given && !o->follow) {
		snprintf(err, errlen, "%s",
			 _("--format ascii, hex and raw are for --follow"));
		return -1;
	}
	if (o->nfields && !o->fields) {
		snprintf(err, errlen, "%s", _("-e FIELD needs --fields"));
		return -1;
	}
	if (options_check_fields(o, err, errlen) < 0)
		return -1;
	if (o->tls_keylog && o->batch) {
		snprintf(err, errlen, "%s",
			 _("--tls-keylog opens packets for -V, --fields and "
			   "the drill-down; --batch shows no packet"));
		return -1;
	}
	if (!o->write_file && !o->flow_log &&
	    (o->rotate_bytes || o->rotate_secs || o->keep_files ||
	     o->post_cmd || o->packet_buffered)) {
		snprintf(err, errlen, "%s",
			 _("-C, -G, -W, -z and -U shape the files of -w: add "
			   "-w FILE"));
		return -1;
	}
	/* --flow-log rotates by -w's rules (-C, -G, -W); -z and -U are
	 * about pcap files only */
	if (!o->write_file && (o->post_cmd || o->packet_buffered)) {
		snprintf(err, errlen, "%s",
			 _("-z and -U shape the files of -w: add -w FILE"));
		return -1;
	}
	if (!o->write_file && o->flow_log && strcmp(o->flow_log, "-") == 0 &&
	    (o->rotate_bytes || o->rotate_secs || o->keep_files)) {
		snprintf(err, errlen, "%s",
			 _("--flow-log - is one stream: -C, -G and -W need a "
			   "file name"));
		return -1;
	}
	if (o->write_file && (o->verbose || o->fields)) {
		snprintf(err, errlen, "%s",
			 _("-w saves what is captured; -V and --fields only "
			   "print a file"));
		return -1;
	}
	/* -w -: the capture on standard output, as tcpdump; the report
	 * moves to standard error, and one stream cannot rotate */
	if (o->write_file && strcmp(o->write_file, "-") == 0) {
		if (!o->batch) {
			snprintf(err, errlen, "%s",
				 _("-w - writes the capture to standard "
				   "output: use it with --batch"));
			return -1;
		}
		if (o->rotate_bytes || o->rotate_secs || o->keep_files ||
		    o->post_cmd) {
			snprintf(err, errlen, "%s",
				 _("-w - is one stream: -C, -G, -W and -z "
				   "need a file name"));
			return -1;
		}
	}
	if (o->format == OPTIONS_FORMAT_PROM && !o->batch) {
		snprintf(err, errlen, "%s",
			 _("--format prom is a --batch report: add --batch"));
		return -1;
	}
	if (o->report_file && !o->batch) {
		snprintf(err, errlen, "%s",
			 _("--report-file holds the --batch report: add --batch"));
		return -1;
	}
	if ((o->nipfix || o->flow_log) && (o->verbose || o->fields)) {
		snprintf(err, errlen, "%s",
			 _("--ipfix and --flow-log export connections; -V and "
			   "--fields only print packets"));
		return -1;
	}
	if (o->flow_log && strcmp(o->flow_log, "-") == 0 && !o->batch) {
		snprintf(err, errlen, "%s",
			 _("--flow-log - writes to standard output, which the "
			   "terminal UI owns: add --batch or name a file"));
		return -1;
	}
	if (!o->nipfix && !o->flow_log &&
	    (o->ipfix_idle != OPTIONS_DEFAULT_IPFIX_IDLE ||
	     o->ipfix_active != OPTIONS_DEFAULT_IPFIX_ACTIVE ||
	     o->ipfix_domain_given)) {
		snprintf(err, errlen, "%s",
			 _("--ipfix-idle, --ipfix-active and --ipfix-domain "
			   "shape flow export: add --ipfix or --flow-log"));
		return -1;
	}
	if (o->replay && !o->read_file) {
		snprintf(err, errlen, "%s",
			 _("--replay paces a capture file: add -r FILE"));
		return -1;
	}
	if (o->collect &&
	    (o->read_file || o->nremotes || (o->nifaces && !o->ifaces_from_settings) ||
	     o->write_file || o->verbose || o->fields || o->follow ||
	     o->filter || o->display_filter || o->nipfix || o->flow_log)) {
		snprintf(err, errlen, "%s",
			 _("--collect reads flow records, not packets: it "
			   "takes no -r, -i, --remote, -w, -V, --fields, "
			   "--follow, filter, -Y, --ipfix or --flow-log"));
		return -1;
	}
	return 0;
}

int
options_parse(struct options *o, int argc, char **argv, char *err,
	      size_t errlen)
{
	char name[32];
	uint64_t n;
	int c, rc = -1;

	options_defaults(o);
	if (options_settings(o, argc, argv, err, errlen) < 0)
		return -1;
	opterr = 0;
	optind = 0; /* glibc: start afresh, so tests may parse again */
	while ((c = getopt_long(argc, argv, options_short, options_long,
				NULL)) != -1) {
		switch (c) {
		case 'i':
			if (o->ifaces_from_settings) {
				/* the command line's interfaces replace
				 * the file's */
				o->nifaces = 0;
				o->ifaces_from_settings = false;
			}
			if (o->nifaces == OPTIONS_MAX_IFACES) {
				snprintf(err, errlen,
					 _("too many interfaces (-i): at most %d"),
					 OPTIONS_MAX_IFACES);
				goto out;
			}
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected an interface name "
						     "(see 'pktop -D')"),
						   err, errlen);
			o->ifaces[o->nifaces++] = optarg;
			o->iface = o->ifaces[0];
			break;
		case 'D':
			o->list_ifaces = true;
			break;
		case 'p':
			o->promisc = false;
			break;
		case 's':
			/* 0 means the largest, as with tcpdump. */
			if (options_uint(optarg, 0, OPTIONS_DEFAULT_SNAPLEN,
					 &n) < 0)
				return options_bad(c, optarg,
						   _("expected a snapshot length "
						     "from 0 to 262144 bytes"),
						   err, errlen);
			o->snaplen = n ? (unsigned)n : OPTIONS_DEFAULT_SNAPLEN;
			break;
		case 'B':
			if (options_uint(optarg, 1, 4u << 20, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a buffer size in "
						     "KiB from 1 to 4194304"),
						   err, errlen);
			o->buffer_kib = (unsigned)n;
			break;
		case 'r':
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a file name, or "
						     "'-' for stdin"),
						   err, errlen);
			o->read_file = optarg;
			break;
		case 'f':
			free(o->filter);
			o->filter = strdup(optarg);
			if (!o->filter) {
				snprintf(err, errlen, "%s", _("out of memory"));
				goto out;
			}
			break;
		case 'c':
			if (options_uint(optarg, 1, UINT64_MAX, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a packet count of "
						     "1 or more"),
						   err, errlen);
			o->count = n;
			break;
		case 'n':
			o->resolve = false;
			break;
		case 'N':
			o->port_names = false;
			break;
		case 'd':
			if (options_positive(optarg, 3600, &o->delay) < 0)
				return options_bad(c, optarg,
						   _("expected seconds, more than "
						     "0 and at most 3600"),
						   err, errlen);
			break;
		case 'V':
			o->verbose = true;
			break;
		case 'Y':
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a display filter "
						     "such as tcp.port == 443"),
						   err, errlen);
			o->display_filter = optarg;
			break;
		case 'e':
			if (o->nfields == OPTIONS_MAX_FIELDS) {
				snprintf(err, errlen,
					 _("too many fields (-e): at most %d"),
					 OPTIONS_MAX_FIELDS);
				goto out;
			}
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a field name such "
						     "as ip.src"),
						   err, errlen);
			o->field_names[o->nfields++] = optarg;
			break;
		case 'w':
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a file name"), err,
						   errlen);
			o->write_file = optarg;
			break;
		case 'C':
			if (pcap_writer_parse_size(optarg, &o->rotate_bytes) < 0)
				return options_bad(c, optarg,
						   _("expected a file size in "
						     "millions of bytes, or "
						     "with k, m or g"),
						   err, errlen);
			break;
		case 'G':
			if (options_uint(optarg, 1, 10u * 365 * 86400, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a number of "
						     "seconds"),
						   err, errlen);
			o->rotate_secs = (unsigned)n;
			break;
		case 'W':
			if (options_uint(optarg, 1, 1000000, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a number of "
						     "files from 1 to 1000000"),
						   err, errlen);
			o->keep_files = (unsigned)n;
			break;
		case 'z':
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a command"), err,
						   errlen);
			o->post_cmd = optarg;
			break;
		case 'Z':
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a user name"), err,
						   errlen);
			o->drop_user = optarg;
			break;
		case 'U':
			o->packet_buffered = true;
			break;
		case 'h':
			o->help = true;
			break;
		case OPT_BATCH:
			o->batch = true;
			break;
		case OPT_FORMAT:
			if (strcmp(optarg, "text") == 0)
				o->format = OPTIONS_FORMAT_TEXT;
			else if (strcmp(optarg, "json") == 0)
				o->format = OPTIONS_FORMAT_JSON;
			else if (strcmp(optarg, "prom") == 0)
				o->format = OPTIONS_FORMAT_PROM;
			else if (follow_print_format_parse(optarg) >= 0) {
				/* --follow's ascii|hex|raw (tshark's words) */
				o->follow_format =
					follow_print_format_parse(optarg);
				o->follow_format_given = true;
				break;
			} else
				return options_bad(c, optarg,
						   _("expected 'text', 'json' or "
						     "'prom' (or, with --follow, "
						     "'ascii', 'hex' or 'raw')"),
						   err, errlen);
			o->format_given = true;
			break;
		case OPT_FOLLOW: {
			struct follow_spec sp;
			char why[160];

			if (follow_spec_parse(&sp, optarg, why, sizeof(why)) <
			    0)
				return options_bad(c, optarg, why, err, errlen);
			o->follow = optarg;
			break;
		}
		case OPT_INTERVAL:
			if (options_positive(optarg, 86400, &o->interval) < 0)
				return options_bad(c, optarg,
						   _("expected seconds, more than "
						     "0 and at most 86400"),
						   err, errlen);
			o->interval_given = true;
			break;
		case OPT_DURATION:
			if (options_positive(optarg, 1e9, &o->duration) < 0)
				return options_bad(c, optarg,
						   _("expected seconds, more than "
						     "0"),
						   err, errlen);
			break;
		case OPT_TOP:
			if (options_uint(optarg, 1, 1000000, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a number of rows "
						     "from 1 to 1000000"),
						   err, errlen);
			o->top = (size_t)n;
			break;
		case OPT_MAX_HOSTS:
			if (options_uint(optarg, 1, 100000000, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a number of hosts "
						     "from 1 to 100000000"),
						   err, errlen);
			o->max_hosts = (size_t)n;
			break;
		case OPT_MAX_CONNECTIONS:
			if (options_uint(optarg, 1, 100000000, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a number of "
						     "connections from 1 to "
						     "100000000"),
						   err, errlen);
			o->max_connections = (size_t)n;
			break;
		case OPT_RING_SIZE:
			if (options_uint(optarg, 1, 65536, &n) < 0)
				return options_bad(c, optarg,
						   _("expected MiB from 1 to "
						     "65536"),
						   err, errlen);
			o->ring_mib = (size_t)n;
			break;
		case OPT_REPLAY:
			o->replay = true;
			if (optarg &&
			    options_positive(optarg, 1e6, &o->replay_speed) < 0)
				return options_bad(c, optarg,
						   _("expected a speed factor "
						     "more than 0 (1 is real "
						     "time)"),
						   err, errlen);
			break;
		case OPT_TLS_KEYLOG:
			o->tls_keylog = optarg;
			break;
		case OPT_EXPIRE:
			/* 0 keeps every row, as a file's tables do */
			if (strcmp(optarg, "0") == 0)
				o->expire = 0;
			else if (options_positive(optarg, 86400, &o->expire) < 0)
				return options_bad(c, optarg,
						   _("expected seconds, 0 (never) "
						     "to 86400"),
						   err, errlen);
			break;
		case OPT_IPFIX:
			if (o->nipfix == sizeof(o->ipfix) / sizeof(o->ipfix[0]))
				return options_bad(c, optarg,
						   _("at most 8 collectors"),
						   err, errlen);
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected HOST:PORT"),
						   err, errlen);
			o->ipfix[o->nipfix++] = optarg;
			break;
		case OPT_IPFIX_IDLE:
			if (options_positive(optarg, 86400, &o->ipfix_idle) < 0)
				return options_bad(c, optarg,
						   _("expected seconds more "
						     "than 0"),
						   err, errlen);
			break;
		case OPT_IPFIX_ACTIVE:
			if (options_positive(optarg, 86400, &o->ipfix_active) < 0)
				return options_bad(c, optarg,
						   _("expected seconds more "
						     "than 0"),
						   err, errlen);
			break;
		case OPT_IPFIX_DOMAIN:
			if (options_uint(optarg, 0, UINT32_MAX, &n) < 0)
				return options_bad(c, optarg,
						   _("expected a number from 0 "
						     "to 4294967295"),
						   err, errlen);
			o->ipfix_domain = (uint32_t)n;
			o->ipfix_domain_given = true;
			break;
		case OPT_REPORT_FILE:
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a file name or -"),
						   err, errlen);
			o->report_file = optarg;
			break;
		case OPT_COLLECT:
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected [ADDR:]PORT"),
						   err, errlen);
			o->collect = optarg;
			break;
		case OPT_FLOW_LOG:
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a file name or -"),
						   err, errlen);
			o->flow_log = optarg;
			break;
		case OPT_FIELDS:
			o->fields = true;
			break;
		case OPT_NO_MOUSE:
			o->mouse = false;
			break;
		case OPT_REMOTE:
			if (o->nremotes == OPTIONS_MAX_REMOTES) {
				snprintf(err, errlen,
					 _("too many --remote hosts: at most %d"),
					 OPTIONS_MAX_REMOTES);
				goto out;
			}
			if (!*optarg || *optarg == '-')
				return options_bad(c, optarg,
						   _("expected [USER@]HOST[:IFACE]"),
						   err, errlen);
			o->remotes[o->nremotes++] = optarg;
			break;
		case OPT_REMOTE_CMD:
			if (!*optarg)
				return options_bad(c, optarg,
						   _("expected a command"), err,
						   errlen);
			o->remote_cmd = optarg;
			break;
		case OPT_SHOW_SELF:
			o->show_self = true;
			break;
		case OPT_NO_OSC52:
			o->osc52 = false;
			break;
		case OPT_NO_CONFIRM:
			o->confirm = false;
			break;
		case OPT_CONFIG:
			break; /* read before the command line */
		case OPT_THEME:
			o->theme = settings_theme_from_name(optarg);
			if (o->theme == SETTINGS_UNSET)
				return options_bad(c, optarg,
						   _("expected default, "
						     "monochrome or "
						     "high-contrast"),
						   err, errlen);
			break;
		case OPT_SORT:
			/* over the settings file's, as its other keys */
			o->settings.sort = settings_sort_from_name(optarg);
			if (o->settings.sort == SETTINGS_UNSET)
				return options_bad(c, optarg,
						   settings_sort_expected(),
						   err, errlen);
			o->settings.reverse = SETTINGS_UNSET;
			break;
		case OPT_VERSION:
			o->version = true;
			break;
		case ':':
			options_name(optopt, name, sizeof(name));
			if (!optopt)
				snprintf(name, sizeof(name), "%s",
					 argv[optind - 1]);
			snprintf(err, errlen,
				 _("option %s needs a value (try 'pktop "
				   "--help')"),
				 name);
			goto out;
		default:
			if (optopt && optopt < 256)
				snprintf(name, sizeof(name), "-%c", optopt);
			else
				snprintf(name, sizeof(name), "%s",
					 argv[optind - 1]);
			snprintf(err, errlen,
				 _("unknown option '%s' (try 'pktop --help')"),
				 name);
			goto out;
		}
	}
	if (optind < argc) {
		if (o->filter) {
			snprintf(err, errlen,
				 _("a filter was given with -f and as arguments "
				   "('%s'): use one"),
				 argv[optind]);
			goto out;
		}
		o->filter = options_join(argc, argv, optind);
		if (!o->filter) {
			snprintf(err, errlen, "%s", _("out of memory"));
			goto out;
		}
	}
	/* the file's interface is for live capture only */
	if (o->ifaces_from_settings &&
	    (o->read_file || o->nremotes || o->collect)) {
		o->nifaces = 0;
		o->iface = NULL;
	}
	if (!o->filter && o->settings.filter[0] && !o->collect) {
		o->filter = strdup(o->settings.filter);
		if (!o->filter) {
			snprintf(err, errlen, "%s", _("out of memory"));
			goto out;
		}
	}
	if (o->help || o->version) {
		rc = 0;
		goto out;
	}
	rc = options_check(o, err, errlen);
out:
	return rc;
}

void
options_free(struct options *o)
{
	free(o->filter);
	o->filter = NULL;
}

void
options_print_help(FILE *out)
{
	fputs(_("Usage: pktop [OPTION]... [FILTER EXPRESSION]\n"
		"Watch network traffic: hosts, connections, protocols and "
		"packets.\n"
		"\n"
		"Where to read:\n"
		"  -i, --interface IFACE    capture on IFACE ('any' for all); "
		"default: the\n"
		"                           first interface that is up and not "
		"loopback\n"
		"  -D, --list-interfaces    list the interfaces and exit\n"
		"  -r, --read FILE          read a pcap or pcapng file ('-' for "
		"stdin)\n"
		"  -p, --no-promiscuous-mode  do not put the interface in "
		"promiscuous mode\n"
		"  -s, --snapshot-length N  bytes kept per packet (default "
		"262144)\n"
		"  -B, --buffer-size KIB    kernel capture buffer in KiB\n"
		"      --remote [USER@]HOST[:IFACE]  capture on HOST through "
		"ssh and tcpdump\n"
		"                           (repeat -i and --remote to watch "
		"several at once)\n"
		"      --remote-cmd CMD     run CMD instead of ssh (CMD HOST "
		"COMMAND)\n"
		"  -f, --filter EXPR        capture filter (tcpdump syntax); the "
		"remaining\n"
		"                           arguments are taken as the filter "
		"too\n"
		"\n"
		"Batch output (no terminal UI):\n"
		"      --batch              print reports instead of the UI\n"
		"      --format text|json   report format (default text)\n"
		"      --interval S         live (or -r - given it): a report "
		"every S seconds\n"
		"                           (default 10)\n"
		"  -c, --count N            stop after N packets\n"
		"      --duration S         stop after S seconds\n"
		"      --top N              rows per text table (default 20)\n"
		"\n"
		"Packets of a file:\n"
		"  -V, --verbose            print every packet's field tree\n"
		"      --fields             one line per packet (JSON Lines with "
		"--format json)\n"
		"  -e, --field NAME         only this field (repeat for more)\n"
		"  -Y, --display-filter F   only the packets that match F "
		"(Wireshark's\n"
		"                           display filter language); alone: "
		"one line\n"
		"                           per packet; with --batch: tables "
		"over them\n"
		"      --tls-keylog FILE    TLS secrets (SSLKEYLOGFILE format) "
		"to open QUIC\n"
		"                           Handshake and 1-RTT packets with\n"
		"\n"
		"Saving packets (pcap files, as tcpdump writes them):\n"
		"  -w, --write FILE         save every captured packet to FILE\n"
		"  -C, --file-size SIZE     start a new file past SIZE millions "
		"of bytes\n"
		"                           (or SIZE with k, m, g: KiB, MiB, "
		"GiB)\n"
		"  -G, --rotate-seconds S   start a new file every S seconds "
		"(strftime\n"
		"                           conversions in FILE name them)\n"
		"  -W, --file-count N       keep N files: with -C reuse FILE0.."
		"FILE<N-1>,\n"
		"                           with -G remove the oldest\n"
		"  -z, --postrotate-command CMD  run CMD FILE on each finished "
		"file\n"
		"  -U, --packet-buffered    write each packet out at once\n"
		"\n"
		"Privileges:\n"
		"  -Z, --relinquish-privileges USER  as root, become USER once the "
		"capture\n"
		"                           is open (default: $SUDO_USER, else "
		"nobody;\n"
		"                           -Z root keeps root)\n"
		"\n"
		"Limits:\n"
		"      --max-hosts N        hosts kept (oldest evicted first)\n"
		"      --max-connections N  connections kept\n"
		"      --ring-size MIB      packet store size (default 64)\n"
		"\n"
		"Terminal UI:\n"
		"  -n, --no-resolve         do not resolve addresses to names\n"
		"  -N, --no-port-names      show port numbers, not service "
		"names\n"
		"  -d, --delay S            seconds between table refreshes "
		"(default 1)\n"),
	      out);
	/* apart, so a new option leaves the long text's translations be */
	fputs(_("      --expire S           live: rows without a packet for S "
		"seconds leave\n"
		"                           the view (default 40, 0 never; x "
		"shows them)\n"),
	      out);
	/* its own message, so the long one below keeps its translations */
	fputs(_("      --sort KEY           the tables' order: 2s, 10s, 40s (the "
		"rates), bytes,\n"
		"                           packets, address, first, last, rtt, "
		"retr, health\n"
		"                           (default: live 10s, files bytes)\n"),
	      out);
	fputs(_("      --replay[=SPEED]     pace a file by its timestamps "
		"(2 = twice as fast)\n"
		"      --no-mouse           do not ask the terminal for mouse "
		"events\n"
		"      --show-self          show this SSH session's own "
		"connection (hidden\n"
		"                           by default when SSH_CONNECTION is "
		"set)\n"
		"      --no-osc52           y/Y do not copy to the clipboard "
		"(OSC 52)\n"
		"      --no-confirm         q quits at once, even with marked "
		"packets unsaved\n"
		"                           or a -w file being written\n"
		"      --theme NAME         colours: default, monochrome or "
		"high-contrast\n"
		"      --config FILE        read the settings from FILE (default\n"
		"                           $XDG_CONFIG_HOME/pktop/pktoprc, then "
		"/etc/pktop.conf)\n"
		"\n"
		"  -h, --help               show this help and exit\n"
		"      --version            show the version and exit\n"
		"\n"
		"Exit status: 0 on success, 2 for a usage or capture error.\n"),
	      out);
	/* its own message, so the long one above keeps its translations */
	fputs(_("\n"
		"Following a conversation (as tshark -q -z follow):\n"
		"      --follow tcp,N       the bytes of TCP stream N (tshark's "
		"tcp.stream);\n"
		"                           udp,N; or tcp,ADDR:PORT,ADDR:PORT; "
		"printed as\n"
		"                           --format ascii (the default), hex "
		"or raw\n"),
	      out);
	fputs(_("                           http,N: TCP stream N as HTTP/1.x "
		"messages, chunked\n"
		"                           bodies joined, gzip and deflate "
		"decompressed (zlib)\n"),
	      out);
	fputs(_("                           quic,N: UDP stream N's QUIC Initial "
		"CRYPTO data,\n"
		"                           decrypted\n"),
	      out);
	fputs(_("                           with TLS secrets (--tls-keylog, "
		"pcapng) also\n"
		"                           Handshake CRYPTO and STREAM data; "
		"quic,N,S: stream S\n"),
	      out);
	fputs(_("\n"
		"Flow export (a record per connection end or timeout):\n"
		"      --ipfix [tcp:]HOST[:PORT]  send IPFIX to a collector (UDP, "
		"port 4739\n"
		"                           by default; repeat for more)\n"
		"      --ipfix-idle S       end a flow after S seconds without a "
		"packet (15)\n"
		"      --ipfix-active S     report a long flow every S seconds "
		"(60)\n"
		"      --ipfix-domain N     Observation Domain ID (default: a hash "
		"of the\n"
		"                           host name)\n"
		"      --flow-log FILE      one JSON line per ended flow (- for "
		"standard output)\n"),
	      out);
	fputs(_("                           -C, -G and -W rotate it as they do "
		"-w's files\n"),
	      out);
	fputs(_("\n"
		"Flow collection (a terminal view of a fleet's exporters):\n"
		"      --collect [ADDR:]PORT  receive IPFIX on UDP and TCP PORT "
		"(4739) and\n"
		"                           show the flows instead of captured "
		"packets\n"),
	      out);
	fputs(_("\n"
		"Reports for other programs:\n"
		"  --format prom            --batch reports in Prometheus' text "
		"format\n"
		"      --report-file FILE   each --batch report replaces FILE "
		"whole (written\n"
		"                           beside it, then renamed: for "
		"node_exporter's\n"
		"                           textfile collector)\n"),
	      out);
}

void
options_print_version(FILE *out)
{
	fprintf(out, "pktop %s\n%s\n", PACKAGE_VERSION, pcap_lib_version());
}
