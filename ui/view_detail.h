/*
 * view_detail: the drill-down on one stored packet: its field tree
 * (collapsible, moved through with the arrows) over a hex+ASCII pane in
 * which the selected field's bytes are highlighted, termshark style.
 */
#ifndef PKTOP_UI_VIEW_DETAIL_H
#define PKTOP_UI_VIEW_DETAIL_H

#include <stdbool.h>
#include <stdint.h>

#include "inspect/inspect.h"
#include "layout.h"
#include "model/model.h"
#include "state.h"

#define DETAIL_FRAME_MAX 262144

struct detail {
	uint64_t seq;
	bool loaded;
	struct model_packet hdr;
	uint8_t *frame;            /* DETAIL_FRAME_MAX bytes */
	struct tree tree;
	struct decode_summary sum;
	uint8_t *collapsed;        /* per node */
	int *vis;                  /* visible nodes in order */
	int nvis, cap;
	int sel;                   /* index into vis */
	int top;                   /* first vis row on screen */
	int hex_top;               /* first hex line on screen */
	int page;                  /* tree rows on screen (set by draw) */
	char err[160];
	struct keylog *keylog;       /* TLS secrets (QUIC), or NULL */
	const char *keylog_file;     /* read again at each open */
};

void detail_init(struct detail *d);
void detail_free(struct detail *d);

/* Load packet SEQ from the model and dissect it (APP: the connection's
 * application or PROTO_NONE). -1 with d->err when it has left the store. */
int detail_open(struct detail *d, struct model *m, uint64_t seq,
		unsigned app);

/* Load an already-fetched frame (tests, and detail_open). */
int detail_load(struct detail *d, const struct model_packet *hdr,
		const uint8_t *frame, unsigned app);

/* Keys of the tree pane; UI_ACT_NONE when the key is not its own. */
enum ui_action detail_key(struct detail *d, int key);

/* The selected tree node, or -1. */
int detail_selected(const struct detail *d);

void detail_draw(struct detail *d, const struct layout_rect *body);

#endif
