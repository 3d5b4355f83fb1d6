/*
 * llc: IEEE 802.2 LLC and SNAP (RFC 1042) under 802.3 length frames.
 */
#ifndef PKTOP_PROTO_LLC_H
#define PKTOP_PROTO_LLC_H

#include "decode/dissect.h"

void llc_dissect(struct cursor *c, struct dissect *d);

#endif
