/*
 * proto_table: the table of protocol descriptors, built from
 * proto_list.h. A new protocol is its file under decode/proto/ (with its
 * descriptor at the end) plus one line in proto_list.h.
 */
#include "config.h"

#include "decode/proto_table.h"

#include <string.h>

static const struct proto_desc proto_none = {
	.id = PROTO_NONE,
	.name = "unknown",
	.label = "unknown",
	.layer = PROTO_LAYER_APP,
};

const struct proto_desc *const proto_table[PROTO_COUNT] = {
	[PROTO_NONE] = &proto_none,
#define PROTO_LIST(id, desc) [id] = &desc,
#include "decode/proto_list.h"
#undef PROTO_LIST
};

const char *
proto_name(unsigned id)
{
	if (id >= PROTO_COUNT)
		return proto_none.name;
	return proto_table[id]->name;
}

enum proto_id
proto_by_name(const char *name)
{
	for (unsigned i = 1; i < PROTO_COUNT; i++)
		if (strcmp(proto_table[i]->name, name) == 0)
			return (enum proto_id)i;
	return PROTO_NONE;
}

const struct proto_desc *
proto_by_tree_name(const char *field)
{
	for (unsigned i = 1; i < PROTO_COUNT; i++)
		if (proto_table[i]->tree_name &&
		    strcmp(proto_table[i]->tree_name, field) == 0)
			return proto_table[i];
	return NULL;
}
