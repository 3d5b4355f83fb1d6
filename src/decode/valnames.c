/*
 * valnames: a field's table by a scan of the few named fields (cheap:
 * the first byte decides most), then a binary search by value
 * (valnames_find, which dissectors' own tables use too).
 */
#include "config.h"

#include "decode/valnames.h"

#include <string.h>

static const struct valnames_field *
valnames_table(const char *field)
{
	if (field == NULL)
		return NULL;
	for (size_t k = 0; k < valnames_fields_count; k++)
		if (valnames_fields[k].field[0] == field[0] &&
		    strcmp(valnames_fields[k].field, field) == 0)
			return &valnames_fields[k];
	return NULL;
}

bool
valnames_has(const char *field)
{
	return valnames_table(field) != NULL;
}

const char *
valnames_find(const struct valname *names, size_t count, uint64_t v)
{
	size_t lo = 0, hi = count, mid;

	if (v > UINT32_MAX)
		return NULL;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (names[mid].value == v)
			return names[mid].name;
		if (names[mid].value < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
valnames_lookup(const char *field, uint64_t v)
{
	const struct valnames_field *f = valnames_table(field);

	return f ? valnames_find(f->names, f->count, v) : NULL;
}

const struct valnames_by *
valnames_by_key(const struct valnames_by *by, size_t count, uint64_t key)
{
	for (size_t k = 0; k < count; k++)
		if (by[k].key == key)
			return &by[k];
	return NULL;
}
