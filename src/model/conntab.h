/*
 * conntab: bidirectional connections keyed by the canonical 5-tuple of
 * base/flowkey.h, with both directions' counters; bounded, the
 * least recently seen going first at the limit. The model lock guards it.
 */
#ifndef PKTOP_CONNTAB_H
#define PKTOP_CONNTAB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "base/flowkey.h"
#include "base/lrutab.h"
#include "base/rate.h"
#include "model/model.h"
#include "model/connhealth.h"

/* Direction index of the per-direction arrays. */
enum { CONN_A_TO_B = 0, CONN_B_TO_A = 1 };

struct conn_entry {
	struct lrutab_node node; /* hash handle and LRU link: first */
	struct conn_key key;
	uint64_t id;
	uint64_t packets[2], bytes[2]; /* [CONN_A_TO_B], [CONN_B_TO_A] */
	double first_ts, last_ts;
	struct rate rate[2];           /* bytes, per direction */
	/* flow export (model_flows.c): the counts at the last record sent
	 * (packets modulo 2^32: a record never covers more), when the
	 * present record began */
	uint64_t exp_bytes[2];
	uint32_t exp_packets[2];
	double exp_start;
	char *name;          /* first server name seen, malloc'd; or NULL */
	uint8_t name_len;    /* at most APPID_NAME_MAX - 1 */
	uint8_t live;        /* 0: on the slab's free list */
	uint8_t a_is_hi;     /* endpoint a (first sender) is key.hi */
	uint8_t app;         /* enum proto_id, PROTO_NONE until identified */
	uint8_t app_certain; /* by payload signature, not port */
	uint8_t state;       /* enum model_conn_state */
	uint8_t fin_seen;    /* bit per direction that sent a FIN */
	uint8_t looks[2];    /* payload packets shown to appid, per direction */
	uint8_t may_upgrade; /* may turn into TLS (appid_upgrade) */
	/* the owner of its local socket (model_procs.c) */
	uint8_t proc_status; /* enum model_proc_status */
	uint8_t proc_match;  /* enum model_proc_match */
	uint8_t proc_flags;  /* CONN_PROC_UID_KNOWN, CONN_PROC_LOCAL_HI */
	uint8_t tcp_flags[2]; /* flags OR'd since the last record, per direction */
	uint8_t exp_end;     /* its end (FIN, RST) is listed for export */
	uint16_t owner;      /* owner slot + 1, 0 for none */
	uint16_t owner_gen;  /* the slot's generation when it was named */
	uint32_t uid;
	struct model_kernel_tcp *kernel; /* malloc'd on the first tcp_info */
	/* TCP: RTT, retransmissions, zero windows; malloc'd on the first
	 * TCP segment (conntab_health), NULL for other protocols */
	struct connhealth *tcp;
};

/* An HTTP connection's first request and status, kept beside the entry
 * in a small table of its own (the entry stays under 300 bytes, and only
 * HTTP connections pay), its strings packed after it in one allocation:
 * method, target, User-Agent. */
struct conn_http {
	UT_hash_handle hh;
	const struct conn_entry *c; /* the key */
	uint16_t status;
	uint8_t method_len, target_len, ua_len;
	char s[];
};

#define CONN_PROC_UID_KNOWN 1
#define CONN_PROC_LOCAL_HI 2 /* the socket's end is key.hi */

/* The bounded-table core (base/lrutab.h), its fields readable by name. */
struct conntab {
	union {
		struct lrutab core;
		struct {
			LRUTAB_FIELDS
		};
	};
	uint64_t next_id;
	size_t name_bytes;
	size_t kernel_bytes; /* the entries' tcp_info copies */
	struct slab health;  /* the entries' TCP health blocks */
	struct conn_http *http; /* uthash head: the HTTP connections' */
	size_t nhttp, http_bytes;
	/* called on an entry evicted at the limit (flow export) */
	void (*on_evict)(void *arg, struct conn_entry *c);
	void *evict_arg;
};

void conntab_init(struct conntab *t, size_t max);
void conntab_destroy(struct conntab *t);
/* Drop every entry and the evicted count; ids carry on, so an old id
 * never names a new connection. */
void conntab_clear(struct conntab *t);

/* The entry for K, created if new (evicting at the limit, first_ts = TS,
 * a fresh id) and made the most recent. NULL only when out of memory. */
struct conn_entry *conntab_get(struct conntab *t, const struct conn_key *k,
			       double ts, bool *created);
/* The same with the key's hash already computed (conntab_hash). */
struct conn_entry *conntab_get_hashed(struct conntab *t,
				      const struct conn_key *k, uint32_t hv,
				      double ts, bool *created);

static inline uint32_t
conntab_hash(const struct conn_key *k)
{
	return tabhash_bytes(k, sizeof(*k));
}

static inline const UT_hash_table *
conntab_tbl(const struct conntab *t)
{
	return lrutab_tbl(&t->core);
}

static inline void
conntab_prefetch_entry(const struct conntab *t, uint32_t hv)
{
	const struct conn_entry *c = tabhash_peek(conntab_tbl(t), hv);

	if (c != NULL) {
		__builtin_prefetch((const char *)c + 128, 1);
		__builtin_prefetch((const char *)c + 192, 1);
		/* the TCP health (conn_entry.tcp) */
		__builtin_prefetch((const char *)c + 256, 1);
		__builtin_prefetch((const char *)c + 320, 1);
		__builtin_prefetch((const char *)c + 384, 1);
		__builtin_prefetch(c->node.lru.prev, 1);
		__builtin_prefetch(c->node.lru.next, 1);
	}
}

/* The entry for K if there is one, without making it the most recent. */
struct conn_entry *conntab_find(struct conntab *t, const struct conn_key *k,
				uint32_t hv);

/* Keep NAME (LEN bytes) as the connection's server name if it has none. */
void conntab_set_name(struct conntab *t, struct conn_entry *c,
		      const char *name, size_t len);

/* Which direction a packet whose source is the key's lo endpoint (or not)
 * goes in. A flow from an endpoint to itself is all a-to-b. */
static inline int
conntab_dir(const struct conn_entry *c, bool from_lo)
{
	if (from_lo == !c->a_is_hi)
		return CONN_A_TO_B;
	return CONN_B_TO_A;
}

/* C's TCP health block, taken zeroed from the table's slab on the first
 * call (no malloc once the table is warm, no allocator header); NULL when
 * memory runs out (the connection then goes unanalysed). */
struct connhealth *conntab_health(struct conntab *t, struct conn_entry *c);

/* What C's HTTP table entry holds: CONN_HTTP_REQUEST, CONN_HTTP_STATUS. */
#define CONN_HTTP_REQUEST 1
#define CONN_HTTP_STATUS 2
unsigned conntab_http_have(const struct conntab *t, const struct conn_entry *c);
/* Keep C's first request (each string cut to struct model_http's
 * sizes) or first status; a second of either is ignored. */
void conntab_http_request(struct conntab *t, const struct conn_entry *c,
			  const uint8_t *method, size_t mlen,
			  const uint8_t *target, size_t tlen,
			  const uint8_t *ua, size_t ulen);
void conntab_http_status(struct conntab *t, const struct conn_entry *c,
			 uint16_t status);
/* C's request and status into OUT (zeroed when it has none). */
void conntab_http_get(const struct conntab *t, const struct conn_entry *c,
		      struct model_http *out);

size_t conntab_bytes(const struct conntab *t);

#endif
