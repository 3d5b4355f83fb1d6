/*
 * resolver: a fixed pool of threads taking addresses from a bounded
 * queue, answering into a uthash cache; all under one mutex. The shared
 * state is reference counted (the owner and each worker hold one): a
 * getnameinfo() may hang for the resolver timeout, and quitting must not
 * wait for it.
 */
#include "config.h"

#include "base/resolver.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "base/tabhash.h"
#include <uthash.h>

#define RESOLVER_QUEUE 256
#define RESOLVER_MAX_THREADS 16
#define RESOLVER_NAME_MAX 256

enum resolver_entry_state { RESOLVER_PENDING, RESOLVER_DONE, RESOLVER_FAILED };

struct resolver_entry {
	struct addr key;
	uint8_t state; /* enum resolver_entry_state */
	char name[RESOLVER_NAME_MAX];
	UT_hash_handle hh;
};

struct resolver {
	pthread_mutex_t lock;
	pthread_cond_t wake;
	int refs;          /* owner + running workers; guarded by lock */
	bool stop;
	struct resolver_entry *cache; /* insertion order: oldest first */
	size_t cache_max;
	struct addr queue[RESOLVER_QUEUE];
	size_t q_head, q_len;
	struct resolver_stats stats;
	resolver_lookup_fn backend;
};

static int
resolver_getnameinfo(const struct addr *a, char *name, size_t size)
{
	struct sockaddr_storage ss;
	socklen_t len;

	memset(&ss, 0, sizeof(ss));
	if (a->family == 4) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, a->bytes, 4);
		len = sizeof(*sin);
	} else if (a->family == 6) {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, a->bytes, 16);
		len = sizeof(*sin6);
	} else {
		return -1;
	}
	return getnameinfo((struct sockaddr *)&ss, len, name, (socklen_t)size,
			   NULL, 0, NI_NAMEREQD);
}

/* Called with the lock held; frees everything when the last ref goes. */
static void
resolver_unref_locked(struct resolver *r)
{
	struct resolver_entry *e, *tmp;

	if (--r->refs > 0) {
		pthread_mutex_unlock(&r->lock);
		return;
	}
	HASH_ITER(hh, r->cache, e, tmp) {
		HASH_DEL(r->cache, e);
		free(e);
	}
	pthread_mutex_unlock(&r->lock);
	pthread_cond_destroy(&r->wake);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

static void *
resolver_worker(void *arg)
{
	struct resolver *r = arg;
	char name[RESOLVER_NAME_MAX];
	struct resolver_entry *e;
	resolver_lookup_fn fn;
	struct addr a;
	int rc;

	pthread_mutex_lock(&r->lock);
	for (;;) {
		while (!r->stop && r->q_len == 0)
			pthread_cond_wait(&r->wake, &r->lock);
		if (r->stop)
			break;
		a = r->queue[r->q_head];
		r->q_head = (r->q_head + 1) % RESOLVER_QUEUE;
		r->q_len--;
		fn = r->backend ? r->backend : resolver_getnameinfo;
		pthread_mutex_unlock(&r->lock);

		name[0] = '\0';
		rc = fn(&a, name, sizeof(name));

		pthread_mutex_lock(&r->lock);
		HASH_FIND(hh, r->cache, &a, sizeof(a), e);
		if (!e) /* evicted while we asked: the answer is not kept */
			continue;
		if (rc == 0 && name[0]) {
			snprintf(e->name, sizeof(e->name), "%s", name);
			e->state = RESOLVER_DONE;
			r->stats.answered++;
		} else {
			e->state = RESOLVER_FAILED;
			r->stats.failed++;
		}
		r->stats.pending--;
	}
	resolver_unref_locked(r);
	return NULL;
}

struct resolver *
resolver_new(unsigned threads, size_t cache, char *err, size_t errlen)
{
	struct resolver *r;
	sigset_t all, old;
	pthread_attr_t attr;
	unsigned i, started = 0;

	if (threads == 0)
		threads = RESOLVER_DEFAULT_THREADS;
	if (threads > RESOLVER_MAX_THREADS)
		threads = RESOLVER_MAX_THREADS;
	r = calloc(1, sizeof(*r));
	if (!r) {
		snprintf(err, errlen, "resolver: out of memory");
		return NULL;
	}
	pthread_mutex_init(&r->lock, NULL);
	pthread_cond_init(&r->wake, NULL);
	r->cache_max = cache ? cache : RESOLVER_DEFAULT_CACHE;
	r->refs = 1;

	/* Workers take no signals: handlers run on the UI thread. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	for (i = 0; i < threads; i++) {
		pthread_t t;

		pthread_mutex_lock(&r->lock);
		r->refs++;
		pthread_mutex_unlock(&r->lock);
		if (pthread_create(&t, &attr, resolver_worker, r) != 0) {
			pthread_mutex_lock(&r->lock);
			r->refs--;
			pthread_mutex_unlock(&r->lock);
			break;
		}
		started++;
	}
	pthread_attr_destroy(&attr);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (started == 0) {
		snprintf(err, errlen, "resolver: cannot start a thread");
		pthread_mutex_lock(&r->lock);
		resolver_unref_locked(r);
		return NULL;
	}
	return r;
}

void
resolver_free(struct resolver *r)
{
	if (!r)
		return;
	pthread_mutex_lock(&r->lock);
	r->stop = true;
	pthread_cond_broadcast(&r->wake);
	resolver_unref_locked(r);
}

/* Make room for one more entry: drop the oldest answered one. */
static void
resolver_evict_locked(struct resolver *r)
{
	struct resolver_entry *e, *tmp;

	if (HASH_COUNT(r->cache) < r->cache_max)
		return;
	HASH_ITER(hh, r->cache, e, tmp) {
		if (e->state == RESOLVER_PENDING)
			continue;
		HASH_DEL(r->cache, e);
		free(e);
		return;
	}
}

bool
resolver_lookup(struct resolver *r, const struct addr *a, char *name,
		size_t size)
{
	struct resolver_entry *e;
	bool found = false;
	struct addr key;

	if (!r || !a || a->family == 0)
		return false;
	/* The key is the whole struct: copy so padding is always zero. */
	memset(&key, 0, sizeof(key));
	key.family = a->family;
	memcpy(key.bytes, a->bytes, a->family == 4 ? 4 : 16);

	pthread_mutex_lock(&r->lock);
	HASH_FIND(hh, r->cache, &key, sizeof(key), e);
	if (e) {
		if (e->state == RESOLVER_DONE) {
			snprintf(name, size, "%s", e->name);
			found = true;
		}
		goto out;
	}
	if (r->q_len == RESOLVER_QUEUE) {
		r->stats.dropped++;
		goto out;
	}
	resolver_evict_locked(r);
	if (HASH_COUNT(r->cache) >= r->cache_max) {
		r->stats.dropped++; /* every entry pending: ask later */
		goto out;
	}
	e = calloc(1, sizeof(*e));
	if (!e)
		goto out;
	e->key = key;
	e->state = RESOLVER_PENDING;
	HASH_ADD(hh, r->cache, key, sizeof(e->key), e);
	r->queue[(r->q_head + r->q_len) % RESOLVER_QUEUE] = key;
	r->q_len++;
	r->stats.pending++;
	pthread_cond_signal(&r->wake);
out:
	pthread_mutex_unlock(&r->lock);
	return found;
}

void
resolver_get_stats(struct resolver *r, struct resolver_stats *st)
{
	pthread_mutex_lock(&r->lock);
	*st = r->stats;
	st->cached = HASH_COUNT(r->cache);
	pthread_mutex_unlock(&r->lock);
}

void
resolver_set_backend(struct resolver *r, resolver_lookup_fn fn)
{
	pthread_mutex_lock(&r->lock);
	r->backend = fn;
	pthread_mutex_unlock(&r->lock);
}
