/*
 * load_progress: where the reading of a file stands, for the UI's header
 * bar and the batch meter on stderr: the fraction of the file read, the
 * packets so far, packets/s and the time left. Reading stdin or a file
 * that grew since it was opened has no fraction: a running count then.
 */
#ifndef PKTOP_LOAD_PROGRESS_H
#define PKTOP_LOAD_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

struct load_progress {
	double last_t;       /* when the rates were last measured */
	uint64_t last_packets, last_bytes;
	double pps, bps;     /* smoothed packets/s and file bytes/s */
};

/* Account for the totals T seen at NOW (seconds, monotonic). */
void load_progress_update(struct load_progress *p,
			  const struct model_totals *t, double now);

/* The fraction of the file read (0..1), or -1 when it is unknown. */
double load_progress_fraction(const struct model_totals *t);

/* "45%  1.23M packets  850k p/s  3s left", or "1.23M packets  850k p/s"
 * when the fraction is unknown, into BUF. */
void load_progress_text(const struct load_progress *p,
			const struct model_totals *t, char *buf, size_t size);

#endif
