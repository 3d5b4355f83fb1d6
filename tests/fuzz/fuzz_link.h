/*
 * fuzz_link: the first byte of an input picks the link type, so one
 * corpus reaches every link-layer entry point of the decoder.
 */
#ifndef PKTOP_FUZZ_LINK_H
#define PKTOP_FUZZ_LINK_H

#include <stddef.h>
#include <stdint.h>

/* DLT_ / LINKTYPE_ values src/decode.c dispatches on, and one it does
 * not know (it must say "undecoded", not crash). */
static const int fuzz_links[] = {
	0,   /* NULL */
	1,   /* EN10MB */
	9,   /* PPP */
	12,  /* RAW */
	14,  /* RAW (OpenBSD) */
	50,  /* PPP_SERIAL */
	51,  /* PPP_ETHER */
	104, /* C_HDLC */
	105, /* IEEE802_11 */
	127, /* IEEE802_11_RADIO */
	101, /* LINKTYPE_RAW */
	108, /* LOOP */
	113, /* LINUX_SLL */
	228, /* IPV4 */
	229, /* IPV6 */
	276, /* LINUX_SLL2 */
	147, /* USER0: unknown */
};

/* Take the link type from the first byte; the frame is the rest. */
static inline int
fuzz_link_take(const uint8_t **data, size_t *size)
{
	int link;

	if (*size == 0)
		return -1;
	link = fuzz_links[(*data)[0] % (sizeof(fuzz_links) /
					sizeof(fuzz_links[0]))];
	(*data)++;
	(*size)--;
	return link;
}

#endif
