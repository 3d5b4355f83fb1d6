/*
 * nsh: Network Service Header (RFC 8300), EtherType 0x894f.
 */
#ifndef PKTOP_PROTO_NSH_H
#define PKTOP_PROTO_NSH_H

#include "decode/dissect.h"

void nsh_dissect(struct cursor *c, struct dissect *d);

#endif
