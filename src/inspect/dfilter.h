/*
 * dfilter: display filters in Wireshark's language (wireshark-filter(4),
 * tshark 4.0's meaning): `tls.handshake.extensions_server_name contains
 * "bank"`, `ip.addr == 10.0.0.0/8 && !(tcp.port in {80, 443})`.
 *
 * dfilter_compile turns the text into a program (a small tree of tests
 * over the field table, decode/field_table.h) or an error with the
 * position it is at. dfilter_match runs it over one packet: its frame
 * header and bytes, and its field tree when the program needs one
 * (dfilter_needs_tree: only the frame.* fields need none). The program
 * is read only after compilation: threads may share it.
 *
 * Semantics as tshark 4.0: a relation on a field that is absent is
 * false; a field present several times matches ==, >, contains, ... if
 * any occurrence does; != holds when none is equal ("all not equal"),
 * !== (any_ne) when one is not; === (all_eq) when all are. `matches`
 * is a POSIX extended regular expression (regcomp), case-insensitive
 * unless it starts with "(?-i)" (Wireshark's PCRE2 default).
 */
#ifndef PKTOP_DFILTER_H
#define PKTOP_DFILTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct tree;
struct dfilter;
struct decode_summary;

struct dfilter_error {
	size_t pos;     /* byte offset of the fault in the filter text */
	size_t len;     /* bytes it spans (at least 1 for the caret) */
	char msg[512];  /* translated, without the text */
};

/* The packet a program is run on. */
struct dfilter_packet {
	uint64_t number;        /* frame.number: 1 for the file's first */
	double time;            /* seconds since the epoch */
	uint32_t len;           /* on the wire */
	uint32_t caplen;        /* DATA's size */
	const uint8_t *data;
	const struct tree *t;   /* its fields, or NULL if !needs_tree */
	/* decode_summary's answer, for the fast path (may be NULL) */
	const struct decode_summary *s;
};

/* Compile TEXT; NULL with ERR filled on an error (out of memory too). */
struct dfilter *dfilter_compile(const char *text, struct dfilter_error *err);
void dfilter_free(struct dfilter *f);

/* Whether dfilter_match needs the packet's field tree. */
bool dfilter_needs_tree(const struct dfilter *f);

bool dfilter_match(const struct dfilter *f, const struct dfilter_packet *p);

/* The fast path, with P->s and no tree: 1 or 0 when the summary answers
 * (the filter names only the frame, addresses, ports and the link,
 * network and transport protocols, and the packet is a plain one: no
 * tunnel, ICMP error or fragment, decoded without fault); -1 when only
 * the tree can (then run dfilter_match with P->t). */
int dfilter_match_summary(const struct dfilter *f,
			  const struct dfilter_packet *p);

/* Whether dfilter_match_summary can ever answer for F. */
bool dfilter_summary_path(const struct dfilter *f);

/* ERR as the command line and the bar show it, on three lines:
 * "MSG\n    TEXT\n    ^~~~" (TEXT escaped for a terminal). */
/* The known field names, for the filter bar's Tab completion:
 * 0..dfilter_field_count()-1, in no particular order. */
size_t dfilter_field_count(void);
const char *dfilter_field_name(size_t i);

void dfilter_error_format(const char *text, const struct dfilter_error *err,
			  char *out, size_t outlen);

#endif
