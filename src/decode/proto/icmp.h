/*
 * icmp: ICMP (RFC 792) and IGMP (RFC 2236, RFC 3376).
 */
#ifndef PKTOP_PROTO_ICMP_H
#define PKTOP_PROTO_ICMP_H

#include "decode/dissect.h"

void icmp_dissect(struct cursor *c, struct dissect *d);
void igmp_dissect(struct cursor *c, struct dissect *d);

/* The name of an ICMP type as tshark's Info column gives it (a msgid:
 * translate it with _()), or NULL. */
const char *icmp_type_name(unsigned type);

#endif
