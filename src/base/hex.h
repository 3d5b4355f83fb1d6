/* hex.h: reading hexadecimal digits, for every parser of hex text (the
 * display filter's \x escapes and byte strings, TLS key-log lines,
 * the C escapes of the tree's text that -T json spells its own way). */
#ifndef PKTOP_HEX_H
#define PKTOP_HEX_H

/* The value of hex digit C (either case), or -1 when C is not one. */
static inline int
hex_digit_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

#endif
