/*
 * report_prom: --batch --format prom, the Prometheus text exposition
 * format (version 0.0.4) for node_exporter's textfile collector: totals,
 * bytes and packets per protocol, the top --top hosts by bytes as
 * labelled series (capped, so a scan cannot blow up the series count),
 * drops and the flow export's counts. Only counters and gauges; no
 * listening socket.
 */
#include "config.h"

#include "output/report.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "base/addr.h"
#include "base/i18n.h"
#include "decode/proto_table.h"
#include "model/model.h"

static void
report_prom_head(FILE *out, const char *name, const char *type,
		 const char *help)
{
	fprintf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void
report_prom_one(FILE *out, const char *name, const char *type,
		const char *help, uint64_t v)
{
	report_prom_head(out, name, type, help);
	fprintf(out, "%s %" PRIu64 "\n", name, v);
}

/* one counter of the totals, a row of report_prom's table */
struct report_prom_total {
	const char *name, *type, *help;
	uint64_t value;
};

/* A series per top host and direction; addresses as inet_ntop writes
 * them: no quote, backslash or newline to escape. */
static void
report_prom_hosts(FILE *out, const char *name, const char *help,
		  const struct model_host_row *hosts, size_t n, int packets)
{
	char a[ADDR_TEXT_MAX];

	report_prom_head(out, name, "counter", help);
	for (size_t i = 0; i < n; i++) {
		addr_format(&hosts[i].addr, a, sizeof(a));
		fprintf(out, "%s{addr=\"%s\",dir=\"tx\"} %" PRIu64 "\n", name,
			a, packets ? hosts[i].tx_packets : hosts[i].tx_bytes);
		fprintf(out, "%s{addr=\"%s\",dir=\"rx\"} %" PRIu64 "\n", name,
			a, packets ? hosts[i].rx_packets : hosts[i].rx_bytes);
	}
}

int
report_prom(FILE *out, struct model *m, const struct report_source *src,
	    size_t top, char *err, size_t errlen)
{
	struct model_query pq = { .sort = MODEL_SORT_BYTES, .max = PROTO_COUNT };
	struct model_query hq = { .sort = MODEL_SORT_BYTES, .max = top };
	struct model_proto_row protos[PROTO_COUNT];
	struct model_host_row *hosts;
	struct model_totals t;
	size_t np, nh;

	(void)src;
	hosts = calloc(top ? top : 1, sizeof(*hosts));
	if (hosts == NULL) {
		snprintf(err, errlen, "%s", _("out of memory"));
		return -1;
	}
	model_get_totals(m, &t);
	const struct report_prom_total totals[] = {
		{ "pktop_packets_total", "counter", "Frames seen.", t.packets },
		{ "pktop_bytes_total", "counter",
		  "Bytes seen, whole frames on the wire.", t.bytes },
		{ "pktop_dropped_total", "counter",
		  "Packets the kernel dropped (pcap_stats).", t.dropped },
		{ "pktop_if_dropped_total", "counter",
		  "Packets the interface dropped (pcap_stats).", t.if_dropped },
		{ "pktop_malformed_total", "counter",
		  "Packets whose headers contradict themselves.", t.malformed },
		{ "pktop_truncated_total", "counter",
		  "Packets cut short of their headers.", t.truncated },
		{ "pktop_hosts", "gauge", "Hosts in the table now.", t.hosts },
		{ "pktop_connections", "gauge", "Connections in the table now.",
		  t.connections },
		{ "pktop_evicted_connections_total", "counter",
		  "Connections let go at the table's limit.",
		  t.evicted_connections },
	};
	np = model_protocols(m, &pq, protos, NULL);
	nh = top ? model_hosts(m, &hq, hosts, NULL) : 0;

	for (size_t i = 0; i < sizeof(totals) / sizeof(totals[0]); i++)
		report_prom_one(out, totals[i].name, totals[i].type,
				totals[i].help, totals[i].value);

	/* protocol names are pktop's own (lower-case letters, digits, '-'):
	 * no label escaping needed */
	report_prom_head(out, "pktop_protocol_bytes_total", "counter",
			 "Bytes per protocol (every layer a frame carries).");
	for (size_t i = 0; i < np; i++)
		fprintf(out, "pktop_protocol_bytes_total{proto=\"%s\"} %" PRIu64 "\n",
			proto_name(protos[i].proto), protos[i].bytes);
	report_prom_head(out, "pktop_protocol_packets_total", "counter",
			 "Packets per protocol.");
	for (size_t i = 0; i < np; i++)
		fprintf(out, "pktop_protocol_packets_total{proto=\"%s\"} %" PRIu64 "\n",
			proto_name(protos[i].proto), protos[i].packets);

	report_prom_hosts(out, "pktop_host_bytes_total",
			  "Bytes of the top hosts by bytes (--top of them).",
			  hosts, nh, 0);
	report_prom_hosts(out, "pktop_host_packets_total",
			  "Packets of the top hosts by bytes.", hosts, nh, 1);
	if (t.export.on) {
		report_prom_one(out, "pktop_flow_records_total", "counter",
				"Flow records made (--ipfix, --flow-log).",
				t.export.records);
		report_prom_one(out, "pktop_flow_records_sent_total", "counter",
				"Flow records sent, summed over the collectors.",
				t.export.sent);
		report_prom_one(out, "pktop_flow_records_dropped_total", "counter",
				"Flow records lost: queue full or collector down.",
				t.export.dropped);
	}
	free(hosts);
	if (fflush(out) != 0 || ferror(out)) {
		snprintf(err, errlen, "%s", _("cannot write the report"));
		return -1;
	}
	return 0;
}
