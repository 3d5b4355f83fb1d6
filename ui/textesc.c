/*
 * textesc: escaping for display. UTF-8 is checked by hand (RFC 3629:
 * no overlongs, no surrogates, nothing above U+10FFFF) so the result does
 * not depend on the locale; C1 controls (U+0080..U+009F) are escaped too,
 * since some terminals act on them.
 */
#include "config.h"

#include "textesc.h"

#include <stdint.h>
#include <stdio.h>

/* Length of the valid UTF-8 sequence at S (N bytes left), or 0. */
static size_t
textesc_utf8_len(const unsigned char *s, size_t n)
{
	uint32_t cp;
	size_t len, i;

	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff ||
	    (cp >= 0x80 && cp <= 0x9f))
		return 0;
	return len;
}

size_t
textesc_escape(const char *s, size_t n, char *out, size_t size)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, o = 0, len;

	if (size == 0)
		return 0;
	while (i < n) {
		if (p[i] >= 0x20 && p[i] < 0x7f && p[i] != '\\') {
			if (o + 1 >= size)
				break;
			out[o++] = (char)p[i++];
			continue;
		}
		if (p[i] == '\\') {
			if (o + 2 >= size)
				break;
			out[o++] = '\\';
			out[o++] = '\\';
			i++;
			continue;
		}
		len = p[i] >= 0x80 ? textesc_utf8_len(p + i, n - i) : 0;
		if (len) {
			if (o + len >= size)
				break;
			while (len--)
				out[o++] = (char)p[i++];
			continue;
		}
		if (o + 4 >= size)
			break;
		snprintf(out + o, size - o, "\\x%02x", p[i++]);
		o += 4;
	}
	out[o] = '\0';
	return o;
}
