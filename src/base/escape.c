/*
 * escape: a packet cannot move the cursor, retitle the terminal or turn
 * the text around: what is not plain printable text is written out as an
 * escape a person can read.
 */
#include "config.h"

#include "base/escape.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

size_t
escape_utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c, min;
	size_t len, i;

	if (n == 0)
		return 0;
	c = s[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		c &= 0x1f;
		min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		c &= 0x0f;
		min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		return 0; /* continuation byte, C0/C1 lead (overlong), F5..FF */
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

/* Code points that are valid but act on the terminal or the layout:
 * C1 controls, and the bidi embeddings, overrides and isolates that can
 * make text read in a different order than it is stored (CVE-2021-42574). */
static bool
escape_is_control(unsigned cp)
{
	return cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) ||
	       (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e ||
	       cp == 0x200f || cp == 0x061c;
}

size_t
escape_text(const char *s, size_t n, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	char piece[16];
	size_t i = 0, o = 0, len, plen;
	unsigned cp;

	if (size == 0)
		return 0;
	while (i < n) {
		len = escape_utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			plen = (size_t)snprintf(piece, sizeof(piece), "\\x%02x",
						p[i]);
			len = 1;
		} else if (cp == '\\') {
			plen = 2;
			memcpy(piece, "\\\\", 2);
		} else if (escape_is_control(cp)) {
			if (cp < 0x100)
				plen = (size_t)snprintf(piece, sizeof(piece),
							"\\x%02x", cp);
			else
				plen = (size_t)snprintf(piece, sizeof(piece),
							"\\u{%04x}", cp);
		} else {
			plen = len;
			memcpy(piece, p + i, len);
		}
		if (o + plen >= size)
			break;
		memcpy(out + o, piece, plen);
		o += plen;
		i += len;
	}
	out[o] = '\0';
	return o;
}

size_t
escape_cells_fit(const char *s, size_t max, size_t *cells)
{
	size_t off = 0, used = 0, n, len = strlen(s);
	mbstate_t st;
	wchar_t wc;
	int cw;

	memset(&st, 0, sizeof(st));
	while (off < len) {
		n = mbrtowc(&wc, s + off, len - off, &st);
		if (n == (size_t)-1 || n == (size_t)-2) {
			/* not text in this locale: a cell per byte */
			used = len < max ? len : max;
			*cells = used;
			return used;
		}
		cw = wcwidth(wc);
		if (cw < 0)
			cw = 0;
		if (used + (size_t)cw > max)
			break;
		used += (size_t)cw;
		off += n ? n : 1;
	}
	*cells = used;
	return off;
}
