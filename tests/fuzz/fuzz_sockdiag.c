/*
 * fuzz_sockdiag: the socket-diagnostics netlink reply parser
 * (capture/sockdiag.c, sockdiag_reply), which reads what the kernel sends
 * back: message and attribute lengths, error messages, tcp_info of any
 * size. Input: one byte of flags (bit 0 UDP instead of TCP, bit 1 the
 * single-socket lookup, bits 2-3 the list's cap: none, 1, 3, 8), four
 * bytes of the request's sequence number (little-endian), then one
 * datagram. Whatever the bytes, the parser keeps to the cap, says one of
 * 1/0/-1, gives an errno only with -1, and never reads past the end.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "capture/sockdiag.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t caps[4] = { 0, 1, 3, 8 };
	struct sockdiag_list l;
	uint8_t *copy, flags, l4;
	uint32_t seq;
	bool not_found = false;
	int rc, code = -1;

	if (size < 5)
		return 0;
	flags = data[0];
	seq = (uint32_t)data[1] | (uint32_t)data[2] << 8 |
	      (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
	data += 5;
	size -= 5;
	/* an exact-size heap copy: ASan sees any read past the end */
	copy = malloc(size ? size : 1);
	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	memset(&l, 0, sizeof(l));
	l.max = caps[(flags >> 2) & 3];
	l4 = flags & 1 ? 17 : 6;
	rc = sockdiag_reply(&l, l4, seq, copy, size, (flags & 2) != 0,
			    &not_found, &code);
	if (rc < -1 || rc > 1 || (rc == -1) != (code != 0))
		abort();
	if (l.max != 0 && l.n > l.max)
		abort();
	if ((flags & 2) && l.n > 1)
		abort();
	for (size_t i = 0; i < l.n; i++) {
		const struct sockdiag_sock *s = &l.v[i];

		if (s->l4 != l4 || (s->has_info && l4 != 6) ||
		    (s->local.family != 4 && s->local.family != 6) ||
		    (s->remote.family != 4 && s->remote.family != 6))
			abort();
	}
	sockdiag_list_free(&l);
	free(copy);
	return 0;
}
