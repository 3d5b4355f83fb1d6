/*
 * valnames: a field's table by a scan of the few named fields (cheap:
 * the first byte decides most), then a binary search by value.
 */
#include "config.h"

#include "decode/valnames.h"

#include <string.h>

const char *
valnames_lookup(const char *field, uint64_t v)
{
	const struct valname *n;
	size_t lo, hi, mid;

	if (field == NULL || v > UINT32_MAX)
		return NULL;
	for (size_t k = 0; k < valnames_fields_count; k++) {
		if (valnames_fields[k].field[0] != field[0] ||
		    strcmp(valnames_fields[k].field, field) != 0)
			continue;
		n = valnames_fields[k].names;
		lo = 0;
		hi = valnames_fields[k].count;
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
	return NULL;
}
