/*
 * cursor: the one way pktop reads packet bytes. A cursor is a window
 * [pos, end) into a frame; every getter checks the length first and, when
 * the bytes run out, sets a sticky error flag and returns 0 instead of
 * reading past the end. Offsets are absolute within the frame so the
 * drill-down can highlight a field's bytes.
 */
#ifndef PKTOP_CURSOR_H
#define PKTOP_CURSOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

struct cursor {
	const uint8_t *frame; /* first byte of the captured frame */
	size_t pos;           /* next byte to read, from frame */
	size_t end;           /* one past the last readable byte */
	bool err;             /* sticky: a read ran past end */
};

static inline void
cursor_init(struct cursor *c, const uint8_t *frame, size_t caplen)
{
	c->frame = frame;
	c->pos = 0;
	c->end = caplen;
	c->err = false;
}

static inline size_t
cursor_left(const struct cursor *c)
{
	return c->pos < c->end ? c->end - c->pos : 0;
}

static inline bool
cursor_has(const struct cursor *c, size_t n)
{
	return !c->err && cursor_left(c) >= n;
}

/* A cursor on the next n bytes (a layer's own length, e.g. IP total
 * length), clamped to what was captured: caplen < len is normal. */
static inline struct cursor
cursor_sub(const struct cursor *c, size_t n)
{
	struct cursor s = *c;
	if (n < cursor_left(c))
		s.end = c->pos + n;
	return s;
}

/* Shrink this cursor so it ends n bytes after its position (clamped). */
static inline void
cursor_limit(struct cursor *c, size_t n)
{
	if (n < cursor_left(c))
		c->end = c->pos + n;
}

static inline bool
cursor_fail(struct cursor *c)
{
	c->err = true;
	return false;
}

static inline bool
cursor_skip(struct cursor *c, size_t n)
{
	if (!cursor_has(c, n))
		return cursor_fail(c);
	c->pos += n;
	return true;
}

/* Pointer to the next n bytes, or NULL (and the error flag) if they are
 * not all there. The caller reads at most n bytes from it. */
static inline const uint8_t *
cursor_ptr(struct cursor *c, size_t n)
{
	const uint8_t *p;

	if (!cursor_has(c, n)) {
		cursor_fail(c);
		return NULL;
	}
	p = c->frame + c->pos;
	c->pos += n;
	return p;
}

/* Peek at byte i after the position without moving; -1 when absent. */
static inline int
cursor_peek_u8(const struct cursor *c, size_t i)
{
	if (c->err || cursor_left(c) <= i)
		return -1;
	return c->frame[c->pos + i];
}

static inline uint8_t
cursor_u8(struct cursor *c)
{
	const uint8_t *p = cursor_ptr(c, 1);
	return p ? p[0] : 0;
}

static inline uint16_t
cursor_be16(struct cursor *c)
{
	const uint8_t *p = cursor_ptr(c, 2);
	return p ? (uint16_t)(p[0] << 8 | p[1]) : 0;
}

static inline uint32_t
cursor_be24(struct cursor *c)
{
	const uint8_t *p = cursor_ptr(c, 3);
	return p ? (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2] : 0;
}

static inline uint32_t
cursor_be32(struct cursor *c)
{
	const uint8_t *p = cursor_ptr(c, 4);
	return p ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
			   (uint32_t)p[2] << 8 | p[3]
		 : 0;
}

static inline uint64_t
cursor_be64(struct cursor *c)
{
	uint64_t hi = cursor_be32(c);
	return hi << 32 | cursor_be32(c);
}

static inline uint16_t
cursor_le16(struct cursor *c)
{
	const uint8_t *p = cursor_ptr(c, 2);
	return p ? (uint16_t)(p[1] << 8 | p[0]) : 0;
}

static inline uint32_t
cursor_le32(struct cursor *c)
{
	const uint8_t *p = cursor_ptr(c, 4);
	return p ? (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
			   (uint32_t)p[1] << 8 | p[0]
		 : 0;
}

/* Copy n bytes out; on a short read dst is zeroed and false returned. */
static inline bool
cursor_bytes(struct cursor *c, void *dst, size_t n)
{
	const uint8_t *p = cursor_ptr(c, n);
	if (!p) {
		memset(dst, 0, n);
		return false;
	}
	memcpy(dst, p, n);
	return true;
}

#endif
