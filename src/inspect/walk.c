/*
 * walk: the display filter's worker. The UI thread posts a job (scope,
 * filter, range); the worker walks it in chunks with inspect_select
 * (the model lock only for the store's numbers and each copy, the
 * dissection after it), keeps the numbers found or feeds them into a
 * model of filtered tables, and publishes its position in an atomic.
 * Lock order: the walk's mutex is never held while the model's lock is
 * taken (inspect_select and inspect_feed run with it let go).
 */
#include "config.h"

#include "inspect/walk.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "base/thread.h"
#include "inspect/dfilter.h"
#include "inspect/inspect.h"
#include "model/model.h"

/* Packets selected per inspect_select call: a chunk's numbers reach the
 * UI together, so small enough to show the list growing. */
#define WALK_CHUNK 256

struct inspect_walk {
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;  /* a job or quit for the worker */
	pthread_cond_t idle;  /* the worker let its job go */
	atomic_bool stop;     /* cancel: checked before each packet */
	atomic_uint_fast64_t next; /* the job's position, for progress */

	/* Under MU. The job's fields are written only while the worker is
	 * idle (no job), and read by it only while it has one. */
	bool job, quit;
	struct inspect_scope sc;
	char *filter, *find;
	uint64_t from, before;
	struct model *dst;
	/* the numbers found, IDS[HEAD..NIDS) not taken yet */
	uint64_t *ids;
	size_t head, nids, capids;

	/* The worker's own: the UI thread touches them only while idle. */
	struct inspect *in;
	struct model_batch *batch;
	struct dfilter *df;
	char *dtext;
};

/* Append N numbers to what the UI will take; false when memory ran out
 * (the job stops: a list with a hole would mislead). */
static bool
walk_keep(struct inspect_walk *w, const uint64_t *ids, size_t n)
{
	bool ok = true;

	pthread_mutex_lock(&w->mu);
	if (w->head > 0) {
		memmove(w->ids, w->ids + w->head,
			(w->nids - w->head) * sizeof(*w->ids));
		w->nids -= w->head;
		w->head = 0;
	}
	if (w->nids + n > w->capids) {
		size_t cap = w->capids ? w->capids : 4096;
		uint64_t *grown;

		while (cap < w->nids + n)
			cap *= 2;
		grown = realloc(w->ids, cap * sizeof(*grown));
		if (grown == NULL) {
			ok = false;
			goto out;
		}
		w->ids = grown;
		w->capids = cap;
	}
	memcpy(w->ids + w->nids, ids, n * sizeof(*ids));
	w->nids += n;
out:
	pthread_mutex_unlock(&w->mu);
	return ok;
}

/* One job, without the walk's mutex. */
static void
walk_run(struct inspect_walk *w)
{
	struct inspect_scope sc = w->sc;
	uint64_t got[WALK_CHUNK], pos = w->from, next;
	size_t n;

	sc.dfilter = w->df;
	sc.stop = &w->stop;
	while (pos < w->before && !atomic_load(&w->stop)) {
		if (w->dst != NULL) {
			inspect_feed(w->in, &sc, pos, w->before, WALK_CHUNK,
				     w->dst, w->batch, &next);
		} else {
			n = inspect_select(w->in, &sc, pos, w->before, got,
					   WALK_CHUNK, &next);
			if (n > 0 && !walk_keep(w, got, n))
				break;
		}
		pos = next > pos ? next : w->before;
		atomic_store(&w->next, pos);
	}
}

static void *
walk_main(void *arg)
{
	struct inspect_walk *w = arg;

	pthread_mutex_lock(&w->mu);
	for (;;) {
		while (!w->job && !w->quit)
			pthread_cond_wait(&w->wake, &w->mu);
		if (w->quit)
			break;
		pthread_mutex_unlock(&w->mu);
		walk_run(w);
		pthread_mutex_lock(&w->mu);
		if (!atomic_load(&w->stop))
			atomic_store(&w->next, w->before);
		w->job = false;
		pthread_cond_broadcast(&w->idle);
	}
	pthread_mutex_unlock(&w->mu);
	return NULL;
}

struct inspect_walk *
inspect_walk_new(struct model *m)
{
	struct inspect_walk *w = calloc(1, sizeof(*w));

	if (w == NULL)
		return NULL;
	atomic_init(&w->stop, false);
	atomic_init(&w->next, 0);
	w->in = inspect_new(m);
	w->batch = model_batch_new(1024, 4u << 20);
	if (w->in == NULL || w->batch == NULL)
		goto fail;
	pthread_mutex_init(&w->mu, NULL);
	pthread_cond_init(&w->wake, NULL);
	pthread_cond_init(&w->idle, NULL);
	if (thread_start(&w->thread, walk_main, w) != 0) {
		pthread_cond_destroy(&w->idle);
		pthread_cond_destroy(&w->wake);
		pthread_mutex_destroy(&w->mu);
		goto fail;
	}
	return w;
fail:
	model_batch_free(w->batch);
	inspect_free(w->in);
	free(w);
	return NULL;
}

void
inspect_walk_cancel(struct inspect_walk *w)
{
	pthread_mutex_lock(&w->mu);
	if (w->job) {
		atomic_store(&w->stop, true);
		while (w->job)
			pthread_cond_wait(&w->idle, &w->mu);
		atomic_store(&w->stop, false);
	}
	w->nids = w->head = 0;
	pthread_mutex_unlock(&w->mu);
}

void
inspect_walk_free(struct inspect_walk *w)
{
	if (w == NULL)
		return;
	inspect_walk_cancel(w);
	pthread_mutex_lock(&w->mu);
	w->quit = true;
	pthread_cond_signal(&w->wake);
	pthread_mutex_unlock(&w->mu);
	pthread_join(w->thread, NULL);
	pthread_cond_destroy(&w->idle);
	pthread_cond_destroy(&w->wake);
	pthread_mutex_destroy(&w->mu);
	dfilter_free(w->df);
	free(w->dtext);
	free(w->filter);
	free(w->find);
	free(w->ids);
	model_batch_free(w->batch);
	inspect_free(w->in);
	free(w);
}

/* A copy of S, or NULL for NULL or ""; *FAILED when memory ran out. */
static char *
walk_strdup(const char *s, bool *failed)
{
	char *d;

	if (s == NULL || !s[0])
		return NULL;
	d = strdup(s);
	if (d == NULL)
		*failed = true;
	return d;
}

int
inspect_walk_post(struct inspect_walk *w, const struct inspect_scope *sc,
		  const char *dtext, uint64_t from, uint64_t before,
		  struct model *dst, bool restart)
{
	struct dfilter_error err;
	bool failed = false;

	inspect_walk_cancel(w);
	/* idle from here: the worker's fields are ours until the job */
	if (w->dtext == NULL || strcmp(w->dtext, dtext) != 0) {
		struct dfilter *df = dfilter_compile(dtext, &err);
		char *text = strdup(dtext);

		if (df == NULL || text == NULL) {
			dfilter_free(df);
			free(text);
			return -1;
		}
		dfilter_free(w->df);
		free(w->dtext);
		w->df = df;
		w->dtext = text;
		restart = true;
	}
	if (restart)
		inspect_dfilter_reset(w->in);
	free(w->filter);
	free(w->find);
	w->filter = walk_strdup(sc->filter, &failed);
	w->find = walk_strdup(sc->find, &failed);
	if (failed)
		return -1;
	pthread_mutex_lock(&w->mu);
	w->sc = *sc;
	w->sc.filter = w->filter;
	w->sc.find = w->find;
	w->sc.dfilter = NULL;
	w->sc.stop = NULL;
	w->from = from;
	w->before = before;
	w->dst = dst;
	atomic_store(&w->next, from);
	w->job = from < before;
	if (w->job)
		pthread_cond_signal(&w->wake);
	else
		atomic_store(&w->next, before);
	pthread_mutex_unlock(&w->mu);
	return 0;
}

bool
inspect_walk_busy(struct inspect_walk *w, uint64_t *next)
{
	bool job;

	pthread_mutex_lock(&w->mu);
	job = w->job;
	pthread_mutex_unlock(&w->mu);
	if (next != NULL)
		*next = atomic_load(&w->next);
	return job;
}

size_t
inspect_walk_take(struct inspect_walk *w, uint64_t *out, size_t max)
{
	size_t n;

	pthread_mutex_lock(&w->mu);
	n = w->nids - w->head < max ? w->nids - w->head : max;
	if (n > 0)
		memcpy(out, w->ids + w->head, n * sizeof(*out));
	w->head += n;
	if (w->head == w->nids)
		w->head = w->nids = 0;
	pthread_mutex_unlock(&w->mu);
	return n;
}
