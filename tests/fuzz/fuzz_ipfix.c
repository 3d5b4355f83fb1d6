/*
 * fuzz_ipfix: the collector's decoder (capture/ipfix_in) on what any host
 * may send to --collect: the input is a TCP stream of IPFIX messages,
 * framed by their length fields as collect.c frames it (a broken frame:
 * the rest as one message); each message is decoded twice, from two
 * sessions. Every flow handed out must be sane.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/ipfix_in.h"
#include "decode/proto_table.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_ipfix_flow(void *arg, uint32_t domain, const struct model_flow_in *f)
{
	(void)arg;
	(void)domain;
	if (f->a.family != 4 && f->a.family != 6)
		abort();
	if (f->a.family != f->b.family)
		abort();
	if (f->name_len >= MODEL_NAME_MAX || f->name[f->name_len] != '\0')
		abort();
	if (f->app >= PROTO_COUNT)
		abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* one decoder, emptied after each input: a fresh 800 KB table per
	 * input costs more than the decoding */
	static struct ipfix_in *in;
	size_t off = 0;
	uint32_t domain;

	if (in == NULL && (in = ipfix_in_new()) == NULL)
		return 0;
	while (off < size) {
		size_t len = ipfix_in_length(data + off, size - off);

		if (len == 0 || len > size - off)
			len = size - off;
		(void)ipfix_in_message(in, 1, data + off, len, &domain,
				       fuzz_ipfix_flow, NULL);
		(void)ipfix_in_message(in, 2, data + off, len, &domain,
				       fuzz_ipfix_flow, NULL);
		off += len;
	}
	ipfix_in_forget(in, 1);
	ipfix_in_forget(in, 2);
	memset(&in->st, 0, sizeof(in->st));
	in->clock = 0;
	return 0;
}
