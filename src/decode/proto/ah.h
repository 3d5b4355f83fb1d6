/*
 * ah: IP Authentication Header (RFC 4302), walked to what it protects.
 */
#ifndef PKTOP_PROTO_AH_H
#define PKTOP_PROTO_AH_H

#include "decode/dissect.h"

void ah_dissect(struct cursor *c, struct dissect *d);

#endif
