/*
 * app: small readers shared by the application parsers (see app.h):
 * the connection's name, prefix and line tests on a cursor. Like the
 * cursor, none of them reads past its end.
 */
#include "config.h"

#include "decode/proto/app.h"

#include <math.h>
#include <string.h>

#include "decode/flowstate.h"

void
app_set_name(struct app_ctx *a, const uint8_t *s, size_t n)
{
	if (a->r->name_len > 0 || n == 0)
		return;
	if (n > sizeof(a->r->name) - 1)
		n = sizeof(a->r->name) - 1;
	memcpy(a->r->name, s, n);
	a->r->name[n] = '\0';
	a->r->name_len = n;
}

struct flow *
app_flow(const struct app_ctx *a, bool create, unsigned *dir)
{
	if (a->fs == NULL || a->s == NULL)
		return NULL;
	return flowstate_get(a->fs, a->s, create, dir);
}

uint64_t
app_frame(const struct app_ctx *a, double *ts)
{
	*ts = 0;
	if (a->fs == NULL)
		return 0;
	*ts = flowstate_time(a->fs);
	return flowstate_frame(a->fs);
}

int
app_tree_delta(struct tree *t, const char *field, const char *label,
	       size_t off, double seconds)
{
	long long us = llround(seconds * 1e6);
	int n;

	if (us < 0)
		us = 0;
	n = tree_do_add(t, field, label, off, 0, "%lld.%06lld000", us / 1000000,
			us % 1000000);
	tree_generated(t, n);
	if (n >= 0)
		tree_shown(t, n, "%lld.%06lld000 seconds", us / 1000000,
			   us % 1000000);
	return n;
}

bool
app_starts_with(const struct cursor *c, const char *s)
{
	size_t n = strlen(s);

	return cursor_has(c, n) && memcmp(c->frame + c->pos, s, n) == 0;
}

bool
app_starts_with_nocase(const struct cursor *c, const char *s)
{
	size_t i, n = strlen(s);

	if (!cursor_has(c, n))
		return false;
	for (i = 0; i < n; i++) {
		uint8_t b = c->frame[c->pos + i];

		if (b >= 'a' && b <= 'z')
			b = (uint8_t)(b - 'a' + 'A');
		if (b != (uint8_t)s[i])
			return false;
	}
	return true;
}

const uint8_t *
app_line(const struct cursor *c, size_t *n)
{
	static const uint8_t none[1];

	*n = app_line_len(c);
	return *n > 0 ? c->frame + c->pos : none;
}

size_t
app_line_len(const struct cursor *c)
{
	size_t n, left = cursor_left(c);
	const uint8_t *p = c->frame + c->pos, *e;

	if (c->err || left == 0)
		return 0;
	/* libc's memchr reads a vector at a time: a long line, or a
	 * payload with no line end at all, costs a few passes, not a
	 * branch per byte */
	e = memchr(p, '\n', left);
	n = e ? (size_t)(e - p) : left;
	e = n > 0 ? memchr(p, '\r', n) : NULL;
	return e ? (size_t)(e - p) : n;
}

bool
app_is_digits(const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i] < '0' || p[i] > '9')
			return false;
	return true;
}

bool
app_is_reply(const struct cursor *c)
{
	const uint8_t *p = c->frame + c->pos;

	return cursor_has(c, 4) && app_is_digits(p, 3) &&
	       (p[3] == ' ' || p[3] == '-');
}

bool
app_find(const uint8_t *p, size_t n, const char *s)
{
	size_t k = strlen(s), i = 0;
	const uint8_t *f;

	if (k == 0 || k > n)
		return k == 0;
	/* from one occurrence of the first byte to the next */
	while ((f = memchr(p + i, (uint8_t)s[0], n - k + 1 - i)) != NULL) {
		i = (size_t)(f - p);
		if (memcmp(p + i, s, k) == 0)
			return true;
		i++;
	}
	return false;
}
