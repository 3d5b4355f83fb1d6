/*
 * ipfix_in: the collector's decoder (--collect). IPFIX messages (RFC 7011)
 * from any exporter are untrusted input: every length is checked with the
 * cursor, templates are kept in a bounded table (the oldest goes), and a
 * message that contradicts itself is counted, not repaired. Pure: bytes
 * in, flows out through a callback; the sockets are collect.c's.
 */
#ifndef PKTOP_IPFIX_IN_H
#define PKTOP_IPFIX_IN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/model.h"

#define IPFIX_IN_HEADER 16       /* message header, RFC 7011 section 3.1 */
#define IPFIX_IN_TEMPLATES 1024  /* kept, all exporters together */
#define IPFIX_IN_FIELDS 96       /* elements of one template we keep */
#define IPFIX_IN_VARLEN 65535

struct ipfix_in_field {
	uint16_t id;     /* the enterprise bit cleared */
	uint16_t len;    /* IPFIX_IN_VARLEN: variable */
	uint32_t pen;    /* 0: IANA */
};

struct ipfix_in_tmpl {
	uint64_t session;  /* the caller's transport session */
	uint32_t domain;   /* Observation Domain ID */
	uint32_t stamp;    /* when last defined: the oldest goes first */
	uint16_t id;
	uint16_t nfields;
	uint16_t min_len;  /* a data record is at least this long */
	uint8_t used;
	uint8_t options;   /* options template: its records are skipped */
	struct ipfix_in_field f[IPFIX_IN_FIELDS];
};

struct ipfix_in_stats {
	uint64_t messages;     /* whole messages decoded */
	uint64_t records;      /* flow records handed out */
	uint64_t templates;    /* template records read */
	uint64_t malformed;    /* messages that contradict themselves */
	uint64_t no_template;  /* data sets whose template was not known */
	uint64_t unusable;     /* records without two addresses of one family */
	uint64_t unsupported;  /* templates too long, other versions */
	uint64_t evicted;      /* templates let go at the table's limit */
};

struct ipfix_in {
	struct ipfix_in_tmpl t[IPFIX_IN_TEMPLATES];
	uint32_t clock;
	struct ipfix_in_stats st;
};

/* One flow of a message from DOMAIN; F is the decoder's, copy it. */
typedef void ipfix_in_flow_fn(void *arg, uint32_t domain,
			      const struct model_flow_in *f);

struct ipfix_in *ipfix_in_new(void);
void ipfix_in_free(struct ipfix_in *in);

/* The length a message announces in its first 4 bytes (a stream's
 * framing); 0 when they are not an IPFIX header. */
size_t ipfix_in_length(const uint8_t *p, size_t len);

/* Decode one message of LEN bytes from transport session SESSION
 * (templates are per session and domain, RFC 7011 section 8). Flows go
 * to FN as they are read. 0, or -1 when the message was malformed (the
 * flows before the fault were handed out). *DOMAIN gets its domain. */
int ipfix_in_message(struct ipfix_in *in, uint64_t session,
		     const uint8_t *msg, size_t len, uint32_t *domain,
		     ipfix_in_flow_fn *fn, void *arg);

/* Forget SESSION's templates (a TCP exporter went away). */
void ipfix_in_forget(struct ipfix_in *in, uint64_t session);

#endif
