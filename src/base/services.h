/*
 * services: port numbers to names ("443" -> "https") from the services
 * database (/etc/services through getservent), read once on first use and
 * then read-only, so any thread may ask.
 */
#ifndef PKTOP_SERVICES_H
#define PKTOP_SERVICES_H

#include <stdint.h>

/* The name of PORT for IP protocol L4 (6 tcp, 17 udp, 132 sctp), or NULL
 * when the database has none. */
const char *services_name(uint16_t port, uint8_t l4);

/* Entries loaded (loads the database if not done yet). */
unsigned services_count(void);

#endif
