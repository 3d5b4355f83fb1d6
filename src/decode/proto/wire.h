/*
 * wire: big-endian loads from a header the cursor has already handed out
 * whole (cursor_ptr checked all N bytes), so fixed headers cost one
 * bounds check instead of one per field.
 */
#ifndef PKTOP_PROTO_WIRE_H
#define PKTOP_PROTO_WIRE_H

#include <stdint.h>

static inline uint16_t
wire_be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t
wire_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

#endif
