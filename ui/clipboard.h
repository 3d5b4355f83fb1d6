/*
 * clipboard: copy text to the clipboard of the machine the user sits at
 * with the OSC 52 escape sequence, which terminals (and tmux with
 * set-clipboard on) honour through SSH. The only escape sequence pktop
 * writes itself; its payload is base64, so no byte of the copied text
 * reaches the terminal as is.
 */
#ifndef PKTOP_UI_CLIPBOARD_H
#define PKTOP_UI_CLIPBOARD_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Terminals cap the sequence (xterm: 100000 bytes of base64 by default):
 * copies are cut to this many bytes before encoding. */
#define CLIPBOARD_MAX 65536

/* Base64 (RFC 4648 section 4) of N bytes at IN into OUT, NUL-terminated;
 * returns the length, or 0 when OUT is too small. */
size_t clipboard_base64(const uint8_t *in, size_t n, char *out, size_t size);

/* Write the OSC 52 sequence for N bytes of DATA (at most CLIPBOARD_MAX)
 * to OUT and flush it. 0 on success, -1 when the write failed. */
int clipboard_osc52(FILE *out, const void *data, size_t n);

#endif
