/*
 * view_follow: the Follow view. The conversation is reassembled once per
 * open (follow_stored copies each packet out under a brief hold and works
 * without the lock); the lines are an index into its bytes, laid out again
 * only when the mode or the width changes, so drawing costs the rows on
 * screen. What a line shows is printable ASCII, or escape.h's C escapes:
 * no byte of a stream reaches the terminal as itself otherwise.
 */
#include "config.h"

#include "view_follow.h"

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "base/text.h"
#include "base/i18n.h"
#include "draw.h"
#include "save.h"
#include "theme.h"

#define KEY_ESC 27
#define VIEW_FOLLOW_HEX_WIDTH 77 /* tshark's hex line */

static const char *const view_follow_mode_names[VIEW_FOLLOW_MODES] = {
	N_("ASCII"), N_("hex"), N_("raw, C-escaped"), N_("node 0 only"),
	N_("node 1 only"),
};

void
view_follow_init(struct view_follow *v)
{
	memset(v, 0, sizeof(*v));
	lineedit_init(&v->le);
	v->match = SIZE_MAX;
}

void
view_follow_close(struct view_follow *v)
{
	follow_free(v->f);
	v->f = NULL;
	follow_free(v->raw);
	v->raw = NULL;
	v->open = false;
	v->edit = VIEW_FOLLOW_EDIT_NONE;
	v->nlines = 0;
}

void
view_follow_free(struct view_follow *v)
{
	view_follow_close(v);
	free(v->lines);
	v->lines = NULL;
	v->cap = 0;
}

static void
view_follow_add(struct view_follow *v, uint8_t kind, uint8_t dir, size_t off,
		size_t len, uint64_t pos)
{
	struct view_follow_line *l;

	if (v->nlines == v->cap) {
		size_t cap = v->cap ? v->cap * 2 : 256;

		l = realloc(v->lines, cap * sizeof(*l));
		if (l == NULL)
			return; /* the view ends there */
		v->lines = l;
		v->cap = cap;
	}
	l = &v->lines[v->nlines++];
	l->kind = kind;
	l->dir = dir;
	l->off = off;
	l->len = len;
	l->pos = pos;
}

static void
view_follow_notes(struct view_follow *v)
{
	const struct follow *f = v->f;
	char a[32], b[32];

	v->nnotes = 0;
#define NOTE(...)                                                          \
	do {                                                               \
		if (v->nnotes < VIEW_FOLLOW_NOTES)                         \
			snprintf(v->notes[v->nnotes++], sizeof(v->notes[0]), \
				 __VA_ARGS__);                             \
	} while (0)
	if (f->evicted_packets) {
		units_bytes(f->evicted_bytes, a, sizeof(a));
		NOTE(_("stream begins %s in: the first %llu packets are no "
		       "longer stored"),
		     a, (unsigned long long)f->evicted_packets);
	}
	for (int d = 0; d < 2; d++) {
		if (f->truncated[d]) {
			units_bytes(f->truncated[d], b,
					   sizeof(b));
			NOTE(_("[truncated by snap length: %s of node %d's "
			       "bytes not captured]"),
			     b, d);
		}
	}
	if (f->capped)
		NOTE(_("[stopped at %u MiB, the cap of one follow: the rest "
		       "is not shown]"),
		     FOLLOW_CAP_BYTES >> 20);
	if (f->dropped_waiting)
		NOTE(_("[%llu out-of-order segments left out]"),
		     (unsigned long long)f->dropped_waiting);
	if (f->quic) {
		NOTE(_("QUIC: %u Initial packets decrypted (keys from the "
		       "client's Destination Connection ID): CRYPTO data "
		       "(z: the datagrams)"),
		     (unsigned)f->quic_initial_opened);
		if (f->quic_keyed_opened)
			NOTE(_("QUIC: %u Handshake, 0-RTT and 1-RTT packets "
			       "decrypted with the TLS key log: CRYPTO and "
			       "STREAM data, %u streams"),
			     (unsigned)f->quic_keyed_opened,
			     (unsigned)f->quic_streams);
		if (f->quic_no_keylog)
			NOTE(_("[no STREAM data: no TLS secrets (--tls-keylog "
			       "FILE, or a pcapng with them): %u packets "
			       "not opened]"),
			     (unsigned)f->quic_no_keylog);
		if (f->quic_no_secret)
			NOTE(_("[%u packets not opened: the key log has no "
			       "secret for this connection]"),
			     (unsigned)f->quic_no_secret);
		if (f->quic_suite || f->quic_keyed_failed)
			NOTE(_("[%u packets not opened: another cipher "
			       "suite, or the keys did not verify]"),
			     (unsigned)(f->quic_suite + f->quic_keyed_failed));
		if (f->quic_initial_failed)
			NOTE(_("[%u Initial packets not opened]"),
			     (unsigned)f->quic_initial_failed);
	}
	if (f->http) {
		NOTE("%s", _("HTTP/1.x: chunked bodies joined, gzip and "
			     "deflate decompressed (z: as captured)"));
		if (f->http_bad_coding)
			NOTE(_("[%u bodies with bad gzip, deflate or chunked "
			       "data: shown as captured from the fault]"),
			     (unsigned)f->http_bad_coding);
		if (f->http_unsupported)
			NOTE(_("[%u bodies in a coding other than gzip or "
			       "deflate: shown as captured]"),
			     (unsigned)f->http_unsupported);
		if (f->http_bombs)
			NOTE(_("[%u bodies cut at %u MiB decompressed (a "
			       "guard against decompression bombs)]"),
			     (unsigned)f->http_bombs,
			     FOLLOW_HTTP_BODY_CAP >> 20);
		if (f->http_incomplete)
			NOTE(_("[%u messages end with the capture: shown as "
			       "far as they go]"),
			     (unsigned)f->http_incomplete);
		if (f->http_raw_dirs)
			NOTE("%s", _("[bytes that are not HTTP/1.x (or follow "
				     "a gap): shown as captured]"));
	}
	if (f->nchunks == 0)
		NOTE("%s", f->l4 == 6 || f->l4 == 17
				   ? _("no payload in the stored packets")
				   : _("Follow shows TCP and UDP "
				       "conversations only"));
#undef NOTE
}

/* ASCII-like modes: a line per line break, cut at WIDTH. */
static void
view_follow_lay_text(struct view_follow *v, uint8_t dir, size_t off,
		     size_t end, uint64_t pos, int width)
{
	const uint8_t *p = v->f->data;
	size_t s = off;

	for (size_t k = off; k < end; k++) {
		if (p[k] == '\n') {
			size_t e = k > s && p[k - 1] == '\r' ? k - 1 : k;

			view_follow_add(v, VIEW_FOLLOW_DATA, dir, s, e - s,
					pos + (s - off));
			s = k + 1;
		} else if (k - s >= (size_t)width) {
			view_follow_add(v, VIEW_FOLLOW_DATA, dir, s, k - s,
					pos + (s - off));
			s = k;
		}
	}
	if (s < end)
		view_follow_add(v, VIEW_FOLLOW_DATA, dir, s, end - s,
				pos + (s - off));
}

/* Raw: C-escaped, a line per line break, cut where the escaped text
 * reaches WIDTH. */
static void
view_follow_lay_raw(struct view_follow *v, uint8_t dir, size_t off,
		    size_t end, uint64_t pos, int width)
{
	const uint8_t *p = v->f->data;
	size_t s = off, k = off, cells = 0;

	while (k < end) {
		enum escape_kind kind;
		unsigned cp;
		size_t n = escape_next(p + k, end - k, &cp, &kind), c;

		if (kind == ESCAPE_SHOWN) {
			c = 1;
		} else {
			char tmp[32];

			c = escape_to_buf((const char *)p + k, n,
					  ESCAPE_SINK_C, ESCAPE_C_NAMED, tmp,
					  sizeof(tmp));
		}
		if (cells + c > (size_t)width && k > s) {
			view_follow_add(v, VIEW_FOLLOW_DATA, dir, s, k - s,
					pos + (s - off));
			s = k;
			cells = 0;
		}
		cells += c;
		k += n;
		if (p[k - n] == '\n') {
			view_follow_add(v, VIEW_FOLLOW_DATA, dir, s, k - s,
					pos + (s - off));
			s = k;
			cells = 0;
		}
	}
	if (s < end)
		view_follow_add(v, VIEW_FOLLOW_DATA, dir, s, end - s,
				pos + (s - off));
}

void
view_follow_build(struct view_follow *v, int width)
{
	const struct follow *f = v->f;
	int prev = -1;
	int64_t prev_stream = FOLLOW_STREAM_NONE;

	v->nlines = 0;
	v->width = width;
	v->match = SIZE_MAX;
	if (f == NULL)
		return;
	if (width < 8)
		width = 8;
	for (int i = 0; i < v->nnotes; i++)
		view_follow_add(v, VIEW_FOLLOW_NOTE, 0, (size_t)i, 0, 0);
	for (size_t i = 0; i < f->nchunks;) {
		const struct follow_chunk *c = &f->chunks[i];
		size_t j = i, end;

		if ((v->mode == VIEW_FOLLOW_NODE0 && c->dir != 0) ||
		    (v->mode == VIEW_FOLLOW_NODE1 && c->dir != 1)) {
			i++;
			continue;
		}
		if (c->dir != prev || c->stream != prev_stream) {
			view_follow_add(v, VIEW_FOLLOW_TURN, c->dir, i, 0,
					c->offset);
			prev = c->dir;
			prev_stream = c->stream;
		}
		if (c->kind == FOLLOW_GAP) {
			view_follow_add(v, VIEW_FOLLOW_GAP, c->dir, 0, c->len,
					c->offset);
			i++;
			continue;
		}
		/* a turn's pieces lie one after the other in the data */
		end = c->data + c->len;
		while (j + 1 < f->nchunks &&
		       f->chunks[j + 1].kind == FOLLOW_DATA &&
		       f->chunks[j + 1].dir == c->dir &&
		       f->chunks[j + 1].stream == c->stream &&
		       f->chunks[j + 1].data == end) {
			j++;
			end += f->chunks[j].len;
		}
		switch (v->mode) {
		case VIEW_FOLLOW_HEX:
			for (size_t o = c->data; o < end; o += 16)
				view_follow_add(v, VIEW_FOLLOW_DATA, c->dir, o,
						end - o < 16 ? end - o : 16,
						c->offset + (o - c->data));
			break;
		case VIEW_FOLLOW_RAW:
			view_follow_lay_raw(v, c->dir, c->data, end, c->offset,
					    width);
			break;
		default:
			view_follow_lay_text(v, c->dir, c->data, end,
					     c->offset, width);
			break;
		}
		i = j + 1;
	}
	if (v->top >= v->nlines)
		v->top = v->nlines ? v->nlines - 1 : 0;
}

void
view_follow_show(struct view_follow *v, struct follow *f,
		 const struct model_conn_row *conn, int width)
{
	view_follow_close(v);
	v->f = f;
	v->conn = *conn;
	v->open = true;
	v->top = 0;
	v->find[0] = '\0';
	v->status[0] = '\0';
	view_follow_notes(v);
	view_follow_build(v, width);
}

int
view_follow_open(struct view_follow *v, struct model *m, struct inspect *in,
		 const struct model_conn_row *conn, char *err, size_t errlen)
{
	struct follow *f;

	if (conn->l4 != 6 && conn->l4 != 17) {
		snprintf(err, errlen, "%s",
			 _("Follow shows TCP and UDP conversations only"));
		return -1;
	}
	f = follow_stored(m, in, conn, err, errlen);
	if (f == NULL)
		return -1;
	view_follow_show(v, f, conn, v->width > 0 ? v->width : 80);
	return 0;
}

static void
view_follow_endpoint(const struct follow *f, int d, char *buf, size_t size)
{
	char a[ADDR_TEXT_MAX];

	addr_format(&f->node[d], a, sizeof(a));
	snprintf(buf, size, f->node[d].family == 6 ? "[%s]:%u" : "%s:%u", a,
		 (unsigned)f->port[d]);
}

/* A QUIC turn says which stream (or CRYPTO level) follows. */
static void
view_follow_quic_turn(const struct view_follow *v,
		      const struct view_follow_line *l, const char *ep,
		      char *buf, size_t size)
{
	int64_t s = v->f->chunks[l->off].stream;
	const char *dir = l->dir ? "<" : ">";
	unsigned long long pos = (unsigned long long)l->pos;

	if (s >= 0)
		snprintf(buf, size, _("%s node %d %s, stream %lld, byte %llu"),
			 dir, l->dir, ep, (long long)s, pos);
	else
		snprintf(buf, size, _("%s node %d %s, CRYPTO (%s), byte %llu"),
			 dir, l->dir, ep,
			 s == FOLLOW_CRYPTO_INITIAL     ? "Initial"
			 : s == FOLLOW_CRYPTO_HANDSHAKE ? "Handshake"
							: "1-RTT",
			 pos);
}

void
view_follow_line_text(const struct view_follow *v, size_t i, char *buf,
		      size_t size)
{
	const struct view_follow_line *l = &v->lines[i];
	const uint8_t *p = v->f->data + l->off;
	char ep[ADDR_TEXT_MAX + 8];
	size_t n = 0;

	buf[0] = '\0';
	switch (l->kind) {
	case VIEW_FOLLOW_NOTE:
		snprintf(buf, size, "%s", v->notes[l->off]);
		return;
	case VIEW_FOLLOW_TURN:
		view_follow_endpoint(v->f, l->dir, ep, sizeof(ep));
		if (v->f->quic && l->off < v->f->nchunks) {
			view_follow_quic_turn(v, l, ep, buf, size);
			return;
		}
		snprintf(buf, size, _("%s node %d %s, byte %llu"),
			 l->dir ? "<" : ">", l->dir, ep,
			 (unsigned long long)l->pos);
		return;
	case VIEW_FOLLOW_GAP:
		snprintf(buf, size, _("[%zu bytes missing]"), l->len);
		return;
	default:
		break;
	}
	switch (v->mode) {
	case VIEW_FOLLOW_HEX:
		if (size < 80)
			return;
		memset(buf, ' ', VIEW_FOLLOW_HEX_WIDTH);
		snprintf(buf, 11, "%08llx", (unsigned long long)l->pos);
		buf[8] = ' ';
		for (size_t j = 0; j < l->len && j < 16; j++) {
			static const char hex[] = "0123456789abcdef";
			size_t h = 10 + 3 * j + (j >= 8), a = 60 + j + (j >= 8);

			buf[h] = hex[p[j] >> 4];
			buf[h + 1] = hex[p[j] & 15];
			buf[a] = escape_ascii_dot(p[j]);
			n = a + 1;
		}
		buf[n] = '\0';
		return;
	case VIEW_FOLLOW_RAW:
		escape_to_buf((const char *)p, l->len, ESCAPE_SINK_C,
			      ESCAPE_C_NAMED, buf, size);
		return;
	default:
		for (size_t j = 0; j < l->len && n + 1 < size; j++)
			buf[n++] = p[j] == '\t' ? ' ' : escape_ascii_dot(p[j]);
		buf[n] = '\0';
		return;
	}
}

size_t
view_follow_text(const struct view_follow *v, char *buf, size_t size)
{
	char line[1024];
	size_t n = 0;

	if (size == 0)
		return 0;
	buf[0] = '\0';
	for (size_t i = v->top; i < v->nlines && i < v->top + (size_t)v->page;
	     i++) {
		size_t k;

		view_follow_line_text(v, i, line, sizeof(line));
		k = strlen(line);
		if (n + k + 2 > size)
			break;
		memcpy(buf + n, line, k);
		n += k;
		buf[n++] = '\n';
		buf[n] = '\0';
	}
	return n;
}

/* ---- keys ---- */

static size_t
view_follow_last_top(const struct view_follow *v)
{
	size_t page = v->page > 0 ? (size_t)v->page : 1;

	return v->nlines > page ? v->nlines - page : 0;
}

static void
view_follow_scroll(struct view_follow *v, long delta)
{
	size_t last = view_follow_last_top(v);

	if (delta < 0 && (size_t)-delta > v->top)
		v->top = 0;
	else
		v->top = (size_t)((long)v->top + delta);
	if (v->top > last)
		v->top = last;
}

/* The next line at or after FROM (wrapping) whose text holds the find
 * text, case-insensitively. */
static void
view_follow_search(struct view_follow *v, size_t from)
{
	char line[1024];
	size_t flen = strlen(v->find);

	if (flen == 0 || v->nlines == 0)
		return;
	for (size_t k = 0; k < v->nlines; k++) {
		size_t i = (from + k) % v->nlines;

		view_follow_line_text(v, i, line, sizeof(line));
		for (size_t j = 0; line[j] && strlen(line + j) >= flen; j++)
			if (strncasecmp(line + j, v->find, flen) == 0) {
				v->match = i;
				v->top = i;
				if (v->top > view_follow_last_top(v))
					v->top = view_follow_last_top(v);
				snprintf(v->status, sizeof(v->status),
					 _("found at line %zu of %zu"), i + 1,
					 v->nlines);
				v->status_error = false;
				return;
			}
	}
	v->match = SIZE_MAX;
	snprintf(v->status, sizeof(v->status), "%s", _("not found"));
	v->status_error = true;
}

static enum ui_action
view_follow_save(struct view_follow *v)
{
	const char *name = v->le.buf;
	size_t n = strlen(name), written;
	unsigned dirs = v->mode == VIEW_FOLLOW_NODE0   ? 1u
			: v->mode == VIEW_FOLLOW_NODE1 ? 2u
						       : 3u;
	char err[600];

	if (n == 0)
		return UI_ACT_REDRAW;
	if (n > 5 && strcmp(name + n - 5, ".pcap") == 0) {
		/* the connection's packets: the screen saves them */
		v->save_pcap = true;
		return UI_ACT_SAVE;
	}
	/* the user typed this name: its directory may take a new file
	 * (the privileged helper's rule after the drop, in follow_save_raw) */
	if (follow_save_raw(v->f, dirs, name, &written, err, sizeof(err)) <
	    0) {
		snprintf(v->status, sizeof(v->status), "%s", err);
		v->status_error = true;
		return UI_ACT_REDRAW;
	}
	v->edit = VIEW_FOLLOW_EDIT_NONE;
	snprintf(v->status, sizeof(v->status),
		 dirs == 3 ? _("saved %zu bytes of both directions to %s")
			   : _("saved %zu bytes of one direction to %s"),
		 written, name);
	v->status_error = false;
	return UI_ACT_REDRAW;
}

static enum ui_action
view_follow_edit_key(struct view_follow *v, int key)
{
	switch (lineedit_key(&v->le, key)) {
	case LINEEDIT_CONTINUE:
		return UI_ACT_REDRAW;
	case LINEEDIT_CANCEL:
		v->edit = VIEW_FOLLOW_EDIT_NONE;
		return UI_ACT_REDRAW;
	case LINEEDIT_ACCEPT:
		if (v->edit == VIEW_FOLLOW_EDIT_SAVE)
			return view_follow_save(v);
		lineedit_history_add(&v->le, v->le.buf);
		snprintf(v->find, sizeof(v->find), "%s", v->le.buf);
		v->edit = VIEW_FOLLOW_EDIT_NONE;
		view_follow_search(v, v->top);
		return UI_ACT_REDRAW;
	}
	return UI_ACT_REDRAW;
}

/* z: HTTP bodies decoded (chunked joined, gzip and deflate
 * decompressed), or back to the bytes as captured. */
static void
view_follow_http(struct view_follow *v)
{
	struct follow *dec;

	if (v->raw != NULL) {
		follow_free(v->f);
		v->f = v->raw;
		v->raw = NULL;
		snprintf(v->status, sizeof(v->status), "%s",
			 _("HTTP: the bytes as captured"));
	} else if (v->f->l4 != 6 && v->f->l4 != 17) {
		snprintf(v->status, sizeof(v->status), "%s",
			 _("HTTP decoding is for TCP conversations"));
		v->status_error = true;
		return;
	} else if ((dec = v->f->l4 == 17 ? follow_quic_decode(v->f, v->keys)
					 : follow_http_decode(v->f, 0)) ==
		   NULL) {
		snprintf(v->status, sizeof(v->status), "%s",
			 _("out of memory"));
		v->status_error = true;
		return;
	} else {
		v->raw = v->f;
		v->f = dec;
		snprintf(v->status, sizeof(v->status), "%s",
			 dec->quic ? _("QUIC: CRYPTO and STREAM data decrypted")
				   : _("HTTP: bodies decoded"));
	}
	v->status_error = false;
	v->top = 0;
	v->match = SIZE_MAX;
	view_follow_notes(v);
	view_follow_build(v, v->width);
}

enum ui_action
view_follow_key(struct view_follow *v, int key)
{
	size_t page = v->page > 0 ? (size_t)v->page : 1;
	char name[256];

	if (v->edit != VIEW_FOLLOW_EDIT_NONE)
		return view_follow_edit_key(v, key);
	v->status[0] = '\0';
	switch (key) {
	case 'q':
	case 'Q':
	case '?':
	case KEY_F(1):
	case KEY_F(10):
		return UI_ACT_NONE;
	case KEY_ESC:
	case KEY_LEFT:
	case KEY_BACKSPACE:
		view_follow_close(v);
		return UI_ACT_CLOSE;
	case KEY_UP:
	case 'k':
		view_follow_scroll(v, -1);
		break;
	case KEY_DOWN:
	case 'j':
		view_follow_scroll(v, 1);
		break;
	case KEY_PPAGE:
		view_follow_scroll(v, -(long)page);
		break;
	case KEY_NPAGE:
	case ' ':
		view_follow_scroll(v, (long)page);
		break;
	case KEY_HOME:
	case 'g':
		v->top = 0;
		break;
	case KEY_END:
	case 'G':
		v->top = view_follow_last_top(v);
		break;
	case '\t':
	case 'v':
		v->mode = (enum view_follow_mode)((v->mode + 1) %
						  VIEW_FOLLOW_MODES);
		v->top = 0;
		view_follow_build(v, v->width);
		snprintf(v->status, sizeof(v->status), _("mode: %s"),
			 _(view_follow_mode_names[v->mode]));
		break;
	case '/':
		v->edit = VIEW_FOLLOW_EDIT_FIND;
		lineedit_start(&v->le, v->find);
		break;
	case 'n':
		if (!v->find[0]) {
			snprintf(v->status, sizeof(v->status), "%s",
				 _("nothing to find: / first"));
			v->status_error = true;
			break;
		}
		view_follow_search(v, v->match == SIZE_MAX ? v->top
							   : v->match + 1);
		break;
	case 'z':
		view_follow_http(v);
		break;
	case 'w':
		save_default_name("stream", "bin", name, sizeof(name));
		v->edit = VIEW_FOLLOW_EDIT_SAVE;
		lineedit_start(&v->le, name);
		break;
	case 'y':
		v->copy = true;
		return UI_ACT_COPY;
	default:
		break;
	}
	return UI_ACT_REDRAW;
}

/* ---- drawing ---- */

static attr_t
view_follow_attr(const struct view_follow_line *l)
{
	if (l->kind == VIEW_FOLLOW_NOTE)
		return theme_attr(THEME_ERROR);
	if (l->kind == VIEW_FOLLOW_GAP)
		return theme_attr(THEME_ERROR);
	return theme_attr(l->dir ? THEME_SERVER : THEME_CLIENT) |
	       (l->kind == VIEW_FOLLOW_TURN ? A_BOLD : 0);
}

void
view_follow_draw(struct view_follow *v, const struct layout_rect *body)
{
	char line[1024], a[ADDR_TEXT_MAX + 8], b[ADDR_TEXT_MAX + 8];
	int rows = body->h - 2, y;

	if (body->h < 3 || v->f == NULL)
		return;
	if (body->w != v->width)
		view_follow_build(v, body->w);
	v->page = rows;
	view_follow_endpoint(v->f, 0, a, sizeof(a));
	view_follow_endpoint(v->f, 1, b, sizeof(b));
	snprintf(line, sizeof(line),
		 _("Follow %s %s > %s  [%s]  line %zu/%zu"),
		 v->f->http   ? "HTTP"
		 : v->f->quic ? "QUIC"
		 : v->f->l4 == 17 ? "UDP"
				  : "TCP", v->f->have_nodes ? a : "-",
		 v->f->have_nodes ? b : "-",
		 _(view_follow_mode_names[v->mode]),
		 v->nlines ? v->top + 1 : 0, v->nlines);
	draw_text(body->y, body->x, body->w, line, theme_attr(THEME_COLHDR),
		  false);
	for (y = 0; y < rows; y++) {
		size_t i = v->top + (size_t)y;
		attr_t at;

		if (i >= v->nlines) {
			draw_blank(body->y + 1 + y, body->x, body->w,
				   theme_attr(THEME_NORMAL));
			continue;
		}
		view_follow_line_text(v, i, line, sizeof(line));
		at = i == v->match ? theme_attr(THEME_HIGHLIGHT)
				   : view_follow_attr(&v->lines[i]);
		draw_text(body->y + 1 + y, body->x, body->w, line, at, false);
	}
	y = body->y + body->h - 1;
	if (v->edit != VIEW_FOLLOW_EDIT_NONE) {
		/* the line is cut to the width anyway */
		snprintf(line, sizeof(line), "%s%.512s",
			 v->edit == VIEW_FOLLOW_EDIT_FIND
				 ? _("find: ")
				 : _("save (.pcap: the packets; else the "
				     "bytes shown): "),
			 v->le.buf);
		draw_text(y, body->x, body->w, line, theme_attr(THEME_NORMAL),
			  false);
	} else if (v->status[0]) {
		draw_text(y, body->x, body->w, v->status,
			  theme_attr(v->status_error ? THEME_ERROR
						     : THEME_NORMAL),
			  false);
	} else {
		draw_text(y, body->x, body->w,
			  _("Tab mode  z HTTP  / find  n next  w save  "
			    "y copy  Esc back"),
			  theme_attr(THEME_DIM), false);
	}
}
