/*
 * follow_quic: a followed UDP conversation read as QUIC (RFC 9000): the
 * CRYPTO data of its Initial packets, decrypted with the keys every
 * observer can derive from the client's first Destination Connection ID
 * (RFC 9001 section 5.2; decode/proto/quic_crypto), and, where a TLS key
 * log holds the connection's secrets, the CRYPTO data of its Handshake
 * packets and the STREAM data of its 0-RTT and 1-RTT packets
 * (decode/proto/quic_open.h), put in order by offset per stream and
 * direction. Each piece's follow_chunk.stream says which stream it is.
 * Packets not opened are counted: the result's quic_* fields say why.
 */
#ifndef PKTOP_FOLLOW_QUIC_H
#define PKTOP_FOLLOW_QUIC_H

struct follow;
struct keylog;

/* A new follow holding the decrypted CRYPTO and STREAM data of IN (a UDP
 * follow; IN is left as it is), with the secrets of LOG (NULL: Initial
 * packets only). NULL when memory ran out or IN is not UDP. */
struct follow *follow_quic_decode(const struct follow *in,
				  const struct keylog *log);

#endif
