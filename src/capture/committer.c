/*
 * committer: batches move in a circle. The capture thread fills CUR; a
 * full one joins the queue [head, head + queued) of the array; the
 * thread applies the oldest and puts it back as empty. The array is the
 * circle itself: with COMMITTER_BATCHES slots, the batch after the
 * queue's end is always the one the capture thread may fill next.
 */
#include "config.h"

#include "capture/committer.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/thread.h"
#include "decode/flowstate.h"
#include "decode/tree.h"
#include "inspect/dfilter.h"
#include "inspect/inspect.h"
#include "model/model.h"
#include "model/model_batch.h"

struct committer {
	struct model *m;
	struct model_batch *b[COMMITTER_BATCHES];
	size_t cur;      /* the capture thread's batch */
	size_t head;     /* the oldest batch handed over */
	size_t queued;   /* handed over and not yet applied */
	bool quit;
	pthread_mutex_t lock;
	pthread_cond_t work;  /* queued rose, or quit */
	pthread_cond_t freed; /* queued fell */
	pthread_t thread;
	/* -Y: the filter, and what its tree walk keeps across packets */
	const struct dfilter *df;
	struct flowstate *flows;
	struct tree t;
	uint64_t number;  /* frames seen, for frame.number */
};

/* Keep the packets of B that the display filter matches, in order. The
 * bytes stay where they are in the batch's buffer. */
static void
committer_filter(struct committer *q, struct model_batch *b)
{
	size_t kept = 0;
	bool tree = dfilter_needs_tree(q->df);

	for (size_t i = 0; i < b->n; i++) {
		struct model_batch_pkt *k = &b->pkts[i];
		struct dfilter_packet dp = {
			.number = ++q->number,
			.time = (double)k->ts_sec + k->ts_usec * 1e-6,
			.len = k->len,
			.caplen = k->caplen,
			.data = b->buf + k->off,
			.t = tree ? &q->t : NULL,
		};

		if (tree) {
			struct decode_summary s;

			tree_reset(&q->t);
			inspect_dissect_frame(q->flows, dp.time, k->linktype,
					      dp.data, k->caplen, k->len,
					      PROTO_NONE, &s, &q->t);
		}
		if (!dfilter_match(q->df, &dp))
			continue;
		if (kept != i)
			b->pkts[kept] = *k;
		kept++;
	}
	b->n = kept;
}

static void *
committer_thread(void *arg)
{
	struct committer *q = arg;

	pthread_mutex_lock(&q->lock);
	for (;;) {
		while (q->queued == 0 && !q->quit)
			pthread_cond_wait(&q->work, &q->lock);
		if (q->queued == 0)
			break; /* quit, and nothing left to apply */
		pthread_mutex_unlock(&q->lock);
		/* the head stays out of the capture thread's reach until
		 * queued falls */
		if (q->df)
			committer_filter(q, q->b[q->head]);
		model_batch_commit(q->m, q->b[q->head]);
		pthread_mutex_lock(&q->lock);
		q->head = (q->head + 1) % COMMITTER_BATCHES;
		q->queued--;
		pthread_cond_broadcast(&q->freed);
	}
	pthread_mutex_unlock(&q->lock);
	return NULL;
}

struct committer *
committer_new(struct model *m, size_t max_packets, size_t max_bytes,
	      const struct dfilter *df, char *err, size_t errlen)
{
	struct committer *q = calloc(1, sizeof(*q));
	int rc;

	if (q == NULL)
		goto nomem;
	q->m = m;
	q->df = df;
	tree_init(&q->t);
	if (df && dfilter_needs_tree(df)) {
		q->flows = flowstate_new();
		if (q->flows == NULL)
			goto nomem;
	}
	for (size_t i = 0; i < COMMITTER_BATCHES; i++) {
		q->b[i] = model_batch_new(max_packets, max_bytes);
		if (q->b[i] == NULL)
			goto nomem;
	}
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->work, NULL);
	pthread_cond_init(&q->freed, NULL);
	rc = thread_start(&q->thread, committer_thread, q);
	if (rc != 0) {
		snprintf(err, errlen, _("cannot start the capture thread: %s"),
			 strerror(rc));
		pthread_cond_destroy(&q->freed);
		pthread_cond_destroy(&q->work);
		pthread_mutex_destroy(&q->lock);
		goto fail;
	}
	return q;
nomem:
	snprintf(err, errlen, "%s", _("out of memory"));
fail:
	if (q != NULL) {
		for (size_t i = 0; i < COMMITTER_BATCHES; i++)
			model_batch_free(q->b[i]);
		flowstate_free(q->flows);
		tree_free(&q->t);
	}
	free(q);
	return NULL;
}

struct model_batch *
committer_batch(struct committer *q)
{
	return q->b[q->cur];
}

struct model_batch *
committer_pass(struct committer *q)
{
	if (q->b[q->cur]->n == 0)
		return q->b[q->cur];
	pthread_mutex_lock(&q->lock);
	q->queued++;
	pthread_cond_signal(&q->work);
	/* the next batch is free once fewer than all are queued */
	while (q->queued == COMMITTER_BATCHES)
		pthread_cond_wait(&q->freed, &q->lock);
	pthread_mutex_unlock(&q->lock);
	q->cur = (q->cur + 1) % COMMITTER_BATCHES;
	return q->b[q->cur];
}

void
committer_drain(struct committer *q)
{
	pthread_mutex_lock(&q->lock);
	while (q->queued > 0)
		pthread_cond_wait(&q->freed, &q->lock);
	pthread_mutex_unlock(&q->lock);
}

void
committer_free(struct committer *q)
{
	if (q == NULL)
		return;
	pthread_mutex_lock(&q->lock);
	q->quit = true;
	pthread_cond_signal(&q->work);
	pthread_mutex_unlock(&q->lock);
	pthread_join(q->thread, NULL);
	pthread_cond_destroy(&q->freed);
	pthread_cond_destroy(&q->work);
	pthread_mutex_destroy(&q->lock);
	for (size_t i = 0; i < COMMITTER_BATCHES; i++)
		model_batch_free(q->b[i]);
	flowstate_free(q->flows);
	tree_free(&q->t);
	free(q);
}
