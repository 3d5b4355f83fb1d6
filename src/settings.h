/*
 * settings: the configuration file, `key = value` lines read at start
 * ($XDG_CONFIG_HOME/pktop/pktoprc, else ~/.config/pktop/pktoprc, else
 * /etc/pktop.conf; --config FILE instead) and written back by W in the
 * UI. The command line wins over the file. A bad line is named (file,
 * line, problem) and its key keeps the default; pktop still starts.
 */
#ifndef PKTOP_SETTINGS_H
#define PKTOP_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#define SETTINGS_PATH_MAX 4096
#define SETTINGS_VALUE_MAX 1024
#define SETTINGS_UNSET (-1)

enum settings_theme {
	SETTINGS_THEME_DEFAULT,
	SETTINGS_THEME_MONOCHROME,
	SETTINGS_THEME_HIGH_CONTRAST,
	SETTINGS_THEME_COUNT
};

/* What a file said; SETTINGS_UNSET (or "") for keys it did not set. */
struct settings {
	char path[SETTINGS_PATH_MAX]; /* read from; W writes here */
	char interface[64];
	char filter[SETTINGS_VALUE_MAX];
	int view;       /* 0 hosts, 1 connections, 2 protocols, 3 packets */
	int sort;       /* enum model_sort */
	int reverse;    /* 0, 1 */
	double delay;   /* seconds; 0: unset */
	int theme;      /* enum settings_theme */
	int resolve, port_names, bits, mouse, confirm, osc52; /* 0, 1 */
};

void settings_init(struct settings *s);

/* The user's file ($XDG_CONFIG_HOME/pktop/pktoprc, else
 * ~/.config/pktop/pktoprc), where W writes without --config; false when
 * neither variable is set. */
bool settings_user_path(char *out, size_t size);

/* The file to read when no --config is given: the user's if it exists,
 * else /etc/pktop.conf if it exists, else the user's (for W to create).
 * Into OUT; false when no home directory is known. */
bool settings_default_path(char *out, size_t size);

/* Read PATH into S. A missing file is fine unless MUST_EXIST (--config);
 * then, or when it cannot be read, -1 with one line in ERR. Bad lines go
 * to WARN, one each ("pktop: FILE:LINE: ...") and are skipped. */
int settings_load(struct settings *s, const char *path, bool must_exist,
		  FILE *warn, char *err, size_t errlen);

/* Write S to S->path (its directory made if missing; replaced whole
 * through a temporary file). 0, or -1 with one line in ERR. */
int settings_write(const struct settings *s, char *err, size_t errlen);

/* Names as the file spells them; NULL / SETTINGS_UNSET when unknown. */
const char *settings_view_name(int view);
const char *settings_sort_name(int sort);
const char *settings_theme_name(int theme);
int settings_theme_from_name(const char *name);
/* A sort key by name: rate2s (or 2s), rate10s (10s), rate40s (40s),
 * bytes, packets, address, first, last, rtt, retr, health. */
int settings_sort_from_name(const char *name);
/* The error text for a name it does not know (translated). */
const char *settings_sort_expected(void);

#endif
