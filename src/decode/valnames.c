/*
 * valnames: a field's table by a scan of the few named fields (cheap:
 * the first byte decides most), then a binary search by value.
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
valnames_lookup(const char *field, uint64_t v)
{
	const struct valnames_field *f = valnames_table(field);
	const struct valname *n;
	size_t lo, hi, mid;

	if (f == NULL || v > UINT32_MAX)
		return NULL;
	n = f->names;
	lo = 0;
	hi = f->count;
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (n[mid].value == v)
			return n[mid].name;
		if (n[mid].value < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}
