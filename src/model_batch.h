/*
 * model_batch: the capture thread's private batch of decoded packets (see
 * model.h). Its layout is shared with model.c only, which applies it under
 * the model lock.
 */
#ifndef PKTOP_MODEL_BATCH_H
#define PKTOP_MODEL_BATCH_H

#include <stddef.h>
#include <stdint.h>

#include "decode.h"

struct model_batch_pkt {
	struct decode_summary s;
	uint32_t ts_sec, ts_usec;
	uint32_t caplen, len;
	uint32_t off;       /* of its bytes in the batch buffer */
	int32_t linktype;
};

struct model_batch {
	struct model_batch_pkt *pkts;
	size_t n, max;
	uint8_t *buf;
	size_t used, buf_max;
};

#endif
