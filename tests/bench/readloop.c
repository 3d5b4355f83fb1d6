/* readloop: the plainest libpcap reader, a baseline for the benchmarks.
 * Reads a capture with pcap_next_ex and counts packets and wire bytes,
 * touching nothing else. */
#include <pcap/pcap.h>
#include <stdint.h>
#include <stdio.h>
#include <time.h>

static double readloop_now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	char err[PCAP_ERRBUF_SIZE];
	struct pcap_pkthdr *h;
	const u_char *data;
	uint64_t packets = 0, bytes = 0, first = 0;
	double t0, t1;
	pcap_t *p;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: readloop FILE.pcap\n");
		return 2;
	}
	p = pcap_open_offline(argv[1], err);
	if (!p) {
		fprintf(stderr, "readloop: %s\n", err);
		return 2;
	}
	t0 = readloop_now();
	while ((rc = pcap_next_ex(p, &h, &data)) == 1) {
		packets++;
		bytes += h->len;
		first += data[0]; /* the bytes are read, as any reader would */
	}
	t1 = readloop_now();
	if (rc == PCAP_ERROR)
		fprintf(stderr, "readloop: %s\n", pcap_geterr(p));
	pcap_close(p);
	printf("readloop packets=%llu bytes=%llu secs=%.3f pps=%.0f check=%llu\n",
	       (unsigned long long)packets, (unsigned long long)bytes, t1 - t0,
	       t1 > t0 ? (double)packets / (t1 - t0) : 0.0, (unsigned long long)first);
	return rc == PCAP_ERROR ? 1 : 0;
}
