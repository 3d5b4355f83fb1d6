/*
 * flowstate: what the tree path remembers from one packet to the next
 * when it reads packets in order (pktop -V, --fields, and the drill-down
 * replaying a connection's earlier packets, inspect/inspect.h), as
 * tshark's conversations do: an HTTP header block that goes on in the
 * next segment, a QUIC connection's keys and CRYPTO streams, and TLS
 * secrets from a key log.
 * The hot path never uses it. Bounded: the least recently seen flows go
 * first when there are too many or they hold too much.
 */
#ifndef PKTOP_FLOWSTATE_H
#define PKTOP_FLOWSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/decode.h"

#define FLOWSTATE_MAX_FLOWS 4096
/* What the flows' buffers may hold together (QUIC CRYPTO streams). */
#define FLOWSTATE_MAX_BYTES (64u << 20)

struct keylog;
struct quic_conn;

struct flow; /* decode/flow.h: for the parsers only */
struct flowstate;

struct flowstate *flowstate_new(void);
void flowstate_free(struct flowstate *fs);

/* Secrets to open QUIC Handshake and 1-RTT packets with; not owned. */
void flowstate_set_keylog(struct flowstate *fs, const struct keylog *k);
const struct keylog *flowstate_keylog(const struct flowstate *fs);

/* The flow of the packet S describes (TCP, UDP or SCTP with both ports
 * read), made the most recent; created when CREATE. *DIR is 0 when the
 * packet comes from the key's lo endpoint. NULL when S has no ports, the
 * flow is unknown and not to be created, or memory ran out. */
struct flow *flowstate_get(struct flowstate *fs,
			   const struct decode_summary *s, bool create,
			   unsigned *dir);

/* A flow's buffers grew (or shrank) by DELTA bytes: the budget evicts
 * the least recent other flows when the total passes
 * FLOWSTATE_MAX_BYTES. False when F alone is over it (the caller should
 * not keep more). */
bool flowstate_account(struct flowstate *fs, struct flow *f, long delta);

/* The capture time of the packet about to be dissected (seconds). */
void flowstate_set_time(struct flowstate *fs, double ts);

/* A TCP segment with header HDR (its options included: the data offset's
 * bytes) and SEGLEN bytes of payload, of the flow S describes: its
 * sequence analysis (decode/tcpseq.h) is updated,
 * and true is returned when tshark would not hand its payload to an
 * application dissector (a retransmission, an out-of-order segment or a
 * keep-alive; not a fast or spurious retransmission). */
bool flowstate_tcp_again(struct flowstate *fs,
			 const struct decode_summary *s, const uint8_t *hdr,
			 size_t seglen);

/* Forget every flow (the keylog stays). */
void flowstate_clear(struct flowstate *fs);

#endif
