/*
 * rate: bytes (or packets) per second over iftop's 2 s, 10 s and 40 s
 * windows in 24 bytes per counter. The current second is summed in ACC.
 * The 2 s window is a true sliding one: the two finished seconds before
 * the one now open, kept whole (PREV), so a sender that stops reads 0
 * two seconds later, as iftop's does. The 10 s and 40 s windows are
 * exponentially weighted averages with those time constants, 0 once
 * their whole window had nothing (as iftop's): when a later second
 * arrives, the finished one is folded in and idle seconds in between
 * decay them. No per-packet history, no timer: folding happens on
 * the next add or when a reader asks.
 */
#ifndef PKTOP_RATE_H
#define PKTOP_RATE_H

#include <stdint.h>

/* The windows, shortest first (model.h hands them to readers as
 * MODEL_RATE_*). */
enum rate_window { RATE_2S, RATE_10S, RATE_40S, RATE_COUNT };

struct rate {
	uint32_t sec;  /* the second ACC belongs to */
	uint32_t acc;  /* amount seen in it so far (saturates) */
	uint32_t prev[2]; /* amounts of seconds sec - 1 and sec - 2 */
	float avg[RATE_COUNT - 1]; /* 10 s, 40 s: per second, up to the end
				    * of sec - 1 */
};

/* Close second R->sec and decay through the idle ones up to SEC (> r->sec). */
void rate_fold(struct rate *r, uint32_t sec);

static inline void
rate_add(struct rate *r, uint32_t sec, uint32_t n)
{
	uint32_t sum;

	/* a packet from an earlier second (time stepped back) joins the
	 * current one rather than rewriting history */
	if (sec > r->sec)
		rate_fold(r, sec);
	sum = r->acc + n;
	r->acc = sum < r->acc ? UINT32_MAX : sum;
}

/* Window W as of time NOW (seconds): seconds before NOW's are folded
 * in, the one NOW is in is still open and not counted. Comparable between
 * counters at one NOW (the sorts use it), but a window that reaches back
 * before the capture began reads low: see rate_get_all. */
double rate_get(const struct rate *r, double now, enum rate_window w);

/* Every window as of NOW, over the time since ORIGIN (the capture's
 * first packet; 0: unknown): a window that reaches back before it
 * averages only the time since, as iftop's do, so a steady stream reads
 * its rate in the 40 s column from the first second rather than
 * climbing to it over a minute. One factor per window and NOW, so the
 * order between counters is rate_get's. */
void rate_get_all(const struct rate *r, double now, double origin,
		  double out[RATE_COUNT]);

#endif
