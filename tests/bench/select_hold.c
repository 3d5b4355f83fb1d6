/* select_hold: the UI's connection selection on a large table (issue 15):
 * loads a capture (e.g. gen_capture -m connflood -n 1000000) through
 * model_batch_*, then times model_connections, fresh (kept answer dropped)
 * and repeated, with one hold (slice SIZE_MAX) and with MODEL_SELECT_SLICE.
 *   gcc -O2 -DHAVE_CONFIG_H -I. -Isrc tests/bench/select_hold.c \
 *       src/libpktop.a -lpcap -lm -pthread -o select_hold
 *   ./select_hold connflood.pcap
 */
#include "config.h"
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "model/model.h"
#include "model/model_impl.h"

static double
ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;
}

int
main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE] = "";
	pcap_t *p = argc == 2 ? pcap_open_offline(argv[1], err) : NULL;
	struct model_limits lim = { .max_connections = 1000000, .max_hosts = 1000 };
	struct model *m = p ? model_new(&lim, pcap_datalink(p), err, sizeof(err)) : NULL;
	struct model_batch *b = model_batch_new(4096, 8 << 20);
	struct pcap_pkthdr *h;
	const u_char *d;
	struct model_query q = { .sort = MODEL_SORT_RATE_10S, .max = 40 };
	struct model_conn_row *rows = calloc(40, sizeof(*rows));
	struct model_totals t;

	if (p == NULL || m == NULL || b == NULL || rows == NULL) {
		fprintf(stderr, "usage: select_hold CAPTURE (%s)\n", err);
		return 2;
	}
	while (pcap_next_ex(p, &h, &d) == 1)
		if (!model_batch_add(b, pcap_datalink(p), h, d)) {
			model_batch_commit(m, b);
			model_batch_add(b, pcap_datalink(p), h, d);
		}
	model_batch_commit(m, b);
	model_set_capture_state(m, MODEL_CAPTURE_FINISHED, NULL);
	model_get_totals(m, &t);
	printf("connections %llu\n", (unsigned long long)t.connections);
	for (int slice = 0; slice < 2; slice++) {
		m->select_slice = slice ? MODEL_SELECT_SLICE : SIZE_MAX;
		for (int i = 0; i < 3; i++) {
			double t0;

			m->sel_conns.valid = false;
			t0 = ms();
			model_connections(m, &q, rows, NULL);
			printf("slice %zu: fresh selection %.1f ms, %zu entries, most in one hold %zu (%.2f ms at that rate)\n",
			       m->select_slice, ms() - t0, m->select_visited, m->select_hold_max,
			       (ms() - t0) * m->select_hold_max / m->select_visited);
			t0 = ms();
			model_connections(m, &q, rows, NULL);
			printf("  same query again: %.3f ms, %zu entries\n", ms() - t0, m->select_visited);
		}
	}
	return 0;
}
