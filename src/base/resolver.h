/*
 * resolver: reverse DNS off the drawing and capture paths. A few worker
 * threads run getnameinfo() on addresses asked for; answers wait in a
 * bounded cache. A lookup never blocks: it answers from the cache or
 * queues the address and says "not yet", so the address shows until the
 * name arrives. Names come from the network: escape them before display.
 */
#ifndef PKTOP_RESOLVER_H
#define PKTOP_RESOLVER_H

#include <stdbool.h>
#include <stddef.h>

#include "base/addr.h"

struct resolver;

#define RESOLVER_DEFAULT_THREADS 4
#define RESOLVER_DEFAULT_CACHE 4096

/* THREADS workers (0: default), at most CACHE names kept (0: default).
 * NULL with a message in ERR when no thread could start. */
struct resolver *resolver_new(unsigned threads, size_t cache, char *err,
			      size_t errlen);

/* Stop the workers. Threads stuck in a slow DNS query finish on their
 * own; the last one out frees the shared state, so this never waits. */
void resolver_free(struct resolver *r);

/* The name of A into NAME when known (true); false when it is being
 * looked up, has no name, or the queue is full (asked again later). */
bool resolver_lookup(struct resolver *r, const struct addr *a, char *name,
		     size_t size);

/* Counters, for tests and the status line. */
struct resolver_stats {
	size_t cached, pending, answered, failed, dropped;
};
void resolver_get_stats(struct resolver *r, struct resolver_stats *st);

/* Tests: replace getnameinfo with FN (NULL restores it). FN fills NAME
 * and returns 0, or returns non-zero for "no name". */
typedef int (*resolver_lookup_fn)(const struct addr *a, char *name,
				  size_t size);
void resolver_set_backend(struct resolver *r, resolver_lookup_fn fn);

#endif
