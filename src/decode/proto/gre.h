/*
 * gre: Generic Routing Encapsulation (RFC 2784, RFC 2890, PPTP's
 * enhanced GRE RFC 2637) and the ERSPAN mirror headers it carries.
 */
#ifndef PKTOP_PROTO_GRE_H
#define PKTOP_PROTO_GRE_H

#include "decode/dissect.h"

void gre_dissect(struct cursor *c, struct dissect *d);

#endif
