/*
 * quic_conn: one QUIC connection as the tree path follows it packet by
 * packet (src/flowstate.h): the Initial keys from the client's first
 * Destination Connection ID, keys from a TLS key log for the Handshake
 * and 1-RTT packets, the connection IDs each side chose, the largest
 * packet number per number space, and the CRYPTO streams, so a TLS
 * handshake message is shown once, in the packet that completes it, as
 * tshark shows it.
 */
#ifndef PKTOP_QUIC_CONN_H
#define PKTOP_QUIC_CONN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/proto/quic_crypto.h"

struct flow;
struct flowstate;

/* Encryption levels that carry CRYPTO frames; each is also a packet
 * number space (0-RTT shares the application's). */
enum quic_epoch {
	QUIC_EPOCH_INITIAL = 0,
	QUIC_EPOCH_HANDSHAKE,
	QUIC_EPOCH_APP,
	QUIC_EPOCHS
};

/* A CRYPTO stream longer than this is not followed further. */
#define QUIC_STREAM_MAX (64u << 10)
#define QUIC_CONN_CID_MAX 20

enum quic_keys_state {
	QUIC_KEYS_UNTRIED = 0,
	QUIC_KEYS_READY,
	QUIC_KEYS_NONE, /* no secret for them (yet) */
};

/* One direction's CRYPTO stream at one encryption level. */
struct quic_stream {
	uint8_t *data;     /* grows by doubling up to QUIC_STREAM_MAX */
	uint8_t *have;     /* a bit per byte received */
	size_t capacity;
	size_t contiguous; /* bytes from offset 0 received without a gap */
	size_t shown;      /* the handshake messages before it were shown */
};

struct quic_conn {
	uint32_t version;
	int client_dir; /* the client's flow direction, -1 until known */
	uint8_t initial_dcid[QUIC_CONN_CID_MAX];
	uint8_t initial_dcil;
	bool have_initial_dcid;
	/* The connection ID each side chose (the Source Connection ID it
	 * sends), by the flow direction of its packets. */
	uint8_t cid[2][QUIC_CONN_CID_MAX];
	uint8_t cid_len[2];
	bool cid_set[2];
	/* By the flow direction of the packets they open. */
	struct quic_keys keys[QUIC_EPOCHS][2];
	uint8_t keys_state[QUIC_EPOCHS][2]; /* enum quic_keys_state */
	struct quic_keys early_keys;        /* the client's 0-RTT */
	uint8_t early_state;
	int64_t largest_pn[QUIC_EPOCHS][2]; /* -1: none opened yet */
	struct quic_stream crypto[QUIC_EPOCHS][2];
	/* From the handshake: the key log is indexed by the ClientHello's
	 * random; the ServerHello's suite says whether pktop can open. */
	uint8_t client_random[32];
	bool have_random;
	uint16_t cipher;
	bool have_cipher;
};

struct quic_conn *quic_conn_new(void);
void quic_conn_free(struct quic_conn *q);

/* Key the Initial packets from DCID (the client's first Destination
 * Connection ID, or a Retry's Source Connection ID): Initial keys
 * derived before are derived again. Longer than QUIC_CONN_CID_MAX:
 * ignored. */
void quic_conn_initial_dcid(struct quic_conn *q, const uint8_t *dcid,
			    size_t len);

/* Record LEN bytes at stream offset OFF of ST (a retransmission simply
 * writes the same bytes again). The growth is charged to F in FS. False
 * when they are past QUIC_STREAM_MAX or memory (or the budget) ran out:
 * the stream keeps what it had. */
bool quic_stream_add(struct flowstate *fs, struct flow *f,
		     struct quic_stream *st, uint64_t off, const uint8_t *p,
		     size_t len);

/* The handshake messages that are whole now and were not shown yet:
 * [*FROM, *TO) of st->data, and st->shown moves to *TO. False when
 * there is none. */
bool quic_stream_ready(struct quic_stream *st, size_t *from, size_t *to);

#endif
