/*
 * follow_http: a followed TCP conversation read as HTTP/1.x messages,
 * the way tshark's `-z follow,http` shows them: each message's start
 * line and headers as one piece, its body as the next, with the chunked
 * transfer coding undone and a gzip or deflate Content-Encoding
 * decompressed (with zlib). Everything it cannot decode is shown as
 * captured and counted in the result's http_* fields, so the views say
 * so. A decompressed body stops at FOLLOW_HTTP_BODY_CAP (a guard against
 * decompression bombs), also said.
 */
#ifndef PKTOP_FOLLOW_HTTP_H
#define PKTOP_FOLLOW_HTTP_H

#include <stddef.h>

struct follow;

/* What one decompressed body may grow to. */
#define FOLLOW_HTTP_BODY_CAP (8u << 20)
/* A start line and headers longer than this are not HTTP: as is. */
#define FOLLOW_HTTP_HEAD_MAX (64u << 10)

/* A new follow holding IN's conversation decoded as HTTP (IN is left
 * as it is); BODY_CAP 0 means FOLLOW_HTTP_BODY_CAP. NULL when memory ran
 * out or IN is not TCP. */
struct follow *follow_http_decode(const struct follow *in, size_t body_cap);

#endif
