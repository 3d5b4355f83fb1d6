/*
 * loop: BSD NULL and LOOP link headers: a 4-byte address family.
 */
#ifndef PKTOP_PROTO_LOOP_H
#define PKTOP_PROTO_LOOP_H

#include "decode/dissect.h"

void loop_dissect_null(struct cursor *c, struct dissect *d);
void loop_dissect_loop(struct cursor *c, struct dissect *d);

#endif
