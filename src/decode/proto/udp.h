/*
 * udp: UDP (RFC 768).
 */
#ifndef PKTOP_PROTO_UDP_H
#define PKTOP_PROTO_UDP_H

#include "decode/dissect.h"

void udp_dissect(struct cursor *c, struct dissect *d);

#endif
