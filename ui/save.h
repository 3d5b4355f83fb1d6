/*
 * save: keeping evidence from the UI. `m` marks packets, `w` saves the
 * packets in scope (the marked ones, else the selected connection's or
 * host's, else the filtered packet list) to a pcap file Wireshark opens,
 * `e` exports the table on screen as CSV or JSON (the batch fields).
 */
#ifndef PKTOP_UI_SAVE_H
#define PKTOP_UI_SAVE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"
#include "state.h"
#include "view.h"

/* ---- marks (UI thread; the screen owns them) ---- */
/* Marked sequence numbers, ascending. */
struct save_marks {
	uint64_t *seq;
	size_t n, cap;
	size_t unsaved;  /* marked since the last save of the marks */
};

/* Toggle SEQ; returns whether it is marked now. */
bool save_mark_toggle(struct save_marks *mk, uint64_t seq);
bool save_is_marked(const struct save_marks *mk, uint64_t seq);
void save_marks_free(struct save_marks *mk);

/* What `w` saves. */
enum save_scope_kind {
	SAVE_MARKED,
	SAVE_CONNECTION,
	SAVE_HOST,
	SAVE_LIST,       /* the packet list as filtered */
};

struct save_scope {
	enum save_scope_kind kind;
	uint64_t conn_id;                     /* SAVE_CONNECTION */
	struct addr host;                     /* SAVE_HOST */
	struct save_marks *marks;             /* SAVE_MARKED */
	const struct view_packets_list *list; /* SAVE_LIST */
};

/* Write the scope's stored packets to PATH through IN (not overwriting
 * a file that exists). 0 with the count in *WRITTEN (and in *SKIPPED
 * packets of another link type than the first, which one pcap file
 * cannot hold), or -1 with a message in ERR. Saved marks count as saved. */
int save_packets(struct inspect *in, const struct save_scope *scope,
		 const char *path, size_t *written, size_t *skipped, char *err,
		 size_t errlen);

/* The table of VIEW to PATH: JSON when it ends in .json, CSV otherwise. */
int save_export(struct model *m, enum ui_view_id view, const char *path,
		char *err, size_t errlen);

/* A default file name: "pktop-WHAT-YYYYmmdd-HHMMSS.EXT". */
void save_default_name(const char *what, const char *ext, char *out,
		       size_t size);

#endif
