/*
 * collect: --collect [ADDR:]PORT, an IPFIX collector (RFC 7011) on UDP
 * and TCP. One thread reads the sockets, decodes each message with
 * ipfix_in and counts its flows into the model (model_collect_add): a
 * terminal view of what a fleet's exporters report.
 */
#ifndef PKTOP_COLLECT_H
#define PKTOP_COLLECT_H

#include <stdbool.h>
#include <stddef.h>

struct collect;
struct model;

#define COLLECT_DEFAULT_PORT "4739"
#define COLLECT_TCP_MAX 32 /* exporters connected over TCP at once */

/* Bind UDP and TCP on SPEC ("4739", "127.0.0.1:4739", "[::1]:4739").
 * NULL with one line in ERR. */
struct collect *collect_open(const char *spec, char *err, size_t errlen);
/* Start the thread counting into M. */
int collect_start(struct collect *c, struct model *m, char *err,
		  size_t errlen);
/* Ask the thread to end soon (any thread, no wait). */
void collect_request_stop(struct collect *c);
/* Stop and join the thread. */
void collect_stop(struct collect *c);
void collect_close(struct collect *c);
/* "ipfix 127.0.0.1:4739" */
const char *collect_name(const struct collect *c);
/* The thread ended (a socket error). */
bool collect_done(const struct collect *c);

#endif
