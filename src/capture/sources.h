/*
 * sources: every place packets come from in one run (-r FILE or stdin,
 * one or more -i, one or more --remote), each a capture with its own
 * thread, all feeding one model. A live filter change goes to all of
 * them or to none.
 */
#ifndef PKTOP_SOURCES_H
#define PKTOP_SOURCES_H

#include <stdbool.h>
#include <stddef.h>

#include "capture/capture.h"

/* Sources in one run: interfaces and remote hosts together. */
#define SOURCES_MAX 16

struct sources;
struct model;
struct pcap_writer;

/* What one run reads, filled by main from the command line. */
struct sources_config {
	/* every source's settings; a file (read_file) is the one source,
	 * else IFACE is set for each of IFACES in turn */
	struct capture_config capture;
	const char *const *ifaces;  /* -i, in order; none and no remote:
				     * the default interface */
	size_t nifaces;
	const char *const *remotes; /* --remote [USER@]HOST[:IFACE] */
	size_t nremotes;
	const char *remote_cmd;     /* --remote-cmd; NULL: ssh */
	bool quiet_remotes;         /* their stderr to /dev/null (the UI) */
	const char *collect;        /* --collect [ADDR:]PORT: the one source,
				     * IPFIX flows instead of packets */
};

/* Open what CFG names. NULL with one line in ERR. */
struct sources *sources_open(const struct sources_config *cfg, char *err,
			     size_t errlen);
void sources_close(struct sources *s);

/* The first source's link type and snapshot length (the model's and the
 * -w file's); -w refuses sources of different link types. */
int sources_linktype(const struct sources *s);
unsigned sources_snaplen(const struct sources *s);
const char *sources_linktype_name(const struct sources *s);
/* "eth0", "eth0, eth1", "file.pcap", "router, web1:eth1" */
const char *sources_name(const struct sources *s);
/* live, file, stdin, collect */
const char *sources_kind(const struct sources *s);
bool sources_is_live(const struct sources *s);
bool sources_is_stream(const struct sources *s);
/* Warnings from opening, one per line, or "". */
const char *sources_warning(const struct sources *s);

/* -w: every source writes to W; the first one owns it. */
int sources_set_writer(struct sources *s, struct pcap_writer *w, char *err,
		       size_t errlen);

int sources_start(struct sources *s, struct model *m, char *err,
		  size_t errlen);
void sources_stop(struct sources *s);
/* Ask every source to end soon, without waiting (from any thread). */
void sources_request_stop(struct sources *s);
/* The live filter change (control.c): EXPR is compiled once for each
 * source (within filter_compile_bounded's budgets; a readable CANCEL_FD,
 * -1 for none, cancels); when all compile it is handed to all, else to
 * none (-1 with the first error in ERR). Blocks: control's worker. */
int sources_set_filter(struct sources *s, const char *expr, int cancel_fd,
		       char *err, size_t errlen);
/* A capture file read again from the start with the filter in force
 * (a new capture filter on a file): its thread stops, M forgets every
 * row, total and stored packet (model_reset), the file is read again.
 * -1 with ERR (nothing changed) when the sources are not one file. */
int sources_reread(struct sources *s, struct model *m, char *err,
		   size_t errlen);
/* Every source has ended (end of file, -c, errors). */
bool sources_done(struct sources *s);
/* Sleep until a source still running ends, a signal arrives or
 * TIMEOUT_MS pass, so the end of a file is seen at once, without waking
 * often. */
void sources_wait(struct sources *s, int timeout_ms);
void sources_finish_writer(struct sources *s);
/* Live sources' pcap_stats added up; -1 when none is live. */
int sources_stats(struct sources *s, struct capture_stats *st);

#endif
