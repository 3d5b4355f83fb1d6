/*
 * steady: paced cells of live tables (steady.h says why).
 */
#include "config.h"

#include "steady.h"

#include <math.h>
#include <stdbool.h>
#include <string.h>

/* Reads as nothing: no digit but 0 ("0b", "0", "0.0", "-", ""). */
static bool
steady_zero(const char *s)
{
	for (; *s; s++)
		if (*s >= '1' && *s <= '9')
			return false;
	return true;
}

void
steady_text(struct steady *st, uint64_t row, uint32_t col, double pace,
	    double now, char *text, size_t size)
{
	struct steady_cell *c;
	uint64_t h;
	size_t len;

	if (!(pace > 0) || size == 0)
		return;
	len = strnlen(text, size);
	h = (row ^ (uint64_t)col * 0xD6E8FEB86659FD93ull) *
	    0x9E3779B97F4A7C15ull;
	c = &st->cell[h >> 52 & (STEADY_SLOTS - 1)];
	if (c->used && c->row == row && c->col == col) {
		if (strcmp(c->text, text) == 0)
			return;
		/* the same tick, and zero stays zero and non-zero non-zero */
		if (floor(now / pace) == floor(c->at / pace) &&
		    steady_zero(c->text) == steady_zero(text) &&
		    strlen(c->text) < size) {
			memcpy(text, c->text, strlen(c->text) + 1);
			return;
		}
	}
	if (len >= sizeof(c->text)) {
		c->used = 0;
		return;
	}
	c->row = row;
	c->col = col;
	c->used = 1;
	c->at = now;
	memcpy(c->text, text, len + 1);
}

void
steady_forget(struct steady *st)
{
	memset(st, 0, sizeof(*st));
}
