/*
 * conntab: the connection table on the bounded-table core (base/lrutab.h)
 * keyed by the 40-byte canonical key, server names allocated once per
 * named connection (entries stay small: most have no name).
 */
#include "config.h"

#include "model/conntab.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "decode/appid.h"

/* Under 300 bytes per connection including the hash handle
 * (doc/architecture.md): a build error if it grows. 232 before the 2 s
 * window kept its two seconds whole (base/rate.h, 8 more), process
 * attribution (its owner, uid and tcp_info pointer, 16 more), the flow
 * export's state (counts at the last record, its start, 32 more) and the
 * pointer to the TCP health block (model/connhealth.h, 192 bytes
 * allocated on a connection's first TCP segment: 488 while it was kept in
 * every entry). */
_Static_assert(sizeof(struct conn_entry) <= 296, "connection entry grew past 296 bytes");

_Static_assert(offsetof(struct conn_entry, node) == 0,
	       "the core's node comes first");
_Static_assert(offsetof(struct conntab, core) == 0,
	       "conntab_release finds the table from its core");

static size_t
conntab_http_size(const struct conn_http *e)
{
	return sizeof(*e) + e->method_len + e->target_len + e->ua_len;
}

/* C's HTTP summary goes with it. */
static void
conntab_http_drop(struct conntab *t, const struct conn_entry *c)
{
	struct conn_http *e;

	HASH_FIND_PTR(t->http, &c, e);
	if (e == NULL)
		return;
	HASH_DEL(t->http, e);
	t->http_bytes -= conntab_http_size(e);
	free(e);
	t->nhttp--;
}

static void
conntab_http_drop_all(struct conntab *t)
{
	while (t->http != NULL) {
		struct conn_http *e = t->http;

		HASH_DEL(t->http, e);
		free(e);
	}
	t->nhttp = 0;
	t->http_bytes = 0;
}

void
conntab_init(struct conntab *t, size_t max)
{
	lrutab_init(&t->core, sizeof(struct conn_entry), max);
	t->next_id = 1;
	t->name_bytes = 0;
	t->kernel_bytes = 0;
	slab_init(&t->health, sizeof(struct connhealth),
		  max != 0 && max < 256 ? max : 256);
	t->http = NULL;
	t->nhttp = 0;
	t->http_bytes = 0;
	t->on_evict = NULL;
	t->evict_arg = NULL;
}

void
conntab_destroy(struct conntab *t)
{
	struct lrutab_node *n, *tmp;

	HASH_ITER(hh, t->hash, n, tmp) {
		free(((struct conn_entry *)(void *)n)->name);
		free(((struct conn_entry *)(void *)n)->kernel);
	}
	lrutab_destroy(&t->core);
	slab_destroy(&t->health);
	conntab_http_drop_all(t);
	t->name_bytes = 0;
	t->kernel_bytes = 0;
}

void
conntab_clear(struct conntab *t)
{
	uint64_t next_id = t->next_id;
	size_t max = t->max;
	void (*on_evict)(void *, struct conn_entry *) = t->on_evict;
	void *evict_arg = t->evict_arg;

	conntab_destroy(t);
	conntab_init(t, max);
	t->next_id = next_id;
	t->on_evict = on_evict;
	t->evict_arg = evict_arg;
}

/* An entry going back to the slab: its name freed, readers walking the
 * slab skip it. */
static void
conntab_release(struct lrutab *core, struct lrutab_node *n)
{
	struct conntab *t = (struct conntab *)(void *)core;
	struct conn_entry *c = (struct conn_entry *)(void *)n;

	if (t->on_evict != NULL)
		t->on_evict(t->evict_arg, c);
	if (c->name != NULL) {
		t->name_bytes -= (size_t)c->name_len + 1;
		free(c->name);
	}
	if (c->kernel != NULL) {
		t->kernel_bytes -= sizeof(*c->kernel);
		free(c->kernel);
		c->kernel = NULL;
	}
	if (c->tcp != NULL) {
		slab_release(&t->health, c->tcp);
		c->tcp = NULL;
	}
	if (t->http != NULL)
		conntab_http_drop(t, c);
	c->live = 0;
}

struct conn_entry *
conntab_get(struct conntab *t, const struct conn_key *k, double ts,
	    bool *created)
{
	return conntab_get_hashed(t, k, conntab_hash(k), ts, created);
}

struct conn_entry *
conntab_get_hashed(struct conntab *t, const struct conn_key *k, uint32_t hv,
		   double ts, bool *created)
{
	struct conn_entry *c;

	c = (struct conn_entry *)(void *)lrutab_get(
		&t->core, k, offsetof(struct conn_entry, key), sizeof(*k), hv,
		conntab_release, created);
	if (c != NULL && *created) {
		c->first_ts = c->last_ts = ts;
		c->live = 1;
		c->id = t->next_id++;
	}
	return c;
}

struct conn_entry *
conntab_find(struct conntab *t, const struct conn_key *k, uint32_t hv)
{
	return (struct conn_entry *)(void *)lrutab_find(&t->core, k, sizeof(*k),
							hv);
}

void
conntab_set_name(struct conntab *t, struct conn_entry *c, const char *name,
		 size_t len)
{
	if (c->name != NULL || len == 0)
		return;
	if (len > APPID_NAME_MAX - 1)
		len = APPID_NAME_MAX - 1;
	c->name = malloc(len + 1);
	if (c->name == NULL)
		return;
	memcpy(c->name, name, len);
	c->name[len] = '\0';
	c->name_len = (uint8_t)len;
	t->name_bytes += len + 1;
}

struct connhealth *
conntab_health(struct conntab *t, struct conn_entry *c)
{
	if (c->tcp == NULL) {
		c->tcp = slab_alloc(&t->health);
		if (c->tcp != NULL)
			memset(c->tcp, 0, sizeof(*c->tcp));
	}
	return c->tcp;
}

static struct conn_http *
conntab_http_entry(const struct conntab *t, const struct conn_entry *c)
{
	struct conn_http *head = t->http, *e = NULL;

	if (head != NULL)
		HASH_FIND_PTR(head, &c, e);
	return e;
}

unsigned
conntab_http_have(const struct conntab *t, const struct conn_entry *c)
{
	const struct conn_http *e = conntab_http_entry(t, c);

	if (e == NULL)
		return 0;
	return (e->method_len > 0 ? CONN_HTTP_REQUEST : 0) |
	       (e->status > 0 ? CONN_HTTP_STATUS : 0);
}

static size_t
conntab_cut(size_t n, size_t size)
{
	return n < size ? n : size - 1;
}

void
conntab_http_request(struct conntab *t, const struct conn_entry *c,
		     const uint8_t *method, size_t mlen, const uint8_t *target,
		     size_t tlen, const uint8_t *ua, size_t ulen)
{
	struct conn_http *old = conntab_http_entry(t, c), *e;
	uint16_t status = 0;
	char *p;

	if (mlen == 0 || (old != NULL && old->method_len > 0))
		return;
	mlen = conntab_cut(mlen, MODEL_HTTP_METHOD);
	tlen = conntab_cut(tlen, MODEL_HTTP_TARGET);
	ulen = conntab_cut(ulen, MODEL_HTTP_UA);
	e = malloc(sizeof(*e) + mlen + tlen + ulen);
	if (e == NULL)
		return;
	if (old != NULL) {
		status = old->status;
		HASH_DEL(t->http, old);
		t->http_bytes -= conntab_http_size(old);
		free(old);
		t->nhttp--;
	}
	memset(e, 0, sizeof(*e));
	e->c = c;
	e->status = status;
	e->method_len = (uint8_t)mlen;
	e->target_len = (uint8_t)tlen;
	e->ua_len = (uint8_t)ulen;
	p = e->s;
	memcpy(p, method, mlen);
	if (tlen > 0)
		memcpy(p + mlen, target, tlen);
	if (ulen > 0)
		memcpy(p + mlen + tlen, ua, ulen);
	HASH_ADD_PTR(t->http, c, e);
	t->nhttp++;
	t->http_bytes += conntab_http_size(e);
}

void
conntab_http_status(struct conntab *t, const struct conn_entry *c,
		    uint16_t status)
{
	struct conn_http *e = conntab_http_entry(t, c);

	if (status == 0 || (e != NULL && e->status > 0))
		return;
	if (e == NULL) {
		e = calloc(1, sizeof(*e));
		if (e == NULL)
			return;
		e->c = c;
		HASH_ADD_PTR(t->http, c, e);
		t->nhttp++;
		t->http_bytes += sizeof(*e);
	}
	e->status = status;
}

void
conntab_http_get(const struct conntab *t, const struct conn_entry *c,
		 struct model_http *out)
{
	const struct conn_http *e = conntab_http_entry(t, c);

	memset(out, 0, sizeof(*out));
	if (e == NULL)
		return;
	out->status = e->status;
	out->status_seen = e->status > 0;
	out->method_len = e->method_len;
	out->target_len = e->target_len;
	out->ua_len = e->ua_len;
	memcpy(out->method, e->s, e->method_len);
	memcpy(out->target, e->s + e->method_len, e->target_len);
	memcpy(out->ua, e->s + e->method_len + e->target_len, e->ua_len);
}

size_t
conntab_bytes(const struct conntab *t)
{
	return lrutab_bytes(&t->core) + t->name_bytes + t->kernel_bytes +
	       slab_bytes(&t->health) +
	       t->http_bytes;
}
