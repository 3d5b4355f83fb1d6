/*
 * report_json: the batch JSON document. Rows are fetched in chunks so a
 * full connection table never needs one huge copy; every string that came
 * from a packet goes through jsonw's escaping.
 */
#include "config.h"

#include "output/report.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "base/i18n.h"
#include "base/jsonw.h"
#include "model/model.h"
#include "decode/proto_table.h"

#define REPORT_CHUNK 16384

const char *
report_l4_name(uint8_t l4)
{
	switch (l4) {
	case 1:
		return "icmp";
	case 6:
		return "tcp";
	case 17:
		return "udp";
	case 58:
		return "icmpv6";
	case 132:
		return "sctp";
	default:
		return "other";
	}
}

const char *
report_state_name(uint8_t state)
{
	static const char *const names[MODEL_CONN_STATE_COUNT] = {
		[MODEL_CONN_NONE] = "none",
		[MODEL_CONN_SYN_SENT] = "syn_sent",
		[MODEL_CONN_SYN_RECEIVED] = "syn_received",
		[MODEL_CONN_ESTABLISHED] = "established",
		[MODEL_CONN_FIN_WAIT] = "fin_wait",
		[MODEL_CONN_CLOSED] = "closed",
		[MODEL_CONN_RESET] = "reset",
	};

	return state < MODEL_CONN_STATE_COUNT ? names[state] : "none";
}

static void
report_json_source(struct jsonw *w, const struct report_source *src)
{
	jsonw_key(w, "source");
	jsonw_object_begin(w);
	jsonw_kv_string(w, "kind", src->kind);
	jsonw_kv_string(w, "name", src->name);
	jsonw_kv_string(w, "linktype", src->linktype);
	jsonw_kv_uint(w, "snaplen", src->snaplen);
	if (src->filter && src->filter[0])
		jsonw_kv_string(w, "filter", src->filter);
	jsonw_object_end(w);
}

static void
report_json_totals(struct jsonw *w, const struct model_totals *t)
{
	jsonw_key(w, "totals");
	jsonw_object_begin(w);
	jsonw_kv_uint(w, "packets", t->packets);
	jsonw_kv_uint(w, "bytes", t->bytes);
	jsonw_kv_uint(w, "dropped", t->dropped);
	jsonw_kv_uint(w, "if_dropped", t->if_dropped);
	jsonw_kv_uint(w, "undecoded", t->undecoded);
	jsonw_kv_uint(w, "truncated", t->truncated);
	jsonw_kv_uint(w, "malformed", t->malformed);
	jsonw_kv_time(w, "first_ts", t->first_ts);
	jsonw_kv_time(w, "last_ts", t->last_ts);
	jsonw_kv_uint(w, "evicted_hosts", t->evicted_hosts);
	jsonw_kv_uint(w, "evicted_connections", t->evicted_connections);
	jsonw_kv_uint(w, "hosts", t->hosts);
	jsonw_kv_uint(w, "connections", t->connections);
	jsonw_object_end(w);
	if (t->writer.on) {
		/* -w: what reached the files, and what could not */
		jsonw_key(w, "writer");
		jsonw_object_begin(w);
		jsonw_kv_string(w, "file", t->writer.file);
		jsonw_kv_uint(w, "files", t->writer.files);
		jsonw_kv_uint(w, "packets", t->writer.packets);
		jsonw_kv_uint(w, "lost", t->writer.lost);
		if (t->writer.error[0])
			jsonw_kv_string(w, "error", t->writer.error);
		jsonw_object_end(w);
	}
}

/* Rows copied out per lock hold: no more than the table holds, so a
 * small table (or a --interval report each second) does not allocate and
 * touch megabytes of rows. The order itself is taken once. */
static size_t
report_chunk(const struct model_order *o)
{
	size_t n = model_order_count(o);

	return n == 0 ? 1 : n < REPORT_CHUNK ? n : REPORT_CHUNK;
}

static int
report_json_hosts(struct jsonw *w, struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES };
	struct model_order *o = model_hosts_order(m, &q);
	struct model_host_row *rows;
	char text[ADDR_TEXT_MAX];
	size_t chunk, n, i;

	if (o == NULL)
		return -1;
	chunk = report_chunk(o);
	rows = malloc(chunk * sizeof(*rows));
	if (rows == NULL) {
		model_order_free(o);
		return -1;
	}
	jsonw_key(w, "hosts");
	jsonw_array_begin(w);
	do {
		n = model_order_hosts(m, o, rows, chunk);
		for (i = 0; i < n; i++) {
			const struct model_host_row *r = &rows[i];

			jsonw_object_begin(w);
			jsonw_kv_string(w, "addr",
					addr_format(&r->addr, text,
						    sizeof(text)));
			jsonw_kv_uint(w, "tx_packets", r->tx_packets);
			jsonw_kv_uint(w, "tx_bytes", r->tx_bytes);
			jsonw_kv_uint(w, "rx_packets", r->rx_packets);
			jsonw_kv_uint(w, "rx_bytes", r->rx_bytes);
			jsonw_kv_time(w, "first_ts", r->first_ts);
			jsonw_kv_time(w, "last_ts", r->last_ts);
			jsonw_object_end(w);
		}
	} while (n > 0);
	jsonw_array_end(w);
	free(rows);
	model_order_free(o);
	return 0;
}

static int
report_json_connections(struct jsonw *w, struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_BYTES };
	struct model_order *o = model_connections_order(m, &q);
	struct model_conn_row *rows;
	char text[ADDR_TEXT_MAX];
	size_t chunk, n, i;

	if (o == NULL)
		return -1;
	chunk = report_chunk(o);
	rows = malloc(chunk * sizeof(*rows));
	if (rows == NULL) {
		model_order_free(o);
		return -1;
	}
	jsonw_key(w, "connections");
	jsonw_array_begin(w);
	do {
		n = model_order_connections(m, o, rows, chunk);
		for (i = 0; i < n; i++) {
			const struct model_conn_row *r = &rows[i];

			jsonw_object_begin(w);
			jsonw_kv_string(w, "proto", report_l4_name(r->l4));
			jsonw_kv_string(w, "a",
					addr_format(&r->a, text, sizeof(text)));
			jsonw_kv_uint(w, "a_port", r->a_port);
			jsonw_kv_string(w, "b",
					addr_format(&r->b, text, sizeof(text)));
			jsonw_kv_uint(w, "b_port", r->b_port);
			jsonw_kv_uint(w, "a_to_b_packets", r->a_to_b_packets);
			jsonw_kv_uint(w, "a_to_b_bytes", r->a_to_b_bytes);
			jsonw_kv_uint(w, "b_to_a_packets", r->b_to_a_packets);
			jsonw_kv_uint(w, "b_to_a_bytes", r->b_to_a_bytes);
			jsonw_kv_string(w, "app", proto_name(r->app));
			if (r->server_name[0]) {
				jsonw_key(w, "server_name");
				jsonw_string_n(w, r->server_name,
					       strnlen(r->server_name,
						       sizeof(r->server_name)));
			}
			jsonw_kv_string(w, "state",
					report_state_name(r->state));
			jsonw_kv_time(w, "first_ts", r->first_ts);
			jsonw_kv_time(w, "last_ts", r->last_ts);
			jsonw_object_end(w);
		}
	} while (n > 0);
	jsonw_array_end(w);
	free(rows);
	model_order_free(o);
	return 0;
}

static void
report_json_protocols(struct jsonw *w, struct model *m)
{
	struct model_query q = { .sort = MODEL_SORT_PACKETS, .max = PROTO_COUNT };
	struct model_proto_row rows[PROTO_COUNT];
	size_t n, i;

	n = model_protocols(m, &q, rows, NULL);
	jsonw_key(w, "protocols");
	jsonw_array_begin(w);
	for (i = 0; i < n; i++) {
		jsonw_object_begin(w);
		jsonw_kv_string(w, "name", proto_name(rows[i].proto));
		jsonw_kv_uint(w, "packets", rows[i].packets);
		jsonw_kv_uint(w, "bytes", rows[i].bytes);
		jsonw_object_end(w);
	}
	jsonw_array_end(w);
}

int
report_json(FILE *out, struct model *m, const struct report_source *src,
	    char *err, size_t errlen)
{
	struct model_totals t;
	struct jsonw w;

	model_get_totals(m, &t);
	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	jsonw_kv_string(&w, "pktop", PACKAGE_VERSION);
	report_json_source(&w, src);
	report_json_totals(&w, &t);
	if (report_json_hosts(&w, m) < 0 || report_json_connections(&w, m) < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	report_json_protocols(&w, m);
	jsonw_object_end(&w);
	if (jsonw_finish(&w) < 0) {
		snprintf(err, errlen, "%s", _("cannot write the report"));
		return -1;
	}
	return 0;
}

int
report_json_table(FILE *out, struct model *m, enum report_table which,
		  char *err, size_t errlen)
{
	struct jsonw w;
	int rc = 0;

	jsonw_init(&w, out);
	jsonw_object_begin(&w);
	if (which == REPORT_HOSTS)
		rc = report_json_hosts(&w, m);
	else if (which == REPORT_CONNECTIONS)
		rc = report_json_connections(&w, m);
	else
		report_json_protocols(&w, m);
	jsonw_object_end(&w);
	if (rc < 0) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	if (jsonw_finish(&w) < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -1;
	}
	return 0;
}
