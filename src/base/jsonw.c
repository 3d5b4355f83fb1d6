/*
 * jsonw: JSON text as RFC 8259 defines it, written straight to a stream.
 * Strings are the only trap: packet bytes are not UTF-8 by promise, so
 * every byte that is not part of a valid sequence is escaped on its own.
 */
#include "config.h"

#include "base/jsonw.h"

#include <float.h>
#include <pthread.h>
#include <math.h>
#include <string.h>

#include "base/escape.h"

void
jsonw_init(struct jsonw *w, FILE *out)
{
	w->out = out;
	w->used = 0;
	w->failed = false;
	w->depth = 0;
	w->need_comma[0] = false;
	w->after_key = false;
}

int
jsonw_flush(struct jsonw *w)
{
	if (w->used > 0 && fwrite(w->buf, 1, w->used, w->out) != w->used)
		w->failed = true;
	w->used = 0;
	return w->failed ? -1 : 0;
}

static void
jsonw_write(struct jsonw *w, const void *p, size_t n)
{
	if (n > sizeof(w->buf) - w->used) {
		jsonw_flush(w);
		if (n >= sizeof(w->buf)) {
			if (fwrite(p, 1, n, w->out) != n)
				w->failed = true;
			return;
		}
	}
	memcpy(w->buf + w->used, p, n);
	w->used += n;
}

static void
jsonw_putc(struct jsonw *w, char c)
{
	if (w->used == sizeof(w->buf))
		jsonw_flush(w);
	w->buf[w->used++] = c;
}

/* Room for N bytes at the end of BUF (N <= JSONW_BUF): a member's bytes
 * are then stored without a check each. */
static inline char *
jsonw_room(struct jsonw *w, size_t n)
{
	if (n > sizeof(w->buf) - w->used)
		jsonw_flush(w);
	return w->buf + w->used;
}

/* jsonw_sep's comma, stored at P; the byte after it. */
static inline char *
jsonw_sep_at(struct jsonw *w, char *p)
{
	if (w->after_key) {
		w->after_key = false;
		return p;
	}
	if (w->need_comma[w->depth])
		*p++ = ',';
	w->need_comma[w->depth] = true;
	return p;
}

/* A key shorter than this is written in one piece (the schemas' names
 * are all far shorter). */
#define JSONW_KEY_FAST 128

static void
jsonw_puts(struct jsonw *w, const char *s)
{
	jsonw_write(w, s, strlen(s));
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
		jsonw_putc(w, ',');
	w->need_comma[w->depth] = true;
}

static void
jsonw_open(struct jsonw *w, char c)
{
	jsonw_sep(w);
	jsonw_putc(w, c);
	if (w->depth < JSONW_MAX_DEPTH - 1)
		w->depth++;
	w->need_comma[w->depth] = false;
}

static void
jsonw_close(struct jsonw *w, char c)
{
	jsonw_putc(w, c);
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

static size_t
jsonw_emit(void *ctx, const char *p, size_t len, bool split)
{
	(void)split;
	jsonw_write(ctx, p, len);
	return len;
}

/* Bytes a JSON string holds as themselves (escape_walk's plain ASCII
 * for its JSON sink), one lookup each; filled once. */
static bool jsonw_plain[256];
static pthread_once_t jsonw_plain_once = PTHREAD_ONCE_INIT;

static void
jsonw_plain_init(void)
{
	unsigned c;

	for (c = 0x20; c < 0x7f; c++)
		jsonw_plain[c] = c != '"' && c != '\\';
}

/* The text-safety module's JSON sink: what its policy refuses becomes
 * \uXXXX, so the document parses and shows safely when printed. */
static void
jsonw_put_string(struct jsonw *w, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i;

	/* printable ASCII without a quote or a backslash, as escape_walk
	 * would write it, without its calls */
	if (n <= JSONW_BUF / 4) {
		pthread_once(&jsonw_plain_once, jsonw_plain_init);
		for (i = 0; i < n && jsonw_plain[u[i]]; i++)
			;
		if (i == n) {
			char *p = jsonw_room(w, n + 2);

			*p++ = '"';
			memcpy(p, s, n);
			p[n] = '"';
			w->used += n + 2;
			return;
		}
	}
	jsonw_putc(w, '"');
	escape_walk(s, n, ESCAPE_SINK_JSON, 0, jsonw_emit, w);
	jsonw_putc(w, '"');
}

/* ,"KEY": at P (room for N + 4 bytes); the byte after it. */
static inline char *
jsonw_key_at(struct jsonw *w, char *p, const char *key, size_t n)
{
	p = jsonw_sep_at(w, p);
	*p++ = '"';
	memcpy(p, key, n);
	p += n;
	*p++ = '"';
	*p++ = ':';
	return p;
}

void
jsonw_key(struct jsonw *w, const char *key)
{
	jsonw_key_n(w, key, strlen(key));
}

void
jsonw_key_n(struct jsonw *w, const char *key, size_t n)
{
	if (n < JSONW_KEY_FAST) {
		char *p = jsonw_room(w, n + 4);

		w->used = (size_t)(jsonw_key_at(w, p, key, n) - w->buf);
		w->after_key = true;
		return;
	}
	jsonw_sep(w);
	/* a name from the program, never from a packet (jsonw.h): no
	 * escaping to look for, a million times over in a big report */
	jsonw_putc(w, '"');
	jsonw_write(w, key, n);
	jsonw_write(w, "\":", 2);
	w->after_key = true;
}

void
jsonw_string_n(struct jsonw *w, const char *s, size_t n)
{
	jsonw_sep(w);
	jsonw_put_string(w, s, n);
}

void
jsonw_string(struct jsonw *w, const char *s)
{
	jsonw_string_n(w, s, strlen(s));
}

/* "00" to "99": two digits per division. */
static const char jsonw_pairs[201] =
	"00010203040506070809"
	"10111213141516171819"
	"20212223242526272829"
	"30313233343536373839"
	"40414243444546474849"
	"50515253545556575859"
	"60616263646566676869"
	"70717273747576777879"
	"80818283848586878889"
	"90919293949596979899";

/* V's decimal digits ending at BUF[I]; the index of the first. */
static inline size_t
jsonw_digits_back(char *buf, size_t i, uint64_t v)
{
	/* by hand: printf's format parsing is most of a big report's cost */
	while (v >= 100) {
		unsigned r = (unsigned)(v % 100);

		v /= 100;
		i -= 2;
		memcpy(buf + i, jsonw_pairs + 2 * r, 2);
	}
	if (v >= 10) {
		i -= 2;
		memcpy(buf + i, jsonw_pairs + 2 * v, 2);
	} else {
		buf[--i] = (char)('0' + v);
	}
	return i;
}

/* V's decimal digits at the end of BUF[24]; the index of the first. */
static size_t
jsonw_digits(char buf[24], uint64_t v)
{
	return jsonw_digits_back(buf, 24, v);
}

/* V's decimal digits at P (room for 20); the byte after them. */
static inline char *
jsonw_digits_at(char *p, uint64_t v)
{
	size_t n = 1;
	uint64_t t = v;

	/* the count first, then the digits from the last, in place */
	while (t >= 100) {
		t /= 100;
		n += 2;
	}
	n += t >= 10;
	jsonw_digits_back(p, n, v);
	return p + n;
}

void
jsonw_uint(struct jsonw *w, uint64_t v)
{
	char buf[24];
	size_t i;

	jsonw_sep(w);
	i = jsonw_digits(buf, v);
	jsonw_write(w, buf + i, sizeof(buf) - i);
}

void
jsonw_int(struct jsonw *w, int64_t v)
{
	char buf[24];
	size_t i;

	jsonw_sep(w);
	/* the magnitude in unsigned arithmetic: -INT64_MIN overflows */
	i = jsonw_digits(buf, v < 0 ? 0 - (uint64_t)v : (uint64_t)v);
	if (v < 0)
		buf[--i] = '-';
	jsonw_write(w, buf + i, sizeof(buf) - i);
}

/* nextafter(A, INFINITY) - A for a finite A >= 0: for a normal A of
 * binary exponent E, 2^(E - 52), a double made from E's bits alone. */
static double
jsonw_ulp(double a)
{
	uint64_t bits, e;
	double u;

	memcpy(&bits, &a, sizeof(bits));
	e = bits >> 52;
	if (a == 0) /* the smallest subnormal, as nextafter says */
		return DBL_TRUE_MIN;
	if (e <= 52) /* tiny or subnormal: the library's answer */
		return nextafter(a, INFINITY) - a;
	bits = (e - 52) << 52;
	memcpy(&u, &bits, sizeof(u));
	return u;
}

/*
 * "%.*f" of V without printf, when the answer is sure: |V| * 10^DECIMALS
 * is computed with one rounding, so its nearest integer is printf's
 * unless the fraction lies within one unit in the last place of a half.
 * Timestamps (whole microseconds) always take this path.
 */
static bool
jsonw_fixed(struct jsonw *w, double v, int decimals)
{
	static const double scale[] = { 1e0, 1e1, 1e2, 1e3, 1e4,
					1e5, 1e6, 1e7, 1e8, 1e9 };
	static const uint64_t pow10[] = { 1u, 10u, 100u, 1000u, 10000u,
					  100000u, 1000000u, 10000000u,
					  100000000u, 1000000000u };
	double a, whole, frac;
	uint64_t n, fpart, ip, t;
	size_t len, i;
	char *p;
	int d;

	if (decimals < 0 || decimals > 9)
		return false;
	a = fabs(v) * scale[decimals];
	if (!(a < 9007199254740992.0)) /* 2^53: every integer below is exact */
		return false;
	/* floor(a): a is not negative and below 2^53 */
	whole = (double)(uint64_t)a;
	frac = a - whole;
	if (fabs(frac - 0.5) <= jsonw_ulp(a))
		return false;
	n = (uint64_t)whole + (frac > 0.5);
	fpart = n % pow10[decimals];
	ip = n / pow10[decimals];
	/* the length first (sign, whole digits, point, DECIMALS), then the
	 * text from its last byte, in place */
	len = 1;
	for (t = ip; t >= 100; t /= 100)
		len += 2;
	len += t >= 10;
	len += (decimals > 0 ? 1u + (size_t)decimals : 0u) +
	       (signbit(v) && v != 0);
	p = jsonw_room(w, len);
	i = len;
	/* the fraction's DECIMALS digits, leading zeros kept */
	for (d = decimals; d >= 2; d -= 2) {
		unsigned r = (unsigned)(fpart % 100);

		fpart /= 100;
		i -= 2;
		memcpy(p + i, jsonw_pairs + 2 * r, 2);
	}
	if (d > 0)
		p[--i] = (char)('0' + fpart);
	if (decimals > 0)
		p[--i] = '.';
	i = jsonw_digits_back(p, i, ip);
	if (i > 0)
		p[0] = '-';
	w->used += len;
	return true;
}

void
jsonw_double(struct jsonw *w, double v, int decimals)
{
	char buf[400];
	int n;

	jsonw_sep(w);
	if (!isfinite(v)) {
		jsonw_puts(w, "null");
		return;
	}
	if (v == 0)
		v = 0; /* no "-0.000" */
	if (jsonw_fixed(w, v, decimals))
		return;
	n = snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (n > 0)
		jsonw_write(w, buf, (size_t)n < sizeof(buf) ? (size_t)n :
			    sizeof(buf) - 1);
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
	jsonw_puts(w, v ? "true" : "false");
}

void
jsonw_null(struct jsonw *w)
{
	jsonw_sep(w);
	jsonw_puts(w, "null");
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
	jsonw_kv_uint_n(w, key, strlen(key), v);
}

void
jsonw_kv_uint_n(struct jsonw *w, const char *key, size_t n, uint64_t v)
{
	char *p;

	if (n >= JSONW_KEY_FAST) {
		jsonw_key(w, key);
		jsonw_uint(w, v);
		return;
	}
	/* the member's bytes in one piece: ,"key":digits */
	p = jsonw_room(w, n + 4 + 20);
	p = jsonw_key_at(w, p, key, n);
	p = jsonw_digits_at(p, v);
	w->used = (size_t)(p - w->buf);
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
	jsonw_putc(w, '\n');
	w->need_comma[0] = false;
	if (jsonw_flush(w) < 0 || fflush(w->out) != 0 || ferror(w->out))
		return -1;
	return 0;
}
