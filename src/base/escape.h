/*
 * escape: bytes from a packet (or DNS, or a file name) made safe for a
 * terminal. Printable ASCII and valid UTF-8 text stay; control characters,
 * ESC sequences, C1 controls, bidi overrides and invalid UTF-8 become
 * visible escapes (\xNN, \u{NNNN}); a backslash becomes \\.
 */
#ifndef PKTOP_ESCAPE_H
#define PKTOP_ESCAPE_H

#include <stddef.h>

/* Escape N bytes of S into OUT, always NUL-terminated and never cut in
 * the middle of an escape or a character. Returns the length written. */
size_t escape_text(const char *s, size_t n, char *out, size_t size);

/* Length of the valid UTF-8 sequence at S (at most N bytes) and its code
 * point in *CP; 0 when the bytes there are not valid UTF-8 (overlong,
 * surrogate, past U+10FFFF, cut short). */
size_t escape_utf8_decode(const unsigned char *s, size_t n, unsigned *cp);

/* Terminal cells of S in the current locale (wide characters take two):
 * the length in bytes of the longest start of S that fits in MAX cells,
 * with the cells it takes in *CELLS. Text the locale cannot read counts a
 * cell per byte. */
size_t escape_cells_fit(const char *s, size_t max, size_t *cells);

#endif
