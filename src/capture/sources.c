/*
 * sources: several captures feeding one model (see sources.h).
 */
#include "config.h"

#include "capture/sources.h"

#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

#include "base/filter.h"
#include "base/i18n.h"
#include "capture/collect.h"
#include "capture/remote.h"
#include "model/model.h"

struct sources {
	struct capture *c[SOURCES_MAX];
	pid_t pid[SOURCES_MAX];   /* --remote commands; 0: none */
	size_t n;
	struct collect *col;      /* --collect: instead of captures */
	const char *kind;
	char name[512];
	char warning[1024];
};

static int
sources_add(struct sources *s, struct capture *c, pid_t pid)
{
	const char *w = capture_warning(c);
	size_t len;

	s->c[s->n] = c;
	s->pid[s->n] = pid;
	s->n++;
	len = strlen(s->name);
	snprintf(s->name + len, sizeof(s->name) - len, "%s%s",
		 len ? ", " : "", capture_source(c));
	if (w[0]) {
		len = strlen(s->warning);
		snprintf(s->warning + len, sizeof(s->warning) - len, "%s%s",
			 len ? "\n" : "", w);
	}
	return 0;
}

/* What a --remote command that failed at once said: its first lines,
 * as many bytes as the model's reason keeps. */
#define SOURCES_SAID_LINES 3
#define SOURCES_SAID_MAX 200

struct sources *
sources_open(const struct sources_config *cfg, char *err, size_t errlen)
{
	struct sources *s = calloc(1, sizeof(*s));
	struct capture_config one = cfg->capture;
	struct capture *c;
	size_t i;
	int fd;
	pid_t pid;
	int errfd;

	if (s == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	if (cfg->collect) {
		s->kind = "collect";
		s->col = collect_open(cfg->collect, err, errlen);
		if (s->col == NULL)
			goto fail;
		snprintf(s->name, sizeof(s->name), "%s", collect_name(s->col));
		return s;
	}
	if (one.read_file) {
		s->kind = strcmp(one.read_file, "-") == 0 ? "stdin" : "file";
		c = capture_open(&one, err, errlen);
		if (c == NULL)
			goto fail;
		sources_add(s, c, 0);
		return s;
	}
	s->kind = cfg->nremotes && !cfg->nifaces ? "stdin" : "live";
	/* -i, each in turn (none and no --remote: the default one) */
	for (i = 0; i < cfg->nifaces || (i == 0 && !cfg->nremotes); i++) {
		one.iface = i < cfg->nifaces ? cfg->ifaces[i] : NULL;
		c = capture_open(&one, err, errlen);
		if (c == NULL)
			goto fail;
		sources_add(s, c, 0);
	}
	for (i = 0; i < cfg->nremotes; i++) {
		fd = remote_start(cfg->remotes[i], cfg->remote_cmd,
				  cfg->quiet_remotes, &pid, &errfd, err,
				  errlen);
		if (fd < 0)
			goto fail;
		/* the header comes once ssh and tcpdump are up */
		c = capture_open_pipe(&cfg->capture, fd, cfg->remotes[i], err,
				      errlen);
		if (c == NULL) {
			char said[SOURCES_SAID_MAX], why[SOURCES_SAID_MAX + 64];
			size_t o = strlen(err);

			/* ssh's or sudo's words say more than libpcap's
			 * "truncated dump file" */
			remote_stop(pid);
			remote_stderr_head(errfd, said, sizeof(said),
					   SOURCES_SAID_LINES);
			if (errfd >= 0)
				close(errfd);
			if (said[0])
				snprintf(err + o, errlen - o, " (%s: %s)",
					 cfg->remotes[i], said);
			if (!cfg->quiet_remotes)
				goto fail;
			/* the UI: it comes up and says why in its header
			 * (main repeats it at the end); the other sources
			 * go on */
			if (said[0])
				snprintf(why, sizeof(why), "%s: %s",
					 cfg->remotes[i], said);
			else
				snprintf(why, sizeof(why), "%s", err);
			c = capture_open_failed(&cfg->capture, cfg->remotes[i],
						s->n ? s->c[0] : NULL, why,
						err, errlen);
			if (c == NULL)
				goto fail;
			sources_add(s, c, 0);
			continue;
		}
		capture_set_stderr(c, errfd);
		sources_add(s, c, pid);
	}
	return s;
fail:
	sources_close(s);
	return NULL;
}

void
sources_close(struct sources *s)
{
	size_t i;

	if (s == NULL)
		return;
	sources_stop(s);
	sources_finish_writer(s);
	collect_close(s->col);
	for (i = 0; i < s->n; i++) {
		capture_close(s->c[i]);
		remote_stop(s->pid[i]);
	}
	free(s);
}

/* --collect has no link layer: the model's is Ethernet's, unused */
int
sources_linktype(const struct sources *s)
{
	return s->col ? 1 : capture_linktype(s->c[0]);
}

unsigned
sources_snaplen(const struct sources *s)
{
	return s->col ? 0 : capture_snaplen(s->c[0]);
}

const char *
sources_linktype_name(const struct sources *s)
{
	return s->col ? "IPFIX" : capture_linktype_name(s->c[0]);
}

const char *
sources_name(const struct sources *s)
{
	return s->name;
}

const char *
sources_kind(const struct sources *s)
{
	return s->kind;
}

bool
sources_is_live(const struct sources *s)
{
	size_t i;

	if (s->col)
		return true;
	for (i = 0; i < s->n; i++)
		if (capture_is_live(s->c[i]))
			return true;
	return false;
}

bool
sources_is_stream(const struct sources *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (capture_is_stream(s->c[i]))
			return true;
	return false;
}

const char *
sources_warning(const struct sources *s)
{
	return s->warning;
}

int
sources_set_writer(struct sources *s, struct pcap_writer *w, char *err,
		   size_t errlen)
{
	size_t i;

	if (s->col) {
		snprintf(err, errlen, "%s",
			 _("-w: --collect receives flow records, not packets: "
			   "there is nothing to write"));
		return -1;
	}
	for (i = 1; i < s->n; i++)
		if (capture_linktype(s->c[i]) != capture_linktype(s->c[0])) {
			snprintf(err, errlen,
				 _("-w: '%s' and '%s' have different link "
				   "types (%s, %s): one pcap file cannot hold "
				   "both"),
				 capture_source(s->c[0]),
				 capture_source(s->c[i]),
				 capture_linktype_name(s->c[0]),
				 capture_linktype_name(s->c[i]));
			return -1;
		}
	for (i = 0; i < s->n; i++)
		capture_set_writer(s->c[i], w, i == 0);
	return 0;
}

int
sources_set_filter(struct sources *s, const char *expr, int cancel_fd,
		   char *err, size_t errlen)
{
	struct filter *f[SOURCES_MAX];
	size_t i, n;

	if (s->col) {
		snprintf(err, errlen, "%s",
			 _("--collect receives flow records: a capture filter "
			   "does not apply (use the row filter '/')"));
		return -1;
	}
	for (n = 0; n < s->n; n++) {
		f[n] = capture_compile_filter(s->c[n], expr, cancel_fd, err,
					      errlen);
		if (f[n] == NULL)
			break;
	}
	if (n < s->n) {
		for (i = 0; i < n; i++)
			filter_free(f[i]);
		return -1;
	}
	for (i = 0; i < s->n; i++)
		capture_set_filter(s->c[i], f[i]);
	return 0;
}

int
sources_reread(struct sources *s, struct model *m, char *err, size_t errlen)
{
	if (s->col || s->n != 1 || !capture_can_rewind(s->c[0])) {
		snprintf(err, errlen, "%s",
			 _("this source cannot be read again"));
		return -1;
	}
	capture_stop(s->c[0]);
	model_reset(m);
	if (capture_rewind(s->c[0], err, errlen) < 0) {
		model_set_capture_state(m, MODEL_CAPTURE_FAILED, err);
		return -1;
	}
	return capture_start(s->c[0], m, err, errlen);
}

void
sources_request_stop(struct sources *s)
{
	size_t i;

	if (s->col)
		collect_request_stop(s->col);
	for (i = 0; i < s->n; i++)
		capture_request_stop(s->c[i]);
}

int
sources_start(struct sources *s, struct model *m, char *err, size_t errlen)
{
	size_t i;

	if (s->col && collect_start(s->col, m, err, errlen) < 0)
		return -1;
	for (i = 0; i < s->n; i++)
		if (capture_start(s->c[i], m, err, errlen) < 0)
			return -1;
	return 0;
}

void
sources_stop(struct sources *s)
{
	size_t i;

	if (s->col)
		collect_stop(s->col);
	for (i = 0; i < s->n; i++)
		capture_stop(s->c[i]);
}

bool
sources_done(struct sources *s)
{
	size_t i;

	if (s->col)
		return collect_done(s->col);
	for (i = 0; i < s->n; i++)
		if (!capture_done(s->c[i]))
			return false;
	return true;
}

void
sources_wait(struct sources *s, int timeout_ms)
{
	struct pollfd fds[SOURCES_MAX];
	nfds_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (capture_done(s->c[i]))
			continue;
		if (capture_done_fd(s->c[i]) >= 0)
			fds[n++] = (struct pollfd){ .fd = capture_done_fd(s->c[i]),
						    .events = POLLIN };
	}
	(void)poll(fds, n, timeout_ms); /* a signal cuts it short */
}

void
sources_finish_writer(struct sources *s)
{
	size_t i;

	/* the sharers let go first, the owner closes */
	for (i = s->n; i > 0; i--)
		capture_finish_writer(s->c[i - 1]);
}

int
sources_stats(struct sources *s, struct capture_stats *st)
{
	struct capture_stats one;
	size_t i;
	int rc = -1;

	memset(st, 0, sizeof(*st));
	for (i = 0; i < s->n; i++) {
		if (capture_stats(s->c[i], &one) < 0) {
			st->captured += one.captured;
			continue;
		}
		st->received += one.received;
		st->dropped += one.dropped;
		st->if_dropped += one.if_dropped;
		st->captured += one.captured;
		rc = 0;
	}
	return rc;
}
