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

/* ---- marks (UI thread) ---- */
/* Toggle SEQ; returns whether it is marked now. */
bool save_mark_toggle(uint64_t seq);
bool save_is_marked(uint64_t seq);
size_t save_marks(void);
/* Marked packets not written to a file since they were marked. */
size_t save_marks_unsaved(void);
void save_marks_free(void);

/* What `w` saves. */
enum save_scope_kind {
	SAVE_MARKED,
	SAVE_CONNECTION,
	SAVE_HOST,
	SAVE_LIST,       /* the packet list as filtered */
};

struct save_scope {
	enum save_scope_kind kind;
	struct model_conn_row conn;  /* SAVE_CONNECTION */
	struct addr host;            /* SAVE_HOST */
};

/* Write the scope's stored packets to PATH (not overwriting a file that
 * exists). 0 with the count in *WRITTEN (and in *SKIPPED packets of
 * another link type than the first, which one pcap file cannot hold), or
 * -1 with a message in ERR. */
int save_packets(struct model *m, const struct save_scope *scope,
		 const char *path, size_t *written, size_t *skipped, char *err,
		 size_t errlen);

/* The table of VIEW to PATH: JSON when it ends in .json, CSV otherwise. */
int save_export(struct model *m, enum ui_view_id view, const char *path,
		char *err, size_t errlen);

/* A default file name: "pktop-WHAT-YYYYmmdd-HHMMSS.EXT". */
void save_default_name(const char *what, const char *ext, char *out,
		       size_t size);

#endif
