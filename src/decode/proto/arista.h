/*
 * arista: Arista's vendor-specific EtherType 0xd28b (AVSP) timestamp tag.
 */
#ifndef PKTOP_PROTO_ARISTA_H
#define PKTOP_PROTO_ARISTA_H

#include "decode/dissect.h"

void arista_dissect(struct cursor *c, struct dissect *d);

#endif
