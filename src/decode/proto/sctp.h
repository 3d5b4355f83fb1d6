/*
 * sctp: SCTP (RFC 9260) common header and chunks.
 */
#ifndef PKTOP_PROTO_SCTP_H
#define PKTOP_PROTO_SCTP_H

#include "decode/dissect.h"

void sctp_dissect(struct cursor *c, struct dissect *d);

#endif
