/*
 * state: what the user has chosen (view, selection, sort, pause, units,
 * the edit line, overlays) and the commands that change it. Commands and
 * key handlers never draw: they return a ui_action telling the screen
 * loop what to do next, so tests drive them without a terminal.
 */
#ifndef PKTOP_UI_STATE_H
#define PKTOP_UI_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "lineedit.h"
#include "model/model.h"

enum ui_view_id {
	UI_VIEW_HOSTS,
	UI_VIEW_CONNS,
	UI_VIEW_PROTOS,
	UI_VIEW_PACKETS,
	UI_VIEW_PROCS,
	UI_VIEW_COUNT
};

enum ui_action {
	UI_ACT_NONE = 0,     /* nothing to show */
	UI_ACT_REDRAW,       /* draw again from the rows we hold */
	UI_ACT_REFRESH,      /* take new rows from the model, then draw */
	UI_ACT_RELAYOUT,     /* the geometry changed: lay out, refresh, draw */
	UI_ACT_QUIT,         /* q: asks first when work would be lost */
	UI_ACT_QUIT_NOW,     /* Q: no questions */
	UI_ACT_APPLY_FILTER, /* hand the edit line to control_set_filter */
	UI_ACT_CLEAR,        /* model_clear */
	UI_ACT_OPEN,         /* Enter on the selected row */
	UI_ACT_CLOSE,        /* Esc out of the drill-down or a scope */
	UI_ACT_PREV_PACKET,  /* drill-down: the packet before this one */
	UI_ACT_NEXT_PACKET,  /* drill-down: the packet after */
	UI_ACT_TOGGLE_SELF,  /* hide or show our own SSH session */
	UI_ACT_COPY,         /* y: the selected row or field to the clipboard */
	UI_ACT_COPY_PACKET,  /* Y: the selected packet's bytes as hex */
	UI_ACT_MARK,         /* m: mark or unmark the selected packet */
	UI_ACT_SAVE,         /* the save line was accepted: write the file */
	UI_ACT_EXPORT,       /* the export line was accepted */
	UI_ACT_STOP_LOADING, /* Esc with nothing to close: stop reading a file */
	UI_ACT_WRITE_SETTINGS, /* W: the settings file */
	UI_ACT_FOLLOW,       /* F: the selected connection's conversation */
	UI_ACT_DFILTER_CHECK,    /* the display filter line changed: compile */
	UI_ACT_DFILTER_COMPLETE, /* Tab on that line: complete a field name */
	UI_ACT_APPLY_DFILTER,    /* Enter on it: the list shows what matches */
	UI_ACT_DFILTER_TABLES,   /* D: the tables follow the display filter */
};

/* Horizontal scroll takes at most this many steps (the screen clamps
 * to the view's): a column a step, and a step each half screen along a
 * column wider than the screen (a 1023-cell Info at 40 columns: 51). */
#define LAYOUT_SCROLL_MAX 128

/* Find narrows as one types up to this many rows; past it, on Enter. */
#define UI_FIND_LIVE_MAX 20000

enum ui_timefmt { UI_TIME_ABSOLUTE, UI_TIME_RELATIVE, UI_TIME_DELTA, UI_TIME_COUNT };

enum ui_edit { UI_EDIT_NONE, UI_EDIT_FILTER, UI_EDIT_FIND, UI_EDIT_SAVE,
	       UI_EDIT_EXPORT, UI_EDIT_DFILTER };

/* A scrolling list: SEL and TOP index the whole (matched) table. */
struct ui_list {
	size_t sel, top, count;
	unsigned sort;       /* index into the view's sort keys */
	bool reverse;
};

struct ui_state {
	enum ui_view_id view;
	struct ui_list list[UI_VIEW_COUNT];
	unsigned nsorts[UI_VIEW_COUNT]; /* sort keys each view offers */
	size_t page;                    /* table rows on screen */

	bool paused;
	bool resolve;       /* n: reverse DNS names */
	bool port_names;    /* P: services names */
	bool bits;          /* b: bits/s instead of bytes/s */
	double delay;       /* seconds between table refreshes (-d, + and -) */
	enum ui_timefmt timefmt;
	bool time_ms;       /* a narrow terminal: times to the millisecond */
	bool show_ended;    /* x: rows past --expire stay in the live view */
	bool to_end;        /* End: the last row, however long the list */
	/* < >: 0 the fitted columns; K step K - 1 of the scroll, the
	 * columns from one on, whole (layout_columns_scroll) */
	int hcol[UI_VIEW_COUNT];

	bool help;
	int help_top;       /* first help line shown */
	int help_page;      /* help lines on screen (the overlay sets it) */
	bool detail;        /* the drill-down is open */

	/* Processes talking to one host (Enter on a host, live), and the
	 * connections of a process row opened from there. */
	bool host_scoped;
	struct addr host;
	char host_label[64]; /* the address, for the tab line */
	/* The Connections view shows one host's (Enter on a host without
	 * processes: HOST); Esc goes back to Hosts, another view ends it. */
	bool conns_host;

	/* Connections of one process row (Enter on a process). */
	bool proc_scoped;
	uint32_t proc_key;   /* model_query.proc_key */
	char proc_label[96]; /* its name, escaped, for the tab line */

	/* Packets of one connection (Enter on a connection). */
	bool scoped;
	struct model_conn_row scope;

	enum ui_edit edit;
	struct lineedit filter_le, find_le, save_le;
	struct lineedit dfilter_le; /* \ d: the display filter bar */
	bool dfilter_tables;        /* D: tables over the matching packets */
	char find[UI_VIEW_COUNT][LINEEDIT_MAX];
	char find_saved[LINEEDIT_MAX]; /* restored when a find is cancelled */
	size_t find_count;  /* rows when / was pressed: long lists find on Enter */

	char status[256];   /* one message for the status line */
	bool status_error;
};

void ui_state_init(struct ui_state *s, const unsigned nsorts[UI_VIEW_COUNT]);

/* One key in table or drill-down context (the drill-down tree itself
 * takes its keys first, see view_detail.h). */
enum ui_action ui_state_key(struct ui_state *s, int key);

/* Set a message for the status line (printf style). */
void ui_state_message(struct ui_state *s, bool error, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* ---- list math ---- */
struct ui_list *ui_state_list(struct ui_state *s);
/* The table now has COUNT rows: keep SEL inside and TOP showing it. */
void ui_list_set_count(struct ui_list *l, size_t count, size_t page);
/* Move the selection by DELTA rows, clamped; TOP follows. */
void ui_list_move(struct ui_list *l, long delta, size_t page);
void ui_list_select(struct ui_list *l, size_t index, size_t page);

/* ---- commands, bound to keys in keymap.c ---- */
enum ui_action ui_cmd_quit(struct ui_state *s);
enum ui_action ui_cmd_quit_now(struct ui_state *s);
enum ui_action ui_cmd_help(struct ui_state *s);
enum ui_action ui_cmd_pause(struct ui_state *s);
enum ui_action ui_cmd_sort_next(struct ui_state *s);
enum ui_action ui_cmd_sort_prev(struct ui_state *s);
enum ui_action ui_cmd_reverse(struct ui_state *s);
/* '!': Hosts or Connections (from any other view) by health, worst
 * first: their last sort key (view_hosts.c, view_conns.c). */
enum ui_action ui_cmd_health_sort(struct ui_state *s);
enum ui_action ui_cmd_filter(struct ui_state *s);
enum ui_action ui_cmd_find(struct ui_state *s);
/* n: with a find in force the next matching row, else host names */
enum ui_action ui_cmd_names(struct ui_state *s);
/* Whether a find is in force in the view shown (n, N step through it). */
bool ui_state_finding(const struct ui_state *s);
/* N: the previous matching row */
enum ui_action ui_cmd_find_prev(struct ui_state *s);
enum ui_action ui_cmd_scroll_right(struct ui_state *s);
enum ui_action ui_cmd_scroll_left(struct ui_state *s);
enum ui_action ui_cmd_ports(struct ui_state *s);
enum ui_action ui_cmd_bits(struct ui_state *s);
enum ui_action ui_cmd_time(struct ui_state *s);
enum ui_action ui_cmd_show_ended(struct ui_state *s);
enum ui_action ui_cmd_clear(struct ui_state *s);
enum ui_action ui_cmd_up(struct ui_state *s);
enum ui_action ui_cmd_down(struct ui_state *s);
enum ui_action ui_cmd_page_up(struct ui_state *s);
enum ui_action ui_cmd_page_down(struct ui_state *s);
enum ui_action ui_cmd_home(struct ui_state *s);
enum ui_action ui_cmd_end(struct ui_state *s);
enum ui_action ui_cmd_open(struct ui_state *s);
enum ui_action ui_cmd_back(struct ui_state *s);
enum ui_action ui_cmd_view_next(struct ui_state *s);
enum ui_action ui_cmd_view_prev(struct ui_state *s);
enum ui_action ui_cmd_view_hosts(struct ui_state *s);
enum ui_action ui_cmd_view_conns(struct ui_state *s);
enum ui_action ui_cmd_view_protos(struct ui_state *s);
enum ui_action ui_cmd_view_packets(struct ui_state *s);
enum ui_action ui_cmd_view_procs(struct ui_state *s);
enum ui_action ui_cmd_toggle_self(struct ui_state *s);
enum ui_action ui_cmd_mark(struct ui_state *s);
enum ui_action ui_cmd_save(struct ui_state *s);
enum ui_action ui_cmd_export(struct ui_state *s);
/* The line being edited (filter, find, or a file name). */
struct lineedit *ui_state_edit_line(struct ui_state *s);
enum ui_action ui_cmd_delay_longer(struct ui_state *s);
enum ui_action ui_cmd_delay_shorter(struct ui_state *s);
enum ui_action ui_cmd_copy(struct ui_state *s);
enum ui_action ui_cmd_copy_packet(struct ui_state *s);
enum ui_action ui_cmd_write_settings(struct ui_state *s);
enum ui_action ui_cmd_follow(struct ui_state *s);
/* \ d: the display filter bar (screen.c seeds it with the filter in
 * force); D: the tables show only the packets it keeps, or all. */
enum ui_action ui_cmd_dfilter(struct ui_state *s);
enum ui_action ui_cmd_dfilter_tables(struct ui_state *s);

#endif
