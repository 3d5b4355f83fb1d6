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

/* Code points shown as escapes, sorted: C0 and DEL are handled before.
 * Bidi embeddings, overrides, isolates and marks can make text read in a
 * different order than it is stored (CVE-2021-42574); zero-width and other
 * format characters (Unicode general category Cf) hide or join text; the
 * line and paragraph separators break a line. */
static const struct {
	unsigned lo, hi;
} escape_refused[] = {
	{ 0x0080, 0x009f },   /* C1 controls (a CSI is U+009B) */
	{ 0x00ad, 0x00ad },   /* soft hyphen */
	{ 0x0600, 0x0605 },   /* Arabic number signs */
	{ 0x061c, 0x061c },   /* Arabic letter mark */
	{ 0x06dd, 0x06dd },
	{ 0x070f, 0x070f },
	{ 0x0890, 0x0891 },
	{ 0x08e2, 0x08e2 },
	{ 0x180e, 0x180e },   /* Mongolian vowel separator */
	{ 0x200b, 0x200f },   /* zero-width space/joiners, LRM, RLM */
	{ 0x2028, 0x202e },   /* line/paragraph separators, embeddings,
				 overrides */
	{ 0x2060, 0x2064 },   /* word joiner, invisible operators */
	{ 0x2066, 0x206f },   /* isolates, deprecated format characters */
	{ 0xfdd0, 0xfdef },   /* noncharacters */
	{ 0xfeff, 0xfeff },   /* zero-width no-break space (BOM) */
	{ 0xfff9, 0xfffb },   /* interlinear annotation */
	{ 0x110bd, 0x110bd },
	{ 0x110cd, 0x110cd },
	{ 0x13430, 0x1343f }, /* Egyptian hieroglyph format controls */
	{ 0x1bca0, 0x1bca3 }, /* shorthand format controls */
	{ 0x1d173, 0x1d17a }, /* musical symbol format controls */
	{ 0xe0001, 0xe0001 }, /* language tag */
	{ 0xe0020, 0xe007f }, /* tag characters */
};

bool
escape_cp_shown(unsigned cp)
{
	size_t lo = 0, hi = sizeof(escape_refused) / sizeof(escape_refused[0]);

	if (cp < 0x80)
		return cp >= 0x20 && cp != 0x7f;
	if ((cp & 0xfffe) == 0xfffe) /* U+xxFFFE, U+xxFFFF: noncharacters */
		return false;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cp < escape_refused[mid].lo)
			hi = mid;
		else if (cp > escape_refused[mid].hi)
			lo = mid + 1;
		else
			return false;
	}
	return true;
}

size_t
escape_next(const unsigned char *s, size_t n, unsigned *cp,
	    enum escape_kind *kind)
{
	size_t len = escape_utf8_decode(s, n, cp);

	if (len == 0) {
		*cp = s[0];
		*kind = ESCAPE_BAD_BYTE;
		return 1;
	}
	*kind = escape_cp_shown(*cp) ? ESCAPE_SHOWN : ESCAPE_HIDDEN;
	return len;
}

size_t
escape_shown_len(const unsigned char *s, size_t n)
{
	enum escape_kind kind;
	unsigned cp;
	size_t len;

	if (n == 0)
		return 0;
	if (s[0] >= 0x20 && s[0] < 0x7f)
		return 1;
	len = escape_next(s, n, &cp, &kind);
	return kind == ESCAPE_SHOWN ? len : 0;
}

/* Printable ASCII a sink writes as itself. */
static bool
escape_ascii_plain(unsigned char c, enum escape_sink sink, unsigned flags)
{
	if (c < 0x20 || c >= 0x7f)
		return false;
	switch (sink) {
	case ESCAPE_SINK_C:
		return c != '\\' || (flags & ESCAPE_C_KEEP_BACKSLASH);
	case ESCAPE_SINK_JSON:
		return c != '\\' && c != '"';
	case ESCAPE_SINK_CSV:
		return c != '"';
	}
	return true;
}

static const char escape_hex[] = "0123456789abcdef";

static size_t
escape_spell_c(unsigned cp, enum escape_kind kind, unsigned flags,
	       char *e)
{
	int shift;
	size_t n = 0;

	if (kind == ESCAPE_SHOWN) { /* only a backslash gets here */
		e[0] = '\\';
		e[1] = '\\';
		return 2;
	}
	if (kind == ESCAPE_HIDDEN && (flags & ESCAPE_C_NAMED) &&
	    (cp == '\n' || cp == '\r' || cp == '\t')) {
		e[0] = '\\';
		e[1] = cp == '\n' ? 'n' : cp == '\r' ? 'r' : 't';
		return 2;
	}
	/* \xNN is a byte (an ASCII control or one that is not UTF-8),
	 * \u{NNNN} a code point: the reader can tell them apart */
	if (cp < 0x80 || kind == ESCAPE_BAD_BYTE) {
		e[0] = '\\';
		e[1] = 'x';
		e[2] = escape_hex[cp >> 4];
		e[3] = escape_hex[cp & 15];
		return 4;
	}
	e[n++] = '\\';
	e[n++] = 'u';
	e[n++] = '{';
	/* at least four digits, as printf's %04x */
	shift = cp > 0xfffff ? 20 : cp > 0xffff ? 16 : 12;
	for (; shift >= 0; shift -= 4)
		e[n++] = escape_hex[(cp >> shift) & 15];
	e[n++] = '}';
	return n;
}

static size_t
escape_spell_u16(unsigned u, char *e)
{
	e[0] = '\\';
	e[1] = 'u';
	e[2] = escape_hex[(u >> 12) & 15];
	e[3] = escape_hex[(u >> 8) & 15];
	e[4] = escape_hex[(u >> 4) & 15];
	e[5] = escape_hex[u & 15];
	return 6;
}

static size_t
escape_spell_json(unsigned cp, enum escape_kind kind, char *e)
{
	if (kind != ESCAPE_BAD_BYTE) {
		e[0] = '\\';
		switch (cp) {
		case '"': e[1] = '"'; return 2;
		case '\\': e[1] = '\\'; return 2;
		case '\n': e[1] = 'n'; return 2;
		case '\r': e[1] = 'r'; return 2;
		case '\t': e[1] = 't'; return 2;
		default: break;
		}
	}
	if (cp > 0xffff) { /* RFC 8259 section 7: a surrogate pair */
		cp -= 0x10000;
		escape_spell_u16(0xd800 | (cp >> 10), e);
		return 6 + escape_spell_u16(0xdc00 | (cp & 0x3ff), e + 6);
	}
	return escape_spell_u16(cp, e);
}

static size_t
escape_spell_csv(unsigned cp, enum escape_kind kind, char *e)
{
	if (kind == ESCAPE_SHOWN) { /* only a quote gets here */
		e[0] = '"';
		e[1] = '"';
		return 2;
	}
	/* a tab inside a field is data, not a separator */
	e[0] = kind == ESCAPE_HIDDEN && cp == '\t' ? '\t' : '?';
	return 1;
}

size_t
escape_walk(const char *s, size_t n, enum escape_sink sink, unsigned flags,
	    escape_emit_fn emit, void *ctx)
{
	const unsigned char *p = (const unsigned char *)s;
	enum escape_kind kind;
	char e[16];
	size_t i = 0, run, len, elen, took;
	unsigned cp;

	while (i < n) {
		/* printable ASCII goes out in runs, one emit each (a big
		 * report is mostly names) */
		run = i;
		while (run < n && escape_ascii_plain(p[run], sink, flags))
			run++;
		if (run > i) {
			took = emit(ctx, s + i, run - i, true);
			i += took;
			if (i < run)
				return i;
			continue;
		}
		len = escape_next(p + i, n - i, &cp, &kind);
		if (kind == ESCAPE_SHOWN && cp >= 0x80) {
			if (emit(ctx, s + i, len, false) < len)
				return i;
			i += len;
			continue;
		}
		switch (sink) {
		case ESCAPE_SINK_C:
			elen = escape_spell_c(cp, kind, flags, e);
			break;
		case ESCAPE_SINK_JSON:
			elen = escape_spell_json(cp, kind, e);
			break;
		default:
			elen = escape_spell_csv(cp, kind, e);
			break;
		}
		if (emit(ctx, e, elen, false) < elen)
			return i;
		i += len;
	}
	return i;
}

struct escape_buf {
	char *p;
	size_t size; /* room, the NUL included */
	size_t len;
};

static size_t
escape_emit_buf(void *ctx, const char *p, size_t len, bool split)
{
	struct escape_buf *b = ctx;
	size_t room = b->size - 1 - b->len;

	if (len > room) {
		if (!split)
			return 0;
		len = room;
	}
	memcpy(b->p + b->len, p, len);
	b->len += len;
	return len;
}

size_t
escape_to_buf(const char *s, size_t n, enum escape_sink sink, unsigned flags,
	      char *out, size_t size)
{
	struct escape_buf b = { out, size, 0 };

	if (size == 0)
		return 0;
	escape_walk(s, n, sink, flags, escape_emit_buf, &b);
	out[b.len] = '\0';
	return b.len;
}

static size_t
escape_emit_file(void *ctx, const char *p, size_t len, bool split)
{
	(void)split;
	fwrite(p, 1, len, (FILE *)ctx);
	return len; /* a failed write shows in ferror() at the end */
}

void
escape_to_file(FILE *out, const char *s, size_t n, enum escape_sink sink,
	       unsigned flags)
{
	escape_walk(s, n, sink, flags, escape_emit_file, out);
}

size_t
escape_text(const char *s, size_t n, char *out, size_t size)
{
	return escape_to_buf(s, n, ESCAPE_SINK_C, 0, out, size);
}

bool
escape_cell(const char *s, size_t n, size_t *len, int *cells)
{
	const unsigned char *p = (const unsigned char *)s;
	enum escape_kind kind;
	mbstate_t st;
	wchar_t wc;
	unsigned cp;
	size_t k;
	int w;

	*cells = 1;
	if (p[0] < 0x80) {
		*len = 1;
		return p[0] >= 0x20 && p[0] < 0x7f;
	}
	*len = escape_next(p, n, &cp, &kind);
	if (kind != ESCAPE_SHOWN)
		return false;
	/* the locale decides how it looks: outside UTF-8 each byte is
	 * replaced, which keeps the ASCII fallback honest */
	memset(&st, 0, sizeof(st));
	k = mbrtowc(&wc, s, *len, &st);
	if (k != *len) {
		*len = 1;
		return false;
	}
	w = wcwidth(wc);
	if (w < 0)
		return false;
	*cells = w;
	return true;
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
