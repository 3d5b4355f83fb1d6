/*
 * follow: one conversation's bytes put back in order, from its packets
 * (the stored ones for the UI, a file's for --follow), the way tshark's
 * "Follow TCP stream" does it, so `-z follow,tcp,raw,N` and pktop agree
 * byte for byte. Never on the capture path: the caller hands over copies
 * of the frames and the work runs without the model lock.
 */
#ifndef PKTOP_FOLLOW_H
#define PKTOP_FOLLOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base/addr.h"
#include "model/model.h"

struct inspect;

/* What one follow keeps at most (data and segments waiting for a gap to
 * fill); past it the rest is left out and the result says so. */
#define FOLLOW_CAP_BYTES (16u << 20)
/* Out-of-order segments waiting at once: tshark looks them all over for
 * every segment, so a hostile capture could make that quadratic. */
#define FOLLOW_MAX_WAITING 4096

enum follow_kind {
	FOLLOW_DATA = 0,
	FOLLOW_GAP,  /* bytes the other side acknowledged, never captured */
};

/* follow_chunk.stream: what a piece of a QUIC follow is (a STREAM's id
 * when >= 0) */
#define FOLLOW_STREAM_NONE (-1)      /* not QUIC: TCP, UDP, HTTP */
#define FOLLOW_CRYPTO_INITIAL (-2)   /* CRYPTO data of Initial packets */
#define FOLLOW_CRYPTO_HANDSHAKE (-3) /* of Handshake packets */
#define FOLLOW_CRYPTO_APP (-4)       /* of 1-RTT packets */

/* One piece of the conversation, in the order tshark prints it. */
struct follow_chunk {
	uint8_t dir;        /* 0: node 0 (who sent the first packet), 1 */
	uint8_t kind;       /* enum follow_kind */
	uint64_t frame;     /* the packet it came with (1 = first given) */
	int64_t ts_sec;
	uint32_t ts_usec;
	uint64_t offset;    /* where it starts in its direction's bytes */
	size_t data;        /* DATA: its bytes at follow->data + data */
	size_t len;         /* DATA: bytes; GAP: bytes missing */
	int64_t stream;     /* FOLLOW_STREAM_NONE, or the QUIC stream */
};

/* An out-of-order segment waiting for the bytes before it. */
struct follow_wait {
	uint32_t seq;
	uint64_t frame;
	int64_t ts_sec;
	uint32_t ts_usec;
	uint8_t *bytes;
	size_t len;
};

struct follow {
	uint8_t l4;                 /* 6 or 17 */
	bool flush_tail;            /* at the end, show what waits after a
				     * gap nobody acknowledged (tshark
				     * drops it) */
	bool have_nodes;
	struct addr node[2];
	uint16_t port[2];
	uint64_t frames;            /* packets given */
	int64_t label;              /* the stream of the pieces appended
				     * next (follow_chunk.stream) */
	uint64_t packets[2];        /* of this conversation, per direction */

	struct follow_chunk *chunks;
	size_t nchunks, chunks_cap;
	uint8_t *data;
	size_t ndata, data_cap;

	uint64_t bytes[2];          /* delivered */
	uint64_t missing[2];        /* said in GAP chunks */
	uint64_t truncated[2];      /* cut by the snap length */
	uint64_t unacked[2];        /* waiting at the end after a gap */
	uint64_t dropped_waiting;   /* segments past FOLLOW_MAX_WAITING */
	bool capped;                /* FOLLOW_CAP_BYTES reached */
	size_t kept;                /* bytes held (data + waiting) */
	size_t cap;                 /* FOLLOW_CAP_BYTES unless a test sets it */

	/* follow_http_decode: what HTTP decoding did and could not do
	 * (counts of messages) */
	bool http;                  /* the pieces are HTTP messages */
	uint32_t http_dechunked;    /* bodies with chunked coding undone */
	uint32_t http_inflated;     /* gzip/deflate bodies decompressed */
	uint32_t http_bad_coding;   /* bad gzip/deflate or chunk syntax:
				     * shown as captured from there */
	uint32_t http_unsupported;  /* other codings (br, zstd): as is */
	uint32_t http_bombs;        /* decompressed bodies cut at the cap */
	uint32_t http_incomplete;   /* a message the capture ends inside */
	uint8_t http_raw_dirs;      /* bit d: node d's bytes (or the rest
				     * after a gap) are not HTTP: as is */

	/* follow_quic_decode: the CRYPTO and STREAM data of a QUIC
	 * conversation; counts of packets */
	bool quic;
	uint32_t quic_initial_opened;
	uint32_t quic_initial_failed; /* no keys yet, or the tag failed */
	uint32_t quic_keyed_opened; /* Handshake, 0-RTT, 1-RTT opened with
				     * key log secrets */
	uint32_t quic_protected;    /* Handshake, 0-RTT, 1-RTT: not opened,
				     * for one of these reasons: */
	uint32_t quic_no_keylog;    /* no key log at all */
	uint32_t quic_no_secret;    /* the key log lacks the connection's
				     * secrets (or no ClientHello seen) */
	uint32_t quic_suite;        /* a suite other than AES-128-GCM */
	uint32_t quic_keyed_failed; /* keys found, the tag did not verify */
	uint32_t quic_streams;      /* STREAM streams with data shown */
	uint64_t quic_dropped;      /* STREAM/CRYPTO bytes left out (past
				     * the limits of waiting pieces) */
	uint32_t quic_unknown;      /* version negotiation, unknown version */
	uint64_t quic_crypto_waiting; /* CRYPTO bytes after a hole */

	/* the store's view: the start is gone */
	uint64_t evicted_packets, evicted_bytes;

	/* TCP: tshark's follow state per direction */
	bool seq_set[2];
	uint32_t seq[2];            /* next expected */
	struct follow_wait *wait[2];
	size_t nwait[2], wait_cap[2];
};

/* A new follow of IP protocol L4 (6 TCP, 17 UDP); NULL when memory
 * ran out. */
struct follow *follow_new(uint8_t l4, bool flush_tail);
void follow_free(struct follow *f);

/* One packet of the conversation, in capture order. A packet of another
 * protocol, a later IP fragment or one without a transport header is
 * counted and skipped. */
void follow_add(struct follow *f, int linktype, int64_t ts_sec,
		uint32_t ts_usec, const uint8_t *frame, size_t caplen,
		size_t len);
/* The end: with flush_tail, what still waits after a gap is shown. */
void follow_finish(struct follow *f);

/* Append LEN delivered bytes (or, with GAP, a gap of LEN bytes) of
 * direction DIR as the next piece, for decoders that build a follow out
 * of another (follow_http). Within the cap, as reassembly. */
void follow_append(struct follow *f, uint8_t dir, bool gap, uint64_t frame,
		   int64_t ts_sec, uint32_t ts_usec, const uint8_t *p,
		   size_t len);

/* A new follow for a decoder that rebuilds IN (follow_http,
 * follow_quic): IN's endpoints, counts and notes carried over; NULL
 * when memory ran out. */
struct follow *follow_derive(const struct follow *in);
/* The decoder is done: what IN says about the whole (the cap) holds
 * for OUT too. */
void follow_derive_end(struct follow *out, const struct follow *in);

/* ---- which conversation: tshark's tcp.stream / udp.stream index ---- */

/* Numbers conversations in order of their first packet, a new TCP
 * stream for a SYN that reuses the ports with a new initial sequence
 * number, as tshark does. */
struct follow_index;
struct follow_index *follow_index_new(uint8_t l4);
void follow_index_free(struct follow_index *x);
/* The stream index of one frame; -1 when it is not of the protocol. */
int64_t follow_index_add(struct follow_index *x, int linktype,
			 const uint8_t *frame, size_t caplen, size_t len);
/* Whether the frame goes from or to both endpoints A:APORT and B:BPORT
 * (either way round) over the protocol. */
bool follow_index_is_between(uint8_t l4, int linktype, const uint8_t *frame,
			     size_t caplen, size_t len, const struct addr *a,
			     uint16_t aport, const struct addr *b,
			     uint16_t bport);

/* ---- from the packet store ---- */

/* The stored packets of connection CONN_ID (its row: L4, packets, bytes
 * tell what the store let go), copied out one at a time and reassembled
 * without the lock. NULL with a message in ERR. */
struct follow *follow_stored(struct model *m, struct inspect *in,
			     const struct model_conn_row *conn, char *err,
			     size_t errlen);

/* The delivered bytes of the directions in DIRS (bit 0: node 0, bit 1:
 * node 1), in order, to a new file PATH (never over one that exists;
 * a name the user typed: base/outfile.h's outfile_open_named).
 * 0 with the count in *WRITTEN, or -1 with a message in ERR. */
int follow_save_raw(const struct follow *f, unsigned dirs, const char *path,
		    size_t *written, char *err, size_t errlen);

#endif
