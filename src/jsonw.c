/*
 * jsonw: JSON text as RFC 8259 defines it, written straight to a stream.
 * Strings are the only trap: packet bytes are not UTF-8 by promise, so
 * every byte that is not part of a valid sequence is escaped on its own.
 */
#include "config.h"

#include "jsonw.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "escape.h"

void
jsonw_init(struct jsonw *w, FILE *out)
{
	w->out = out;
	w->depth = 0;
	w->need_comma[0] = false;
	w->after_key = false;
}

/* Before any value or key: the comma that separates it from the last. */
static void
jsonw_sep(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = false;
		return;
	}
	if (w->need_comma[w->depth])
		fputc(',', w->out);
	w->need_comma[w->depth] = true;
}

static void
jsonw_open(struct jsonw *w, int c)
{
	jsonw_sep(w);
	fputc(c, w->out);
	if (w->depth < JSONW_MAX_DEPTH - 1)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void
jsonw_close(struct jsonw *w, int c)
{
	fputc(c, w->out);
	if (w->depth > 0)
		w->depth--;
}

void
jsonw_object_begin(struct jsonw *w)
{
	jsonw_open(w, '{');
}

void
jsonw_object_end(struct jsonw *w)
{
	jsonw_close(w, '}');
}

void
jsonw_array_begin(struct jsonw *w)
{
	jsonw_open(w, '[');
}

void
jsonw_array_end(struct jsonw *w)
{
	jsonw_close(w, ']');
}

static void
jsonw_put_string(FILE *out, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0, len;
	unsigned cp;

	fputc('"', out);
	while (i < n) {
		size_t run = i;

		/* printable ASCII needs no escape: one write per run, not
		 * per byte (the JSON of a big table is mostly names) */
		while (run < n && p[run] >= 0x20 && p[run] < 0x7f &&
		       p[run] != '"' && p[run] != '\\')
			run++;
		if (run > i) {
			fwrite(p + i, 1, run - i, out);
			i = run;
			continue;
		}
		len = escape_utf8_decode(p + i, n - i, &cp);
		if (len == 0) {
			fprintf(out, "\\u%04x", p[i]);
			i++;
			continue;
		}
		switch (cp) {
		case '"':
			fputs("\\\"", out);
			break;
		case '\\':
			fputs("\\\\", out);
			break;
		case '\n':
			fputs("\\n", out);
			break;
		case '\r':
			fputs("\\r", out);
			break;
		case '\t':
			fputs("\\t", out);
			break;
		default:
			if (cp < 0x20 || cp == 0x7f ||
			    (cp >= 0x80 && cp <= 0x9f))
				fprintf(out, "\\u%04x", cp);
			else
				fwrite(p + i, 1, len, out);
		}
		i += len;
	}
	fputc('"', out);
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_sep(w);
	jsonw_put_string(w->out, key, strlen(key));
	fputc(':', w->out);
	w->after_key = true;
}

void
jsonw_string_n(struct jsonw *w, const char *s, size_t n)
{
	jsonw_sep(w);
	jsonw_put_string(w->out, s, n);
}

void
jsonw_string(struct jsonw *w, const char *s)
{
	jsonw_string_n(w, s, strlen(s));
}

void
jsonw_uint(struct jsonw *w, uint64_t v)
{
	char buf[24];
	size_t i = sizeof(buf);

	jsonw_sep(w);
	/* by hand: printf's format parsing is most of a big report's cost */
	do {
		buf[--i] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	fwrite(buf + i, 1, sizeof(buf) - i, w->out);
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	jsonw_sep(w);
	fprintf(w->out, "%" PRId64, v);
}

void
jsonw_double(struct jsonw *w, double v, int decimals)
{
	jsonw_sep(w);
	if (!isfinite(v)) {
		fputs("null", w->out);
		return;
	}
	if (v == 0)
		v = 0; /* no "-0.000" */
	fprintf(w->out, "%.*f", decimals, v);
}

void
jsonw_time(struct jsonw *w, double ts)
{
	jsonw_double(w, ts, 6);
}

void
jsonw_bool(struct jsonw *w, bool v)
{
	jsonw_sep(w);
	fputs(v ? "true" : "false", w->out);
}

void
jsonw_null(struct jsonw *w)
{
	jsonw_sep(w);
	fputs("null", w->out);
}

void
jsonw_kv_string(struct jsonw *w, const char *key, const char *s)
{
	jsonw_key(w, key);
	jsonw_string(w, s);
}

void
jsonw_kv_uint(struct jsonw *w, const char *key, uint64_t v)
{
	jsonw_key(w, key);
	jsonw_uint(w, v);
}

void
jsonw_kv_double(struct jsonw *w, const char *key, double v, int decimals)
{
	jsonw_key(w, key);
	jsonw_double(w, v, decimals);
}

void
jsonw_kv_time(struct jsonw *w, const char *key, double ts)
{
	jsonw_key(w, key);
	jsonw_time(w, ts);
}

int
jsonw_finish(struct jsonw *w)
{
	fputc('\n', w->out);
	w->need_comma[0] = false;
	if (fflush(w->out) != 0 || ferror(w->out))
		return -1;
	return 0;
}
