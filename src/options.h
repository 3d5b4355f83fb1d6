/*
 * options: pktop's command line, parsed once by main() into one struct that
 * every other part only reads. Nothing here opens a device or a file.
 */
#ifndef PKTOP_OPTIONS_H
#define PKTOP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "settings.h"

#define OPTIONS_MAX_IFACES 16
#define OPTIONS_MAX_REMOTES 8
#define OPTIONS_MAX_FIELDS 256

#define OPTIONS_DEFAULT_SNAPLEN 262144
#define OPTIONS_DEFAULT_RING_MIB 64
/* -B: 16 MiB rides out the bursts a 2 MiB buffer (libpcap's default)
 * dropped at 100 000 packets/s (doc/performance.md) */
#define OPTIONS_DEFAULT_BUFFER_KIB 16384
#define OPTIONS_DEFAULT_TOP 20
#define OPTIONS_DEFAULT_INTERVAL 10.0 /* live --batch: seconds per report */
#define OPTIONS_DEFAULT_DELAY 1.0     /* UI table refresh (-d) */
#define OPTIONS_DEFAULT_EXPIRE 40.0   /* live rows leave the view (iftop) */
#define OPTIONS_DEFAULT_IPFIX_IDLE 15.0
#define OPTIONS_DEFAULT_IPFIX_ACTIVE 60.0

enum options_format {
	OPTIONS_FORMAT_TEXT = 0,
	OPTIONS_FORMAT_JSON,
	OPTIONS_FORMAT_PROM,
};

struct options {
	/* ---- what to read ---- */
	const char *ifaces[OPTIONS_MAX_IFACES]; /* -i, in order given */
	size_t nifaces;
	/* The interface captured on: the first -i, or after main() opened
	 * the capture the default one it picked; NULL with -r. */
	const char *iface;
	const char *remotes[OPTIONS_MAX_REMOTES]; /* --remote, in order */
	size_t nremotes;
	const char *remote_cmd; /* --remote-cmd; NULL: ssh */
	const char *read_file;  /* -r FILE; "-" is stdin; NULL: live */
	bool list_ifaces;       /* -D */
	bool promisc;           /* true unless -p */
	unsigned snaplen;       /* -s, default OPTIONS_DEFAULT_SNAPLEN */
	unsigned buffer_kib;    /* -B, kernel buffer, OPTIONS_DEFAULT_BUFFER_KIB */
	/* -f EXPR or the remaining arguments joined by spaces; NULL: none.
	 * Owned by the struct (options_free). */
	char *filter;

	/* ---- what to do ---- */
	bool batch;             /* --batch */
	enum options_format format; /* --format text|json */
	bool format_given;      /* --format appeared (--fields uses it too) */
	double interval;        /* --interval S, live --batch */
	bool interval_given;    /* --interval appeared (stdin streams too) */
	uint64_t count;         /* -c COUNT, 0: no limit */
	double duration;        /* --duration S, 0: no limit */
	size_t top;             /* --top N, rows per text table */
	bool verbose;           /* -V: packet trees */
	bool fields;            /* --fields: one line per packet */
	const char *field_names[OPTIONS_MAX_FIELDS]; /* -e FIELD, in order */
	size_t nfields;
	const char *display_filter; /* -Y FILTER, or NULL */
	const char *tls_keylog; /* --tls-keylog FILE, or NULL */
	const char *follow;     /* --follow tcp,N|udp,N|tcp,A:P,B:P, or NULL */
	int follow_format;      /* enum follow_print_format (--format) */
	bool follow_format_given; /* --format ascii|hex|raw appeared */
	const char *write_file; /* -w FILE */
	uint64_t rotate_bytes;  /* -C, in bytes; 0: none */
	unsigned rotate_secs;   /* -G; 0: none */
	unsigned keep_files;    /* -W; 0: keep all */
	const char *post_cmd;   /* -z COMMAND */
	bool packet_buffered;   /* -U */
	const char *drop_user;  /* -Z USER; NULL: SUDO_USER or nobody */

	/* ---- flow export ---- */
	const char *ipfix[8];   /* --ipfix [tcp:]HOST[:PORT], in order */
	size_t nipfix;
	double ipfix_idle;      /* --ipfix-idle S, default 15 */
	double ipfix_active;    /* --ipfix-active S, default 60 */
	uint32_t ipfix_domain;  /* --ipfix-domain N */
	bool ipfix_domain_given;
	const char *collect;    /* --collect [ADDR:]PORT: IPFIX in */
	const char *flow_log;   /* --flow-log FILE, "-": stdout */
	const char *report_file; /* --report-file FILE: replaced per report */

	/* ---- limits ---- */
	size_t max_hosts;       /* --max-hosts, 0: model default */
	size_t max_connections; /* --max-connections, 0: model default */
	size_t ring_mib;        /* --ring-size MiB */

	/* ---- the UI ---- */
	bool resolve;           /* reverse DNS; false with -n */
	bool port_names;        /* service names for ports; false with -N */
	double delay;           /* -d SECONDS between table refreshes */
	double expire;          /* --expire S: idle live rows leave the view */
	bool replay;            /* --replay[=SPEED] with -r */
	double replay_speed;    /* 1.0 = real time */
	bool mouse;             /* false with --no-mouse */
	bool show_self;         /* --show-self: keep our SSH session in view */
	bool osc52;             /* y/Y copy through OSC 52; false with --no-osc52 */
	bool confirm;           /* q asks before losing work; false with --no-confirm */

	/* The settings file (src/settings.h), read before the command
	 * line, which wins; --config FILE names it. */
	struct settings settings;
	const char *config_file;  /* --config */
	bool ifaces_from_settings; /* ifaces[0] came from the file */
	int theme;              /* enum settings_theme, --theme */
	int view;               /* the UI's first view (settings) */
	bool bits;              /* rates in bits/s (settings: units) */

	bool help;              /* -h, --help */
	bool version;           /* --version */
};

/* Fill O from ARGV. 0 on success; -1 with one line in ERR naming the
 * option and the value (main prints it and exits 2). O must be released
 * with options_free either way. */
int options_parse(struct options *o, int argc, char **argv, char *err,
		  size_t errlen);
void options_free(struct options *o);

void options_print_help(FILE *out);
/* pktop's version and libpcap's. */
void options_print_version(FILE *out);

#endif
