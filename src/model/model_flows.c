/*
 * model_flows: the engine's flow records for export (model/flowq.h).
 * A connection's record covers its counts since its previous one: it
 * goes out when the connection ends (FIN both ways or RST), after
 * --ipfix-idle seconds without a packet, every --ipfix-active seconds
 * of a long one, when the table evicts it and when the capture stops.
 * The connection stays in the table either way: export never changes
 * what the views and --batch count.
 */
#include "config.h"

#include <math.h>
#include <stddef.h>
#include <string.h>
#include <time.h>

#include "decode/proto_table.h"
#include "model/model_batch.h"
#include "model/model_impl.h"

/* Entries one idle sweep looks at under its hold at most. */
#define MODEL_FLOWS_SWEEP_MAX 65536

static bool
model_flows_pending(const struct conn_entry *c)
{
	return (uint32_t)c->packets[0] != c->exp_packets[0] ||
	       (uint32_t)c->packets[1] != c->exp_packets[1];
}

/* The TCP health and the owner fields of C's record. */
static void
model_flows_health(const struct model *m, const struct conn_entry *c,
		   struct flowq_rec *r)
{
	struct model_conn_row row;
	const struct connhealth *h = c->tcp;

	if (h != NULL) {
		r->retrans[0] = h->d[CONN_A_TO_B].retrans;
		r->retrans[1] = h->d[CONN_B_TO_A].retrans;
		if (h->hs_state >= CONNHEALTH_HS_SYNACK)
			r->lat_server_us = h->d[h->hs_dir & 1].hs_half;
		if (h->hs_state == CONNHEALTH_HS_DONE)
			r->lat_client_us = h->d[(h->hs_dir & 1) ^ 1].hs_half;
	}
	if (c->proc_status == MODEL_PROC_NONE)
		return;
	model_proc_row_fill(m, c, &row);
	r->pid = row.pid;
	r->uid = row.uid;
	r->uid_known = row.uid_known;
	memcpy(r->comm, row.comm, sizeof(r->comm));
	r->comm[sizeof(r->comm) - 1] = '\0';
}

/* C's record since its last one, queued; the counts become the base of
 * the next. Lock held. */

static void
model_flows_emit(struct model *m, struct conn_entry *c, int reason)
{
	struct flowq_rec r;
	const struct addr *lo = &c->key.lo, *hi = &c->key.hi;

	if (!model_flows_pending(c))
		return;
	memset(&r, 0, offsetof(struct flowq_rec, name));
	r.conn_id = c->id;
	r.start = c->exp_start > 0 ? c->exp_start : c->first_ts;
	r.end = c->last_ts;
	for (int d = 0; d < 2; d++) {
		r.packets[d] = (uint32_t)c->packets[d] - c->exp_packets[d];
		r.bytes[d] = c->bytes[d] >= c->exp_bytes[d]
				     ? c->bytes[d] - c->exp_bytes[d] : 0;
		r.tcp_flags[d] = c->tcp_flags[d];
		c->exp_packets[d] = (uint32_t)c->packets[d];
		c->exp_bytes[d] = c->bytes[d];
		c->tcp_flags[d] = 0;
	}
	r.a = c->a_is_hi ? *hi : *lo;
	r.b = c->a_is_hi ? *lo : *hi;
	r.a_port = c->a_is_hi ? c->key.hi_port : c->key.lo_port;
	r.b_port = c->a_is_hi ? c->key.lo_port : c->key.hi_port;
	r.l4 = c->key.l4;
	r.app = c->app;
	r.reason = (uint8_t)reason;
	for (size_t i = 0; i < m->nlocal; i++)
		if (addr_equal(&m->local[i], &r.a))
			r.a_local = 1;
	if (c->name != NULL) {
		r.name_len = c->name_len < sizeof(r.name) - 1
				     ? c->name_len : (uint16_t)(sizeof(r.name) - 1);
		memcpy(r.name, c->name, r.name_len);
	}
	r.name[r.name_len] = '\0';
	conntab_http_get(&m->conns, c, &r.http);
	model_flows_health(m, c, &r);
	c->exp_start = 0; /* the next packet starts the next record */
	c->exp_end = 0;
	/* a file's clock is ours: wait for the exporter rather than lose
	 * records; a live capture never waits (the queue counts the drop) */
	flowq_push(m->flows.q, &r, !m->live);
	m->flows.st.records++;
}

void
model_flows_before(struct model *m, struct conn_entry *c, double ts)
{
	if (c->exp_start <= 0) {
		c->exp_start = ts;
		return;
	}
	if (ts - c->exp_start >= m->flows.active && model_flows_pending(c)) {
		model_flows_emit(m, c, FLOWQ_ACTIVE);
		c->exp_start = ts;
	}
}

void
model_flows_after(struct model *m, struct model_batch *b,
		  struct conn_entry *c, int dir, uint8_t tcp_flags)
{
	(void)m;
	c->tcp_flags[dir] |= tcp_flags;
	if (!c->exp_end && (c->state == MODEL_CONN_CLOSED ||
			    c->state == MODEL_CONN_RESET) &&
	    b->nends < b->max) {
		c->exp_end = 1;
		b->ends[b->nends].c = c;
		b->ends[b->nends].id = c->id;
		b->nends++;
	}
}

static void
model_flows_evicted(void *arg, struct conn_entry *c)
{
	model_flows_emit(arg, c, FLOWQ_RESOURCES);
}

void
model_set_flow_export(struct model *m, struct flowq *q, double idle,
		      double active)
{
	pthread_mutex_lock(&m->lock);
	m->flows.q = q;
	m->flows.idle = idle > 0 ? idle : 15;
	m->flows.active = active > 0 ? active : 60;
	if (q != NULL)
		m->flows.st.on = true; /* stays on for the last report */
	m->conns.on_evict = q != NULL ? model_flows_evicted : NULL;
	m->conns.evict_arg = m;
	pthread_mutex_unlock(&m->lock);
}

/* The clock of the timeouts: packet time for a file. */
static double
model_flows_now(const struct model *m)
{
	struct timespec t;

	if (!m->live)
		return m->last_ts;
	clock_gettime(CLOCK_REALTIME, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* Records for the entries idle since before NOW - idle. The LRU list is
 * in order of last packet, so the walk from its oldest end stops at the
 * first entry still active; it resumes where the last one stopped while
 * that entry has seen no packet since. Lock held. */
static void
model_flows_sweep(struct model *m, double now)
{
	struct model_flows *f = &m->flows;
	struct lru_link *head = &m->conns.lru, *l;
	double cutoff = now - f->idle;
	size_t seen = 0;

	f->last_sweep = floor(now);
	l = lru_oldest(head);
	if (f->resume != NULL && f->resume_gen == m->generation &&
	    f->resume->live && f->resume->id == f->resume_id &&
	    f->resume->last_ts == f->resume_ts)
		l = &f->resume->node.lru;
	f->resume = NULL;
	for (; l != NULL && l != head; l = l->prev) {
		struct conn_entry *c = LRU_ENTRY(l, struct conn_entry, node.lru);

		if (c->last_ts >= cutoff || ++seen > MODEL_FLOWS_SWEEP_MAX) {
			f->resume = c;
			f->resume_id = c->id;
			f->resume_ts = c->last_ts;
			f->resume_gen = m->generation;
			break;
		}
		model_flows_emit(m, c, c->exp_end ? FLOWQ_END : FLOWQ_IDLE);
	}
}

double
model_flows_pkt_time(const struct model_batch_pkt *p)
{
	return (double)p->ts_sec + (double)p->ts_usec * 1e-6;
}

bool
model_flows_due(const struct model *m, const struct model_batch_pkt *p)
{
	return !m->live && (double)p->ts_sec > m->flows.last_sweep;
}

void
model_flows_commit(struct model *m, struct model_batch *b, uint64_t gen,
		   double now)
{
	bool sweep;

	pthread_mutex_lock(&m->lock);
	if (now < 0 || m->live)
		now = model_flows_now(m);
	sweep = floor(now) != m->flows.last_sweep;
	if (b->nends == 0 && !sweep) {
		pthread_mutex_unlock(&m->lock);
		return;
	}
	/* model_clear in between: the listed entries are gone */
	for (size_t i = 0; i < b->nends && m->generation == gen; i++) {
		struct conn_entry *c = b->ends[i].c;

		if (c->live && c->id == b->ends[i].id && c->exp_end)
			model_flows_emit(m, c, FLOWQ_END);
	}
	b->nends = 0;
	if (sweep)
		model_flows_sweep(m, now);
	pthread_mutex_unlock(&m->lock);
}

bool
model_flows_tick(struct model *m)
{
	if (pthread_mutex_trylock(&m->lock) != 0)
		return false;
	if (m->flows.q != NULL && m->live)
		model_flows_sweep(m, model_flows_now(m));
	pthread_mutex_unlock(&m->lock);
	return true;
}

/* Lock held. */
void
model_flows_emit_all(struct model *m, int reason)
{
	struct lru_link *head = &m->conns.lru, *l;

	if (m->flows.q == NULL)
		return;
	for (l = lru_oldest(head); l != NULL && l != head; l = l->prev) {
		struct conn_entry *c = LRU_ENTRY(l, struct conn_entry, node.lru);

		model_flows_emit(m, c, c->exp_end ? FLOWQ_END : reason);
	}
	m->flows.resume = NULL;
}

void
model_flows_flush(struct model *m)
{
	pthread_mutex_lock(&m->lock);
	model_flows_emit_all(m, FLOWQ_FORCED);
	pthread_mutex_unlock(&m->lock);
}

bool
model_set_export(struct model *m, const struct model_export *e, bool wait)
{
	/* a file's commit may hold the lock waiting for the exporter's
	 * queue to empty: the exporter must not wait for it then */
	if (!wait) {
		if (pthread_mutex_trylock(&m->lock) != 0)
			return false;
	} else {
		pthread_mutex_lock(&m->lock);
	}
	m->flows.st.sent = e->sent;
	m->flows.st.dropped = e->dropped;
	memcpy(m->flows.st.error, e->error, sizeof(m->flows.st.error));
	pthread_mutex_unlock(&m->lock);
	return true;
}
