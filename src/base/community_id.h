/*
 * community_id: the Community ID v1 flow hash (corelight's community-id
 * spec): the same "1:base64" string for both directions of a flow, so a
 * flow in pktop's log meets the same flow in Zeek's or Suricata's.
 */
#ifndef PKTOP_COMMUNITY_ID_H
#define PKTOP_COMMUNITY_ID_H

#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"

/* "1:" + 28 base64 characters + NUL */
#define COMMUNITY_ID_LEN 31

/* The id of the flow from SRC:SPORT to DST:DPORT over IP protocol PROTO
 * (for ICMP and ICMPv6 the ports are the type and the code; protocols
 * without ports pass 0, 0). -1 when the families differ. */
int community_id_v1(uint16_t seed, uint8_t proto, const struct addr *src,
		    uint16_t sport, const struct addr *dst, uint16_t dport,
		    char out[COMMUNITY_ID_LEN]);

#endif
