/*
 * fuzz_textesc: the text-safety module (base/escape.c) every packet string
 * passes before a terminal, a report or a spreadsheet. Whatever the bytes
 * and the room, each sink's result ends in NUL inside the room and holds
 * only characters the policy shows (no C0, DEL, C1, bidi, zero-width or
 * other format character, no invalid UTF-8) plus the sink's own syntax;
 * the JSON sink's escapes are well formed; the terminal cell never lets a
 * refused character through and never reads past the end.
 */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* TAB: the CSV sink keeps a tab inside its field. */
static void
fuzz_textesc_check(const char *out, size_t len, size_t room, int tab)
{
	const unsigned char *u = (const unsigned char *)out;
	size_t i = 0, k;
	unsigned cp;

	if (len >= room || out[len] != '\0' || strlen(out) != len)
		abort();
	while (i < len) {
		if (tab && u[i] == '\t') {
			i++;
			continue;
		}
		/* whole UTF-8 characters the policy shows, nothing else */
		k = escape_utf8_decode(u + i, len - i, &cp);
		if (k == 0 || !escape_cp_shown(cp))
			abort();
		i += k;
	}
}

/* JSON: every backslash starts one of the escapes RFC 8259 knows. */
static void
fuzz_textesc_check_json(const char *out, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		if (out[i] == '"')
			abort(); /* a quote is always escaped */
		if (out[i] != '\\')
			continue;
		if (i + 1 >= len || !strchr("\"\\nrtu", out[i + 1]))
			abort();
		if (out[i + 1] == 'u' &&
		    (i + 5 >= len ||
		     strspn(out + i + 2, "0123456789abcdef") < 4))
			abort();
		i++;
	}
}

static void
fuzz_textesc_cells(const char *in, size_t n)
{
	size_t i = 0, len;
	int cells;

	while (i < n) {
		if (escape_cell(in + i, n - i, &len, &cells) &&
		    escape_shown_len((const unsigned char *)in + i, n - i) !=
			    len)
			abort();
		if (len == 0 || len > n - i || cells < 0 || cells > 2)
			abort();
		i += len;
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const unsigned c_flags[] = {
		0, ESCAPE_C_NAMED | ESCAPE_C_KEEP_BACKSLASH,
	};
	static int locale_set;
	size_t room, len, k;
	char *in, *out;

	if (!locale_set) {
		setlocale(LC_CTYPE, "C.UTF-8");
		locale_set = 1;
	}
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
	for (k = 0; k < sizeof(c_flags) / sizeof(c_flags[0]); k++) {
		len = escape_to_buf(in, size, ESCAPE_SINK_C, c_flags[k], out,
				    room);
		fuzz_textesc_check(out, len, room, 0);
	}
	len = escape_text(in, size, out, room);
	fuzz_textesc_check(out, len, room, 0);
	len = escape_to_buf(in, size, ESCAPE_SINK_JSON, 0, out, room);
	fuzz_textesc_check(out, len, room, 0);
	fuzz_textesc_check_json(out, len);
	len = escape_to_buf(in, size, ESCAPE_SINK_CSV, 0, out, room);
	fuzz_textesc_check(out, len, room, 1);
	fuzz_textesc_cells(in, size);
out:
	free(in);
	free(out);
	return 0;
}
