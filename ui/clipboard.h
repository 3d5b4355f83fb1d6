/*
 * clipboard: copy text to the clipboard of the machine the user sits at
 * with the OSC 52 escape sequence, which terminals (and tmux with
 * set-clipboard on) honour through SSH, and tmux's answer to whether it
 * passes the sequence on. The only escape sequence pktop writes itself;
 * its payload is base64, so no byte of the copied text reaches the
 * terminal as is.
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

/* What tmux does with an application's OSC 52 (its set-clipboard
 * option, tmux(1)): only "on" takes it and passes it on to the outer
 * terminal; "external" lets tmux's own copies out but ignores the
 * applications', and "off" ignores both. */
enum clipboard_tmux {
	CLIPBOARD_TMUX_NONE,     /* not inside tmux ($TMUX is not set) */
	CLIPBOARD_TMUX_UNKNOWN,  /* tmux did not answer in time, or failed */
	CLIPBOARD_TMUX_ON,
	CLIPBOARD_TMUX_EXTERNAL,
	CLIPBOARD_TMUX_OFF,
};

/* The state tmux's answer to show-options -gv set-clipboard names. */
enum clipboard_tmux clipboard_tmux_parse(const char *answer);

/* Ask the tmux server $TMUX names for set-clipboard: tmux run without a
 * shell, its stdin and stderr on /dev/null, killed when it has not
 * answered within TIMEOUT_MS. Blocks the caller that long at most. */
enum clipboard_tmux clipboard_tmux_ask(int timeout_ms);

/* tmux's word for the state ("on", "external", "off"), or NULL. */
const char *clipboard_tmux_name(enum clipboard_tmux state);

#endif
