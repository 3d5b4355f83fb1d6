/*
 * appid: names the application in a transport payload, by signature first
 * and port second, with the parsers in src/proto/ (app.h). Labels follow
 * tshark's, since that is what pktop is measured against: DNS over TCP is
 * dns, DNS over TLS or HTTPS is tls, and QUIC is quic (tshark nests the
 * TLS handshake inside QUIC, so the connection keeps the outer name).
 */
#include "config.h"

#include "decode/appid.h"

#include <pcap/dlt.h>
#include <pthread.h>
#include <string.h>

#include "base/cursor.h"
#include "decode/dissect.h"
#include "decode/proto_table.h"
#include "decode/proto/app.h"

#define APPID_PORT_VXLAN 4789
#define APPID_PORT_GENEVE 6081

/* The protocols with a parser, in the order their signatures are tried
 * (proto_desc.appid_rank); ports are the hint used when no signature
 * matched (and, for the DNS family, which of the three it is). Built once
 * from proto_table. */
static const struct proto_desc *appid_rows[PROTO_COUNT];
static size_t appid_nrows;
static pthread_once_t appid_rows_once = PTHREAD_ONCE_INIT;

static void
appid_rows_build(void)
{
	size_t n = 0;

	/* ranks are unique and 1..N (test_proto_table), so this is a
	 * counting sort */
	for (unsigned rank = 1; rank < PROTO_COUNT; rank++)
		for (unsigned id = 1; id < PROTO_COUNT; id++)
			if (proto_table[id]->parse &&
			    proto_table[id]->appid_rank == rank)
				appid_rows[n++] = proto_table[id];
	appid_nrows = n;
}

static void
appid_rows_init(void)
{
	pthread_once(&appid_rows_once, appid_rows_build);
}

/* SSDP (UPnP Device Architecture 2.0 section 1) is HTTP over UDP: tshark
 * shows its http fields, but calls it ssdp, so it names no connection.
 * A row of its own (not in proto_list.h): it counts as no protocol. */
static const struct proto_desc appid_ssdp = {
	.id = PROTO_HTTP, .l4 = PROTO_L4_UDP, .ports = { 1900 },
};

/* Ports where tshark's own dissector wins over any heuristic (SIP):
 * a packet there is left to it on the tree path with no connection. */
static const uint16_t appid_tshark_ports[PROTO_PORTS] = { 5060, 5061 };

static unsigned
appid_l4_bit(unsigned l4_proto)
{
	switch (l4_proto) {
	case PROTO_TCP:
		return PROTO_L4_TCP;
	case PROTO_UDP:
		return PROTO_L4_UDP;
	default:
		return 0;
	}
}

/* Run ROW's parser over a fresh copy of PAYLOAD, cut to APP_LOOK_MAX
 * bytes; the parser may refine a->app (the DNS family). */
static enum app_verdict
appid_try(const struct proto_desc *row, const struct cursor *payload,
	  struct app_ctx *a)
{
	struct cursor c = *payload;

	cursor_limit(&c, APP_LOOK_MAX);
	a->app = row->id;
	return row->parse(&c, a);
}

/* Which row guesses the app from the ports, or NULL. The lower port
 * decides when both are known (a client's ephemeral port can collide). */
static const struct proto_desc *
appid_by_port(unsigned l4, uint16_t sport, uint16_t dport)
{
	const struct proto_desc *best = NULL;
	uint16_t best_port = 0;
	size_t i, j;

	for (i = 0; i < appid_nrows; i++) {
		const struct proto_desc *row = appid_rows[i];

		if (!(row->l4 & l4))
			continue;
		for (j = 0; j < PROTO_PORTS && row->ports[j] != 0; j++) {
			uint16_t p = row->ports[j];

			if ((p == sport || p == dport) &&
			    (best == NULL || p < best_port)) {
				best = row;
				best_port = p;
			}
		}
	}
	return best;
}

/* The row whose signature matches (CERTAIN), else the port's row when its
 * parser does not object, else NULL. */
static const struct proto_desc *
appid_match(const struct cursor *payload, struct app_ctx *a, bool *certain)
{
	unsigned l4 = appid_l4_bit(a->l4);
	const struct proto_desc *hint, *weak = NULL;
	enum app_verdict v;
	size_t i;

	*certain = false;
	if (l4 == 0 || cursor_left(payload) == 0)
		return NULL;
	for (i = 0; i < appid_nrows; i++) {
		const struct proto_desc *row = appid_rows[i];

		if (!(row->l4 & l4))
			continue;
		v = appid_try(row, payload, a);
		if (v == APP_YES) {
			*certain = true;
			return row;
		}
		if (v == APP_WEAK && weak == NULL)
			weak = row;
		a->r->name_len = 0;
	}
	hint = weak ? weak : appid_by_port(l4, a->sport, a->dport);
	if (hint == NULL || appid_try(hint, payload, a) == APP_NO) {
		a->r->name_len = 0;
		return NULL;
	}
	return hint;
}

static void
appid_ctx_init(struct app_ctx *a, const struct decode_summary *s,
	       struct appid_result *r)
{
	memset(a, 0, sizeof(*a));
	r->app = PROTO_NONE;
	r->certain = false;
	r->name_len = 0;
	r->name[0] = '\0';
	memset(&r->http, 0, sizeof(r->http));
	r->settled = false;
	r->upgrade = false;
	a->r = r;
	a->sport = s->sport;
	a->dport = s->dport;
	a->l4 = s->l4_proto;
}

static bool appid_identify_at(const struct decode_summary *s,
			      const uint8_t *frame, struct appid_result *r,
			      unsigned depth);

/* VXLAN (RFC 7348 section 5) and Geneve (RFC 8926 section 3.4) carry
 * whole frames over UDP. tshark labels the outer flow by what it finds
 * inside, so the inner frame is decoded and identified in its place. */
static bool
appid_tunnel(const struct decode_summary *s, const uint8_t *frame,
	     struct appid_result *r, unsigned depth)
{
	struct decode_summary inner;
	struct cursor c;
	size_t hdr;
	int linktype = DLT_EN10MB;

	if (s->l4_proto != PROTO_UDP || depth > 0)
		return false;
	cursor_init(&c, frame, (size_t)s->payload_off + s->payload_len);
	c.pos = s->payload_off;
	if (s->dport == APPID_PORT_VXLAN) {
		/* flags with the I bit, reserved, VNI, reserved */
		if (cursor_peek_u8(&c, 0) != 0x08)
			return false;
		hdr = 8;
	} else if (s->dport == APPID_PORT_GENEVE) {
		int b0 = cursor_peek_u8(&c, 0);
		int t0 = cursor_peek_u8(&c, 2), t1 = cursor_peek_u8(&c, 3);
		unsigned type = (unsigned)t0 << 8 | (unsigned)t1;

		if (b0 < 0 || t1 < 0 || (b0 >> 6) != 0)
			return false;
		hdr = 8 + 4 * (size_t)(b0 & 0x3f);
		if (type == 0x0800 || type == 0x86dd)
			linktype = DLT_RAW;
		else if (type != 0x6558) /* Transparent Ethernet Bridging */
			return false;
	} else {
		return false;
	}
	if (!cursor_skip(&c, hdr) || cursor_left(&c) == 0)
		return false;
	memset(&inner, 0, sizeof(inner));
	decode_summary(linktype, frame + c.pos, cursor_left(&c),
		       cursor_left(&c), &inner);
	return appid_identify_at(&inner, frame + c.pos, r, depth + 1);
}

static bool
appid_identify_at(const struct decode_summary *s, const uint8_t *frame,
		  struct appid_result *r, unsigned depth)
{
	struct cursor payload;
	struct app_ctx a;
	bool certain;

	appid_ctx_init(&a, s, r);
	if (s->payload_len == 0 || s->frag == DECODE_FRAG_LATER)
		return false;
	if (s->l4_proto != PROTO_TCP && s->l4_proto != PROTO_UDP)
		return false;
	if (appid_tunnel(s, frame, r, depth))
		return true;
	appid_ctx_init(&a, s, r); /* the tunnel's try may have written R */
	cursor_init(&payload, frame, (size_t)s->payload_off + s->payload_len);
	payload.pos = s->payload_off;
	if (appid_match(&payload, &a, &certain) == NULL)
		return false;
	r->app = a.app;
	r->certain = certain;
	r->upgrade = appid_upgrade(a.app, frame + s->payload_off,
				   s->payload_len);
	r->name[r->name_len] = '\0';
	return true;
}

bool
appid_upgrade(unsigned app, const uint8_t *payload, size_t len)
{
	static const char connect[] = "CONNECT ";

	if (app >= PROTO_COUNT)
		return false;
	if (proto_table[app]->starttls)
		return true;
	return app == PROTO_HTTP && len >= sizeof(connect) - 1 &&
	       memcmp(payload, connect, sizeof(connect) - 1) == 0;
}

bool
appid_identify(const struct decode_summary *s, const uint8_t *frame,
	       struct appid_result *r)
{
	appid_rows_init();
	return appid_identify_at(s, frame, r, 0);
}

static bool
appid_has_port(const uint16_t ports[PROTO_PORTS], uint16_t sport,
	       uint16_t dport)
{
	size_t j;

	for (j = 0; j < PROTO_PORTS && ports[j] != 0; j++)
		if (ports[j] == sport || ports[j] == dport)
			return true;
	return false;
}

/* Packets read in order: a flow whose state says what comes next (an
 * HTTP header block going on, a QUIC connection's short-header packets,
 * which have no signature) keeps its protocol, as tshark's conversation
 * does; otherwise ROW stands. */
static const struct proto_desc *
appid_by_flow(const struct dissect *d, const struct proto_desc *row)
{
	const struct flow *f;
	unsigned dir, want = PROTO_NONE;
	size_t i;

	f = flowstate_get(d->fs, d->s, false, &dir);
	if (f == NULL)
		return row;
	if (f->upgrade == FLOW_UPGRADED && d->s->l4_proto == PROTO_TCP)
		want = PROTO_TLS;
	else if (f->quic != NULL && d->s->l4_proto == PROTO_UDP)
		want = PROTO_QUIC;
	else if (f->http_open[dir] && d->s->l4_proto == PROTO_TCP)
		want = PROTO_HTTP;
	if (want == PROTO_NONE || (row && row->id == want))
		return row;
	for (i = 0; i < appid_nrows; i++)
		if (appid_rows[i]->id == want)
			return appid_rows[i];
	return row;
}

/* Tree path: a STARTTLS-capable conversation or an HTTP CONNECT marks
 * its flow; a TLS handshake (ROW, CERTAIN) later in such a flow, or on
 * ports no protocol claims, turns it to TLS for good. Returns true for
 * that handshake. */
static bool
appid_upgrades(const struct dissect *d, const struct proto_desc *row,
	       bool certain, const struct cursor *payload)
{
	struct flow *f;
	unsigned dir;

	if (d->s->l4_proto != PROTO_TCP)
		return false;
	f = flowstate_get(d->fs, d->s, false, &dir);
	if (f == NULL)
		return false;
	if (row->id == PROTO_TLS && certain && f->upgrade != FLOW_UPGRADED &&
	    (f->upgrade == FLOW_MAY_UPGRADE ||
	     (!appid_has_port(row->ports, d->s->sport, d->s->dport) &&
	      !appid_by_port(PROTO_L4_TCP, d->s->sport, d->s->dport)))) {
		/* tshark's TLS heuristic, off any port it knows, gives the
		 * rest of the conversation to TLS too */
		f->upgrade = FLOW_UPGRADED;
		return true;
	}
	if (f->upgrade == FLOW_PLAIN &&
	    appid_upgrade(row->id, payload->frame + payload->pos,
			  cursor_left(payload)))
		f->upgrade = FLOW_MAY_UPGRADE;
	return false;
}

/* The packet's own signature decides first, as on the fast path (a QUIC
 * packet of a connection labelled otherwise is still dissected as QUIC); the
 * connection's APP comes next, then the port. With no APP (pktop -V,
 * --fields) a protocol tshark finds only by port is held to its port, so
 * the two print the same fields. */
void
appid_dissect(struct cursor *payload, struct dissect *d, unsigned app)
{
	const struct proto_desc *row;
	struct appid_result r;
	struct app_ctx a;
	bool certain;
	size_t i;

	appid_rows_init();
	appid_ctx_init(&a, d->s, &r);
	a.snapped = d->ip_end > payload->pos + cursor_left(payload);
	row = appid_match(payload, &a, &certain);
	if (row && appid_upgrades(d, row, certain, payload))
		certain = true; /* a TLS handshake after STARTTLS: TLS */
	else if (row && app == PROTO_NONE &&
		 !appid_has_port(row->ports, a.sport, a.dport) &&
		 (row->tree_by_port ||
		  appid_has_port(appid_tshark_ports, a.sport, a.dport) ||
		  (row->tree_heuristic &&
		   appid_by_port(appid_l4_bit(a.l4), a.sport, a.dport))))
		row = NULL;
	if (row == NULL && app == PROTO_NONE && a.l4 == PROTO_UDP &&
	    appid_has_port(appid_ssdp.ports, a.sport, a.dport))
		row = &appid_ssdp;
	if (!certain && app != PROTO_NONE) {
		unsigned l4 = appid_l4_bit(a.l4);

		if (app == PROTO_MDNS || app == PROTO_LLMNR)
			app = PROTO_DNS;
		for (i = 0; i < appid_nrows; i++)
			if (appid_rows[i]->id == app &&
			    (appid_rows[i]->l4 & l4))
				row = appid_rows[i];
	}
	row = appid_by_flow(d, row);
	if (row == NULL)
		return;
	a.t = d->t;
	a.app = row->id;
	a.fs = d->fs;
	a.s = d->s;
	a.packet = d->packet;
	a.tls_sni = -1;
	r.name_len = 0;
	/* the SSDP row borrows HTTP's parser */
	(row->parse ? row->parse : proto_table[row->id]->parse)(payload, &a);
}
