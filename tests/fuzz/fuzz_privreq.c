/*
 * fuzz_privreq: the privileged helper's request decoder
 * (base/privhelper.c), the one piece of root code that reads bytes from
 * the unprivileged side. Whatever the bytes, it accepts only a header
 * whose length is the payload's, a known operation with its own flags,
 * a path of 1..PATH_MAX-1 bytes without NUL (NUL-ended once decoded), or
 * 1..64 whole inodes; and never reads past the end.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/privhelper.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct privhelper_req q;
	struct privhelper_hdr h;
	uint8_t *copy;
	size_t plen;

	/* an exact-size heap copy: ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (privhelper_decode(copy, size, &q) == 0) {
		if (size < sizeof(h))
			abort();
		memcpy(&h, copy, sizeof(h));
		if (h.len != size - sizeof(h) || q.flags != h.flags)
			abort();
		switch (q.op) {
		case PRIVHELPER_OWNERS:
			if (q.n == 0 || q.n > PRIVHELPER_OWNERS_MAX ||
			    q.n * 8 != h.len)
				abort();
			break;
		case PRIVHELPER_SEAL:
			if (h.len != 0)
				abort();
			break;
		case PRIVHELPER_OPEN:
		case PRIVHELPER_UNLINK:
		case PRIVHELPER_ALLOW:
			plen = strnlen(q.path, sizeof(q.path));
			if (plen == 0 || plen != h.len ||
			    plen >= sizeof(q.path) ||
			    memcmp(q.path, copy + sizeof(h), plen) != 0)
				abort();
			break;
		default:
			abort();
		}
	}
	free(copy);
	return 0;
}
