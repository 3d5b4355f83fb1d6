/*
 * tcp: TCP (RFC 9293) header and options.
 */
#ifndef PKTOP_PROTO_TCP_H
#define PKTOP_PROTO_TCP_H

#include "decode/dissect.h"

/* The flag bits' names from bit 0 (FIN) up, in the order tshark's Info
 * lists them. */
#define TCP_FLAG_NAMES 9
extern const char *const tcp_flag_names[TCP_FLAG_NAMES];

void tcp_dissect(struct cursor *c, struct dissect *d);

#endif
