/*
 * model_impl: the model's state, shared by model.c (lifetime, capture
 * side, totals, packets) and model_query.c (table snapshots).
 * Everything below LOCK is guarded by it.
 */
#ifndef PKTOP_MODEL_IMPL_H
#define PKTOP_MODEL_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/conntab.h"
#include "model/flowq.h"
#include "model/fragtab.h"
#include "model/hosttab.h"
#include "model/model.h"
#include "model/prototab.h"
#include "base/rate.h"
#include "model/ring.h"
#include "base/topk.h"

/* Entries a table selection looks at under one lock hold. */
#define MODEL_SELECT_SLICE 16384

/* The last selection of one table (model_hosts, model_connections), kept
 * to answer the same query again while nothing has changed. */
struct model_select_cache {
	bool valid;
	uint64_t changes, generation; /* the model's, when it was taken */
	uint32_t sec;        /* the second rates were read at */
	bool settled;        /* no rate still had a second open then */
	enum model_sort sort;
	bool ascending;
	size_t offset, max;
	uint32_t proc_key;
	uint64_t hide_id;
	bool by_host;        /* the query's host, when it had one */
	struct addr host;
	char *match;         /* NULL: every row */
	double expire;       /* the query's */
	struct topk_item *v; /* the rows [0, n) in order, tag = entry id */
	size_t n, pass;
};

/* Payload packets per direction shown to appid before the connection
 * keeps its port guess: enough for a ClientHello split over segments. */
#define MODEL_APPID_LOOKS 4
/* A conversation that may turn into TLS (SMTP STARTTLS, an HTTP CONNECT)
 * reaches its ClientHello after a few exchanges of its own. */
#define MODEL_APPID_UPGRADE_LOOKS 12
/* A connection's looks once appid said there is nothing more to learn. */
#define MODEL_APPID_SETTLED UINT8_MAX

/* One process that owns sockets, referenced from connection entries by
 * slot + 1 and generation (a slot let go at the cap gets a new
 * generation, so the connections that named it fall back to unknown). */
struct model_owner {
	uint16_t gen;
	bool used;
	double last_used;
	struct model_proc_info info; /* status FOUND; match unused */
};

#define MODEL_OWNERS_MAX 4096
#define MODEL_PROCS_QUEUE 16384
/* Process row keys of the no-owner rows: this bit plus the status. */
#define MODEL_PROC_KEY_STATUS 0x80000000u

struct model_procs {
	bool on;
	struct model_owner *owners; /* MODEL_OWNERS_MAX, allocated when on */
	size_t nowners;
	uint64_t evicted;
	struct model_proc_ask *queue; /* new connections, a ring */
	size_t qhead, qlen;
	uint64_t missed;
	char status[160];
	bool queued;                  /* this commit queued new ones */
	void (*wake)(void *);         /* the lookup thread's, or NULL */
	void *wake_arg;
};

/* Flow export's state (model_flows.c); Q NULL: no export. */
struct model_flows {
	struct flowq *q;
	double idle, active;     /* timeouts, seconds */
	double last_sweep;       /* the second of the last idle sweep */
	/* where the last sweep stopped: resumed there while the entry is
	 * unchanged, so already exported idle entries are not walked again */
	struct conn_entry *resume;
	uint64_t resume_id, resume_gen;
	double resume_ts;
	struct model_export st;  /* set by the exporter */
};

/* --collect's exporters (model_collect.c): slot N+1 is ex[N]; a
 * collected connection's key carries its slot in conn_key.mark
 * (base/flowkey.h: flowkey_exporter_slot, 0 for packets captured here),
 * so each exporter's connections are its own. */
struct model_exporter {
	struct addr addr;
	uint32_t domain;
};

struct model_collected {
	struct model_exporter ex[MODEL_EXPORTERS_MAX];
	uint32_t n;
	uint64_t dropped;         /* records of exporters past the limit */
	struct model_collect st;  /* set by the collector */
};

struct model {
	pthread_mutex_t lock;
	/* committers waiting for LOCK: a reader walking a table in slices
	 * lets them in between slices (read and written without the lock) */
	atomic_uint lock_waiting;
	struct hosttab hosts;
	struct conntab conns;
	struct prototab protos;
	struct ring ring;
	bool no_store; /* model_limits.no_store: packets are not kept */
	bool live;
	int linktype;
	struct addr *local;
	size_t nlocal;

	uint64_t packets, bytes, undecoded, truncated, malformed;
	uint64_t tunnelled; /* packets in which a tunnel was found */
	double first_ts, last_ts;
	struct rate r_bytes, r_packets, r_in, r_out;
	uint64_t dropped, if_dropped;
	uint64_t dropped_base, if_dropped_base; /* at the last clear */

	uint8_t capture_state;
	char capture_error[256];
	uint64_t source_read, source_total;

	uint64_t generation;  /* model_clear's count: entries freed */
	uint64_t changes;     /* bumped by every hold that changes a row */

	struct model_select_cache sel_hosts, sel_conns;
	size_t select_slice;  /* MODEL_SELECT_SLICE; tests lower it */
	/* the last selection's walk, for tests: entries visited in all, the
	 * most under one hold */
	size_t select_visited, select_hold_max;
	/* tests: called between two slices of a walk, the lock let go */
	void (*select_pause)(void *arg);
	void *select_pause_arg;

	struct model_writer writer;
	struct model_flows flows;

	struct model_procs procs; /* process attribution (model_procs.c) */

	struct model_collected collect; /* --collect (model_collect.c) */

	struct fragtab frags; /* large: last */
};

/* model_collect.c, lock held: a connection row's exporter fields; the
 * exporter's text for a match ("" when captured here). */
void model_collect_row(const struct model *m, const struct conn_entry *c,
		       struct model_conn_row *r);
size_t model_collect_text(const struct model *m, const struct conn_entry *c,
			  char *buf, size_t size);

/* model_procs.c: the process row key of connection C. Lock held. */
uint32_t model_proc_key(const struct model *m, const struct conn_entry *c);
/* Fill R's owner fields from C. Lock held. */
void model_proc_row_fill(const struct model *m, const struct conn_entry *c,
			 struct model_conn_row *r);
/* A new connection for the lookup queue. Lock held. */
void model_procs_note_new(struct model *m, const struct conn_entry *c);
void model_procs_free(struct model *m);

/* The clock rates are read against (seconds since the epoch). Lock held. */
double model_now(const struct model *m);

/* model_flows.c, lock held: before a packet of C at TS is counted (the
 * active timeout), after it (flags, an end to list), the records of the
 * batch's ends and the idle sweep, and an evicted entry's last record. */
void model_flows_before(struct model *m, struct conn_entry *c, double ts);
void model_flows_after(struct model *m, struct model_batch *b,
		       struct conn_entry *c, int dir, uint8_t tcp_flags);
/* NOW: the packet time of the sweep (the next packet of a file's batch
 * cut there), or -1: the model's clock. */
void model_flows_commit(struct model *m, struct model_batch *b,
			uint64_t gen, double now);
struct model_batch_pkt;
/* A file's packet P enters a second no idle sweep has seen: the batch
 * is cut before it. Lock held. */
bool model_flows_due(const struct model *m, const struct model_batch_pkt *p);
double model_flows_pkt_time(const struct model_batch_pkt *p);
/* Every pending record with REASON (model_clear, the end). */
void model_flows_emit_all(struct model *m, int reason);

/* model_query.c: the selection caches' memory (model_free). */
void model_select_caches_free(struct model *m);

#endif
