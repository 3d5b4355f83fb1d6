/*
 * filter: pcap_compile against pcap_open_dead, and pcap_offline_filter
 * for packets already stored. libpcap keeps its error text in the handle,
 * so the dead handle lives exactly as long as one compile.
 */
#include "config.h"

#include "base/filter.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <pcap/pcap.h>

#include "base/escape.h"
#include "base/i18n.h"

/* Bytes of a bad filter quoted back in its error message. */
#define FILTER_QUOTE_MAX 80

struct filter {
	struct bpf_program prog;
	int linktype;
	char *expr;
};

/* Programs compiled lately, so the packet list reuses the one a live
 * filter change paid for instead of compiling it again on the UI thread
 * (libpcap's optimiser can take seconds). Guarded by filter_cache_lock:
 * the control's worker fills it, the UI thread reads it. */
#define FILTER_CACHE_SLOTS 4

static struct filter_cache_slot {
	char *expr;
	int linktype;
	unsigned snaplen;
	uint32_t netmask;
	struct bpf_insn *insns;
	unsigned n;
} filter_cache[FILTER_CACHE_SLOTS];
static unsigned filter_cache_next;
static pthread_mutex_t filter_cache_lock = PTHREAD_MUTEX_INITIALIZER;

/* A new filter for EXPR whose program is a copy of N instructions. */
static struct filter *
filter_from_insns(const char *expr, int linktype, const struct bpf_insn *in,
		  unsigned n)
{
	struct filter *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->linktype = linktype;
	f->expr = strdup(expr);
	/* pcap_freecode() releases bf_insns with free() */
	f->prog.bf_insns = malloc((n ? n : 1) * sizeof(*in));
	if (f->expr == NULL || f->prog.bf_insns == NULL) {
		free(f->expr);
		free(f->prog.bf_insns);
		free(f);
		return NULL;
	}
	if (n)
		memcpy(f->prog.bf_insns, in, n * sizeof(*in));
	f->prog.bf_len = n;
	return f;
}

static void
filter_cache_put(const struct filter *f, unsigned snaplen, uint32_t netmask)
{
	struct filter_cache_slot *c;
	struct bpf_insn *insns;
	char *expr;
	unsigned n = f->prog.bf_len;

	insns = malloc((n ? n : 1) * sizeof(*insns));
	expr = strdup(f->expr);
	if (insns == NULL || expr == NULL) {
		free(insns);
		free(expr);
		return; /* a cache, not a promise */
	}
	if (n)
		memcpy(insns, f->prog.bf_insns, n * sizeof(*insns));
	pthread_mutex_lock(&filter_cache_lock);
	c = &filter_cache[filter_cache_next++ % FILTER_CACHE_SLOTS];
	free(c->expr);
	free(c->insns);
	*c = (struct filter_cache_slot){ .expr = expr, .linktype = f->linktype,
					 .snaplen = snaplen,
					 .netmask = netmask, .insns = insns,
					 .n = n };
	pthread_mutex_unlock(&filter_cache_lock);
}

/* A copy of the cached program for EXPR on LINKTYPE; with ANY, whatever
 * snaplen and netmask it was compiled for (matching stored packets only
 * asks "nonzero?", which the snap length in the return does not change). */
static struct filter *
filter_cache_get(const char *expr, int linktype, unsigned snaplen,
		 uint32_t netmask, bool any)
{
	struct filter *f = NULL;
	size_t i;

	pthread_mutex_lock(&filter_cache_lock);
	for (i = 0; i < FILTER_CACHE_SLOTS; i++) {
		const struct filter_cache_slot *c = &filter_cache[i];

		if (c->expr == NULL || c->linktype != linktype ||
		    strcmp(c->expr, expr) != 0)
			continue;
		if (!any && (c->snaplen != snaplen || c->netmask != netmask))
			continue;
		f = filter_from_insns(expr, linktype, c->insns, c->n);
		break;
	}
	pthread_mutex_unlock(&filter_cache_lock);
	return f;
}

/* libpcap's complaint about EXPR as our one line. */
static void
filter_message(const char *expr, const char *reason, char *err,
	       size_t errlen)
{
	char shown[FILTER_QUOTE_MAX * 4 + 8], why[512];
	size_t n = strlen(expr);

	/* Typed or pasted, the filter may be long or hold control bytes:
	 * quote the start of it, escaped, so the one line always ends with
	 * libpcap's reason. */
	escape_text(expr, n > FILTER_QUOTE_MAX ? FILTER_QUOTE_MAX : n, shown,
		    sizeof(shown) - 4);
	if (n > FILTER_QUOTE_MAX)
		strcat(shown, "...");
	escape_text(reason, strlen(reason), why, sizeof(why));
	snprintf(err, errlen, _("bad capture filter '%s': %s"), shown, why);
}

struct filter *
filter_compile(const char *expr, int linktype, unsigned snaplen,
	       uint32_t netmask, char *err, size_t errlen)
{
	struct filter *f = NULL, *ret = NULL;
	pcap_t *dead = NULL;

	if (expr == NULL)
		expr = "";
	f = calloc(1, sizeof(*f));
	if (f == NULL || (f->expr = strdup(expr)) == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	f->linktype = linktype;
	dead = pcap_open_dead(linktype, (int)(snaplen ? snaplen : 262144));
	if (dead == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		goto out;
	}
	/* Optimised, as tcpdump does; the netmask only matters for
	 * 'ip broadcast'. */
	if (pcap_compile(dead, &f->prog, expr, 1,
			 netmask == FILTER_NETMASK_UNKNOWN ? PCAP_NETMASK_UNKNOWN
							   : netmask) < 0) {
		filter_message(expr, pcap_geterr(dead), err, errlen);
		goto out;
	}
	filter_cache_put(f, snaplen, netmask);
	ret = f;
	f = NULL;
out:
	if (dead)
		pcap_close(dead);
	if (f) {
		free(f->expr);
		free(f);
	}
	return ret;
}

void
filter_free(struct filter *f)
{
	if (f == NULL)
		return;
	pcap_freecode(&f->prog);
	free(f->expr);
	free(f);
}

const char *
filter_expr(const struct filter *f)
{
	return f->expr;
}

int
filter_linktype(const struct filter *f)
{
	return f->linktype;
}

bool
filter_match(const struct filter *f, const uint8_t *data, uint32_t caplen,
	     uint32_t len)
{
	struct pcap_pkthdr h;

	memset(&h, 0, sizeof(h));
	h.caplen = caplen;
	h.len = len;
	return pcap_offline_filter(&f->prog, &h, data) != 0;
}

struct bpf_program *
filter_program(struct filter *f)
{
	return &f->prog;
}

struct filter *
filter_compile_match(const char *expr, int linktype, char *err,
		     size_t errlen)
{
	struct filter *f;

	if (expr == NULL)
		expr = "";
	f = filter_cache_get(expr, linktype, 0, 0, true);
	if (f != NULL)
		return f;
	return filter_compile(expr, linktype, 262144, FILTER_NETMASK_UNKNOWN,
			      err, errlen);
}

/* ---- the bounded compile: a child process does libpcap's work ---- */

/* What the child sends back: this, then N instructions (OK) or N bytes
 * of libpcap's message. */
struct filter_reply {
	int32_t ok;
	uint32_t n;
};

/* All of BUF to FD. A socket is written with MSG_NOSIGNAL: a compiler
 * process gone early is its exit status, not a SIGPIPE here. */
static int
filter_write_all(int fd, const void *buf, size_t n)
{
	const char *p = buf;
	bool sock = true;

	while (n > 0) {
		ssize_t w = sock ? send(fd, p, n, MSG_NOSIGNAL)
				 : write(fd, p, n);

		if (w < 0 && sock && errno == ENOTSOCK) {
			sock = false; /* the reply pipe */
			continue;
		}
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static int
filter_read_all(int fd, void *buf, size_t n)
{
	char *p = buf;

	while (n > 0) {
		ssize_t r = read(fd, p, n);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

/* The child: compile under a CPU limit and write the answer to FD. Only
 * _exit leaves it (no atexit handler of the parent may run here). */
static void __attribute__((noreturn))
filter_child(int fd, const char *expr, int linktype, unsigned snaplen,
	     uint32_t netmask)
{
	struct rlimit cpu = { FILTER_CPU_BUDGET, FILTER_CPU_BUDGET + 1 };
	struct rlimit core = { 0, 0 };
	struct filter_reply r = { 0, 0 };
	struct bpf_program prog;
	pcap_t *dead;

	/* the kernel ends us with SIGXCPU at the budget; no core file */
	(void)setrlimit(RLIMIT_CORE, &core);
	(void)setrlimit(RLIMIT_CPU, &cpu);
	dead = pcap_open_dead(linktype, (int)(snaplen ? snaplen : 262144));
	if (dead == NULL)
		_exit(1);
	if (pcap_compile(dead, &prog, expr, 1,
			 netmask == FILTER_NETMASK_UNKNOWN ? PCAP_NETMASK_UNKNOWN
							   : netmask) < 0) {
		const char *why = pcap_geterr(dead);

		r.n = (uint32_t)strlen(why);
		if (filter_write_all(fd, &r, sizeof(r)) < 0 ||
		    filter_write_all(fd, why, r.n) < 0)
			_exit(1);
		_exit(0);
	}
	r.ok = 1;
	r.n = prog.bf_len;
	if (filter_write_all(fd, &r, sizeof(r)) < 0 ||
	    filter_write_all(fd, prog.bf_insns,
			     (size_t)r.n * sizeof(*prog.bf_insns)) < 0)
		_exit(1);
	_exit(0);
}

/* What the compiler process reads on its standard input: this, then
 * LEN bytes of the expression. */
struct filter_request {
	int32_t linktype;
	uint32_t snaplen;
	uint32_t netmask;
	uint32_t len;
};

/* The environment mark that makes a started pktop the compiler process
 * (filter_compiler_entry, before main). */
#define FILTER_CHILD_ENV "PKTOP_INTERNAL_FILTER_COMPILER"

/* A new pktop (/proc/self/exe) that compiles and answers on REPLY_FD.
 * Not fork() alone: a fork of this multi-threaded process copies
 * whatever lock another thread held in that instant, and an allocator
 * that does not guard fork (AddressSanitizer's in GCC 12) left the
 * child waiting on one for the 120 s budget. A started program inherits
 * no locks. Where /proc is missing, fork() as before. */
static pid_t
filter_spawn(const char *expr, int linktype, unsigned snaplen,
	     uint32_t netmask, int reply_fd)
{
	struct filter_request rq = { linktype, snaplen, netmask,
				     (uint32_t)strlen(expr) };
	char mark[] = FILTER_CHILD_ENV "=1";
	char arg0[] = "pktop-filter-compiler";
	char *argv[] = { arg0, NULL };
	char *envp[] = { mark, NULL };
	posix_spawn_file_actions_t fa;
	int sv[2], rc;
	pid_t pid = -1;

	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0)
		return -1;
	rc = posix_spawn_file_actions_init(&fa);
	if (rc == 0) {
		(void)posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
		(void)posix_spawn_file_actions_adddup2(&fa, reply_fd, 1);
		rc = posix_spawn(&pid, "/proc/self/exe", &fa, NULL, argv,
				 envp);
		posix_spawn_file_actions_destroy(&fa);
	}
	close(sv[1]);
	if (rc != 0) {
		close(sv[0]);
		pid = fork();
		if (pid == 0)
			filter_child(reply_fd, expr, linktype, snaplen,
				     netmask);
		return pid;
	}
	if (filter_write_all(sv[0], &rq, sizeof(rq)) == 0)
		(void)filter_write_all(sv[0], expr, rq.len);
	/* a short request ends it at end of input: its exit status says */
	close(sv[0]);
	return pid;
}

/* The compiler process: started by filter_spawn with the mark in its
 * environment, it runs before main (any program that links the
 * bounded compile, the unit tests' too) and never returns. */
static void __attribute__((constructor))
filter_compiler_entry(void)
{
	struct filter_request rq;
	char *expr;

	if (getenv(FILTER_CHILD_ENV) == NULL)
		return;
	if (filter_read_all(0, &rq, sizeof(rq)) < 0 ||
	    rq.len > FILTER_EXPR_MAX || (expr = malloc(rq.len + 1)) == NULL)
		_exit(1);
	if (filter_read_all(0, expr, rq.len) < 0)
		_exit(1);
	expr[rq.len] = '\0';
	filter_child(1, expr, rq.linktype, rq.snaplen, rq.netmask);
}

static double
filter_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

struct filter *
filter_compile_bounded(const char *expr, int linktype, unsigned snaplen,
		       uint32_t netmask, int cancel_fd, char *err,
		       size_t errlen)
{
	struct filter *f = NULL;
	struct filter_reply r;
	char *buf = NULL;
	size_t have = 0, cap = 0;
	bool cancelled = false, timeout = false;
	double deadline;
	int fds[2] = { -1, -1 }, status = 0;
	pid_t pid = -1;

	if (expr == NULL)
		expr = "";
	if (strlen(expr) > FILTER_EXPR_MAX) {
		snprintf(err, errlen,
			 _("the capture filter is %zu bytes long, more than "
			   "the %u pktop compiles: shorten it (portrange, "
			   "net, or fewer terms)"),
			 strlen(expr), (unsigned)FILTER_EXPR_MAX);
		return NULL;
	}
	f = filter_cache_get(expr, linktype, snaplen, netmask, false);
	if (f != NULL)
		return f;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		snprintf(err, errlen, _("cannot compile the filter: %s"),
			 strerror(errno));
		return NULL;
	}
	pid = filter_spawn(expr, linktype, snaplen, netmask, fds[1]);
	if (pid < 0) {
		snprintf(err, errlen, _("cannot compile the filter: %s"),
			 strerror(errno));
		goto out;
	}
	close(fds[1]);
	fds[1] = -1;
	deadline = filter_now() + FILTER_WALL_BUDGET;
	for (;;) {
		struct pollfd p[2] = { { .fd = fds[0], .events = POLLIN },
				       { .fd = cancel_fd, .events = POLLIN } };
		double left = deadline - filter_now();
		ssize_t got;

		if (left <= 0) {
			timeout = true;
			break;
		}
		if (poll(p, cancel_fd >= 0 ? 2 : 1,
			 (int)(left * 1000) + 1) < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (cancel_fd >= 0 && (p[1].revents & POLLIN)) {
			cancelled = true;
			break;
		}
		if (!(p[0].revents & (POLLIN | POLLHUP | POLLERR)))
			continue;
		if (have == cap) {
			char *nb = realloc(buf, cap ? cap * 2 : 4096);

			if (nb == NULL)
				break;
			buf = nb;
			cap = cap ? cap * 2 : 4096;
		}
		got = read(fds[0], buf + have, cap - have);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break; /* the child is done (or gone) */
		have += (size_t)got;
	}
	if (cancelled || timeout)
		kill(pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (cancelled) {
		snprintf(err, errlen, "%s",
			 _("cancelled: the filter in force stays"));
		goto out;
	}
	if (timeout || (WIFSIGNALED(status) && (WTERMSIG(status) == SIGXCPU ||
						WTERMSIG(status) == SIGKILL))) {
		snprintf(err, errlen,
			 _("refused: libpcap needs more than %u s to compile "
			   "this filter (its optimiser grows faster than the "
			   "filter: shorten it, e.g. with portrange or net)"),
			 (unsigned)FILTER_CPU_BUDGET);
		goto out;
	}
	if (have >= sizeof(r))
		memcpy(&r, buf, sizeof(r));
	if (have < sizeof(r) || !WIFEXITED(status) ||
	    WEXITSTATUS(status) != 0) {
		snprintf(err, errlen, "%s",
			 _("cannot compile the filter: the compiler process "
			   "failed"));
		goto out;
	}
	if (!r.ok) {
		char why[512];
		size_t n = have - sizeof(r);

		if (n > r.n)
			n = r.n;
		if (n >= sizeof(why))
			n = sizeof(why) - 1;
		memcpy(why, buf + sizeof(r), n);
		why[n] = '\0';
		filter_message(expr, why, err, errlen);
		goto out;
	}
	if ((have - sizeof(r)) / sizeof(struct bpf_insn) != r.n ||
	    (have - sizeof(r)) % sizeof(struct bpf_insn) != 0) {
		snprintf(err, errlen, "%s",
			 _("cannot compile the filter: the compiler process "
			   "failed"));
		goto out;
	}
	f = filter_from_insns(expr, linktype,
			      (const struct bpf_insn *)(void *)(buf + sizeof(r)),
			      r.n);
	if (f == NULL)
		snprintf(err, errlen, "%s", _("out of memory"));
	else
		filter_cache_put(f, snaplen, netmask);
out:
	if (fds[0] >= 0)
		close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
	free(buf);
	return f;
}
