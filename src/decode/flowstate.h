/*
 * flowstate: what the tree path remembers from one packet to the next
 * when it reads packets in order (pktop -V, --fields, and the drill-down
 * replaying a connection's earlier packets), as tshark's conversations
 * do: an HTTP header block that goes on in the next segment, a QUIC
 * connection's keys and CRYPTO streams, and TLS secrets from a key log.
 * The hot path never uses it. Bounded: the least recently seen flows go
 * first when there are too many or they hold too much.
 */
#ifndef PKTOP_FLOWSTATE_H
#define PKTOP_FLOWSTATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "model/conntab.h"
#include "decode/decode.h"

#define FLOWSTATE_MAX_FLOWS 4096
/* What the flows' buffers may hold together (QUIC CRYPTO streams). */
#define FLOWSTATE_MAX_BYTES (64u << 20)

struct keylog;
struct quic_conn;

/* One direction of a TCP flow as tshark's sequence analysis sees it. */
struct flow_tcp {
	uint32_t nextseq;     /* one past the highest sequence number sent */
	uint32_t lastack;
	uint16_t window;
	bool have_nextseq, have_ack;
	uint8_t dupacks;      /* duplicate ACKs in a row */
	double lastack_time;  /* of the last ACK sent */
};

struct flow {
	UT_hash_handle hh;
	struct conn_key key;
	struct flow_tcp tcp[2];
	/* Indexed by direction: 0 from the key's lo endpoint. The last
	 * HTTP message sent this way ended before its blank line, so the
	 * next segment goes on with header lines. */
	bool http_open[2];
	struct quic_conn *quic; /* owned; NULL until a QUIC packet */
	size_t bytes;           /* buffer bytes it holds, for the budget */
};

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

/* The drill-down's way to the state tshark would have: the packets of
 * the flow of stored packet SEQ that came before it, among the
 * FLOWSTATE_REPLAY_WINDOW packets stored just before it, go through
 * decode_tree_flows, oldest first: all of them, or when there are more
 * than FLOWSTATE_REPLAY_MAX the first FLOWSTATE_REPLAY_HEAD and the last
 * ones. Returns how many did. */
#define FLOWSTATE_REPLAY_WINDOW 8192
#define FLOWSTATE_REPLAY_MAX 256
#define FLOWSTATE_REPLAY_HEAD 64
struct model;
size_t flowstate_replay(struct flowstate *fs, struct model *m, uint64_t seq);

/* The capture time of the packet about to be dissected (seconds). */
void flowstate_set_time(struct flowstate *fs, double ts);

/* A TCP segment with header HDR (20 bytes at least) and SEGLEN bytes of
 * payload, of the flow S describes: its sequence analysis is updated,
 * and true is returned when tshark would not hand its payload to an
 * application dissector (a retransmission, an out-of-order segment or a
 * keep-alive; not a fast or spurious retransmission). */
bool flowstate_tcp_again(struct flowstate *fs,
			 const struct decode_summary *s, const uint8_t *hdr,
			 size_t seglen);

/* Forget every flow (the keylog stays). */
void flowstate_clear(struct flowstate *fs);

#endif
