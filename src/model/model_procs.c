/*
 * model_procs: process attribution inside the model. The committer queues
 * each new connection (an O(1) push, no lookup on its thread); the lookup
 * thread (capture/procattr.c) takes the queue, finds the owners without
 * the lock and hands the answers back by connection id. Owners are kept
 * once per process in a bounded table of slots the connections name by
 * slot and generation. The Processes table sums every connection into its
 * owner's row or into one of the rows that say why there is none.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/model.h"
#include "model/model_impl.h"

void
model_procs_enable(struct model *m, bool on)
{
	struct model_procs *p = &m->procs;

	pthread_mutex_lock(&m->lock);
	if (on && p->owners == NULL) {
		p->owners = calloc(MODEL_OWNERS_MAX, sizeof(*p->owners));
		p->queue = calloc(MODEL_PROCS_QUEUE, sizeof(*p->queue));
		if (p->owners == NULL || p->queue == NULL) {
			free(p->owners);
			free(p->queue);
			p->owners = NULL;
			p->queue = NULL;
			on = false;
		}
	}
	p->on = on;
	m->changes++;
	pthread_mutex_unlock(&m->lock);
}

void
model_procs_set_status(struct model *m, const char *why)
{
	pthread_mutex_lock(&m->lock);
	snprintf(m->procs.status, sizeof(m->procs.status), "%s",
		 why != NULL ? why : "");
	pthread_mutex_unlock(&m->lock);
}

void
model_procs_set_wake(struct model *m, void (*fn)(void *), void *arg)
{
	pthread_mutex_lock(&m->lock);
	m->procs.wake = fn;
	m->procs.wake_arg = arg;
	pthread_mutex_unlock(&m->lock);
}

void
model_procs_free(struct model *m)
{
	free(m->procs.owners);
	free(m->procs.queue);
	memset(&m->procs, 0, sizeof(m->procs));
}

void
model_procs_note_new(struct model *m, const struct conn_entry *c)
{
	struct model_procs *p = &m->procs;
	struct model_proc_ask *a;

	if (!p->on)
		return;
	if (p->qlen == MODEL_PROCS_QUEUE) {
		p->missed++; /* the connection stays "[unknown]" */
		return;
	}
	a = &p->queue[(p->qhead + p->qlen) % MODEL_PROCS_QUEUE];
	p->qlen++;
	p->queued = true;
	a->conn_id = c->id;
	a->l4 = c->key.l4;
	a->lo = c->key.lo;
	a->hi = c->key.hi;
	a->lo_port = c->key.lo_port;
	a->hi_port = c->key.hi_port;
}

size_t
model_procs_take(struct model *m, struct model_proc_ask *out, size_t max)
{
	struct model_procs *p = &m->procs;
	size_t n = 0;

	pthread_mutex_lock(&m->lock);
	while (n < max && p->qlen > 0) {
		out[n++] = p->queue[p->qhead];
		p->qhead = (p->qhead + 1) % MODEL_PROCS_QUEUE;
		p->qlen--;
	}
	pthread_mutex_unlock(&m->lock);
	return n;
}

struct conn_key
model_proc_ask_key(const struct model_proc_ask *ask)
{
	struct conn_key k;

	memset(&k, 0, sizeof(k));
	k.l4 = ask->l4;
	k.lo = ask->lo;
	k.hi = ask->hi;
	k.lo_port = ask->lo_port;
	k.hi_port = ask->hi_port;
	return k;
}

/* The live entry ASK names, or NULL. Lock held. */
static struct conn_entry *
model_procs_find(struct model *m, const struct model_proc_ask *ask)
{
	struct conn_key k;
	struct conn_entry *c;

	k = model_proc_ask_key(ask);
	c = conntab_find(&m->conns, &k, conntab_hash(&k));
	if (c == NULL || !c->live || c->id != ask->conn_id)
		return NULL;
	return c;
}

static bool
model_owner_same(const struct model_proc_info *a,
		 const struct model_proc_info *b)
{
	return a->pid == b->pid && a->uid == b->uid &&
	       strcmp(a->comm, b->comm) == 0 && strcmp(a->exe, b->exe) == 0 &&
	       strcmp(a->cgroup, b->cgroup) == 0;
}

/* The slot for INFO's process, taken (the least recently used let go at
 * the cap) when new. Lock held. */
static size_t
model_owner_slot(struct model *m, const struct model_proc_info *info,
		 double now)
{
	struct model_procs *p = &m->procs;
	size_t i, oldest = 0;

	for (i = 0; i < p->nowners; i++)
		if (p->owners[i].used &&
		    model_owner_same(&p->owners[i].info, info))
			goto found;
	if (p->nowners < MODEL_OWNERS_MAX) {
		i = p->nowners++;
	} else {
		for (i = 1; i < p->nowners; i++)
			if (p->owners[i].last_used <
			    p->owners[oldest].last_used)
				oldest = i;
		i = oldest;
		p->evicted++;
	}
	p->owners[i].gen++;
	p->owners[i].used = true;
	p->owners[i].info = *info;
	p->owners[i].info.match = MODEL_MATCH_NONE;
found:
	p->owners[i].last_used = now;
	return i;
}

void
model_procs_answer(struct model *m, const struct model_proc_ask *ask,
		   const struct model_proc_info *info)
{
	struct conn_entry *c;

	pthread_mutex_lock(&m->lock);
	c = model_procs_find(m, ask);
	if (c == NULL || m->procs.owners == NULL)
		goto out;
	c->proc_status = info->status;
	c->proc_match = info->match;
	c->proc_flags = 0;
	if (info->uid_known)
		c->proc_flags |= CONN_PROC_UID_KNOWN;
	if (info->local_is_hi)
		c->proc_flags |= CONN_PROC_LOCAL_HI;
	c->uid = info->uid;
	c->owner = 0;
	if (info->pid > 0) {
		size_t i = model_owner_slot(m, info, model_now(m));

		c->owner = (uint16_t)(i + 1);
		c->owner_gen = m->procs.owners[i].gen;
	}
	m->changes++;
out:
	pthread_mutex_unlock(&m->lock);
}

void
model_procs_kernel(struct model *m, const struct model_proc_ask *ask,
		   const struct model_kernel_tcp *k)
{
	struct conn_entry *c;

	pthread_mutex_lock(&m->lock);
	c = model_procs_find(m, ask);
	if (c != NULL) {
		if (c->kernel == NULL) {
			c->kernel = malloc(sizeof(*c->kernel));
			if (c->kernel != NULL)
				m->conns.kernel_bytes += sizeof(*c->kernel);
		}
		if (c->kernel != NULL)
			*c->kernel = *k;
	}
	pthread_mutex_unlock(&m->lock);
}

/* C's owner slot, or NULL when it has none or it was let go. */
static const struct model_owner *
model_conn_owner(const struct model *m, const struct conn_entry *c)
{
	const struct model_owner *o;

	if (c->owner == 0 || m->procs.owners == NULL ||
	    c->owner > m->procs.nowners)
		return NULL;
	o = &m->procs.owners[c->owner - 1];
	return o->gen == c->owner_gen ? o : NULL;
}

/* C's status, with a let-go owner read as "no owner". */
static uint8_t
model_conn_status(const struct model *m, const struct conn_entry *c)
{
	if (c->proc_status == MODEL_PROC_FOUND && model_conn_owner(m, c) == NULL)
		return MODEL_PROC_NO_OWNER;
	return c->proc_status;
}

/* C's owner row: its process when it has one (found here or in another
 * namespace), else the row of its status. */
static bool
model_conn_has_owner(const struct model *m, const struct conn_entry *c)
{
	return model_conn_owner(m, c) != NULL;
}

uint32_t
model_proc_key(const struct model *m, const struct conn_entry *c)
{
	uint8_t st = model_conn_status(m, c);

	if (model_conn_has_owner(m, c))
		return c->owner;
	return MODEL_PROC_KEY_STATUS | st;
}

void
model_proc_row_fill(const struct model *m, const struct conn_entry *c,
		    struct model_conn_row *r)
{
	const struct model_owner *o = model_conn_owner(m, c);

	r->proc_status = model_conn_status(m, c);
	r->proc_match = c->proc_match;
	r->uid_known = (c->proc_flags & CONN_PROC_UID_KNOWN) != 0;
	r->uid = c->uid;
	r->local_is_a = ((c->proc_flags & CONN_PROC_LOCAL_HI) != 0) ==
			(bool)c->a_is_hi;
	r->pid = 0;
	r->comm[0] = r->container[0] = r->exe[0] = r->cgroup[0] = '\0';
	r->has_kernel = c->kernel != NULL;
	if (c->kernel != NULL)
		r->kernel = *c->kernel;
	else
		memset(&r->kernel, 0, sizeof(r->kernel));
	if (o != NULL) {
		memcpy(r->exe, o->info.exe, sizeof(r->exe));
		memcpy(r->cgroup, o->info.cgroup, sizeof(r->cgroup));
		r->exe[sizeof(r->exe) - 1] = '\0';
		r->cgroup[sizeof(r->cgroup) - 1] = '\0';
		r->pid = o->info.pid;
		memcpy(r->comm, o->info.comm, sizeof(r->comm));
		memcpy(r->container, o->info.container, sizeof(r->container));
		r->comm[sizeof(r->comm) - 1] = '\0';
		r->container[sizeof(r->container) - 1] = '\0';
	}
}

int
model_connection_proc(struct model *m, uint64_t id,
		      struct model_proc_info *info, struct model_kernel_tcp *k,
		      bool *has_k)
{
	int rc = -1;

	if (has_k != NULL)
		*has_k = false;
	memset(info, 0, sizeof(*info));
	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->conns.slab.nchunks && rc < 0; i++) {
		const struct conn_entry *c = m->conns.slab.chunks[i];
		size_t count = slab_chunk_count(&m->conns.slab, i);

		for (size_t j = 0; j < count; j++) {
			const struct model_owner *o;

			if (!c[j].live || c[j].id != id)
				continue;
			o = model_conn_owner(m, &c[j]);
			if (o != NULL)
				*info = o->info;
			info->status = model_conn_status(m, &c[j]);
			info->match = c[j].proc_match;
			info->uid_known =
				(c[j].proc_flags & CONN_PROC_UID_KNOWN) != 0;
			info->uid = c[j].uid;
			info->local_is_a =
				((c[j].proc_flags & CONN_PROC_LOCAL_HI) != 0) ==
				(bool)c[j].a_is_hi;
			if (k != NULL && c[j].kernel != NULL) {
				*k = *c[j].kernel;
				if (has_k != NULL)
					*has_k = true;
			}
			rc = 0;
			break;
		}
	}
	pthread_mutex_unlock(&m->lock);
	return rc;
}

/* ---- the Processes table ---- */

static enum model_sort model_procs_sort_by;
static bool model_procs_sort_up;

static double
model_proc_sort_key(const struct model_proc_row *r, enum model_sort s)
{
	switch (s) {
	case MODEL_SORT_RATE_2S:
	case MODEL_SORT_RATE_10S:
	case MODEL_SORT_RATE_40S:
		return r->in_rate[s] + r->out_rate[s];
	case MODEL_SORT_BYTES:
		return (double)(r->in_bytes + r->out_bytes);
	case MODEL_SORT_PACKETS:
		return (double)(r->in_packets + r->out_packets);
	case MODEL_SORT_FIRST:
		return (double)r->pid;
	case MODEL_SORT_LAST:
		return (double)r->connections;
	default:
		return 0.0;
	}
}

static int
model_proc_cmp(const void *pa, const void *pb)
{
	const struct model_proc_row *a = pa, *b = pb;
	int d;

	if (model_procs_sort_by == MODEL_SORT_ADDR) {
		d = strcmp(a->comm, b->comm);
		if (d == 0)
			d = (a->pid > b->pid) - (a->pid < b->pid);
	} else {
		double x = model_proc_sort_key(a, model_procs_sort_by);
		double y = model_proc_sort_key(b, model_procs_sort_by);

		d = (x > y) - (x < y);
		if (d == 0)
			return (a->key > b->key) - (a->key < b->key);
	}
	return model_procs_sort_up ? d : -d;
}

static pthread_mutex_t model_procs_sort_lock = PTHREAD_MUTEX_INITIALIZER;

static bool
model_proc_row_matches(const struct model_proc_row *r, const char *match)
{
	char pid[16];

	if (match == NULL || match[0] == '\0')
		return true;
	snprintf(pid, sizeof(pid), "%d", (int)r->pid);
	return strcasestr(r->comm, match) != NULL ||
	       strcasestr(r->container, match) != NULL ||
	       strcasestr(r->exe, match) != NULL ||
	       (r->pid != 0 && strcmp(pid, match) == 0);
}

size_t
model_processes(struct model *m, const struct model_query *q,
		struct model_proc_row *out, size_t *matched)
{
	const size_t nspecial = MODEL_PROC_STATUS_COUNT;
	struct model_proc_row *rows;
	size_t nrows, n = 0, pass = 0;
	double now;

	/* one row per owner slot, then one per status (NONE..CLOSED) */
	nrows = MODEL_OWNERS_MAX + nspecial;
	rows = calloc(nrows, sizeof(*rows));
	if (rows == NULL)
		goto out;
	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	for (size_t i = 0; i < m->conns.slab.nchunks; i++) {
		const struct conn_entry *c = m->conns.slab.chunks[i];
		size_t count = slab_chunk_count(&m->conns.slab, i);

		for (size_t j = 0; j < count; j++) {
			const struct conn_entry *e = &c[j];
			uint32_t key;
			struct model_proc_row *r;
			int in, out_dir;
			double rt[MODEL_RATE_COUNT];

			if (!e->live)
				continue;
			/* a host's processes: its connections only */
			if (q->host != NULL && !addr_equal(&e->key.lo, q->host) &&
			    !addr_equal(&e->key.hi, q->host))
				continue;
			key = model_proc_key(m, e);
			if (key & MODEL_PROC_KEY_STATUS)
				r = &rows[MODEL_OWNERS_MAX +
					  (key & ~MODEL_PROC_KEY_STATUS)];
			else
				r = &rows[key - 1];
			if (r->connections == 0) {
				r->key = key;
				r->first_ts = e->first_ts;
			}
			r->connections++;
			/* in: toward the socket's end; a side unknown: b->a */
			if ((e->proc_flags & CONN_PROC_LOCAL_HI) ==
			    (e->a_is_hi ? CONN_PROC_LOCAL_HI : 0))
				in = CONN_B_TO_A; /* local end is a */
			else
				in = CONN_A_TO_B;
			if (e->proc_status == MODEL_PROC_NONE ||
			    e->proc_status == MODEL_PROC_NOT_LOCAL)
				in = CONN_B_TO_A;
			out_dir = 1 - in;
			r->in_packets += e->packets[in];
			r->in_bytes += e->bytes[in];
			r->out_packets += e->packets[out_dir];
			r->out_bytes += e->bytes[out_dir];
			rate_get_all(&e->rate[in], now, m->first_ts, rt);
			for (int k = 0; k < MODEL_RATE_COUNT; k++)
				r->in_rate[k] += rt[k];
			rate_get_all(&e->rate[out_dir], now, m->first_ts, rt);
			for (int k = 0; k < MODEL_RATE_COUNT; k++)
				r->out_rate[k] += rt[k];
			if (e->first_ts < r->first_ts)
				r->first_ts = e->first_ts;
			if (e->last_ts > r->last_ts)
				r->last_ts = e->last_ts;
			if (!(key & MODEL_PROC_KEY_STATUS)) {
				const struct model_owner *o =
					&m->procs.owners[key - 1];

				r->status = MODEL_PROC_FOUND;
				r->pid = o->info.pid;
				r->uid = o->info.uid;
				r->uid_known = true;
				memcpy(r->comm, o->info.comm, sizeof(r->comm));
				memcpy(r->container, o->info.container,
				       sizeof(r->container));
				memcpy(r->exe, o->info.exe, sizeof(r->exe));
				memcpy(r->cgroup, o->info.cgroup,
				       sizeof(r->cgroup));
			} else {
				r->status = (uint8_t)(key &
						      ~MODEL_PROC_KEY_STATUS);
				r->uid = UINT32_MAX;
			}
		}
	}
	pthread_mutex_unlock(&m->lock);
	/* pack the rows in use that pass the match */
	for (size_t i = 0; i < nrows; i++) {
		if (rows[i].connections == 0 ||
		    !model_proc_row_matches(&rows[i], q->match))
			continue;
		rows[pass++] = rows[i];
	}
	pthread_mutex_lock(&model_procs_sort_lock);
	model_procs_sort_by = q->sort;
	model_procs_sort_up = q->ascending;
	qsort(rows, pass, sizeof(*rows), model_proc_cmp);
	pthread_mutex_unlock(&model_procs_sort_lock);
	for (size_t i = q->offset; i < pass && n < q->max; i++)
		out[n++] = rows[i];
out:
	free(rows);
	if (matched != NULL)
		*matched = pass;
	return n;
}
