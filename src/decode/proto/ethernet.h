/*
 * ethernet: Ethernet II / 802.3 and 802.1Q / 802.1ad VLAN tags (IEEE 802.3, 802.1Q).
 */
#ifndef PKTOP_PROTO_ETHERNET_H
#define PKTOP_PROTO_ETHERNET_H

#include "decode/dissect.h"

void ethernet_dissect(struct cursor *c, struct dissect *d);
void vlan_dissect(struct cursor *c, struct dissect *d);
void vlan_dissect_8021ad(struct cursor *c, struct dissect *d);

#endif
