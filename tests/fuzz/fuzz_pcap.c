/*
 * fuzz_pcap: a whole capture file (pcap or pcapng) through libpcap and
 * the engine, as `pktop -r FILE --batch --format json` takes it: every
 * packet decoded into the tables and the store (small limits, so
 * eviction runs too), then the JSON report written to /dev/null; and
 * every packet through the tree path in file order, as -V and --fields
 * take it, with the state one packet leaves for the next. A model
 * is large: one per link type is kept and cleared (the `c` key's path)
 * between inputs, so the fuzzer runs at a useful speed.
 */
#include "config.h"

#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/flowstate.h"
#include "model/model.h"
#include "decode/proto_table.h"
#include "output/report.h"
#include "decode/tree.h"

#define FUZZ_PCAP_MAX_PACKETS 4096
#define FUZZ_PCAP_MODELS 16

static struct {
	int linktype;
	struct model *m;
} fuzz_models[FUZZ_PCAP_MODELS];

static struct model *
fuzz_pcap_model(int linktype)
{
	const struct model_limits lim = { .max_hosts = 64,
					  .max_connections = 64,
					  .ring_bytes = 1u << 20 };
	char err[256];
	size_t i;

	for (i = 0; i < FUZZ_PCAP_MODELS && fuzz_models[i].m; i++)
		if (fuzz_models[i].linktype == linktype) {
			model_clear(fuzz_models[i].m);
			return fuzz_models[i].m;
		}
	if (i == FUZZ_PCAP_MODELS) {
		/* full: let the oldest go */
		model_free(fuzz_models[0].m);
		memmove(fuzz_models, fuzz_models + 1,
			sizeof(fuzz_models) - sizeof(fuzz_models[0]));
		i = FUZZ_PCAP_MODELS - 1;
	}
	fuzz_models[i].linktype = linktype;
	fuzz_models[i].m = model_new(&lim, linktype, err, sizeof(err));
	return fuzz_models[i].m;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	static struct model_batch *b;
	static struct tree t;
	static int t_ready;
	struct flowstate *fs = NULL;
	struct decode_summary s;
	char errbuf[PCAP_ERRBUF_SIZE], err[256];
	struct report_source src = { .kind = "file", .name = "fuzz" };
	struct pcap_pkthdr *h;
	const u_char *pkt;
	struct model *m;
	FILE *f;
	pcap_t *p;
	int n = 0, rc;

	if (size == 0)
		return 0;
	if (!devnull)
		devnull = fopen("/dev/null", "w");
	f = fmemopen((void *)data, size, "rb");
	if (!f)
		return 0;
	p = pcap_fopen_offline(f, errbuf); /* owns F from here */
	if (!p) {
		fclose(f);
		return 0;
	}
	m = fuzz_pcap_model(pcap_datalink(p));
	if (!b)
		b = model_batch_new(64, 1u << 16);
	if (!m || !b)
		goto out;
	/* as capture_linktype_name says it */
	src.linktype = pcap_datalink_val_to_name(pcap_datalink(p));
	if (!src.linktype)
		src.linktype = "unknown";
	src.snaplen = (unsigned)pcap_snapshot(p);
	fs = flowstate_new();
	if (!t_ready) {
		tree_init(&t);
		t_ready = 1;
	}
	while (n++ < FUZZ_PCAP_MAX_PACKETS &&
	       (rc = pcap_next_ex(p, &h, &pkt)) == 1) {
		/* -V and --fields: the tree path in packet order, with
		 * what each packet leaves its flow */
		tree_reset(&t);
		decode_tree_flows(pcap_datalink(p), pkt, h->caplen, h->len,
				  PROTO_NONE, fs, &s, &t);
		if (!model_batch_add(b, pcap_datalink(p), h, pkt)) {
			model_batch_commit(m, b);
			model_batch_add(b, pcap_datalink(p), h, pkt);
		}
	}
	model_batch_commit(m, b);
	if (devnull)
		report_json(devnull, m, &src, 0, err, sizeof(err));
out:
	flowstate_free(fs);
	pcap_close(p);
	return 0;
}
