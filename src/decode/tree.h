/*
 * tree: the field tree of one dissected packet. Each node has a field
 * name in Wireshark's display-filter form ("ip.src", "tcp.flags"), a
 * display value formatted as `tshark -T fields` prints it, a label for
 * people, and the byte range it came from (for the hex pane).
 *
 * Parsers call the tree_* emitters below with a tree that is NULL on the
 * hot path: the inline wrappers then cost one branch and nothing else.
 */
#ifndef PKTOP_TREE_H
#define PKTOP_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TREE_NONE (-1)

enum tree_flag {
	TREE_FLAG_PROTOCOL = 1 << 0,  /* a protocol subtree: "ip", "tcp" */
	TREE_FLAG_MALFORMED = 1 << 1, /* this layer was malformed */
	TREE_FLAG_TRUNCATED = 1 << 2, /* bytes ran out inside it */
	TREE_FLAG_GENERATED = 1 << 3, /* derived, not in the bytes ([...]) */
};

struct tree_node {
	const char *field;  /* display-filter name; NULL for a text line */
	const char *label;  /* for people, e.g. "Source Address" */
	char *value;        /* tshark -T fields form; "" for subtrees */
	uint32_t offset;    /* first byte in the frame */
	uint32_t length;    /* bytes covered (0: none) */
	int parent;         /* index, or TREE_NONE */
	int first_child;    /* index, or TREE_NONE */
	int next_sibling;   /* index, or TREE_NONE */
	int last_child;     /* index, or TREE_NONE: appends in O(1) */
	uint16_t depth;
	uint16_t flags;     /* enum tree_flag */
};

struct tree {
	struct tree_node *nodes;
	int count;
	int capacity;
	int open;           /* innermost open subtree, or TREE_NONE */
	char *text;         /* arena for the value strings */
	size_t text_used;
	size_t text_capacity;
	bool out_of_memory; /* a node was dropped; the tree says so */
	/* The captured length of the frame (decode_tree sets it): a field
	 * that starts past it was read from bytes that are not there (a
	 * cursor past the end reads zeros), so it is left out. */
	bool limited;
	size_t captured;
	int lost_open;      /* subtrees dropped at the cap, still to pop */
	/* Every node is dropped: a walk run only for what it leaves in the
	 * flow state (a packet -V's filter hides) costs no formatting. */
	bool discard;
};

void tree_init(struct tree *t);
void tree_free(struct tree *t);
void tree_reset(struct tree *t);

/* The first node whose field is NAME at or after index FROM, or -1. */
int tree_find(const struct tree *t, const char *field, int from);

/* Out-of-line builders; call them through the inline wrappers. */
int tree_do_push(struct tree *t, const char *field, const char *label,
		 size_t off, size_t len);
void tree_do_pop(struct tree *t, size_t end_off);
int tree_do_add(struct tree *t, const char *field, const char *label,
		size_t off, size_t len, const char *fmt, ...)
	__attribute__((format(printf, 6, 7)));
int tree_do_add_uint(struct tree *t, const char *field, const char *label,
		     size_t off, size_t len, uint64_t v);
int tree_do_add_bytes_text(struct tree *t, const char *field,
			   const char *label, size_t off, size_t len,
			   const uint8_t *s, size_t n);
void tree_do_flag(struct tree *t, unsigned flags);

/* Open a protocol subtree ("ip", "Internet Protocol Version 4") covering
 * [off, off+len); len 0 means "until tree_pop". */
static inline void
tree_push(struct tree *t, const char *field, const char *label, size_t off,
	  size_t len)
{
	if (t)
		tree_do_push(t, field, label, off, len);
}

/* Close the innermost subtree; END_OFF fixes its length when it was 0. */
static inline void
tree_pop(struct tree *t, size_t end_off)
{
	if (t)
		tree_do_pop(t, end_off);
}

/* Mark the innermost open subtree malformed or truncated. */
static inline void
tree_flag(struct tree *t, unsigned flags)
{
	if (t)
		tree_do_flag(t, flags);
}

/* Decimal, as tshark prints integers. */
static inline void
tree_uint(struct tree *t, const char *field, const char *label, size_t off,
	  size_t len, uint64_t v)
{
	if (t)
		tree_do_add_uint(t, field, label, off, len, v);
}

/* 0x-prefixed, zero-padded to DIGITS (flags, checksums). */
static inline void
tree_hex(struct tree *t, const char *field, const char *label, size_t off,
	 size_t len, uint64_t v, int digits)
{
	if (t)
		tree_do_add(t, field, label, off, len, "0x%0*llx", digits,
			    (unsigned long long)v);
}

/* Bytes from the packet shown as text, escaped (never trusted). */
static inline void
tree_text_bytes(struct tree *t, const char *field, const char *label,
		size_t off, size_t len, const uint8_t *s, size_t n)
{
	if (t)
		tree_do_add_bytes_text(t, field, label, off, len, s, n);
}

/* Bytes of one character at S that may be shown as itself (valid UTF-8
 * within N bytes that base/escape.h's policy allows), or 0 if S[0] must
 * be escaped: escape_shown_len, kept for the tree's readers. */
size_t tree_text_safe_len(const uint8_t *s, size_t n);

/* Dotted IPv4, compressed IPv6, colon MAC: formatted by the caller's
 * helper in tree.c. */
void tree_ipv4(struct tree *t, const char *field, const char *label,
	       size_t off, const uint8_t a[4]);
void tree_ipv6(struct tree *t, const char *field, const char *label,
	       size_t off, const uint8_t a[16]);
void tree_mac(struct tree *t, const char *field, const char *label,
	      size_t off, const uint8_t a[6]);

#endif
