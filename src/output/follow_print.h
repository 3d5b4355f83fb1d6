/*
 * follow_print: `pktop -r FILE --follow tcp,N [--format ascii|hex|raw]`,
 * one conversation's bytes in tshark's `-q -z follow,tcp,FORMAT,N`
 * shape (the header, Node 0 / Node 1, one block per piece, node 1's
 * indented by a tab), so scripts written for tshark read it.
 */
#ifndef PKTOP_FOLLOW_PRINT_H
#define PKTOP_FOLLOW_PRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "base/addr.h"

struct follow;

enum follow_print_format {
	FOLLOW_PRINT_ASCII = 0,
	FOLLOW_PRINT_HEX,
	FOLLOW_PRINT_RAW,
};

/* Which conversation: tcp,N or udp,N (tshark's stream index) or
 * tcp,ADDR:PORT,ADDR:PORT. */
struct follow_spec {
	uint8_t l4;          /* 6 or 17 */
	bool http;           /* http,N: TCP read as HTTP messages, bodies
			      * decoded (tshark's follow,http) */
	bool quic;           /* quic,N: UDP stream N's QUIC CRYPTO and
			      * STREAM data, decrypted */
	int64_t quic_stream; /* quic,N,S: STREAM S only (tshark's
			      * follow,quic,FMT,N,S); -1: everything */
	bool by_index;
	int64_t index;
	struct addr a, b;
	uint16_t a_port, b_port;
	char text[160];      /* as given, for the Filter line */
};

/* Parse TEXT ("tcp,3", "udp,0", "http,3", "quic,0", "quic,0,4", "tcp,10.0.0.1:80,10.0.0.2:4000",
 * "tcp,[2001:db8::1]:443,[2001:db8::2]:5000"); -1 with a message in ERR. */
int follow_spec_parse(struct follow_spec *sp, const char *text, char *err,
		      size_t errlen);

/* "ascii", "hex" or "raw"; -1 for anything else. */
int follow_print_format_parse(const char *text);

struct follow_print_config {
	const char *file;     /* pcap or pcapng; "-" is stdin */
	const char *filter;   /* BPF: packets left out, or NULL */
	struct follow_spec spec;
	enum follow_print_format format;
	FILE *out;
	FILE *notes;          /* what the output cannot say (NULL: none) */
	const char *keylog_file; /* --tls-keylog for quic,N, or NULL */
};

/* Read the file, follow the conversation, print it. 0, or -1 with a
 * message in ERR. */
int follow_print_file(const struct follow_print_config *cfg, char *err,
		      size_t errlen);

/* Print F's pieces in FORMAT under tshark's header (TITLE e.g.
 * "tcp,raw", FILTER e.g. "tcp.stream eq 3"); the notes (gaps at the
 * end, the cap, the snap length) go to NOTES when not NULL. */
void follow_print(FILE *out, FILE *notes, const struct follow *f,
		  enum follow_print_format format, const char *filter);
/* The same for a QUIC follow's STREAM S only (S < 0: every piece, each
 * stream's first piece after another's behind a "[QUIC ...]" line). */
void follow_print_quic(FILE *out, FILE *notes, const struct follow *f,
		       enum follow_print_format format, const char *filter,
		       int64_t s);

#endif
