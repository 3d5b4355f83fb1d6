/*
 * tcp: TCP (RFC 9293) header and options.
 */
#ifndef PKTOP_PROTO_TCP_H
#define PKTOP_PROTO_TCP_H

#include "decode/dissect.h"

void tcp_dissect(struct cursor *c, struct dissect *d);

#endif
