/*
 * filter: capture filters in tcpdump syntax, compiled by libpcap on a dead
 * handle (no device needed), so a typo is reported before anything
 * changes. The same compiled filter matches stored packets offline, which
 * is how the UI filters its packet list without ever including pcap.h.
 */
#ifndef PKTOP_FILTER_H
#define PKTOP_FILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct filter;
struct bpf_program;

#define FILTER_NETMASK_UNKNOWN 0xffffffffu

/* Compile EXPR for frames of LINKTYPE (a DLT_ value) cut to SNAPLEN.
 * NETMASK (host order) serves 'ip broadcast'; FILTER_NETMASK_UNKNOWN when
 * not known. An empty or NULL EXPR matches every packet. NULL on error,
 * with "bad capture filter 'EXPR': <libpcap's message>" in ERR. */
struct filter *filter_compile(const char *expr, int linktype,
			      unsigned snaplen, uint32_t netmask, char *err,
			      size_t errlen);
void filter_free(struct filter *f);

/* The expression as given ("" for none). */
const char *filter_expr(const struct filter *f);
/* The linktype it was compiled for. */
int filter_linktype(const struct filter *f);

/* Whether a packet of CAPLEN bytes at DATA (LEN on the wire) passes. */
bool filter_match(const struct filter *f, const uint8_t *data,
		  uint32_t caplen, uint32_t len);

/* For the capture module: the program to hand to pcap_setfilter. */
struct bpf_program *filter_program(struct filter *f);

#endif
