/*
 * ipfix: the encoder. The element table below is the one place an
 * exported field is written: its id (IANA, or a private enterprise's),
 * its length, which record shapes carry it and how it is read from a
 * flow record. A template is the rows its shape selects, in table order.
 */
#include "config.h"

#include "output/ipfix.h"

#include <string.h>

#include "decode/proto_table.h"

/* Shape bits: a row is in a template when its family and kind are. */
enum {
	IPFIX_W_V4 = 1 << 0,
	IPFIX_W_V6 = 1 << 1,
	IPFIX_W_PLAIN = 1 << 2,
	IPFIX_W_SNI = 1 << 3,
	IPFIX_W_DNS = 1 << 4,
	IPFIX_W_HTTP = 1 << 5,
	IPFIX_W_FAMILY = IPFIX_W_V4 | IPFIX_W_V6,
	IPFIX_W_KIND = IPFIX_W_PLAIN | IPFIX_W_SNI | IPFIX_W_DNS | IPFIX_W_HTTP,
	IPFIX_W_ALL = IPFIX_W_FAMILY | IPFIX_W_KIND,
};

/* A writer puts the value of one element; the message has room. */
struct ipfix_put {
	uint8_t *p;
	const struct flowq_rec *r;
	const struct ipfix_enc *e;
};

static void
ipfix_be(struct ipfix_put *w, uint64_t v, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		w->p[i] = (uint8_t)(v >> (8 * (n - 1 - i)));
	w->p += n;
}

static void
ipfix_bytes(struct ipfix_put *w, const void *v, size_t n)
{
	memcpy(w->p, v, n);
	w->p += n;
}

/* RFC 7011 section 7: a variable-length field's length prefix. */
static void
ipfix_var(struct ipfix_put *w, const void *v, size_t n)
{
	if (n < 255) {
		*w->p++ = (uint8_t)n;
	} else {
		*w->p++ = 255;
		ipfix_be(w, n, 2);
	}
	ipfix_bytes(w, v, n);
}

static uint64_t
ipfix_ms(double t)
{
	return t > 0 ? (uint64_t)(t * 1000.0 + 0.5) : 0;
}

static void put_src4(struct ipfix_put *w) { ipfix_bytes(w, w->r->a.bytes, 4); }
static void put_dst4(struct ipfix_put *w) { ipfix_bytes(w, w->r->b.bytes, 4); }
static void put_src6(struct ipfix_put *w) { ipfix_bytes(w, w->r->a.bytes, 16); }
static void put_dst6(struct ipfix_put *w) { ipfix_bytes(w, w->r->b.bytes, 16); }
static void put_sport(struct ipfix_put *w) { ipfix_be(w, w->r->a_port, 2); }
static void put_dport(struct ipfix_put *w) { ipfix_be(w, w->r->b_port, 2); }
static void put_proto(struct ipfix_put *w) { ipfix_be(w, w->r->l4, 1); }
static void put_octets(struct ipfix_put *w) { ipfix_be(w, w->r->bytes[0], 8); }
static void put_packets(struct ipfix_put *w) { ipfix_be(w, w->r->packets[0], 8); }
static void put_rev_octets(struct ipfix_put *w) { ipfix_be(w, w->r->bytes[1], 8); }
static void put_rev_packets(struct ipfix_put *w) { ipfix_be(w, w->r->packets[1], 8); }
static void put_start(struct ipfix_put *w) { ipfix_be(w, ipfix_ms(w->r->start), 8); }
static void put_end(struct ipfix_put *w) { ipfix_be(w, ipfix_ms(w->r->end), 8); }
static void put_flags(struct ipfix_put *w) { ipfix_be(w, w->r->tcp_flags[0], 2); }
static void put_rev_flags(struct ipfix_put *w) { ipfix_be(w, w->r->tcp_flags[1], 2); }
static void put_reason(struct ipfix_put *w) { ipfix_be(w, w->r->reason, 1); }
/* flowDirection: 0 ingress, 1 egress, seen from the capture's host */
static void put_direction(struct ipfix_put *w) { ipfix_be(w, w->r->a_local ? 1 : 0, 1); }
static void put_ifindex(struct ipfix_put *w) { ipfix_be(w, w->e->ifindex, 4); }
static void put_name(struct ipfix_put *w) { ipfix_var(w, w->r->name, w->r->name_len); }
static size_t len_name(const struct flowq_rec *r) { return r->name_len; }
static void put_retr_in(struct ipfix_put *w) { ipfix_be(w, w->r->retrans[0], 4); }
static void put_retr_out(struct ipfix_put *w) { ipfix_be(w, w->r->retrans[1], 4); }
/* ntop's latencies are milliseconds: a measured one is rounded up, so
 * that 0 keeps meaning "not measured" */
static uint32_t ipfix_ms_up(uint32_t us) { return (us + 999) / 1000; }
static void put_cli_lat(struct ipfix_put *w) { ipfix_be(w, ipfix_ms_up(w->r->lat_client_us), 4); }
static void put_srv_lat(struct ipfix_put *w) { ipfix_be(w, ipfix_ms_up(w->r->lat_server_us), 4); }
static void put_pid(struct ipfix_put *w) { ipfix_be(w, w->r->pid > 0 ? (uint32_t)w->r->pid : 0, 4); }
static size_t len_comm(const struct flowq_rec *r) { return strnlen(r->comm, sizeof(r->comm)); }
static void put_comm(struct ipfix_put *w) { ipfix_var(w, w->r->comm, len_comm(w->r)); }
static size_t len_user(const struct flowq_rec *r) { return strnlen(r->user, sizeof(r->user)); }
/* HTTP: the first request and status ("" and 0 when not seen); each
 * string is capped by the model (struct model_http), so a record fits
 * one message */
static size_t len_method(const struct flowq_rec *r) { return r->http.method_len; }
static void put_method(struct ipfix_put *w) { ipfix_var(w, w->r->http.method, w->r->http.method_len); }
static size_t len_target(const struct flowq_rec *r) { return r->http.target_len; }
static void put_target(struct ipfix_put *w) { ipfix_var(w, w->r->http.target, w->r->http.target_len); }
static size_t len_ua(const struct flowq_rec *r) { return r->http.ua_len; }
static void put_ua(struct ipfix_put *w) { ipfix_var(w, w->r->http.ua, w->r->http.ua_len); }
static void put_status(struct ipfix_put *w) { ipfix_be(w, w->r->http.status, 2); }
static void put_user(struct ipfix_put *w) { ipfix_var(w, w->r->user, len_user(w->r)); }

/* "" for a connection pktop could not name */
static const char *
ipfix_app_name(const struct flowq_rec *r)
{
	return r->app < PROTO_COUNT && r->app != PROTO_NONE
		       ? proto_table[r->app]->name : "";
}

static void
put_app(struct ipfix_put *w)
{
	const char *n = ipfix_app_name(w->r);

	ipfix_var(w, n, strlen(n));
}

static size_t len_app(const struct flowq_rec *r) { return strlen(ipfix_app_name(r)); }

struct ipfix_row {
	uint16_t id;
	uint32_t pen;      /* 0: IANA */
	uint16_t len;      /* IPFIX_VARLEN: variable */
	unsigned when;     /* IPFIX_W_* */
	void (*put)(struct ipfix_put *w);
	const char *name;  /* the registry's name */
	/* IPFIX_VARLEN rows: the value's length (PUT writes the prefix) */
	size_t (*vlen)(const struct flowq_rec *r);
};

/* To export a new model field: a field in struct flowq_rec filled by
 * model_flows_emit, a writer above (and a length for a variable one) and
 * one row here. */
static const struct ipfix_row ipfix_rows[] = {
	{ 8, 0, 4, IPFIX_W_V4 | IPFIX_W_KIND, put_src4, "sourceIPv4Address", NULL },
	{ 12, 0, 4, IPFIX_W_V4 | IPFIX_W_KIND, put_dst4, "destinationIPv4Address", NULL },
	{ 27, 0, 16, IPFIX_W_V6 | IPFIX_W_KIND, put_src6, "sourceIPv6Address", NULL },
	{ 28, 0, 16, IPFIX_W_V6 | IPFIX_W_KIND, put_dst6, "destinationIPv6Address", NULL },
	{ 7, 0, 2, IPFIX_W_ALL, put_sport, "sourceTransportPort", NULL },
	{ 11, 0, 2, IPFIX_W_ALL, put_dport, "destinationTransportPort", NULL },
	{ 4, 0, 1, IPFIX_W_ALL, put_proto, "protocolIdentifier", NULL },
	{ 1, 0, 8, IPFIX_W_ALL, put_octets, "octetDeltaCount", NULL },
	{ 2, 0, 8, IPFIX_W_ALL, put_packets, "packetDeltaCount", NULL },
	{ 1, IPFIX_PEN_REVERSE, 8, IPFIX_W_ALL, put_rev_octets, "reverseOctetDeltaCount", NULL },
	{ 2, IPFIX_PEN_REVERSE, 8, IPFIX_W_ALL, put_rev_packets, "reversePacketDeltaCount", NULL },
	{ 152, 0, 8, IPFIX_W_ALL, put_start, "flowStartMilliseconds", NULL },
	{ 153, 0, 8, IPFIX_W_ALL, put_end, "flowEndMilliseconds", NULL },
	{ 6, 0, 2, IPFIX_W_ALL, put_flags, "tcpControlBits", NULL },
	{ 6, IPFIX_PEN_REVERSE, 2, IPFIX_W_ALL, put_rev_flags, "reverseTcpControlBits", NULL },
	{ 136, 0, 1, IPFIX_W_ALL, put_reason, "flowEndReason", NULL },
	{ 61, 0, 1, IPFIX_W_ALL, put_direction, "flowDirection", NULL },
	{ 10, 0, 4, IPFIX_W_ALL, put_ifindex, "ingressInterface", NULL },
	{ 96, 0, IPFIX_VARLEN, IPFIX_W_ALL, put_app, "applicationName", len_app },
	/* TCP health (0 for other transports): retransmissions so far,
	 * src (initiator) -> dst and back; the handshake's halves, ms */
	{ 109, IPFIX_PEN_NTOP, 4, IPFIX_W_ALL, put_retr_in, "RETRANSMITTED_IN_PKTS", NULL },
	{ 110, IPFIX_PEN_NTOP, 4, IPFIX_W_ALL, put_retr_out, "RETRANSMITTED_OUT_PKTS", NULL },
	{ 123, IPFIX_PEN_NTOP, 4, IPFIX_W_ALL, put_cli_lat, "CLIENT_NW_LATENCY_MS", NULL },
	{ 124, IPFIX_PEN_NTOP, 4, IPFIX_W_ALL, put_srv_lat, "SERVER_NW_LATENCY_MS", NULL },
	/* the local socket's owner, whichever end it is (0 and "" unknown) */
	{ 168, IPFIX_PEN_NTOP, 4, IPFIX_W_ALL, put_pid, "SRC_PROC_PID", NULL },
	{ 169, IPFIX_PEN_NTOP, IPFIX_VARLEN, IPFIX_W_ALL, put_comm, "SRC_PROC_NAME", len_comm },
	{ 372, IPFIX_PEN_NTOP, IPFIX_VARLEN, IPFIX_W_ALL, put_user, "SRC_PROC_USER_NAME", len_user },
	{ 188, IPFIX_PEN_NTOP, IPFIX_VARLEN, IPFIX_W_FAMILY | IPFIX_W_SNI, put_name, "TLS_SERVER_NAME", len_name },
	{ 205, IPFIX_PEN_NTOP, IPFIX_VARLEN, IPFIX_W_FAMILY | IPFIX_W_DNS, put_name, "DNS_QUERY", len_name },
	{ 460, 0, IPFIX_VARLEN, IPFIX_W_FAMILY | IPFIX_W_HTTP, put_name, "httpRequestHost", len_name },
	{ 459, 0, IPFIX_VARLEN, IPFIX_W_FAMILY | IPFIX_W_HTTP, put_method, "httpRequestMethod", len_method },
	{ 461, 0, IPFIX_VARLEN, IPFIX_W_FAMILY | IPFIX_W_HTTP, put_target, "httpRequestTarget", len_target },
	{ 457, 0, 2, IPFIX_W_FAMILY | IPFIX_W_HTTP, put_status, "httpStatusCode", NULL },
	{ 468, 0, IPFIX_VARLEN, IPFIX_W_FAMILY | IPFIX_W_HTTP, put_ua, "httpUserAgent", len_ua },
};

#define IPFIX_NROWS (sizeof(ipfix_rows) / sizeof(ipfix_rows[0]))

static unsigned
ipfix_shape_bits(uint16_t id)
{
	unsigned n = (unsigned)(id - IPFIX_TEMPLATE_FIRST);

	return (n / IPFIX_KINDS == IPFIX_V6 ? IPFIX_W_V6 : IPFIX_W_V4) |
	       (IPFIX_W_PLAIN << (n % IPFIX_KINDS));
}

static bool
ipfix_row_in(const struct ipfix_row *row, unsigned shape)
{
	return (row->when & shape & IPFIX_W_FAMILY) &&
	       (row->when & shape & IPFIX_W_KIND);
}

uint16_t
ipfix_template_id(const struct flowq_rec *r)
{
	unsigned fam = r->a.family == 6 ? IPFIX_V6 : IPFIX_V4;
	unsigned kind = IPFIX_PLAIN;

	if (r->app == PROTO_HTTP &&
	    (r->name_len > 0 || r->http.method_len > 0 || r->http.status_seen)) {
		kind = IPFIX_HTTP;
	} else if (r->name_len > 0) {
		if (r->app == PROTO_DNS)
			kind = IPFIX_DNS;
		else if (r->app == PROTO_HTTP)
			kind = IPFIX_HTTP;
		else
			kind = IPFIX_SNI;
	}
	return (uint16_t)(IPFIX_TEMPLATE_FIRST + fam * IPFIX_KINDS + kind);
}

size_t
ipfix_template_elems(uint16_t id, struct ipfix_elem_info *out, size_t max)
{
	unsigned shape = ipfix_shape_bits(id);
	size_t n = 0;

	for (size_t i = 0; i < IPFIX_NROWS; i++) {
		if (!ipfix_row_in(&ipfix_rows[i], shape))
			continue;
		if (n < max) {
			out[n].id = ipfix_rows[i].id;
			out[n].pen = ipfix_rows[i].pen;
			out[n].len = ipfix_rows[i].len;
			out[n].name = ipfix_rows[i].name;
		}
		n++;
	}
	return n;
}

void
ipfix_msg_begin(struct ipfix_msg *msg)
{
	msg->len = 16; /* the header, written by ipfix_msg_finish */
	msg->set_off = 0;
	msg->set_id = 0;
	msg->records = 0;
}

static void
ipfix_msg_close_set(struct ipfix_msg *msg)
{
	size_t n;

	if (msg->set_off == 0)
		return;
	n = msg->len - msg->set_off;
	msg->buf[msg->set_off + 2] = (uint8_t)(n >> 8);
	msg->buf[msg->set_off + 3] = (uint8_t)n;
	msg->set_off = 0;
	msg->set_id = 0;
}

/* Open a set of ID unless it is the open one; false when even its
 * header does not fit with NEED more bytes. */
static bool
ipfix_msg_set(struct ipfix_msg *msg, uint16_t id, size_t need)
{
	if (msg->set_off != 0 && msg->set_id == id)
		return msg->len + need <= sizeof(msg->buf);
	if (msg->len + 4 + need > sizeof(msg->buf))
		return false;
	ipfix_msg_close_set(msg);
	msg->set_off = msg->len;
	msg->set_id = id;
	msg->buf[msg->len] = (uint8_t)(id >> 8);
	msg->buf[msg->len + 1] = (uint8_t)id;
	msg->len += 4;
	return true;
}

int
ipfix_msg_template(struct ipfix_msg *msg, uint16_t id)
{
	unsigned shape = ipfix_shape_bits(id);
	struct ipfix_put w;
	size_t need = 4;
	uint16_t count = 0;

	for (size_t i = 0; i < IPFIX_NROWS; i++)
		if (ipfix_row_in(&ipfix_rows[i], shape)) {
			need += ipfix_rows[i].pen ? 8 : 4;
			count++;
		}
	if (!ipfix_msg_set(msg, 2, need)) /* set 2: templates */
		return -1;
	w.p = msg->buf + msg->len;
	w.r = NULL;
	w.e = NULL;
	ipfix_be(&w, id, 2);
	ipfix_be(&w, count, 2);
	for (size_t i = 0; i < IPFIX_NROWS; i++) {
		const struct ipfix_row *row = &ipfix_rows[i];

		if (!ipfix_row_in(row, shape))
			continue;
		/* the enterprise bit, then the PEN after the length */
		ipfix_be(&w, row->id | (row->pen ? 0x8000u : 0), 2);
		ipfix_be(&w, row->len, 2);
		if (row->pen)
			ipfix_be(&w, row->pen, 4);
	}
	msg->len += need;
	return 0;
}

/* The bytes R takes in template ID's shape. */
static size_t
ipfix_record_len(const struct flowq_rec *r, unsigned shape)
{
	size_t n = 0;

	for (size_t i = 0; i < IPFIX_NROWS; i++) {
		const struct ipfix_row *row = &ipfix_rows[i];
		size_t v;

		if (!ipfix_row_in(row, shape))
			continue;
		if (row->len != IPFIX_VARLEN) {
			n += row->len;
			continue;
		}
		v = row->vlen(r);
		n += v + (v < 255 ? 1 : 3);
	}
	return n;
}

int
ipfix_msg_record(struct ipfix_msg *msg, const struct ipfix_enc *e,
		 const struct flowq_rec *r)
{
	uint16_t id = ipfix_template_id(r);
	unsigned shape = ipfix_shape_bits(id);
	size_t need = ipfix_record_len(r, shape);
	struct ipfix_put w;

	if (!ipfix_msg_set(msg, id, need))
		return -1;
	w.p = msg->buf + msg->len;
	w.r = r;
	w.e = e;
	for (size_t i = 0; i < IPFIX_NROWS; i++)
		if (ipfix_row_in(&ipfix_rows[i], shape))
			ipfix_rows[i].put(&w);
	msg->len += need;
	msg->records++;
	return 0;
}

size_t
ipfix_msg_finish(struct ipfix_msg *msg, struct ipfix_enc *e, uint32_t now)
{
	struct ipfix_put w;

	ipfix_msg_close_set(msg);
	if (msg->len <= 16)
		return 0;
	w.p = msg->buf;
	ipfix_be(&w, IPFIX_VERSION, 2);
	ipfix_be(&w, msg->len, 2);
	ipfix_be(&w, now, 4);
	ipfix_be(&w, e->seq, 4);
	ipfix_be(&w, e->domain, 4);
	e->seq += msg->records;
	return msg->len;
}
