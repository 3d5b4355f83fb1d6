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
#include "decode/decode.h"

enum {
	MODEL_PKT_IP = 1 << 0,   /* outermost IP addresses: hosts count it */
	MODEL_PKT_CONN = 1 << 1, /* KEY and CONN_HASH are set */
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
};

/* Whether S's transport makes a connection (TCP, UDP, SCTP, ICMP). */
bool model_batch_conn_l4(const struct decode_summary *s);

struct model_batch {
	struct model_batch_pkt *pkts;
	size_t n, max;
	uint8_t *buf;
	size_t used, buf_max;
};

#endif
