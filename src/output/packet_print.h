/*
 * packet_print: `pktop -r FILE -V` (a text tree per packet, like
 * tshark -V) and `pktop -r FILE --fields [--format json] [-e FIELD...]`
 * (one line per packet, like tshark -T fields, or JSON Lines). Every
 * packet goes through decode_tree_flows() in file order, so what one
 * packet leaves for the next (flowstate.h) counts as in tshark; values
 * are tshark's -T fields forms.
 */
#ifndef PKTOP_PACKET_PRINT_H
#define PKTOP_PACKET_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

enum packet_print_mode {
	PACKET_PRINT_TREE,   /* -V */
	PACKET_PRINT_FIELDS, /* --fields, tab-separated */
	PACKET_PRINT_JSON,   /* --fields --format json */
	PACKET_PRINT_LIST,   /* -Y alone: one summary line per packet */
};

struct dfilter;

struct packet_print_config {
	const char *file;           /* pcap or pcapng; "-" is stdin */
	enum packet_print_mode mode;
	const char *const *fields;  /* -e FIELD, in order; NULL: all */
	size_t nfields;
	uint64_t count;             /* -c: stop after this many; 0: all */
	const char *filter;         /* BPF expression, or NULL */
	const struct dfilter *dfilter; /* -Y, compiled; or NULL */
	const char *keylog_file;    /* --tls-keylog, or NULL */
	FILE *out;
	/* called once the capture, its embedded secrets and the key log
	 * are open, before the first packet (main drops root there); 0, or
	 * -1 with ERR to stop */
	int (*opened)(const void *arg, char *err, size_t errlen);
	const void *opened_arg;
};

/* Whether --fields -e NAME can ever have a value: a field the
 * dissectors emit, a protocol, or one of the frame.* and _ws.col.*
 * pseudo-fields this prints. */
bool packet_print_field_known(const char *name);

/* Read CFG->file to the end and print every packet to CFG->out.
 * 0 on success; -1 with a message in ERR (file unreadable, write
 * failed). */
int packet_print_file(const struct packet_print_config *cfg, char *err,
		      size_t errlen);

#endif
