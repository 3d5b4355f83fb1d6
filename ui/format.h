/*
 * format: numbers for table cells, short enough for narrow columns:
 * rates in bits (SI, like iftop) or bytes, sizes in KiB/MiB, durations,
 * packet timestamps in the three `t` forms.
 */
#ifndef PKTOP_UI_FORMAT_H
#define PKTOP_UI_FORMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* BYTES_PER_S as "12.3Mb" (BITS) or "1.54MB"; UNIT adds "/s". */
void format_rate(double bytes_per_s, bool bits, bool unit, char *buf,
		 size_t size);
/* "512B", "12.3KiB", "4.50MiB". */
void format_bytes(uint64_t bytes, char *buf, size_t size);
/* "999999", then "1.23M", "45.6G". */
void format_count(uint64_t n, char *buf, size_t size);
/* N in three significant digits from 1000 on (934K, 1.20M). */
void format_count_short(uint64_t n, char *buf, size_t size);
/* "42s", "3m07s", "2h05m", "3d04h". */
void format_duration(double seconds, char *buf, size_t size);
/* Local time with DECIMALS decimals: HH:MM:SS.uuuuuu (6, tshark -t a),
 * or HH:MM:SS.mmm (3: the milliseconds cut, as Wireshark's time format
 * at millisecond precision). */
void format_clock(double ts, int decimals, char *buf, size_t size);
/* Seconds with DECIMALS decimals: "12.000345" (6), "12.000" (3). */
void format_seconds(double s, int decimals, char *buf, size_t size);

#endif
