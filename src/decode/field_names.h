/*
 * field_names: whether a display-filter field name is one the dissectors
 * in decode/ can emit (for --fields -e NAME and the display filters). The
 * list is made at build time from the dissectors' sources
 * (field_names.sh), and the protocols' tree names count as fields too.
 */
#ifndef PKTOP_FIELD_NAMES_H
#define PKTOP_FIELD_NAMES_H

#include <stdbool.h>
#include <stddef.h>

bool field_name_known(const char *name);

/* The list itself, sorted (strcmp order), for those that walk it. */
extern const char *const field_names[];
extern const size_t field_names_count;

#endif
