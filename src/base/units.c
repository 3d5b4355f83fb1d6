/*
 * units: one scaling routine for every unit, so every column of pktop
 * rounds the same way.
 */
#include "config.h"

#include "base/units.h"

#include <math.h>
#include <stdio.h>

/* V scaled by STEP until below STEP, with three significant digits and
 * the matching prefix from PREFIXES (the first is for no scaling). */
static const char *
units_scale(double v, double step, const char *const *prefixes, size_t n,
	    const char *suffix, char *buf, size_t size)
{
	size_t i = 0;

	if (!isfinite(v) || v < 0)
		v = 0;
	while (v >= step && i + 1 < n) {
		v /= step;
		i++;
	}
	/* 999.7 would print as "1000": say "1.00" of the next unit */
	if (i > 0 && v >= 999.5 && i + 1 < n) {
		v /= step;
		i++;
	}
	if (i == 0)
		snprintf(buf, size, "%.0f %s%s", v, prefixes[0], suffix);
	else if (v < 9.995)
		snprintf(buf, size, "%.2f %s%s", v, prefixes[i], suffix);
	else if (v < 99.95)
		snprintf(buf, size, "%.1f %s%s", v, prefixes[i], suffix);
	else
		snprintf(buf, size, "%.0f %s%s", v, prefixes[i], suffix);
	return buf;
}

const char *
units_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const p[] = { "B", "KiB", "MiB", "GiB", "TiB",
					 "PiB" };

	return units_scale((double)bytes, 1024, p, sizeof(p) / sizeof(*p), "",
			   buf, size);
}

const char *
units_bits_rate(double bytes_per_s, char *buf, size_t size)
{
	static const char *const p[] = { "", "k", "M", "G", "T" };

	return units_scale(bytes_per_s * 8, 1000, p, sizeof(p) / sizeof(*p),
			   "b/s", buf, size);
}

const char *
units_bytes_rate(double bytes_per_s, char *buf, size_t size)
{
	static const char *const p[] = { "B", "KiB", "MiB", "GiB", "TiB" };

	return units_scale(bytes_per_s, 1024, p, sizeof(p) / sizeof(*p), "/s",
			   buf, size);
}

const char *
units_count(uint64_t n, char *buf, size_t size)
{
	static const char *const p[] = { "", "k", "M", "G", "T", "P" };

	if (n < 1000) {
		snprintf(buf, size, "%u", (unsigned)n);
		return buf;
	}
	units_scale((double)n, 1000, p, sizeof(p) / sizeof(*p), "", buf, size);
	/* "1.23 k" reads better as "1.23k" in a count column. */
	for (char *s = buf; *s; s++)
		if (*s == ' ') {
			for (char *t = s; *t; t++)
				t[0] = t[1];
			break;
		}
	return buf;
}
