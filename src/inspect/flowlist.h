/*
 * flowlist: the packet list's TCP flow state. The list dissects each row
 * alone, so by itself it would show raw sequence numbers and the
 * unscaled window; tshark reads the file in order. A worker thread reads
 * the store in order instead (the model lock only to copy a packet out,
 * the analysis after it), steps one flow state (decode/flowstate.h, the
 * one TCP analysis) and keeps, per stored packet, what it said of the
 * segment: relative Seq/Ack, the scaled window, tshark's analysis flags,
 * the duplicate ACK's number and frame. Drawing a row is then a lookup
 * and one dissection, as the CLI list prints it. Rows the worker has not
 * reached yet describe as before (raw), until it has.
 */
#ifndef PKTOP_INSPECT_FLOWLIST_H
#define PKTOP_INSPECT_FLOWLIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct model;
struct model_packet;
struct packet_info;
struct tree;

/* ---- the side table (pure; the worker's, under its mutex) ---- */

/* What the analysis said of one stored packet: 28 bytes a packet. */
struct flowlist_entry {
	uint32_t stamp;     /* flowlist_stamp of the packet it was said of */
	uint32_t seq, ack;  /* relative */
	uint32_t window;    /* scaled when the handshake was seen */
	uint32_t dup_num;   /* TCPSEQ_DUPACK: N of #N */
	uint32_t dup_back;  /* its packet minus the frame it repeats */
	uint16_t flags;     /* TCPSEQ_* | FLOWSTATE_TCP_PORTS_REUSED */
	uint8_t kind;       /* FLOWLIST_* */
	int8_t win_scale;   /* the view's win_scale */
};
#define FLOWLIST_NONE 0  /* not a TCP segment the analysis stepped */
#define FLOWLIST_TCP 1
#define FLOWLIST_AGAIN 2 /* with TCP: not handed to the application */

/* Entries for the store's packets [LO, HI), in a ring of CAP (a power of
 * two) indexed by sequence number: it grows to the store's packet count
 * and follows its eviction (flowlist_table_forget). */
struct flowlist_table {
	struct flowlist_entry *e;
	size_t cap;
	uint64_t lo, hi;
};
void flowlist_table_init(struct flowlist_table *t);
void flowlist_table_free(struct flowlist_table *t);
/* Forget every entry (the store was cleared). */
void flowlist_table_reset(struct flowlist_table *t);
/* Packet SEQ's entry E; SEQ at or past every entry put so far (store
 * order; packets between are FLOWLIST_NONE). -1 when memory ran out. */
int flowlist_table_put(struct flowlist_table *t, uint64_t seq,
		       const struct flowlist_entry *e);
/* Packets before FIRST left the store. */
void flowlist_table_forget(struct flowlist_table *t, uint64_t first);
/* A packet's time and length folded: an entry said of another packet
 * than the one stored under its number now (a file read again from
 * the start after a new capture filter) is not used. */
uint32_t flowlist_stamp(const struct model_packet *hdr);
/* SEQ's entry into *E; false when SEQ is not in [LO, HI). */
bool flowlist_table_get(const struct flowlist_table *t, uint64_t seq,
			struct flowlist_entry *e);
/* Bytes allocated. */
size_t flowlist_table_bytes(const struct flowlist_table *t);

/* ---- the worker ---- */

struct inspect_flows;
/* One worker thread reading M's store; NULL when memory or a thread ran
 * out. */
struct inspect_flows *inspect_flows_new(struct model *m);
/* Stops and joins the worker. NULL is fine. */
void inspect_flows_free(struct inspect_flows *f);

/* The store holds [FIRST, BEFORE) now: the worker goes on to BEFORE
 * (never blocks; a BEFORE lower than before means the store was cleared:
 * the flows start over). */
void inspect_flows_post(struct inspect_flows *f, uint64_t first,
			uint64_t before);
/* The next packet the worker will look at: every one before it has its
 * answer. */
uint64_t inspect_flows_done(const struct inspect_flows *f);
/* Wait at most MS milliseconds for the worker to reach what was posted
 * (a live list's newest rows, a few packets behind); at once when it is
 * further behind than a chunk (a file being read). True when it has. */
bool inspect_flows_wait(struct inspect_flows *f, int ms);

/* Stored packet HDR (its FRAME, CAPLEN bytes) described for the list as
 * packet_info_describe does, with its flow's analysis when the worker
 * has reached it. F may be NULL. Returns false when the worker has not
 * reached it yet (the row is raw; draw it again later); an entry said
 * of another packet (the store was read again) makes the next post
 * start the flows over. Any thread may call it. */
bool inspect_flows_describe(struct inspect_flows *f,
			    const struct model_packet *hdr,
			    const uint8_t *frame, size_t caplen, unsigned app,
			    struct tree *scratch, struct packet_info *pi);

#endif
