/*
 * fuzz_dfilter: the display filter compiler (inspect/dfilter.c) on any
 * text, and what it compiles run on a small packet. The input is split at
 * its first NUL: the filter text, then the frame's bytes (its tree is the
 * one decode_tree makes of them as Ethernet). A refused filter must say
 * where (a position inside the text, a message); a compiled one must run
 * on the tree, on the summary alone and with no tree, and be freed clean.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "decode/proto_table.h"
#include "decode/tree.h"
#include "inspect/dfilter.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nul = memchr(data, 0, size);
	size_t tlen = nul ? (size_t)(nul - data) : size;
	char *text = malloc(tlen + 1);
	struct dfilter_error e;
	struct dfilter *f;
	char out[2048];

	if (text == NULL)
		return 0;
	memcpy(text, data, tlen);
	text[tlen] = '\0';
	f = dfilter_compile(text, &e);
	if (f == NULL) {
		if (e.msg[0] == '\0' || e.pos > tlen || e.len == 0)
			abort();
		dfilter_error_format(text, &e, out, sizeof(out));
		if (strlen(out) >= sizeof(out))
			abort();
	} else {
		const uint8_t *frame = nul ? nul + 1 : data + size;
		size_t flen = nul ? size - tlen - 1 : 0;
		struct decode_summary s;
		struct tree t;
		struct dfilter_packet p = {
			.number = 1, .time = 1.0, .len = (uint32_t)flen,
			.caplen = (uint32_t)flen, .data = frame, .s = &s,
		};

		tree_init(&t);
		decode_tree(1 /* DLT_EN10MB */, frame, flen, flen, PROTO_NONE,
			    &s, &t);
		(void)dfilter_match_summary(f, &p);
		p.t = &t;
		(void)dfilter_match(f, &p);
		if (!dfilter_needs_tree(f)) {
			p.t = NULL;
			(void)dfilter_match(f, &p);
		}
		tree_free(&t);
		dfilter_free(f);
	}
	free(text);
	return 0;
}
