/*
 * icmpv6: ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861).
 */
#ifndef PKTOP_PROTO_ICMPV6_H
#define PKTOP_PROTO_ICMPV6_H

#include "decode/dissect.h"

void icmpv6_dissect(struct cursor *c, struct dissect *d);

#endif
