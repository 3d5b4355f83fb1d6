/*
 * format: human units for the screen (the batch output keeps exact
 * numbers). Three significant digits fit a 6-cell column.
 */
#include "config.h"

#include "format.h"

#include <math.h>
#include <stdio.h>
#include <time.h>

/* V scaled by STEP into one of the prefixes, three significant digits. */
static void
format_scaled(double v, double step, const char *const *units, int nunits,
	      const char *suffix, char *buf, size_t size)
{
	int u = 0;

	if (v < 0 || !isfinite(v))
		v = 0;
	while (v >= 999.5 && u < nunits - 1) {
		v /= step;
		u++;
	}
	if (u == 0)
		snprintf(buf, size, "%.0f%s%s", v, units[0], suffix);
	else if (v < 9.995)
		snprintf(buf, size, "%.2f%s%s", v, units[u], suffix);
	else if (v < 99.95)
		snprintf(buf, size, "%.1f%s%s", v, units[u], suffix);
	else
		snprintf(buf, size, "%.0f%s%s", v, units[u], suffix);
}

void
format_rate(double bytes_per_s, bool bits, bool unit, char *buf, size_t size)
{
	static const char *const b[] = { "b", "Kb", "Mb", "Gb", "Tb" };
	static const char *const B[] = { "B", "KB", "MB", "GB", "TB" };

	if (bits)
		format_scaled(bytes_per_s * 8, 1000, b, 5, unit ? "/s" : "",
			      buf, size);
	else
		format_scaled(bytes_per_s, 1000, B, 5, unit ? "/s" : "", buf,
			      size);
}

void
format_bytes(uint64_t bytes, char *buf, size_t size)
{
	static const char *const u[] = { "B", "KiB", "MiB", "GiB", "TiB", "PiB" };

	format_scaled((double)bytes, 1024, u, 6, "", buf, size);
}

static const char *const format_count_units[] = { "", "K", "M", "G", "T",
						  "P" };

void
format_count(uint64_t n, char *buf, size_t size)
{
	if (n < 1000000) {
		snprintf(buf, size, "%llu", (unsigned long long)n);
		return;
	}
	format_scaled((double)n, 1000, format_count_units, 6, "", buf, size);
}

void
format_count_short(uint64_t n, char *buf, size_t size)
{
	format_scaled((double)n, 1000, format_count_units, 6, "", buf, size);
}

void
format_duration(double seconds, char *buf, size_t size)
{
	unsigned long long s;

	if (seconds < 0 || !isfinite(seconds))
		seconds = 0;
	s = (unsigned long long)seconds;
	if (s < 60)
		snprintf(buf, size, "%llus", s);
	else if (s < 3600)
		snprintf(buf, size, "%llum%02llus", s / 60, s % 60);
	else if (s < 86400)
		snprintf(buf, size, "%lluh%02llum", s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, "%llud%02lluh", s / 86400, s / 3600 % 24);
}

void
format_clock(double ts, int decimals, char *buf, size_t size)
{
	time_t t = (time_t)ts;
	/* the stored microseconds (lround undoes the double's error) */
	long usec = lround((ts - (double)t) * 1e6);
	struct tm tm;

	if (usec >= 1000000) {
		t++;
		usec -= 1000000;
	}
	if (!localtime_r(&t, &tm)) {
		snprintf(buf, size, "?");
		return;
	}
	if (decimals == 3) /* cut, not rounded, as Wireshark's ms precision */
		snprintf(buf, size, "%02d:%02d:%02d.%03ld", tm.tm_hour,
			 tm.tm_min, tm.tm_sec, usec / 1000);
	else
		snprintf(buf, size, "%02d:%02d:%02d.%06ld", tm.tm_hour,
			 tm.tm_min, tm.tm_sec, usec);
}

void
format_seconds(double s, int decimals, char *buf, size_t size)
{
	snprintf(buf, size, "%.*f", decimals, s);
}
