/*
 * flow: one flow's state as the parsers in decode/ read and write it
 * (TCP sequence analysis, decode/tcpseq.h, an HTTP header block going on, a QUIC
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
#include "decode/tcpseq.h"

/* What tshark shows of one direction beyond its analysis (tcpseq.h):
 * where its relative numbers count from, and the frame of its last ACK
 * that was not a duplicate (a duplicate names it). */
struct flow_tcpview {
	uint32_t base;         /* relative numbers count from here */
	bool have_base;
	bool syn;              /* its SYN was seen */
	uint64_t nondup_frame;
};

/* A request the tree path saw, until its answer comes. */
#define FLOW_REQUESTS 8
struct flow_request {
	uint64_t frame; /* 0: the slot is free */
	double ts;
	uint16_t id;
};

struct flow {
	UT_hash_handle hh;
	struct conn_key key;
	struct tcpseq tcp; /* tshark's sequence analysis, both ways */
	struct flow_tcpview tcpview[2];
	bool tcp_seen;          /* tcp_stream was set */
	int64_t tcp_stream;     /* tshark's tcp.stream, -1 unnumbered */
	/* Indexed by direction: 0 from the key's lo endpoint. The last
	 * HTTP message sent this way ended before its blank line, so the
	 * next segment goes on with header lines. */
	bool http_open[2];
	/* Requests still unanswered, for the links tshark shows on the
	 * answer ([Request In: N], [Time: ...]): a DNS query's ID, an HTTP
	 * request's place in the pipeline (oldest first). */
	struct flow_request dns_req[FLOW_REQUESTS];
	unsigned dns_next;      /* the slot the next query takes */
	struct flow_request http_req[FLOW_REQUESTS];
	unsigned http_head, http_count;
	struct quic_conn *quic; /* owned; NULL until a QUIC packet */
	/* A conversation that may turn into TLS (appid_upgrade), and
	 * whether it has: then its TCP segments go to TLS. */
	enum { FLOW_PLAIN, FLOW_MAY_UPGRADE, FLOW_UPGRADED } upgrade;
	size_t bytes;           /* buffer bytes it holds, for the budget */
};

#endif
