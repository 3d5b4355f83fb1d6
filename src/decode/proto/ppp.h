/*
 * ppp: PPP (RFC 1661, HDLC-like framing RFC 1662) and PPPoE sessions (RFC 2516).
 */
#ifndef PKTOP_PROTO_PPP_H
#define PKTOP_PROTO_PPP_H

#include "decode/dissect.h"

void ppp_dissect(struct cursor *c, struct dissect *d);
void pppoe_dissect_session(struct cursor *c, struct dissect *d);

#endif
