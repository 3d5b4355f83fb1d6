/*
 * clipboard: OSC 52 ("ESC ] 52 ; c ; BASE64 BEL", xterm's control
 * sequences, Operating System Commands) and its base64.
 */
#include "config.h"

#include "clipboard.h"

#include <stdlib.h>

static const char clipboard_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
clipboard_base64(const uint8_t *in, size_t n, char *out, size_t size)
{
	size_t i, o = 0;

	if (size == 0 || (n + 2) / 3 * 4 >= size) {
		if (size)
			out[0] = '\0';
		return 0;
	}
	for (i = 0; i + 2 < n; i += 3) {
		uint32_t v = (uint32_t)in[i] << 16 | (uint32_t)in[i + 1] << 8 |
			     in[i + 2];

		out[o++] = clipboard_alphabet[v >> 18];
		out[o++] = clipboard_alphabet[(v >> 12) & 63];
		out[o++] = clipboard_alphabet[(v >> 6) & 63];
		out[o++] = clipboard_alphabet[v & 63];
	}
	if (i < n) {
		uint32_t v = (uint32_t)in[i] << 16;

		if (i + 1 < n)
			v |= (uint32_t)in[i + 1] << 8;
		out[o++] = clipboard_alphabet[v >> 18];
		out[o++] = clipboard_alphabet[(v >> 12) & 63];
		out[o++] = i + 1 < n ? clipboard_alphabet[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

int
clipboard_osc52(FILE *out, const void *data, size_t n)
{
	size_t size;
	char *b64;
	int rc = -1;

	if (n > CLIPBOARD_MAX)
		n = CLIPBOARD_MAX;
	size = (n + 2) / 3 * 4 + 1;
	b64 = malloc(size);
	if (b64 == NULL)
		return -1;
	if (n > 0 && clipboard_base64(data, n, b64, size) == 0)
		goto out;
	if (n == 0)
		b64[0] = '\0';
	if (fprintf(out, "\033]52;c;%s\a", b64) < 0 || fflush(out) != 0)
		goto out;
	rc = 0;
out:
	free(b64);
	return rc;
}
