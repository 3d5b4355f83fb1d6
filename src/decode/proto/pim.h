/*
 * pim: PIM (RFC 7761) header; Register messages carry a whole packet.
 */
#ifndef PKTOP_PROTO_PIM_H
#define PKTOP_PROTO_PIM_H

#include "decode/dissect.h"

void pim_dissect(struct cursor *c, struct dissect *d);

#endif
