/*
 * follow_quic: a followed UDP conversation read as QUIC (RFC 9000): the
 * CRYPTO data of its Initial packets, decrypted with the keys every
 * observer can derive from the client's first Destination Connection ID
 * (RFC 9001 section 5.2; decode/proto/quic_crypto), put in order by
 * offset per direction: the TLS ClientHello and ServerHello. Handshake,
 * 0-RTT and 1-RTT packets (where STREAM data travels) are counted, not
 * opened: the result's quic_* fields say why.
 */
#ifndef PKTOP_FOLLOW_QUIC_H
#define PKTOP_FOLLOW_QUIC_H

struct follow;

/* A new follow holding the Initial CRYPTO data of IN (a UDP follow; IN
 * is left as it is). NULL when memory ran out or IN is not UDP. */
struct follow *follow_quic_decode(const struct follow *in);

#endif
