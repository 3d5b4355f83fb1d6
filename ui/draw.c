/*
 * draw: width-aware, control-safe text output over escape.h's terminal
 * cell: its policy decides what may reach curses, the locale its width (in
 * a non-UTF-8 locale every byte above 0x7e becomes '?').
 */
#include "config.h"

#include "draw.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "base/text.h"

/* Next character of S: its bytes in *LEN, its cells in *CELLS; false when
 * it must be shown as '?' (escape.h's terminal cell: control, C1, bidi,
 * zero-width, invalid, unprintable in this locale). */
static bool
draw_next(const char *s, size_t *len, int *cells)
{
	bool ok = escape_cell(s, strnlen(s, MB_LEN_MAX), len, cells);

	if (!ok)
		*cells = 1;
	return ok;
}

int
draw_fit(const char *text, int width, char *out, size_t size)
{
	size_t o = 0, len;
	int used = 0, cells;
	bool ok;

	if (size == 0)
		return 0;
	while (text && *text) {
		ok = draw_next(text, &len, &cells);
		if (!ok)
			cells = 1;
		if (used + cells > width)
			break;
		if (ok) {
			if (o + len >= size)
				break;
			memcpy(out + o, text, len);
			o += len;
		} else {
			if (o + 1 >= size)
				break;
			out[o++] = '?';
		}
		used += cells;
		text += len;
	}
	out[o] = '\0';
	return used;
}

int
draw_width(const char *text)
{
	size_t len;
	int used = 0, cells;

	while (text && *text) {
		if (!draw_next(text, &len, &cells))
			cells = 1;
		used += cells;
		text += len;
	}
	return used;
}

void
draw_blank(int y, int x, int w, attr_t attr)
{
	if (w <= 0)
		return;
	attrset(attr);
	mvhline(y, x, ' ', w);
	attrset(A_NORMAL);
}

int
draw_str(int y, int x, int w, const char *text, attr_t attr)
{
	char buf[1024];
	int used;

	if (w <= 0)
		return 0;
	used = draw_fit(text, w, buf, sizeof(buf));
	attrset(attr);
	mvaddstr(y, x, buf);
	attrset(A_NORMAL);
	return used;
}

int
draw_text(int y, int x, int w, const char *text, attr_t attr, bool right)
{
	char buf[1024];
	int used;

	if (w <= 0)
		return 0;
	used = draw_fit(text, w, buf, sizeof(buf));
	draw_blank(y, x, w, attr);
	attrset(attr);
	mvaddstr(y, right ? x + w - used : x, buf);
	attrset(A_NORMAL);
	return used;
}

/* Bytes of TEXT's first WIDTH cells (whole characters). */
static size_t
draw_prefix(const char *text, int width)
{
	size_t o = 0, len;
	int used = 0, cells;

	while (text[o]) {
		if (!draw_next(text + o, &len, &cells))
			cells = 1;
		if (used + cells > width)
			break;
		used += cells;
		o += len;
	}
	return o;
}

/* Bytes where TEXT's last WIDTH cells start. */
static size_t
draw_suffix(const char *text, int width)
{
	size_t o = 0, len, n = strlen(text);
	int total = draw_width(text), used = 0, cells;

	/* walk forward (UTF-8 cannot be walked back safely on bad input)
	 * until what is left fits */
	while (text[o] && total - used > width) {
		if (!draw_next(text + o, &len, &cells))
			cells = 1;
		used += cells;
		o += len;
	}
	return o < n ? o : n;
}

/* Where the port of "host:port" or "[v6]:port" starts (its ':'), or
 * NULL when TEXT has none (an address alone, a bare IPv6 address). */
static const char *
draw_port(const char *text)
{
	const char *c = strrchr(text, ':');

	if (!c || c == text || !c[1])
		return NULL;
	if (text[0] == '[')
		return c[-1] == ']' ? c - 1 : NULL;
	/* one colon: host:port; more: a bare IPv6 address */
	return strchr(text, ':') == c ? c : NULL;
}

int
draw_cut(const char *text, int width, int how, const char *mark, char *out,
	 size_t size, bool *cut)
{
	char head[1024], tmp[2100];
	const char *port = NULL;
	int mw = draw_width(mark), tail, hw;
	size_t hb, tb;

	if (cut)
		*cut = false;
	if (size == 0)
		return 0;
	if (!text)
		text = "";
	if (draw_width(text) <= width || width <= 0)
		return draw_fit(text, width, out, size);
	if (cut)
		*cut = true;
	if (mw >= width)
		return draw_fit(mark, width, out, size);
	if (how == DRAW_CUT_ENDPOINT) {
		port = draw_port(text);
		/* the port (with "]:" for IPv6) and a cell of host at least;
		 * else the end goes; no port at all: an address's middle */
		if (port && draw_width(port) + mw + 1 > width)
			how = DRAW_CUT_END;
		else if (!port)
			how = DRAW_CUT_MIDDLE;
	}
	if (how == DRAW_CUT_MIDDLE || how == DRAW_CUT_ENDPOINT) {
		/* head + mark + tail (+ port): the tail keeps an address's
		 * last group, which is what tells neighbours apart */
		size_t hostlen = port ? (size_t)(port - text) : strlen(text);
		int room = width - mw - (port ? draw_width(port) : 0);

		if (hostlen >= sizeof(head))
			hostlen = sizeof(head) - 1;
		memcpy(head, text, hostlen);
		head[hostlen] = '\0';
		tail = room / 2;
		hw = room - tail;
		hb = draw_prefix(head, hw);
		tb = draw_suffix(head, tail);
		if (tb < hb)
			tb = hb;
		snprintf(tmp, sizeof(tmp), "%.*s%s%s%s", (int)hb, head, mark,
			 head + tb, port ? port : "");
		return draw_fit(tmp, width, out, size);
	}
	hb = draw_prefix(text, width - mw);
	if (hb > 1024)
		hb = 1024;
	snprintf(tmp, sizeof(tmp), "%.*s%s", (int)hb, text, mark);
	return draw_fit(tmp, width, out, size);
}

int
draw_skip(const char *text, int cells, const char *mark, char *out,
	  size_t size)
{
	char tmp[2100];
	size_t o = 0, len;
	int used = 0, c, mw = draw_width(mark);

	if (size == 0)
		return 0;
	if (!text)
		text = "";
	if (cells <= 0 || !text[0])
		return draw_fit(text, INT_MAX, out, size);
	/* whole characters: one across the edge goes with the cut */
	while (text[o] && used < cells + mw) {
		if (!draw_next(text + o, &len, &c))
			c = 1;
		used += c;
		o += len;
	}
	snprintf(tmp, sizeof(tmp), "%s%s", mark, text + o);
	return draw_fit(tmp, INT_MAX, out, size);
}

int
draw_items(const char *items, int width, const char *mark, char *out,
	   size_t size)
{
	char item[1024], tmp[2100], cut[1024];
	int used = 0, mw = draw_width(mark), iw, sep;
	size_t o = 0, len;

	if (size == 0)
		return 0;
	out[0] = '\0';
	while (items && *items) {
		const char *end = strchr(items, '\n');
		bool more;

		len = end ? (size_t)(end - items) : strlen(items);
		snprintf(item, sizeof(item), "%.*s", (int)len, items);
		items += len + (end ? 1 : 0);
		more = *items != '\0';
		sep = used ? 2 : 0;
		iw = draw_width(item);
		/* whole, with room for "  …" when more follow */
		if (used + sep + iw + (more ? 2 + mw : 0) <= width) {
			snprintf(tmp, sizeof(tmp), "%s%s", sep ? "  " : "",
				 item);
			used += draw_fit(tmp, width - used, out + o, size - o);
			o = strlen(out);
			continue;
		}
		if (used == 0 || iw > width) {
			/* it alone leaves no room: its end goes, at least a
			 * cell of it, so the mark says more follows */
			int room = width - used - sep;

			draw_cut(item, iw <= room ? iw - 1 : room, DRAW_CUT_END,
				 mark, cut, sizeof(cut), NULL);
			snprintf(tmp, sizeof(tmp), "%s%s", sep ? "  " : "",
				 cut);
		} else {
			snprintf(tmp, sizeof(tmp), "  %s", mark);
		}
		used += draw_fit(tmp, width - used, out + o, size - o);
		break;
	}
	return used;
}
