/*
 * model_query: table snapshots for the UI and --batch. One pass over the
 * table's entries keeps the rows that pass the match and selects the
 * first offset+max by the sort key with a bounded heap (topk.c) into a
 * private array. The UI's selections (model_hosts, model_connections)
 * walk in slices, the lock let go between them, copy the chosen rows in
 * the last hold and keep the answer until the next commit; a report's
 * order (model_*_order) is taken under one hold. The shared table is
 * never reordered.
 */
#include "config.h"

#include "model/model.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "model/model_impl.h"
#include "base/services.h"
#include "decode/decode.h"
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
	double since; /* rows whose last packet is older go; 0: none */
	uint32_t proc_key; /* connections of one process row; 0: all */
	uint64_t hide_id;  /* a connection left out (H); 0: none */
	const struct addr *host; /* connections with this end; NULL: all */
	const struct model *m;
};

static int
model_match_init(struct model_match *mm, const char *match)
{
	mm->lower = NULL;
	mm->len = 0;
	mm->since = 0;
	mm->proc_key = 0;
	mm->hide_id = 0;
	mm->host = NULL;
	mm->m = NULL;
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
#define MODEL_ROW_TEXT (3 * ADDR_TEXT_MAX + 256 + 16 + MODEL_NAME_MAX)

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

/* "a.b.c.d:port " or "[v6]:port " (the address alone without ports),
 * as the views draw an endpoint with numbers, so a find for
 * "10.0.0.1:443" matches the row it names */
static size_t
model_put_endpoint(char *out, size_t at, size_t size, const struct addr *a,
		   unsigned port, uint8_t l4)
{
	if (l4 != 6 && l4 != 17 && l4 != 132) {
		at = model_put_addr(out, at, size, a);
		return model_put_str(out, at, size, " ", 1);
	}
	if (a->family != 4)
		at = model_put_str(out, at, size, "[", 1);
	at = model_put_addr(out, at, size, a);
	at = model_put_str(out, at, size, a->family != 4 ? "]:" : ":",
			   a->family != 4 ? 2 : 1);
	at = model_put_uint(out, at, size, port);
	return model_put_str(out, at, size, " ", 1);
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

/* The Connections view's words for a TCP state (ui/view_conns.c). */
static const char *const model_state_words[MODEL_CONN_STATE_COUNT] = {
	[MODEL_CONN_NONE] = "",
	[MODEL_CONN_SYN_SENT] = "syn sent",
	[MODEL_CONN_SYN_RECEIVED] = "syn recv",
	[MODEL_CONN_ESTABLISHED] = "open",
	[MODEL_CONN_FIN_WAIT] = "closing",
	[MODEL_CONN_CLOSED] = "closed",
	[MODEL_CONN_RESET] = "reset",
};

static size_t
model_put_service(char *out, size_t at, size_t size, uint16_t port,
		  uint8_t l4)
{
	const char *name;

	if (l4 != 6 && l4 != 17 && l4 != 132)
		return at;
	name = services_name(port, l4);
	if (name == NULL)
		return at;
	at = model_put_str(out, at, size, name, strlen(name));
	return model_put_str(out, at, size, " ", 1);
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
	n = model_put_endpoint(text, n, size, &c->key.lo, c->key.lo_port,
			       c->key.l4);
	n = model_put_endpoint(text, n, size, &c->key.hi, c->key.hi_port,
			       c->key.l4);
	if (c->app != PROTO_NONE) {
		const char *app = proto_name(c->app);

		n = model_put_str(text, n, size, app, strlen(app));
		n = model_put_str(text, n, size, " ", 1);
	}
	/* as the Connections view draws the row: service names, the
	 * state's word (pktop's English), the application's label */
	n = model_put_service(text, n, size, c->key.lo_port, c->key.l4);
	n = model_put_service(text, n, size, c->key.hi_port, c->key.l4);
	if (c->state < MODEL_CONN_STATE_COUNT &&
	    model_state_words[c->state][0]) {
		const char *w = model_state_words[c->state];

		n = model_put_str(text, n, size, w, strlen(w));
		n = model_put_str(text, n, size, " ", 1);
	}
	if (c->app != PROTO_NONE && c->app < PROTO_COUNT &&
	    proto_table[c->app]->label != NULL) {
		const char *label = proto_table[c->app]->label;

		n = model_put_str(text, n, size, label, strlen(label));
		n = model_put_str(text, n, size, " ", 1);
	}
	if (c->name != NULL)
		n = model_put_str(text, n, size, c->name, c->name_len);
	if (flowkey_exporter_slot(&c->key) != 0 && mm->m != NULL) {
		/* --collect: the exporter, so a match filters by it */
		char ex[ADDR_TEXT_MAX + 16];
		size_t el = model_collect_text(mm->m, c, ex, sizeof(ex));

		n = model_put_str(text, n, size, " ", 1);
		n = model_put_str(text, n, size, ex, el);
	}
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
	case MODEL_SORT_RTT:
		return (double)h->tcp_rtt_worst;
	case MODEL_SORT_RETR:
		return (double)h->tcp_retrans;
	case MODEL_SORT_HEALTH:
		return (h->tcp_zero_windows ? 4e9 : 0) + (h->tcp_rsts ? 2e9 : 0) +
		       (double)h->tcp_retrans;
	default:
		return 0.0;
	}
}

static void
model_host_row(const struct host_entry *h, double now, double origin,
	       struct model_host_row *r)
{
	memset(r, 0, sizeof(*r));
	r->addr = h->addr;
	r->tx_packets = h->tx_packets;
	r->tx_bytes = h->tx_bytes;
	r->rx_packets = h->rx_packets;
	r->rx_bytes = h->rx_bytes;
	rate_get_all(&h->tx_rate, now, origin, r->tx_rate);
	rate_get_all(&h->rx_rate, now, origin, r->rx_rate);
	r->first_ts = h->first_ts;
	r->last_ts = h->last_ts;
	r->tcp.retrans = h->tcp_retrans;
	r->tcp.zero_windows = h->tcp_zero_windows;
	r->tcp.resets = h->tcp_rsts;
	r->tcp.lost = h->tcp_lost;
	r->tcp.dup_acks = h->tcp_dupacks;
	r->tcp.rtt_worst = h->tcp_rtt_worst ? h->tcp_rtt_worst * 1e-6 : -1.0;
	r->tunnel = h->tunnel;
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

/* Microseconds as seconds, 0 (unknown) as -1. */
static double
model_us(uint32_t us)
{
	return us != 0 ? (double)us * 1e-6 : -1.0;
}

/* Resent over data segments, percent; -1 before any data. Resent: what
 * tshark calls a retransmission (of any kind) or out of order, both
 * segments behind the highest sequence the direction sent. A capture at
 * the sender sees fast recovery resend a lost segment within the first
 * round trip of the newest one, which tshark calls out of order: with
 * its retransmissions alone a path dropping 2% read 0.2%. Reordering in
 * the network (rare) counts too. */
static double
model_conn_retr_pct(const struct conn_entry *c)
{
	const struct connhealth *h = c->tcp;
	uint64_t data, re;

	if (h == NULL)
		return -1.0;
	data = (uint64_t)h->d[0].data_segs + h->d[1].data_segs;
	re = (uint64_t)h->d[0].retrans + h->d[1].retrans + h->d[0].ooo +
	     h->d[1].ooo;
	if (data == 0)
		return -1.0;
	return 100.0 * (double)re / (double)data;
}

static unsigned
model_conn_health(const struct conn_entry *c)
{
	unsigned h = 0;

	if (c->tcp == NULL)
		return 0;
	if (c->tcp->d[0].zero_windows || c->tcp->d[1].zero_windows)
		h |= MODEL_HEALTH_ZERO_WINDOW;
	if (c->tcp->d[0].rsts || c->tcp->d[1].rsts)
		h |= MODEL_HEALTH_RESET;
	if (model_conn_retr_pct(c) >= MODEL_HEALTH_RETR_PCT)
		h |= MODEL_HEALTH_RETRANS;
	return h;
}

/* Both sides' round trips (connhealth.h), seconds; -1 none. */
static double
model_conn_rtt(const struct conn_entry *c)
{
	uint64_t sum;

	if (c->tcp == NULL)
		return -1.0;
	sum = (uint64_t)connhealth_side(c->tcp, 0) + connhealth_side(c->tcp, 1);
	return sum != 0 ? (double)sum * 1e-6 : -1.0;
}

static void
model_conn_tcp_row(const struct conn_entry *c, struct model_tcp_health *t)
{
	const struct connhealth *h = c->tcp;
	unsigned i;

	t->tcp = h != NULL && !h->quic;
	t->quic = h != NULL && h->quic;
	t->hs_client = t->hs_server = t->hs_total = -1.0;
	t->rtt = t->retr_pct = -1.0;
	for (i = 0; i < 2; i++)
		t->d[i].srtt = t->d[i].rttvar = t->d[i].handshake = -1.0;
	if (h == NULL)
		return;
	if (h->quic) {
		/* the handshake's halves only: its ACKs are encrypted */
		if (h->hs_state >= CONNHEALTH_HS_SYNACK)
			t->hs_server = model_us(h->d[h->hs_dir].hs_half);
		if (h->hs_state == CONNHEALTH_HS_DONE) {
			t->hs_client = model_us(h->d[h->hs_dir ^ 1].hs_half);
			t->hs_total = t->hs_client + t->hs_server;
		}
		t->rtt = model_conn_rtt(c);
		return;
	}
	for (i = 0; i < 2; i++) {
		const struct connhealth_dir *s = &h->d[i];
		struct model_tcp_dir *d = &t->d[i];

		d->data_segs = s->data_segs;
		d->retrans = s->retrans;
		d->fast = s->fast;
		d->spurious = s->spurious;
		d->out_of_order = s->ooo;
		d->dup_acks = s->dupacks;
		d->zero_windows = s->zero_windows;
		d->window_full = s->window_full;
		d->keep_alives = s->keepalives;
		d->resets = s->rsts;
		d->lost = s->lost;
		d->ack_unseen = s->ack_unseen;
		d->zero_window_s = (double)s->zw_ms * 1e-3;
		d->zero_window_now = (s->bits & CONNHEALTH_ZW_OPEN) != 0;
		if (d->zero_window_now) {
			/* the spell still open: up to the connection's
			 * last segment, either way */
			uint32_t a = h->seq.d[0].lastack_t - s->zw_start;
			uint32_t b = h->seq.d[1].lastack_t - s->zw_start;

			/* a time before the spell began wraps past half */
			if (a >= UINT32_MAX / 2)
				a = 0;
			if (b >= UINT32_MAX / 2)
				b = 0;
			d->zero_window_s += (double)(a > b ? a : b) * 1e-6;
		}
		if (s->srtt != 0) {
			d->srtt = (double)s->srtt * 1e-6;
			d->rttvar = (double)s->rttvar * 1e-6;
		}
		d->handshake = model_us(s->hs_half);
	}
	if (h->hs_state >= CONNHEALTH_HS_SYNACK)
		t->hs_server = model_us(h->d[h->hs_dir].hs_half);
	if (h->hs_state == CONNHEALTH_HS_DONE)
		t->hs_client = model_us(h->d[h->hs_dir ^ 1].hs_half);
	/* tshark's initial_rtt: the last SYN to the first ACK, the sequence
	 * analysis's (which also times out-of-order segments by it) */
	if (h->seq.hs & TCPSEQ_HS_RTT)
		t->hs_total = (double)h->seq.first_rtt * 1e-6;
	t->rtt = model_conn_rtt(c);
	t->retr_pct = model_conn_retr_pct(c);
	t->health = model_conn_health(c);
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
	case MODEL_SORT_RTT:
		return model_conn_rtt(c);
	case MODEL_SORT_RETR:
		return model_conn_retr_pct(c);
	case MODEL_SORT_HEALTH: {
		unsigned h = model_conn_health(c);
		double pct = model_conn_retr_pct(c);

		/* zero windows first, then resets, then Retr % */
		return ((h & MODEL_HEALTH_ZERO_WINDOW) ? 4000.0 : 0.0) +
		       ((h & MODEL_HEALTH_RESET) ? 2000.0 : 0.0) +
		       ((h & MODEL_HEALTH_RETRANS) ? 1000.0 : 0.0) +
		       (pct > 0 ? pct : 0.0);
	}
	default:
		return 0.0;
	}
}

const char *
model_tunnel_name(unsigned tunnel)
{
	return decode_tunnel_name(tunnel);
}

static void
model_conn_row(const struct model *m, const struct conn_entry *c, double now,
	       struct model_conn_row *r)
{
	memset(r, 0, offsetof(struct model_conn_row, server_name));
	r->id = c->id;
	r->l4 = c->key.l4;
	r->app = c->app;
	r->state = c->state;
	r->tunnel = (uint8_t)flowkey_tunnel(&c->key);
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
	rate_get_all(&c->rate[CONN_A_TO_B], now, m->first_ts, r->a_to_b_rate);
	rate_get_all(&c->rate[CONN_B_TO_A], now, m->first_ts, r->b_to_a_rate);
	r->first_ts = c->first_ts;
	r->last_ts = c->last_ts;
	model_conn_tcp_row(c, &r->tcp); /* its directions are a's and b's */
	if (c->name != NULL) {
		memcpy(r->server_name, c->name, c->name_len);
		r->server_name[c->name_len] = '\0';
	} else {
		r->server_name[0] = '\0';
	}
	model_proc_row_fill(m, c, r);
	model_collect_row(m, c, r);
	conntab_http_get(&m->conns, c, &r->http);
}

/* ---- one table's selection, written once for hosts and connections ---- */

struct model_table {
	struct slab *(*slab)(struct model *m);
	size_t (*count)(const struct model *m);
	struct model_select_cache *(*cache)(struct model *m);
	void (*init)(struct topk *tk, const struct model_query *q,
		     struct topk_item *v, size_t k);
	/* Offer ENT when it is live and passes MM; true when it passed. */
	bool (*offer)(struct topk *tk, const struct model_match *mm,
		      const void *ent, enum model_sort sort, double now);
	/* ENT is still the entry TAG named (not evicted since). */
	bool (*same)(const void *ent, uint64_t tag);
	/* Row I of the caller's array OUT. */
	void (*row)(const struct model *m, const void *ent, double now,
		    void *out, size_t i);
};

static struct slab *
model_host_slab(struct model *m)
{
	return &m->hosts.slab;
}

static size_t
model_host_count(const struct model *m)
{
	return m->hosts.count;
}

static struct model_select_cache *
model_host_cache(struct model *m)
{
	return &m->sel_hosts;
}

static void
model_host_init(struct topk *tk, const struct model_query *q,
		struct topk_item *v, size_t k)
{
	topk_init(tk, v, k, model_sort_dir(q), model_host_tie,
		  q->sort == MODEL_SORT_ADDR ? model_sort_dir(q) : +1);
}

static bool
model_host_offer(struct topk *tk, const struct model_match *mm,
		 const void *ent, enum model_sort sort, double now)
{
	const struct host_entry *h = ent;

	if (!h->live || (mm->since > 0 && h->last_ts < mm->since) ||
	    !model_host_matches(mm, h))
		return false;
	topk_offer_tag(tk, model_host_key(h, sort, now), h, h->id);
	return true;
}

static bool
model_host_same(const void *ent, uint64_t tag)
{
	const struct host_entry *h = ent;

	return h->live && h->id == tag;
}

static void
model_host_row_at(const struct model *m, const void *ent, double now,
		  void *out, size_t i)
{
	model_host_row(ent, now, m->first_ts,
		       &((struct model_host_row *)out)[i]);
}

static const struct model_table model_hosts_table = {
	model_host_slab, model_host_count, model_host_cache, model_host_init,
	model_host_offer, model_host_same, model_host_row_at,
};

static struct slab *
model_conn_slab(struct model *m)
{
	return &m->conns.slab;
}

static size_t
model_conn_count(const struct model *m)
{
	return m->conns.count;
}

static struct model_select_cache *
model_conn_cache(struct model *m)
{
	return &m->sel_conns;
}

static void
model_conn_init(struct topk *tk, const struct model_query *q,
		struct topk_item *v, size_t k)
{
	if (q->sort == MODEL_SORT_ADDR)
		topk_init(tk, v, k, model_sort_dir(q), model_conn_tie_addr,
			  model_sort_dir(q));
	else
		topk_init(tk, v, k, model_sort_dir(q), model_conn_tie_id, +1);
}

static bool
model_conn_offer(struct topk *tk, const struct model_match *mm,
		 const void *ent, enum model_sort sort, double now)
{
	const struct conn_entry *c = ent;

	if (!c->live || (mm->since > 0 && c->last_ts < mm->since) ||
	    !model_conn_matches(mm, c))
		return false;
	if (mm->proc_key != 0 && model_proc_key(mm->m, c) != mm->proc_key)
		return false;
	if (mm->hide_id != 0 && c->id == mm->hide_id)
		return false;
	if (mm->host != NULL && !addr_equal(&c->key.lo, mm->host) &&
	    !addr_equal(&c->key.hi, mm->host))
		return false;
	topk_offer_tag(tk, model_conn_key(c, sort, now), c, c->id);
	return true;
}

static bool
model_conn_same(const void *ent, uint64_t tag)
{
	const struct conn_entry *c = ent;

	return c->live && c->id == tag;
}

static void
model_conn_row_at(const struct model *m, const void *ent, double now,
		  void *out, size_t i)
{
	model_conn_row(m, ent, now, &((struct model_conn_row *)out)[i]);
}

static const struct model_table model_conns_table = {
	model_conn_slab, model_conn_count, model_conn_cache, model_conn_init,
	model_conn_offer, model_conn_same, model_conn_row_at,
};

/* Where a walk over a table's slab stands. */
struct model_walk {
	size_t chunk, j;
	bool done;
};

/* Offer at most BUDGET more entries from where W stands; returns how many
 * it looked at. Lock held. Entries stay in their chunks until model_clear
 * (the generation), so a walk resumed after the lock was let go finds
 * them where they were. */
static size_t
model_walk(struct model *m, const struct model_table *t, struct model_walk *w,
	   size_t budget, struct topk *tk, const struct model_match *mm,
	   enum model_sort sort, double now, size_t *pass)
{
	const struct slab *s = t->slab(m);
	size_t seen = 0;

	for (; w->chunk < s->nchunks; w->chunk++, w->j = 0) {
		const char *base = s->chunks[w->chunk];
		size_t count = slab_chunk_count(s, w->chunk);

		for (; w->j < count; w->j++, seen++) {
			if (seen == budget)
				return seen;
			if (t->offer(tk, mm, base + w->j * s->size, sort, now))
				(*pass)++;
		}
	}
	w->done = true;
	return seen;
}

static uint32_t
model_second(double now)
{
	if (!(now > 0.0))
		return 0;
	if (now >= (double)UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)now;
}

static bool
model_rate_sort(enum model_sort s)
{
	return s == MODEL_SORT_RATE_2S || s == MODEL_SORT_RATE_10S ||
	       s == MODEL_SORT_RATE_40S;
}

/* A long walk lets the model lock go for a moment (the lock held). */
static void
model_let_committer_in(struct model *m)
{
	pthread_mutex_unlock(&m->lock);
	/* a committer woken by the unlock needs a moment to take the lock;
	 * without this wait the walk takes it back first */
	for (int i = 0; i < 10000 && atomic_load(&m->lock_waiting) > 0; i++)
		sched_yield();
	if (m->select_pause != NULL)
		m->select_pause(m->select_pause_arg);
	pthread_mutex_lock(&m->lock);
}

/* C holds Q's answer as of now. Rates move with the clock, not only with
 * commits: a rate order still holds a second later when, at the time C
 * was taken, no entry had a second still open (every rate then decays by
 * the same factor; only rows that reach zero may then tie differently). */
static bool
model_cache_fits(const struct model *m, const struct model_select_cache *c,
		 const struct model_query *q, const struct model_match *mm,
		 uint32_t sec)
{
	const char *match = mm->len ? q->match : NULL;

	if (!c->valid || c->changes != m->changes ||
	    c->generation != m->generation || c->sort != q->sort ||
	    c->ascending != q->ascending || c->offset != q->offset ||
	    c->max != q->max || c->expire != q->expire ||
	    (q->expire > 0 && c->sec != sec) || c->proc_key != q->proc_key ||
	    c->hide_id != q->hide_id ||
	    c->by_host != (q->host != NULL) ||
	    (q->host != NULL && !addr_equal(&c->host, q->host)))
		return false;
	if ((match == NULL) != (c->match == NULL) ||
	    (match != NULL && strcmp(match, c->match) != 0))
		return false;
	return !model_rate_sort(q->sort) || c->sec == sec ||
	       (c->settled && sec > c->sec);
}

/* Rows of C's entries still there, [offset, offset + max) of its order,
 * into OUT. Lock held. */
static size_t
model_cache_rows(const struct model *m, const struct model_table *t,
		 const struct model_select_cache *c, const struct model_query *q,
		 double now, void *out)
{
	size_t n = 0;

	for (size_t i = q->offset; i < c->n && n < q->max; i++)
		if (t->same(c->v[i].ent, c->v[i].tag))
			t->row(m, c->v[i].ent, now, out, n++);
	return n;
}

/* Rows [offset, offset + max) of table T in Q's order. The walk lets the
 * lock go every m->select_slice entries so the committer can get in; the
 * rows are copied in the last hold, leaving out entries evicted since
 * they were offered. The answer is kept, and the same query answered from
 * it, until the next commit. */
static size_t
model_select(struct model *m, const struct model_table *t,
	     const struct model_query *q, struct model_match *mm, void *out,
	     size_t *matched)
{
	struct model_select_cache *c = t->cache(m);
	struct topk tk;
	struct model_walk w;
	struct topk_item *v;
	size_t k, n = 0, pass = 0, want = q->offset + q->max;
	uint64_t generation, changes;
	double now;
	char *match = NULL;

	if (want < q->offset) /* overflow */
		want = SIZE_MAX;
	if (mm->len && (match = strdup(q->match)) == NULL)
		return 0;
	pthread_mutex_lock(&m->lock);
	m->select_visited = m->select_hold_max = 0;
restart:
	now = model_now(m);
	mm->since = q->expire > 0 ? now - q->expire : 0;
	if (model_cache_fits(m, c, q, mm, model_second(now))) {
		n = model_cache_rows(m, t, c, q, now, out);
		pass = c->pass;
		pthread_mutex_unlock(&m->lock);
		free(match);
		goto out;
	}
	generation = m->generation;
	changes = m->changes;
	k = want < t->count(m) ? want : t->count(m);
	v = malloc((k ? k : 1) * sizeof(*v));
	if (v == NULL) {
		pthread_mutex_unlock(&m->lock);
		free(match);
		goto out;
	}
	t->init(&tk, q, v, k);
	memset(&w, 0, sizeof(w));
	pass = 0;
	for (;;) {
		size_t seen = model_walk(m, t, &w,
					 m->select_slice ? m->select_slice
							 : SIZE_MAX,
					 &tk, mm, q->sort, now, &pass);

		m->select_visited += seen;
		if (seen > m->select_hold_max)
			m->select_hold_max = seen;
		if (w.done)
			break;
		model_let_committer_in(m);
		if (m->generation != generation) {
			/* model_clear freed the entries offered so far */
			free(v);
			goto restart;
		}
	}
	k = topk_finish(&tk);
	free(c->v);
	free(c->match);
	*c = (struct model_select_cache){
		.valid = true, .changes = changes, .generation = generation,
		.sec = model_second(now),
		.settled = model_second(now) > model_second(m->last_ts),
		.sort = q->sort, .ascending = q->ascending, .offset = q->offset,
		.max = q->max, .match = match, .expire = q->expire, .v = v,
		.n = k, .pass = pass, .proc_key = q->proc_key,
		.hide_id = q->hide_id,
		.by_host = q->host != NULL,
	};
	if (q->host != NULL)
		c->host = *q->host;
	n = model_cache_rows(m, t, c, q, now, out);
	pthread_mutex_unlock(&m->lock);
out:
	if (matched != NULL)
		*matched = pass;
	return n;
}

void
model_select_caches_free(struct model *m)
{
	free(m->sel_hosts.v);
	free(m->sel_hosts.match);
	free(m->sel_conns.v);
	free(m->sel_conns.match);
	memset(&m->sel_hosts, 0, sizeof(m->sel_hosts));
	memset(&m->sel_conns, 0, sizeof(m->sel_conns));
}

static uint64_t
model_sub(uint64_t v, uint64_t less)
{
	return v > less ? v - less : 0;
}

/* H: the hidden connection's packets, bytes and rates taken off its two
 * hosts' rows; a host it was all of goes. Returns the rows left. */
static size_t
model_hosts_hide(struct model *m, uint64_t id, struct model_host_row *out,
		 size_t n, size_t *matched)
{
	struct model_conn_row c;
	size_t i, o = 0;

	if (model_connection_get(m, id, &c) < 0)
		return n;
	for (i = 0; i < n; i++) {
		struct model_host_row *r = &out[i];
		bool is_a = addr_equal(&r->addr, &c.a);

		if (is_a || addr_equal(&r->addr, &c.b)) {
			uint64_t txp = is_a ? c.a_to_b_packets : c.b_to_a_packets;
			uint64_t txb = is_a ? c.a_to_b_bytes : c.b_to_a_bytes;
			uint64_t rxp = is_a ? c.b_to_a_packets : c.a_to_b_packets;
			uint64_t rxb = is_a ? c.b_to_a_bytes : c.a_to_b_bytes;
			const double *txr = is_a ? c.a_to_b_rate : c.b_to_a_rate;
			const double *rxr = is_a ? c.b_to_a_rate : c.a_to_b_rate;

			r->tx_packets = model_sub(r->tx_packets, txp);
			r->tx_bytes = model_sub(r->tx_bytes, txb);
			r->rx_packets = model_sub(r->rx_packets, rxp);
			r->rx_bytes = model_sub(r->rx_bytes, rxb);
			for (size_t w = 0; w < MODEL_RATE_COUNT; w++) {
				r->tx_rate[w] = r->tx_rate[w] > txr[w]
							? r->tx_rate[w] - txr[w]
							: 0.0;
				r->rx_rate[w] = r->rx_rate[w] > rxr[w]
							? r->rx_rate[w] - rxr[w]
							: 0.0;
			}
			if (r->tx_packets + r->rx_packets == 0) {
				/* the session was all this host did */
				if (matched != NULL && *matched > 0)
					(*matched)--;
				continue;
			}
		}
		if (o != i)
			out[o] = *r;
		o++;
	}
	return o;
}

size_t
model_hosts(struct model *m, const struct model_query *q,
	    struct model_host_row *out, size_t *matched)
{
	struct model_match mm;
	size_t n;

	if (model_match_init(&mm, q->match) < 0) {
		if (matched != NULL)
			*matched = 0;
		return 0;
	}
	n = model_select(m, &model_hosts_table, q, &mm, out, matched);
	free(mm.lower);
	if (q->hide_id != 0)
		n = model_hosts_hide(m, q->hide_id, out, n, matched);
	return n;
}

size_t
model_connections(struct model *m, const struct model_query *q,
		  struct model_conn_row *out, size_t *matched)
{
	struct model_match mm;
	size_t n;

	if (model_match_init(&mm, q->match) < 0) {
		if (matched != NULL)
			*matched = 0;
		return 0;
	}
	mm.proc_key = q->proc_key;
	mm.hide_id = q->hide_id;
	mm.host = q->host;
	mm.m = m;
	n = model_select(m, &model_conns_table, q, &mm, out, matched);
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
	mm.m = m;
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

		const struct model_table *t = conns ? &model_conns_table
						    : &model_hosts_table;
		struct model_walk w = { 0 };
		struct topk tk;

		/* the whole table under this one hold: a report's order */
		t->init(&tk, q, o->v, rows);
		model_walk(m, t, &w, SIZE_MAX, &tk, &mm, q->sort, now, &pass);
		o->n = topk_finish(&tk);
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
			model_host_row(h, now, m->first_ts, &out[n++]);
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
			model_conn_row(m, c, now, &out[n++]);
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

static int
model_id_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

size_t
model_connections_by_id(struct model *m, const uint64_t *ids, size_t nids,
			double expire, struct model_conn_row *out)
{
	uint64_t *want, generation;
	size_t n = 0, held = 0;
	double now, since;

	if (nids == 0 || (want = malloc(nids * sizeof(*want))) == NULL)
		return 0;
	memcpy(want, ids, nids * sizeof(*want));
	qsort(want, nids, sizeof(*want), model_id_cmp);
	pthread_mutex_lock(&m->lock);
	generation = m->generation;
	now = model_now(m);
	since = expire > 0 ? now - expire : 0;
	m->select_visited = m->select_hold_max = 0;
	/* one walk for all the ids, letting the lock go as model_select
	 * does; a row is copied in the hold that finds it */
	for (size_t i = 0; i < m->conns.slab.nchunks && n < nids; i++) {
		const struct conn_entry *c = m->conns.slab.chunks[i];

		for (size_t j = 0;
		     j < slab_chunk_count(&m->conns.slab, i) && n < nids; j++) {
			if (m->select_slice && held == m->select_slice) {
				model_let_committer_in(m);
				held = 0;
				if (m->generation != generation)
					goto out; /* model_clear: all gone */
			}
			if (++held > m->select_hold_max)
				m->select_hold_max = held;
			m->select_visited++;
			if (c[j].live &&
			    (since <= 0 || c[j].last_ts >= since) &&
			    bsearch(&c[j].id, want, nids, sizeof(*want),
				    model_id_cmp))
				model_conn_row(m, &c[j], now, &out[n++]);
		}
	}
out:
	pthread_mutex_unlock(&m->lock);
	free(want);
	return n;
}

int
model_connection_get(struct model *m, uint64_t id, struct model_conn_row *out)
{
	return model_connections_by_id(m, &id, 1, 0, out) == 1 ? 0 : -1;
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
		rate_get_all(&c->rate, now, m->first_ts, r->rate);
	}
	pthread_mutex_unlock(&m->lock);
out_nolock:
	if (matched != NULL)
		*matched = pass;
	free(mm.lower);
	return n;
}
