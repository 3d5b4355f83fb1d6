/*
 * flowq: ended flows on their way out of the engine. The model pushes a
 * record when a connection ends (FIN/RST), times out (idle, active), is
 * evicted or the capture stops; one exporter thread pops them. Bounded:
 * a live push never waits (a full queue drops and counts), a file's push
 * may wait, since there the packet clock is ours to pause.
 */
#ifndef PKTOP_FLOWQ_H
#define PKTOP_FLOWQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "model/model.h"

/* flowEndReason, RFC 7012 section 5.11.3 (IANA registry) */
enum flowq_reason {
	FLOWQ_IDLE = 1,      /* idle timeout */
	FLOWQ_ACTIVE = 2,    /* active timeout: the flow goes on */
	FLOWQ_END = 3,       /* end of flow detected: FIN both ways, RST */
	FLOWQ_FORCED = 4,    /* forced end: the capture stopped */
	FLOWQ_RESOURCES = 5, /* lack of resources: evicted at the table limit */
};

/* One flow record: the counts since the connection's previous record
 * (delta counts), direction 0 from the initiator (the first sender). */
struct flowq_rec {
	uint64_t conn_id;
	double start, end;           /* packet times, seconds since the epoch */
	uint64_t packets[2], bytes[2];
	struct addr a, b;            /* a: initiator, b: responder */
	uint16_t a_port, b_port;
	uint8_t l4;                  /* IP protocol number */
	uint8_t app;                 /* enum proto_id, PROTO_NONE when unknown */
	uint8_t reason;              /* enum flowq_reason */
	uint8_t tcp_flags[2];        /* flags seen, OR'd, per direction */
	uint8_t a_local;             /* the initiator is a local address */
	uint16_t name_len;
	/* TCP (0 otherwise): retransmissions so far per direction (the
	 * connection's count, not since the previous record); the
	 * handshake's halves, us, 0 unknown: client SYN/ACK -> ACK, server
	 * SYN -> SYN/ACK */
	uint32_t retrans[2];
	uint32_t lat_client_us, lat_server_us;
	/* the local socket's owner (issue 18), pid 0 unknown; USER is
	 * filled by the exporter thread from UID (no lookup under the lock) */
	int32_t pid;
	uint32_t uid;
	uint8_t uid_known;
	char comm[MODEL_COMM_MAX];
	char user[32];
	/* HTTP: the first request and status (struct model_http) */
	struct model_http http;
	/* TLS SNI, HTTP Host or DNS query: raw packet bytes, escape before
	 * any terminal or JSON */
	char name[MODEL_NAME_MAX];
};

#define FLOWQ_DEFAULT_SIZE 4096

struct flowq_stats {
	uint64_t pushed;   /* records that entered the queue */
	uint64_t dropped;  /* records a full queue turned away */
};

struct flowq;

struct flowq *flowq_new(size_t size);
void flowq_free(struct flowq *q);
/* Queue R. WAIT: wait for room instead of dropping (files). */
void flowq_push(struct flowq *q, const struct flowq_rec *r, bool wait);
/* Up to MAX records into OUT, oldest first, waiting up to TIMEOUT_MS for
 * the first; 0 when none came or the queue was closed and is empty. */
size_t flowq_pop(struct flowq *q, struct flowq_rec *out, size_t max,
		 int timeout_ms);
/* No more pushes will come: a pop on the empty queue returns at once. */
void flowq_close(struct flowq *q);
bool flowq_closed_empty(struct flowq *q);
void flowq_stats(struct flowq *q, struct flowq_stats *out);

#endif
