/*
 * model_batch: the capture thread's private batch of decoded packets (see
 * model.h). Its layout is shared with model.c only, which applies it under
 * the model lock.
 */
#ifndef PKTOP_MODEL_BATCH_H
#define PKTOP_MODEL_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "model/conntab.h"
#include "decode/appid.h"
#include "decode/decode.h"
#include "decode/tcpseq.h"

enum {
	MODEL_PKT_IP = 1 << 0,   /* outermost IP addresses: hosts count it */
	MODEL_PKT_CONN = 1 << 1, /* KEY and CONN_HASH are set */
	MODEL_PKT_TCP = 1 << 2,  /* SEG is set: a whole TCP header */
	MODEL_PKT_TS = 1 << 3,   /* ... with a timestamps option */
	MODEL_PKT_INNER = 1 << 4, /* a tunnel's inner flow: the batch's
				   * inner[] entry of the same index */
};

/* Keys and hashes are computed here, outside the lock, so the commit can
 * prefetch table entries a few packets ahead. */
struct model_batch_pkt {
	struct decode_summary s;
	int64_t ts_sec;
	uint32_t ts_usec;
	uint32_t sec;       /* ts_sec for the rates: 32 bits, clamped */
	uint32_t caplen, len;
	uint32_t off;       /* of its bytes in the batch buffer */
	int32_t linktype;
	struct conn_key key;
	uint32_t conn_hash, src_hash, dst_hash;
	uint8_t flags;      /* MODEL_PKT_* */
	uint8_t from_lo;    /* the source is key.lo */
	/* a TCP segment's header, read here outside the lock for the
	 * connection's health (model/connhealth.h) */
	struct tcpseq_seg seg;
	uint32_t tsval, tsecr;
	/* a UDP datagram's QUIC long-header packet types (decode/quichdr.h
	 * QUICHDR_*), 0 for none: the QUIC handshake's timing */
	uint8_t quic;
	/* the tunnel found in it (decode.h, enum decode_tunnel), whether
	 * or not an inner flow came out of it: it names the connection */
	uint8_t tunnel;
};

/* The flow inside the tunnel a packet came through (decode.h, enum
 * decode_tunnel): its own connection and hosts, keyed with the tunnel's
 * kind as the key's mark. */
struct model_batch_inner {
	struct decode_summary s;
	struct conn_key key;
	uint32_t conn_hash, src_hash, dst_hash;
	uint8_t from_lo;
	uint8_t kind;
};

/* Whether S's transport makes a connection (TCP, UDP, SCTP, ICMP). */
bool model_batch_conn_l4(const struct decode_summary *s);

/* A payload packet the commit's first lock hold picked for appid: the
 * connection's id (the second hold applies the answer only if the entry
 * under the packet's key still has it: not evicted, not recycled), the
 * packet's index in the batch and direction, and appid's answer, found
 * between the two holds. */
struct model_look {
	uint64_t conn_id;
	uint32_t pkt;
	uint8_t dir;
	bool inner;             /* the flow inside the packet's tunnel */
	bool found;             /* appid_identify's return */
	struct appid_result r;
};

/* A connection whose end (FIN both ways, RST) the first hold saw: its
 * record goes out after the labels, so it carries this batch's label. */
struct model_end {
	struct conn_entry *c;
	uint64_t id;            /* C's id then: the entry may be recycled */
};

struct model_batch {
	struct model_batch_pkt *pkts;
	size_t n, max;
	uint8_t *buf;
	size_t used, buf_max;
	/* the tunnelled packets' inner flows, by packet index: MAX of them,
	 * pages touched only where tunnels are */
	struct model_batch_inner *inner;
	/* at most two looks per packet (its flow and the one inside its
	 * tunnel): 2 * MAX of them */
	struct model_look *looks;
	size_t nlooks;
	/* at most one end per packet: MAX of them (flow export only) */
	struct model_end *ends;
	size_t nends;
};

#endif
