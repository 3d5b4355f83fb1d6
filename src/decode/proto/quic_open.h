/*
 * quic_open: what the tree path's QUIC opening (quic.c) lends to the
 * layers above, so Follow (inspect/follow_quic.c) opens Handshake, 0-RTT
 * and 1-RTT packets with the same code: the keys of a level from a TLS
 * key log, and the walk over a decrypted payload's frames that gives
 * the CRYPTO and STREAM data. The packet protection itself is
 * quic_crypto_unprotect (quic_crypto.h).
 */
#ifndef PKTOP_QUIC_OPEN_H
#define PKTOP_QUIC_OPEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "decode/proto/quic_conn.h"
#include "decode/proto/quic_crypto.h"

struct keylog;

/* 0-RTT packets: the application's number space, the client's early
 * keys, no CRYPTO frames. */
#define QUIC_LEVEL_0RTT QUIC_EPOCHS

/* A variable-length integer (RFC 9000 section 16) at P[*I] of N bytes,
 * *I moved past it; false past the end. */
bool quic_open_varint(const uint8_t *p, size_t n, size_t *i, uint64_t *v);

/* The keys of LEVEL (QUIC_EPOCH_HANDSHAKE, QUIC_EPOCH_APP or
 * QUIC_LEVEL_0RTT) for the packets the client (FROM_CLIENT) or the
 * server sends, from the key log LOG by the ClientHello's RANDOM.
 * CIPHER: the ServerHello's suite, or -1 when not seen. -1 when LOG has
 * no such secret, or the suite is not TLS_AES_128_GCM_SHA256. */
int quic_open_log_keys(const struct keylog *log, uint32_t version,
		       const uint8_t random[32], int cipher, unsigned level,
		       bool from_client, struct quic_keys *k);

/* One CRYPTO or STREAM frame's data in a decrypted payload. */
struct quic_open_data {
	bool crypto;         /* CRYPTO; else STREAM */
	bool fin;            /* STREAM: the last byte of the stream */
	uint64_t stream_id;  /* STREAM */
	uint64_t off;        /* the offset of its first byte */
	const uint8_t *p;
	size_t len;
};

typedef void (*quic_open_fn)(void *arg, const struct quic_open_data *d);

/* Walk the frames of N decrypted bytes at P (a payload of VERSION, as
 * quic_crypto_unprotect gives it), calling FN for each CRYPTO and
 * STREAM frame's data in order. With INITIAL, a frame an Initial may
 * not carry ends the walk. False when a frame does not parse or its
 * type is unknown: the walk stops there (what came before was given). */
bool quic_open_frames(uint32_t version, const uint8_t *p, size_t n,
		      bool initial, quic_open_fn fn, void *arg);

#endif
