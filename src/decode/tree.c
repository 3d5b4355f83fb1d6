/*
 * tree: storage for the field tree of one packet (see tree.h). Nodes live
 * in one array and their values in one text arena; both grow on demand up
 * to a hard cap, so a hostile packet with thousands of options costs a
 * bounded amount of memory and ends with a marked, shortened tree.
 */
#include "config.h"

#include "decode/tree.h"
#include "decode/valnames.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/escape.h"

/* The caps: far above any sane packet (a full 64 KiB DNS response has at
 * most a few thousand records), low enough to keep one tree under a few
 * MiB. */
#define TREE_MAX_NODES 16384
#define TREE_MAX_TEXT (4u << 20)
#define TREE_MAX_DEPTH 64
#define TREE_FIRST_NODES 128
#define TREE_FIRST_TEXT 4096

static void
tree_columns_clear(struct tree *t)
{
	t->col_proto = 0;
	t->col_node = TREE_NONE;
	t->col_fixed = false;
	t->col_src = t->col_dst = TREE_NONE;
	t->info_len = 0;
	t->info_fence = 0;
	t->info[0] = '\0';
}

void
tree_init(struct tree *t)
{
	memset(t, 0, sizeof(*t));
	t->open = TREE_NONE;
	tree_columns_clear(t);
}

void
tree_free(struct tree *t)
{
	free(t->nodes);
	free(t->text);
	tree_init(t);
}

/* Keep the buffers: the drill-down re-dissects packet after packet. */
void
tree_reset(struct tree *t)
{
	t->count = 0;
	t->open = TREE_NONE;
	t->text_used = 0;
	t->out_of_memory = false;
	t->lost_open = 0;
	t->limited = false;
	tree_columns_clear(t);
}

/* A field whose bytes all lie past the captured ones. */
static bool
tree_beyond(const struct tree *t, size_t off, size_t len)
{
	return t->limited && len > 0 && off >= t->captured;
}

int
tree_find(const struct tree *t, const char *field, int from)
{
	int i;

	if (!t || !field)
		return -1;
	for (i = from < 0 ? 0 : from; i < t->count; i++) {
		const char *f = t->nodes[i].field;
		if (f && strcmp(f, field) == 0)
			return i;
	}
	return -1;
}

static int
tree_grow_nodes(struct tree *t)
{
	struct tree_node *n;
	int cap;

	if (t->count < t->capacity)
		return 0;
	if (t->capacity >= TREE_MAX_NODES)
		return -1;
	cap = t->capacity ? t->capacity * 2 : TREE_FIRST_NODES;
	if (cap > TREE_MAX_NODES)
		cap = TREE_MAX_NODES;
	n = realloc(t->nodes, (size_t)cap * sizeof(*n));
	if (!n)
		return -1;
	t->nodes = n;
	t->capacity = cap;
	return 0;
}

/* Room for NEED more bytes of text. Node values point into the arena, so
 * a move copies to a new block and rebases them before freeing the old
 * one (no pointer into freed memory is ever used). */
static int
tree_grow_text(struct tree *t, size_t need)
{
	size_t cap;
	char *n;
	int i;

	if (need <= t->text_capacity - t->text_used)
		return 0;
	if (need > TREE_MAX_TEXT - t->text_used)
		return -1;
	cap = t->text_capacity ? t->text_capacity : TREE_FIRST_TEXT;
	while (cap - t->text_used < need)
		cap *= 2;
	if (cap > TREE_MAX_TEXT)
		cap = TREE_MAX_TEXT;
	n = malloc(cap);
	if (!n)
		return -1;
	if (t->text) {
		memcpy(n, t->text, t->text_used);
		for (i = 0; i < t->count; i++) {
			t->nodes[i].value = n + (t->nodes[i].value - t->text);
			if (t->nodes[i].title)
				t->nodes[i].title =
					n + (t->nodes[i].title - t->text);
			if (t->nodes[i].shown)
				t->nodes[i].shown =
					n + (t->nodes[i].shown - t->text);
		}
		free(t->text);
	}
	t->text = n;
	t->text_capacity = cap;
	return 0;
}

/* Append a node under the open subtree; its value is set by the caller.
 * Returns its index or -1 (the tree is then marked out of memory). */
static int
tree_append(struct tree *t, const char *field, const char *label,
	    size_t off, size_t len)
{
	struct tree_node *n;
	int i;

	if (tree_grow_nodes(t) < 0 || tree_grow_text(t, 1) < 0)
		goto full;
	i = t->count++;
	n = &t->nodes[i];
	n->field = field;
	n->label = label;
	n->value = t->text + t->text_used;
	t->text[t->text_used++] = '\0';
	n->offset = off > UINT32_MAX ? UINT32_MAX : (uint32_t)off;
	n->length = len > UINT32_MAX ? UINT32_MAX : (uint32_t)len;
	n->parent = t->open;
	n->first_child = TREE_NONE;
	n->next_sibling = TREE_NONE;
	n->last_child = TREE_NONE;
	n->flags = 0;
	n->depth = 0;
	n->title = NULL;
	n->shown = NULL;
	if (t->open != TREE_NONE) {
		struct tree_node *p = &t->nodes[t->open];
		n->depth = (uint16_t)(p->depth + 1);
		if (p->last_child == TREE_NONE)
			p->first_child = i;
		else
			t->nodes[p->last_child].next_sibling = i;
		p->last_child = i;
	} else {
		int j;
		/* Roots chain as siblings too. The previous root is the
		 * nearest earlier node without a parent; each node is
		 * passed over at most once by these walks. */
		for (j = i - 1; j >= 0; j--)
			if (t->nodes[j].parent == TREE_NONE) {
				t->nodes[j].next_sibling = i;
				break;
			}
	}
	return i;
full:
	t->out_of_memory = true;
	return -1;
}

int
tree_do_push(struct tree *t, const char *field, const char *label,
	     size_t off, size_t len)
{
	int i = -1;

	if (t->discard)
		return -1;
	/* A group inside a protocol ("ipv6.fraghdr") that starts past the
	 * captured bytes holds only invented fields: leave it out, quietly
	 * (a protocol's own subtree stays, to say it was cut short). */
	if ((!field || strchr(field, '.')) && t->limited &&
	    off >= t->captured) {
		t->lost_open++;
		return -1;
	}
	if (t->lost_open > 0 || (t->open != TREE_NONE &&
				 t->nodes[t->open].depth >= TREE_MAX_DEPTH))
		goto lost;
	i = tree_append(t, field, label, off, len);
	if (i < 0)
		goto lost;
	/* Protocols have short names without a dot ("ip", "tcp"); a
	 * dotted name or none is a group inside one ("Queries"). */
	if (field && !strchr(field, '.'))
		t->nodes[i].flags |= TREE_FLAG_PROTOCOL;
	t->open = i;
	return i;
lost:
	/* Count it so the matching pop closes nothing real. */
	t->out_of_memory = true;
	t->lost_open++;
	return -1;
}

void
tree_do_open(struct tree *t, int node)
{
	if (t->discard)
		return;
	if (node < 0 || node >= t->count || t->lost_open > 0 ||
	    t->nodes[node].parent != t->open ||
	    t->nodes[node].depth >= TREE_MAX_DEPTH) {
		t->lost_open++;
		return;
	}
	t->open = node;
}

void
tree_do_pop(struct tree *t, size_t end_off)
{
	struct tree_node *n;

	if (t->discard)
		return;
	if (t->lost_open > 0) {
		t->lost_open--;
		return;
	}
	if (t->open == TREE_NONE)
		return;
	n = &t->nodes[t->open];
	if (n->length == 0 && end_off > n->offset)
		n->length = end_off - n->offset > UINT32_MAX
				    ? UINT32_MAX
				    : (uint32_t)(end_off - n->offset);
	t->open = n->parent;
}

/* Node I's value becomes the N bytes at V. */
static void
tree_set_value(struct tree *t, int i, const char *v, size_t n)
{
	if (n == 0)
		return;
	if (tree_grow_text(t, n + 1) < 0) {
		t->out_of_memory = true;
		return;
	}
	memcpy(t->text + t->text_used, v, n);
	t->text[t->text_used + n] = '\0';
	t->nodes[i].value = t->text + t->text_used;
	t->text_used += n + 1;
}

int
tree_do_add(struct tree *t, const char *field, const char *label,
	    size_t off, size_t len, const char *fmt, ...)
{
	char small[128];
	va_list ap;
	int i, n;

	if (t->discard)
		return -1;
	if (tree_beyond(t, off, len))
		return -1;
	i = tree_append(t, field, label, off, len);
	if (i < 0)
		return -1;
	/* one pass for the usual short value, a second for a long one */
	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n <= 0)
		return i;
	if ((size_t)n < sizeof(small)) {
		tree_set_value(t, i, small, (size_t)n);
		return i;
	}
	if (tree_grow_text(t, (size_t)n + 1) < 0) {
		t->out_of_memory = true;
		return i;
	}
	va_start(ap, fmt);
	vsnprintf(t->text + t->text_used, (size_t)n + 1, fmt, ap);
	va_end(ap);
	t->nodes[i].value = t->text + t->text_used;
	t->text_used += (size_t)n + 1;
	return i;
}

/* Node I of FIELD holds V, written as TEXT (LEN bytes, not in the
 * arena): a named value reads "NAME (TEXT)" for people. */
static void
tree_named(struct tree *t, int i, const char *field, const char *text,
	   size_t len, uint64_t v)
{
	const char *name = valnames_lookup(field, v);

	if (name)
		tree_do_shown(t, i, "%s (%.*s)", name, (int)len, text);
	else if (valnames_has(field))
		tree_do_shown(t, i, "Unknown (%.*s)", (int)len, text);
}

int
tree_do_add_uint(struct tree *t, const char *field, const char *label,
		 size_t off, size_t len, uint64_t v)
{
	char buf[20];
	size_t n = sizeof(buf);
	uint64_t v0 = v;
	int i;

	if (t->discard || tree_beyond(t, off, len))
		return -1;
	i = tree_append(t, field, label, off, len);
	if (i < 0)
		return -1;
	/* decimal by hand: most fields are numbers */
	do {
		buf[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v > 0);
	tree_set_value(t, i, buf + n, sizeof(buf) - n);
	tree_named(t, i, field, buf + n, sizeof(buf) - n, v0);
	return i;
}

int
tree_do_add_hex(struct tree *t, const char *field, const char *label,
		size_t off, size_t len, uint64_t v, int digits)
{
	char buf[24];
	int i, n;

	if (t->discard || tree_beyond(t, off, len))
		return -1;
	i = tree_append(t, field, label, off, len);
	if (i < 0)
		return -1;
	n = snprintf(buf, sizeof(buf), "0x%0*llx", digits < 16 ? digits : 16,
		     (unsigned long long)v);
	if (n <= 0 || (size_t)n >= sizeof(buf))
		return i;
	tree_set_value(t, i, buf, (size_t)n);
	tree_named(t, i, field, buf, (size_t)n, v);
	return i;
}

size_t
tree_text_safe_len(const uint8_t *s, size_t n)
{
	return escape_shown_len(s, n);
}

/* Packet bytes as text through escape.h's C sink in -V's dialect: \n \r
 * \t by name and a backslash kept single, as tshark shows them. */
int
tree_do_add_bytes_text(struct tree *t, const char *field, const char *label,
		       size_t off, size_t len, const uint8_t *s, size_t n)
{
	size_t used;
	int i;

	if (t->discard)
		return -1;
	if (tree_beyond(t, off, len))
		return -1;
	i = tree_append(t, field, label, off, len);
	if (i < 0 || !s || n == 0)
		return i;
	/* Worst case four output bytes per input byte: \xNN, and a refused
	 * character's \u{NNNN} takes at most 8 for 2 bytes, 9 for 4. */
	if (n > (TREE_MAX_TEXT - 1) / 4 ||
	    tree_grow_text(t, 4 * n + 1) < 0) {
		t->out_of_memory = true;
		return i;
	}
	t->nodes[i].value = t->text + t->text_used;
	used = escape_to_buf((const char *)s, n, ESCAPE_SINK_C,
			     ESCAPE_C_NAMED | ESCAPE_C_KEEP_BACKSLASH,
			     t->text + t->text_used, 4 * n + 1);
	t->text_used += used + 1;
	return i;
}

void
tree_do_flag(struct tree *t, unsigned flags)
{
	int i = t->open;

	if (t->discard)
		return;
	/* No open subtree: the layer that just closed is the one meant. */
	if (i == TREE_NONE)
		i = t->count - 1;
	while (i != TREE_NONE && i >= 0 &&
	       !(t->nodes[i].flags & TREE_FLAG_PROTOCOL))
		i = t->nodes[i].parent;
	if (i == TREE_NONE || i < 0)
		return;
	t->nodes[i].flags |= (uint16_t)flags;
}

int
tree_ipv4(struct tree *t, const char *field, const char *label, size_t off,
	  const uint8_t a[4])
{
	if (!t)
		return -1;
	return tree_do_add(t, field, label, off, 4, "%u.%u.%u.%u", a[0], a[1],
			   a[2], a[3]);
}

int
tree_ipv6(struct tree *t, const char *field, const char *label, size_t off,
	  const uint8_t a[16])
{
	char buf[INET6_ADDRSTRLEN];

	if (!t)
		return -1;
	/* inet_ntop follows RFC 5952 (longest zero run, lowercase), as
	 * tshark does. */
	if (!inet_ntop(AF_INET6, a, buf, sizeof(buf)))
		buf[0] = '\0';
	return tree_do_add(t, field, label, off, 16, "%s", buf);
}

int
tree_mac(struct tree *t, const char *field, const char *label, size_t off,
	 const uint8_t a[6])
{
	if (!t)
		return -1;
	return tree_do_add(t, field, label, off, 6,
			   "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2],
			   a[3], a[4], a[5]);
}

/* The open subtree is a real protocol node (its push was not dropped). */
static int
tree_open_protocol(const struct tree *t)
{
	if (t->discard || t->lost_open > 0 || t->open == TREE_NONE ||
	    !(t->nodes[t->open].flags & TREE_FLAG_PROTOCOL))
		return TREE_NONE;
	return t->open;
}

/* A root: the layers of the packet itself (a group inside one, a tunnel's
 * or a quoted packet's nested subtrees do not name it). */
static bool
tree_open_is_root(const struct tree *t)
{
	int p = tree_open_protocol(t);

	return p != TREE_NONE && t->nodes[p].parent == TREE_NONE;
}

/* The protocol subtree the open node lies in, or TREE_NONE. */
static int
tree_open_layer(const struct tree *t)
{
	int i = t->open;

	while (i != TREE_NONE && !(t->nodes[i].flags & TREE_FLAG_PROTOCOL))
		i = t->nodes[i].parent;
	return i;
}

/* Info text goes to the column from the layer that holds it only (not
 * from the same protocol quoted or tunnelled further in). */
static bool
tree_info_open(const struct tree *t, unsigned proto)
{
	return !t->discard && proto != 0 && proto == t->col_proto &&
	       tree_open_layer(t) == t->col_node;
}

void
tree_do_column(struct tree *t, unsigned proto, bool fix)
{
	if (t->col_fixed || !tree_open_is_root(t))
		return;
	t->col_proto = proto;
	t->col_node = t->open;
	t->col_fixed = fix;
	t->info_len = t->info_fence;
	t->info[t->info_len] = '\0';
}

void
tree_do_info_fence(struct tree *t, unsigned proto)
{
	if (tree_info_open(t, proto))
		t->info_fence = t->info_len;
}

/* FMT's text appended to the tree's text arena; NULL (out of memory
 * said) when it does not fit. */
static char *tree_text_vformat(struct tree *t, const char *fmt,
				     va_list ap)
	__attribute__((format(printf, 2, 0)));

static char *
tree_text_vformat(struct tree *t, const char *fmt, va_list ap)
{
	va_list again;
	char *s;
	int n;

	va_copy(again, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0 || tree_grow_text(t, (size_t)n + 1) < 0) {
		va_end(again);
		t->out_of_memory = true;
		return NULL;
	}
	s = t->text + t->text_used;
	vsnprintf(s, (size_t)n + 1, fmt, again);
	va_end(again);
	t->text_used += (size_t)n + 1;
	return s;
}

void
tree_do_shown(struct tree *t, int node, const char *fmt, ...)
{
	char *s;
	va_list ap;

	if (t->discard || node < 0 || node >= t->count)
		return;
	va_start(ap, fmt);
	s = tree_text_vformat(t, fmt, ap);
	va_end(ap);
	if (s)
		t->nodes[node].shown = s;
}

void
tree_do_title_text(struct tree *t, const char *fmt, ...)
{
	int p = tree_open_protocol(t);
	char *s;
	va_list ap;

	if (t->discard || p == TREE_NONE)
		return;
	va_start(ap, fmt);
	s = tree_text_vformat(t, fmt, ap);
	va_end(ap);
	if (s)
		t->nodes[p].title = s;
}

void
tree_do_column_addrs(struct tree *t, int src, int dst)
{
	if (t->discard)
		return;
	if (t->col_src == TREE_NONE && src >= 0)
		t->col_src = src;
	if (t->col_dst == TREE_NONE && dst >= 0)
		t->col_dst = dst;
}

/* Append N bytes of S to the Info text, cut at its end. */
static void
tree_info_append(struct tree *t, const char *s, size_t n)
{
	size_t room = sizeof(t->info) - 1 - t->info_len;

	if (n > room)
		n = room;
	memcpy(t->info + t->info_len, s, n);
	t->info_len += n;
	t->info[t->info_len] = '\0';
}

void
tree_do_info(struct tree *t, unsigned proto, const char *fmt, ...)
{
	char buf[TREE_INFO_MAX];
	va_list ap;
	int n;

	if (!tree_info_open(t, proto))
		return;
	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > 0)
		tree_info_append(t, buf, strnlen(buf, sizeof(buf)));
}

void
tree_do_info_node(struct tree *t, unsigned proto, int node)
{
	const char *v;

	if (!tree_info_open(t, proto) || node < 0 || node >= t->count)
		return;
	v = t->nodes[node].value;
	tree_info_append(t, v, strlen(v));
}

void
tree_do_title(struct tree *t, const char *src_label, int src,
	      const char *dst_label, int dst)
{
	int p = tree_open_protocol(t);
	int n;

	if (p == TREE_NONE || src < 0 || dst < 0 || src >= t->count ||
	    dst >= t->count)
		return;
	n = snprintf(NULL, 0, ", %s: %s, %s: %s", src_label,
		     t->nodes[src].value, dst_label, t->nodes[dst].value);
	if (n <= 0 || tree_grow_text(t, (size_t)n + 1) < 0) {
		t->out_of_memory = true;
		return;
	}
	snprintf(t->text + t->text_used, (size_t)n + 1, ", %s: %s, %s: %s",
		 src_label, t->nodes[src].value, dst_label,
		 t->nodes[dst].value);
	t->nodes[p].title = t->text + t->text_used;
	t->text_used += (size_t)n + 1;
}
