/*
 * pcap_writer: the -w files (see pcap_writer.h). Files are the classic
 * pcap format (microsecond timestamps, this machine's byte order), which
 * tshark, Wireshark and tcpdump read. Rotation follows tcpdump(8); its
 * names and points are base/rotate.h's, shared with --flow-log.
 */
#include "config.h"

#include "base/pcap_writer.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "base/child.h"
#include "base/i18n.h"
#include "base/outfile.h"
#include "base/rotate.h"
#include "base/thread.h"

extern char **environ;

#define PW_MAGIC 0xa1b2c3d4u /* microsecond timestamps */
#define PW_FILE_HEADER 24
#define PW_RECORD 16
#define PW_CHILDREN 32
#define PW_TICK_NS (200 * 1000000L) /* a quiet capture still reaches disk */

struct pw_half {
	uint8_t *data;
	size_t used;
	uint64_t packets;
};

struct pcap_writer {
	struct pcap_writer_config cfg;
	char *post_cmd;            /* owned copy of the config's -z */
	size_t cap;                /* bytes in each half */

	pthread_t thread;
	bool started;
	pthread_mutex_t lock;
	pthread_cond_t wake;
	/* under lock */
	struct pw_half half[2];
	int fill;                  /* the half the capture thread fills */
	bool busy;                 /* the other half is with the writer */
	bool closing;
	struct pcap_writer_stats st;

	/* writer thread only (the main thread before it starts) */
	int fd;
	char name[PCAP_WRITER_NAME];
	uint64_t file_bytes;
	struct rotate rot;         /* -C, -G, -W: names and rotation points */
	bool failed;               /* a write error: nothing more is written */
	pid_t children[PW_CHILDREN];
	unsigned nchildren;
};

/* ---- options ---- */

int
pcap_writer_parse_size(const char *s, uint64_t *bytes)
{
	unsigned long long v;
	uint64_t unit = 1000000;
	char *end;

	*bytes = 0;
	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || v == 0)
		return -1;
	if (*end) {
		switch (*end) {
		case 'k': case 'K': unit = 1024; break;
		case 'm': case 'M': unit = 1024 * 1024; break;
		case 'g': case 'G': unit = 1024 * 1024 * 1024; break;
		default: return -1;
		}
		if (end[1])
			return -1;
	}
	if (v > UINT64_MAX / unit)
		return -1;
	*bytes = (uint64_t)v * unit;
	return 0;
}

/* ---- the format ---- */

void
pcap_file_header(uint8_t out[PCAP_FILE_HEADER], int linktype,
		 unsigned snaplen)
{
	uint32_t hdr[6];

	hdr[0] = PW_MAGIC;
	hdr[1] = 2 | 4u << 16; /* version 2.4, as two 16-bit fields */
	hdr[2] = 0;            /* thiszone */
	hdr[3] = 0;            /* sigfigs */
	hdr[4] = snaplen;
	hdr[5] = (uint32_t)linktype;
	memcpy(out, hdr, sizeof(hdr));
}

void
pcap_file_record(uint8_t out[PCAP_RECORD_HEADER], uint32_t sec,
		 uint32_t usec, uint32_t caplen, uint32_t len)
{
	uint32_t rec[4] = { sec, usec, caplen, len };

	memcpy(out, rec, sizeof(rec));
}

/* ---- files (writer thread) ---- */

/* -1 with errno set when not all N bytes could be written; *DONE says
 * how many were (may be NULL). */
static int
pw_write_all(int fd, const uint8_t *p, size_t n, size_t *done)
{
	size_t total = 0;
	ssize_t k;

	while (total < n) {
		k = write(fd, p + total, n - total);
		if (k < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (k == 0) {
			errno = ENOSPC;
			break;
		}
		total += (size_t)k;
	}
	if (done)
		*done = total;
	return total == n ? 0 : -1;
}

static void
pw_reap(struct pcap_writer *w, bool wait)
{
	unsigned i = 0;

	while (i < w->nchildren) {
		if (waitpid(w->children[i], NULL, wait ? 0 : WNOHANG) == 0) {
			i++;
			continue;
		}
		w->children[i] = w->children[--w->nchildren];
	}
}

/* -z COMMAND FILE, as tcpdump runs it: no shell, the file its argument,
 * with the signals a new program expects. */
static void
pw_post(struct pcap_writer *w, const char *name)
{
	posix_spawnattr_t attr;
	char file[PCAP_WRITER_NAME], *argv[3];
	pid_t pid;
	int rc;

	if (w->post_cmd == NULL)
		return;
	if (w->nchildren == PW_CHILDREN)
		pw_reap(w, true);
	argv[0] = w->post_cmd;
	snprintf(file, sizeof(file), "%s", name);
	argv[1] = file;
	argv[2] = NULL;
	child_attr_init(&attr, 0);
	rc = posix_spawnp(&pid, w->post_cmd, NULL, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	if (rc != 0) {
		pthread_mutex_lock(&w->lock);
		snprintf(w->st.error, sizeof(w->st.error),
			 _("cannot run -z '%s': %s"), w->post_cmd, strerror(rc));
		pthread_mutex_unlock(&w->lock);
		return;
	}
	w->children[w->nchildren++] = pid;
}

static void
pw_close_file(struct pcap_writer *w)
{
	if (w->fd < 0)
		return;
	close(w->fd);
	w->fd = -1;
	pw_post(w, w->name);
}

static int
pw_open_file(struct pcap_writer *w, time_t when, char *err, size_t errlen)
{
	uint8_t hdr[PCAP_FILE_HEADER];
	char name[sizeof(w->name)];
	int fd;

	if (rotate_name(&w->rot, when, name, sizeof(name)) < 0) {
		snprintf(err, errlen, "%s", _("the -w file name is too long"));
		return -1;
	}
	/* no symlinks, no one else's file (base/outfile.h); made by the
	 * privileged helper once pktop has dropped root */
	if (strcmp(name, "-") == 0)
		fd = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	else
		fd = outfile_open(name, OUTFILE_REPLACE, err, errlen);
	if (fd < 0) {
		if (strcmp(name, "-") == 0)
			snprintf(err, errlen, _("cannot write '%s': %s"), name,
				 strerror(errno));
		return -1;
	}
	pcap_file_header(hdr, w->cfg.linktype, w->cfg.snaplen);
	if (pw_write_all(fd, hdr, sizeof(hdr), NULL) < 0) {
		snprintf(err, errlen, _("cannot write '%s': %s"), name,
			 strerror(errno));
		close(fd);
		return -1;
	}
	w->fd = fd;
	memcpy(w->name, name, sizeof(name));
	w->file_bytes = PW_FILE_HEADER;
	rotate_opened(&w->rot, name);
	pthread_mutex_lock(&w->lock);
	w->st.files++;
	memcpy(w->st.file, name, sizeof(w->st.file));
	pthread_mutex_unlock(&w->lock);
	return 0;
}

static void
pw_fail(struct pcap_writer *w, const char *msg)
{
	w->failed = true;
	pthread_mutex_lock(&w->lock);
	snprintf(w->st.error, sizeof(w->st.error), "%s", msg);
	pthread_mutex_unlock(&w->lock);
	if (w->fd >= 0) {
		close(w->fd);
		w->fd = -1;
	}
}

/* -G: the first file was named by the wall clock when pktop started,
 * before any packet; every later name comes from packet time. Once the
 * first packet is here, the still empty first file takes its name from
 * that packet's time too, so that all names use one clock (packet time:
 * a file's own, the wall clock's when live). */
static void
pw_rename_first(struct pcap_writer *w, time_t when)
{
	char name[sizeof(w->name)], err[PCAP_WRITER_NAME];

	if (w->fd < 0 || w->file_bytes != PW_FILE_HEADER ||
	    !rotate_rename_first(&w->rot, w->name, when, name, sizeof(name)))
		return;
	close(w->fd);
	w->fd = -1;
	outfile_unlink(w->name);
	pthread_mutex_lock(&w->lock);
	w->st.files--;
	pthread_mutex_unlock(&w->lock);
	if (pw_open_file(w, when, err, sizeof(err)) < 0)
		pw_fail(w, err);
}

static int
pw_rotate(struct pcap_writer *w, time_t when, enum rotate_step step)
{
	char err[PCAP_WRITER_NAME];

	pw_close_file(w);
	rotate_advance(&w->rot, step);
	if (pw_open_file(w, when, err, sizeof(err)) < 0) {
		pw_fail(w, err);
		return -1;
	}
	return 0;
}

/* Write the records of H from SPAN to POS to the current file. On a
 * short write the file is cut back to the last whole record, so it stays
 * valid, and *RECORDS says how many made it. */
static int
pw_write_span(struct pcap_writer *w, const struct pw_half *h, size_t span,
	      size_t pos, uint64_t *records, uint64_t *bytes)
{
	size_t done = 0, at = span, whole = 0;
	uint32_t rec[4];
	int saved;

	*records = 0;
	*bytes = 0;
	if (pw_write_all(w->fd, h->data + span, pos - span, &done) == 0)
		whole = pos - span;
	saved = errno;
	while (at < pos) {
		memcpy(rec, h->data + at, sizeof(rec));
		if (at + PW_RECORD + rec[2] - span > done)
			break;
		at += PW_RECORD + rec[2];
		(*records)++;
		*bytes += rec[2];
	}
	w->file_bytes += at - span;
	if (whole == pos - span)
		return 0;
	if (ftruncate(w->fd, (off_t)w->file_bytes) < 0) {
		/* keep the first error: it is the one that explains */
	}
	errno = saved;
	return -1;
}

/* Write one half: records in file format, split at rotation points.
 * Returns the packets written, *BYTES their captured bytes, *LOST the
 * packets a write error kept from the file. */
static uint64_t
pw_write_half(struct pcap_writer *w, const struct pw_half *h, uint64_t *bytes,
	      uint64_t *lost)
{
	size_t pos = 0, span = 0;
	uint64_t done = 0, n_rec, n_bytes;
	char msg[PCAP_WRITER_NAME];

	*bytes = 0;
	while (pos < h->used && !w->failed) {
		uint32_t rec[4];
		size_t n;
		enum rotate_step step;

		memcpy(rec, h->data + pos, sizeof(rec));
		n = PW_RECORD + rec[2];
		step = rotate_step(&w->rot, (int64_t)rec[0],
				   w->file_bytes + (pos - span), n,
				   PW_FILE_HEADER);
		if (step == ROTATE_FIRST) {
			pw_rename_first(w, (time_t)rec[0]);
			/* -C still applies to the first record's file */
			step = rotate_step(&w->rot, (int64_t)rec[0],
					   w->file_bytes + (pos - span), n,
					   PW_FILE_HEADER);
		}
		if (step == ROTATE_NEXT || step == ROTATE_PERIOD) {
			if (pos > span) {
				if (pw_write_span(w, h, span, pos, &n_rec,
						  &n_bytes) < 0)
					goto write_error;
				done += n_rec;
				*bytes += n_bytes;
			}
			span = pos;
			if (pw_rotate(w, (time_t)rec[0], step) < 0)
				break;
		}
		pos += n;
	}
	if (!w->failed && pos > span) {
		if (pw_write_span(w, h, span, pos, &n_rec, &n_bytes) < 0)
			goto write_error;
		done += n_rec;
		*bytes += n_bytes;
	}
	*lost = h->packets - done;
	return done;
write_error:
	done += n_rec;
	*bytes += n_bytes;
	snprintf(msg, sizeof(msg), _("writing '%s' failed: %s; packets are "
				     "no longer saved"),
		 w->name, strerror(errno));
	pw_fail(w, msg);
	*lost = h->packets - done;
	return done;
}

static void *
pw_thread(void *arg)
{
	struct pcap_writer *w = arg;
	struct timespec until;
	struct pw_half *h;
	uint64_t done, bytes, lost;

	pthread_mutex_lock(&w->lock);
	for (;;) {
		while (!w->busy && !w->closing) {
			if (w->half[w->fill].used && w->cfg.flush_each)
				break;
			clock_gettime(CLOCK_MONOTONIC, &until);
			until.tv_nsec += PW_TICK_NS;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			if (pthread_cond_timedwait(&w->wake, &w->lock, &until) ==
				    ETIMEDOUT &&
			    w->half[w->fill].used)
				break;
		}
		if (!w->busy) {
			if (w->half[w->fill].used == 0)
				break; /* closing, nothing left */
			w->busy = true;
			w->fill ^= 1;
		}
		h = &w->half[w->fill ^ 1];
		pthread_mutex_unlock(&w->lock);
		done = pw_write_half(w, h, &bytes, &lost);
		pw_reap(w, false);
		pthread_mutex_lock(&w->lock);
		w->st.packets += done;
		w->st.bytes += bytes;
		w->st.lost += lost;
		h->used = 0;
		h->packets = 0;
		w->busy = false;
	}
	pthread_mutex_unlock(&w->lock);
	return NULL;
}

/* ---- the capture side ---- */

struct pcap_writer *
pcap_writer_open(const struct pcap_writer_config *cfg, char *err,
		 size_t errlen)
{
	struct pcap_writer *w = calloc(1, sizeof(*w));
	pthread_condattr_t ca;
	int rc;

	if (w == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	pthread_mutex_init(&w->lock, NULL);
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&w->wake, &ca);
	pthread_condattr_destroy(&ca);
	w->cfg = *cfg;
	w->fd = -1;
	w->cap = cfg->buffer_bytes ? cfg->buffer_bytes : PCAP_WRITER_BUFFER;
	w->post_cmd = cfg->post_cmd ? strdup(cfg->post_cmd) : NULL;
	w->half[0].data = malloc(w->cap);
	w->half[1].data = malloc(w->cap);
	if (rotate_init(&w->rot, cfg->pattern, cfg->rotate_bytes,
			cfg->rotate_secs, cfg->keep_files) < 0 ||
	    (cfg->post_cmd && !w->post_cmd) || !w->half[0].data ||
	    !w->half[1].data)
		goto oom;
	/* the first file now, so a bad name is an error before capturing
	 * (and it exists before any privileges are dropped) */
	if (pw_open_file(w, time(NULL), err, errlen) < 0)
		goto fail;
	rc = thread_start(&w->thread, pw_thread, w);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the writer thread: %s"),
			 strerror(rc));
		close(w->fd);
		if (strcmp(w->name, "-") != 0)
			outfile_unlink(w->name);
		w->fd = -1;
		goto fail;
	}
	w->started = true;
	return w;
oom:
	snprintf(err, errlen, "%s", _("out of memory"));
fail:
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w->half[0].data);
	free(w->half[1].data);
	rotate_free(&w->rot);
	free(w->post_cmd);
	free(w);
	return NULL;
}

void
pcap_writer_put(struct pcap_writer *w, const struct timeval *ts,
		uint32_t caplen, uint32_t len, const uint8_t *data)
{
	uint8_t rec[PCAP_RECORD_HEADER];
	size_t need = PW_RECORD + (size_t)caplen;
	struct pw_half *h;

	pcap_file_record(rec, (uint32_t)ts->tv_sec, (uint32_t)ts->tv_usec,
			 caplen, len);
	pthread_mutex_lock(&w->lock);
	h = &w->half[w->fill];
	if (h->used + need > w->cap) {
		if (w->busy || need > w->cap) {
			/* the disk is behind: count it, never wait */
			w->st.lost++;
			pthread_mutex_unlock(&w->lock);
			return;
		}
		w->busy = true;
		w->fill ^= 1;
		h = &w->half[w->fill];
		pthread_cond_signal(&w->wake);
	}
	memcpy(h->data + h->used, rec, sizeof(rec));
	memcpy(h->data + h->used + PW_RECORD, data, caplen);
	h->used += need;
	h->packets++;
	if (w->cfg.flush_each)
		pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->lock);
}

void
pcap_writer_get_stats(struct pcap_writer *w, struct pcap_writer_stats *st)
{
	pthread_mutex_lock(&w->lock);
	*st = w->st;
	pthread_mutex_unlock(&w->lock);
}

void
pcap_writer_close(struct pcap_writer *w, struct pcap_writer_stats *final)
{
	struct timespec nap = { .tv_sec = 0, .tv_nsec = 50 * 1000000L };
	int waited;

	if (w == NULL)
		return;
	if (w->started) {
		pthread_mutex_lock(&w->lock);
		w->closing = true;
		pthread_cond_signal(&w->wake);
		pthread_mutex_unlock(&w->lock);
		pthread_join(w->thread, NULL);
	}
	pw_close_file(w);
	if (final)
		*final = w->st;
	/* give -z a moment to finish the last file; never hang on it */
	for (waited = 0; w->nchildren && waited < 200; waited++) {
		pw_reap(w, false);
		if (w->nchildren)
			nanosleep(&nap, NULL);
	}
	rotate_free(&w->rot);
	pthread_mutex_destroy(&w->lock);
	pthread_cond_destroy(&w->wake);
	free(w->half[0].data);
	free(w->half[1].data);
	free(w->post_cmd);
	free(w);
}

int
pcap_writer_chown(struct pcap_writer *w, uid_t uid, gid_t gid)
{
	int rc;

	pthread_mutex_lock(&w->lock);
	rc = w->fd >= 0 ? fchown(w->fd, uid, gid) : 0;
	pthread_mutex_unlock(&w->lock);
	return rc;
}
