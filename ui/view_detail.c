/*
 * view_detail: the tree is re-dissected from the stored bytes with
 * decode_tree (the cold path); values in it are already escaped by the
 * tree code, and draw.c filters whatever else could reach the terminal.
 */
#include "config.h"

#include "view_detail.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "format.h"
#include "base/i18n.h"
#include "theme.h"

void
detail_init(struct detail *d)
{
	memset(d, 0, sizeof(*d));
	tree_init(&d->tree);
}

void
detail_free(struct detail *d)
{
	free(d->frame);
	free(d->collapsed);
	free(d->vis);
	tree_free(&d->tree);
	detail_init(d);
}

/* Rebuild the list of visible nodes (pre-order, skipping the children
 * of collapsed ones), keeping the selected node if still visible. */
static void
detail_relist(struct detail *d)
{
	int keep = detail_selected(d), i, n = 0;

	for (i = 0; i < d->tree.count; i++) {
		const struct tree_node *nd = &d->tree.nodes[i];
		int p = nd->parent;
		bool hidden = nd->flags & TREE_FLAG_HIDDEN;

		for (; !hidden && p != TREE_NONE; p = d->tree.nodes[p].parent)
			if (d->collapsed[p]) {
				hidden = true;
				break;
			}
		if (!hidden)
			d->vis[n++] = i;
	}
	d->nvis = n;
	d->sel = 0;
	for (i = 0; i < n; i++)
		if (d->vis[i] == keep)
			d->sel = i;
	/* A collapsed ancestor hid the selection: select that ancestor. */
	if (keep >= 0 && (d->sel >= n || d->vis[d->sel] != keep)) {
		int p = keep;

		while (p != TREE_NONE && p < d->tree.count) {
			for (i = 0; i < n; i++)
				if (d->vis[i] == p) {
					d->sel = i;
					return;
				}
			p = d->tree.nodes[p].parent;
		}
	}
}

/* The tree is in d->tree: start its pane over. */
static int
detail_loaded(struct detail *d)
{
	free(d->collapsed);
	free(d->vis);
	d->collapsed = calloc((size_t)d->tree.count + 1, 1);
	d->vis = calloc((size_t)d->tree.count + 1, sizeof(*d->vis));
	if (!d->collapsed || !d->vis) {
		snprintf(d->err, sizeof(d->err), "%s", _("out of memory"));
		d->loaded = false;
		return -1;
	}
	d->nvis = 0;
	d->sel = d->top = d->hex_top = 0;
	d->loaded = true;
	d->err[0] = '\0';
	detail_relist(d);
	d->sel = 0;
	return 0;
}

static int
detail_frame_alloc(struct detail *d)
{
	if (!d->frame && !(d->frame = malloc(DETAIL_FRAME_MAX))) {
		snprintf(d->err, sizeof(d->err), "%s", _("out of memory"));
		return -1;
	}
	return 0;
}

int
detail_load(struct detail *d, const struct model_packet *hdr,
	    const uint8_t *frame, unsigned app)
{
	size_t caplen = hdr->caplen;

	if (detail_frame_alloc(d) < 0)
		return -1;
	if (caplen > DETAIL_FRAME_MAX)
		caplen = DETAIL_FRAME_MAX;
	if (frame != d->frame)
		memcpy(d->frame, frame, caplen);
	d->hdr = *hdr;
	d->hdr.caplen = (uint32_t)caplen;
	d->seq = hdr->seq;
	tree_reset(&d->tree);
	inspect_dissect_frame(NULL, model_packet_time(hdr), hdr->linktype,
			      d->frame, caplen, hdr->len, app, &d->sum,
			      &d->tree);
	return detail_loaded(d);
}

int
detail_open(struct detail *d, struct model *m, uint64_t seq, unsigned app)
{
	if (detail_frame_alloc(d) < 0)
		return -1;
	if (inspect_dissect(m, seq, app, d->keylog, d->keylog_file, &d->hdr,
			    d->frame, DETAIL_FRAME_MAX, &d->sum,
			    &d->tree) < 0) {
		d->loaded = false;
		snprintf(d->err, sizeof(d->err),
			 _("packet %llu is no longer stored"),
			 (unsigned long long)seq);
		return -1;
	}
	d->seq = seq;
	return detail_loaded(d);
}

int
detail_selected(const struct detail *d)
{
	if (!d->vis || d->sel < 0 || d->sel >= d->nvis)
		return -1;
	return d->vis[d->sel];
}

static void
detail_move(struct detail *d, int delta)
{
	d->sel += delta;
	if (d->sel >= d->nvis)
		d->sel = d->nvis - 1;
	if (d->sel < 0)
		d->sel = 0;
}

enum ui_action
detail_key(struct detail *d, int key)
{
	int node = detail_selected(d), page = d->page > 0 ? d->page : 1;
	const struct tree_node *n = node >= 0 ? &d->tree.nodes[node] : NULL;

	switch (key) {
	case KEY_UP:
	case 'k':
		detail_move(d, -1);
		return UI_ACT_REDRAW;
	case KEY_DOWN:
	case 'j':
		detail_move(d, 1);
		return UI_ACT_REDRAW;
	case KEY_PPAGE:
		detail_move(d, -page);
		return UI_ACT_REDRAW;
	case KEY_NPAGE:
		detail_move(d, page);
		return UI_ACT_REDRAW;
	case KEY_HOME:
	case 'g':
		d->sel = 0;
		return UI_ACT_REDRAW;
	case KEY_END:
	case 'G':
		detail_move(d, d->nvis);
		return UI_ACT_REDRAW;
	case KEY_RIGHT:
	case 'l':
		if (!n || n->first_child == TREE_NONE)
			return UI_ACT_REDRAW;
		if (d->collapsed[node]) {
			d->collapsed[node] = 0;
			detail_relist(d);
		} else {
			detail_move(d, 1);
		}
		return UI_ACT_REDRAW;
	case KEY_LEFT:
	case 'h':
		if (!n)
			return UI_ACT_NONE;
		if (n->first_child != TREE_NONE && !d->collapsed[node]) {
			d->collapsed[node] = 1;
			detail_relist(d);
			return UI_ACT_REDRAW;
		}
		if (n->parent != TREE_NONE) {
			d->collapsed[n->parent] = 1;
			detail_relist(d);
			return UI_ACT_REDRAW;
		}
		/* a closed top-level node: Left goes back (the key map's
		 * Esc), as in a file manager; 'h' stays put */
		return key == KEY_LEFT ? UI_ACT_NONE : UI_ACT_REDRAW;
	case '\n':
	case '\r':
	case KEY_ENTER:
		if (n && n->first_child != TREE_NONE) {
			d->collapsed[node] = !d->collapsed[node];
			detail_relist(d);
		}
		return UI_ACT_REDRAW;
	case '[':
		return UI_ACT_PREV_PACKET;
	case ']':
		return UI_ACT_NEXT_PACKET;
	default:
		return UI_ACT_NONE;
	}
}

static void
detail_draw_info(struct detail *d, const struct layout_rect *r)
{
	char buf[512], when[32];
	int node = detail_selected(d);

	format_clock(model_packet_time(&d->hdr), 6, when, sizeof(when));
	if (node >= 0) {
		const struct tree_node *n = &d->tree.nodes[node];

		snprintf(buf, sizeof(buf),
			 _(" Packet %llu  %s  %u bytes on wire, %u captured  "
			   "| %s  bytes %u-%u (%u)"),
			 (unsigned long long)d->seq, when, d->hdr.len,
			 d->hdr.caplen, n->field ? n->field : "-", n->offset,
			 n->length ? n->offset + n->length - 1 : n->offset,
			 n->length);
	} else {
		snprintf(buf, sizeof(buf),
			 _(" Packet %llu  %s  %u bytes on wire, %u captured"),
			 (unsigned long long)d->seq, when, d->hdr.len,
			 d->hdr.caplen);
	}
	draw_text(r->y, r->x, r->w, buf, theme_attr(THEME_COLHDR), false);
}

static void
detail_draw_tree(struct detail *d, const struct layout_rect *r)
{
	char line[1024];
	int row;

	d->page = r->h;
	if (d->sel < d->top)
		d->top = d->sel;
	if (d->sel >= d->top + r->h)
		d->top = d->sel - r->h + 1;
	if (d->top < 0)
		d->top = 0;
	for (row = 0; row < r->h; row++) {
		int y = r->y + row, vi = d->top + row, node, indent;
		const struct tree_node *n;
		const char *mark;
		attr_t a;

		if (vi >= d->nvis) {
			draw_blank(y, r->x, r->w, A_NORMAL);
			continue;
		}
		node = d->vis[vi];
		n = &d->tree.nodes[node];
		mark = n->first_child == TREE_NONE ? theme.leaf
		       : d->collapsed[node]        ? theme.closed
						   : theme.open;
		indent = n->depth * 2;
		if (indent > 40)
			indent = 40;
		if (n->value && tree_node_text(n)[0] && n->label &&
		    n->label[0])
			snprintf(line, sizeof(line), "%*s%s %s: %s", indent, "",
				 mark, n->label, tree_node_text(n));
		else if (n->value && n->label && !n->label[0])
			/* the value is the whole line */
			snprintf(line, sizeof(line), "%*s%s %s", indent, "",
				 mark, tree_node_text(n));
		else
			snprintf(line, sizeof(line), "%*s%s %s", indent, "", mark,
				 n->label ? n->label : (n->field ? n->field : ""));
		a = vi == d->sel ? theme_attr(THEME_SELECTED)
		    : n->flags & (TREE_FLAG_MALFORMED | TREE_FLAG_TRUNCATED)
			? theme_attr(THEME_ERROR)
		    : n->flags & TREE_FLAG_PROTOCOL ? A_BOLD
						    : A_NORMAL;
		draw_text(y, r->x, r->w, line, a, false);
	}
}

static void
detail_draw_hex(struct detail *d, const struct layout_rect *r, int bpl)
{
	int node = detail_selected(d), lines, row, i;
	uint32_t hl_from = 0, hl_to = 0;
	attr_t hl = theme_attr(THEME_HIGHLIGHT);
	char cell[8];

	if (node >= 0) {
		hl_from = d->tree.nodes[node].offset;
		hl_to = hl_from + d->tree.nodes[node].length;
	}
	lines = (int)((d->hdr.caplen + (uint32_t)bpl - 1) / (uint32_t)bpl);
	/* Keep the start of the highlight in view. */
	if (hl_to > hl_from) {
		int want = (int)(hl_from / (uint32_t)bpl);

		if (want < d->hex_top || want >= d->hex_top + r->h)
			d->hex_top = want - r->h / 3;
	}
	if (d->hex_top > lines - r->h)
		d->hex_top = lines - r->h;
	if (d->hex_top < 0)
		d->hex_top = 0;
	for (row = 0; row < r->h; row++) {
		int y = r->y + row, line = d->hex_top + row, x;
		uint32_t base = (uint32_t)line * (uint32_t)bpl;

		draw_blank(y, r->x, r->w, A_NORMAL);
		if (line >= lines)
			continue;
		snprintf(cell, sizeof(cell), "%04x", base);
		draw_str(y, r->x, 4, cell, theme_attr(THEME_DIM));
		for (i = 0; i < bpl && base + (uint32_t)i < d->hdr.caplen; i++) {
			uint32_t off = base + (uint32_t)i;
			uint8_t b = d->frame[off];
			bool on = off >= hl_from && off < hl_to;

			x = r->x + 6 + i * 3 + (i >= bpl / 2 ? 1 : 0);
			snprintf(cell, sizeof(cell), "%02x", b);
			if (x + 2 > r->x + r->w)
				break;
			draw_str(y, x, 2, cell, on ? hl : A_NORMAL);
			/* Bridge the gap inside a highlighted run. */
			if (on && off + 1 < hl_to && i + 1 < bpl && i + 1 != bpl / 2)
				draw_str(y, x + 2, 1, " ", hl);
			x = r->x + 6 + bpl * 3 + 2 + i;
			if (x >= r->x + r->w)
				continue;
			cell[0] = b >= 0x20 && b < 0x7f ? (char)b : '.';
			cell[1] = '\0';
			draw_str(y, x, 1, cell, on ? hl : A_NORMAL);
		}
	}
}

void
detail_draw(struct detail *d, const struct layout_rect *body)
{
	struct layout_detail ld;
	int row;

	layout_detail(&ld, body, (int)((d->hdr.caplen + 15) / 16));
	if (!d->loaded) {
		for (row = 0; row < body->h; row++)
			draw_blank(body->y + row, body->x, body->w, A_NORMAL);
		draw_text(body->y, body->x, body->w, d->err, theme_attr(THEME_ERROR),
			  false);
		return;
	}
	detail_draw_info(d, &ld.info);
	detail_draw_tree(d, &ld.tree);
	if (ld.hex.x > 0)
		for (row = 0; row < ld.hex.h; row++)
			mvaddstr(ld.hex.y + row, ld.hex.x - 1, "|");
	detail_draw_hex(d, &ld.hex, ld.hex_bytes_per_line);
}
