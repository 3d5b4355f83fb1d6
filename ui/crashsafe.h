/*
 * crashsafe: the terminal given back even when pktop crashes. While
 * curses runs, SIGSEGV, SIGBUS, SIGFPE, SIGILL and SIGABRT first write
 * the terminal's own "leave the alternate screen, show the cursor, plain
 * text" sequence and restore the tty modes saved before curses started
 * (write and tcsetattr only: async-signal-safe), then let the signal go
 * on to whatever handled it before (the default, or a sanitizer's).
 */
#ifndef PKTOP_UI_CRASHSAFE_H
#define PKTOP_UI_CRASHSAFE_H

#include <stdbool.h>

/* Before curses starts: remember FD's tty modes. */
void crashsafe_save(int fd);
/* Once curses runs (terminfo loaded): build the sequence, install the
 * handlers. MOUSE: mouse reporting was asked for, turn it off too. */
void crashsafe_arm(bool mouse);
/* Curses has ended: put the previous handlers back. */
void crashsafe_disarm(void);

#endif
