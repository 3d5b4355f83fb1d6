/*
 * lineedit: the one-line editor behind `f` (capture filter) and `/`
 * (find): cursor keys, Home/End, Ctrl-U, and a history walked with
 * up/down. Pure logic on curses key codes; screen.c draws it.
 */
#ifndef PKTOP_UI_LINEEDIT_H
#define PKTOP_UI_LINEEDIT_H

#include <stdbool.h>
#include <stddef.h>

/* Long enough for a pasted capture filter (the compile has its own
 * budget, src/base/filter.h). */
#define LINEEDIT_MAX 8192
#define LINEEDIT_HISTORY 16

enum lineedit_result {
	LINEEDIT_CONTINUE, /* still editing: redraw the line */
	LINEEDIT_ACCEPT,   /* Enter: the caller takes buf */
	LINEEDIT_CANCEL,   /* Esc or Ctrl-G: the caller restores its value */
};

struct lineedit {
	char buf[LINEEDIT_MAX];
	size_t len, cur;
	/* History, oldest first; hist_pos == hist_count while editing the
	 * fresh line, which is parked in draft during a walk. */
	char hist[LINEEDIT_HISTORY][LINEEDIT_MAX];
	int hist_count, hist_pos;
	char draft[LINEEDIT_MAX];
};

void lineedit_init(struct lineedit *le);
/* Start editing with TEXT (may be NULL) and the cursor at its end. */
void lineedit_start(struct lineedit *le, const char *text);
enum lineedit_result lineedit_key(struct lineedit *le, int key);
/* Remember an accepted line (skipped when empty or equal to the last). */
void lineedit_history_add(struct lineedit *le, const char *text);

#endif
