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

/* A field name a dissector keeps in a table rather than passing to a
 * typed adder: TREE_FIELD(FIELD_IPV4, "arp.src.proto_ipv4") is just the
 * name, and says its display-filter type to src/decode/field_table.awk
 * (which reads the dissectors' text, not their tables). */
#define TREE_FIELD(type, name) (name)

enum tree_flag {
	TREE_FLAG_PROTOCOL = 1 << 0,  /* a protocol subtree: "ip", "tcp" */
	TREE_FLAG_MALFORMED = 1 << 1, /* this layer was malformed */
	TREE_FLAG_TRUNCATED = 1 << 2, /* bytes ran out inside it */
	TREE_FLAG_GENERATED = 1 << 3, /* derived, not in the bytes ([...]) */
	/* a field for filters and --fields only, left out of the tree
	 * people read (tshark's hidden ip.addr, tcp.port) */
	TREE_FLAG_HIDDEN = 1 << 4,
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
	/* A protocol's "Src: ..., Dst: ..." title, or NULL: set by its
	 * dissector (tree_title), printed after the label by -V. */
	char *title;
	/* How people read the value when it is not the value itself, as
	 * tshark -V shows it ("IPv4 (0x0800)"), or NULL: tree_shown. */
	char *shown;
};

/* The packet list's columns as the dissectors set them while they walk
 * (Wireshark's col_set_str / col_add_fstr): raw text, escaped by whoever
 * prints it. Room for more than the list shows, so its cut is its own. */
#define TREE_INFO_MAX 1024

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
	/* The protocol naming the packet (enum proto_id, 0 none), its Info
	 * text, and the nodes of the link addresses shown when there is no
	 * IP (TREE_NONE: none). Once fixed (an ICMP error's quoted packet
	 * follows), later layers leave the columns alone. */
	unsigned col_proto;
	int col_node;       /* its subtree: only it writes the Info */
	bool col_fixed;
	int col_src, col_dst;
	size_t info_len;
	size_t info_fence;  /* a new column keeps the text before it */
	char info[TREE_INFO_MAX];
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
/* 0x-prefixed as tree_hex; a field with named values (decode/
 * valnames.h) reads "NAME (0x0800)" for people, as does tree_uint's
 * "NAME (17)". */
int tree_do_add_hex(struct tree *t, const char *field, const char *label,
		    size_t off, size_t len, uint64_t v, int digits);
int tree_do_add_bytes_text(struct tree *t, const char *field,
			   const char *label, size_t off, size_t len,
			   const uint8_t *s, size_t n);
void tree_do_flag(struct tree *t, unsigned flags);
void tree_do_column(struct tree *t, unsigned proto, bool fix);
void tree_do_column_addrs(struct tree *t, int src, int dst);
void tree_do_info(struct tree *t, unsigned proto, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void tree_do_info_node(struct tree *t, unsigned proto, int node);
void tree_do_title(struct tree *t, const char *src_label, int src,
		   const char *dst_label, int dst);
void tree_do_shown(struct tree *t, int node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* The open protocol's title is the formatted text, printed after its
 * label ("Domain Name System (query)"); trusted text, as tree_shown's. */
void tree_do_title_text(struct tree *t, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void tree_do_info_fence(struct tree *t, unsigned proto);

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

/* Decimal, as tshark prints integers. The adders return the node's
 * index, or -1 when there is no tree or the field was left out (past the
 * captured bytes, at the cap): the Info text and titles go by it. */
static inline int
tree_uint(struct tree *t, const char *field, const char *label, size_t off,
	  size_t len, uint64_t v)
{
	return t ? tree_do_add_uint(t, field, label, off, len, v) : -1;
}

/* 0x-prefixed, zero-padded to DIGITS (flags, checksums). */
static inline int
tree_hex(struct tree *t, const char *field, const char *label, size_t off,
	 size_t len, uint64_t v, int digits)
{
	return t ? tree_do_add_hex(t, field, label, off, len, v, digits) : -1;
}

/* Bytes from the packet shown as text, escaped (never trusted). */
static inline int
tree_text_bytes(struct tree *t, const char *field, const char *label,
		size_t off, size_t len, const uint8_t *s, size_t n)
{
	return t ? tree_do_add_bytes_text(t, field, label, off, len, s, n)
		 : -1;
}

/* PROTO (enum proto_id) names the packet in the packet list from here on
 * (its subtree just opened): the Info text starts over. FIX: it keeps
 * the columns whatever follows (ICMP, whose error quotes a packet). */
static inline void
tree_column(struct tree *t, unsigned proto, bool fix)
{
	if (t)
		tree_do_column(t, proto, fix);
}

/* Nodes SRC and DST hold the link addresses the list shows for a packet
 * without IP; the first pair set stays. */
static inline void
tree_column_addrs(struct tree *t, int src, int dst)
{
	if (t)
		tree_do_column_addrs(t, src, dst);
}

/* Append to the Info text, when PROTO still names the packet: formatted,
 * or the value of node NODE (nothing when NODE < 0). */
#define tree_info(t, proto, ...)                                       \
	do {                                                           \
		if (t)                                                 \
			tree_do_info(t, proto, __VA_ARGS__);           \
	} while (0)

static inline void
tree_info_node(struct tree *t, unsigned proto, int node)
{
	if (t)
		tree_do_info_node(t, proto, node);
}

/* The open protocol's title: ", SRC_LABEL: <node SRC>, DST_LABEL: <node
 * DST>", when both nodes are there (Wireshark's proto_item_append_text). */
static inline void
tree_title(struct tree *t, const char *src_label, int src,
	   const char *dst_label, int dst)
{
	if (t)
		tree_do_title(t, src_label, src, dst_label, dst);
}

/* Node NODE (< 0: nothing) reads as the formatted text for people (-V,
 * the drill-down), its value staying what --fields prints: a named value
 * "IPv4 (0x0800)". The text is trusted: names from tables, numbers. */
#define tree_shown(t, node, ...)                                      \
	do {                                                          \
		if (t)                                                \
			tree_do_shown(t, node, __VA_ARGS__);          \
	} while (0)

/* The text people read for node N: its shown text, else its value. */
static inline const char *
tree_node_text(const struct tree_node *n)
{
	return n->shown ? n->shown : n->value;
}

/* Node NODE, just added, opens as a subtree: the nodes added next are
 * its children until tree_pop (a value with parts: TLS's Random). NODE
 * < 0: nothing, and the matching tree_pop closes nothing. */
void tree_do_open(struct tree *t, int node);

static inline void
tree_open(struct tree *t, int node)
{
	if (t)
		tree_do_open(t, node);
}

/* Mark node NODE generated (TREE_FLAG_GENERATED: "[...]", derived,
 * not in the bytes); NODE < 0: nothing. */
static inline void
tree_generated(struct tree *t, int node)
{
	if (t && node >= 0 && node < t->count)
		t->nodes[node].flags |= TREE_FLAG_GENERATED;
}

/* Mark node NODE hidden (TREE_FLAG_HIDDEN); NODE < 0: nothing. */
static inline void
tree_hide(struct tree *t, int node)
{
	if (t && node >= 0 && node < t->count)
		t->nodes[node].flags |= TREE_FLAG_HIDDEN;
}

/* The Info text written so far for PROTO stays when a later layer takes
 * the column (tshark's col_set_fence): TCP's analysis flags. */
static inline void
tree_info_fence(struct tree *t, unsigned proto)
{
	if (t)
		tree_do_info_fence(t, proto);
}

/* Bytes of one character at S that may be shown as itself (valid UTF-8
 * within N bytes that base/escape.h's policy allows), or 0 if S[0] must
 * be escaped: escape_shown_len, kept for the tree's readers. */
size_t tree_text_safe_len(const uint8_t *s, size_t n);

/* Dotted IPv4, compressed IPv6, colon MAC: formatted by the caller's
 * helper in tree.c. */
int tree_ipv4(struct tree *t, const char *field, const char *label,
	      size_t off, const uint8_t a[4]);
int tree_ipv6(struct tree *t, const char *field, const char *label,
	      size_t off, const uint8_t a[16]);
int tree_mac(struct tree *t, const char *field, const char *label,
	     size_t off, const uint8_t a[6]);

#endif
