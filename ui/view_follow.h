/*
 * view_follow: `F`, a connection's conversation, reassembled once when it
 * opens (inspect's follow_stored, off the draw path) and shown in one of
 * four modes: ASCII, hex dump, C-escaped raw, one direction only. Node
 * 0's bytes and node 1's are told apart by colour and, for monochrome,
 * by a `>` / `<` line with the byte offset at each turn.
 */
#ifndef PKTOP_UI_VIEW_FOLLOW_H
#define PKTOP_UI_VIEW_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "inspect/inspect.h"
#include "layout.h"
#include "lineedit.h"
#include "model/model.h"
#include "state.h"

struct keylog;

enum view_follow_mode {
	VIEW_FOLLOW_ASCII = 0,
	VIEW_FOLLOW_HEX,
	VIEW_FOLLOW_RAW,     /* C-escaped, UTF-8 shown when it is safe */
	VIEW_FOLLOW_NODE0,   /* ASCII of node 0's bytes only */
	VIEW_FOLLOW_NODE1,
	VIEW_FOLLOW_MODES
};

enum view_follow_kind {
	VIEW_FOLLOW_NOTE = 0, /* what the stream lacks (evicted start...) */
	VIEW_FOLLOW_TURN,     /* > or <, the sender and its byte offset
			       * (off: the chunk, for a QUIC stream) */
	VIEW_FOLLOW_DATA,
	VIEW_FOLLOW_GAP,
};

/* One screen line: bytes [off, off+len) of the follow's data (DATA), a
 * gap's size (GAP: len), a note's index (NOTE: off). */
struct view_follow_line {
	uint8_t kind;
	uint8_t dir;
	size_t off, len;
	uint64_t pos;        /* offset within its direction (TURN, hex) */
};

enum view_follow_edit { VIEW_FOLLOW_EDIT_NONE, VIEW_FOLLOW_EDIT_FIND,
			VIEW_FOLLOW_EDIT_SAVE };

#define VIEW_FOLLOW_NOTES 8

struct view_follow {
	bool open;
	struct follow *f;      /* what is shown */
	struct follow *raw;    /* z: the bytes as captured, while f holds
				* them decoded as HTTP */
	struct model_conn_row conn;
	enum view_follow_mode mode;
	struct view_follow_line *lines;
	size_t nlines, cap;
	int width;             /* the width the lines were cut for */
	size_t top;
	int page;              /* rows of text on screen (set by draw) */
	char notes[VIEW_FOLLOW_NOTES][200];
	int nnotes;
	enum view_follow_edit edit;
	struct lineedit le;
	char find[LINEEDIT_MAX];
	size_t match;          /* the line of the last match; SIZE_MAX none */
	char status[700];      /* what the last key did */
	bool status_error;
	bool copy;             /* y: the screen copies view_follow_text() */
	bool save_pcap;        /* w chose a .pcap name: screen saves packets */
	const struct keylog *keys; /* TLS secrets for QUIC (z), or NULL */
};

void view_follow_init(struct view_follow *v);
void view_follow_free(struct view_follow *v);

/* Reassemble connection CONN from the store (through IN) and open on
 * it. -1 with a message in ERR. */
int view_follow_open(struct view_follow *v, struct model *m,
		     struct inspect *in, const struct model_conn_row *conn,
		     char *err, size_t errlen);
/* Open on an already reassembled follow (tests); V takes F. */
void view_follow_show(struct view_follow *v, struct follow *f,
		      const struct model_conn_row *conn, int width);
void view_follow_close(struct view_follow *v);

/* Keys; UI_ACT_NONE when not its own (q, ?, F1, F10 go on). */
enum ui_action view_follow_key(struct view_follow *v, int key);

/* Line I as shown, into BUF (never an escape sequence). */
void view_follow_line_text(const struct view_follow *v, size_t i, char *buf,
			   size_t size);
/* The lines on screen, joined by line breaks (for y). */
size_t view_follow_text(const struct view_follow *v, char *buf,
			size_t size);
/* Lay the lines out for WIDTH cells in the current mode. */
void view_follow_build(struct view_follow *v, int width);

void view_follow_draw(struct view_follow *v, const struct layout_rect *body);

#endif
