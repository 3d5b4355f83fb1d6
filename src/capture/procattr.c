/*
 * procattr: one thread, woken every PROCATTR_TICK_MS. New connections
 * come from the model's queue and wait in a young list; while any waits,
 * the kernel's socket list (capture/sockdiag) is read at most
 * PROCATTR_DUMPS_PER_SEC times a second and each is matched: the exact
 * 4-tuple first, then a listening or unconnected socket on a local
 * endpoint's address or wildcard. A matched socket's inode goes to the
 * owner cache; a miss asks the owners function (a /proc scan) at most
 * PROCATTR_SCANS_PER_SEC times a second. A connection still unmatched
 * after PROCATTR_RETRY_SEC is "closed before seen" when one of its ends
 * is a local address, else "not local" (no wait for those). Once a
 * second the TCP connections matched exactly get the kernel's tcp_info.
 * The committer wakes the thread after a commit that queued new
 * connections; those are asked for at once by their exact 4-tuple, and
 * an inode the cache does not know is looked for in /proc right away (at
 * most PROCATTR_QUICK_PER_SEC times a second, newest processes first), so
 * a client that lives tens of milliseconds is still there to be named.
 */
#include "config.h"

#include "capture/procattr.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/flowkey.h"
#include "base/i18n.h"
#include "base/procscan.h"
#include "base/tabhash.h"
#include "capture/sockdiag.h"
#include "model/model.h"

struct procattr_young {
	struct model_proc_ask ask;
	double since;
	unsigned tries;
	/* this round's socket, when one was found */
	bool has_sock;
	bool other_ns;       /* found in another network namespace */
	uint8_t match;
	bool local_hi;
	struct sockdiag_sock sock;
};

/* A followed TCP connection: its ask and which end is ours. */
struct procattr_track {
	struct model_proc_ask ask;
	bool local_hi;
	unsigned misses;
};

struct procattr_cached {
	uint64_t inode;     /* 0: free */
	double at;
	bool found;
	struct proc_owner o;
	char container[MODEL_CONTAINER_MAX];
};

struct procattr {
	struct model *m;
	procattr_owners_fn owners;
	void *arg;
	char note[160];
	pthread_t thread;
	pthread_mutex_t lock;
	pthread_cond_t cond;
	bool stop;
	bool kicked;        /* the committer queued new ones (under lock) */

	struct sockdiag diag; /* the netlink socket, kept open */
	/* other network namespaces (containers): a netlink socket made in
	 * each, found through /proc/PID/ns/net (needs CAP_SYS_ADMIN) */
	struct procattr_ns {
		uint64_t ino;
		bool seen;
		struct sockdiag diag;
	} ns[PROCATTR_NS_MAX];
	size_t nns;
	uint64_t self_ns;
	double ns_at;
	struct sockdiag_list socks; /* listeners and UDP sockets of a round */
	uint32_t *index;    /* socket index + 1 by key, open addressing */
	size_t index_size;  /* a power of two */

	struct procattr_young *young;
	size_t nyoung, young_cap;
	struct procattr_track *track;
	size_t ntrack;

	struct procattr_cached *cache; /* PROCATTR_CACHE_MAX, open addressing */
	size_t ncache;

	struct addr *local;
	size_t nlocal;
	double local_at, last_dump, last_scan, last_kernel, last_quick;
	bool failing;
};

static double
procattr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static double
procattr_wall(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

size_t
procattr_owners_local(void *arg, const uint64_t *inodes, size_t n,
		      struct proc_owner *out)
{
	(void)arg;
	return procscan_owners(inodes, n, out);
}

/* ---- local addresses ---- */

static void
procattr_local_refresh(struct procattr *pa, double now)
{
	struct ifaddrs *ifa = NULL, *i;
	size_t n = 0;
	struct addr *v;

	if (pa->local != NULL && now - pa->local_at < 10.0)
		return;
	pa->local_at = now;
	if (getifaddrs(&ifa) < 0)
		return;
	for (i = ifa; i != NULL; i = i->ifa_next)
		n++;
	v = calloc(n ? n : 1, sizeof(*v));
	if (v == NULL)
		goto out;
	n = 0;
	for (i = ifa; i != NULL; i = i->ifa_next) {
		if (i->ifa_addr == NULL)
			continue;
		if (i->ifa_addr->sa_family == AF_INET) {
			const struct sockaddr_in *s =
				(const struct sockaddr_in *)(void *)i->ifa_addr;

			addr_set4(&v[n++], (const uint8_t *)&s->sin_addr);
		} else if (i->ifa_addr->sa_family == AF_INET6) {
			const struct sockaddr_in6 *s =
				(const struct sockaddr_in6 *)(void *)i->ifa_addr;

			addr_set6(&v[n++], s->sin6_addr.s6_addr);
		}
	}
	free(pa->local);
	pa->local = v;
	pa->nlocal = n;
out:
	freeifaddrs(ifa);
}

static bool
procattr_is_local(const struct procattr *pa, const struct addr *a)
{
	if (a->family == 4 && a->bytes[0] == 127)
		return true;
	for (size_t i = 0; i < pa->nlocal; i++)
		if (addr_equal(&pa->local[i], a))
			return true;
	return false;
}

/* ---- other network namespaces ---- */

/* Every 10 s: a netlink socket in each network namespace a process is in
 * (but ours), made by entering it for a moment (setns on this thread
 * only); those no process is in any more are let go (our socket would
 * keep the namespace alive). Without the privilege to enter, none. */
static void
procattr_ns_refresh(struct procattr *pa, double now)
{
	struct stat st;
	DIR *d;
	struct dirent *e;
	int self;
	size_t keep = 0;

	if (pa->ns_at != 0 && now - pa->ns_at < 10.0)
		return;
	pa->ns_at = now;
	if (stat("/proc/self/ns/net", &st) < 0)
		return;
	pa->self_ns = (uint64_t)st.st_ino;
	/* this thread's namespace, to come back to */
	self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self < 0)
		return;
	for (size_t i = 0; i < pa->nns; i++)
		pa->ns[i].seen = false;
	d = opendir("/proc");
	while (d != NULL && (e = readdir(d)) != NULL) {
		char path[300];
		size_t i;
		int fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof(path), "/proc/%s/ns/net", e->d_name);
		if (stat(path, &st) < 0 || (uint64_t)st.st_ino == pa->self_ns)
			continue;
		for (i = 0; i < pa->nns; i++)
			if (pa->ns[i].ino == (uint64_t)st.st_ino)
				break;
		if (i < pa->nns) {
			pa->ns[i].seen = true;
			continue;
		}
		if (pa->nns == PROCATTR_NS_MAX)
			continue;
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		if (setns(fd, CLONE_NEWNET) == 0) {
			char err[256];
			struct procattr_ns *n = &pa->ns[pa->nns];

			if (sockdiag_open(&n->diag, err, sizeof(err)) == 0) {
				n->ino = (uint64_t)st.st_ino;
				n->seen = true;
				pa->nns++;
			}
			if (setns(self, CLONE_NEWNET) < 0) {
				/* cannot come back: stop looking elsewhere */
				close(fd);
				break;
			}
		}
		close(fd);
	}
	if (d != NULL)
		closedir(d);
	close(self);
	for (size_t i = 0; i < pa->nns; i++) {
		if (pa->ns[i].seen)
			pa->ns[keep++] = pa->ns[i];
		else
			sockdiag_close(&pa->ns[i].diag);
	}
	pa->nns = keep;
}

/* ASK's two ends with the local one on SIDE (0: the low address, 1: the
 * high one), as a socket lookup asks for them. */
struct procattr_ends {
	const struct addr *l, *r;
	uint16_t lp, rp;
};

static struct procattr_ends
procattr_ends_of(const struct model_proc_ask *ask, int side)
{
	struct procattr_ends e;

	e.l = side ? &ask->hi : &ask->lo;
	e.r = side ? &ask->lo : &ask->hi;
	e.lp = side ? ask->hi_port : ask->lo_port;
	e.rp = side ? ask->lo_port : ask->hi_port;
	return e;
}

/* ASK's socket in another namespace, by its 4-tuple on either end; an
 * end whose socket is in TIME_WAIT (no owner) or gone is asked again as
 * a listener (the kernel's lookup falls back to one when the peer is
 * 0.0.0.0:0). *MATCH says which it was. */
static bool
procattr_other_ns(struct procattr *pa, const struct model_proc_ask *ask,
		  struct sockdiag_sock *s, bool *local_hi, uint8_t *match)
{
	char err[256];
	struct addr any;

	if (ask->l4 != IPPROTO_TCP && ask->l4 != IPPROTO_UDP)
		return false;
	memset(&any, 0, sizeof(any));
	any.family = ask->lo.family;
	for (size_t i = 0; i < pa->nns; i++) {
		for (int side = 0; side < 2; side++) {
			struct procattr_ends e = procattr_ends_of(ask, side);
			int rc;

			rc = sockdiag_lookup(&pa->ns[i].diag, ask->l4, e.l,
					     e.lp, e.r, e.rp, false, s, err,
					     sizeof(err));
			*match = MODEL_MATCH_EXACT;
			if (rc == 1 && (s->inode == 0 || s->rport == 0)) {
				rc = sockdiag_lookup(&pa->ns[i].diag, ask->l4,
						     e.l, e.lp, &any, 0, false,
						     s, err, sizeof(err));
				*match = MODEL_MATCH_LISTENER;
			}
			if (rc == 1 && s->inode != 0 &&
			    (s->rport == 0 || *match == MODEL_MATCH_EXACT)) {
				if (s->rport == 0)
					*match = MODEL_MATCH_LISTENER;
				*local_hi = side == 1;
				return true;
			}
		}
	}
	memset(s, 0, sizeof(*s));
	return false;
}

/* ---- the socket index: exact keys and listener keys ---- */

static void
procattr_exact_key(struct conn_key *k, uint8_t l4, const struct addr *a,
		   uint16_t ap, const struct addr *b, uint16_t bp)
{
	bool from_lo;

	flowkey_make(k, l4, a, ap, b, bp, &from_lo);
}

/* A listener's key: the local address (or a wildcard) and port alone,
 * marked by mark = 1 so it never equals a connection's key. */
static void
procattr_listen_key(struct conn_key *k, uint8_t l4, const struct addr *a,
		    uint16_t port)
{
	memset(k, 0, sizeof(*k));
	k->l4 = l4;
	k->mark = 1;
	k->lo = *a;
	k->lo_port = port;
}

static bool
procattr_sock_key(const struct sockdiag_sock *s, struct conn_key *k)
{
	bool listener = (s->l4 == IPPROTO_TCP && s->state == SOCKDIAG_LISTEN) ||
			(s->l4 == IPPROTO_UDP && s->rport == 0);

	if (listener)
		procattr_listen_key(k, s->l4, &s->local, s->lport);
	else
		procattr_exact_key(k, s->l4, &s->local, s->lport, &s->remote,
				   s->rport);
	return listener;
}

static int
procattr_index_build(struct procattr *pa)
{
	size_t want = 64;

	while (want < pa->socks.n * 2)
		want *= 2;
	if (want != pa->index_size) {
		uint32_t *v = calloc(want, sizeof(*v));

		if (v == NULL)
			return -1;
		free(pa->index);
		pa->index = v;
		pa->index_size = want;
	} else {
		memset(pa->index, 0, want * sizeof(*pa->index));
	}
	for (size_t i = 0; i < pa->socks.n; i++) {
		struct conn_key k;
		size_t h;

		procattr_sock_key(&pa->socks.v[i], &k);
		h = tabhash_bytes(&k, sizeof(k)) & (pa->index_size - 1);
		for (;;) {
			uint32_t at = pa->index[h];

			if (at == 0) {
				pa->index[h] = (uint32_t)i + 1;
				break;
			}
			{
				struct conn_key o;

				procattr_sock_key(&pa->socks.v[at - 1], &o);
				/* the first socket of a key stays; a time-wait
				 * one (no inode) gives way to a live one */
				if (memcmp(&o, &k, sizeof(k)) == 0) {
					if (pa->socks.v[at - 1].inode == 0)
						pa->index[h] = (uint32_t)i + 1;
					break;
				}
			}
			h = (h + 1) & (pa->index_size - 1);
		}
	}
	return 0;
}

static const struct sockdiag_sock *
procattr_index_find(const struct procattr *pa, const struct conn_key *k)
{
	size_t h;

	if (pa->index_size == 0)
		return NULL;
	h = tabhash_bytes(k, sizeof(*k)) & (pa->index_size - 1);
	for (;;) {
		uint32_t at = pa->index[h];
		struct conn_key o;

		if (at == 0)
			return NULL;
		procattr_sock_key(&pa->socks.v[at - 1], &o);
		if (memcmp(&o, k, sizeof(*k)) == 0)
			return &pa->socks.v[at - 1];
		h = (h + 1) & (pa->index_size - 1);
	}
}

static const struct sockdiag_sock *
procattr_match_listener(const struct procattr *pa,
			const struct model_proc_ask *ask, uint8_t *match,
			bool *local_hi);

/* The socket owning ASK's connection; *LOCAL_HI: it is the hi end. */
static const struct sockdiag_sock *
procattr_match(const struct procattr *pa, const struct model_proc_ask *ask,
	       uint8_t *match, bool *local_hi)
{
	struct conn_key k;
	const struct sockdiag_sock *s;

	k = model_proc_ask_key(ask);
	s = procattr_index_find(pa, &k);
	/* a socket in TIME_WAIT has no inode and no owner any more: the
	 * listener that accepted it may still say whose it was */
	if (s != NULL && s->inode == 0) {
		const struct sockdiag_sock *l;
		uint8_t lm;
		bool lh;

		l = procattr_match_listener(pa, ask, &lm, &lh);
		if (l != NULL) {
			*match = lm;
			*local_hi = lh;
			return l;
		}
	}
	if (s != NULL) {
		*match = MODEL_MATCH_EXACT;
		*local_hi = !(addr_equal(&s->local, &ask->lo) &&
			      s->lport == ask->lo_port);
		return s;
	}
	return procattr_match_listener(pa, ask, match, local_hi);
}

/* A listening or unconnected socket on one of ASK's local endpoints. */
static const struct sockdiag_sock *
procattr_match_listener(const struct procattr *pa,
			const struct model_proc_ask *ask, uint8_t *match,
			bool *local_hi)
{
	struct conn_key k;
	const struct sockdiag_sock *s;
	static const struct addr any4 = { .family = 4 }, any6 = { .family = 6 };

	for (int side = 0; side < 2; side++) {
		const struct addr *a = side ? &ask->hi : &ask->lo;
		uint16_t port = side ? ask->hi_port : ask->lo_port;
		const struct addr *wild[3] = { a, a->family == 4 ? &any4 : &any6,
					       a->family == 4 ? &any6 : NULL };

		if (!procattr_is_local(pa, a))
			continue;
		for (int w = 0; w < 3; w++) {
			if (wild[w] == NULL)
				continue;
			procattr_listen_key(&k, ask->l4, wild[w], port);
			s = procattr_index_find(pa, &k);
			if (s != NULL) {
				*match = MODEL_MATCH_LISTENER;
				*local_hi = side == 1;
				return s;
			}
		}
	}
	return NULL;
}

/* ---- the owner cache ---- */

static struct procattr_cached *
procattr_cache_slot(struct procattr *pa, uint64_t inode, bool insert)
{
	size_t h = (size_t)(inode * 0x9e3779b97f4a7c15ull >> 40) %
		   PROCATTR_CACHE_MAX;

	for (size_t n = 0; n < PROCATTR_CACHE_MAX; n++) {
		struct procattr_cached *c = &pa->cache[h];

		if (c->inode == inode)
			return c;
		if (c->inode == 0)
			return insert ? c : NULL;
		h = (h + 1) % PROCATTR_CACHE_MAX;
	}
	return NULL;
}

static void
procattr_cache_put(struct procattr *pa, const struct proc_owner *o,
		   bool found, double now)
{
	struct procattr_cached *c;

	/* full past three quarters: start again (answers are cheap to
	 * find again, probing a full table is not) */
	if (pa->ncache >= PROCATTR_CACHE_MAX * 3 / 4) {
		memset(pa->cache, 0, PROCATTR_CACHE_MAX * sizeof(*pa->cache));
		pa->ncache = 0;
	}
	c = procattr_cache_slot(pa, o->inode, true);
	if (c == NULL)
		return;
	if (c->inode == 0)
		pa->ncache++;
	c->inode = o->inode;
	c->at = now;
	c->found = found;
	c->o = *o;
	c->o.comm[sizeof(c->o.comm) - 1] = '\0';
	c->o.exe[sizeof(c->o.exe) - 1] = '\0';
	c->o.cgroup[sizeof(c->o.cgroup) - 1] = '\0';
	procscan_container(c->o.cgroup, c->container, sizeof(c->container));
}

/* Ask the owners of the young connections' inodes the cache misses. */
static void
procattr_scan(struct procattr *pa, const uint64_t *inodes, size_t n,
	      double now)
{
	struct proc_owner *out;

	if (n == 0 || now - pa->last_scan < 1.0 / PROCATTR_SCANS_PER_SEC)
		return;
	pa->last_scan = now;
	out = calloc(n, sizeof(*out));
	if (out == NULL)
		return;
	pa->owners(pa->arg, inodes, n, out);
	for (size_t i = 0; i < n; i++) {
		out[i].inode = inodes[i];
		procattr_cache_put(pa, &out[i], out[i].pid > 0, now);
	}
	free(out);
}

/* ---- the answers ---- */

static void
procattr_answer(struct procattr *pa, const struct procattr_young *y,
		uint8_t status, uint8_t match, bool local_hi,
		const struct sockdiag_sock *s, const struct procattr_cached *c)
{
	struct model_proc_info info;

	memset(&info, 0, sizeof(info));
	info.status = status;
	info.match = match;
	info.local_is_hi = local_hi;
	if (s != NULL) {
		info.uid_known = true;
		info.uid = s->uid;
	}
	if (c != NULL && c->found) {
		info.pid = c->o.pid;
		info.uid = c->o.uid;
		info.uid_known = true;
		info.netns = c->o.netns;
		snprintf(info.comm, sizeof(info.comm), "%s", c->o.comm);
		snprintf(info.exe, sizeof(info.exe), "%s", c->o.exe);
		snprintf(info.cgroup, sizeof(info.cgroup), "%s", c->o.cgroup);
		snprintf(info.container, sizeof(info.container), "%s",
			 c->container);
	}
	model_procs_answer(pa->m, &y->ask, &info);
	if (status != MODEL_PROC_NOT_LOCAL && status != MODEL_PROC_CLOSED &&
	    status != MODEL_PROC_OTHER_NETNS && match == MODEL_MATCH_EXACT && y->ask.l4 == IPPROTO_TCP &&
	    pa->ntrack < PROCATTR_TRACK_MAX) {
		pa->track[pa->ntrack].ask = y->ask;
		pa->track[pa->ntrack].local_hi = local_hi;
		pa->track[pa->ntrack].misses = 0;
		pa->ntrack++;
	}
}

static void
procattr_set_failing(struct procattr *pa, const char *why)
{
	if (why != NULL) {
		model_procs_set_status(pa->m, why);
		pa->failing = true;
	} else if (pa->failing) {
		model_procs_set_status(pa->m, pa->note);
		pa->failing = false;
	}
}

/* The sockets a round matches against besides the exact lookups: TCP
 * listeners and UDP sockets (few on most hosts), of the families and
 * protocols the young connections use. Connected TCP sockets, the many,
 * are asked for one by one (procattr_exact). */
static int
procattr_dump(struct procattr *pa, double now)
{
	char err[256];
	unsigned what = 0;

	for (size_t i = 0; i < pa->nyoung; i++) {
		const struct model_proc_ask *a = &pa->young[i].ask;

		what |= a->l4 == IPPROTO_UDP ? SOCKDIAG_UDP : 0;
		what |= a->l4 == IPPROTO_TCP ? SOCKDIAG_TCP : 0;
		/* a v4 peer may be a dual-stack v6 socket's */
		what |= a->lo.family == 6 ? SOCKDIAG_V6
					  : SOCKDIAG_V4 | SOCKDIAG_V6;
	}
	pa->socks.max = PROCATTR_SOCKETS_MAX;
	pa->socks.n = 0;
	if ((what & (SOCKDIAG_TCP | SOCKDIAG_UDP)) &&
	    sockdiag_dump_some(&pa->diag, &pa->socks, what,
			       1u << SOCKDIAG_LISTEN, false, err,
			       sizeof(err)) < 0) {
		procattr_set_failing(pa, err);
		return -1;
	}
	if (procattr_index_build(pa) < 0) {
		procattr_set_failing(pa, _("process attribution: out of memory"));
		return -1;
	}
	procattr_set_failing(pa, NULL);
	pa->last_dump = now;
	return 0;
}

/* Ask the kernel for ASK's socket on each local end; true when one was
 * found (*S, *LOCAL_HI). */
static bool
procattr_exact(struct procattr *pa, const struct model_proc_ask *ask,
	       bool want_info, struct sockdiag_sock *s, bool *local_hi)
{
	char err[256];

	for (int side = 0; side < 2; side++) {
		struct procattr_ends e = procattr_ends_of(ask, side);
		int rc;

		if (!procattr_is_local(pa, e.l))
			continue;
		rc = sockdiag_lookup(&pa->diag, ask->l4, e.l, e.lp, e.r, e.rp,
				     want_info, s, err, sizeof(err));
		if (rc < 0) {
			procattr_set_failing(pa, err);
			return false;
		}
		/* an unconnected UDP socket answers any peer: that is a
		 * listener match, left to the index */
		if (rc == 1 && !(ask->l4 == IPPROTO_UDP && s->rport == 0)) {
			*local_hi = side == 1;
			return true;
		}
	}
	return false;
}

/* Find Y's socket this round: the exact 4-tuple, else a listener. */
static void
procattr_find(struct procattr *pa, struct procattr_young *y)
{
	const struct sockdiag_sock *s;
	bool hi = false;

	y->has_sock = false;
	y->other_ns = false;
	if (procattr_exact(pa, &y->ask, false, &y->sock, &hi) &&
	    y->sock.inode != 0) {
		y->has_sock = true;
		y->match = MODEL_MATCH_EXACT;
		y->local_hi = hi;
		return;
	}
	/* none, or TIME_WAIT (no inode): the listener may say whose */
	s = procattr_match(pa, &y->ask, &y->match, &y->local_hi);
	if (s != NULL) {
		y->sock = *s;
		y->has_sock = true;
	} else if (!procattr_is_local(pa, &y->ask.lo) &&
		   !procattr_is_local(pa, &y->ask.hi) &&
		   procattr_other_ns(pa, &y->ask, &y->sock, &hi, &y->match)) {
		y->has_sock = true;
		y->other_ns = true;
		y->local_hi = hi;
	} else if (y->sock.inode == 0 && y->sock.l4 == y->ask.l4 &&
		   y->sock.lport != 0) {
		/* only the TIME_WAIT one: closed before seen */
		y->has_sock = true;
		y->match = MODEL_MATCH_EXACT;
		y->local_hi = hi;
	}
}

/* One round over the young connections with a fresh socket list. */
static void
procattr_young_round(struct procattr *pa, double now)
{
	uint64_t *miss;
	size_t nmiss = 0, keep = 0;

	miss = malloc((pa->nyoung ? pa->nyoung : 1) * sizeof(*miss));
	if (miss == NULL)
		return;
	/* first the inodes no answer is cached for */
	for (size_t i = 0; i < pa->nyoung; i++) {
		const struct sockdiag_sock *s = &pa->young[i].sock;
		const struct procattr_cached *c;

		memset(&pa->young[i].sock, 0, sizeof(pa->young[i].sock));
		if (pa->young[i].ask.l4 != IPPROTO_TCP &&
		    pa->young[i].ask.l4 != IPPROTO_UDP)
			continue;
		procattr_find(pa, &pa->young[i]);
		if (!pa->young[i].has_sock || s->inode == 0)
			continue;
		c = procattr_cache_slot(pa, s->inode, false);
		if (c == NULL || (!c->found && c->at < pa->young[i].since))
			miss[nmiss++] = s->inode;
	}
	procattr_scan(pa, miss, nmiss, now);
	free(miss);
	for (size_t i = 0; i < pa->nyoung; i++) {
		struct procattr_young *y = &pa->young[i];
		uint8_t match = y->match;
		bool hi = y->local_hi, old;
		const struct sockdiag_sock *s = y->has_sock ? &y->sock : NULL;
		const struct procattr_cached *c = NULL;

		y->tries++;
		old = now - y->since >= PROCATTR_RETRY_SEC && y->tries >= 3;
		if (y->ask.l4 != IPPROTO_TCP && y->ask.l4 != IPPROTO_UDP) {
			/* ICMP, MLD and the like: the kernel's, no socket */
			bool local = procattr_is_local(pa, &y->ask.lo) ||
				     procattr_is_local(pa, &y->ask.hi);

			procattr_answer(pa, y, local ? MODEL_PROC_NO_OWNER
						     : MODEL_PROC_NOT_LOCAL,
					MODEL_MATCH_NONE,
					!procattr_is_local(pa, &y->ask.lo),
					NULL, NULL);
			continue;
		}
		if (s == NULL) {
			if (!procattr_is_local(pa, &y->ask.lo) &&
			    !procattr_is_local(pa, &y->ask.hi))
				procattr_answer(pa, y, MODEL_PROC_NOT_LOCAL,
						MODEL_MATCH_NONE, false, NULL,
						NULL);
			else if (old)
				procattr_answer(pa, y, MODEL_PROC_CLOSED,
						MODEL_MATCH_NONE, false, NULL,
						NULL);
			else
				pa->young[keep++] = *y;
			continue;
		}
		if (s->inode == 0) {
			/* TIME_WAIT: closed before its owner could be seen */
			procattr_answer(pa, y, MODEL_PROC_CLOSED, match, hi,
					NULL, NULL);
			continue;
		}
		c = procattr_cache_slot(pa, s->inode, false);
		if (c != NULL && c->found)
			procattr_answer(pa, y, y->other_ns ? MODEL_PROC_OTHER_NETNS
							   : MODEL_PROC_FOUND,
					match, hi, s, c);
		else if (old)
			procattr_answer(pa, y, y->other_ns ? MODEL_PROC_OTHER_NETNS
							   : MODEL_PROC_NO_OWNER,
					match, hi, s, NULL);
		else
			pa->young[keep++] = *y;
	}
	pa->nyoung = keep;
}

static void
procattr_kernel_round(struct procattr *pa)
{
	size_t keep = 0;
	double wall = procattr_wall();

	for (size_t i = 0; i < pa->ntrack; i++) {
		struct procattr_track *t = &pa->track[i];
		struct sockdiag_sock sock;
		const struct sockdiag_sock *s = &sock;
		bool hi;

		memset(&sock, 0, sizeof(sock));
		if (!procattr_exact(pa, &t->ask, true, &sock, &hi) ||
		    sock.inode == 0 || !sock.has_info) {
			if (++t->misses >= 3)
				continue; /* closed: stop following it */
		} else {
			struct model_kernel_tcp k = {
				.at = wall,
				.srtt_us = s->info.srtt_us,
				.rttvar_us = s->info.rttvar_us,
				.retransmits = s->info.retransmits,
				.total_retrans = s->info.total_retrans,
				.snd_cwnd = s->info.snd_cwnd,
				.pacing_rate = s->info.pacing_rate,
				.delivery_rate = s->info.delivery_rate,
				.rwnd_limited_us = s->info.rwnd_limited_us,
				.sndbuf_limited_us = s->info.sndbuf_limited_us,
			};

			t->misses = 0;
			model_procs_kernel(pa->m, &t->ask, &k);
		}
		pa->track[keep++] = *t;
	}
	pa->ntrack = keep;
}

static void
procattr_take(struct procattr *pa, double now)
{
	struct model_proc_ask asks[512];
	size_t n;

	do {
		n = model_procs_take(pa->m, asks, 512);
		if (pa->nyoung + n > pa->young_cap) {
			size_t cap = pa->young_cap ? pa->young_cap * 2 : 1024;
			struct procattr_young *v;

			while (cap < pa->nyoung + n)
				cap *= 2;
			v = realloc(pa->young, cap * sizeof(*v));
			if (v == NULL)
				return; /* the taken ones stay "[unknown]" */
			pa->young = v;
			pa->young_cap = cap;
		}
		for (size_t i = 0; i < n; i++) {
			/* all of it: ICMP and the like never reach
			 * procattr_find, which sets the socket fields */
			memset(&pa->young[pa->nyoung], 0,
			       sizeof(pa->young[pa->nyoung]));
			pa->young[pa->nyoung].ask = asks[i];
			pa->young[pa->nyoung].since = now;
			pa->nyoung++;
		}
	} while (n == 512 && pa->nyoung < 65536);
}

/* Right after the young ones from FROM on arrived: each TCP or UDP one's
 * exact socket, and its owner from the cache or a quick scan. The ones
 * answered leave the young list; the rest wait for the usual rounds. */
static void
procattr_quick(struct procattr *pa, size_t from, double now)
{
	enum { QUICK_MAX = 64 };
	struct sockdiag_sock socks[QUICK_MAX];
	bool his[QUICK_MAX] = { false }, done[QUICK_MAX] = { false };
	size_t at[QUICK_MAX] = { 0 }, n = 0, nmiss = 0, keep;
	uint64_t miss[QUICK_MAX];

	for (size_t i = from; i < pa->nyoung && n < QUICK_MAX; i++) {
		const struct model_proc_ask *a = &pa->young[i].ask;

		if (a->l4 != IPPROTO_TCP && a->l4 != IPPROTO_UDP)
			continue;
		memset(&socks[n], 0, sizeof(socks[n]));
		if (!procattr_exact(pa, a, false, &socks[n], &his[n]) ||
		    socks[n].inode == 0)
			continue;
		done[n] = false;
		at[n++] = i;
	}
	for (size_t k = 0; k < n; k++) {
		const struct procattr_cached *c =
			procattr_cache_slot(pa, socks[k].inode, false);

		if (c == NULL || !c->found)
			miss[nmiss++] = socks[k].inode;
	}
	if (nmiss > 0 && now - pa->last_quick >= 1.0 / PROCATTR_QUICK_PER_SEC) {
		struct proc_owner *out = calloc(nmiss, sizeof(*out));

		pa->last_quick = now;
		if (out != NULL) {
			pa->owners(pa->arg, miss, nmiss, out);
			for (size_t k = 0; k < nmiss; k++) {
				out[k].inode = miss[k];
				/* only answers: a miss here is asked again
				 * by the usual rounds */
				if (out[k].pid > 0)
					procattr_cache_put(pa, &out[k], true,
							   now);
			}
			free(out);
		}
	}
	for (size_t k = 0; k < n; k++) {
		const struct procattr_cached *c =
			procattr_cache_slot(pa, socks[k].inode, false);

		if (c != NULL && c->found) {
			procattr_answer(pa, &pa->young[at[k]],
					MODEL_PROC_FOUND, MODEL_MATCH_EXACT,
					his[k], &socks[k], c);
			done[k] = true;
		}
	}
	/* the answered leave the list, the others keep their order */
	keep = from;
	for (size_t i = from, k = 0; i < pa->nyoung; i++) {
		while (k < n && at[k] < i)
			k++;
		if (k < n && at[k] == i && done[k])
			continue;
		pa->young[keep++] = pa->young[i];
	}
	pa->nyoung = keep;
}

static void
procattr_wake(void *arg)
{
	struct procattr *pa = arg;

	/* called under the model's lock by the committer: no wait here,
	 * pa->lock is only ever held for a moment */
	pthread_mutex_lock(&pa->lock);
	pa->kicked = true;
	pthread_cond_signal(&pa->cond);
	pthread_mutex_unlock(&pa->lock);
}

static void *
procattr_thread(void *arg)
{
	struct procattr *pa = arg;

	/* named, so its CPU time can be read from /proc/PID/task */
	pthread_setname_np(pthread_self(), "pktop-procs");
	pthread_mutex_lock(&pa->lock);
	while (!pa->stop) {
		struct timespec until;
		double now;

		pthread_mutex_unlock(&pa->lock);
		now = procattr_now();
		procattr_local_refresh(pa, now);
		procattr_ns_refresh(pa, now);
		{
			size_t before = pa->nyoung;

			procattr_take(pa, now);
			if (pa->nyoung > before)
				procattr_quick(pa, before, now);
		}
		if (pa->nyoung > 0 &&
		    now - pa->last_dump >= 1.0 / PROCATTR_DUMPS_PER_SEC &&
		    procattr_dump(pa, now) == 0)
			procattr_young_round(pa, now);
		if (pa->ntrack > 0 &&
		    now - pa->last_kernel >= PROCATTR_KERNEL_SEC) {
			pa->last_kernel = now;
			procattr_kernel_round(pa);
		}
		pthread_mutex_lock(&pa->lock);
		if (pa->stop)
			break;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += PROCATTR_TICK_MS * 1000000L;
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		if (!pa->kicked)
			pthread_cond_timedwait(&pa->cond, &pa->lock, &until);
		pa->kicked = false;
	}
	pthread_mutex_unlock(&pa->lock);
	return NULL;
}

struct procattr *
procattr_start(struct model *m, procattr_owners_fn owners, void *arg,
	       const char *note, char *err, size_t errlen)
{
	struct procattr *pa = calloc(1, sizeof(*pa));
	int rc;

	if (pa == NULL)
		goto nomem;
	pa->cache = calloc(PROCATTR_CACHE_MAX, sizeof(*pa->cache));
	pa->track = calloc(PROCATTR_TRACK_MAX, sizeof(*pa->track));
	if (pa->cache == NULL || pa->track == NULL)
		goto nomem;
	pa->m = m;
	pa->owners = owners;
	pa->arg = arg;
	snprintf(pa->note, sizeof(pa->note), "%s", note ? note : "");
	if (sockdiag_open(&pa->diag, err, errlen) < 0) {
		/* said on the Processes view, not fatal to the capture */
		model_procs_set_status(m, err);
		free(pa->cache);
		free(pa->track);
		free(pa);
		return NULL;
	}
	pthread_mutex_init(&pa->lock, NULL);
	pthread_cond_init(&pa->cond, NULL);
	model_procs_enable(m, true);
	model_procs_set_status(m, pa->note);
	rc = pthread_create(&pa->thread, NULL, procattr_thread, pa);
	if (rc == 0)
		model_procs_set_wake(m, procattr_wake, pa);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the process lookup "
					"thread: %s"), strerror(rc));
		model_procs_enable(m, false);
		pthread_mutex_destroy(&pa->lock);
		pthread_cond_destroy(&pa->cond);
		sockdiag_close(&pa->diag);
		goto fail;
	}
	return pa;
nomem:
	snprintf(err, errlen, "%s", _("out of memory"));
fail:
	if (pa != NULL) {
		free(pa->cache);
		free(pa->track);
	}
	free(pa);
	return NULL;
}

void
procattr_stop(struct procattr *pa)
{
	if (pa == NULL)
		return;
	/* under the model's lock: no commit calls procattr_wake after this */
	model_procs_set_wake(pa->m, NULL, NULL);
	pthread_mutex_lock(&pa->lock);
	pa->stop = true;
	pthread_cond_signal(&pa->cond);
	pthread_mutex_unlock(&pa->lock);
	pthread_join(pa->thread, NULL);
	pthread_mutex_destroy(&pa->lock);
	pthread_cond_destroy(&pa->cond);
	sockdiag_list_free(&pa->socks);
	sockdiag_close(&pa->diag);
	for (size_t i = 0; i < pa->nns; i++)
		sockdiag_close(&pa->ns[i].diag);
	free(pa->index);
	free(pa->young);
	free(pa->track);
	free(pa->cache);
	free(pa->local);
	free(pa);
}
