/*
 * rate: the 2 s window sums the last two finished seconds; the others are
 * exponentially weighted per-second averages. With a time constant
 * of T seconds each finished second weighs 1 - e^(-1/T); a steady stream of
 * R per second converges to R. A window that had nothing in it reads
 * exactly 0, as iftop's sliding ones do: after T whole seconds of
 * silence (e^-1 of the value) the average is set to zero, so a row goes
 * still 40 s after its traffic stops instead of redrawing a tail for
 * minutes (a remote terminal pays for every redraw).
 */
#include "config.h"

#include "base/rate.h"

#include <math.h>

/* the averaged windows: avg[w - 1] is window w */
static const double rate_tau[RATE_COUNT] = { 2.0, 10.0, 40.0 };

/* e^(-1/tau), written out so no table has to be built at start-up */
static const double rate_alpha[RATE_COUNT] = {
	0.60653065971263342, /* e^-0.5 */
	0.90483741803595952, /* e^-0.1 */
	0.97530991202833262, /* e^-0.025 */
};

#define RATE_SILENT_TAUS 1.0
#define RATE_EPSILON 1e-3

/* alpha^n by squaring: a fold runs at most once per second per counter,
 * but often enough on a busy table that pow() shows in profiles. */
static double
rate_power(double alpha, uint32_t n)
{
	double result = 1.0;

	while (n) {
		if (n & 1u)
			result *= alpha;
		alpha *= alpha;
		n >>= 1;
	}
	return result;
}

/* Averaged window W (> RATE_2S) of R as of second SEC (> r->sec). */
static double
rate_fold_one(const struct rate *r, uint32_t sec, int w)
{
	uint32_t idle = sec - r->sec - 1;
	double a = rate_alpha[w];
	double v;

	if ((double)idle >= RATE_SILENT_TAUS * rate_tau[w])
		return 0.0;
	v = (double)r->avg[w - 1] * a + (double)r->acc * (1.0 - a);
	if (idle > 0)
		v *= rate_power(a, idle);
	return v < RATE_EPSILON ? 0.0 : v;
}

/* The 2 s window as of second SEC: seconds SEC - 2 and SEC - 1, the
 * second SEC still open and not counted. */
static double
rate_window(const struct rate *r, uint32_t sec)
{
	double sum;

	if (sec <= r->sec) /* ACC's second is open */
		sum = (double)r->prev[0] + (double)r->prev[1];
	else if (sec == r->sec + 1)
		sum = (double)r->acc + (double)r->prev[0];
	else if (sec == r->sec + 2)
		sum = (double)r->acc;
	else
		sum = 0.0;
	return sum / 2.0;
}

void
rate_fold(struct rate *r, uint32_t sec)
{
	for (int w = RATE_10S; w < RATE_COUNT; w++)
		r->avg[w - 1] = (float)rate_fold_one(r, sec, w);
	if (sec == r->sec + 1) {
		r->prev[1] = r->prev[0];
		r->prev[0] = r->acc;
	} else if (sec == r->sec + 2) {
		r->prev[1] = r->acc;
		r->prev[0] = 0;
	} else {
		r->prev[0] = r->prev[1] = 0;
	}
	r->sec = sec;
	r->acc = 0;
}

static uint32_t
rate_second(double now)
{
	if (!(now > 0.0))
		return 0;
	if (now >= (double)UINT32_MAX)
		return UINT32_MAX;
	return (uint32_t)now;
}

double
rate_get(const struct rate *r, double now, enum rate_window w)
{
	uint32_t sec = rate_second(now);

	if (w == RATE_2S)
		return rate_window(r, sec);
	if (sec <= r->sec)
		return r->avg[w - 1];
	/* as a fold would store it */
	return (float)rate_fold_one(r, sec, (int)w);
}

/* The share of window W's weight that falls on seconds since ORIGIN's,
 * as of second SEC (1 when the window began after ORIGIN). The 2 s
 * window weighs its two seconds alike; an averaged one weighs the second
 * i back (1 - a) a^(i-1), which sums to 1 - a^k over k seconds. ORIGIN's
 * second counts whole: a packet late in it would otherwise make a
 * moment's traffic read as a burst of hundreds of times its rate. */
static double
rate_coverage(int w, uint32_t sec, double origin)
{
	uint32_t first = rate_second(origin);
	uint32_t k;

	if (!(origin > 0.0) || sec <= first)
		return 1.0; /* unknown, or nothing finished yet (reads 0) */
	k = sec - first; /* finished seconds since ORIGIN's, itself included */
	if (w == RATE_2S)
		return k >= 2 ? 1.0 : 0.5;
	return 1.0 - rate_power(rate_alpha[w], k);
}

void
rate_get_all(const struct rate *r, double now, double origin,
	     double out[RATE_COUNT])
{
	uint32_t sec = rate_second(now);

	for (int w = 0; w < RATE_COUNT; w++) {
		double cover = rate_coverage(w, sec, origin);

		out[w] = rate_get(r, now, (enum rate_window)w);
		if (cover > 0.0 && cover < 1.0)
			out[w] /= cover;
	}
}
