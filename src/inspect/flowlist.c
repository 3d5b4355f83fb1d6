/*
 * flowlist: the side table (a ring of entries indexed by store sequence
 * number) and its worker. The worker's loop: wait for a post, list the
 * stored packets of the next chunk (model lock, numbers only), copy each
 * out (model lock), dissect it with the flow state (TCP flows only) as
 * the CLI list does, its text discarded (no lock), then put the chunk's
 * entries under the flowlist's mutex. Lock order: the flowlist's mutex
 * is never held while the model's lock is taken.
 */
#include "config.h"

#include "inspect/flowlist.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/thread.h"
#include "decode/decode.h"
#include "decode/flowstate.h"
#include "decode/tree.h"
#include "inspect/packet_info.h"
#include "model/model.h"

/* Packets looked at per step: the UI sees the worker's progress (and a
 * post or free is answered) at least this often. */
#define FLOWLIST_CHUNK 512
/* Bytes of a packet copied out: as the tree path reads them. */
#define FLOWLIST_FRAME 262144u

/* ---- the side table ---- */

void
flowlist_table_init(struct flowlist_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
flowlist_table_free(struct flowlist_table *t)
{
	free(t->e);
	memset(t, 0, sizeof(*t));
}

void
flowlist_table_reset(struct flowlist_table *t)
{
	t->lo = t->hi = 0;
}

static struct flowlist_entry *
flowlist_at(const struct flowlist_table *t, uint64_t seq)
{
	return &t->e[seq & (t->cap - 1)];
}

/* Room for the entries [LO, SEQ]; false when memory ran out. */
static bool
flowlist_table_room(struct flowlist_table *t, uint64_t seq)
{
	struct flowlist_entry *grown;
	size_t need = (size_t)(seq - t->lo + 1), cap = t->cap ? t->cap : 1024;
	uint64_t k;

	if (need <= t->cap)
		return true;
	while (cap < need)
		cap *= 2;
	grown = malloc(cap * sizeof(*grown));
	if (grown == NULL)
		return false;
	for (k = t->lo; k < t->hi; k++)
		grown[k & (cap - 1)] = *flowlist_at(t, k);
	free(t->e);
	t->e = grown;
	t->cap = cap;
	return true;
}

int
flowlist_table_put(struct flowlist_table *t, uint64_t seq,
		   const struct flowlist_entry *e)
{
	if (t->lo == t->hi)
		t->lo = t->hi = seq;
	if (seq < t->hi)
		return 0; /* not in store order: nothing to say of it */
	if (seq - t->lo >= t->cap && !flowlist_table_room(t, seq))
		return -1;
	for (; t->hi < seq; t->hi++)
		memset(flowlist_at(t, t->hi), 0, sizeof(*e));
	*flowlist_at(t, seq) = *e;
	t->hi = seq + 1;
	return 0;
}

void
flowlist_table_forget(struct flowlist_table *t, uint64_t first)
{
	if (first <= t->lo)
		return;
	t->lo = first;
	if (t->hi < t->lo)
		t->hi = t->lo;
}

bool
flowlist_table_get(const struct flowlist_table *t, uint64_t seq,
		   struct flowlist_entry *e)
{
	if (seq < t->lo || seq >= t->hi)
		return false;
	*e = *flowlist_at(t, seq);
	return true;
}

uint32_t
flowlist_stamp(const struct model_packet *hdr)
{
	uint64_t us = (uint64_t)hdr->ts_sec * 1000000u + hdr->ts_usec;

	return (uint32_t)(us ^ us >> 32) ^ hdr->len * 2654435761u;
}

size_t
flowlist_table_bytes(const struct flowlist_table *t)
{
	return t->cap * sizeof(*t->e);
}

/* ---- the worker ---- */

struct inspect_flows {
	struct model *m;
	pthread_t thread;
	pthread_mutex_t mu;
	pthread_cond_t wake;    /* a post or quit for the worker */
	pthread_cond_t reached; /* the worker reached what was posted */
	atomic_uint_fast64_t done;
	atomic_bool other; /* describe met an entry of another packet */

	/* Under MU. */
	bool quit, restart;
	uint64_t first, before; /* the store as last posted */
	struct flowlist_table tab;

	/* The worker's own. */
	struct flowstate *fs;
	struct tree t; /* discarding: only what the flows keep */
	uint8_t *frame;
};

/* Step the flow state with stored packet SEQ, dissected as the CLI
 * list dissects it (the tree path, its text discarded: tunnels and all);
 * its entry into *E. */
static void
flowlist_step(struct inspect_flows *f, uint64_t seq,
	      struct flowlist_entry *e)
{
	struct flowstate_tcp_view v;
	struct model_packet hdr;
	struct decode_summary s;
	size_t caplen;
	bool again;

	memset(e, 0, sizeof(*e));
	if (model_packet_get(f->m, seq, &hdr, f->frame, FLOWLIST_FRAME) < 0)
		return;
	e->stamp = flowlist_stamp(&hdr);
	caplen = hdr.caplen < FLOWLIST_FRAME ? hdr.caplen : FLOWLIST_FRAME;
	flowstate_set_frame(f->fs, seq);
	flowstate_set_time(f->fs, model_packet_time(&hdr));
	tree_reset(&f->t);
	f->t.discard = true;
	decode_tree_flows(hdr.linktype, f->frame, caplen, hdr.len, PROTO_NONE,
			  f->fs, &s, &f->t);
	if (!flowstate_tcp_last(f->fs, &v, &again))
		return;
	e->seq = v.seq;
	e->ack = v.ack;
	e->window = v.window;
	e->dup_num = v.dup_num;
	e->dup_back = v.dup_frame <= seq && seq - v.dup_frame <= UINT32_MAX
			      ? (uint32_t)(seq - v.dup_frame)
			      : 0;
	e->flags = (uint16_t)v.flags;
	e->win_scale = (int8_t)v.win_scale;
	e->kind = FLOWLIST_TCP | (again ? FLOWLIST_AGAIN : 0);
}

/* One chunk from POS before BEFORE; where to go on. */
static uint64_t
flowlist_chunk(struct inspect_flows *f, uint64_t pos, uint64_t before)
{
	uint64_t got[FLOWLIST_CHUNK], next;
	struct flowlist_entry e[FLOWLIST_CHUNK];
	size_t n, i;

	/* every packet: the capture's summary does not look into tunnels
	 * (VXLAN, Geneve, GRE, 6in4), the tree does */
	n = model_packet_seqs_before(f->m, pos, before, NULL, NULL, got,
				     FLOWLIST_CHUNK);
	next = n == FLOWLIST_CHUNK ? got[n - 1] + 1 : before;
	for (i = 0; i < n; i++)
		flowlist_step(f, got[i], &e[i]);
	pthread_mutex_lock(&f->mu);
	if (!f->restart) {
		/* what the store let go first: the table stays its size */
		flowlist_table_forget(&f->tab, f->first);
		for (i = 0; i < n; i++)
			if (flowlist_table_put(&f->tab, got[i], &e[i]) < 0)
				break;
		atomic_store(&f->done, next);
		pthread_cond_broadcast(&f->reached);
	}
	pthread_mutex_unlock(&f->mu);
	return next;
}

static void *
flowlist_main(void *arg)
{
	struct inspect_flows *f = arg;
	uint64_t pos, before;

	pthread_mutex_lock(&f->mu);
	for (;;) {
		while (!f->quit && !f->restart &&
		       atomic_load(&f->done) >= f->before)
			pthread_cond_wait(&f->wake, &f->mu);
		if (f->quit)
			break;
		if (f->restart) {
			f->restart = false;
			flowlist_table_reset(&f->tab);
			flowstate_clear(f->fs);
			atomic_store(&f->done, f->first);
		}
		pos = atomic_load(&f->done);
		if (pos < f->first) {
			pos = f->first;
			atomic_store(&f->done, pos);
		}
		before = f->before;
		pthread_mutex_unlock(&f->mu);
		if (pos < before)
			(void)flowlist_chunk(f, pos, before);
		pthread_mutex_lock(&f->mu);
	}
	pthread_mutex_unlock(&f->mu);
	return NULL;
}

struct inspect_flows *
inspect_flows_new(struct model *m)
{
	struct inspect_flows *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return NULL;
	f->m = m;
	atomic_init(&f->done, 0);
	atomic_init(&f->other, false);
	flowlist_table_init(&f->tab);
	tree_init(&f->t);
	f->fs = flowstate_new();
	f->frame = malloc(FLOWLIST_FRAME);
	if (f->fs == NULL || f->frame == NULL)
		goto fail;
	flowstate_set_tcp_only(f->fs, true);
	pthread_mutex_init(&f->mu, NULL);
	pthread_cond_init(&f->wake, NULL);
	pthread_cond_init(&f->reached, NULL);
	if (thread_start(&f->thread, flowlist_main, f) != 0) {
		pthread_cond_destroy(&f->reached);
		pthread_cond_destroy(&f->wake);
		pthread_mutex_destroy(&f->mu);
		goto fail;
	}
	return f;
fail:
	flowstate_free(f->fs);
	tree_free(&f->t);
	free(f->frame);
	free(f);
	return NULL;
}

void
inspect_flows_free(struct inspect_flows *f)
{
	if (f == NULL)
		return;
	pthread_mutex_lock(&f->mu);
	f->quit = true;
	pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->mu);
	pthread_join(f->thread, NULL);
	pthread_cond_destroy(&f->reached);
	pthread_cond_destroy(&f->wake);
	pthread_mutex_destroy(&f->mu);
	flowlist_table_free(&f->tab);
	flowstate_free(f->fs);
	tree_free(&f->t);
	free(f->frame);
	free(f);
}

void
inspect_flows_post(struct inspect_flows *f, uint64_t first, uint64_t before)
{
	pthread_mutex_lock(&f->mu);
	/* seq 1 again: the store was cleared, or read again */
	if (before < f->before || atomic_exchange(&f->other, false))
		f->restart = true;
	f->first = first;
	f->before = before;
	if (f->restart || atomic_load(&f->done) < before)
		pthread_cond_signal(&f->wake);
	pthread_mutex_unlock(&f->mu);
}

uint64_t
inspect_flows_done(const struct inspect_flows *f)
{
	return f == NULL ? 0 : atomic_load(&f->done);
}

bool
inspect_flows_wait(struct inspect_flows *f, int ms)
{
	struct timespec until;
	bool reached;

	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_nsec += (long)ms * 1000000L;
	until.tv_sec += until.tv_nsec / 1000000000L;
	until.tv_nsec %= 1000000000L;
	pthread_mutex_lock(&f->mu);
	/* far behind (a file being read): no wait, the rows come later */
	if (f->restart || atomic_load(&f->done) + FLOWLIST_CHUNK < f->before)
		ms = 0;
	while (ms > 0 &&
	       !(reached = !f->restart && atomic_load(&f->done) >= f->before))
		if (pthread_cond_timedwait(&f->reached, &f->mu, &until) ==
		    ETIMEDOUT)
			break;
	reached = !f->restart && atomic_load(&f->done) >= f->before;
	pthread_mutex_unlock(&f->mu);
	return reached;
}

bool
inspect_flows_describe(struct inspect_flows *f, const struct model_packet *hdr,
		       const uint8_t *frame, size_t caplen, unsigned app,
		       struct tree *scratch, struct packet_info *pi)
{
	struct flowstate_tcp_view v;
	struct flowlist_entry e = { 0 };
	struct decode_summary s;
	struct flowstate *fs;
	bool known = false, reached = f == NULL;

	if (f != NULL) {
		pthread_mutex_lock(&f->mu);
		reached = !f->restart && hdr->seq < atomic_load(&f->done);
		known = reached && flowlist_table_get(&f->tab, hdr->seq, &e);
		pthread_mutex_unlock(&f->mu);
		if (known && e.stamp != flowlist_stamp(hdr)) {
			/* said of the packet stored here before */
			atomic_store(&f->other, true);
			known = reached = false;
		}
	}
	if (!known || !(e.kind & FLOWLIST_TCP) ||
	    (fs = flowstate_new()) == NULL) {
		packet_info_describe(hdr->linktype, frame, caplen, hdr->len,
				     app, scratch, pi);
		return reached;
	}
	memset(&v, 0, sizeof(v));
	v.seq = e.seq;
	v.ack = e.ack;
	v.nextseq = e.seq;
	v.window = e.window;
	v.win_scale = e.win_scale;
	v.flags = e.flags;
	v.dup_num = e.dup_num;
	v.dup_frame = hdr->seq - e.dup_back;
	v.stream = -1;
	v.relative = true;
	flowstate_tcp_given(fs, &v, (e.kind & FLOWLIST_AGAIN) != 0);
	tree_reset(scratch);
	decode_tree_flows(hdr->linktype, frame, caplen, hdr->len, app, fs, &s,
			  scratch);
	packet_info_from_tree(scratch, &s, pi);
	flowstate_free(fs);
	return true;
}
