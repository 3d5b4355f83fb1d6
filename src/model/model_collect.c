/*
 * model_collect: flow records from IPFIX exporters (--collect) counted
 * into the same tables packets go to. A record is a lump of packets and
 * bytes: it is counted at the clock's second it arrives, to its hosts,
 * its connection (the exporter's own: the exporter's slot is in the key)
 * and the protocol rows of its network, transport and application.
 */
#include "config.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "base/flowkey.h"
#include "decode/proto_table.h"
#include "model/model.h"
#include "model/model_impl.h"

static uint32_t
model_collect_u32(uint64_t v)
{
	return v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

/* EXPORTER's slot (1..MODEL_EXPORTERS_MAX), a new one if there is room;
 * 0 when the table is full. Lock held. */
static uint8_t
model_collect_slot(struct model *m, const struct addr *exporter,
		   uint32_t domain)
{
	struct model_collected *x = &m->collect;

	for (uint32_t i = 0; i < x->n; i++)
		if (x->ex[i].domain == domain &&
		    addr_equal(&x->ex[i].addr, exporter))
			return (uint8_t)(i + 1);
	if (x->n >= MODEL_EXPORTERS_MAX)
		return 0;
	x->ex[x->n].addr = *exporter;
	x->ex[x->n].domain = domain;
	x->n++;
	return (uint8_t)x->n;
}

static unsigned
model_collect_l4(uint8_t l4)
{
	switch (l4) {
	case 6: return PROTO_TCP;
	case 17: return PROTO_UDP;
	case 1: return PROTO_ICMP;
	case 58: return PROTO_ICMPV6;
	default: return PROTO_NONE;
	}
}

static void
model_collect_host(struct model *m, const struct addr *a, bool tx,
		   uint64_t pk, uint64_t by, double now, uint32_t sec)
{
	bool created;
	struct host_entry *h = hosttab_get(&m->hosts, a, now, &created);

	if (h == NULL)
		return;
	if (tx) {
		h->tx_packets += pk;
		h->tx_bytes += by;
		rate_add(&h->tx_rate, sec, model_collect_u32(by));
	} else {
		h->rx_packets += pk;
		h->rx_bytes += by;
		rate_add(&h->rx_rate, sec, model_collect_u32(by));
	}
	if (now > h->last_ts)
		h->last_ts = now;
}

static void
model_collect_conn(struct model *m, uint8_t slot,
		   const struct model_flow_in *f, double now, uint32_t sec)
{
	struct conn_key key;
	struct conn_entry *c;
	bool from_lo, created;
	int d0;

	flowkey_make(&key, f->l4, &f->a, f->a_port, &f->b, f->b_port,
		     &from_lo);
	key.mark = (uint8_t)(FLOWKEY_MARK_COLLECTED - 1 + slot);
	c = conntab_get(&m->conns, &key, now, &created);
	if (c == NULL)
		return;
	if (created)
		c->a_is_hi = !from_lo;
	d0 = conntab_dir(c, from_lo);
	for (int d = 0; d < 2; d++) {
		int cd = d == 0 ? d0 : 1 - d0;

		c->packets[cd] += f->packets[d];
		c->bytes[cd] += f->bytes[d];
		rate_add(&c->rate[cd], sec, model_collect_u32(f->bytes[d]));
	}
	if (now > c->last_ts)
		c->last_ts = now;
	if (f->name_len > 0)
		conntab_set_name(&m->conns, c, f->name, f->name_len);
	if (c->app == PROTO_NONE && f->app != PROTO_NONE &&
	    f->app < PROTO_COUNT) {
		/* the label arrives: the connection's earlier records move
		 * to its row too, as a label found by payload does */
		c->app = f->app;
		c->app_certain = 1;
		prototab_add(&m->protos, c->app, +1,
			     c->packets[0] + c->packets[1],
			     c->bytes[0] + c->bytes[1], sec);
	} else if (c->app != PROTO_NONE) {
		prototab_add(&m->protos, c->app, +1,
			     f->packets[0] + f->packets[1],
			     f->bytes[0] + f->bytes[1], sec);
	}
}

static void
model_collect_one(struct model *m, uint8_t slot,
		  const struct model_flow_in *f, double now, uint32_t sec)
{
	uint64_t pk = f->packets[0] + f->packets[1];
	uint64_t by = f->bytes[0] + f->bytes[1];
	unsigned l4 = model_collect_l4(f->l4);

	m->packets += pk;
	m->bytes += by;
	if (m->first_ts == 0)
		m->first_ts = now;
	if (now > m->last_ts)
		m->last_ts = now;
	rate_add(&m->r_bytes, sec, model_collect_u32(by));
	rate_add(&m->r_packets, sec, model_collect_u32(pk));
	prototab_add(&m->protos, f->a.family == 6 ? PROTO_IPV6 : PROTO_IPV4,
		     +1, pk, by, sec);
	if (l4 != PROTO_NONE)
		prototab_add(&m->protos, l4, +1, pk, by, sec);
	/* one host at a time: getting the second may evict the first */
	model_collect_host(m, &f->a, true, f->packets[0], f->bytes[0], now, sec);
	model_collect_host(m, &f->b, false, f->packets[0], f->bytes[0], now, sec);
	if (f->packets[1] || f->bytes[1]) {
		model_collect_host(m, &f->b, true, f->packets[1], f->bytes[1],
				   now, sec);
		model_collect_host(m, &f->a, false, f->packets[1],
				   f->bytes[1], now, sec);
	}
	model_collect_conn(m, slot, f, now, sec);
}

void
model_collect_add(struct model *m, const struct addr *exporter,
		  uint32_t domain, const struct model_flow_in *f, size_t n)
{
	double now;
	uint32_t sec;
	uint8_t slot;

	atomic_fetch_add(&m->lock_waiting, 1);
	pthread_mutex_lock(&m->lock);
	atomic_fetch_sub(&m->lock_waiting, 1);
	now = model_now(m);
	sec = now > 0 && now < (double)UINT32_MAX ? (uint32_t)now : 0;
	slot = model_collect_slot(m, exporter, domain);
	if (slot == 0) {
		m->collect.dropped += n;
	} else {
		for (size_t i = 0; i < n; i++)
			model_collect_one(m, slot, &f[i], now, sec);
	}
	m->changes++;
	pthread_mutex_unlock(&m->lock);
}

void
model_set_collect(struct model *m, const struct model_collect *c)
{
	pthread_mutex_lock(&m->lock);
	m->collect.st = *c;
	pthread_mutex_unlock(&m->lock);
}

/* The exporter fields of a connection row. Lock held. */
void
model_collect_row(const struct model *m, const struct conn_entry *c,
		  struct model_conn_row *r)
{
	unsigned slot = flowkey_exporter_slot(&c->key);

	r->exporter = 0;
	r->collected = false;
	if (slot == 0 || slot > m->collect.n)
		return;
	r->exporter = slot;
	r->collected = true;
	r->exporter_addr = m->collect.ex[slot - 1].addr;
	r->exporter_domain = m->collect.ex[slot - 1].domain;
}

/* The exporter's text for a row match ("192.0.2.1/42"); "" for none.
 * Lock held. */
size_t
model_collect_text(const struct model *m, const struct conn_entry *c,
		   char *buf, size_t size)
{
	unsigned slot = flowkey_exporter_slot(&c->key);
	char a[ADDR_TEXT_MAX];
	int n;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	if (slot == 0 || slot > m->collect.n)
		return 0;
	n = snprintf(buf, size, "%s/%lu",
		     addr_format(&m->collect.ex[slot - 1].addr, a, sizeof(a)),
		     (unsigned long)m->collect.ex[slot - 1].domain);
	return n < 0 ? 0 : (size_t)n < size ? (size_t)n : size - 1;
}
