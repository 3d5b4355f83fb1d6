/*
 * batch_meter: --batch reading a file on a terminal shows one line on
 * stderr (percentage, packets/s, time left) that is rubbed out at the
 * end. With stderr not a terminal it writes nothing, so scripts that
 * keep stderr see only errors.
 */
#ifndef PKTOP_BATCH_METER_H
#define PKTOP_BATCH_METER_H

#include <stdbool.h>
#include <stdio.h>

#include "output/report.h"
#include "model/model.h"

struct batch_meter {
	FILE *out;          /* NULL: off */
	struct load_progress p;
	double next;        /* when to draw again */
	bool drawn;         /* a line is on the terminal */
};

/* On when OUT is a terminal and the source is not live. */
void batch_meter_init(struct batch_meter *b, FILE *out, bool live);
/* Draw again when due (NOW: seconds, monotonic). */
void batch_meter_tick(struct batch_meter *b, struct model *m, double now);
/* Rub the line out. */
void batch_meter_end(struct batch_meter *b);

#endif
