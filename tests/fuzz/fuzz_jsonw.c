/*
 * fuzz_jsonw: the JSON writer's own shortcuts against the slow ways they
 * replace. A string (the input's bytes after the first 10) must come out
 * as the text-safety module's JSON sink writes it, between quotes,
 * whether the writer copied it whole or walked it; the first 8 bytes as
 * an integer and as a double (with the 9th byte's number of places) must
 * read as printf writes them, alone and as members after a key.
 */
#include "config.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"
#include "base/jsonw.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What the writer wrote, NUL-terminated, in a malloc'd buffer. */
struct fuzz_jsonw_out {
	char *buf;
	size_t len;
	FILE *f;
	struct jsonw w;
};

static void
fuzz_jsonw_open(struct fuzz_jsonw_out *o)
{
	o->buf = NULL;
	o->len = 0;
	o->f = open_memstream(&o->buf, &o->len);
	if (o->f == NULL)
		abort();
	jsonw_init(&o->w, o->f);
}

static const char *
fuzz_jsonw_close(struct fuzz_jsonw_out *o)
{
	if (jsonw_flush(&o->w) < 0)
		abort();
	fclose(o->f);
	return o->buf;
}

static void
fuzz_jsonw_expect(struct fuzz_jsonw_out *o, const char *want)
{
	if (strcmp(fuzz_jsonw_close(o), want) != 0)
		abort();
	free(o->buf);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fuzz_jsonw_out o;
	char want[512], member[600], *esc;
	uint64_t u = 0;
	double d;
	int decimals;
	size_t n, room;

	if (size < 10)
		return 0;
	memcpy(&u, data, sizeof(u));
	memcpy(&d, data, sizeof(d));
	decimals = data[8] % 10;

	snprintf(want, sizeof(want), "%llu", (unsigned long long)u);
	fuzz_jsonw_open(&o);
	jsonw_uint(&o.w, u);
	fuzz_jsonw_expect(&o, want);
	snprintf(member, sizeof(member), "{\"k\":%s,\"key\":%s}", want, want);
	fuzz_jsonw_open(&o);
	jsonw_object_begin(&o.w);
	jsonw_kv_uint(&o.w, "k", u);
	jsonw_kv_uint_n(&o.w, "key", 3, u);
	jsonw_object_end(&o.w);
	fuzz_jsonw_expect(&o, member);

	if (isfinite(d) && fabs(d) < 1e100) {
		snprintf(want, sizeof(want), "%.*f", decimals, d == 0 ? 0 : d);
		fuzz_jsonw_open(&o);
		jsonw_double(&o.w, d, decimals);
		fuzz_jsonw_expect(&o, want);
		snprintf(member, sizeof(member), "[1,%s]", want);
		fuzz_jsonw_open(&o);
		jsonw_array_begin(&o.w);
		jsonw_uint(&o.w, 1);
		jsonw_double(&o.w, d, decimals);
		jsonw_array_end(&o.w);
		fuzz_jsonw_expect(&o, member);
	}

	/* the string: escape.h's JSON sink is the reference */
	n = size - 10;
	room = 12 * n + 3;
	esc = malloc(room);
	if (esc == NULL)
		return 0;
	esc[0] = '"';
	n = escape_to_buf((const char *)data + 10, size - 10, ESCAPE_SINK_JSON,
			  0, esc + 1, room - 2);
	esc[1 + n] = '"';
	esc[2 + n] = '\0';
	fuzz_jsonw_open(&o);
	jsonw_string_n(&o.w, (const char *)data + 10, size - 10);
	fuzz_jsonw_expect(&o, esc);
	free(esc);
	return 0;
}
