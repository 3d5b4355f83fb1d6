/*
 * escape: the one text-safety module. Bytes from a packet (or DNS, or a
 * file name) pass one UTF-8 decoder and one code-point policy, then one
 * writer per sink spells what may not be shown as itself: C-escaped text
 * (batch text, -V, --fields, the UI's strings), JSON, CSV, and the
 * terminal cell (what draw.c lets reach curses, with its width).
 */
#ifndef PKTOP_ESCAPE_H
#define PKTOP_ESCAPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at S (at most N bytes) and its code
 * point in *CP; 0 when the bytes there are not valid UTF-8 (overlong,
 * surrogate, past U+10FFFF, cut short). */
size_t escape_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* The policy: may code point CP be shown as itself? Not: C0 controls,
 * DEL, C1 controls, format characters (Cf: bidi embeddings, overrides,
 * isolates and marks, zero-width ones, the soft hyphen, BOM, tags), the
 * line and paragraph separators and noncharacters. */
bool escape_cp_shown(unsigned cp);

/* Bytes of the character at S (N bytes left) when it is valid UTF-8 and
 * may be shown as itself; 0 when it must be escaped. */
size_t escape_shown_len(const unsigned char *s, size_t n);

/* What the character at S is, for a sink. */
enum escape_kind {
	ESCAPE_SHOWN,   /* valid and allowed: written as itself */
	ESCAPE_HIDDEN,  /* valid code point the policy refuses */
	ESCAPE_BAD_BYTE /* one byte that is not UTF-8 */
};

/* The character at S (N >= 1 bytes): its kind, its code point (or the
 * byte's value for ESCAPE_BAD_BYTE) in *CP; returns its length (>= 1). */
size_t escape_next(const unsigned char *s, size_t n, unsigned *cp,
		   enum escape_kind *kind);

/* One byte as a dump shows it (tshark's Follow, hex dumps): printable
 * ASCII as itself, anything else as '.'. */
static inline char
escape_ascii_dot(unsigned char c)
{
	return c >= 0x20 && c < 0x7f ? (char)c : '.';
}

/* The sinks. */
enum escape_sink {
	/* \xNN for a bad byte and an ASCII control, \u{NNNN} for a
	 * refused code point above (C1 included); a backslash doubled */
	ESCAPE_SINK_C,
	/* a JSON string's inside: \" \\ \n \r \t, \uXXXX (a surrogate pair
	 * above U+FFFF), a bad byte B as \u00BB */
	ESCAPE_SINK_JSON,
	/* a CSV field's inside: a quote doubled, a tab kept, anything
	 * refused or not UTF-8 as '?' */
	ESCAPE_SINK_CSV,
};

/* Flags for ESCAPE_SINK_C. */
#define ESCAPE_C_NAMED 0x1          /* \n \r \t by name, as -V does */
#define ESCAPE_C_KEEP_BACKSLASH 0x2 /* text already escaped: a backslash
				       stays single */

/* Where a sink's output goes: takes LEN bytes at P and returns how many it
 * took; fewer than LEN stops the walk. SPLIT: P is plain ASCII that may
 * be cut anywhere (otherwise a piece is taken whole or not at all). */
typedef size_t (*escape_emit_fn)(void *ctx, const char *p, size_t len,
				 bool split);

/* Walk N bytes of S through SINK (with FLAGS), giving EMIT runs of shown
 * text and one escape at a time. Returns the input bytes consumed. */
size_t escape_walk(const char *s, size_t n, enum escape_sink sink,
		   unsigned flags, escape_emit_fn emit, void *ctx);

/* Write N bytes of S through SINK into OUT, always NUL-terminated and
 * never cut in the middle of an escape or a character. Returns the
 * length written. */
size_t escape_to_buf(const char *s, size_t n, enum escape_sink sink,
		     unsigned flags, char *out, size_t size);

/* The same to a stream. */
void escape_to_file(FILE *out, const char *s, size_t n,
		    enum escape_sink sink, unsigned flags);

/* C-escaped text (ESCAPE_SINK_C, no flags) into OUT: the common case. */
size_t escape_text(const char *s, size_t n, char *out, size_t size);

/* The terminal cell: the character at S (N >= 1 bytes) as curses would
 * show it in the current locale. True, with its bytes in *LEN and its
 * cells in *CELLS, when it may reach the terminal as itself; false when
 * it must be replaced (*LEN bytes: the whole character when it is valid
 * UTF-8, else 1). */
bool escape_cell(const char *s, size_t n, size_t *len, int *cells);

/* Terminal cells of S in the current locale (wide characters take two):
 * the length in bytes of the longest start of S that fits in MAX cells,
 * with the cells it takes in *CELLS. Text the locale cannot read counts a
 * cell per byte. */
size_t escape_cells_fit(const char *s, size_t max, size_t *cells);

#endif
