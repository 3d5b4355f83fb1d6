/*
 * chdlc: Cisco HDLC framing (DLT_C_HDLC).
 */
#ifndef PKTOP_PROTO_CHDLC_H
#define PKTOP_PROTO_CHDLC_H

#include "dissect.h"

void chdlc_dissect(struct cursor *c, struct dissect *d);

#endif
