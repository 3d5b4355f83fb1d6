/*
 * fuzz_tree: the drill-down's decoder (decode_tree) over every link type
 * and every application a connection may have been identified as. The
 * tree it builds must hold together: parents before children, depths
 * that match, byte ranges that start inside the frame, strings that end;
 * every value is passed through the terminal escaper as the UI does.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "decode/decode.h"
#include "fuzz_link.h"
#include "inspect/packet_info.h"
#include "decode/proto_table.h"
#include "base/escape.h"
#include "decode/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void
fuzz_tree_check(const struct tree *t, size_t caplen)
{
	char out[256];
	int i;

	for (i = 0; i < t->count; i++) {
		const struct tree_node *n = &t->nodes[i];

		if (n->parent != TREE_NONE &&
		    (n->parent < 0 || n->parent >= i ||
		     t->nodes[n->parent].depth + 1 != n->depth))
			abort();
		if (n->parent == TREE_NONE && n->depth != 0)
			abort();
		/* a leaf from bytes that were not captured shows an
		 * invented value (decode_tree drops those) */
		if (n->first_child == TREE_NONE && n->length > 0 &&
		    n->offset >= caplen &&
		    !(n->flags & (TREE_FLAG_GENERATED | TREE_FLAG_PROTOCOL)))
			abort();
		if (n->value)
			escape_text(n->value, strlen(n->value), out,
				       sizeof(out));
		if (n->label)
			escape_text(n->label, strlen(n->label), out,
				       sizeof(out));
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct tree t;
	static int ready;
	struct decode_summary s;
	struct packet_info pi;
	uint8_t *frame;
	unsigned app;
	int link = fuzz_link_take(&data, &size);

	if (link < 0 || size == 0)
		return 0;
	/* the second byte: the application the connection was seen as */
	app = data[0] % PROTO_COUNT;
	data++;
	size--;
	if (!ready) {
		tree_init(&t);
		ready = 1;
	}
	frame = malloc(size ? size : 1);
	if (!frame)
		return 0;
	memcpy(frame, data, size);
	tree_reset(&t);
	decode_tree(link, frame, size, size, app, &s, &t);
	fuzz_tree_check(&t, size);
	packet_info_from_tree(&t, &s, &pi);
	free(frame);
	return 0;
}
