/*
 * model_impl: the model's state, shared by model.c (lifetime, capture
 * side, totals, packets) and model_query.c (table snapshots).
 * Everything below LOCK is guarded by it.
 */
#ifndef PKTOP_MODEL_IMPL_H
#define PKTOP_MODEL_IMPL_H

#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>

#include "model/conntab.h"
#include "model/fragtab.h"
#include "model/hosttab.h"
#include "model/model.h"
#include "model/prototab.h"
#include "base/rate.h"
#include "model/ring.h"

/* Payload packets per direction shown to appid before the connection
 * keeps its port guess: enough for a ClientHello split over segments. */
#define MODEL_APPID_LOOKS 4
/* A connection's looks once appid said there is nothing more to learn. */
#define MODEL_APPID_SETTLED UINT8_MAX

struct model {
	pthread_mutex_t lock;
	struct hosttab hosts;
	struct conntab conns;
	struct prototab protos;
	struct ring ring;
	bool live;
	int linktype;
	struct addr *local;
	size_t nlocal;

	uint64_t packets, bytes, undecoded, truncated, malformed;
	double first_ts, last_ts;
	struct rate r_bytes, r_packets, r_in, r_out;
	uint64_t dropped, if_dropped;
	uint64_t dropped_base, if_dropped_base; /* at the last clear */

	uint8_t capture_state;
	char capture_error[256];
	uint64_t source_read, source_total;

	uint64_t generation;  /* model_clear's count: entries freed */

	struct model_writer writer;

	struct fragtab frags; /* large: last */
};

/* The clock rates are read against (seconds since the epoch). Lock held. */
double model_now(const struct model *m);

#endif
