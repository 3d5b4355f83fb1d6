/*
 * test_report: the tables' JSON and CSV come from one row schema: the CSV
 * header is the JSON members in their order, both hold the same rows, and
 * a hostile server name is escaped by each format's sink.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <pcap/pcap.h>

#include "model/model.h"
#include "output/report.h"
#include "output/report_schema.h"

static struct model *
model_of(const char *file)
{
	const struct model_limits lim = { .max_hosts = 1024,
					  .max_connections = 1024,
					  .ring_bytes = 1u << 20 };
	char path[512], errbuf[PCAP_ERRBUF_SIZE], err[256];
	struct model_batch *b = model_batch_new(64, 1u << 16);
	struct pcap_pkthdr *h;
	const u_char *pkt;
	struct model *m;
	pcap_t *p;

	snprintf(path, sizeof(path), "%s/%s", TEST_DATA_DIR, file);
	p = pcap_open_offline(path, errbuf);
	assert_non_null(p);
	assert_non_null(b);
	m = model_new(&lim, pcap_datalink(p), err, sizeof(err));
	assert_non_null(m);
	while (pcap_next_ex(p, &h, &pkt) == 1)
		if (!model_batch_add(b, pcap_datalink(p), h, pkt)) {
			model_batch_commit(m, b);
			model_batch_add(b, pcap_datalink(p), h, pkt);
		}
	model_batch_commit(m, b);
	model_batch_free(b);
	pcap_close(p);
	return m;
}

/* One table written by WRITE into a string the caller frees. */
static char *
table(struct model *m, enum report_table which, bool json)
{
	char err[256], *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	assert_non_null(f);
	if (json)
		assert_int_equal(report_json_table(f, m, which, err,
						   sizeof(err)), 0);
	else
		assert_int_equal(report_csv_table(f, m, which, err,
						  sizeof(err)), 0);
	fclose(f);
	return buf;
}

/* The member names of the first object in JSON, comma-separated. */
static void
first_keys(const char *json, char *out, size_t size)
{
	const char *p = strchr(json, '[');
	const char *end, *q;
	size_t o = 0;

	assert_non_null(p);
	end = strchr(p, '}');
	assert_non_null(end);
	out[0] = '\0';
	while ((p = strchr(p, '"')) != NULL && p < end) {
		q = strchr(p + 1, '"');
		assert_non_null(q);
		if (q[1] == ':') {
			o += (size_t)snprintf(out + o, size - o, "%s%.*s",
					      o ? "," : "", (int)(q - p - 1),
					      p + 1);
			assert_true(o < size);
		}
		p = q + 1;
		/* a string value: skip it whole */
		if (*p == ':' && p[1] == '"') {
			p = strchr(p + 2, '"');
			assert_non_null(p);
			p++;
		}
	}
}

static size_t
count(const char *s, const char *what)
{
	size_t n = 0;

	while ((s = strstr(s, what)) != NULL) {
		n++;
		s += strlen(what);
	}
	return n;
}

static void
test_csv_header_is_the_json_members_in_order(void **state)
{
	struct model *m = model_of("http.pcap");
	char keys[8192], *json, *csv;
	int t;

	(void)state;
	for (t = 0; t < REPORT_TABLE_COUNT; t++) {
		json = table(m, (enum report_table)t, true);
		csv = table(m, (enum report_table)t, false);
		print_message("%s\n", report_schemas[t].name);
		first_keys(json, keys, sizeof(keys));
		/* a connection's "process" object, left out of a file's
		 * JSON, is CSV's process_* columns where the schema has it
		 * (and its "kernel" object the kernel_* columns):
		 * after last_ts, then --collect's exporter columns (only on
		 * collected rows in JSON), before the TCP health members */
		if (t == REPORT_CONNECTIONS) {
			static const char proc[] =
				",process_status,process_match,process_pid,"
				"process_comm,process_user,process_uid,"
				"process_container,kernel_srtt_ms,"
				"kernel_rttvar_ms,kernel_retransmits,"
				"kernel_total_retrans,kernel_snd_cwnd,"
				"kernel_pacing_rate,kernel_delivery_rate,"
				"kernel_rwnd_limited_ms,kernel_sndbuf_limited_ms,"
				"exporter,exporter_domain";
			char *at = strstr(keys, ",last_ts");
			char rest[8192];

			assert_non_null(at);
			at += strlen(",last_ts");
			snprintf(rest, sizeof(rest), "%s", at);
			snprintf(at, sizeof(keys) - (size_t)(at - keys), "%s%s",
				 proc, rest);
			/* "tunnel", only on a flow inside a tunnel in JSON,
			 * is a column after app */
			if (strstr(keys, ",tunnel,") == NULL) {
				at = strstr(keys, ",app,");
				assert_non_null(at);
				at += strlen(",app");
				snprintf(rest, sizeof(rest), "%s", at);
				snprintf(at, sizeof(keys) - (size_t)(at - keys),
					 ",tunnel%s", rest);
			}
			/* the quic_* members, only on QUIC rows in JSON, are
			 * the last columns */
			if (strstr(keys, ",quic_rtt_ms") == NULL)
				snprintf(keys + strlen(keys),
					 sizeof(keys) - strlen(keys), "%s",
					 ",quic_rtt_ms,quic_handshake_ms,"
					 "quic_handshake_client_ms,"
					 "quic_handshake_server_ms");
		}
		/* a host's "tunnel", only on a host seen inside a tunnel
		 * alone in JSON, is the last column */
		if (t == REPORT_HOSTS && strstr(keys, ",tunnel") == NULL)
			snprintf(keys + strlen(keys),
				 sizeof(keys) - strlen(keys), "%s", ",tunnel");
		assert_int_equal(strncmp(csv, keys, strlen(keys)), 0);
		assert_memory_equal(csv + strlen(keys), "\r\n", 2);
		/* the same rows: an object each, a line each after the
		 * header */
		assert_int_equal(count(json, "{") - 1, count(csv, "\r\n") - 1);
		assert_true(count(csv, "\r\n") > 1);
		free(json);
		free(csv);
	}
	model_free(m);
}

static void
test_schema_fields_are_named_once(void **state)
{
	size_t t, i, k;

	(void)state;
	for (t = 0; t < REPORT_TABLE_COUNT; t++) {
		const struct report_schema *s = &report_schemas[t];

		assert_non_null(s->name);
		assert_true(s->count > 0);
		for (i = 0; i < s->count; i++) {
			assert_true(s->fields[i].off < s->row_size);
			for (k = i + 1; k < s->count; k++)
				assert_string_not_equal(s->fields[i].name,
							s->fields[k].name);
		}
	}
}

static uint16_t
csum(const uint8_t *b, size_t n)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* An HTTP request whose Host would be a formula in a spreadsheet, reads
 * backwards (U+202E) and holds a comma. */
static void
test_hostile_server_name_is_escaped_by_each_sink(void **state)
{
	static const char req[] = "GET / HTTP/1.1\r\nHost: =abc\xe2\x80\xae"
				  "gpj,exe\r\n\r\n";
	const struct model_limits lim = { .max_hosts = 16,
					  .max_connections = 16,
					  .ring_bytes = 1u << 16 };
	uint8_t f[14 + 20 + 20 + sizeof(req)] = { 0 };
	struct model_batch *b = model_batch_new(4, 1u << 12);
	struct pcap_pkthdr h = { .ts = { 1700000000, 0 } };
	size_t ip_len = 20 + 20 + sizeof(req) - 1;
	char err[256], *json, *csv;
	struct model *m;

	(void)state;
	f[12] = 0x08;                       /* IPv4 */
	f[14] = 0x45;
	f[16] = (uint8_t)(ip_len >> 8);
	f[17] = (uint8_t)ip_len;
	f[22] = 64;
	f[23] = 6;                          /* TCP */
	memcpy(f + 26, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	f[24] = (uint8_t)(csum(f + 14, 20) >> 8);
	f[25] = (uint8_t)csum(f + 14, 20);
	memcpy(f + 34, "\x9c\x40\x00\x50", 4); /* 40000 -> 80 */
	f[38 + 3] = 1;
	f[42 + 3] = 1;
	f[46] = 5 << 4;
	f[47] = 0x18;                       /* PSH ACK */
	f[48] = 0xff;
	memcpy(f + 54, req, sizeof(req) - 1);
	h.caplen = h.len = (bpf_u_int32)(14 + ip_len);
	m = model_new(&lim, DLT_EN10MB, err, sizeof(err));
	assert_non_null(m);
	assert_non_null(b);
	assert_true(model_batch_add(b, DLT_EN10MB, &h, f));
	model_batch_commit(m, b);
	json = table(m, REPORT_CONNECTIONS, true);
	csv = table(m, REPORT_CONNECTIONS, false);
	assert_non_null(strstr(json, "\"server_name\":\"=abc\\u202egpj,exe\""));
	/* quoted for the comma, ' against the formula, ? for the override */
	assert_non_null(strstr(csv, ",\"'=abc?gpj,exe\","));
	assert_null(strstr(csv, "\xe2\x80\xae"));
	free(json);
	free(csv);
	model_batch_free(b);
	model_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_header_is_the_json_members_in_order),
		cmocka_unit_test(test_schema_fields_are_named_once),
		cmocka_unit_test(test_hostile_server_name_is_escaped_by_each_sink),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
