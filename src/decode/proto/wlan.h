/*
 * wlan: IEEE 802.11 data frames, bare or behind a radiotap header.
 */
#ifndef PKTOP_PROTO_WLAN_H
#define PKTOP_PROTO_WLAN_H

#include "decode/dissect.h"

void wlan_dissect(struct cursor *c, struct dissect *d);
void wlan_dissect_radiotap(struct cursor *c, struct dissect *d);

#endif
