/*
 * capture: libpcap behind one thread. Live interfaces go through
 * pcap_create/pcap_activate so each failure can be named; files through
 * pcap_open_offline; pipes (stdin) through a stdio cookie that hands the
 * packets already read to the model before it waits for more, so a
 * `tcpdump -U -w - | pktop -r -` stream shows up packet by packet.
 */
#define _GNU_SOURCE /* fopencookie */
#include "config.h"

#include "capture/capture.h"

#include "capture/committer.h"
#include "capture/remote.h"

#include <errno.h>
#include <limits.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "base/addr.h"
#include "base/escape.h"
#include "base/filter.h"
#include "base/infile.h"
#include "base/pcap_writer.h"
#include "base/i18n.h"
#include "base/thread.h"
#include "model/model.h"

#define CAPTURE_MAX_LOCAL 64
#define CAPTURE_TIMEOUT_MS 20      /* live: how long a dispatch may wait */
#define CAPTURE_FILE_CHUNK 512     /* packets per dispatch from a file */
#define CAPTURE_BATCH_PACKETS 1024
#define CAPTURE_BATCH_BYTES (4u << 20)
#define CAPTURE_FILE_BUFFER (1u << 20) /* stdio buffer of a capture file */
#define CAPTURE_SNAPLEN_UNKNOWN 262144 /* a file header's 0: tcpdump's */

struct capture {
	pcap_t *p;
	int linktype;
	unsigned snaplen;
	bool live;
	char *source;
	char warning[PCAP_ERRBUF_SIZE + 128];
	uint32_t netmask;           /* host order, for 'ip broadcast' */
	struct addr local[CAPTURE_MAX_LOCAL];
	size_t nlocal;

	/* file input */
	bool stream;                /* a pipe read through the cookie */
	int fd;                     /* the pipe's descriptor */
	uint64_t stream_read;       /* bytes the cookie read */
	uint64_t file_size;         /* 0 when unknown */
	char *file_buf;             /* its stdio buffer, freed after it */
	int file_fd;                /* a regular file's own descriptor, kept
				     * to read it again (capture_rewind) */
	struct filter *current;     /* the filter in force, for a rewind */

	/* set before the thread starts, then owned by it */
	struct model *m;
	struct committer *committer; /* applies the filled batches */
	const struct dfilter *dfilter; /* -Y for the committer, or NULL */
	size_t held;                /* packets in the batch not handed over */
	uint64_t count_limit;       /* -c, 0: none */
	double duration_limit;      /* --duration, seconds; 0: none */
	uint64_t captured;
	bool replay;
	double replay_speed;
	bool replay_started;
	double replay_first_ts;
	struct timespec replay_start;

	pthread_t thread;
	bool started;
	atomic_bool stop;
	/* --duration: a thread that waits for the deadline and breaks the
	 * capture's loop (a live dispatch on a quiet link never returns by
	 * itself); EXPIRED tells the loop why */
	pthread_t deadline;
	bool deadline_started, deadline_cancel;
	pthread_mutex_t deadline_lock;
	pthread_cond_t deadline_cond;
	atomic_bool expired;
	atomic_bool done;
	int done_fd;                /* an eventfd, readable once done */
	int errfd;                  /* --remote: its command's stderr, or -1 */
	char *failed;               /* capture_open_failed: why; else NULL */

	/* the live filter mailbox: the UI thread leaves a compiled filter
	 * here, the capture thread takes it between batches */
	pthread_mutex_t mbox_lock;
	struct filter *pending;
	atomic_bool have_pending;

	struct pcap_writer *writer; /* -w; NULL: none */
	bool writer_owner;          /* closes it (other sources share it) */
};

/* ---- opening ---- */

static void
capture_add_local(struct capture *c, const struct sockaddr *sa)
{
	struct addr a;

	if (sa == NULL || c->nlocal == CAPTURE_MAX_LOCAL)
		return;
	if (sa->sa_family == AF_INET)
		addr_set4(&a, (const uint8_t *)&((const struct sockaddr_in *)
							 (const void *)sa)
					->sin_addr);
	else if (sa->sa_family == AF_INET6)
		addr_set6(&a, ((const struct sockaddr_in6 *)(const void *)sa)
				      ->sin6_addr.s6_addr);
	else
		return;
	c->local[c->nlocal++] = a;
}

static bool
capture_has_ip(const pcap_if_t *d)
{
	const pcap_addr_t *a;

	for (a = d->addresses; a; a = a->next)
		if (a->addr && (a->addr->sa_family == AF_INET ||
				a->addr->sa_family == AF_INET6))
			return true;
	return false;
}

/* libpcap's pseudo devices are up and running too, but nobody means
 * them by default. */
static bool
capture_is_pseudo(const char *name)
{
	static const char *const pseudo[] = { "any", "nflog", "nfqueue",
					      "dbus", "usbmon", "bluetooth" };
	size_t i;

	for (i = 0; i < sizeof(pseudo) / sizeof(*pseudo); i++)
		if (strncmp(name, pseudo[i], strlen(pseudo[i])) == 0)
			return true;
	return false;
}

/* The default interface: the first that is up, running and not loopback,
 * preferring one with an IP address; and the local addresses of IFACE
 * ("any": of every interface). */
static int
capture_scan_interfaces(struct capture *c, const char *iface, char **chosen,
			char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	pcap_if_t *all = NULL, *d, *pick = NULL, *fallback = NULL;
	const pcap_addr_t *a;
	int rc = -1;

	if (pcap_findalldevs(&all, errbuf) < 0) {
		snprintf(err, errlen, _("cannot list interfaces: %s"), errbuf);
		goto out;
	}
	if (iface == NULL) {
		for (d = all; d; d = d->next) {
			if ((d->flags & PCAP_IF_LOOPBACK) ||
			    !(d->flags & PCAP_IF_UP) ||
			    !(d->flags & PCAP_IF_RUNNING) ||
			    capture_is_pseudo(d->name))
				continue;
			if (capture_has_ip(d)) {
				pick = d;
				break;
			}
			if (!fallback)
				fallback = d;
		}
		if (!pick)
			pick = fallback;
		if (!pick) {
			snprintf(err, errlen, "%s",
				 _("no interface is up to capture on (see "
				   "'pktop -D', then choose one with -i)"));
			goto out;
		}
		*chosen = strdup(pick->name);
		if (*chosen == NULL) {
			snprintf(err, errlen, "%s", _("out of memory"));
			goto out;
		}
		iface = pick->name;
	}
	for (d = all; d; d = d->next) {
		if (strcmp(iface, "any") != 0 && strcmp(iface, d->name) != 0)
			continue;
		for (a = d->addresses; a; a = a->next)
			capture_add_local(c, a->addr);
	}
	rc = 0;
out:
	if (all)
		pcap_freealldevs(all);
	return rc;
}

static int
capture_set_filter_now(struct capture *c, const char *expr, char *err,
		       size_t errlen)
{
	struct filter *f;
	int rc = -1;

	/* The command line's filter: compiled here whatever it costs, as
	 * tcpdump does (no screen waits on it yet). */
	f = filter_compile(expr, c->linktype, c->snaplen, c->netmask, err,
			   errlen);
	if (f == NULL)
		goto out;
	if (pcap_setfilter(c->p, filter_program(f)) < 0) {
		snprintf(err, errlen, _("cannot set capture filter '%s': %s"),
			 expr, pcap_geterr(c->p));
		goto out;
	}
	/* kept: a rewound file runs it again */
	filter_free(c->current);
	c->current = f;
	f = NULL;
	rc = 0;
out:
	filter_free(f);
	return rc;
}

/* This program's own path, for the setcap hint (an installed pktop is
 * not src/pktop), escaped; "pktop" when it cannot be known. */
static void
capture_self_path(char *out, size_t size)
{
	char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (n <= 0) {
		snprintf(out, size, "%s", "pktop");
		return;
	}
	escape_text(path, (size_t)n, out, size);
}

/* pcap_activate's failures, each with what to do about it. */
static void
capture_activate_error(pcap_t *p, int rc, const char *name, char *err,
		       size_t errlen)
{
	char self[PATH_MAX], dev[256];

	/* a name from the command line or the settings file: escaped */
	escape_text(name, strlen(name), dev, sizeof(dev));

	switch (rc) {
	case PCAP_ERROR_PERM_DENIED:
		capture_self_path(self, sizeof(self));
		snprintf(err, errlen,
			 _("cannot capture on '%s': permission denied (run as "
			   "root, or give the binary the capabilities: setcap "
			   "cap_net_raw,cap_net_admin=eip %s)"),
			 dev, self);
		break;
	case PCAP_ERROR_NO_SUCH_DEVICE:
		snprintf(err, errlen,
			 _("cannot capture on '%s': no such device (try 'pktop "
			   "-D')"),
			 dev);
		break;
	case PCAP_ERROR_IFACE_NOT_UP:
		snprintf(err, errlen,
			 _("cannot capture on '%s': the interface is down "
			   "(bring it up with 'ip link set %s up')"),
			 dev, dev);
		break;
	case PCAP_ERROR_PROMISC_PERM_DENIED:
		snprintf(err, errlen,
			 _("cannot capture on '%s': promiscuous mode not "
			   "permitted (try -p)"),
			 dev);
		break;
	default:
		snprintf(err, errlen, _("cannot capture on '%s': %s"), dev,
			 pcap_geterr(p));
	}
}

static int
capture_open_live(struct capture *c, const struct capture_config *o,
		  char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	char *chosen = NULL;
	const char *dev = o->iface;
	char shown[256] = "";
	bpf_u_int32 net, mask;
	int rc = -1, st;

	/* Unprivileged, libpcap reports a missing device as "permission
	 * denied"; asking the kernel first gives the true reason. */
	if (dev)
		escape_text(dev, strlen(dev), shown, sizeof(shown));
	if (dev && strcmp(dev, "any") != 0 && if_nametoindex(dev) == 0) {
		snprintf(err, errlen,
			 _("cannot capture on '%s': no such device (try 'pktop "
			   "-D')"),
			 shown);
		goto out;
	}
	if (capture_scan_interfaces(c, dev, &chosen, err, errlen) < 0)
		goto out;
	if (chosen)
		dev = chosen;
	escape_text(dev, strlen(dev), shown, sizeof(shown));
	c->source = strdup(dev);
	if (c->source == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	c->p = pcap_create(dev, errbuf);
	if (c->p == NULL) {
		snprintf(err, errlen, _("cannot capture on '%s': %s"), shown,
			 errbuf);
		goto out;
	}
	pcap_set_snaplen(c->p, (int)o->snaplen);
	pcap_set_promisc(c->p, o->promisc ? 1 : 0);
	/* Not immediate mode: that wakes the thread for every packet, and
	 * at 20 000 packets/s the kernel dropped some. Packets come in
	 * TPACKET_V3 blocks, at the latest after the timeout, which is
	 * sooner than the screen is redrawn. */
	pcap_set_timeout(c->p, CAPTURE_TIMEOUT_MS);
	if (o->buffer_kib)
		pcap_set_buffer_size(c->p, (int)(o->buffer_kib * 1024u));
	st = pcap_activate(c->p);
	if (st < 0) {
		capture_activate_error(c->p, st, dev, err, errlen);
		goto out;
	}
	if (st > 0)
		snprintf(c->warning, sizeof(c->warning),
			 _("warning on '%s': %s"), shown,
			 st == PCAP_WARNING_PROMISC_NOTSUP
				 ? _("promiscuous mode not supported")
				 : pcap_geterr(c->p));
	c->live = true;
	c->linktype = pcap_datalink(c->p);
	c->snaplen = (unsigned)pcap_snapshot(c->p);
	c->netmask = FILTER_NETMASK_UNKNOWN;
	if (strcmp(dev, "any") != 0 &&
	    pcap_lookupnet(dev, &net, &mask, errbuf) == 0)
		c->netmask = ntohl(mask);
	rc = 0;
out:
	free(chosen);
	return rc;
}

/* The cookie read for pipes: before blocking, commit what is held so the
 * model sees every packet that has arrived; while waiting, honour stop. */
static ssize_t
capture_stream_read(void *cookie, char *buf, size_t size)
{
	struct capture *c = cookie;
	struct pollfd pfd = { .fd = c->fd, .events = POLLIN };
	ssize_t n;
	int r;

	for (;;) {
		if (atomic_load(&c->stop) || atomic_load(&c->expired))
			return 0; /* looks like the end of the stream */
		r = poll(&pfd, 1, c->held ? 0 : 200);
		if (r > 0 || (r < 0 && errno != EINTR))
			break;
		if (r == 0 && c->held) {
			committer_pass(c->committer);
			c->held = 0;
		}
	}
	do
		n = read(c->fd, buf, size);
	while (n < 0 && errno == EINTR);
	if (n > 0)
		c->stream_read += (uint64_t)n;
	return n;
}

static int
capture_stream_close(void *cookie)
{
	(void)cookie; /* the descriptor is stdin's or closed by the owner */
	return 0;
}

/* NAME is a file, "-" for stdin, or (FD >= 0) the name shown for a pipe
 * already open on FD, which becomes the capture's to close. */
static int
capture_open_file(struct capture *c, const char *name, int fd, char *err,
		  size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	const char *raw = fd < 0 && strcmp(name, "-") == 0 ? "stdin" : name;
	cookie_io_functions_t io = { .read = capture_stream_read,
				     .close = capture_stream_close };
	char shown[512];
	struct stat stb;
	FILE *fp = NULL;
	int rc = -1;

	/* the name goes into every message: escaped once */
	escape_text(raw, strlen(raw), shown, sizeof(shown));

	c->source = strdup(name);
	if (c->source == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	c->fd = fd;
	if (fd >= 0) {
		/* a pipe from a command (--remote) */
	} else if (strcmp(name, "-") == 0) {
		c->fd = STDIN_FILENO;
		if (isatty(c->fd)) {
			snprintf(err, errlen, "%s",
				 _("-r - reads a capture from stdin, which is a "
				   "terminal: pipe one in (e.g. tcpdump -U -w - "
				   "| pktop --batch -r -)"));
			goto out;
		}
	} else {
		c->fd = open(name, O_RDONLY | O_CLOEXEC);
		if (c->fd < 0) {
			snprintf(err, errlen, _("cannot read '%s': %s"), shown,
				 strerror(errno));
			goto out;
		}
	}
	if (fstat(c->fd, &stb) < 0) {
		snprintf(err, errlen, _("cannot read '%s': %s"), shown,
			 strerror(errno));
		goto out;
	}
	if (S_ISDIR(stb.st_mode)) {
		snprintf(err, errlen,
			 _("cannot read '%s': it is a directory, not a capture "
			   "file"),
			 shown);
		goto out;
	}
	if (S_ISREG(stb.st_mode)) {
		if (stb.st_size == 0) {
			snprintf(err, errlen,
				 _("cannot read '%s': the file is empty, not a "
				   "pcap or pcapng capture"),
				 shown);
			goto out;
		}
		c->file_size = (uint64_t)stb.st_size;
		/* a second descriptor: the file can be read again from
		 * the start after the first one went with its stream
		 * (a new capture filter on a file, capture_rewind) */
		c->file_fd = fcntl(c->fd, F_DUPFD_CLOEXEC, 0);
		fp = fdopen(c->fd, "rb");
		if (fp) {
			c->fd = -1; /* the stream owns it now */
			/* stdio's 4 KiB made a system call every few
			 * packets, a tenth of a file's reading time
			 * (glibc takes a size only with a buffer) */
			c->file_buf = malloc(CAPTURE_FILE_BUFFER);
			if (c->file_buf != NULL)
				(void)setvbuf(fp, c->file_buf, _IOFBF,
					      CAPTURE_FILE_BUFFER);
		}
	} else {
		c->stream = true;
		fp = fopencookie(c, "rb", io);
	}
	if (fp == NULL) {
		snprintf(err, errlen, _("cannot read '%s': %s"), shown,
			 strerror(errno));
		goto out;
	}
	c->p = pcap_fopen_offline(fp, errbuf);
	if (c->p == NULL) {
		fclose(fp); /* a regular file's descriptor goes with it */
		infile_open_error(name, errbuf, err, errlen);
		goto out;
	}
	c->linktype = pcap_datalink(c->p);
	c->snaplen = (unsigned)pcap_snapshot(c->p);
	if (c->snaplen == 0)
		c->snaplen = CAPTURE_SNAPLEN_UNKNOWN;
	c->netmask = FILTER_NETMASK_UNKNOWN;
	rc = 0;
out:
	return rc;
}

static struct capture *
capture_new(const struct capture_config *o, char *err, size_t errlen)
{
	struct capture *c;

	c = calloc(1, sizeof(*c));
	if (c == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return NULL;
	}
	c->fd = -1;
	c->file_fd = -1;
	c->done_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	c->errfd = -1;
	pthread_mutex_init(&c->mbox_lock, NULL);
	pthread_mutex_init(&c->deadline_lock, NULL);
	{
		pthread_condattr_t ca;

		pthread_condattr_init(&ca);
		pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
		pthread_cond_init(&c->deadline_cond, &ca);
		pthread_condattr_destroy(&ca);
	}
	atomic_init(&c->expired, false);
	atomic_init(&c->stop, false);
	atomic_init(&c->done, false);
	atomic_init(&c->have_pending, false);
	c->count_limit = o->count;
	c->duration_limit = o->duration;
	c->dfilter = o->dfilter;
	c->replay = o->replay;
	c->replay_speed = o->replay_speed > 0 ? o->replay_speed : 1.0;
	return c;
}

struct capture *
capture_open(const struct capture_config *o, char *err, size_t errlen)
{
	struct capture *c = capture_new(o, err, errlen);

	if (c == NULL)
		return NULL;
	if ((o->read_file ? capture_open_file(c, o->read_file, -1, err, errlen)
			  : capture_open_live(c, o, err, errlen)) < 0)
		goto fail;
	if (o->filter && o->filter[0] &&
	    capture_set_filter_now(c, o->filter, err, errlen) < 0)
		goto fail;
	return c;
fail:
	capture_close(c);
	return NULL;
}

struct capture *
capture_open_pipe(const struct capture_config *o, int fd, const char *name,
		  char *err, size_t errlen)
{
	struct capture *c = capture_new(o, err, errlen);

	if (c == NULL) {
		close(fd);
		return NULL;
	}
	if (capture_open_file(c, name, fd, err, errlen) < 0)
		goto fail;
	if (o->filter && o->filter[0] &&
	    capture_set_filter_now(c, o->filter, err, errlen) < 0)
		goto fail;
	return c;
fail:
	capture_close(c);
	return NULL;
}

struct capture *
capture_open_failed(const struct capture_config *o, const char *name,
		    const struct capture *like, const char *why, char *err,
		    size_t errlen)
{
	struct capture *c = capture_new(o, err, errlen);

	if (c == NULL)
		return NULL;
	c->source = strdup(name);
	c->failed = strdup(why);
	if (c->source == NULL || c->failed == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		capture_close(c);
		return NULL;
	}
	c->linktype = like ? like->linktype : DLT_EN10MB;
	c->snaplen = CAPTURE_SNAPLEN_UNKNOWN;
	c->netmask = FILTER_NETMASK_UNKNOWN;
	c->stream = true;
	return c;
}

void
capture_close(struct capture *c)
{
	if (c == NULL)
		return;
	capture_stop(c);
	capture_finish_writer(c);
	if (c->p)
		pcap_close(c->p);
	free(c->file_buf);
	/* stdin stays open; a pipe we opened ourselves is ours to close */
	if (c->fd >= 0 && c->fd != STDIN_FILENO)
		close(c->fd);
	if (c->file_fd >= 0)
		close(c->file_fd);
	filter_free(c->current);
	committer_free(c->committer);
	if (c->done_fd >= 0)
		close(c->done_fd);
	if (c->errfd >= 0)
		close(c->errfd);
	filter_free(c->pending);
	pthread_mutex_destroy(&c->mbox_lock);
	pthread_cond_destroy(&c->deadline_cond);
	pthread_mutex_destroy(&c->deadline_lock);
	free(c->source);
	free(c->failed);
	free(c);
}

void
capture_set_stderr(struct capture *c, int errfd)
{
	if (c->errfd >= 0)
		close(c->errfd);
	c->errfd = errfd;
}

int
capture_linktype(const struct capture *c)
{
	return c->linktype;
}

unsigned
capture_snaplen(const struct capture *c)
{
	return c->snaplen;
}

bool
capture_is_live(const struct capture *c)
{
	return c->live;
}

bool
capture_is_stream(const struct capture *c)
{
	return c->stream;
}

const char *
capture_source(const struct capture *c)
{
	return c->source;
}

const char *
capture_linktype_name(const struct capture *c)
{
	const char *n = pcap_datalink_val_to_name(c->linktype);

	return n ? n : "unknown";
}

const char *
capture_warning(const struct capture *c)
{
	return c->warning;
}

/* ---- the thread ---- */

static double
capture_elapsed(const struct timespec *since)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - since->tv_sec) +
	       (double)(now.tv_nsec - since->tv_nsec) / 1e9;
}

/* --replay: hold the packet back until its time has come, giving the
 * model what came before it first. */
static void
capture_replay_wait(struct capture *c, const struct pcap_pkthdr *h)
{
	double ts = (double)h->ts.tv_sec + (double)h->ts.tv_usec / 1e6;
	double due, left;
	struct timespec nap;

	if (!c->replay_started) {
		c->replay_started = true;
		c->replay_first_ts = ts;
		clock_gettime(CLOCK_MONOTONIC, &c->replay_start);
		return;
	}
	due = (ts - c->replay_first_ts) / c->replay_speed;
	for (;;) {
		left = due - capture_elapsed(&c->replay_start);
		if (left <= 0 || atomic_load(&c->stop))
			return;
		if (c->held) {
			committer_pass(c->committer);
			c->held = 0;
		}
		if (left > 0.1)
			left = 0.1;
		nap.tv_sec = 0;
		nap.tv_nsec = (long)(left * 1e9);
		nanosleep(&nap, NULL);
	}
}

static void
capture_packet(u_char *user, const struct pcap_pkthdr *h, const u_char *data)
{
	struct capture *c = (struct capture *)user;

	if (c->count_limit && c->captured >= c->count_limit) {
		pcap_breakloop(c->p);
		return;
	}
	if (c->replay)
		capture_replay_wait(c, h);
	if (!model_batch_add(committer_batch(c->committer), c->linktype, h,
			     data)) {
		c->held = 0;
		if (!model_batch_add(committer_pass(c->committer), c->linktype,
				     h, data))
			return; /* larger than a whole batch: cannot be */
	}
	if (c->writer)
		pcap_writer_put(c->writer, &h->ts, h->caplen, h->len, data);
	c->held++;
	c->captured++;
	if (c->count_limit && c->captured >= c->count_limit)
		pcap_breakloop(c->p);
}

/* A filter left by the UI, applied between batches. */
static void
capture_take_filter(struct capture *c)
{
	struct filter *f;

	if (!atomic_load(&c->have_pending))
		return;
	pthread_mutex_lock(&c->mbox_lock);
	f = c->pending;
	c->pending = NULL;
	atomic_store(&c->have_pending, false);
	pthread_mutex_unlock(&c->mbox_lock);
	if (f) {
		/* Compiled for this linktype and snaplen already: setfilter
		 * fails only without memory, and then the old one stays. */
		pcap_setfilter(c->p, filter_program(f));
		/* kept: a rewound file runs it again */
		filter_free(c->current);
		c->current = f;
	}
}

static void
capture_progress(struct capture *c)
{
	long pos;

	if (c->live)
		return;
	if (c->stream) {
		model_set_progress(c->m, c->stream_read, 0);
		return;
	}
	pos = ftell(pcap_file(c->p));
	if (pos >= 0)
		model_set_progress(c->m, (uint64_t)pos, c->file_size);
}

static void
capture_drops(struct capture *c)
{
	struct pcap_stat ps;

	if (c->live && pcap_stats(c->p, &ps) == 0)
		model_set_drops(c->m, ps.ps_drop, ps.ps_ifdrop);
}

static void
capture_writer_publish(struct capture *c, const struct pcap_writer_stats *s)
{
	const struct pcap_writer_stats st = *s;
	struct model_writer mw;

	memset(&mw, 0, sizeof(mw));
	mw.on = true;
	mw.packets = st.packets;
	mw.lost = st.lost;
	mw.files = st.files;
	snprintf(mw.file, sizeof(mw.file), "%s", st.file);
	snprintf(mw.error, sizeof(mw.error), "%s", st.error);
	model_set_writer(c->m, &mw);
}

static void
capture_writer_stats(struct capture *c)
{
	struct pcap_writer_stats st;

	if (c->writer == NULL || c->m == NULL)
		return;
	pcap_writer_get_stats(c->writer, &st);
	capture_writer_publish(c, &st);
}

void
capture_set_writer(struct capture *c, struct pcap_writer *w, bool owner)
{
	c->writer = w;
	c->writer_owner = owner;
}

void
capture_finish_writer(struct capture *c)
{
	struct pcap_writer_stats st;

	if (c == NULL || c->writer == NULL)
		return;
	if (!c->writer_owner) {
		c->writer = NULL;
		return;
	}
	pcap_writer_close(c->writer, &st);
	c->writer = NULL;
	if (c->m)
		capture_writer_publish(c, &st);
}

static void *
capture_thread(void *arg)
{
	struct capture *c = arg;
	enum model_capture_state st = MODEL_CAPTURE_STOPPED;
	struct timespec last_stats;
	char msg[PCAP_ERRBUF_SIZE + 64] = "";
	int n;

	clock_gettime(CLOCK_MONOTONIC, &last_stats);
	if (c->p == NULL) {
		/* never opened (capture_open_failed): say why, read nothing */
		snprintf(msg, sizeof(msg), "%s", c->failed ? c->failed : "");
		st = MODEL_CAPTURE_FAILED;
		goto ended;
	}
	for (;;) {
		if (atomic_load(&c->stop))
			break;
		if (atomic_load(&c->expired)) {
			snprintf(msg, sizeof(msg), _("--duration: %g s"),
				 c->duration_limit);
			break;
		}
		capture_take_filter(c);
		/* A replay takes one packet at a time so a filter change
		 * or a stop is seen at once, not after a chunk's time. */
		n = pcap_dispatch(c->p,
				  c->live     ? -1
				  : c->replay ? 1
					      : CAPTURE_FILE_CHUNK,
				  capture_packet, (u_char *)c);
		if (c->held) {
			committer_pass(c->committer);
			c->held = 0;
		}
		if (capture_elapsed(&last_stats) >= 1.0) {
			capture_drops(c);
			capture_writer_stats(c);
			clock_gettime(CLOCK_MONOTONIC, &last_stats);
		}
		capture_progress(c);
		if (n == PCAP_ERROR) {
			snprintf(msg, sizeof(msg), "%s", pcap_geterr(c->p));
			st = MODEL_CAPTURE_FAILED;
			break;
		}
		if (c->count_limit && c->captured >= c->count_limit) {
			snprintf(msg, sizeof(msg),
				 _("-c: %llu packets captured"),
				 (unsigned long long)c->count_limit);
			break;
		}
		if (n == 0 && !c->live) {
			if (atomic_load(&c->expired))
				continue; /* the stream's end was --duration's */
			st = atomic_load(&c->stop) ? MODEL_CAPTURE_STOPPED
						   : MODEL_CAPTURE_FINISHED;
			break;
		}
	}
	if (!c->live && st == MODEL_CAPTURE_STOPPED && !atomic_load(&c->stop))
		st = MODEL_CAPTURE_FINISHED; /* -c reached in a file */
ended:
	/* a --remote stream that ends by itself: its command's last words
	 * (tcpdump's or sudo's error) say why */
	if (c->errfd >= 0 && !atomic_load(&c->stop)) {
		char tail[200];
		size_t o = strlen(msg);

		struct timespec nap = { 0, 50 * 1000000L };
		int tries = 0;

		/* its stdout closed first: give stderr a moment */
		while (remote_stderr_tail(c->errfd, tail, sizeof(tail)) == 0 &&
		       tries++ < 4)
			nanosleep(&nap, NULL);
		if (tail[0])
			snprintf(msg + o, sizeof(msg) - o, "%s%s: %s",
				 o ? "; " : "", c->source, tail);
	}
	/* finished means every packet read is in the model */
	committer_drain(c->committer);
	capture_drops(c);
	model_set_capture_state(c->m, st, msg[0] ? msg : NULL);
	atomic_store(&c->done, true);
	if (c->done_fd >= 0) {
		uint64_t one = 1;

		(void)!write(c->done_fd, &one, sizeof(one));
	}
	return NULL;
}

struct filter *
capture_compile_filter(const struct capture *c, const char *expr,
		       int cancel_fd, char *err, size_t errlen)
{
	return filter_compile_bounded(expr, c->linktype, c->snaplen,
				      c->netmask, cancel_fd, err, errlen);
}

void
capture_set_filter(struct capture *c, struct filter *f)
{
	struct filter *old;

	pthread_mutex_lock(&c->mbox_lock);
	old = c->pending;
	c->pending = f;
	atomic_store(&c->have_pending, true);
	pthread_mutex_unlock(&c->mbox_lock);
	filter_free(old);
}

bool
capture_can_rewind(const struct capture *c)
{
	return c != NULL && !c->live && !c->stream && c->file_fd >= 0 &&
	       c->writer == NULL;
}

int
capture_rewind(struct capture *c, char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	uint64_t drained;
	FILE *fp;
	int fd;

	if (!capture_can_rewind(c) || c->started) {
		snprintf(err, errlen, "%s",
			 _("this source cannot be read again"));
		return -1;
	}
	fd = fcntl(c->file_fd, F_DUPFD_CLOEXEC, 0);
	if (fd < 0 || lseek(fd, 0, SEEK_SET) < 0 ||
	    (fp = fdopen(fd, "rb")) == NULL) {
		snprintf(err, errlen, _("cannot read '%s' again: %s"),
			 c->source, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	if (c->p)
		pcap_close(c->p); /* its stream and buffer go first */
	c->p = NULL;
	free(c->file_buf);
	c->file_buf = malloc(CAPTURE_FILE_BUFFER);
	if (c->file_buf != NULL)
		(void)setvbuf(fp, c->file_buf, _IOFBF, CAPTURE_FILE_BUFFER);
	c->p = pcap_fopen_offline(fp, errbuf);
	if (c->p == NULL) {
		fclose(fp);
		snprintf(err, errlen, _("cannot read '%s' again: %s"),
			 c->source, errbuf);
		return -1;
	}
	/* the filter handed over last (taken or not) is the one in force */
	capture_take_filter(c);
	if (c->current != NULL)
		pcap_setfilter(c->p, filter_program(c->current));
	c->captured = 0;
	c->replay_started = false;
	atomic_store(&c->stop, false);
	atomic_store(&c->done, false);
	if (c->done_fd >= 0)
		(void)!read(c->done_fd, &drained, sizeof(drained));
	return 0;
}

void
capture_request_stop(struct capture *c)
{
	atomic_store(&c->stop, true);
	if (c->p)
		pcap_breakloop(c->p);
}

/* --duration's thread: at the deadline (the wall clock since the start,
 * live, replayed or read at once), EXPIRED and a break of the loop;
 * capture_stop cancels it. */
static void *
capture_deadline(void *arg)
{
	struct capture *c = arg;
	struct timespec until;
	double whole = (double)(time_t)c->duration_limit; /* <= 1e9 */

	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_sec += (time_t)whole;
	until.tv_nsec += (long)((c->duration_limit - whole) * 1e9);
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&c->deadline_lock);
	while (!c->deadline_cancel)
		if (pthread_cond_timedwait(&c->deadline_cond,
					   &c->deadline_lock,
					   &until) == ETIMEDOUT) {
			atomic_store(&c->expired, true);
			pcap_breakloop(c->p);
			break;
		}
	pthread_mutex_unlock(&c->deadline_lock);
	return NULL;
}

int
capture_start(struct capture *c, struct model *m, char *err, size_t errlen)
{
	int rc;

	c->m = m;
	model_set_live(m, c->live);
	capture_writer_stats(c);
	if (c->nlocal)
		model_set_local_addrs(m, c->local, c->nlocal);
	/* Signals are for the main thread; the workers never see one
	 * (thread_start, the committer's too). */
	if (c->committer == NULL)
		c->committer = committer_new(m, CAPTURE_BATCH_PACKETS,
					     CAPTURE_BATCH_BYTES, c->dfilter,
					     err, errlen);
	if (c->committer == NULL)
		return -1;
	rc = thread_start(&c->thread, capture_thread, c);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the capture thread: %s"),
			 strerror(rc));
		return -1;
	}
	c->started = true;
	if (c->duration_limit > 0 && c->p != NULL) {
		c->deadline_cancel = false;
		atomic_store(&c->expired, false);
		rc = thread_start(&c->deadline, capture_deadline, c);
		if (rc != 0) {
			capture_stop(c);
			snprintf(err, errlen,
				 _("cannot start the capture thread: %s"),
				 strerror(rc));
			return -1;
		}
		c->deadline_started = true;
	}
	return 0;
}

void
capture_stop(struct capture *c)
{
	if (!c->started)
		return;
	capture_request_stop(c);
	pthread_join(c->thread, NULL);
	c->started = false;
	if (c->deadline_started) {
		pthread_mutex_lock(&c->deadline_lock);
		c->deadline_cancel = true;
		pthread_cond_signal(&c->deadline_cond);
		pthread_mutex_unlock(&c->deadline_lock);
		pthread_join(c->deadline, NULL);
		c->deadline_started = false;
	}
}

bool
capture_done(struct capture *c)
{
	return atomic_load(&c->done);
}

int
capture_done_fd(const struct capture *c)
{
	return c->done_fd;
}

int
capture_stats(struct capture *c, struct capture_stats *st)
{
	struct pcap_stat ps;

	memset(st, 0, sizeof(*st));
	st->captured = c->captured;
	if (!c->live || c->p == NULL || pcap_stats(c->p, &ps) < 0)
		return -1;
	st->received = ps.ps_recv;
	st->dropped = ps.ps_drop;
	st->if_dropped = ps.ps_ifdrop;
	return 0;
}

/* ---- -D ---- */

static void
capture_print_flags(FILE *out, const pcap_if_t *d)
{
	const char *sep = "";

	fputs(" [", out);
	if (d->flags & PCAP_IF_UP) {
		fprintf(out, "%s%s", sep, _("Up"));
		sep = ", ";
	}
	if (d->flags & PCAP_IF_RUNNING) {
		fprintf(out, "%s%s", sep, _("Running"));
		sep = ", ";
	}
	if (d->flags & PCAP_IF_WIRELESS) {
		fprintf(out, "%s%s", sep, _("Wireless"));
		sep = ", ";
	}
	if (d->flags & PCAP_IF_LOOPBACK) {
		fprintf(out, "%s%s", sep, _("Loopback"));
		sep = ", ";
	}
	switch (d->flags & PCAP_IF_CONNECTION_STATUS) {
	case PCAP_IF_CONNECTION_STATUS_CONNECTED:
		fprintf(out, "%s%s", sep, _("Connected"));
		break;
	case PCAP_IF_CONNECTION_STATUS_DISCONNECTED:
		fprintf(out, "%s%s", sep, _("Disconnected"));
		break;
	default:
		break;
	}
	fputs("]", out);
}

int
capture_list_interfaces(FILE *out, char *err, size_t errlen)
{
	char errbuf[PCAP_ERRBUF_SIZE] = "";
	char text[ADDR_TEXT_MAX];
	pcap_if_t *all = NULL, *d;
	const pcap_addr_t *a;
	struct capture tmp;
	int i = 0;

	if (pcap_findalldevs(&all, errbuf) < 0) {
		snprintf(err, errlen, _("cannot list interfaces: %s"), errbuf);
		return -1;
	}
	for (d = all; d; d = d->next) {
		fprintf(out, "%d.%s", ++i, d->name);
		if (d->description)
			fprintf(out, " (%s)", d->description);
		capture_print_flags(out, d);
		fputc('\n', out);
		for (a = d->addresses; a; a = a->next) {
			tmp.nlocal = 0;
			capture_add_local(&tmp, a->addr);
			if (tmp.nlocal)
				fprintf(out, "\t%s\n",
					addr_format(&tmp.local[0], text,
						    sizeof(text)));
		}
	}
	pcap_freealldevs(all);
	if (i == 0) {
		snprintf(err, errlen, "%s",
			 _("no interfaces found (capturing may need root: try "
			   "sudo)"));
		return -1;
	}
	return 0;
}
