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

/* Cell (ROW, COL): its slot, or the slot to put it in (an empty one,
 * or the one its set used least recently). */
static struct steady_cell *
steady_slot(struct steady *st, uint64_t row, uint32_t col, bool *found)
{
	struct steady_cell *set, *victim;
	uint64_t h;
	size_t w;

	/* splitmix64's finaliser: rows' ids are often close together */
	h = row ^ (uint64_t)col << 40;
	h = (h ^ h >> 30) * 0xBF58476D1CE4E5B9ull;
	h = (h ^ h >> 27) * 0x94D049BB133111EBull;
	h ^= h >> 31;
	set = &st->cell[h % (STEADY_SLOTS / STEADY_WAYS) * STEADY_WAYS];
	victim = set;
	for (w = 0; w < STEADY_WAYS; w++) {
		if (set[w].used && set[w].row == row && set[w].col == col) {
			*found = true;
			return &set[w];
		}
		if (set[w].used < victim->used)
			victim = &set[w];
	}
	*found = false;
	return victim;
}

/* steady_text, and with ZERO_AT_ONCE false steady_flag's texts. */
static void
steady_hold(struct steady *st, uint64_t row, uint32_t col, double pace,
	    double now, char *text, size_t size, bool zero_at_once)
{
	struct steady_cell *c;
	size_t len;
	bool found;

	if (!(pace > 0) || size == 0)
		return;
	len = strnlen(text, size);
	if (++st->uses == 0) { /* wrapped: start again, all redrawn once */
		steady_forget(st);
		st->uses = 1;
	}
	c = steady_slot(st, row, col, &found);
	c->used = st->uses;
	if (found) {
		/* the text a tick's first refresh shows is the tick's, also
		 * when it is the text shown before (or it would change a
		 * second after the tick, alone) */
		if (strcmp(c->text, text) == 0) {
			c->at = now;
			return;
		}
		/* the same tick, and zero stays zero and non-zero non-zero */
		if (floor(now / pace) == floor(c->at / pace) &&
		    (!zero_at_once ||
		     steady_zero(c->text) == steady_zero(text)) &&
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
	c->at = now;
	memcpy(c->text, text, len + 1);
}

void
steady_text(struct steady *st, uint64_t row, uint32_t col, double pace,
	    double now, char *text, size_t size)
{
	steady_hold(st, row, col, pace, now, text, size, true);
}

bool
steady_flag(struct steady *st, uint64_t row, uint32_t col, double pace,
	    double now, bool value)
{
	char shown[2] = { value ? 'y' : 'n', '\0' };

	steady_hold(st, row, col, pace, now, shown, sizeof(shown), false);
	return shown[0] == 'y';
}

void
steady_forget(struct steady *st)
{
	memset(st, 0, sizeof(*st));
}

/* Where in SLOT[0..N) the row the model places last is. */
static size_t
steady_worst(const size_t *slot, size_t n)
{
	size_t i, worst = 0;

	for (i = 1; i < n; i++)
		if (slot[i] > slot[worst])
			worst = i;
	return worst;
}

/* At a tick, which rows stay shown. SLOT[0..KEPT) holds the model's
 * places of the rows on screen, in screen order; IN[] marks them among
 * the N listed. Past PAGE, the last-placed go. Then each row the model
 * puts on the page comes in: into a free line, or into the line of the
 * last-placed shown row when the model puts that one more than SLACK
 * places behind it. Returns how many are shown; IN marks them. */
static size_t
steady_members(size_t *slot, size_t kept, bool *in, size_t n, size_t page,
	       size_t slack)
{
	size_t x, w;

	while (kept > page) {
		w = steady_worst(slot, kept);
		in[slot[w]] = false;
		memmove(slot + w, slot + w + 1, (kept - w - 1) * sizeof(*slot));
		kept--;
	}
	for (x = 0; x < n && x < page; x++) {
		if (in[x])
			continue;
		if (kept < page) {
			slot[kept++] = x;
		} else {
			w = steady_worst(slot, kept);
			if (slot[w] <= x + slack)
				break;
			in[slot[w]] = false;
			slot[w] = x;
		}
		in[x] = true;
	}
	return kept;
}

#define STEADY_HOLE ((size_t)-1) /* a line whose row left */

void
steady_order(const uint64_t *id, size_t n, const uint64_t *shown,
	     size_t nshown, size_t page, bool tick, size_t *slot)
{
	bool in[STEADY_ROWS_MAX];
	size_t i, j, k = 0, kept;
	size_t slack = page / 2 > STEADY_MEMBER_SLACK ? page / 2
						     : STEADY_MEMBER_SLACK;

	if (n > STEADY_ROWS_MAX) {
		for (i = 0; i < n; i++)
			slot[i] = i;
		return;
	}
	for (i = 0; i < n; i++)
		in[i] = false;
	/* the rows shown before that the model still lists, in their
	 * order on screen; between ticks, the line of one it no longer
	 * lists is kept for the model's next row (STEADY_HOLE) */
	for (j = 0; j < nshown; j++) {
		for (i = 0; i < n; i++)
			if (id[i] == shown[j] && !in[i]) {
				slot[k++] = i;
				in[i] = true;
				break;
			}
		if (i == n && !tick && k < n)
			slot[k++] = STEADY_HOLE;
	}
	if (!tick) {
		/* a row that leaves between ticks gives its line to the
		 * model's next row: only that line is written again, not
		 * every line below it moved up (on the Connections view of
		 * the 5,000-host mix, a whole table a second) */
		for (j = 0, i = 0; j < k; j++) {
			if (slot[j] != STEADY_HOLE)
				continue;
			while (i < n && in[i])
				i++;
			if (i < n) {
				slot[j] = i;
				in[i] = true;
			}
		}
		for (j = 0, kept = 0; j < k; j++)
			if (slot[j] != STEADY_HOLE)
				slot[kept++] = slot[j];
	} else {
		kept = steady_members(slot, k, in, n, page, slack);
	}
	/* a row goes ahead of one the model puts more than the slack
	 * behind it (insertion, so stable) */
	for (i = 1; tick && i < kept; i++) {
		size_t x = slot[i];

		for (j = i; j > 0 && slot[j - 1] > x + STEADY_ORDER_SLACK; j--)
			slot[j] = slot[j - 1];
		slot[j] = x;
	}
	/* then the others, in the model's order */
	for (i = 0, k = kept; i < n; i++)
		if (!in[i])
			slot[k++] = i;
}
