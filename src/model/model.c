/*
 * model: the engine's state behind model.h: lifetime, applying a capture
 * batch to the tables and the packet store under one lock hold, totals
 * and stored packets. Table snapshots are in model_query.c; the capture
 * filter and stop are the capture's (capture/control.h).
 */
#include "config.h"

#include "model/model.h"

#include <stdio.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "decode/appid.h"
#include "decode/quichdr.h"
#include "base/i18n.h"
#include "model/model_batch.h"
#include "model/model_impl.h"

struct model *
model_new(const struct model_limits *limits, int linktype, char *err,
	  size_t errlen)
{
	struct model_limits lim = { 0 };
	struct model *m;

	if (limits != NULL)
		lim = *limits;
	if (lim.max_hosts == 0)
		lim.max_hosts = MODEL_DEFAULT_MAX_HOSTS;
	if (lim.max_connections == 0)
		lim.max_connections = MODEL_DEFAULT_MAX_CONNECTIONS;
	if (lim.ring_bytes == 0)
		lim.ring_bytes = MODEL_DEFAULT_RING_BYTES;
	if (lim.no_store)
		lim.ring_bytes = 1; /* ring_init's smallest arena */
	m = calloc(1, sizeof(*m));
	if (m == NULL) {
		snprintf(err, errlen, "%s", _("out of memory for the traffic tables"));
		return NULL;
	}
	if (ring_init(&m->ring, lim.ring_bytes) < 0) {
		snprintf(err, errlen, _("cannot allocate a %zu MiB packet store (try a smaller --ring-size)"),
			 lim.ring_bytes >> 20);
		free(m);
		return NULL;
	}
	m->no_store = lim.no_store;
	pthread_mutex_init(&m->lock, NULL);
	hosttab_init(&m->hosts, lim.max_hosts);
	conntab_init(&m->conns, lim.max_connections);
	m->select_slice = MODEL_SELECT_SLICE;
	m->linktype = linktype;
	return m;
}

void
model_free(struct model *m)
{
	if (m == NULL)
		return;
	hosttab_destroy(&m->hosts);
	conntab_destroy(&m->conns);
	ring_destroy(&m->ring);
	model_select_caches_free(m);
	model_procs_free(m);
	free(m->local);
	pthread_mutex_destroy(&m->lock);
	free(m);
}

static void
model_reset_counters(struct model *m)
{
	m->packets = m->bytes = 0;
	m->undecoded = m->truncated = m->malformed = m->tunnelled = 0;
	m->first_ts = m->last_ts = 0.0;
	memset(&m->r_bytes, 0, sizeof(m->r_bytes));
	memset(&m->r_packets, 0, sizeof(m->r_packets));
	memset(&m->r_in, 0, sizeof(m->r_in));
	memset(&m->r_out, 0, sizeof(m->r_out));
	m->dropped_base = m->dropped;
	m->if_dropped_base = m->if_dropped;
}

void
model_clear(struct model *m)
{
	double last;

	pthread_mutex_lock(&m->lock);
	last = m->last_ts;
	model_flows_emit_all(m, FLOWQ_FORCED);
	hosttab_clear(&m->hosts);
	conntab_clear(&m->conns);
	m->generation++; /* a model_order's entries are gone */
	m->changes++;
	prototab_clear(&m->protos);
	fragtab_clear(&m->frags);
	model_reset_counters(m);
	/* rates of a file are read at the last packet's time: keep it */
	m->last_ts = last;
	pthread_mutex_unlock(&m->lock);
}

void
model_reset(struct model *m)
{
	model_clear(m);
	pthread_mutex_lock(&m->lock);
	ring_clear(&m->ring);
	m->last_ts = 0.0;
	m->capture_state = MODEL_CAPTURE_RUNNING;
	m->capture_error[0] = '\0';
	m->source_read = 0;
	m->generation++;
	m->changes++;
	pthread_mutex_unlock(&m->lock);
}

static bool
model_is_local(const struct model *m, const struct addr *a)
{
	for (size_t i = 0; i < m->nlocal; i++)
		if (memcmp(&m->local[i], a, sizeof(*a)) == 0)
			return true;
	return false;
}

void
model_set_local_addrs(struct model *m, const struct addr *addrs, size_t n)
{
	struct addr *copy = NULL;

	if (n > 0) {
		copy = malloc(n * sizeof(*copy));
		if (copy == NULL)
			return;
		memcpy(copy, addrs, n * sizeof(*copy));
	}
	pthread_mutex_lock(&m->lock);
	free(m->local);
	m->local = copy;
	m->nlocal = n;
	for (size_t i = 0; i < m->hosts.slab.nchunks; i++) {
		struct host_entry *h = m->hosts.slab.chunks[i];
		size_t count = slab_chunk_count(&m->hosts.slab, i);

		for (size_t j = 0; j < count; j++)
			if (h[j].live)
				h[j].local = model_is_local(m, &h[j].addr);
	}
	pthread_mutex_unlock(&m->lock);
}

void
model_set_live(struct model *m, bool live)
{
	pthread_mutex_lock(&m->lock);
	m->live = live;
	pthread_mutex_unlock(&m->lock);
}

double
model_now(const struct model *m)
{
	struct timespec t;

	if (!m->live) {
		/* a file read to its end (or stopped, or cut short) has no
		 * second still open: its last one counts in the rates too,
		 * or a capture shorter than a second would show none */
		if (m->capture_state != MODEL_CAPTURE_RUNNING)
			return floor(m->last_ts) + 1;
		return m->last_ts;
	}
	clock_gettime(CLOCK_REALTIME, &t);
	return (double)t.tv_sec + (double)t.tv_nsec * 1e-9;
}

/* ---- applying a batch ---- */

/* RFC 793 section 3.2's states as far as flags seen from outside tell. */
static void
model_tcp_state(struct conn_entry *c, uint8_t flags, int dir)
{
	enum { FIN = 0x01, SYN = 0x02, RST = 0x04, ACK = 0x10 };

	if (flags & RST) {
		c->state = MODEL_CONN_RESET;
	} else if ((flags & (SYN | ACK)) == SYN) {
		/* a new SYN after a close starts the 5-tuple over */
		if (c->state == MODEL_CONN_NONE || c->state == MODEL_CONN_CLOSED ||
		    c->state == MODEL_CONN_RESET) {
			c->state = MODEL_CONN_SYN_SENT;
			c->fin_seen = 0;
		}
	} else if (flags & SYN) {
		if (c->state == MODEL_CONN_NONE || c->state == MODEL_CONN_SYN_SENT)
			c->state = MODEL_CONN_SYN_RECEIVED;
	} else if (flags & FIN) {
		c->fin_seen |= (uint8_t)(1u << dir);
		c->state = c->fin_seen == 3 ? MODEL_CONN_CLOSED : MODEL_CONN_FIN_WAIT;
	} else if (flags & ACK) {
		/* the handshake's last ACK, or a connection met mid-stream */
		if (c->state == MODEL_CONN_NONE || c->state == MODEL_CONN_SYN_RECEIVED)
			c->state = MODEL_CONN_ESTABLISHED;
	}
}

/* Whether a label's protocol reveals a server name worth more looks once
 * the label is certain (appid.h: TLS SNI, HTTP Host, DNS query name). */
static bool
model_app_has_name(unsigned app)
{
	return app < PROTO_COUNT && proto_table[app]->has_name;
}

/* Whether C's label may still change or gain a server name: what makes
 * its next payload packets worth showing to appid. Once false it stays
 * false (a certain label never changes, a kept name never goes), which is
 * what lets the commit's first hold list the looks before any is answered
 * (model_batch_commit). */
/* An HTTP connection still without its first request or status: its
 * next payload packets are worth a look for the flow record. Once a
 * connection is another app's, or has both, this stays false. */
static bool
model_conn_wants_http(const struct model *m, const struct conn_entry *c)
{
	return c->app == PROTO_HTTP &&
	       conntab_http_have(&m->conns, c) !=
		       (CONN_HTTP_REQUEST | CONN_HTTP_STATUS);
}

static bool
model_conn_wants_look(const struct model *m, const struct conn_entry *c)
{
	return !c->app_certain || (c->name == NULL && model_app_has_name(c->app)) ||
	       (c->may_upgrade && c->app != PROTO_TLS) ||
	       model_conn_wants_http(m, c);
}

/* An HTTP answer H for C: its first request (method, target, agent) and
 * its first status code, each kept once. */
static void
model_conn_http(struct model *m, struct conn_entry *c,
		const struct http_summary *h)
{
	if (c->app != PROTO_HTTP)
		return;
	if (h->method_len > 0)
		conntab_http_request(&m->conns, c, h->method, h->method_len,
				     h->target, h->target_len, h->ua,
				     h->ua_len);
	if (h->status > 0)
		conntab_http_status(&m->conns, c, h->status);
}

/* How many payload packets per direction C's label is worth. */
static unsigned
model_look_limit(const struct conn_entry *c)
{
	return c->may_upgrade ? MODEL_APPID_UPGRADE_LOOKS : MODEL_APPID_LOOKS;
}

/* Apply appid's answer L to C, in the packets' order. A label that changes
 * takes the connection's earlier frames with it, from the row they were
 * counted under (the first hold counted this batch's under the old one). */
static void
model_label(struct model *m, struct conn_entry *c, const struct model_look *l,
	    uint32_t sec)
{
	const struct appid_result *r = &l->r;
	unsigned old_app = c->app;
	uint64_t total_pk, total_by;

	if (!l->found)
		return;
	if (r->settled)
		c->looks[0] = c->looks[1] = MODEL_APPID_SETTLED;
	if (r->upgrade && !c->app_certain)
		c->may_upgrade = 1;
	if (r->app != PROTO_NONE && r->app < PROTO_COUNT && !c->app_certain &&
	    (r->certain || c->app == PROTO_NONE)) {
		c->app = (uint8_t)r->app;
		c->app_certain = r->certain;
	} else if (c->may_upgrade && r->app == PROTO_TLS && r->certain &&
		   c->app != PROTO_TLS) {
		/* STARTTLS or a CONNECT tunnel: tshark names the stream by
		 * the TLS it turned into */
		c->app = PROTO_TLS;
		c->app_certain = 1;
	}
	if (r->name_len > 0)
		conntab_set_name(&m->conns, c, r->name,
				 r->name_len < sizeof(r->name) ? r->name_len : sizeof(r->name) - 1);
	model_conn_http(m, c, &r->http);
	if (c->app == old_app)
		return;
	total_pk = c->packets[0] + c->packets[1];
	total_by = c->bytes[0] + c->bytes[1];
	prototab_add(&m->protos, old_app, -1, total_pk, total_by, sec);
	prototab_add(&m->protos, c->app, +1, total_pk, total_by, sec);
}

/* An IP id reused with other ports: the later fragments counted for the
 * earlier datagram's flow leave it (fragtab.h says why). */
static void
model_frag_take_back(struct model *m, const struct decode_summary *s,
		     const struct frag_move *mv)
{
	struct conn_key key;
	struct conn_entry *c;
	bool from_lo;
	int dir;

	flowkey_make(&key, s->l4, &s->src, mv->sport, &s->dst, mv->dport,
		     &from_lo);
	c = conntab_find(&m->conns, &key, conntab_hash(&key));
	if (c == NULL)
		return; /* evicted since */
	dir = conntab_dir(c, from_lo);
	c->packets[dir] -= mv->packets < c->packets[dir] ? mv->packets : c->packets[dir];
	c->bytes[dir] -= mv->bytes < c->bytes[dir] ? mv->bytes : c->bytes[dir];
	prototab_add(&m->protos, c->app, -1, mv->packets, mv->bytes, 0);
}

/* Add one segment's health event EV of connection C to the host at A. */
static void
model_host_tcp(struct model *m, const struct addr *a, uint32_t hv,
	       const struct connhealth_event *ev, uint32_t rtt)
{
	struct host_entry *h = hosttab_find(&m->hosts, a, hv);

	if (h == NULL)
		return;
	if (ev->flags & TCPSEQ_ANY_RETRANS)
		h->tcp_retrans += h->tcp_retrans != UINT32_MAX;
	if (ev->flags & TCPSEQ_ZERO_WINDOW)
		h->tcp_zero_windows += h->tcp_zero_windows != UINT32_MAX;
	if (ev->flags & TCPSEQ_LOST)
		h->tcp_lost += h->tcp_lost != UINT32_MAX;
	if (ev->flags & TCPSEQ_DUPACK)
		h->tcp_dupacks += h->tcp_dupacks != UINT32_MAX;
	if (ev->rst)
		h->tcp_rsts += h->tcp_rsts != UINT32_MAX;
	if (rtt > h->tcp_rtt_worst)
		h->tcp_rtt_worst = rtt;
}

/* One TCP segment of connection C sent in direction DIR: its health,
 * and its hosts' roll-up when something happened. */
static void
model_conn_tcp(struct model *m, const struct model_batch_pkt *p,
	       struct conn_entry *c, int dir)
{
	enum { EVENTS = TCPSEQ_ANY_RETRANS | TCPSEQ_ZERO_WINDOW |
			TCPSEQ_LOST | TCPSEQ_DUPACK };
	struct connhealth_event ev;
	struct connhealth *h = c->tcp != NULL ? c->tcp
					      : conntab_health(&m->conns, c);
	uint32_t rtt = 0;

	if (h == NULL)
		return;
	connhealth_step(h, (unsigned)dir, &p->seg,
			(p->flags & MODEL_PKT_TS) != 0, p->tsval, p->tsecr,
			&ev);
	if (ev.rtt != 0) {
		uint64_t sum = (uint64_t)connhealth_side(h, 0) +
			       connhealth_side(h, 1);

		rtt = sum > UINT32_MAX ? UINT32_MAX : (uint32_t)sum;
		/* the hosts hear of a connection's RTT only when it passes
		 * the highest they were told: no lookups on every sample */
		if (rtt <= h->rtt_told)
			rtt = 0;
		else
			h->rtt_told = rtt;
	}
	if (!(ev.flags & EVENTS) && !ev.rst && rtt == 0)
		return;
	model_host_tcp(m, &p->s.src, p->src_hash, &ev, rtt);
	if (addr_compare(&p->s.src, &p->s.dst) != 0)
		model_host_tcp(m, &p->s.dst, p->dst_hash, &ev, rtt);
}

/* A QUIC datagram of connection C sent in direction DIR: the handshake's
 * timing (connhealth_quic). The block is taken on a client's Initial;
 * nothing is kept once the handshake is timed. */
static void
model_conn_quic(struct model *m, const struct model_batch_pkt *p,
		struct conn_entry *c, int dir, double ts)
{
	struct connhealth *h = c->tcp;

	if (h == NULL) {
		if (!(p->quic & QUICHDR_INITIAL))
			return;
		h = conntab_health(&m->conns, c);
		if (h == NULL)
			return;
	} else if (!h->quic || h->hs_state == CONNHEALTH_HS_DONE) {
		return;
	}
	connhealth_quic(h, (unsigned)dir, p->quic, tcpseq_clock(ts));
}

/* NPK packets of NBY bytes in direction DIR of connection C. */
static void
model_conn_count(struct conn_entry *c, int dir, uint64_t npk, uint64_t nby,
		 uint32_t sec, double ts)
{
	c->packets[dir] += npk;
	c->bytes[dir] += nby;
	if (ts > c->last_ts)
		c->last_ts = ts;
	rate_add(&c->rate[dir], sec, nby > UINT32_MAX ? UINT32_MAX : (uint32_t)nby);
}

/* What a packet (S, the flow inside its tunnel when INNER) does to its
 * connection C besides the counts: the TCP state, the flow record and
 * a look for appid. */
static void
model_conn_after(struct model *m, struct model_batch *b, uint32_t i,
		 struct conn_entry *c, const struct decode_summary *s, int dir,
		 bool inner)
{
	if (s->l4_proto == PROTO_TCP)
		model_tcp_state(c, s->tcp_flags, dir);
	if (m->flows.q != NULL)
		model_flows_after(m, b, c, dir,
				  s->l4_proto == PROTO_TCP ? s->tcp_flags : 0);
	if (s->payload_len > 0 && c->looks[dir] < model_look_limit(c) &&
	    model_conn_wants_look(m, c)) {
		/* the look is counted now, answered after the lock is let go
		 * and applied in the second hold; a connection's looks are a
		 * prefix of its payload packets either way */
		struct model_look *l = &b->looks[b->nlooks++];

		c->looks[dir]++;
		l->conn_id = c->id;
		l->pkt = i;
		l->dir = (uint8_t)dir;
		l->inner = inner;
	}
}

/* A packet in which a tunnel was found names its outer connection by
 * that tunnel (VXLAN, Geneve, ...), whatever its inner flows carry: they
 * are connections of their own, labelled by their own payload. The
 * frames counted before move to the tunnel's protocol row. */
static void
model_conn_tunnel(struct model *m, struct conn_entry *c, unsigned kind,
		  uint32_t sec)
{
	unsigned app = decode_tunnel_app(kind);
	uint64_t pk = c->packets[0] + c->packets[1];
	uint64_t by = c->bytes[0] + c->bytes[1];

	if (app == PROTO_NONE || c->app == app)
		return;
	if (c->app != PROTO_NONE)
		prototab_add(&m->protos, c->app, -1, pk, by, sec);
	prototab_add(&m->protos, app, +1, pk, by, sec);
	c->app = (uint8_t)app;
	c->app_certain = 1;
	c->looks[0] = c->looks[1] = MODEL_APPID_SETTLED;
}

/* Whether a new TCP connection's first packet S came from its server,
 * so endpoint a (the client, batch-json.md's first sender otherwise)
 * is the other side. A SYN says who is who; a connection met mid-stream
 * (started before the capture) says it by its ports: a well-known port
 * (below 1024) against one that is not, else the lower port, is the
 * server's, as tshark's "server port" heuristics and ss(8) read it. */
static bool
model_first_from_server(const struct decode_summary *s)
{
	enum { SYN = 0x02, ACK = 0x10 };
	bool s_low = s->sport < 1024, d_low = s->dport < 1024;

	if (s->l4_proto != PROTO_TCP)
		return false;
	if (s->tcp_flags & SYN)
		return (s->tcp_flags & ACK) != 0; /* a SYN/ACK: the server */
	if (s_low != d_low)
		return s_low;
	return s->sport < s->dport;
}

/* The id of the connection the packet was counted in, 0 for none. */
static uint64_t
model_conn_packet(struct model *m, struct model_batch *b, uint32_t i,
		  double ts)
{
	const struct model_batch_pkt *p = &b->pkts[i];
	const struct decode_summary *s = &p->s;
	struct conn_key later_key;
	const struct conn_key *key = &p->key;
	struct conn_entry *c;
	uint32_t hv = p->conn_hash, sec = p->sec, len = p->len;
	uint32_t more_packets = 0;
	uint64_t more_bytes = 0, npk, nby;
	bool from_lo = p->from_lo, created;
	int dir;

	if (s->frag == DECODE_FRAG_LATER) {
		struct frag_key fk;
		uint16_t sport, dport;

		fragtab_key_make(&fk, &s->src, &s->dst, s->l4, s->frag_id);
		if (!fragtab_later(&m->frags, &fk, len, &sport, &dport))
			return 0;
		flowkey_make(&later_key, s->l4, &s->src, sport, &s->dst,
			     dport, &from_lo);
		key = &later_key;
		hv = conntab_hash(key);
	} else if (!(p->flags & MODEL_PKT_CONN)) {
		return 0;
	} else if (s->frag == DECODE_FRAG_FIRST) {
		struct frag_key fk;
		struct frag_move mv;
		uint16_t sport = from_lo ? key->lo_port : key->hi_port;
		uint16_t dport = from_lo ? key->hi_port : key->lo_port;

		fragtab_key_make(&fk, &s->src, &s->dst, s->l4, s->frag_id);
		fragtab_note_first(&m->frags, &fk, sport, dport, &more_packets,
				   &more_bytes, &mv);
		if (mv.packets > 0)
			model_frag_take_back(m, s, &mv);
	}
	c = conntab_get_hashed(&m->conns, key, hv, ts, &created);
	if (c == NULL)
		return 0;
	if (created) {
		c->a_is_hi = !from_lo;
		if ((p->flags & MODEL_PKT_TCP) && model_first_from_server(s))
			c->a_is_hi = from_lo;
		model_procs_note_new(m, c);
	}
	if (m->flows.q != NULL)
		model_flows_before(m, c, ts);
	if (p->tunnel != DECODE_TUNNEL_NONE && !c->app_certain)
		model_conn_tunnel(m, c, p->tunnel, sec);
	dir = conntab_dir(c, from_lo);
	npk = 1 + (uint64_t)more_packets;
	nby = len + more_bytes;
	model_conn_count(c, dir, npk, nby, sec, ts);
	if (s->frag == DECODE_FRAG_LATER)
		goto attribute;
	if (p->flags & MODEL_PKT_TCP)
		model_conn_tcp(m, p, c, dir);
	else if (p->quic != 0)
		model_conn_quic(m, p, c, dir, ts);
	model_conn_after(m, b, i, c, s, dir, false);
attribute:
	if (c->app != PROTO_NONE)
		prototab_add(&m->protos, c->app, +1, npk, nby, sec);
	return c->id;
}

static void
model_host_packet(struct model *m, const struct model_batch_pkt *p, double ts)
{
	const struct decode_summary *s = &p->s;
	uint32_t sec = p->sec, len = p->len;
	struct host_entry *h;
	bool created;

	/* one entry at a time: getting the second may evict the first */
	h = hosttab_get_hashed(&m->hosts, &s->src, p->src_hash, ts, &created);
	if (h != NULL) {
		if (created)
			h->local = model_is_local(m, &s->src);
		h->tunnel = 0;
		h->tx_packets++;
		h->tx_bytes += len;
		if (ts > h->last_ts)
			h->last_ts = ts;
		rate_add(&h->tx_rate, sec, len);
		if (h->local)
			rate_add(&m->r_out, sec, len);
	}
	h = hosttab_get_hashed(&m->hosts, &s->dst, p->dst_hash, ts, &created);
	if (h != NULL) {
		if (created)
			h->local = model_is_local(m, &s->dst);
		h->tunnel = 0;
		h->rx_packets++;
		h->rx_bytes += len;
		if (ts > h->last_ts)
			h->last_ts = ts;
		rate_add(&h->rx_rate, sec, len);
		if (h->local)
			rate_add(&m->r_in, sec, len);
	}
}

/* The flow inside the tunnel packet I came through (model_batch.h): its
 * hosts and its own connection, each counted the frame's length as
 * tshark's conversation tables count a frame in every conversation it
 * belongs to (a host once per frame). The totals, the layer counts and
 * the local in/out rates are the outer packet's alone; an application
 * row counts the frame for the inner flow's label as for the outer's. */
static void
model_inner_packet(struct model *m, struct model_batch *b, uint32_t i,
		   double ts)
{
	const struct model_batch_pkt *p = &b->pkts[i];
	const struct model_batch_inner *in = &b->inner[i];
	const struct addr *ends[2] = { &in->s.src, &in->s.dst };
	const uint32_t hashes[2] = { in->src_hash, in->dst_hash };
	struct conn_entry *c;
	struct host_entry *h;
	bool created;
	int dir;

	for (int k = 0; k < 2; k++) {
		/* a frame counts once per host: an inner end that is one of
		 * the outer ends (SRv6's IPv6 in IPv6 from the same source)
		 * has been counted already */
		if (addr_equal(ends[k], &p->s.src) ||
		    addr_equal(ends[k], &p->s.dst))
			continue;
		h = hosttab_get_hashed(&m->hosts, ends[k], hashes[k], ts,
				       &created);
		if (h == NULL)
			continue;
		if (created) {
			h->local = model_is_local(m, ends[k]);
			h->tunnel = in->kind;
		}
		if (ts > h->last_ts)
			h->last_ts = ts;
		if (k == 0) {
			h->tx_packets++;
			h->tx_bytes += p->len;
			rate_add(&h->tx_rate, p->sec, p->len);
		} else {
			h->rx_packets++;
			h->rx_bytes += p->len;
			rate_add(&h->rx_rate, p->sec, p->len);
		}
	}
	c = conntab_get_hashed(&m->conns, &in->key, in->conn_hash, ts,
			       &created);
	if (c == NULL)
		return;
	if (created)
		c->a_is_hi = model_first_from_server(&in->s) ? in->from_lo
							     : !in->from_lo;
	if (m->flows.q != NULL)
		model_flows_before(m, c, ts);
	dir = conntab_dir(c, in->from_lo);
	model_conn_count(c, dir, 1, p->len, p->sec, ts);
	model_conn_after(m, b, i, c, &in->s, dir, true);
	/* its application's row counts it too, as tshark's hierarchy
	 * counts SSH inside Geneve under both */
	if (c->app != PROTO_NONE)
		prototab_add(&m->protos, c->app, +1, 1, p->len, p->sec);
}

static void
model_apply(struct model *m, struct model_batch *b, uint32_t i)
{
	const struct model_batch_pkt *p = &b->pkts[i];
	const uint8_t *frame = b->buf + p->off;
	const struct decode_summary *s = &p->s;
	double ts = (double)p->ts_sec + (double)p->ts_usec * 1e-6;
	uint32_t sec = p->sec, len = p->len;
	struct ring_rec rec = {
		.ts_sec = p->ts_sec, .ts_usec = p->ts_usec,
		.caplen = p->caplen, .len = p->len, .linktype = p->linktype,
		.layers = s->layers,
	};

	m->packets++;
	m->bytes += len;
	if (m->packets == 1)
		m->first_ts = ts;
	if (ts > m->last_ts)
		m->last_ts = ts;
	switch (s->status) {
	case DECODE_UNDECODED:
		m->undecoded++;
		break;
	case DECODE_TRUNCATED:
		m->truncated++;
		break;
	case DECODE_MALFORMED:
		m->malformed++;
		break;
	default:
		break;
	}
	rate_add(&m->r_bytes, sec, len);
	rate_add(&m->r_packets, sec, 1);
	prototab_count_layers(&m->protos, s->layers, sec, len);
	if (p->tunnel != DECODE_TUNNEL_NONE)
		m->tunnelled++;
	if (p->flags & MODEL_PKT_IP) {
		model_host_packet(m, p, ts);
		rec.conn_id = model_conn_packet(m, b, i, ts);
		if (p->flags & MODEL_PKT_INNER)
			model_inner_packet(m, b, i, ts);
	}
	/* stored after the tables: the record keeps its connection's id */
	if (m->no_store)
		ring_skip(&m->ring);
	else
		ring_put(&m->ring, &rec, frame);
}

/* The prefetch pipeline of a commit: with tens of thousands of flows the
 * table entries are cache misses, each a chain (bucket, entry, LRU
 * neighbours) no out-of-order core can overlap within one packet; started
 * a few packets ahead, they overlap with the work on the packets between. */
#define MODEL_AHEAD_BUCKET 6
#define MODEL_AHEAD_HEAD 4
#define MODEL_AHEAD_ENTRY 2

static void
model_prefetch(const struct model *m, const struct model_batch_pkt *p,
	       int stage)
{
	const UT_hash_table *ht = hosttab_tbl(&m->hosts);
	const UT_hash_table *ct = conntab_tbl(&m->conns);

	if (!(p->flags & MODEL_PKT_IP))
		return;
	switch (stage) {
	case MODEL_AHEAD_BUCKET:
		tabhash_prefetch_bucket(ht, p->src_hash);
		tabhash_prefetch_bucket(ht, p->dst_hash);
		if (p->flags & MODEL_PKT_CONN)
			tabhash_prefetch_bucket(ct, p->conn_hash);
		break;
	case MODEL_AHEAD_HEAD:
		tabhash_prefetch_head(ht, p->src_hash);
		tabhash_prefetch_head(ht, p->dst_hash);
		if (p->flags & MODEL_PKT_CONN)
			tabhash_prefetch_head(ct, p->conn_hash);
		break;
	default:
		hosttab_prefetch_entry(&m->hosts, p->src_hash);
		hosttab_prefetch_entry(&m->hosts, p->dst_hash);
		if (p->flags & MODEL_PKT_CONN)
			conntab_prefetch_entry(&m->conns, p->conn_hash);
		break;
	}
}

/* Without the lock: appid is pure (bytes in, answer out) and the batch is
 * the committer's until the commit returns. A QUIC Initial's decryption
 * costs 20-90 us, which a batch of new connections would otherwise add to
 * the lock hold the UI waits on. */
static void
model_batch_identify(struct model_batch *b)
{
	for (size_t k = 0; k < b->nlooks; k++) {
		struct model_look *l = &b->looks[k];
		const struct model_batch_pkt *p = &b->pkts[l->pkt];
		const struct decode_summary *s =
			l->inner ? &b->inner[l->pkt].s : &p->s;

		l->found = appid_identify(s, b->buf + p->off, &l->r);
	}
}

/* The second hold: the answers in the packets' order, each to the entry
 * that still has the connection's id (an evicted one keeps its old label;
 * a recycled key is another connection). A look whose connection was
 * settled or named by an earlier answer of the batch is dropped, as it
 * would not have been taken had the answers come one by one. */
static void
model_batch_label(struct model *m, struct model_batch *b)
{
	for (size_t k = 0; k < b->nlooks; k++) {
		const struct model_look *l = &b->looks[k];
		const struct model_batch_pkt *p = &b->pkts[l->pkt];
		const struct model_batch_inner *in = &b->inner[l->pkt];
		struct conn_entry *c;

		c = l->inner ? conntab_find(&m->conns, &in->key, in->conn_hash)
			     : conntab_find(&m->conns, &p->key, p->conn_hash);
		if (c == NULL || c->id != l->conn_id ||
		    c->looks[l->dir] == MODEL_APPID_SETTLED ||
		    !model_conn_wants_look(m, c))
			continue;
		model_label(m, c, l, p->sec);
	}
}

/* The committer's lock: said to be waiting, so a reader walking a table
 * in slices (model_query.c) lets it in at the next slice. */
static void
model_lock_commit(struct model *m)
{
	atomic_fetch_add(&m->lock_waiting, 1);
	pthread_mutex_lock(&m->lock);
	atomic_fetch_sub(&m->lock_waiting, 1);
}

void
model_batch_commit(struct model *m, struct model_batch *b)
{
	size_t n = b->n, i = 0;
	uint64_t gen;

	if (n == 0)
		return; /* a live capture's idle timeout: no lock for nothing */
	/* With flow export a file's batch is applied in segments cut where
	 * packet time enters a new second: the idle sweep runs between them,
	 * at the time it would have run live (model_flows_due). */
	while (i < n) {
		b->nlooks = 0;
		b->nends = 0;
		model_lock_commit(m);
		gen = m->generation;
		for (; i < n; i++) {
			if (m->flows.q != NULL && model_flows_due(m, &b->pkts[i]))
				break;
			if (i + MODEL_AHEAD_BUCKET < n)
				model_prefetch(m, &b->pkts[i + MODEL_AHEAD_BUCKET], MODEL_AHEAD_BUCKET);
			if (i + MODEL_AHEAD_HEAD < n)
				model_prefetch(m, &b->pkts[i + MODEL_AHEAD_HEAD], MODEL_AHEAD_HEAD);
			if (i + MODEL_AHEAD_ENTRY < n)
				model_prefetch(m, &b->pkts[i + MODEL_AHEAD_ENTRY], MODEL_AHEAD_ENTRY);
			model_apply(m, b, (uint32_t)i);
		}
		m->changes++;
		{
			/* new connections: the lookup thread wakes now */
			/* under the lock, so that procattr_stop's
			 * model_procs_set_wake(NULL) ends the calls */
			if (m->procs.queued && m->procs.wake != NULL)
				m->procs.wake(m->procs.wake_arg);
			m->procs.queued = false;
			pthread_mutex_unlock(&m->lock);
		}
		if (b->nlooks > 0) {
			model_batch_identify(b);
			model_lock_commit(m);
			model_batch_label(m, b);
			m->changes++;
			pthread_mutex_unlock(&m->lock);
		}
		if (m->flows.q != NULL)
			model_flows_commit(m, b, gen,
					   i < n ? model_flows_pkt_time(&b->pkts[i]) : -1);
	}
	b->n = 0;
	b->used = 0;
	b->nlooks = 0;
}

/* ---- capture state ---- */

void
model_set_drops(struct model *m, uint64_t dropped, uint64_t if_dropped)
{
	pthread_mutex_lock(&m->lock);
	m->dropped = dropped;
	m->if_dropped = if_dropped;
	pthread_mutex_unlock(&m->lock);
}

void
model_set_capture_state(struct model *m, enum model_capture_state st,
			const char *msg)
{
	pthread_mutex_lock(&m->lock);
	m->capture_state = (uint8_t)st;
	snprintf(m->capture_error, sizeof(m->capture_error), "%s",
		 msg != NULL ? msg : "");
	pthread_mutex_unlock(&m->lock);
}

void
model_set_progress(struct model *m, uint64_t read, uint64_t total)
{
	pthread_mutex_lock(&m->lock);
	m->source_read = read;
	m->source_total = total;
	pthread_mutex_unlock(&m->lock);
}

void
model_set_writer(struct model *m, const struct model_writer *w)
{
	pthread_mutex_lock(&m->lock);
	m->writer = *w;
	pthread_mutex_unlock(&m->lock);
}

void
model_get_totals(struct model *m, struct model_totals *out)
{
	double now;

	memset(out, 0, sizeof(*out));
	pthread_mutex_lock(&m->lock);
	now = model_now(m);
	out->packets = m->packets;
	out->bytes = m->bytes;
	out->dropped = m->dropped >= m->dropped_base ? m->dropped - m->dropped_base : m->dropped;
	out->if_dropped = m->if_dropped >= m->if_dropped_base ?
		m->if_dropped - m->if_dropped_base : m->if_dropped;
	out->undecoded = m->undecoded;
	out->truncated = m->truncated;
	out->malformed = m->malformed;
	out->tunnelled = m->tunnelled;
	out->first_ts = m->first_ts;
	out->last_ts = m->last_ts;
	rate_get_all(&m->r_bytes, now, m->first_ts, out->rate_bytes);
	rate_get_all(&m->r_packets, now, m->first_ts, out->rate_packets);
	rate_get_all(&m->r_in, now, m->first_ts, out->in_rate);
	rate_get_all(&m->r_out, now, m->first_ts, out->out_rate);
	out->hosts = m->hosts.count;
	out->connections = m->conns.count;
	out->evicted_hosts = m->hosts.evicted;
	out->evicted_connections = m->conns.evicted;
	out->ring_first_seq = m->ring.first_seq;
	out->ring_next_seq = m->ring.next_seq;
	out->ring_evicted = m->ring.evicted;
	out->ring_bytes_used = ring_used(&m->ring);
	out->ring_bytes_max = m->ring.size;
	out->memory_bytes = sizeof(*m) + hosttab_bytes(&m->hosts) +
			    conntab_bytes(&m->conns) + ring_bytes(&m->ring) +
			    m->nlocal * sizeof(struct addr) +
			    (m->procs.owners != NULL ?
			     MODEL_OWNERS_MAX * sizeof(struct model_owner) +
			     MODEL_PROCS_QUEUE * sizeof(struct model_proc_ask) : 0);
	out->procs_on = m->procs.on;
	out->procs_owners = m->procs.nowners;
	out->procs_evicted = m->procs.evicted;
	out->procs_missed = m->procs.missed;
	snprintf(out->procs_status, sizeof(out->procs_status), "%s",
		 m->procs.status);
	out->capture_state = m->capture_state;
	out->source_bytes_read = m->source_read;
	out->source_bytes_total = m->source_total;
	snprintf(out->capture_error, sizeof(out->capture_error), "%s",
		 m->capture_error);
	out->writer = m->writer;
	out->local_addrs = m->nlocal;
	out->collect = m->collect.st;
	out->collect.exporters = m->collect.n;
	out->collect.dropped += m->collect.dropped;
	out->export = m->flows.st;
	pthread_mutex_unlock(&m->lock);
}

/* ---- stored packets ---- */

static void
model_packet_fill(const struct ring_rec *rec, struct model_packet *hdr)
{
	hdr->seq = rec->seq;
	hdr->ts_sec = rec->ts_sec;
	hdr->ts_usec = rec->ts_usec;
	hdr->conn_id = rec->conn_id;
	hdr->layers = rec->layers;
	hdr->caplen = rec->caplen;
	hdr->len = rec->len;
	hdr->linktype = rec->linktype;
}

int
model_packet_get(struct model *m, uint64_t seq, struct model_packet *hdr,
		 uint8_t *buf, size_t bufsize)
{
	const struct ring_rec *rec;
	int rc = -1;

	pthread_mutex_lock(&m->lock);
	rec = ring_get(&m->ring, seq);
	if (rec == NULL)
		goto out;
	model_packet_fill(rec, hdr);
	if (buf != NULL && bufsize > 0)
		memcpy(buf, ring_rec_data(rec),
		       rec->caplen < bufsize ? rec->caplen : bufsize);
	rc = 0;
out:
	pthread_mutex_unlock(&m->lock);
	return rc;
}

size_t
model_packet_seqs(struct model *m, uint64_t from, model_packet_pred keep,
		  void *arg, uint64_t *out, size_t max)
{
	return model_packet_seqs_before(m, from, UINT64_MAX, keep, arg, out,
					max);
}

size_t
model_packet_seqs_before(struct model *m, uint64_t from, uint64_t before,
			 model_packet_pred keep, void *arg, uint64_t *out,
			 size_t max)
{
	size_t n = 0;

	pthread_mutex_lock(&m->lock);
	if (from < m->ring.first_seq)
		from = m->ring.first_seq;
	if (before > m->ring.next_seq)
		before = m->ring.next_seq;
	for (uint64_t seq = from; seq < before && n < max; seq++) {
		const struct ring_rec *rec = ring_get(&m->ring, seq);
		struct model_packet hdr;

		if (rec == NULL)
			continue;
		model_packet_fill(rec, &hdr);
		if (keep == NULL || keep(&hdr, ring_rec_data(rec), arg))
			out[n++] = seq;
	}
	pthread_mutex_unlock(&m->lock);
	return n;
}
