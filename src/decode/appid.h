/*
 * appid: which application a connection carries, by payload signature
 * first and port second, looked at on the first packets of each direction
 * (the tables call it until it answers). The same app parsers also add
 * their fields to the drill-down tree.
 */
#ifndef PKTOP_APPID_H
#define PKTOP_APPID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

struct cursor;
struct dissect;

#define APPID_NAME_MAX 256

/* An HTTP/1.x message's start line and User-Agent, as identification
 * reads them (the first segment of a request or response, no tree): what
 * the flow record exports (IPFIX 459/461/457/468). The strings point into
 * the frame given to appid_identify (valid while it is), raw packet
 * bytes: the model cuts them to its sizes (struct model_http) and they
 * are escaped before any terminal or JSON. */
struct http_summary {
	const uint8_t *method, *target, *ua; /* NULL: not in this packet */
	uint16_t method_len, target_len, ua_len;
	uint16_t status;     /* response status code, 0 none */
};

struct appid_result {
	unsigned app;    /* enum proto_id; PROTO_NONE: not (yet) identified */
	bool certain;    /* a payload signature matched, not just a port */
	size_t name_len; /* 0: no name in this packet */
	/* Nothing more to learn from this connection: a QUIC client
	 * Initial that would not open (its keys come from its own
	 * connection ID, so the next ones will not open either). */
	bool settled;
	/* The conversation may turn into TLS later (appid_upgrade): keep
	 * looking, and let a TLS handshake relabel it. */
	bool upgrade;
	/* TLS SNI, HTTP Host, DNS query name: raw bytes, not escaped. */
	char name[APPID_NAME_MAX];
	/* HTTP: this packet's request line and User-Agent (method_len >
	 * 0) or its status code (status > 0) */
	struct http_summary http;
};

/* Look at one packet's transport payload (S says where it is in FRAME).
 * Returns true when R holds an answer worth keeping (an app or a name). */
bool appid_identify(const struct decode_summary *s, const uint8_t *frame,
		    struct appid_result *r);

/* Whether a connection labelled APP, whose first payload is PAYLOAD
 * bytes, may turn into TLS later: a STARTTLS-capable protocol, or an
 * HTTP CONNECT tunnel (RFC 9110 section 9.3.6). */
bool appid_upgrade(unsigned app, const uint8_t *payload, size_t len);

/* Tree path: dissect the application layer in PAYLOAD as APP (or guess
 * when APP is PROTO_NONE) and add its fields to d->t. */
void appid_dissect(struct cursor *payload, struct dissect *d, unsigned app);

#endif
