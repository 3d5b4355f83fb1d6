/*
 * dfbar: Tab completion of field names in the display filter bar, from
 * the field table the dissectors' own tree calls generate (so a name
 * completed is a name the filter compiles).
 */
#include "config.h"

#include "dfbar.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/text.h"
#include "base/i18n.h"
#include "inspect/inspect.h"
#include "lineedit.h"

static bool
dfbar_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '_' || c == '.' || c == '-';
}

static int
dfbar_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Insert TEXT (N bytes) at the cursor, as far as the line holds. */
static void
dfbar_insert(struct lineedit *le, const char *text, size_t n)
{
	if (le->len + n >= LINEEDIT_MAX)
		n = LINEEDIT_MAX - 1 - le->len;
	memmove(le->buf + le->cur + n, le->buf + le->cur, le->len - le->cur);
	memcpy(le->buf + le->cur, text, n);
	le->len += n;
	le->cur += n;
	le->buf[le->len] = '\0';
}

size_t
dfbar_complete(struct lineedit *le, char *note, size_t notelen)
{
	size_t start = le->cur, plen, count = dfilter_field_count(), nm = 0;
	size_t i, common, o;
	const char **match;
	char shown[256];

	note[0] = '\0';
	while (start > 0 && dfbar_name_char(le->buf[start - 1]))
		start--;
	plen = le->cur - start;
	match = malloc((count ? count : 1) * sizeof(*match));
	if (match == NULL) {
		snprintf(note, notelen, "%s", _("out of memory"));
		return 0;
	}
	for (i = 0; i < count; i++) {
		const char *name = dfilter_field_name(i);

		if (name != NULL && strncmp(name, le->buf + start, plen) == 0)
			match[nm++] = name;
	}
	if (nm == 0) {
		escape_text(le->buf + start, plen, shown, sizeof(shown));
		snprintf(note, notelen, _("no field name starts with \"%s\""),
			 shown);
		goto out;
	}
	qsort(match, nm, sizeof(*match), dfbar_cmp);
	/* what every candidate shares past the typed part */
	common = strlen(match[0]);
	for (i = 1; i < nm; i++) {
		size_t k = plen;

		while (k < common && match[i][k] == match[0][k])
			k++;
		common = k;
	}
	if (common > plen)
		dfbar_insert(le, match[0] + plen, common - plen);
	if (nm == 1) {
		/* a whole name: a space to go on with the operator */
		if (le->cur == le->len)
			dfbar_insert(le, " ", 1);
		goto out;
	}
	/* the candidates, as many as the status line takes */
	for (i = 0, o = 0; i < nm && o + 1 < notelen; i++) {
		size_t w = strlen(match[i]);

		if (o + w + 16 >= notelen || o > 200)
			break;
		o += (size_t)snprintf(note + o, notelen - o, "%s%s",
				      o ? " " : "", match[i]);
	}
	if (i < nm && o + 1 < notelen)
		snprintf(note + o, notelen - o, " (+%zu)", nm - i);
out:
	free(match);
	return nm;
}
