/*
 * units: numbers for people: sizes in B, KiB, MiB, GiB; rates in bits
 * per second (kb/s, Mb/s: powers of 1000, as network links are sold);
 * large counts with k, M, G.
 */
#ifndef PKTOP_UNITS_H
#define PKTOP_UNITS_H

#include <stddef.h>
#include <stdint.h>

/* "512 B", "1.5 KiB", "12.3 MiB" (three significant digits). */
const char *units_bytes(uint64_t bytes, char *buf, size_t size);
/* A rate given in bytes per second, shown in bits: "800 b/s",
 * "1.20 Mb/s". */
const char *units_bits_rate(double bytes_per_s, char *buf, size_t size);
/* A rate in bytes per second: "1.5 KiB/s". */
const char *units_bytes_rate(double bytes_per_s, char *buf, size_t size);
/* "999", "1.23k", "45.6M". */
const char *units_count(uint64_t n, char *buf, size_t size);

#endif
