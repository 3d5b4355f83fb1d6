/*
 * chdlc: Cisco HDLC framing (DLT_C_HDLC).
 */
#ifndef PKTOP_PROTO_CHDLC_H
#define PKTOP_PROTO_CHDLC_H

#include "decode/dissect.h"

void chdlc_dissect(struct cursor *c, struct dissect *d);

#endif
