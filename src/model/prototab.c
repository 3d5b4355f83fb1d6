/*
 * prototab: per-protocol counters.
 */
#include "config.h"

#include "model/prototab.h"

#include <string.h>

void
prototab_clear(struct prototab *t)
{
	memset(t, 0, sizeof(*t));
}

void
prototab_count_layers(struct prototab *t, uint64_t layers, uint32_t sec,
		      uint32_t len)
{
	/* PROTO_NONE is no header */
	layers &= ~(uint64_t)1;
	while (layers) {
		unsigned id = (unsigned)__builtin_ctzll(layers);

		layers &= layers - 1;
		if (id >= PROTO_COUNT)
			break;
		t->c[id].packets++;
		t->c[id].bytes += len;
		rate_add(&t->c[id].rate, sec, len);
	}
}

void
prototab_add(struct prototab *t, unsigned id, int sign, uint64_t packets,
	     uint64_t bytes, uint32_t sec)
{
	struct proto_counter *c;

	if (id == PROTO_NONE || id >= PROTO_COUNT)
		return;
	c = &t->c[id];
	if (sign < 0) {
		c->packets -= packets < c->packets ? packets : c->packets;
		c->bytes -= bytes < c->bytes ? bytes : c->bytes;
		return;
	}
	c->packets += packets;
	c->bytes += bytes;
	rate_add(&c->rate, sec, bytes > UINT32_MAX ? UINT32_MAX : (uint32_t)bytes);
}
