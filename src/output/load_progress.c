/*
 * load_progress: the numbers of a file being read (see report.h).
 */
#include "config.h"

#include "output/report.h"

#include <stdio.h>

#include "base/i18n.h"
#include "base/units.h"

void
load_progress_update(struct load_progress *p, const struct model_totals *t,
		     double now)
{
	double dt = now - p->last_t, ipps, ibps;

	if (p->last_t == 0 || t->packets < p->last_packets ||
	    t->source_bytes_read < p->last_bytes) {
		p->last_t = now;
		p->last_packets = t->packets;
		p->last_bytes = t->source_bytes_read;
		p->pps = p->bps = 0;
		return;
	}
	if (dt < 0.2)
		return;
	ipps = (double)(t->packets - p->last_packets) / dt;
	ibps = (double)(t->source_bytes_read - p->last_bytes) / dt;
	/* smoothed over about a second, so the time left does not jump */
	p->pps = p->pps > 0 ? p->pps + (ipps - p->pps) * 0.5 : ipps;
	p->bps = p->bps > 0 ? p->bps + (ibps - p->bps) * 0.5 : ibps;
	p->last_t = now;
	p->last_packets = t->packets;
	p->last_bytes = t->source_bytes_read;
}

double
load_progress_fraction(const struct model_totals *t)
{
	/* a file that grew past its size at open has no end we know */
	if (t->source_bytes_total == 0 ||
	    t->source_bytes_read > t->source_bytes_total)
		return -1;
	return (double)t->source_bytes_read / (double)t->source_bytes_total;
}

static void
load_progress_left(double seconds, char *buf, size_t size)
{
	unsigned long s = (unsigned long)(seconds + 0.5);

	if (s >= 3600)
		snprintf(buf, size, _("%luh%02lum left"), s / 3600,
			 s / 60 % 60);
	else if (s >= 60)
		snprintf(buf, size, _("%lum%02lus left"), s / 60, s % 60);
	else
		snprintf(buf, size, _("%lus left"), s);
}

void
load_progress_text(const struct load_progress *p,
		   const struct model_totals *t, char *buf, size_t size)
{
	char count[32], rate[32], left[48] = "";
	double frac = load_progress_fraction(t);

	units_count(t->packets, count, sizeof(count));
	units_count((uint64_t)(p->pps + 0.5), rate, sizeof(rate));
	if (frac < 0) {
		snprintf(buf, size, _("%s packets  %s p/s"), count, rate);
		return;
	}
	if (p->bps > 0)
		load_progress_left((double)(t->source_bytes_total -
					    t->source_bytes_read) / p->bps,
				   left, sizeof(left));
	snprintf(buf, size, _("%3.0f%%  %s packets  %s p/s  %s"), frac * 100,
		 count, rate, left);
}
