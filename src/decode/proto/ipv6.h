/*
 * ipv6: IPv6 (RFC 8200) and its extension headers.
 */
#ifndef PKTOP_PROTO_IPV6_H
#define PKTOP_PROTO_IPV6_H

#include "decode/dissect.h"

void ipv6_dissect(struct cursor *c, struct dissect *d);

#endif
