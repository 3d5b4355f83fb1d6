/*
 * rotate: file names and rotation points after tcpdump(8) (rotate.h).
 */
#include "config.h"

#include "base/rotate.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/outfile.h"

#define ROTATE_NAME 512

int
rotate_init(struct rotate *r, const char *pattern, uint64_t bytes,
	    unsigned secs, unsigned keep)
{
	memset(r, 0, sizeof(*r));
	r->bytes = bytes;
	r->secs = secs;
	r->keep = keep;
	r->pattern = strdup(pattern);
	if (r->pattern == NULL)
		return -1;
	if (secs && keep && !bytes) {
		r->kept = calloc(keep, sizeof(*r->kept));
		if (r->kept == NULL) {
			free(r->pattern);
			r->pattern = NULL;
			return -1;
		}
	}
	return 0;
}

void
rotate_free(struct rotate *r)
{
	for (unsigned i = 0; i < r->nkept; i++)
		free(r->kept[i]);
	free(r->kept);
	free(r->pattern);
	memset(r, 0, sizeof(*r));
}

static unsigned
rotate_digits(unsigned n)
{
	unsigned d = 1;

	while (n >= 10) {
		n /= 10;
		d++;
	}
	return d;
}

/* -G: FILE is a strftime pattern, the user's own. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
static size_t
rotate_strftime(char *out, size_t size, const char *pattern,
		const struct tm *tm)
{
	return strftime(out, size, pattern, tm);
}
#pragma GCC diagnostic pop

int
rotate_name(const struct rotate *r, time_t when, char *out, size_t size)
{
	char base[ROTATE_NAME];
	struct tm tm;
	int n;

	n = snprintf(base, sizeof(base), "%s", r->pattern);
	if (n < 0 || (size_t)n >= sizeof(base))
		return -1;
	if (r->secs && localtime_r(&when, &tm) &&
	    rotate_strftime(base, sizeof(base), r->pattern, &tm) == 0)
		snprintf(base, sizeof(base), "%s", r->pattern);
	if (r->bytes && r->keep)
		n = snprintf(out, size, "%s%0*u", base,
			     (int)rotate_digits(r->keep - 1),
			     r->index % r->keep);
	else if (r->bytes && r->index)
		n = snprintf(out, size, "%s%u", base, r->index);
	else
		n = snprintf(out, size, "%s", base);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

enum rotate_step
rotate_step(struct rotate *r, int64_t when, uint64_t used, uint64_t add,
	    uint64_t empty)
{
	if (r->secs) {
		if (!r->have_period) {
			r->period_end = when + r->secs;
			r->have_period = true;
			return ROTATE_FIRST;
		}
		if (when >= r->period_end) {
			while (r->period_end <= when)
				r->period_end += r->secs;
			return ROTATE_PERIOD;
		}
	}
	if (r->bytes && used + add > r->bytes && used > empty)
		return ROTATE_NEXT;
	return ROTATE_STAY;
}

void
rotate_advance(struct rotate *r, enum rotate_step step)
{
	if (step == ROTATE_PERIOD)
		r->index = 0;
	else if (step == ROTATE_NEXT)
		r->index++;
}

void
rotate_opened(struct rotate *r, const char *name)
{
	unsigned i;

	if (r->kept == NULL)
		return;
	for (i = 0; i < r->nkept; i++)
		if (strcmp(r->kept[i], name) == 0)
			return;
	if (r->nkept == r->keep) {
		char *oldest = r->kept[0];

		outfile_unlink(oldest);
		free(oldest);
		memmove(r->kept, r->kept + 1, (r->nkept - 1) * sizeof(*r->kept));
		r->nkept--;
	}
	r->kept[r->nkept] = strdup(name);
	if (r->kept[r->nkept])
		r->nkept++;
}

bool
rotate_rename_first(struct rotate *r, const char *cur, time_t when,
		    char *name, size_t size)
{
	if (r->index != 0 || strcmp(cur, "-") == 0 ||
	    rotate_name(r, when, name, size) < 0 || strcmp(name, cur) == 0)
		return false;
	if (r->nkept > 0 && strcmp(r->kept[r->nkept - 1], cur) == 0)
		free(r->kept[--r->nkept]);
	return true;
}
