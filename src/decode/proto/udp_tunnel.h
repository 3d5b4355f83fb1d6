/*
 * udp_tunnel: tunnels carried in UDP by well-known port (VXLAN, VXLAN-GPE,
 * Geneve, Teredo, GTP-U). Drill-down only: the summary stops at the
 * outer transport.
 */
#ifndef PKTOP_PROTO_UDP_TUNNEL_H
#define PKTOP_PROTO_UDP_TUNNEL_H

#include <stdbool.h>

#include "decode/dissect.h"

/* Dissect C as the tunnel SPORT or DPORT names, into the tree only.
 * False when neither port is a tunnel's. */
bool udp_tunnel_dissect(struct cursor *c, struct dissect *d, uint16_t sport,
			uint16_t dport);

#endif
