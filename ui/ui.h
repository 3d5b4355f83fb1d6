/*
 * ui: the curses front end. main() hands it the model (the data) and the
 * capture's control (filter, hiding our SSH session, stop) once capture
 * runs; it returns when the user quits or a signal asks it to, with the terminal
 * restored.
 */
#ifndef PKTOP_UI_H
#define PKTOP_UI_H

#include <stdbool.h>
#include <stddef.h>

struct control;
struct model;
struct options;
struct settings;

/* What the UI needs from the command line (ui_run fills it from the
 * options). */
struct keylog;

struct ui_config {
	const char *source;  /* interface or file, for the header */
	double delay;        /* seconds between table refreshes (-d) */
	double expire;       /* live: idle rows leave the view (0: never) */
	bool resolve;        /* reverse DNS at start (off with -n) */
	bool live;           /* live capture (not a file) */
	bool replay;         /* --replay: a file paced by its timestamps */
	bool stream;         /* -r -: packets come as a live capture's do */
	bool mouse;          /* ask the terminal for mouse events */
	bool port_names;     /* service names for ports at start (off with -N) */
	bool osc52;          /* y/Y copy through OSC 52 (off with --no-osc52) */
	bool confirm;        /* q asks before losing work (off with --no-confirm) */
	const char *write_file; /* -w: the capture is being saved there */
	int theme;           /* enum settings_theme */
	int view;            /* the first view (enum ui_view_id) */
	bool bits;           /* rates in bits/s */
	/* The settings file as read (sort, reverse, where W writes). */
	const struct settings *settings;
	const char *config_file; /* --config: W writes there */
	/* TLS secrets for the drill-down's QUIC packets (a pcapng's own,
	 * --tls-keylog), or NULL; the file is read again at each Enter,
	 * for the lines a browser added since. */
	struct keylog *keylog;
	const char *keylog_file;
	const char *dfilter;  /* -Y: the display filter bar's first filter */
	/* Inside tmux: its set-clipboard as asked at start (enum
	 * clipboard_tmux, ui/clipboard.h; 0: not inside tmux), asked
	 * again at y while it is not on. */
	int tmux_clipboard;
};

/* Run the interactive UI until the user quits or SIGTERM/SIGHUP/SIGINT;
 * 0 then, -1 with a message in ERR when the terminal could not be set up.
 * The terminal is restored on every way out. */
int ui_run_config(struct model *m, struct control *ctl,
		  const struct ui_config *cfg, char *err, size_t errlen);

/* Inside tmux, with copying on: whether tmux passes on the copies y
 * and Y send (enum clipboard_tmux), asked while pktop still runs as the
 * user who started it: tmux's server answers its own user only. 0
 * outside tmux. Blocks for half a second at most. */
int ui_ask_tmux(const struct options *opts);

/* The same, configured from the command line; prints its error. KEYS:
 * the TLS secrets main read before dropping root (still the caller's),
 * or NULL to read them here; TMUX_CLIPBOARD: ui_ask_tmux's answer. */
int ui_run(struct model *m, struct control *ctl,
	   const struct options *opts, struct keylog *keys,
	   int tmux_clipboard);

#endif
