/*
 * ipfix: flow records as IPFIX messages (RFC 7011), both directions of a
 * connection in one biflow record (RFC 5103: the reverse direction's
 * elements under PEN 29305). Pure: records in, bytes out; the sockets
 * are flow_export's.
 */
#ifndef PKTOP_IPFIX_H
#define PKTOP_IPFIX_H

#include <stddef.h>
#include <stdint.h>

#include "model/flowq.h"

/* Messages stay under a path MTU with room for IP, UDP and tunnels. */
#define IPFIX_MSG_MAX 1400
#define IPFIX_VERSION 10
#define IPFIX_PEN_REVERSE 29305 /* RFC 5103 */
#define IPFIX_PEN_NTOP 35632
#define IPFIX_VARLEN 65535
#define IPFIX_TEMPLATE_FIRST 256

/* A record's shape picks its template: the address family and the
 * element the server name goes in. */
enum ipfix_family { IPFIX_V4 = 0, IPFIX_V6, IPFIX_FAMILIES };
enum ipfix_kind {
	IPFIX_PLAIN = 0, /* no name */
	IPFIX_SNI,       /* TLS or QUIC server name: ntop 35632/188 */
	IPFIX_DNS,       /* DNS query name: ntop 35632/205 */
	IPFIX_HTTP,      /* HTTP: IANA 460 Host, 459 method, 461 target,
			  * 457 status, 468 User-Agent */
	IPFIX_KINDS
};
#define IPFIX_TEMPLATES (IPFIX_FAMILIES * IPFIX_KINDS)

/* One exporter's stream state towards one collector. */
struct ipfix_enc {
	uint32_t domain;   /* Observation Domain ID */
	uint32_t seq;      /* data records sent before the next message */
	uint32_t ifindex;  /* ingressInterface */
};

/* A message being filled. */
struct ipfix_msg {
	uint8_t buf[IPFIX_MSG_MAX];
	size_t len;
	size_t set_off;   /* of the open set's header; 0: none open */
	uint16_t set_id;
	uint32_t records; /* data records in it */
};

/* The template id of R's shape. */
uint16_t ipfix_template_id(const struct flowq_rec *r);

void ipfix_msg_begin(struct ipfix_msg *msg);
/* Add the template of shape ID (IPFIX_TEMPLATE_FIRST + n); -1 when it
 * does not fit (finish, send, begin again). */
int ipfix_msg_template(struct ipfix_msg *msg, uint16_t id);
/* Add R as a data record; -1 when it does not fit. */
int ipfix_msg_record(struct ipfix_msg *msg, const struct ipfix_enc *e,
		     const struct flowq_rec *r);
/* Close the message: header with E's domain and sequence number and
 * export time NOW; E's sequence moves on by the data records in it.
 * Returns its length (0: nothing in it). */
size_t ipfix_msg_finish(struct ipfix_msg *msg, struct ipfix_enc *e,
			uint32_t now);

/* The template elements, for the tests and the documentation. */
struct ipfix_elem_info {
	uint16_t id;
	uint32_t pen;
	uint16_t len;
	const char *name;
};
size_t ipfix_template_elems(uint16_t id, struct ipfix_elem_info *out,
			    size_t max);

#endif
