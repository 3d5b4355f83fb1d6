/*
 * prototab: frames and bytes per protocol, one fixed slot per enum
 * proto_id. Link, network and transport rows count the frames whose own
 * stack has that header; application rows count the frames of the
 * connections identified as that application (the model moves a
 * connection's totals between rows when its label changes).
 */
#ifndef PKTOP_PROTOTAB_H
#define PKTOP_PROTOTAB_H

#include <stdint.h>

#include "decode/proto_table.h"
#include "base/rate.h"

struct proto_counter {
	uint64_t packets, bytes;
	struct rate rate; /* bytes */
};

struct prototab {
	struct proto_counter c[PROTO_COUNT];
};

void prototab_clear(struct prototab *t);

/* One frame of LEN bytes whose stack is LAYERS (bit 1 << proto_id). */
void prototab_count_layers(struct prototab *t, uint64_t layers, uint32_t sec,
			   uint32_t len);

/* PACKETS and BYTES more (or, with SIGN < 0, fewer) for ID. */
void prototab_add(struct prototab *t, unsigned id, int sign, uint64_t packets,
		  uint64_t bytes, uint32_t sec);

#endif
