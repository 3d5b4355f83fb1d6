/*
 * lineedit: a small readline for one line of ASCII (BPF expressions and
 * search strings are ASCII); bytes outside 0x20..0x7e are refused so the
 * edit line can never carry a control character to the terminal.
 */
#include "config.h"

#include "lineedit.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>

#define CTRL(c) ((c) & 0x1f)

void
lineedit_init(struct lineedit *le)
{
	memset(le, 0, sizeof(*le));
}

static void
lineedit_set(struct lineedit *le, const char *text)
{
	size_t n = text ? strlen(text) : 0;

	if (n >= sizeof(le->buf))
		n = sizeof(le->buf) - 1;
	if (n)
		memcpy(le->buf, text, n);
	le->buf[n] = '\0';
	le->len = le->cur = n;
}

void
lineedit_start(struct lineedit *le, const char *text)
{
	lineedit_set(le, text);
	le->hist_pos = le->hist_count;
	le->draft[0] = '\0';
}

void
lineedit_history_add(struct lineedit *le, const char *text)
{
	if (!text || !*text)
		return;
	if (le->hist_count > 0 &&
	    strcmp(le->hist[le->hist_count - 1], text) == 0)
		return;
	if (le->hist_count == LINEEDIT_HISTORY) {
		memmove(le->hist[0], le->hist[1],
			sizeof(le->hist[0]) * (LINEEDIT_HISTORY - 1));
		le->hist_count--;
	}
	snprintf(le->hist[le->hist_count], sizeof(le->hist[0]), "%s", text);
	le->hist_count++;
	le->hist_pos = le->hist_count;
}

static void
lineedit_history_move(struct lineedit *le, int delta)
{
	int pos = le->hist_pos + delta;

	if (pos < 0 || pos > le->hist_count)
		return;
	if (le->hist_pos == le->hist_count)
		snprintf(le->draft, sizeof(le->draft), "%s", le->buf);
	le->hist_pos = pos;
	lineedit_set(le, pos == le->hist_count ? le->draft : le->hist[pos]);
}

static void
lineedit_insert(struct lineedit *le, char c)
{
	if (le->len + 1 >= sizeof(le->buf))
		return;
	memmove(le->buf + le->cur + 1, le->buf + le->cur, le->len - le->cur + 1);
	le->buf[le->cur++] = c;
	le->len++;
}

static void
lineedit_delete(struct lineedit *le, size_t at, size_t n)
{
	if (at >= le->len)
		return;
	if (n > le->len - at)
		n = le->len - at;
	memmove(le->buf + at, le->buf + at + n, le->len - at - n + 1);
	le->len -= n;
	if (le->cur > at + n)
		le->cur -= n;
	else if (le->cur > at)
		le->cur = at;
}

/* Ctrl-W: back over spaces, then over one word. */
static void
lineedit_delete_word(struct lineedit *le)
{
	size_t at = le->cur;

	while (at > 0 && le->buf[at - 1] == ' ')
		at--;
	while (at > 0 && le->buf[at - 1] != ' ')
		at--;
	lineedit_delete(le, at, le->cur - at);
}

enum lineedit_result
lineedit_key(struct lineedit *le, int key)
{
	switch (key) {
	case '\n':
	case '\r':
	case KEY_ENTER:
		return LINEEDIT_ACCEPT;
	case 27:
	case CTRL('g'):
		return LINEEDIT_CANCEL;
	case KEY_LEFT:
	case CTRL('b'):
		if (le->cur > 0)
			le->cur--;
		break;
	case KEY_RIGHT:
	case CTRL('f'):
		if (le->cur < le->len)
			le->cur++;
		break;
	case KEY_HOME:
	case CTRL('a'):
		le->cur = 0;
		break;
	case KEY_END:
	case CTRL('e'):
		le->cur = le->len;
		break;
	case KEY_BACKSPACE:
	case 127:
	case CTRL('h'):
		if (le->cur > 0)
			lineedit_delete(le, le->cur - 1, 1);
		break;
	case KEY_DC:
	case CTRL('d'):
		lineedit_delete(le, le->cur, 1);
		break;
	case CTRL('u'):
		lineedit_delete(le, 0, le->cur);
		break;
	case CTRL('k'):
		lineedit_delete(le, le->cur, le->len - le->cur);
		break;
	case CTRL('w'):
		lineedit_delete_word(le);
		break;
	case KEY_UP:
	case CTRL('p'):
		lineedit_history_move(le, -1);
		break;
	case KEY_DOWN:
	case CTRL('n'):
		lineedit_history_move(le, +1);
		break;
	default:
		/* Bytes past ASCII are kept (never dropped unseen): a filter
		 * holding them fails to compile and says so; screen.c shows
		 * them escaped. */
		if ((key >= 0x20 && key <= 0x7e) || (key >= 0x80 && key <= 0xff))
			lineedit_insert(le, (char)key);
		break;
	}
	return LINEEDIT_CONTINUE;
}
