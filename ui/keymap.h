/*
 * keymap: every key binding, one row each. The same table answers key
 * presses, writes the help overlay and the footer, so what the help says
 * is what the keys do.
 */
#ifndef PKTOP_UI_KEYMAP_H
#define PKTOP_UI_KEYMAP_H

#include <stddef.h>

#include "state.h"

enum keymap_scope {
	KEYMAP_TABLE = 1 << 0,  /* Hosts, Connections, Protocols, Packets */
	KEYMAP_DETAIL = 1 << 1, /* the drill-down */
	KEYMAP_ANY = KEYMAP_TABLE | KEYMAP_DETAIL,
};

#define KEYMAP_KEYS 4

struct keymap_binding {
	int keys[KEYMAP_KEYS];  /* curses key codes, 0 ends the list */
	unsigned scope;         /* enum keymap_scope */
	const char *keyname;    /* as the help shows it */
	const char *help;       /* N_() */
	const char *footer;     /* N_() short label, or NULL: not in footer */
	enum ui_action (*run)(struct ui_state *s);
};

extern const struct keymap_binding keymap_table[];
extern const size_t keymap_count;

/* The binding for KEY in SCOPE, or NULL. */
const struct keymap_binding *keymap_find(unsigned scope, int key);

/* Help lines that are not commands of the table (drill-down tree keys,
 * edit line keys, mouse), for the overlay. */
struct keymap_note {
	const char *keyname;
	const char *help; /* N_() */
};
extern const struct keymap_note keymap_notes[];
extern const size_t keymap_notes_count;

#endif
