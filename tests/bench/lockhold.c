/* lockhold: an LD_PRELOAD shim that times how long each pthread mutex is
 * held (lock or trylock to unlock) and, at exit, prints for each mutex the
 * holds, their median, 99th percentile and longest. The holds are timed
 * in the holding thread's CPU time, so a thread the scheduler puts aside
 * while it holds the lock (a loaded machine) does not count as work done
 * under it; the longest wall-clock hold is printed too. For
 * pktop the model lock is the one the commit and the UI share: run.sh
 * uses it to show what a commit's hold costs the UI under a flood.
 *
 *   LD_PRELOAD=tests/bench/lockhold.so pktop --batch -r F
 *
 * A mutex a condition variable waits on is released inside libc without
 * unlock, so its holds read long and mean nothing: its line says "cond"
 * (pktop's model lock has no condition variable; the committer's has). */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define LH_MUTEXES 16
#define LH_BUCKETS 40 /* 2^k microseconds */
#define LH_NEST 8

struct lh_mutex {
	void *addr;
	uint64_t count, max_ns, max_wall_ns;
	uint64_t hist[LH_BUCKETS];
	int cond; /* a condition variable waited on it */
};

static struct lh_mutex lh_tab[LH_MUTEXES];
static int (*lh_lock)(pthread_mutex_t *);
static int (*lh_trylock)(pthread_mutex_t *);
static int (*lh_unlock)(pthread_mutex_t *);
static __thread struct { void *addr; uint64_t t0, w0; } lh_held[LH_NEST];
static __thread int lh_nheld;

static uint64_t lh_now(clockid_t clock)
{
	struct timespec t;

	clock_gettime(clock, &t);
	return (uint64_t)t.tv_sec * 1000000000u + (uint64_t)t.tv_nsec;
}

static void lh_init(void)
{
	if (lh_lock == NULL) {
		lh_lock = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_lock");
		lh_trylock = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_trylock");
		lh_unlock = (int (*)(pthread_mutex_t *))dlsym(RTLD_NEXT, "pthread_mutex_unlock");
	}
}

static void lh_acquired(pthread_mutex_t *m)
{
	if (lh_nheld < LH_NEST) {
		lh_held[lh_nheld].addr = m;
		lh_held[lh_nheld].t0 = lh_now(CLOCK_THREAD_CPUTIME_ID);
		lh_held[lh_nheld].w0 = lh_now(CLOCK_MONOTONIC);
	}
	lh_nheld++;
}

/* The slot of ADDR, claimed if new; NULL when the table is full. Slots
 * are claimed with a compare-and-swap, so two threads agree on one. */
static struct lh_mutex *lh_slot(void *addr)
{
	int i;

	for (i = 0; i < LH_MUTEXES; i++) {
		struct lh_mutex *x = &lh_tab[i];
		void *want = NULL;

		if (__atomic_load_n(&x->addr, __ATOMIC_SEQ_CST) == addr ||
		    __atomic_compare_exchange_n(&x->addr, &want, addr, 0,
						__ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST) ||
		    want == addr)
			return x;
	}
	return NULL;
}

static void lh_record(void *addr, uint64_t ns, uint64_t wall)
{
	uint64_t us = ns / 1000;
	int b = 0;
	struct lh_mutex *x = lh_slot(addr);

	while (us > 0 && b < LH_BUCKETS - 1) {
		us >>= 1;
		b++;
	}
	if (x == NULL)
		return;
	/* the caller holds ADDR: one thread at a time updates its slot */
	x->count++;
	x->hist[b]++;
	if (ns > x->max_ns)
		x->max_ns = ns;
	if (wall > x->max_wall_ns)
		x->max_wall_ns = wall;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m)
{
	static int (*next)(pthread_cond_t *, pthread_mutex_t *);
	struct lh_mutex *x = lh_slot(m);

	if (next == NULL) {
		/* the default version; plain dlsym may find glibc's 2.2.5 one */
		next = (int (*)(pthread_cond_t *, pthread_mutex_t *))
			dlvsym(RTLD_NEXT, "pthread_cond_wait", "GLIBC_2.3.2");
		if (next == NULL)
			next = (int (*)(pthread_cond_t *, pthread_mutex_t *))
				dlsym(RTLD_NEXT, "pthread_cond_wait");
	}
	if (x != NULL)
		x->cond = 1;
	return next(c, m);
}

int pthread_mutex_lock(pthread_mutex_t *m)
{
	int rc;

	lh_init();
	rc = lh_lock(m);
	if (rc == 0)
		lh_acquired(m);
	return rc;
}

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int rc;

	lh_init();
	rc = lh_trylock(m);
	if (rc == 0)
		lh_acquired(m);
	return rc;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	int i;

	lh_init();
	for (i = (lh_nheld < LH_NEST ? lh_nheld : LH_NEST) - 1; i >= 0; i--) {
		if (lh_held[i].addr == (void *)m) {
			lh_record(m, lh_now(CLOCK_THREAD_CPUTIME_ID) - lh_held[i].t0,
				  lh_now(CLOCK_MONOTONIC) - lh_held[i].w0);
			lh_held[i] = lh_held[(lh_nheld < LH_NEST ? lh_nheld : LH_NEST) - 1];
			break;
		}
	}
	if (lh_nheld > 0)
		lh_nheld--;
	return lh_unlock(m);
}

/* The upper edge of the bucket the Q-th quantile falls in. */
static uint64_t lh_quantile(const struct lh_mutex *x, double q)
{
	uint64_t want = (uint64_t)((double)x->count * q), seen = 0;
	int b;

	for (b = 0; b < LH_BUCKETS; b++) {
		seen += x->hist[b];
		if (seen > want)
			return (uint64_t)1 << b;
	}
	return (uint64_t)1 << (LH_BUCKETS - 1);
}

__attribute__((destructor)) static void lh_report(void)
{
	int i;

	for (i = 0; i < LH_MUTEXES; i++) {
		const struct lh_mutex *x = &lh_tab[i];

		if (x->addr == NULL || x->count < 2)
			continue;
		fprintf(stderr,
			"lockhold: mutex %p%s: %llu holds, CPU time held: median <= %llu us, p90 <= %llu us, p99 <= %llu us, longest %.1f ms (wall clock %.1f ms)\n",
			x->addr, x->cond ? " (cond)" : "",
			(unsigned long long)x->count,
			(unsigned long long)lh_quantile(x, 0.5),
			(unsigned long long)lh_quantile(x, 0.9),
			(unsigned long long)lh_quantile(x, 0.99),
			(double)x->max_ns / 1e6, (double)x->max_wall_ns / 1e6);
	}
}
