/*
 * flow: one flow's state as the parsers in decode/ read and write it
 * (TCP sequence analysis, an HTTP header block going on, a QUIC
 * connection). Private to decode/: everything else sees struct flow
 * through flowstate.h only, as a pointer.
 */
#ifndef PKTOP_FLOW_H
#define PKTOP_FLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/tabhash.h"
#include "base/flowkey.h"
#include "decode/flowstate.h"

/* One direction of a TCP flow as tshark's sequence analysis sees it. */
struct flow_tcp {
	uint32_t nextseq;     /* one past the highest sequence number sent */
	uint32_t lastack;
	uint16_t window;
	bool have_nextseq, have_ack;
	uint8_t dupacks;      /* duplicate ACKs in a row */
	double lastack_time;  /* of the last ACK sent */
};

struct flow {
	UT_hash_handle hh;
	struct conn_key key;
	struct flow_tcp tcp[2];
	/* Indexed by direction: 0 from the key's lo endpoint. The last
	 * HTTP message sent this way ended before its blank line, so the
	 * next segment goes on with header lines. */
	bool http_open[2];
	struct quic_conn *quic; /* owned; NULL until a QUIC packet */
	/* A conversation that may turn into TLS (appid_upgrade), and
	 * whether it has: then its TCP segments go to TLS. */
	enum { FLOW_PLAIN, FLOW_MAY_UPGRADE, FLOW_UPGRADED } upgrade;
	size_t bytes;           /* buffer bytes it holds, for the budget */
};

#endif
