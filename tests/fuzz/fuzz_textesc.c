/*
 * fuzz_textesc: the two escapers every packet string passes through
 * before a terminal (ui/textesc.c) or JSON/CSV/text output
 * (src/escape.c). Whatever the bytes and the room, the result ends in
 * NUL inside the room and holds no control byte (C0, DEL, ESC) and no
 * C1 control encoded in UTF-8: nothing a terminal would act on.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "textesc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* BIDI: escape_text also escapes the bidi overrides (which reorder
 * what follows them on screen). */
static void
fuzz_textesc_check(const char *out, size_t len, size_t room, int bidi)
{
	const unsigned char *u = (const unsigned char *)out;
	size_t i = 0, k;
	unsigned cp;

	if (len >= room || out[len] != '\0' || strlen(out) != len)
		abort();
	while (i < len) {
		if (u[i] < 0x80) {
			if (u[i] < 0x20 || u[i] == 0x7f)
				abort();
			i++;
			continue;
		}
		/* whole UTF-8 characters only, never a C1 control */
		k = escape_utf8_decode(u + i, len - i, &cp);
		if (k == 0 || (cp >= 0x80 && cp <= 0x9f))
			abort();
		if (bidi && ((cp >= 0x202a && cp <= 0x202e) ||
			     (cp >= 0x2066 && cp <= 0x2069)))
			abort();
		i += k;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t room, len;
	char *in, *out;

	if (size == 0)
		return 0;
	/* the first byte: how much room the caller has (1..256) */
	room = (size_t)data[0] + 1;
	data++;
	size--;
	in = malloc(size ? size : 1);
	out = malloc(room);
	if (!in || !out)
		goto out;
	memcpy(in, data, size);
	len = textesc_escape(in, size, out, room);
	fuzz_textesc_check(out, len, room, 0);
	len = escape_text(in, size, out, room);
	fuzz_textesc_check(out, len, room, 1);
out:
	free(in);
	free(out);
	return 0;
}
