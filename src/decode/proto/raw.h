/*
 * raw: raw IP link types: the version nibble picks IPv4 or IPv6.
 */
#ifndef PKTOP_PROTO_RAW_H
#define PKTOP_PROTO_RAW_H

#include "decode/dissect.h"

void raw_dissect(struct cursor *c, struct dissect *d);

#endif
