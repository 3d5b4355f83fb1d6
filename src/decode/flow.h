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
	uint32_t base;        /* relative numbers count from here */
	uint16_t window;
	bool have_nextseq, have_ack, have_base;
	bool syn;             /* its SYN was seen */
	int8_t wscale;        /* its SYN's shift; -1 none or unseen */
	uint8_t dupacks;      /* duplicate ACKs in a row */
	bool keep_alive;      /* its last segment was a keep-alive */
	bool zw_probe;        /* ... a zero window probe */
	double lastack_time;  /* of the last ACK sent */
	double nextseq_time;  /* when nextseq last grew */
	uint64_t nondup_frame; /* its last ACK that was not a duplicate */
};

struct flow {
	UT_hash_handle hh;
	struct conn_key key;
	struct flow_tcp tcp[2];
	bool tcp_seen;          /* the fields below were set */
	int64_t tcp_stream;     /* tshark's tcp.stream, -1 unnumbered */
	double tcp_syn_time;    /* the first SYN, for the first RTT */
	double tcp_first_rtt;   /* SYN to the handshake's ACK; 0 unknown */
	/* Indexed by direction: 0 from the key's lo endpoint. The last
	 * HTTP message sent this way ended before its blank line, so the
	 * next segment goes on with header lines. */
	bool http_open[2];
	struct quic_conn *quic; /* owned; NULL until a QUIC packet */
	size_t bytes;           /* buffer bytes it holds, for the budget */
};

#endif
