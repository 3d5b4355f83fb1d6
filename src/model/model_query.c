/*
 * model_query: table snapshots for the UI and --batch. Under the lock, one
 * pass over the table's entries keeps the rows that pass the match and
 * selects the first offset+max by the sort key with a bounded heap
 * (topk.c) into a private array; the chosen rows are copied out and the
 * lock released. The shared table is never reordered.
 */
#include "config.h"

#include "model/model.h"

#include <stdlib.h>
#include <string.h>

#include "model/model_impl.h"
#include "base/topk.h"

/* Case-insensitive (ASCII) substring; NEEDLE is already lower case. */
static bool
model_text_has(const char *hay, size_t hlen, const char *needle, size_t nlen)
{
	if (nlen == 0)
		return true;
	for (size_t i = 0; i + nlen <= hlen; i++) {
		size_t j = 0;

		while (j < nlen) {
			unsigned char c = (unsigned char)hay[i + j];

			if (c >= 'A' && c <= 'Z')
				c = (unsigned char)(c - 'A' + 'a');
			if (c != (unsigned char)needle[j])
				break;
			j++;
		}
		if (j == nlen)
			return true;
	}
	return false;
}

struct model_match {
	char *lower; /* NULL: every row */
	size_t len;
};

static int
model_match_init(struct model_match *mm, const char *match)
{
	mm->lower = NULL;
	mm->len = 0;
	if (match == NULL || match[0] == '\0')
		return 0;
	mm->len = strlen(match);
	mm->lower = malloc(mm->len + 1);
	if (mm->lower == NULL)
		return -1;
	for (size_t i = 0; i <= mm->len; i++) {
		char c = match[i];

		mm->lower[i] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
	}
	return 0;
}

/* Room for every searchable field of a connection: proto, two addresses
 * and ports, app, server name. */
#define MODEL_ROW_TEXT (2 * ADDR_TEXT_MAX + 64 + MODEL_NAME_MAX)

/* Row text is built for every row a match is tried on (a million with
 * a big table), so by hand: inet_ntop and snprintf cost ten times more. */
static size_t
model_put_str(char *out, size_t at, size_t size, const char *s, size_t len)
{
	if (at >= size)
		return at;
	if (len > size - at)
		len = size - at;
	memcpy(out + at, s, len);
	return at + len;
}

static size_t
model_put_uint(char *out, size_t at, size_t size, unsigned v)
{
	char digits[12];
	size_t n = sizeof(digits);

	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	return model_put_str(out, at, size, digits + n, sizeof(digits) - n);
}

static size_t
model_put_addr(char *out, size_t at, size_t size, const struct addr *a)
{
	char text[ADDR_TEXT_MAX];

	if (a->family == 4) {
		for (int i = 0; i < 4; i++) {
			if (i > 0)
				at = model_put_str(out, at, size, ".", 1);
			at = model_put_uint(out, at, size, a->bytes[i]);
		}
		return at;
	}
	addr_format(a, text, sizeof(text));
	return model_put_str(out, at, size, text, strlen(text));
}

static bool
model_host_matches(const struct model_match *mm, const struct host_entry *h)
{
	char text[ADDR_TEXT_MAX];
	size_t n;

	if (mm->lower == NULL)
		return true;
	n = model_put_addr(text, 0, sizeof(text), &h->addr);
	return model_text_has(text, n, mm->lower, mm->len);
}

static const char *
model_l4_name(uint8_t l4)
{
	switch (l4) {
	case 6:
		return proto_name(PROTO_TCP);
	case 17:
		return proto_name(PROTO_UDP);
	case 132:
		return proto_name(PROTO_SCTP);
	case 1:
		return proto_name(PROTO_ICMP);
	case 58:
		return proto_name(PROTO_ICMPV6);
	default:
		return "ip";
	}
}

static bool
model_conn_matches(const struct model_match *mm, const struct conn_entry *c)
{
	char text[MODEL_ROW_TEXT];
	const char *l4 = model_l4_name(c->key.l4);
	size_t n = 0, size = sizeof(text);

	if (mm->lower == NULL)
		return true;
	n = model_put_str(text, n, size, l4, strlen(l4));
	n = model_put_str(text, n, size, " ", 1);
	n = model_put_addr(text, n, size, &c->key.lo);
	n = model_put_str(text, n, size, " ", 1);
	n = model_put_uint(text, n, size, c->key.lo_port);
	n = model_put_str(text, n, size, " ", 1);
	n = model_put_addr(text, n, size, &c->key.hi);
	n = model_put_str(text, n, size, " ", 1);
	n = model_put_uint(text, n, size, c->key.hi_port);
	n = model_put_str(text, n, size, " ", 1);
	if (c->app != PROTO_NONE) {
		const char *app = proto_name(c->app);

		n = model_put_str(text, n, size, app, strlen(app));
		n = model_put_str(text, n, size, " ", 1);
	}
	if (c->name != NULL)
		n = model_put_str(text, n, size, c->name, c->name_len);
	return model_text_has(text, n, mm->lower, mm->len);
}

static bool
model_proto_matches(const struct model_match *mm, unsigned id)
{
	const char *name = proto_name(id), *label = proto_table[id]->label;

	if (mm->lower == NULL)
		return true;
	return model_text_has(name, strlen(name), mm->lower, mm->len) ||
	       (label != NULL && model_text_has(label, strlen(label), mm->lower, mm->len));
}

/* ---- selection helpers ---- */

static int
model_sort_dir(const struct model_query *q)
{
	return q->ascending ? +1 : -1;
}

/* Private array for the heap: at most the rows the query can return. */
static struct topk_item *
model_topk_array(const struct model_query *q, size_t rows, size_t *k)
{
	size_t want = q->offset + q->max;

	if (want < q->offset) /* overflow */
		want = SIZE_MAX;
	*k = want < rows ? want : rows;
	return malloc((*k ? *k : 1) * sizeof(struct topk_item));
}

/* ---- hosts ---- */

static int
model_host_tie(const void *a, const void *b)
{
	const struct host_entry *x = a, *y = b;

	return addr_compare(&x->addr, &y->addr);
}

static double
model_host_key(const struct host_entry *h, enum model_sort sort, double now)
{
	switch (sort) {
	case MODEL_SORT_RATE_2S:
	case MODEL_SORT_RATE_10S:
	case MODEL_SORT_RATE_40S: {
		enum rate_window w = (enum rate_window)(sort - MODEL_SORT_RATE_2S);

		return rate_get(&h->tx_rate, now, w) + rate_get(&h->rx_rate, now, w);
	}
	case MODEL_SORT_BYTES:
		return (double)(h->tx_bytes + h->rx_bytes);
	case MODEL_SORT_PACKETS:
		return (double)(h->tx_packets + h->rx_packets);
	case MODEL_SORT_FIRST:
		return h->first_ts;
	case MODEL_SORT_LAST:
		return h->last_ts;
	default:
		return 0.0;
	}
}

static void
model_host_row(const struct host_entry *h, double now, struct model_host_row *r)
{
	memset(r, 0, sizeof(*r));
	r->addr = h->addr;
	r->tx_packets = h->tx_packets;
	r->tx_bytes = h->tx_bytes;
	r->rx_packets = h->rx_packets;
	r->rx_bytes = h->rx_bytes;
	rate_get_all(&h->tx_rate, now, r->tx_rate);
	rate_get_all(&h->rx_rate, now, r->rx_rate);
	r->first_ts = h->first_ts;
	r->last_ts = h->last_ts;
}

/* The first K hosts in Q's order into V (K items); how many passed the
 * match goes to *PASS. Lock held. */
static size_t
model_host_select(struct model *m, const struct model_query *q,
		  const struct model_match *mm, double now,
		  struct topk_item *v, size_t k, size_t *pass)
{
	struct topk tk;

	topk_init(&tk, v, k, model_sort_dir(q), model_host_tie,
		  q->sort == MODEL_SORT_ADDR ? model_sort_dir(q) : +1);
	for (size_t i = 0; i < m->hosts.slab.nchunks; i++) {
		const struct host_entry *h = m->hosts.slab.chunks[i];
		size_t count = slab_chunk_count(&m->hosts.slab, i);

		for (size_t j = 0; j < count; j++) {
			if (!h[j].live || !model_host_matches(mm, &h[j]))
				continue;
			(*pass)++;
			topk_offer(&tk, model_host_key(&h[j], q->sort, now), &h[j]);
		}
	}
	return topk_finish(&tk);
}

size_t
model_hosts(struct model *m, const struct model_query *q,
	    struct model_host_row *out, size_t *matched)
{
	struct model_match mm;
	struct topk_item *v = NULL;
	size_t k, n = 0, pass = 0;
	double now;

	if (model_match_init(&mm, q->match) < 0)
		goto out_nolock;
	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	v = model_topk_array(q, m->hosts.count, &k);
	if (v == NULL)
		goto out;
	k = model_host_select(m, q, &mm, now, v, k, &pass);
	for (size_t i = q->offset; i < k && n < q->max; i++)
		model_host_row(v[i].ent, now, &out[n++]);
out:
	pthread_mutex_unlock(&m->lock);
out_nolock:
	if (matched != NULL)
		*matched = pass;
	free(v);
	free(mm.lower);
	return n;
}

/* ---- connections ---- */

static int
model_conn_tie_id(const void *a, const void *b)
{
	const struct conn_entry *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Endpoint a, then its port, then b and its port, then the protocol. */
static int
model_conn_tie_addr(const void *a, const void *b)
{
	const struct conn_entry *x = a, *y = b;
	const struct addr *xa = x->a_is_hi ? &x->key.hi : &x->key.lo;
	const struct addr *ya = y->a_is_hi ? &y->key.hi : &y->key.lo;
	const struct addr *xb = x->a_is_hi ? &x->key.lo : &x->key.hi;
	const struct addr *yb = y->a_is_hi ? &y->key.lo : &y->key.hi;
	uint16_t xap = x->a_is_hi ? x->key.hi_port : x->key.lo_port;
	uint16_t yap = y->a_is_hi ? y->key.hi_port : y->key.lo_port;
	uint16_t xbp = x->a_is_hi ? x->key.lo_port : x->key.hi_port;
	uint16_t ybp = y->a_is_hi ? y->key.lo_port : y->key.hi_port;
	int c;

	if ((c = addr_compare(xa, ya)) != 0)
		return c;
	if (xap != yap)
		return xap < yap ? -1 : 1;
	if ((c = addr_compare(xb, yb)) != 0)
		return c;
	if (xbp != ybp)
		return xbp < ybp ? -1 : 1;
	if (x->key.l4 != y->key.l4)
		return x->key.l4 < y->key.l4 ? -1 : 1;
	return model_conn_tie_id(a, b);
}

static double
model_conn_key(const struct conn_entry *c, enum model_sort sort, double now)
{
	switch (sort) {
	case MODEL_SORT_RATE_2S:
	case MODEL_SORT_RATE_10S:
	case MODEL_SORT_RATE_40S: {
		enum rate_window w = (enum rate_window)(sort - MODEL_SORT_RATE_2S);

		return rate_get(&c->rate[0], now, w) + rate_get(&c->rate[1], now, w);
	}
	case MODEL_SORT_BYTES:
		return (double)(c->bytes[0] + c->bytes[1]);
	case MODEL_SORT_PACKETS:
		return (double)(c->packets[0] + c->packets[1]);
	case MODEL_SORT_FIRST:
		return c->first_ts;
	case MODEL_SORT_LAST:
		return c->last_ts;
	default:
		return 0.0;
	}
}

static void
model_conn_row(const struct conn_entry *c, double now, struct model_conn_row *r)
{
	memset(r, 0, offsetof(struct model_conn_row, server_name));
	r->id = c->id;
	r->l4 = c->key.l4;
	r->app = c->app;
	r->state = c->state;
	if (c->a_is_hi) {
		r->a = c->key.hi;
		r->a_port = c->key.hi_port;
		r->b = c->key.lo;
		r->b_port = c->key.lo_port;
	} else {
		r->a = c->key.lo;
		r->a_port = c->key.lo_port;
		r->b = c->key.hi;
		r->b_port = c->key.hi_port;
	}
	r->a_to_b_packets = c->packets[CONN_A_TO_B];
	r->a_to_b_bytes = c->bytes[CONN_A_TO_B];
	r->b_to_a_packets = c->packets[CONN_B_TO_A];
	r->b_to_a_bytes = c->bytes[CONN_B_TO_A];
	rate_get_all(&c->rate[CONN_A_TO_B], now, r->a_to_b_rate);
	rate_get_all(&c->rate[CONN_B_TO_A], now, r->b_to_a_rate);
	r->first_ts = c->first_ts;
	r->last_ts = c->last_ts;
	if (c->name != NULL) {
		memcpy(r->server_name, c->name, c->name_len);
		r->server_name[c->name_len] = '\0';
	} else {
		r->server_name[0] = '\0';
	}
}

/* The first K connections in Q's order into V; see model_host_select. */
static size_t
model_conn_select(struct model *m, const struct model_query *q,
		  const struct model_match *mm, double now,
		  struct topk_item *v, size_t k, size_t *pass)
{
	struct topk tk;

	if (q->sort == MODEL_SORT_ADDR)
		topk_init(&tk, v, k, model_sort_dir(q), model_conn_tie_addr,
			  model_sort_dir(q));
	else
		topk_init(&tk, v, k, model_sort_dir(q), model_conn_tie_id, +1);
	for (size_t i = 0; i < m->conns.slab.nchunks; i++) {
		const struct conn_entry *c = m->conns.slab.chunks[i];
		size_t count = slab_chunk_count(&m->conns.slab, i);

		for (size_t j = 0; j < count; j++) {
			if (!c[j].live || !model_conn_matches(mm, &c[j]))
				continue;
			(*pass)++;
			topk_offer(&tk, model_conn_key(&c[j], q->sort, now), &c[j]);
		}
	}
	return topk_finish(&tk);
}

size_t
model_connections(struct model *m, const struct model_query *q,
		  struct model_conn_row *out, size_t *matched)
{
	struct model_match mm;
	struct topk_item *v = NULL;
	size_t k, n = 0, pass = 0;
	double now;

	if (model_match_init(&mm, q->match) < 0)
		goto out_nolock;
	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	v = model_topk_array(q, m->conns.count, &k);
	if (v == NULL)
		goto out;
	k = model_conn_select(m, q, &mm, now, v, k, &pass);
	for (size_t i = q->offset; i < k && n < q->max; i++)
		model_conn_row(v[i].ent, now, &out[n++]);
out:
	pthread_mutex_unlock(&m->lock);
out_nolock:
	if (matched != NULL)
		*matched = pass;
	free(v);
	free(mm.lower);
	return n;
}

/* ---- a whole table in one order ---- */

struct model_order {
	uint64_t generation;  /* the model's, when the order was taken */
	size_t n, next;
	struct topk_item *v;  /* the entries in order */
	uint64_t *id;         /* connections: each entry's id then */
	struct addr *addr;    /* hosts: each entry's address then */
};

static struct model_order *
model_order_take(struct model *m, const struct model_query *q, bool conns)
{
	struct model_order *o = calloc(1, sizeof(*o));
	struct model_match mm;
	size_t rows, pass = 0;

	if (o == NULL)
		return NULL;
	if (model_match_init(&mm, q->match) < 0) {
		free(o);
		return NULL;
	}
	pthread_mutex_lock(&m->lock);
	rows = conns ? m->conns.count : m->hosts.count;
	o->generation = m->generation;
	o->v = malloc((rows ? rows : 1) * sizeof(*o->v));
	if (conns)
		o->id = malloc((rows ? rows : 1) * sizeof(*o->id));
	else
		o->addr = malloc((rows ? rows : 1) * sizeof(*o->addr));
	if (o->v != NULL && (o->id != NULL || o->addr != NULL)) {
		double now = model_now(m);

		o->n = conns ? model_conn_select(m, q, &mm, now, o->v, rows, &pass)
			     : model_host_select(m, q, &mm, now, o->v, rows, &pass);
		for (size_t i = 0; i < o->n; i++) {
			if (conns)
				o->id[i] = ((const struct conn_entry *)o->v[i].ent)->id;
			else
				o->addr[i] = ((const struct host_entry *)o->v[i].ent)->addr;
		}
	} else {
		model_order_free(o);
		o = NULL;
	}
	pthread_mutex_unlock(&m->lock);
	free(mm.lower);
	return o;
}

struct model_order *
model_hosts_order(struct model *m, const struct model_query *q)
{
	return model_order_take(m, q, false);
}

struct model_order *
model_connections_order(struct model *m, const struct model_query *q)
{
	return model_order_take(m, q, true);
}

size_t
model_order_hosts(struct model *m, struct model_order *o,
		  struct model_host_row *out, size_t max)
{
	size_t n = 0;
	double now;

	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	/* entries live in slabs until model_clear frees them; one evicted
	 * in between holds another address now */
	while (m->generation == o->generation && o->next < o->n && n < max) {
		const struct host_entry *h = o->v[o->next].ent;

		if (h->live && addr_equal(&h->addr, &o->addr[o->next]))
			model_host_row(h, now, &out[n++]);
		o->next++;
	}
	pthread_mutex_unlock(&m->lock);
	return n;
}

size_t
model_order_connections(struct model *m, struct model_order *o,
			struct model_conn_row *out, size_t max)
{
	size_t n = 0;
	double now;

	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	while (m->generation == o->generation && o->next < o->n && n < max) {
		const struct conn_entry *c = o->v[o->next].ent;

		if (c->live && c->id == o->id[o->next])
			model_conn_row(c, now, &out[n++]);
		o->next++;
	}
	pthread_mutex_unlock(&m->lock);
	return n;
}

size_t
model_order_count(const struct model_order *o)
{
	return o->n;
}

void
model_order_free(struct model_order *o)
{
	if (o == NULL)
		return;
	free(o->v);
	free(o->id);
	free(o->addr);
	free(o);
}

int
model_connection_get(struct model *m, uint64_t id, struct model_conn_row *out)
{
	int rc = -1;

	pthread_mutex_lock(&m->lock);
	for (size_t i = 0; i < m->conns.slab.nchunks && rc < 0; i++) {
		const struct conn_entry *c = m->conns.slab.chunks[i];
		size_t count = slab_chunk_count(&m->conns.slab, i);

		for (size_t j = 0; j < count; j++) {
			if (c[j].live && c[j].id == id) {
				model_conn_row(&c[j], model_now(m), out);
				rc = 0;
				break;
			}
		}
	}
	pthread_mutex_unlock(&m->lock);
	return rc;
}

/* ---- protocols ---- */

/* Protocol rows are offered as their descriptor (proto_table). */
static int
model_proto_tie_id(const void *a, const void *b)
{
	const struct proto_desc *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
model_proto_tie_name(const void *a, const void *b)
{
	const struct proto_desc *x = a, *y = b;

	return strcmp(x->name, y->name);
}

size_t
model_protocols(struct model *m, const struct model_query *q,
		struct model_proto_row *out, size_t *matched)
{
	struct model_match mm;
	struct topk tk;
	struct topk_item v[PROTO_COUNT];
	size_t k, n = 0, pass = 0;
	double now;

	if (model_match_init(&mm, q->match) < 0)
		goto out_nolock;
	k = q->offset + q->max;
	if (k < q->offset || k > PROTO_COUNT)
		k = PROTO_COUNT;
	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	topk_init(&tk, v, k, model_sort_dir(q),
		  q->sort == MODEL_SORT_ADDR ? model_proto_tie_name : model_proto_tie_id,
		  q->sort == MODEL_SORT_ADDR ? model_sort_dir(q) : +1);
	for (unsigned id = 1; id < PROTO_COUNT; id++) {
		const struct proto_counter *c = &m->protos.c[id];
		double key = 0.0;

		if (c->packets == 0 || !model_proto_matches(&mm, id))
			continue;
		pass++;
		switch (q->sort) {
		case MODEL_SORT_RATE_2S:
		case MODEL_SORT_RATE_10S:
		case MODEL_SORT_RATE_40S:
			key = rate_get(&c->rate, now,
				       (enum rate_window)(q->sort - MODEL_SORT_RATE_2S));
			break;
		case MODEL_SORT_BYTES:
			key = (double)c->bytes;
			break;
		case MODEL_SORT_PACKETS:
			key = (double)c->packets;
			break;
		default:
			break;
		}
		topk_offer(&tk, key, proto_table[id]);
	}
	k = topk_finish(&tk);
	for (size_t i = q->offset; i < k && n < q->max; i++) {
		const struct proto_desc *desc = v[i].ent;
		unsigned id = desc->id;
		const struct proto_counter *c = &m->protos.c[id];
		struct model_proto_row *r = &out[n++];

		memset(r, 0, sizeof(*r));
		r->proto = (uint8_t)id;
		r->packets = c->packets;
		r->bytes = c->bytes;
		rate_get_all(&c->rate, now, r->rate);
	}
	pthread_mutex_unlock(&m->lock);
out_nolock:
	if (matched != NULL)
		*matched = pass;
	free(mm.lower);
	return n;
}
