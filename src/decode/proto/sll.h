/*
 * sll: Linux cooked capture headers, v1 (16 bytes) and v2 (20 bytes).
 */
#ifndef PKTOP_PROTO_SLL_H
#define PKTOP_PROTO_SLL_H

#include "decode/dissect.h"

void sll_dissect(struct cursor *c, struct dissect *d);
void sll2_dissect(struct cursor *c, struct dissect *d);

#endif
