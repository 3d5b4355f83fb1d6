/*
 * draw: width-aware, control-safe text output over escape.h's terminal
 * cell: its policy decides what may reach curses, the locale its width (in
 * a non-UTF-8 locale every byte above 0x7e becomes '?').
 */
#include "config.h"

#include "draw.h"

#include <limits.h>
#include <string.h>

#include "base/escape.h"

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
