/*
 * field_names: a binary search over the sorted list field_names.sh
 * writes from the dissectors' sources (field_names.inc, made by make).
 */
#include "config.h"

#include "decode/field_names.h"

#include <stdlib.h>
#include <string.h>

#include "decode/proto_table.h"

const char *const field_names[] = {
#include "decode/field_names.inc"
};

const size_t field_names_count =
	sizeof(field_names) / sizeof(field_names[0]);

static int
field_names_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

bool
field_name_known(const char *name)
{
	if (name == NULL || *name == '\0')
		return false;
	if (proto_by_tree_name(name) != NULL)
		return true;
	return bsearch(name, field_names, field_names_count,
		       sizeof(field_names[0]), field_names_cmp) != NULL;
}
