/*
 * macsec: IEEE 802.1AE MAC security tag (EtherType 0x88e5).
 */
#ifndef PKTOP_PROTO_MACSEC_H
#define PKTOP_PROTO_MACSEC_H

#include "decode/dissect.h"

void macsec_dissect(struct cursor *c, struct dissect *d);

#endif
