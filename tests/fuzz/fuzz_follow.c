/*
 * fuzz_follow: the reassembler (inspect/follow.c) fed a crafted sequence
 * of TCP segments or UDP datagrams between two endpoints. Each record of
 * the input: a control byte (bit 0 the direction, bits 1-4 SYN, FIN,
 * ACK, RST; bit 5 UDP; bit 6 cut the frame short as a snap length
 * would), a 16-bit step added to the direction's sequence number (signed:
 * backwards too), a 16-bit acknowledgement step, a length byte, then
 * that many payload bytes. Every frame is copied to a buffer of exactly
 * its captured length so ASan sees a read past it. Then the result must
 * hold together: the pieces inside the data, the counts adding up, the
 * cap kept.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "inspect/follow.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_follow_be16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
fuzz_follow_be32(uint8_t *p, uint32_t v)
{
	fuzz_follow_be16(p, v >> 16);
	fuzz_follow_be16(p + 2, v & 0xffff);
}

/* Ethernet, IPv4, TCP or UDP, payload; the frame's length. */
static size_t
fuzz_follow_frame(uint8_t *f, int dir, int udp, uint32_t seq, uint32_t ack,
		  uint8_t flags, const uint8_t *pl, size_t n)
{
	static const uint8_t a[4] = { 10, 0, 0, 1 }, b[4] = { 10, 0, 0, 2 };
	size_t l4 = udp ? 8 : 20, ip = 20 + l4 + n;

	memset(f, 0, 14 + ip);
	f[12] = 0x08;
	f[14] = 0x45;
	fuzz_follow_be16(f + 16, (unsigned)ip);
	f[22] = 64;
	f[23] = udp ? 17 : 6;
	memcpy(f + 26, dir ? b : a, 4);
	memcpy(f + 30, dir ? a : b, 4);
	fuzz_follow_be16(f + 34, dir ? 80 : 40000);
	fuzz_follow_be16(f + 36, dir ? 40000 : 80);
	if (udp) {
		fuzz_follow_be16(f + 38, (unsigned)(8 + n));
	} else {
		fuzz_follow_be32(f + 38, seq);
		fuzz_follow_be32(f + 42, ack);
		f[46] = 5 << 4;
		f[47] = flags;
	}
	memcpy(f + 34 + l4, pl, n);
	return 34 + l4 + n;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	uint8_t frame[14 + 20 + 20 + 255];
	uint32_t seq[2] = { 1000, 900000 }, ack[2] = { 0, 0 };
	uint64_t bytes[2] = { 0, 0 }, missing[2] = { 0, 0 };
	size_t total = 0;
	struct follow *f;
	int udp = size > 0 && (data[0] & 0x20);

	f = follow_new(udp ? 17 : 6, size > 0 && (data[0] & 0x80));
	if (f == NULL)
		return 0;
	f->cap = 1 + (size & 0x3fff); /* small caps are reached */
	while (size >= 6) {
		uint8_t c = data[0], n = data[5];
		int dir = c & 1;
		uint8_t flags = (uint8_t)(((c >> 1) & 1 ? 0x02 : 0) |
					  ((c >> 2) & 1 ? 0x01 : 0) |
					  ((c >> 3) & 1 ? 0x10 : 0) |
					  ((c >> 4) & 1 ? 0x04 : 0));
		size_t len, cap;
		uint8_t *copy;

		seq[dir] += (uint32_t)(int16_t)(data[1] << 8 | data[2]);
		ack[dir] += (uint32_t)(int16_t)(data[3] << 8 | data[4]);
		data += 6;
		size -= 6;
		if (n > size)
			n = (uint8_t)size;
		len = fuzz_follow_frame(frame, dir, udp, seq[dir], ack[dir],
					flags, data, n);
		data += n;
		size -= n;
		cap = (c & 0x40) && len > 40 ? len - (len - 40) / 2 : len;
		copy = malloc(cap);
		if (copy == NULL)
			break;
		memcpy(copy, frame, cap);
		follow_add(f, 1, 0, 0, copy, cap, len);
		free(copy);
	}
	follow_finish(f);
	for (size_t i = 0; i < f->nchunks; i++) {
		const struct follow_chunk *ch = &f->chunks[i];

		if (ch->dir > 1)
			abort();
		if (ch->kind == FOLLOW_GAP) {
			missing[ch->dir] += ch->len;
			continue;
		}
		if (ch->data > f->ndata || ch->len > f->ndata - ch->data ||
		    ch->data != total || ch->len == 0)
			abort(); /* pieces lie in order, one after the other */
		bytes[ch->dir] += ch->len;
		total += ch->len;
	}
	if (total != f->ndata || bytes[0] != f->bytes[0] ||
	    bytes[1] != f->bytes[1] || missing[0] != f->missing[0] ||
	    missing[1] != f->missing[1] || f->ndata > f->cap)
		abort();
	follow_free(f);
	return 0;
}
