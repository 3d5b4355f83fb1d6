/*
 * fuzz_summary: the capture thread's decoder (decode_summary) and the
 * packet list's one-line description, over every link type. The frame
 * is copied to a buffer of exactly its length so ASan sees any read past
 * the captured bytes.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "fuzz_link.h"
#include "inspect/packet_info.h"
#include "decode/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tree scratch;
	static int ready;
	struct decode_summary s;
	struct packet_info pi;
	uint8_t *frame;
	int link = fuzz_link_take(&data, &size);

	if (link < 0)
		return 0;
	if (!ready) {
		tree_init(&scratch);
		ready = 1;
	}
	frame = malloc(size ? size : 1);
	if (!frame)
		return 0;
	memcpy(frame, data, size);
	/* as captured with a snap length: the wire held more */
	decode_summary(link, frame, size, size + (size & 0xff), &s);
	if (s.payload_off > size || s.payload_len > size - s.payload_off)
		abort(); /* the payload must lie inside the captured bytes */
	packet_info_from_summary(&s, &pi);
	packet_info_describe(link, frame, size, size, PROTO_NONE, &scratch,
			     &pi);
	if (!memchr(pi.info, '\0', sizeof(pi.info)) ||
	    !memchr(pi.protocol, '\0', sizeof(pi.protocol)))
		abort();
	free(frame);
	return 0;
}
