/*
 * arp: ARP (RFC 826).
 */
#ifndef PKTOP_PROTO_ARP_H
#define PKTOP_PROTO_ARP_H

#include "decode/dissect.h"

void arp_dissect(struct cursor *c, struct dissect *d);

#endif
