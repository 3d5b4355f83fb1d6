/*
 * help: the `?` / F1 overlay, written from the key binding table so it
 * lists every binding there is.
 */
#ifndef PKTOP_UI_HELP_H
#define PKTOP_UI_HELP_H

#include "layout.h"
#include "state.h"

/* Lines the overlay has (for scrolling). */
int help_lines(void);
/* Draw over the body; clamps s->help_top. */
void help_draw(const struct layout *l, struct ui_state *s);
/* The footer: the keys that matter in the current context. */
void help_footer(const struct layout *l, const struct ui_state *s);

#endif
