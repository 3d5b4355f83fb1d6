/*
 * flow_export: the exporter thread. It pops the engine's flow records
 * (model/flowq.h) and sends them as IPFIX to each --ipfix collector and
 * as JSON lines to --flow-log. Capture never waits for it: a collector
 * that is down costs records (counted), not packets.
 */
#ifndef PKTOP_FLOW_EXPORT_H
#define PKTOP_FLOW_EXPORT_H

#include <stddef.h>
#include <stdint.h>

#include "model/flowq.h"
#include "model/model.h"

#define FLOW_EXPORT_MAX_COLLECTORS 8
#define FLOW_EXPORT_DEFAULT_PORT 4739 /* IANA, RFC 7011 section 10.3 */
/* UDP: templates again every this many seconds (RFC 7011 section 8.4) */
#define FLOW_EXPORT_TEMPLATE_SECS 30

struct flow_export_config {
	const char *collectors[FLOW_EXPORT_MAX_COLLECTORS]; /* --ipfix */
	size_t ncollectors;
	uint32_t domain;      /* Observation Domain ID */
	uint32_t ifindex;     /* ingressInterface; 0: unknown */
	const char *flow_log; /* --flow-log FILE, "-" stdout; NULL: none */
	/* the log's rotation, -w's rules (base/rotate.h): -C bytes, -G
	 * seconds of record time, -W files; all 0: one file, appended to */
	uint64_t rotate_bytes;
	unsigned rotate_secs;
	unsigned keep_files;
};

struct flow_export;

/* Resolve the collectors and open the log; the thread starts with
 * flow_export_start. NULL with ERR on a bad address or file. */
struct flow_export *flow_export_new(const struct flow_export_config *cfg,
				    struct flowq *q, char *err,
				    size_t errlen);
int flow_export_start(struct flow_export *x, struct model *m, char *err,
		      size_t errlen);
/* The queue is closed: send what is left, stop the thread, free. */
void flow_export_finish(struct flow_export *x);

/* The default Observation Domain ID: a hash of the host name. */
uint32_t flow_export_default_domain(void);

/* Parse "[tcp:|udp:]HOST[:PORT]" ("[v6]:PORT" for IPv6): 0 or -1. */
int flow_export_parse(const char *spec, int *tcp, char *host,
		      size_t hostlen, uint16_t *port);

#endif
