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

/* A filter typed or pasted while the UI runs may be pathological
 * (libpcap's optimiser is super-linear: 'port 1 or ... or port 599',
 * 7 KB, takes 28 s and more, as in tcpdump). filter_compile_bounded
 * compiles in a child process under these budgets: longer expressions
 * are refused at once, a compile that needs more CPU seconds (or, stuck,
 * more wall seconds) is killed and refused, each with one clear line. */
#define FILTER_EXPR_MAX 16384u
#define FILTER_CPU_BUDGET 5u
#define FILTER_WALL_BUDGET 120u

/* filter_compile's result, compiled by a child process within the
 * budgets above; a readable CANCEL_FD (-1: none) kills the child and
 * returns NULL with "cancelled: ..." in ERR. Blocks: call it from a worker
 * (capture/control.c does). A success is remembered for
 * filter_compile_match. */
struct filter *filter_compile_bounded(const char *expr, int linktype,
				      unsigned snaplen, uint32_t netmask,
				      int cancel_fd, char *err,
				      size_t errlen);
/* A filter for matching stored packets of LINKTYPE: the program a
 * recent compile of EXPR for that link type made (any snap length),
 * else compiled here. */
struct filter *filter_compile_match(const char *expr, int linktype,
				    char *err, size_t errlen);

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
