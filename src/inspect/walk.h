/*
 * walk: a display filter's walk of the packet store on a thread of its
 * own, so the UI thread only posts a job and picks up the answer on its
 * next tick (a deep filter over 200k stored packets takes seconds).
 * The worker selects and dissects with inspect_select outside the model
 * lock, as every selection does; it never draws.
 */
#ifndef PKTOP_INSPECT_WALK_H
#define PKTOP_INSPECT_WALK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct inspect_scope;
struct model;

/* One worker thread and its job; NULL when memory or a thread ran out.
 * M: the model whose store is walked. */
struct inspect_walk;
struct inspect_walk *inspect_walk_new(struct model *m);
/* Cancels the job in progress and joins the thread. */
void inspect_walk_free(struct inspect_walk *w);

/* Post a job (a job in progress is cancelled first): the stored packets
 * from FROM before BEFORE kept by SC (its strings are copied; its
 * dfilter is ignored) and by display filter DTEXT, compiled again here
 * into a program the worker owns. DST NULL: their sequence numbers wait
 * for inspect_walk_take; else they are fed into DST (inspect_feed), and
 * DST must outlive the job (inspect_walk_cancel before freeing it).
 * RESTART: the filter's flows start over (a walk from the store's
 * start); a DTEXT other than the last one restarts too. -1 when DTEXT
 * does not compile or memory ran out (no job then). */
int inspect_walk_post(struct inspect_walk *w, const struct inspect_scope *sc,
		      const char *dtext, uint64_t from, uint64_t before,
		      struct model *dst, bool restart);

/* Stop the job in progress (the worker checks before each packet) and
 * wait until the worker has let it go; found numbers not taken yet are
 * dropped. Returns at once when there is no job. */
void inspect_walk_cancel(struct inspect_walk *w);

/* Whether a job is still running; *NEXT (may be NULL) gets the next
 * packet it will look at (the job's BEFORE once it is done). A job's
 * numbers are all takeable once this said false. */
bool inspect_walk_busy(struct inspect_walk *w, uint64_t *next);

/* The sequence numbers found since the last take, oldest first, at most
 * MAX into OUT (the rest on the next call). */
size_t inspect_walk_take(struct inspect_walk *w, uint64_t *out, size_t max);

#endif
