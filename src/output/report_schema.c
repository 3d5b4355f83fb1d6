/*
 * report_schema: the tables' row schemas and the one walk over their rows
 * (report_schema.h). The field lists are the batch JSON's members in the
 * document's order; CSV's header row is the same names.
 */
#include "config.h"

#include "output/report_schema.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "decode/decode.h"
#include "decode/proto_table.h"
#include "model/model.h"

/* Rows copied out per lock hold: no more than the table holds, so a
 * small table (or a --interval report each second) does not allocate and
 * touch megabytes of rows. The order itself is taken once. */
#define REPORT_CHUNK 16384
/* ... and no more than 2 MiB of them (about 2800 connection rows): the
 * buffer is touched whole and counts in the peak memory; a few more lock
 * holds at the end of a batch run cost nothing measurable */
#define REPORT_CHUNK_BYTES (2u << 20)

#define F(type, n, k) { #n, k, offsetof(type, n), sizeof(((type *)0)->n), 0 }

static const struct report_field report_host_fields[] = {
	F(struct model_host_row, addr, REPORT_FIELD_ADDR),
	F(struct model_host_row, tx_packets, REPORT_FIELD_U64),
	F(struct model_host_row, tx_bytes, REPORT_FIELD_U64),
	F(struct model_host_row, rx_packets, REPORT_FIELD_U64),
	F(struct model_host_row, rx_bytes, REPORT_FIELD_U64),
	F(struct model_host_row, first_ts, REPORT_FIELD_TIME),
	F(struct model_host_row, last_ts, REPORT_FIELD_TIME),
	{ "tcp_retrans", REPORT_FIELD_U64,
	  offsetof(struct model_host_row, tcp.retrans), 8, 0 },
	{ "tcp_zero_windows", REPORT_FIELD_U64,
	  offsetof(struct model_host_row, tcp.zero_windows), 8, 0 },
	{ "tcp_resets", REPORT_FIELD_U64,
	  offsetof(struct model_host_row, tcp.resets), 8, 0 },
	{ "tcp_lost_segments", REPORT_FIELD_U64,
	  offsetof(struct model_host_row, tcp.lost), 8, 0 },
	{ "tcp_dup_acks", REPORT_FIELD_U64,
	  offsetof(struct model_host_row, tcp.dup_acks), 8, 0 },
	{ "tcp_rtt_worst_ms", REPORT_FIELD_MS,
	  offsetof(struct model_host_row, tcp.rtt_worst), 8, 0 },
	{ "tunnel", REPORT_FIELD_TUNNEL,
	  offsetof(struct model_host_row, tunnel), 1,
	  1 + offsetof(struct model_host_row, tunnel) },
};

#define TCP_WHEN (1 + offsetof(struct model_conn_row, tcp.tcp))
#define T(n, k, m) { n, k, offsetof(struct model_conn_row, tcp.m), \
		     sizeof(((struct model_conn_row *)0)->tcp.m), TCP_WHEN }
#define QUIC_WHEN (1 + offsetof(struct model_conn_row, tcp.quic))
#define Q(n, k, m) { n, k, offsetof(struct model_conn_row, tcp.m), \
		     sizeof(((struct model_conn_row *)0)->tcp.m), QUIC_WHEN }
#define TD(n, k, m)                                                          \
	T("tcp_a_to_b_" n, k, d[0].m), T("tcp_b_to_a_" n, k, d[1].m)

static const struct report_field report_conn_fields[] = {
	{ "proto", REPORT_FIELD_L4, offsetof(struct model_conn_row, l4), 1, 0 },
	F(struct model_conn_row, a, REPORT_FIELD_ADDR),
	F(struct model_conn_row, a_port, REPORT_FIELD_U16),
	F(struct model_conn_row, b, REPORT_FIELD_ADDR),
	F(struct model_conn_row, b_port, REPORT_FIELD_U16),
	F(struct model_conn_row, a_to_b_packets, REPORT_FIELD_U64),
	F(struct model_conn_row, a_to_b_bytes, REPORT_FIELD_U64),
	F(struct model_conn_row, b_to_a_packets, REPORT_FIELD_U64),
	F(struct model_conn_row, b_to_a_bytes, REPORT_FIELD_U64),
	F(struct model_conn_row, app, REPORT_FIELD_PROTO),
	{ "tunnel", REPORT_FIELD_TUNNEL, offsetof(struct model_conn_row, tunnel),
	  1, 1 + offsetof(struct model_conn_row, tunnel) },
	F(struct model_conn_row, server_name, REPORT_FIELD_NAME),
	F(struct model_conn_row, state, REPORT_FIELD_STATE),
	F(struct model_conn_row, first_ts, REPORT_FIELD_TIME),
	F(struct model_conn_row, last_ts, REPORT_FIELD_TIME),
	{ "process", REPORT_FIELD_PROCESS,
	  offsetof(struct model_conn_row, proc_status), 1, 0 },
	{ "kernel", REPORT_FIELD_KERNEL,
	  offsetof(struct model_conn_row, has_kernel), 1, 0 },
	/* --collect: who reported the flow */
	{ "exporter", REPORT_FIELD_ADDR, offsetof(struct model_conn_row, exporter_addr),
	  sizeof(struct addr), 1 + offsetof(struct model_conn_row, collected) },
	{ "exporter_domain", REPORT_FIELD_U32,
	  offsetof(struct model_conn_row, exporter_domain), 4,
	  1 + offsetof(struct model_conn_row, collected) },
	/* HTTP: the first request and the first status code (IPFIX
	 * 459/461/468/457; Zeek http.log's method, uri, user_agent and
	 * status_code); left out when not seen */
	{ "http_method", REPORT_FIELD_NAME, offsetof(struct model_conn_row, http.method),
	  MODEL_HTTP_METHOD, 0 },
	{ "http_uri", REPORT_FIELD_NAME, offsetof(struct model_conn_row, http.target),
	  MODEL_HTTP_TARGET, 0 },
	{ "http_user_agent", REPORT_FIELD_NAME, offsetof(struct model_conn_row, http.ua),
	  MODEL_HTTP_UA, 0 },
	{ "http_status_code", REPORT_FIELD_U16, offsetof(struct model_conn_row, http.status),
	  2, 1 + offsetof(struct model_conn_row, http.status_seen) },
	T("tcp_rtt_ms", REPORT_FIELD_MS, rtt),
	T("tcp_retr_pct", REPORT_FIELD_PCT, retr_pct),
	T("tcp_health", REPORT_FIELD_HEALTH, health),
	T("tcp_handshake_ms", REPORT_FIELD_MS, hs_total),
	T("tcp_handshake_client_ms", REPORT_FIELD_MS, hs_client),
	T("tcp_handshake_server_ms", REPORT_FIELD_MS, hs_server),
	TD("srtt_ms", REPORT_FIELD_MS, srtt),
	TD("rttvar_ms", REPORT_FIELD_MS, rttvar),
	TD("data_segments", REPORT_FIELD_U64, data_segs),
	TD("retrans", REPORT_FIELD_U64, retrans),
	TD("fast_retrans", REPORT_FIELD_U64, fast),
	TD("spurious_retrans", REPORT_FIELD_U64, spurious),
	TD("out_of_order", REPORT_FIELD_U64, out_of_order),
	TD("dup_acks", REPORT_FIELD_U64, dup_acks),
	TD("zero_windows", REPORT_FIELD_U64, zero_windows),
	TD("zero_window_ms", REPORT_FIELD_MS, zero_window_s),
	TD("window_full", REPORT_FIELD_U64, window_full),
	TD("keep_alives", REPORT_FIELD_U64, keep_alives),
	TD("resets", REPORT_FIELD_U64, resets),
	TD("lost_segments", REPORT_FIELD_U64, lost),
	TD("acked_unseen", REPORT_FIELD_U64, ack_unseen),
	/* QUIC: the handshake's halves from the long headers (rows with a
	 * client Initial seen) */
	Q("quic_rtt_ms", REPORT_FIELD_MS, rtt),
	Q("quic_handshake_ms", REPORT_FIELD_MS, hs_total),
	Q("quic_handshake_client_ms", REPORT_FIELD_MS, hs_client),
	Q("quic_handshake_server_ms", REPORT_FIELD_MS, hs_server),
};

static const struct report_field report_proc_fields[] = {
	{ "status", REPORT_FIELD_PSTATUS,
	  offsetof(struct model_proc_row, status), 1, 0 },
	F(struct model_proc_row, pid, REPORT_FIELD_U32),
	F(struct model_proc_row, comm, REPORT_FIELD_TEXT),
	F(struct model_proc_row, exe, REPORT_FIELD_TEXT),
	{ "user", REPORT_FIELD_USER, offsetof(struct model_proc_row, uid), 4,
	  0 },
	F(struct model_proc_row, uid, REPORT_FIELD_UID),
	F(struct model_proc_row, cgroup, REPORT_FIELD_TEXT),
	F(struct model_proc_row, container, REPORT_FIELD_TEXT),
	F(struct model_proc_row, connections, REPORT_FIELD_U32),
	F(struct model_proc_row, in_packets, REPORT_FIELD_U64),
	F(struct model_proc_row, in_bytes, REPORT_FIELD_U64),
	F(struct model_proc_row, out_packets, REPORT_FIELD_U64),
	F(struct model_proc_row, out_bytes, REPORT_FIELD_U64),
	F(struct model_proc_row, first_ts, REPORT_FIELD_TIME),
	F(struct model_proc_row, last_ts, REPORT_FIELD_TIME),
};

#undef TD
#undef T
#undef TCP_WHEN

static const struct report_field report_proto_fields[] = {
	{ "name", REPORT_FIELD_PROTO, offsetof(struct model_proto_row, proto),
	  1, 0 },
	F(struct model_proto_row, packets, REPORT_FIELD_U64),
	F(struct model_proto_row, bytes, REPORT_FIELD_U64),
};

#undef F

/* Hosts and connections: the model's order, most bytes first. */
static void *
report_hosts_open(struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES };

	return model_hosts_order(m, &q);
}

static void *
report_conns_open(struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES };

	return model_connections_order(m, &q);
}

static size_t
report_hosts_next(struct model *m, void *order, void *rows, size_t max)
{
	return model_order_hosts(m, order, rows, max);
}

static size_t
report_conns_next(struct model *m, void *order, void *rows, size_t max)
{
	return model_order_connections(m, order, rows, max);
}

static size_t
report_order_chunk(void *order)
{
	size_t n = model_order_count(order);

	return n == 0 ? 1 : n < REPORT_CHUNK ? n : REPORT_CHUNK;
}

static void
report_order_close(void *order)
{
	model_order_free(order);
}

/* Protocols: one small table, all of it at once, most packets first. */
struct report_protos {
	bool done;
};

static void *
report_protos_open(struct model *m)
{
	(void)m;
	return calloc(1, sizeof(struct report_protos));
}

static size_t
report_protos_next(struct model *m, void *order, void *rows, size_t max)
{
	struct model_query q = { .sort = MODEL_SORT_PACKETS, .max = max };
	struct report_protos *p = order;

	if (p->done)
		return 0;
	p->done = true;
	return model_protocols(m, &q, rows, NULL);
}

static size_t
report_protos_chunk(void *order)
{
	(void)order;
	return PROTO_COUNT;
}

/* Processes: one aggregation of the connection table, most bytes first;
 * where attribution never ran (files, stdin, --remote) one "unknown" row
 * holds every connection (the batch document leaves the table out). */
struct report_procs {
	bool done;
};

static size_t
report_procs_next(struct model *m, void *order, void *rows, size_t max)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES, .max = max };
	struct report_procs *p = order;

	if (p->done)
		return 0;
	p->done = true;
	return model_processes(m, &q, rows, NULL);
}

static size_t
report_procs_chunk(void *order)
{
	(void)order;
	return MODEL_PROCS_ROWS_MAX;
}

const struct report_schema report_schemas[REPORT_TABLE_COUNT] = {
	[REPORT_HOSTS] = {
		.name = "hosts",
		.fields = report_host_fields,
		.count = sizeof(report_host_fields) /
			 sizeof(report_host_fields[0]),
		.row_size = sizeof(struct model_host_row),
		.open = report_hosts_open,
		.next = report_hosts_next,
		.chunk = report_order_chunk,
		.close = report_order_close,
	},
	[REPORT_CONNECTIONS] = {
		.name = "connections",
		.fields = report_conn_fields,
		.count = sizeof(report_conn_fields) /
			 sizeof(report_conn_fields[0]),
		.row_size = sizeof(struct model_conn_row),
		.open = report_conns_open,
		.next = report_conns_next,
		.chunk = report_order_chunk,
		.close = report_order_close,
	},
	[REPORT_PROTOCOLS] = {
		.name = "protocols",
		.fields = report_proto_fields,
		.count = sizeof(report_proto_fields) /
			 sizeof(report_proto_fields[0]),
		.row_size = sizeof(struct model_proto_row),
		.open = report_protos_open,
		.next = report_protos_next,
		.chunk = report_protos_chunk,
		.close = free,
	},
	[REPORT_PROCESSES] = {
		.name = "processes",
		.fields = report_proc_fields,
		.count = sizeof(report_proc_fields) /
			 sizeof(report_proc_fields[0]),
		.row_size = sizeof(struct model_proc_row),
		.open = report_protos_open,
		.next = report_procs_next,
		.chunk = report_procs_chunk,
		.close = free,
	},
};

int
report_rows(struct model *m, const struct report_schema *s,
	    void (*row)(void *ctx, const void *r), void *ctx)
{
	void *order = s->open(m);
	char *rows = NULL;
	size_t chunk, n, i;
	int rc = -1;

	if (order == NULL)
		goto out;
	chunk = s->chunk(order);
	if (chunk > REPORT_CHUNK_BYTES / s->row_size)
		chunk = REPORT_CHUNK_BYTES / s->row_size;
	rows = malloc(chunk * s->row_size);
	if (rows == NULL)
		goto out;
	while ((n = s->next(m, order, rows, chunk)) > 0)
		for (i = 0; i < n; i++)
			row(ctx, rows + i * s->row_size);
	rc = 0;
out:
	free(rows);
	if (order)
		s->close(order);
	return rc;
}

const char *
report_field_text(const struct report_field *f, const void *row, char *buf,
		  size_t size, size_t *len)
{
	const char *p = (const char *)row + f->off;
	const char *s;
	uint8_t v = (uint8_t)*p;

	switch (f->kind) {
	case REPORT_FIELD_ADDR:
		s = addr_format((const struct addr *)(const void *)p, buf,
				size);
		break;
	case REPORT_FIELD_L4:
		s = report_l4_name(v);
		break;
	case REPORT_FIELD_STATE:
		s = report_state_name(v);
		break;
	case REPORT_FIELD_PROTO:
		s = proto_name(v);
		break;
	case REPORT_FIELD_TUNNEL:
		s = decode_tunnel_name(v);
		if (s == NULL)
			s = "";
		break;
	case REPORT_FIELD_PSTATUS:
		s = report_proc_status_name(v);
		break;
	case REPORT_FIELD_USER: {
		uint32_t uid = (uint32_t)report_field_uint(f, row);

		s = uid == UINT32_MAX ? "" : report_user_name(uid, buf, size);
		break;
	}
	case REPORT_FIELD_NAME:
	case REPORT_FIELD_TEXT:
		*len = strnlen(p, f->size);
		return p;
	case REPORT_FIELD_HEALTH: {
		unsigned h;

		memcpy(&h, p, sizeof(h));
		s = model_health_letters(h, buf, size);
		break;
	}
	default:
		s = "";
		break;
	}
	*len = strlen(s);
	return s;
}
