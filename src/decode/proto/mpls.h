/*
 * mpls: MPLS label stacks (RFC 3032).
 */
#ifndef PKTOP_PROTO_MPLS_H
#define PKTOP_PROTO_MPLS_H

#include "decode/dissect.h"

void mpls_dissect(struct cursor *c, struct dissect *d);

#endif
