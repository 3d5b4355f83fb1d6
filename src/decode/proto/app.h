/*
 * app: the interface between appid.c and the application parsers in
 * src/proto/. A parser reads one packet's transport payload through its
 * cursor and says how sure it is that the bytes are its protocol; given a
 * tree it also adds its fields on the same walk, so no layout is written
 * down twice. The hot path looks at one packet at a time; the tree path
 * reading packets in order also gets the flow's state (flowstate.h).
 */
#ifndef PKTOP_PROTO_APP_H
#define PKTOP_PROTO_APP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/appid.h"
#include "base/cursor.h"
#include "decode/flow.h"
#include "decode/tree.h"

/* enum app_verdict and app_parse_fn are in proto_table.h: a protocol's
 * descriptor names its parser. */

/* What a TLS hello told the layer under it (QUIC's key log lookup). */
struct tls_hello_seen {
	uint8_t client_random[32];
	bool have_random;
	uint16_t cipher; /* the ServerHello's */
	bool have_cipher;
};

struct app_ctx {
	struct tree *t;          /* NULL when only identifying */
	struct appid_result *r;  /* the name found goes here; never NULL */
	unsigned app;            /* the protocol being tried (DNS family) */
	uint16_t sport, dport;
	uint8_t l4;              /* PROTO_TCP, PROTO_UDP or PROTO_SCTP */
	bool snapped;            /* tree path: the capture cut the payload
				  * short of its IP length (the snap length) */
	/* Tree path reading packets in order: the flows' state and the
	 * packet's summary to find its flow by; NULL otherwise. */
	struct flowstate *fs;
	const struct decode_summary *s;
	/* Tree path: the packet's own summary (the outer layers' ports in a
	 * tunnel, where S is the inner one's); NULL otherwise. */
	const struct decode_summary *packet;
	struct tls_hello_seen *hello; /* filled by tls_hello when set */
	int tls_sni;             /* tree path: the first SNI's node, or -1 */
};

/* Identification shows a parser no more than the payload's first
 * APP_LOOK_MAX bytes, so a packet costs the same whatever it carries
 * (a 64 KiB segment from offload, zeros, text with no line end). What
 * identification reads comes early: a ClientHello's server_name (the
 * largest hello in use, Chrome's with a post-quantum key share, is under
 * 2 KiB, and its continuation segment holds less), an HTTP request line
 * and the Host header that RFC 9110 section 7.2 puts first, a reply line
 * (at most 512 bytes, RFC 5321 section 4.5.3.1.5), an SSH banner (255), a
 * DNS or DHCP message over UDP and a QUIC Initial (both at most a
 * datagram of a 1500-byte path). 4 KiB covers them all twice over; a
 * parser that adds tree fields reads the whole payload. */
#define APP_LOOK_MAX 4096

/* Keep N bytes at S as the connection's name (first one wins). */
void app_set_name(struct app_ctx *a, const uint8_t *s, size_t n);

/* The packet's flow in a->fs (NULL without one), created when CREATE;
 * *DIR its direction. */
struct flow *app_flow(const struct app_ctx *a, bool create, unsigned *dir);

/* True when either port is P. */
static inline bool
app_port(const struct app_ctx *a, uint16_t p)
{
	return a->sport == p || a->dport == p;
}

/* Tree path reading packets in order: the packet's frame number (0 when
 * unknown) and capture time, for the request/answer links. */
uint64_t app_frame(const struct app_ctx *a, double *ts);

/* Tree only: "[LABEL: SECONDS seconds]" (FIELD), a time between two
 * packets as tshark shows it, rounded to the microsecond (the capture
 * time is a double of seconds). */
int app_tree_delta(struct tree *t, const char *field, const char *label,
		   size_t off, double seconds);

/* Prefix tests on the cursor's next bytes; the cursor does not move.
 * The _nocase one takes S in upper case. */
bool app_starts_with(const struct cursor *c, const char *s);
bool app_starts_with_nocase(const struct cursor *c, const char *s);

/* Bytes before the first CR or LF from the cursor on (all that is left
 * when there is none); the cursor does not move. */
size_t app_line_len(const struct cursor *c);

/* The line at the cursor: its first byte (N of them may be read, N set
 * as app_line_len gives it); the cursor does not move. */
const uint8_t *app_line(const struct cursor *c, size_t *n);

/* N decimal digits at P (the caller checked N bytes are there). */
bool app_is_digits(const uint8_t *p, size_t n);

/* Whether the cursor's first bytes open a numbered reply line: three
 * digits, then a space or a hyphen (RFC 5321 section 4.2, RFC 959
 * section 4.2); none of them ends a line. */
bool app_is_reply(const struct cursor *c);

/* Whether S occurs in the N bytes at P. */
bool app_find(const uint8_t *p, size_t n, const char *s);

/* TLS handshake messages back to back in C, as in a record's body or
 * a QUIC CRYPTO frame: fields to the tree, the SNI to the name. */
void tls_handshakes(struct cursor *c, struct app_ctx *a);

/* Close a TLS layer's Info text: the SNI seen in it, or "Continuation
 * Data" when nothing was named. */
void tls_info_end(const struct app_ctx *a);

#endif
