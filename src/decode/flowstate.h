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

/* What flowstate_set_frame and flowstate_set_time said of the packet
 * being dissected (0 when nobody said). */
uint64_t flowstate_frame(const struct flowstate *fs);
double flowstate_time(const struct flowstate *fs);
void flowstate_set_whole(struct flowstate *fs, bool whole);

/* Beside tcpseq's TCPSEQ_* analysis flags (decode/tcpseq.h) in a view:
 * a SYN that starts a new connection on ports an earlier one used
 * (tshark's tcp.analysis.reused_ports). */
#define FLOWSTATE_TCP_PORTS_REUSED (1u << 15)

/* What the flow's history says of one segment, as tshark's defaults
 * show it (relative sequence numbers, the calculated window). */
struct flowstate_tcp_view {
	uint32_t seq, ack;    /* relative to the direction's base */
	uint32_t ack_base;    /* what ack numbers count from (SACK edges) */
	uint32_t nextseq;     /* relative: one past this segment */
	uint32_t window;      /* scaled when the handshake was seen */
	int win_scale;        /* shift; -1 unknown, -2 no scaling */
	unsigned flags;       /* TCPSEQ_* | FLOWSTATE_TCP_PORTS_REUSED */
	unsigned dup_num;     /* with TCPSEQ_DUPACK: N of #N */
	uint64_t dup_frame;   /* the ACK it repeats */
	int64_t stream;       /* tcp.stream, -1 when not numbered */
	bool relative;        /* seq, ack relative (not for a quoted one) */
};

/* A TCP segment with header HDR (its options included: the data offset's
 * bytes) and SEGLEN bytes of payload, of the flow S describes: its
 * sequence analysis (decode/tcpseq.h, the one TCP analysis) is updated
 * and, when V is not NULL, what it says of the segment is written
 * there, as tshark shows it. True is returned
 * when tshark would not hand its payload to an application dissector (a
 * retransmission, an out-of-order segment or a keep-alive; not a fast or
 * spurious retransmission). */
bool flowstate_tcp_again(struct flowstate *fs,
			 const struct decode_summary *s, const uint8_t *hdr,
			 size_t seglen,
			 struct flowstate_tcp_view *v);

/* A TCP header quoted by an ICMP error, of the flow S describes: V says
 * what tshark shows for it (its flow's stream number and window scale,
 * raw sequence numbers, no flags); the flow's analysis is left alone. */
void flowstate_tcp_quoted(struct flowstate *fs,
			  const struct decode_summary *s, const uint8_t *hdr,
			  struct flowstate_tcp_view *v);

/* The packet list's draw (inspect/flowlist.h): a segment's analysis
 * done earlier, with the store read in order, is shown again without the
 * flows. From this call on FS keeps no flow (flowstate_get answers NULL,
 * as without a flow state) and every flowstate_tcp_again answers V and
 * AGAIN (what it answered then) without looking at the segment. */
void flowstate_tcp_given(struct flowstate *fs,
			 const struct flowstate_tcp_view *v, bool again);

/* What the last flowstate_tcp_again since flowstate_set_frame said of
 * its segment (the packet list's worker keeps it, inspect/flowlist.h):
 * false when none was asked. */
bool flowstate_tcp_last(const struct flowstate *fs,
			struct flowstate_tcp_view *v, bool *again);

/* Keep TCP flows only (the packet list's worker, which needs nothing
 * else): a UDP or SCTP packet is dissected as without a flow state. */
void flowstate_set_tcp_only(struct flowstate *fs, bool tcp_only);

/* Forget every flow (the keylog stays). */
void flowstate_clear(struct flowstate *fs);

#endif
