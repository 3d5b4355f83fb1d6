/*
 * fuzz_lineedit: the filter and find line editor fed any sequence of
 * keys (bytes, and the curses key codes it knows about, picked by a
 * prefix byte), with lines accepted into the history on the way. The
 * line stays NUL-terminated within LINEEDIT_MAX, the cursor inside it,
 * and the history walk inside its bounds.
 */
#include "config.h"

#include <curses.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lineedit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const int fuzz_keys[] = {
	KEY_LEFT, KEY_RIGHT, KEY_UP, KEY_DOWN, KEY_HOME, KEY_END,
	KEY_BACKSPACE, KEY_DC, KEY_ENTER, KEY_RESIZE, KEY_F(1), 127, 27,
	'\n', '\r', 1 /* ^A */, 5 /* ^E */, 7 /* ^G */, 11 /* ^K */,
	21 /* ^U */, 23 /* ^W */,
};

static void
fuzz_lineedit_check(const struct lineedit *le)
{
	if (le->len >= LINEEDIT_MAX || le->cur > le->len ||
	    le->buf[le->len] != '\0' || strlen(le->buf) != le->len)
		abort();
	if (le->hist_count < 0 || le->hist_count > LINEEDIT_HISTORY ||
	    le->hist_pos < 0 || le->hist_pos > le->hist_count)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct lineedit le;
	size_t i;
	int key;

	lineedit_init(&le);
	lineedit_start(&le, size > 0 && data[0] & 1 ? "tcp port 443" : NULL);
	for (i = 0; i < size; i++) {
		key = data[i];
		/* 0xff: the next byte names a special key */
		if (key == 0xff && i + 1 < size)
			key = fuzz_keys[data[++i] % (sizeof(fuzz_keys) /
						     sizeof(fuzz_keys[0]))];
		if (lineedit_key(&le, key) == LINEEDIT_ACCEPT) {
			lineedit_history_add(&le, le.buf);
			lineedit_start(&le, NULL);
		}
		fuzz_lineedit_check(&le);
	}
	return 0;
}
