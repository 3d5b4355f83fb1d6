/*
 * icmp: ICMP (RFC 792) and IGMP (RFC 2236, RFC 3376).
 */
#ifndef PKTOP_PROTO_ICMP_H
#define PKTOP_PROTO_ICMP_H

#include "decode/dissect.h"

void icmp_dissect(struct cursor *c, struct dissect *d);
void igmp_dissect(struct cursor *c, struct dissect *d);

#endif
