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

/* The capture's frame number of the packet about to be dissected (the
 * duplicate ACKs name the frame they repeat), and whether this flow
 * state sees every packet of the file from the first (then TCP streams
 * are numbered as tshark's tcp.stream; not in a drill-down's replay). */
void flowstate_set_frame(struct flowstate *fs, uint64_t number);
void flowstate_set_whole(struct flowstate *fs, bool whole);

/* tshark's TCP analysis flags (its tcp.analysis.* fields). */
enum flowstate_tcp_flag {
	FLOWSTATE_TCP_RETRANS = 1 << 0,
	FLOWSTATE_TCP_FAST_RETRANS = 1 << 1,
	FLOWSTATE_TCP_SPURIOUS = 1 << 2,
	FLOWSTATE_TCP_OUT_OF_ORDER = 1 << 3,
	FLOWSTATE_TCP_LOST = 1 << 4,       /* previous segment not captured */
	FLOWSTATE_TCP_ACK_LOST = 1 << 5,   /* ACKed unseen segment */
	FLOWSTATE_TCP_KEEP_ALIVE = 1 << 6,
	FLOWSTATE_TCP_KEEP_ALIVE_ACK = 1 << 7,
	FLOWSTATE_TCP_DUP_ACK = 1 << 8,
	FLOWSTATE_TCP_ZERO_WINDOW = 1 << 9,
	FLOWSTATE_TCP_ZERO_WINDOW_PROBE = 1 << 10,
	FLOWSTATE_TCP_ZERO_WINDOW_PROBE_ACK = 1 << 11,
	FLOWSTATE_TCP_WINDOW_UPDATE = 1 << 12,
	FLOWSTATE_TCP_WINDOW_FULL = 1 << 13,
	FLOWSTATE_TCP_PORTS_REUSED = 1 << 14,
};

/* What the flow's history says of one segment, as tshark's defaults
 * show it (relative sequence numbers, the calculated window). */
struct flowstate_tcp_view {
	uint32_t seq, ack;    /* relative to the direction's base */
	uint32_t ack_base;    /* what ack numbers count from (SACK edges) */
	uint32_t nextseq;     /* relative: one past this segment */
	uint32_t window;      /* scaled when the handshake was seen */
	int win_scale;        /* shift; -1 unknown, -2 no scaling */
	unsigned flags;       /* enum flowstate_tcp_flag */
	unsigned dup_num;     /* with FLOWSTATE_TCP_DUP_ACK: N of #N */
	uint64_t dup_frame;   /* the ACK it repeats */
	int64_t stream;       /* tcp.stream, -1 when not numbered */
	bool relative;        /* seq, ack relative (not for a quoted one) */
};

/* A TCP segment with header HDR (20 bytes at least) and SEGLEN bytes of
 * payload, of the flow S describes; WSCALE is its window scale option's
 * shift (-1: none). Its sequence analysis is updated and, when V is not
 * NULL, what it says of the segment is written there. True is returned
 * when tshark would not hand its payload to an application dissector (a
 * retransmission, an out-of-order segment or a keep-alive; not a fast or
 * spurious retransmission). */
bool flowstate_tcp_again(struct flowstate *fs,
			 const struct decode_summary *s, const uint8_t *hdr,
			 size_t seglen, int wscale,
			 struct flowstate_tcp_view *v);

/* A TCP header quoted by an ICMP error, of the flow S describes: V says
 * what tshark shows for it (its flow's stream number and window scale,
 * raw sequence numbers, no flags); the flow's analysis is left alone. */
void flowstate_tcp_quoted(struct flowstate *fs,
			  const struct decode_summary *s, const uint8_t *hdr,
			  struct flowstate_tcp_view *v);

/* Forget every flow (the keylog stays). */
void flowstate_clear(struct flowstate *fs);

#endif
