/*
 * header: the top of the screen: source, capture filter, PAUSED marker,
 * rates in and out, drops, and the bandwidth sparkline over the last
 * minutes (one sample per refresh).
 */
#ifndef PKTOP_UI_HEADER_H
#define PKTOP_UI_HEADER_H

#include <stdbool.h>
#include <stdint.h>

#include "layout.h"
#include "model/model.h"

struct header_info {
	const char *source;             /* interface or file name */
	const char *filter;             /* "" for none */
	const char *dfilter;            /* the display filter, escaped; "" */
	bool dfilter_tables;            /* D: the tables follow it */
	int dfilter_pct;                /* its walk of the store; -1: done */
	const struct model_totals *t;   /* as shown (frozen while paused) */
	bool paused;
	uint64_t arrived;               /* packets since the pause */
	bool bits;
	bool replay;
	bool live;                      /* an interface, not a file */
	bool hiding_self;               /* our SSH session is left out */
	/* what the totals cover when it is not "everything since the
	 * start": packets from before the filter, or since c; "" else */
	const char *totals_note;
};

#define HEADER_HISTORY 512

/* The graph's memory: one sample per refresh, newest last. */
struct header_graph {
	double v[HEADER_HISTORY];
	unsigned head, n;
};

void header_graph_add(struct header_graph *g, double bytes_per_s);
void header_graph_clear(struct header_graph *g);
/* The last COUNT samples, oldest first, into OUT; returns how many. */
unsigned header_graph_last(const struct header_graph *g, double *out,
			   unsigned count);

void header_draw(const struct layout *l, const struct header_info *h,
		 const struct header_graph *g);

#endif
