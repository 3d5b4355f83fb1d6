/*
 * textesc: make a string from a packet or from DNS safe and readable on a
 * terminal: printable ASCII and valid UTF-8 letters stay, everything else
 * (control characters, ESC, C1, invalid bytes) becomes \xNN.
 */
#ifndef PKTOP_UI_TEXTESC_H
#define PKTOP_UI_TEXTESC_H

#include <stddef.h>

/* Escape N bytes of S into OUT (always NUL-terminated, cut to SIZE).
 * Returns the length written. */
size_t textesc_escape(const char *s, size_t n, char *out, size_t size);

#endif
