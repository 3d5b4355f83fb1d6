/*
 * dfbar: the display filter bar's Tab completion. Pure text work on the
 * edit line and the field table (inspect/dfilter.h); screen.c draws.
 */
#ifndef PKTOP_UI_DFBAR_H
#define PKTOP_UI_DFBAR_H

#include <stddef.h>

struct lineedit;

/* Complete the field name that ends at LE's cursor: the whole name when
 * one field starts so, else the part all candidates share. NOTE gets the
 * candidates ("tcp.srcport tcp.stream ... (+3)") or why there is none
 * ("" when one was completed). Returns the number of candidates. */
size_t dfbar_complete(struct lineedit *le, char *note, size_t notelen);

#endif
