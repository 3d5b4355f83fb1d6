/*
 * capture: where packets come from: a live interface, a capture file or a
 * pcap stream on stdin. It opens the source (with errors a person can act
 * on), runs the capture thread that feeds the model in batches, answers
 * live filter changes and stops on request.
 */
#ifndef PKTOP_CAPTURE_H
#define PKTOP_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct capture;
struct model;

/* How to open one source: the command line's choices, filled by main. */
struct dfilter;

struct capture_config {
	const char *read_file; /* a capture file, "-" for stdin; NULL: live */
	const char *iface;     /* live: the interface; NULL: the default one */
	/* the capture filter (NULL or "": none); the user's filter with the
	 * selfhide clause, as control.h composed it */
	const char *filter;
	unsigned snaplen;      /* live: bytes kept per packet */
	unsigned buffer_kib;   /* live: the kernel buffer; 0: libpcap's */
	bool promisc;          /* live: promiscuous mode */
	uint64_t count;        /* packets to read; 0: no limit */
	double duration;       /* seconds to read for; 0: no limit */
	bool replay;           /* a file paced by its timestamps */
	double replay_speed;   /* 1.0: real time; 0 taken as 1.0 */
	/* -Y: only the packets it matches reach the model (tested by the
	 * committer, before its lock); NULL: all */
	const struct dfilter *dfilter;
};

struct capture_stats {
	uint64_t received;   /* ps_recv: packets that passed the filter */
	uint64_t dropped;    /* ps_drop: no room in the buffer */
	uint64_t if_dropped; /* ps_ifdrop: dropped by the interface */
	uint64_t captured;   /* handed to the model */
};

/* Open what CFG names (a file, stdin, an interface or the default one)
 * with CFG's filter. NULL with one line in ERR on failure. */
struct capture *capture_open(const struct capture_config *cfg, char *err,
			     size_t errlen);
/* A pcap stream already open on FD (a --remote command's output), shown
 * as NAME, read with CFG's filter, count and replay; the capture closes
 * FD. */
struct capture *capture_open_pipe(const struct capture_config *cfg, int fd,
				  const char *name, char *err, size_t errlen);
/* A source that could not be opened (a --remote command that failed
 * before its capture began), kept so the UI can show why: its thread
 * sets the model's state to failed with WHY at once and reads nothing.
 * NAME as capture_open_pipe's; the link type is LIKE's (NULL: Ethernet),
 * so that it joins the other sources' model. */
struct capture *capture_open_failed(const struct capture_config *cfg,
				    const char *name,
				    const struct capture *like,
				    const char *why, char *err,
				    size_t errlen);
void capture_close(struct capture *c);
/* A --remote command's stderr (remote_start's ERRFD, -1 for none), taken
 * over: when the stream ends by itself its last line joins the reason the
 * header shows. Before capture_start. */
void capture_set_stderr(struct capture *c, int errfd);

/* The live filter change, in two steps so several sources take a new
 * filter all or none: compile EXPR for this source (NULL with libpcap's
 * message in ERR; filter_compile_bounded's budgets, CANCEL_FD cancels),
 * then hand it to the thread, which applies it between batches and owns
 * F from then on. */
struct filter;
struct filter *capture_compile_filter(const struct capture *c,
				      const char *expr, int cancel_fd,
				      char *err, size_t errlen);
void capture_set_filter(struct capture *c, struct filter *f);

int capture_linktype(const struct capture *c);
unsigned capture_snaplen(const struct capture *c);
bool capture_is_live(const struct capture *c);
/* Reading a pipe (stdin): packets arrive as they are written. */
bool capture_is_stream(const struct capture *c);
/* The interface or the file name ("-" for stdin). */
const char *capture_source(const struct capture *c);
/* libpcap's name for the linktype ("EN10MB"). */
const char *capture_linktype_name(const struct capture *c);
/* A warning from opening (e.g. promiscuous mode not supported), or "". */
const char *capture_warning(const struct capture *c);

/* Hook C to M (local addresses, clock) and start the
 * capture thread, with every signal blocked in it. */
int capture_start(struct capture *c, struct model *m, char *err,
		  size_t errlen);
/* Ask the thread to stop and wait for it; harmless when not started. */
void capture_stop(struct capture *c);
/* A capture file (not stdin, a pipe or live, and no -w) can be read
 * again from its start: capture_rewind, with the thread stopped, reopens
 * it with the filter handed over last; capture_start then reads it
 * again. -1 with ERR when it cannot. */
bool capture_can_rewind(const struct capture *c);
int capture_rewind(struct capture *c, char *err, size_t errlen);
/* Ask the thread to end soon, without waiting for it (from any thread). */
void capture_request_stop(struct capture *c);

struct pcap_writer;
/* Before capture_start: every captured packet also goes to W (-w), and
 * its counters to the model once a second. OWNER: this capture closes W
 * (the others that share it must be stopped first). */
void capture_set_writer(struct capture *c, struct pcap_writer *w, bool owner);
/* After capture_stop: write out what is queued, close the last file and
 * put the final counters in the model (capture_close does it too). */
void capture_finish_writer(struct capture *c);
/* Whether the thread has ended (end of file, -c reached, error, stop). */
bool capture_done(struct capture *c);
/* A descriptor that polls readable once the thread has ended; -1 when
 * the system gave none. */
int capture_done_fd(const struct capture *c);

/* libpcap's counters for a live capture; -1 for files. */
int capture_stats(struct capture *c, struct capture_stats *st);

/* `pktop -D`: the interfaces with their flags and addresses. */
int capture_list_interfaces(FILE *out, char *err, size_t errlen);

#endif
