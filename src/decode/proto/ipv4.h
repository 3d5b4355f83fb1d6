/*
 * ipv4: IPv4 (RFC 791): options, fragments.
 */
#ifndef PKTOP_PROTO_IPV4_H
#define PKTOP_PROTO_IPV4_H

#include "decode/dissect.h"

void ipv4_dissect(struct cursor *c, struct dissect *d);

#endif
