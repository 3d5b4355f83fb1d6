/*
 * field_table: lookups in the generated table plus the few added fields.
 */
#include "decode/field_table.h"

#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"

static const struct field_extra field_extras[] = {
	{{"frame", FIELD_PROTOCOL}, FIELD_PSEUDO_FRAME, {NULL, NULL}},
	{{"frame.number", FIELD_UINT}, FIELD_PSEUDO_NUMBER, {NULL, NULL}},
	{{"frame.len", FIELD_UINT}, FIELD_PSEUDO_LEN, {NULL, NULL}},
	{{"frame.cap_len", FIELD_UINT}, FIELD_PSEUDO_CAP_LEN, {NULL, NULL}},
	{{"frame.time_epoch", FIELD_DOUBLE},
	 FIELD_PSEUDO_TIME_EPOCH,
	 {NULL, NULL}},
	{{"frame.protocols", FIELD_STRING},
	 FIELD_PSEUDO_PROTOCOLS,
	 {NULL, NULL}},
	{{"eth.addr", FIELD_ETHER}, FIELD_PSEUDO_EITHER, {"eth.src", "eth.dst"}},
};

#define FIELD_EXTRAS (sizeof(field_extras) / sizeof(field_extras[0]))

static int
field_cmp(const void *key, const void *elem)
{
	const struct field_def *d = elem;

	return strcmp(key, d->name);
}

const struct field_extra *
field_extra_lookup(const char *name)
{
	size_t i;

	for (i = 0; i < FIELD_EXTRAS; i++)
		if (strcmp(field_extras[i].def.name, name) == 0) {
			/* a field the tree gains later is taken from it */
			if (bsearch(name, field_table_gen,
				    field_table_gen_count,
				    sizeof(field_table_gen[0]), field_cmp))
				return NULL;
			return &field_extras[i];
		}
	return NULL;
}

const struct field_def *
field_lookup(const char *name)
{
	const struct field_extra *x = field_extra_lookup(name);

	if (x)
		return &x->def;
	return bsearch(name, field_table_gen, field_table_gen_count,
		       sizeof(field_table_gen[0]), field_cmp);
}

size_t
field_count(void)
{
	return field_table_gen_count + FIELD_EXTRAS;
}

const struct field_def *
field_at(size_t i)
{
	if (i < field_table_gen_count)
		return &field_table_gen[i];
	i -= field_table_gen_count;
	return i < FIELD_EXTRAS ? &field_extras[i].def : NULL;
}

const char *
field_type_name(enum field_type type)
{
	switch (type) {
	case FIELD_PROTOCOL:
		return _("a protocol");
	case FIELD_UINT:
		return _("an unsigned integer");
	case FIELD_DOUBLE:
		return _("a floating point number");
	case FIELD_IPV4:
		return _("an IPv4 address");
	case FIELD_IPV6:
		return _("an IPv6 address");
	case FIELD_ETHER:
		return _("an Ethernet address");
	case FIELD_STRING:
		return _("a character string");
	case FIELD_TEXT:
		break;
	}
	return _("a value");
}
