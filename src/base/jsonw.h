/*
 * jsonw: a small streaming JSON writer. It places commas and colons
 * itself, writes numbers as JSON numbers and escapes strings so that any
 * bytes (a server name straight from a packet) give valid JSON.
 */
#ifndef PKTOP_JSONW_H
#define PKTOP_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSONW_MAX_DEPTH 32
#define JSONW_BUF 8192

/* Output is gathered in BUF and written with one fwrite per BUF: stdio's
 * per-call locking was a large part of a big report's cost. */
struct jsonw {
	FILE *out;
	size_t used;
	bool failed;     /* a write to OUT failed */
	char buf[JSONW_BUF];
	int depth;
	bool need_comma[JSONW_MAX_DEPTH];
	bool after_key;  /* a key was written: the value needs no comma */
};

void jsonw_init(struct jsonw *w, FILE *out);

void jsonw_object_begin(struct jsonw *w);
void jsonw_object_end(struct jsonw *w);
void jsonw_array_begin(struct jsonw *w);
void jsonw_array_end(struct jsonw *w);

/* An object member's name; the next call writes its value. KEY is
 * written as it is: plain ASCII from the program, never packet bytes. */
void jsonw_key(struct jsonw *w, const char *key);
/* The same with KEY's length known (a schema's names, counted once). */
void jsonw_key_n(struct jsonw *w, const char *key, size_t n);

/* A NUL-terminated string, or N raw bytes, through escape.h's JSON sink:
 * valid UTF-8 the policy allows is kept; controls, DEL, C1, bidi and other
 * format characters become \uXXXX and every byte of invalid UTF-8 \u00BB
 * (byte B), so the output always parses and prints safely. */
void jsonw_string(struct jsonw *w, const char *s);
void jsonw_string_n(struct jsonw *w, const char *s, size_t n);
void jsonw_uint(struct jsonw *w, uint64_t v);
void jsonw_int(struct jsonw *w, int64_t v);
/* DECIMALS places; NaN and infinities are written as null. */
void jsonw_double(struct jsonw *w, double v, int decimals);
/* Seconds since the epoch with microseconds. */
void jsonw_time(struct jsonw *w, double ts);
void jsonw_bool(struct jsonw *w, bool v);
void jsonw_null(struct jsonw *w);

/* Shorthands for a key and its value. */
void jsonw_kv_string(struct jsonw *w, const char *key, const char *s);
void jsonw_kv_uint(struct jsonw *w, const char *key, uint64_t v);
void jsonw_kv_uint_n(struct jsonw *w, const char *key, size_t n,
		     uint64_t v);
void jsonw_kv_double(struct jsonw *w, const char *key, double v,
		     int decimals);
void jsonw_kv_time(struct jsonw *w, const char *key, double ts);

/* Write what is gathered to the stream (not fflush); -1 when a write
 * failed. */
int jsonw_flush(struct jsonw *w);

/* End the document's line (JSON Lines) and flush the stream; -1 when a
 * write failed. */
int jsonw_finish(struct jsonw *w);

#endif
