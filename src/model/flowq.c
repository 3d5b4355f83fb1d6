/*
 * flowq: a ring of flow records under its own mutex, never the model
 * lock's: the exporter thread pops without touching the tables.
 */
#include "config.h"

#include "model/flowq.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

struct flowq {
	pthread_mutex_t lock;
	pthread_cond_t filled, emptied;
	struct flowq_rec *v;
	size_t size, head, n;
	bool closed;
	struct flowq_stats st;
};

struct flowq *
flowq_new(size_t size)
{
	struct flowq *q = calloc(1, sizeof(*q));

	if (q == NULL)
		return NULL;
	if (size == 0)
		size = FLOWQ_DEFAULT_SIZE;
	q->v = calloc(size, sizeof(*q->v));
	if (q->v == NULL) {
		free(q);
		return NULL;
	}
	q->size = size;
	pthread_mutex_init(&q->lock, NULL);
	pthread_cond_init(&q->filled, NULL);
	pthread_cond_init(&q->emptied, NULL);
	return q;
}

void
flowq_free(struct flowq *q)
{
	if (q == NULL)
		return;
	pthread_cond_destroy(&q->emptied);
	pthread_cond_destroy(&q->filled);
	pthread_mutex_destroy(&q->lock);
	free(q->v);
	free(q);
}

void
flowq_push(struct flowq *q, const struct flowq_rec *r, bool wait)
{
	pthread_mutex_lock(&q->lock);
	while (wait && q->n == q->size && !q->closed)
		pthread_cond_wait(&q->emptied, &q->lock);
	if (q->n == q->size || q->closed) {
		q->st.dropped++;
	} else {
		q->v[(q->head + q->n) % q->size] = *r;
		q->n++;
		q->st.pushed++;
		pthread_cond_signal(&q->filled);
	}
	pthread_mutex_unlock(&q->lock);
}

size_t
flowq_pop(struct flowq *q, struct flowq_rec *out, size_t max,
	  int timeout_ms)
{
	struct timespec until;
	size_t k = 0;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += timeout_ms / 1000;
	until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&q->lock);
	while (q->n == 0 && !q->closed)
		if (pthread_cond_timedwait(&q->filled, &q->lock, &until) ==
		    ETIMEDOUT)
			break;
	while (k < max && q->n > 0) {
		out[k++] = q->v[q->head];
		q->head = (q->head + 1) % q->size;
		q->n--;
	}
	if (k > 0)
		pthread_cond_broadcast(&q->emptied);
	pthread_mutex_unlock(&q->lock);
	return k;
}

void
flowq_close(struct flowq *q)
{
	pthread_mutex_lock(&q->lock);
	q->closed = true;
	pthread_cond_broadcast(&q->filled);
	pthread_cond_broadcast(&q->emptied);
	pthread_mutex_unlock(&q->lock);
}

bool
flowq_closed_empty(struct flowq *q)
{
	bool r;

	pthread_mutex_lock(&q->lock);
	r = q->closed && q->n == 0;
	pthread_mutex_unlock(&q->lock);
	return r;
}

void
flowq_stats(struct flowq *q, struct flowq_stats *out)
{
	pthread_mutex_lock(&q->lock);
	*out = q->st;
	pthread_mutex_unlock(&q->lock);
}
