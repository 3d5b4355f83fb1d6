/* dfilter_store: a display filter over the packet store (issue 21).
 * Loads a capture into a model through model_batch_* (store large enough
 * for all of it), then times inspect_select with the compiled filter
 * over every stored packet, in the UI's chunks of 4096.
 *   gcc -O2 -DHAVE_CONFIG_H -I. -Isrc tests/bench/dfilter_store.c \
 *       src/libpktop.a -lpcap -lm -pthread -o dfilter_store
 *   ./dfilter_store mix200k.pcap 'ip.addr == 10.0.0.0/8 && tcp.port == 443'
 */
#include "config.h"
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "inspect/dfilter.h"
#include "inspect/inspect.h"
#include "model/model.h"
#include "model/model_batch.h"

static double
ms_of(clockid_t c)
{
	struct timespec t;

	clock_gettime(c, &t);
	return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

static double
ms(void)
{
	return ms_of(CLOCK_MONOTONIC);
}

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = argc == 3 ? pcap_open_offline(argv[1], err) : NULL;
	struct model_limits lim = {.max_connections = 1000000,
				   .max_hosts = 100000,
				   .ring_bytes = (size_t)512 << 20};
	struct model *m =
		p ? model_new(&lim, pcap_datalink(p), err, sizeof(err)) : NULL;
	struct model_batch *b = model_batch_new(4096, 8 << 20);
	struct dfilter_error de;
	struct dfilter *df = argc == 3 ? dfilter_compile(argv[2], &de) : NULL;
	struct pcap_pkthdr *h;
	const u_char *d;
	uint64_t *out = calloc(4096, sizeof(*out));

	if (p == NULL || m == NULL || b == NULL || df == NULL || !out) {
		fprintf(stderr, "usage: dfilter_store CAPTURE FILTER (%s%s)\n",
			err, df ? "" : de.msg);
		return 2;
	}
	while (pcap_next_ex(p, &h, &d) == 1)
		if (!model_batch_add(b, pcap_datalink(p), h, d)) {
			model_batch_commit(m, b);
			model_batch_add(b, pcap_datalink(p), h, d);
		}
	model_batch_commit(m, b);
	model_set_capture_state(m, MODEL_CAPTURE_FINISHED, NULL);
	for (int run = 0; run < 3; run++) {
		struct inspect *in = inspect_new(m);
		struct inspect_scope sc = {.dfilter = df};
		uint64_t from = 0, next, matched = 0, last = 0;
		double t0 = ms(), c0 = ms_of(CLOCK_THREAD_CPUTIME_ID);

		for (;;) {
			size_t n = inspect_select(in, &sc, from, UINT64_MAX,
						  out, 4096, &next);

			matched += n;
			if (n)
				last = out[n - 1];
			if (next == UINT64_MAX || next == from)
				break;
			from = next;
		}
		printf("%s: %llu matched (last %llu) in %.1f ms, %.1f ms "
		       "CPU (%s)\n",
		       argv[2], (unsigned long long)matched,
		       (unsigned long long)last, ms() - t0,
		       ms_of(CLOCK_THREAD_CPUTIME_ID) - c0,
		       dfilter_summary_path(df) ? "summary path"
					       : "tree walk");
		inspect_free(in);
	}
	return 0;
}
