/*
 * icmpv6: ICMPv6 (RFC 4443) and neighbour discovery (RFC 4861).
 */
#ifndef PKTOP_PROTO_ICMPV6_H
#define PKTOP_PROTO_ICMPV6_H

#include "decode/dissect.h"

void icmpv6_dissect(struct cursor *c, struct dissect *d);

/* The name of an ICMPv6 type as tshark's Info column gives it (a msgid:
 * translate it with _()), or NULL. */
const char *icmpv6_type_name(unsigned type);

#endif
