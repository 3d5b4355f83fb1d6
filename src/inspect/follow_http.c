/*
 * follow_http: HTTP/1.x messages in a followed conversation (RFC 9112).
 * Each direction is read by its own small state machine over its pieces
 * in the order reassembly gave them: the start line and headers are kept
 * whole and become one piece; the body's bytes (Content-Length, chunked
 * or up to the end of the conversation) are gathered with the transfer
 * coding undone, then decompressed when Content-Encoding says gzip or
 * deflate, and become the next piece. Nothing grows past what the
 * conversation holds, except a decompressed body, which stops at the
 * body cap. A chunk size is a number, never an allocation.
 */
#include "config.h"

#include "inspect/follow_http.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

#include "inspect/follow.h"

enum fh_state {
	FH_HEAD = 0,   /* start line and headers */
	FH_BODY_LEN,   /* Content-Length bytes */
	FH_CHUNK_SIZE, /* a chunk-size line */
	FH_CHUNK_DATA,
	FH_CHUNK_END,  /* the CRLF after a chunk's data */
	FH_TRAILER,    /* trailer lines up to an empty one */
	FH_BODY_CLOSE, /* the body runs to the end of the conversation */
	FH_RAW,        /* not HTTP (any more): pieces as they are */
};

enum fh_coding { FH_IDENTITY = 0, FH_GZIP, FH_DEFLATE, FH_OTHER };

/* A chunk-size line longer than this is hostile. */
#define FH_LINE_MAX 1024
/* HEAD requests waiting for their responses (more are taken as GETs). */
#define FH_HEADS_MAX 64

struct fh_dir {
	enum fh_state state;
	uint8_t *buf;          /* the headers, or the body gathered */
	size_t n, cap;
	uint64_t remain;       /* BODY_LEN, CHUNK_DATA: bytes still due */
	bool chunked;
	enum fh_coding coding;
	uint64_t size;         /* CHUNK_SIZE: the number read so far */
	int digits;            /* significant hex digits of it */
	bool in_ext;           /* past a ';' chunk extension */
	size_t line;           /* CHUNK_SIZE, TRAILER: this line's length */
	uint8_t lbuf[FH_LINE_MAX]; /* CHUNK_SIZE: the line so far */
	uint64_t frame;        /* the piece being read: its last packet */
	int64_t ts_sec;
	uint32_t ts_usec;
};

struct fh {
	const struct follow *in;
	struct follow *out;
	size_t body_cap;
	struct fh_dir d[2];
	/* HEAD requests in order: their responses have no body */
	bool heads[FH_HEADS_MAX];
	size_t head_first, nheads;
};

static void
fh_emit(struct fh *h, uint8_t dir, const uint8_t *p, size_t n)
{
	const struct fh_dir *d = &h->d[dir];

	if (n)
		follow_append(h->out, dir, false, d->frame, d->ts_sec,
			      d->ts_usec, p, n);
}

static bool
fh_push(struct fh_dir *d, const uint8_t *p, size_t n)
{
	if (n > SIZE_MAX / 2 - d->n)
		return false;
	if (d->n + n > d->cap) {
		size_t cap = d->cap ? d->cap : 1024;
		uint8_t *q;

		while (cap < d->n + n)
			cap *= 2;
		q = realloc(d->buf, cap);
		if (q == NULL)
			return false;
		d->buf = q;
		d->cap = cap;
	}
	memcpy(d->buf + d->n, p, n);
	d->n += n;
	return true;
}

/* From here on direction DIR's bytes go out as they are. */
static void
fh_raw(struct fh *h, uint8_t dir, bool say)
{
	h->d[dir].state = FH_RAW;
	h->d[dir].n = 0;
	if (say)
		h->out->http_raw_dirs |= (uint8_t)(1u << dir);
}

enum fh_inflated { FH_Z_DONE, FH_Z_SHORT, FH_Z_BAD, FH_Z_CAPPED };

/* Decompress IN (N bytes) with window bits WBITS into *OUT (at most CAP
 * bytes). */
static enum fh_inflated
fh_inflate_with(const uint8_t *in, size_t n, int wbits, size_t cap,
		uint8_t **out, size_t *outn)
{
	enum fh_inflated r = FH_Z_SHORT;
	z_stream z;
	size_t size = n < cap / 4 ? (n < 1024 ? 4096 : n * 4) : cap;
	uint8_t *buf;

	*out = NULL;
	*outn = 0;
	if (size > cap)
		size = cap;
	if (size == 0)
		return FH_Z_CAPPED;
	buf = malloc(size);
	if (buf == NULL)
		return FH_Z_BAD;
	memset(&z, 0, sizeof(z));
	if (inflateInit2(&z, wbits) != Z_OK) {
		free(buf);
		return FH_Z_BAD;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	for (;;) {
		size_t fed = (size_t)(z.next_in - in);
		int zr;

		/* zlib counts in uInt: feed at most 1 GiB at a time */
		z.avail_in = (uInt)(n - fed > (1u << 30) ? (1u << 30)
							 : n - fed);
		if (*outn == size) {
			size_t grow = size > cap / 2 ? cap : size * 2;
			uint8_t *q;

			if (size == cap) {
				r = FH_Z_CAPPED;
				break;
			}
			q = realloc(buf, grow);
			if (q == NULL) {
				r = FH_Z_BAD;
				break;
			}
			buf = q;
			size = grow;
		}
		z.next_out = buf + *outn;
		z.avail_out = (uInt)(size - *outn > (1u << 30)
					     ? (1u << 30)
					     : size - *outn);
		{
			uInt before = z.avail_out;

			zr = inflate(&z, Z_NO_FLUSH);
			*outn += before - z.avail_out;
		}
		if (zr == Z_STREAM_END) {
			size_t left = n - (size_t)(z.next_in - in);
			const uint8_t *next = z.next_in;

			/* another gzip member follows (RFC 1952 2.2) */
			if (left >= 2 && next[0] == 0x1f && next[1] == 0x8b &&
			    inflateReset(&z) == Z_OK)
				continue;
			r = FH_Z_DONE;
			break;
		}
		if (zr == Z_BUF_ERROR && z.avail_out == 0)
			continue; /* room needed */
		if (zr != Z_OK && zr != Z_BUF_ERROR) {
			r = FH_Z_BAD;
			break;
		}
		if (z.avail_out != 0 && (size_t)(z.next_in - in) == n) {
			r = FH_Z_SHORT; /* the input ended first */
			break;
		}
	}
	inflateEnd(&z);
	*out = buf;
	return r;
}

/* DEFLATE: zlib-wrapped as RFC 9110 says, or bare as some servers send
 * it (the first bytes decide, as browsers and tshark do). */
static enum fh_inflated
fh_inflate(enum fh_coding c, const uint8_t *in, size_t n, size_t cap,
	   uint8_t **out, size_t *outn)
{
	enum fh_inflated r = fh_inflate_with(in, n, 15 + 32, cap, out, outn);

	if (c == FH_DEFLATE && r == FH_Z_BAD && *outn == 0) {
		free(*out);
		r = fh_inflate_with(in, n, -15, cap, out, outn);
	}
	return r;
}

/* The body gathered in direction DIR is complete (or the conversation
 * ended inside it, SHORT): out as one piece, decoded. */
static void
fh_body_end(struct fh *h, uint8_t dir, bool short_body)
{
	struct fh_dir *d = &h->d[dir];
	struct follow *out = h->out;

	if (short_body)
		out->http_incomplete++;
	if (d->n && d->chunked)
		out->http_dechunked++;
	if (d->n && (d->coding == FH_GZIP || d->coding == FH_DEFLATE)) {
		/* no more than the follow still has room for: many small
		 * bombs must not cost more work than one */
		size_t room = out->capped || out->kept >= out->cap
				      ? 0
				      : out->cap - out->kept;
		size_t cap = h->body_cap < room ? h->body_cap : room;
		uint8_t *z = NULL;
		size_t zn = 0;

		if (cap == 0) {
			out->capped = true;
			d->n = 0;
			d->state = FH_HEAD;
			return;
		}
		switch (fh_inflate(d->coding, d->buf, d->n, cap, &z, &zn)) {
		case FH_Z_DONE:
			out->http_inflated++;
			fh_emit(h, dir, z, zn);
			break;
		case FH_Z_CAPPED:
			out->http_inflated++;
			if (cap < h->body_cap)
				out->capped = true; /* the follow's cap */
			else
				out->http_bombs++;
			fh_emit(h, dir, z, zn);
			break;
		case FH_Z_SHORT:
			if (zn && short_body) {
				/* cut by the capture: what it held */
				out->http_inflated++;
				fh_emit(h, dir, z, zn);
				break;
			}
			/* a whole body that ends early is a bad one */
			/* fall through */
		case FH_Z_BAD:
			out->http_bad_coding++;
			fh_emit(h, dir, d->buf, d->n);
			break;
		}
		free(z);
	} else {
		if (d->n && d->coding == FH_OTHER)
			out->http_unsupported++;
		fh_emit(h, dir, d->buf, d->n);
	}
	d->n = 0;
	d->state = FH_HEAD;
}

/* Header NAME's value in the head (first one), trimmed; false when
 * absent. */
static bool
fh_header(const uint8_t *p, size_t n, const char *name, const uint8_t **v,
	  size_t *vn)
{
	size_t k = strlen(name), i = 0;

	/* past the start line */
	while (i < n && p[i] != '\n')
		i++;
	for (i++; i < n;) {
		size_t e = i;

		while (e < n && p[e] != '\n')
			e++;
		if (e - i > k && p[i + k] == ':' &&
		    strncasecmp((const char *)p + i, name, k) == 0) {
			size_t s = i + k + 1, t = e;

			while (s < t && (p[s] == ' ' || p[s] == '\t'))
				s++;
			while (t > s && (p[t - 1] == ' ' || p[t - 1] == '\t' ||
					 p[t - 1] == '\r'))
				t--;
			*v = p + s;
			*vn = t - s;
			return true;
		}
		i = e + 1;
	}
	return false;
}

static bool
fh_is(const uint8_t *v, size_t n, const char *word)
{
	return strlen(word) == n && strncasecmp((const char *)v, word, n) == 0;
}

/* The last token of a comma list (the coding applied last). */
static void
fh_last_token(const uint8_t **v, size_t *n)
{
	size_t s = *n;

	while (s > 0 && (*v)[s - 1] != ',')
		s--;
	*v += s;
	*n -= s;
	while (*n && (**v == ' ' || **v == '\t')) {
		(*v)++;
		(*n)--;
	}
}

static bool
fh_token(const uint8_t *p, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (p[i] < 'A' || p[i] > 'Z')
			return false;
	return true;
}

/* The head gathered in direction DIR is complete: out as a piece, then
 * what its headers say of the body. */
static void
fh_head_end(struct fh *h, uint8_t dir)
{
	struct fh_dir *d = &h->d[dir];
	const uint8_t *p = d->buf, *v, *sp;
	size_t n = d->n, vn, line = 0;
	bool response, head = false, has_len = false;
	uint64_t len = 0;
	int status = 0;

	while (line < n && p[line] != '\n')
		line++;
	response = line >= 12 && memcmp(p, "HTTP/1.", 7) == 0 &&
		   p[8] == ' ' && p[9] >= '1' && p[9] <= '9' && p[10] >= '0' &&
		   p[10] <= '9' && p[11] >= '0' && p[11] <= '9';
	sp = memchr(p, ' ', line);
	if (response) {
		status = (p[9] - '0') * 100 + (p[10] - '0') * 10 + p[11] - '0';
	} else if (sp == NULL || !fh_token(p, (size_t)(sp - p)) ||
		   line < 10 ||
		   memcmp(p + line - (p[line - 1] == '\r' ? 9 : 8),
			  "HTTP/1.", 7) != 0) {
		/* not a request line either: not HTTP */
		fh_emit(h, dir, p, n);
		fh_raw(h, dir, true);
		return;
	}
	fh_emit(h, dir, p, n);
	d->n = 0;
	d->chunked = false;
	d->coding = FH_IDENTITY;
	if (fh_header(p, n, "Content-Encoding", &v, &vn)) {
		fh_last_token(&v, &vn);
		if (fh_is(v, vn, "gzip") || fh_is(v, vn, "x-gzip"))
			d->coding = FH_GZIP;
		else if (fh_is(v, vn, "deflate"))
			d->coding = FH_DEFLATE;
		else if (vn && !fh_is(v, vn, "identity"))
			d->coding = FH_OTHER;
	}
	if (fh_header(p, n, "Transfer-Encoding", &v, &vn)) {
		fh_last_token(&v, &vn);
		d->chunked = fh_is(v, vn, "chunked");
	}
	if (fh_header(p, n, "Content-Length", &v, &vn)) {
		has_len = vn > 0 && vn <= 18;
		for (size_t i = 0; i < vn && has_len; i++) {
			if (v[i] < '0' || v[i] > '9')
				has_len = false;
			else
				len = len * 10 + (uint64_t)(v[i] - '0');
		}
	}
	if (!response) {
		head = sp - p == 4 && memcmp(p, "HEAD", 4) == 0;
		if (h->nheads < FH_HEADS_MAX)
			h->heads[(h->head_first + h->nheads++) %
				 FH_HEADS_MAX] = head;
		if (d->chunked)
			d->state = FH_CHUNK_SIZE;
		else if (has_len && len > 0)
			d->state = FH_BODY_LEN;
		else
			d->state = FH_HEAD;
	} else {
		if (status == 101) {
			/* another protocol from here (RFC 9110 15.2.2) */
			fh_raw(h, dir, false);
			return;
		}
		if (status < 200) {
			d->state = FH_HEAD; /* interim: the final one follows */
			return;
		}
		if (h->nheads) {
			head = h->heads[h->head_first];
			h->head_first = (h->head_first + 1) % FH_HEADS_MAX;
			h->nheads--;
		}
		if (head || status == 204 || status == 304)
			d->state = FH_HEAD;
		else if (d->chunked)
			d->state = FH_CHUNK_SIZE;
		else if (has_len)
			d->state = len > 0 ? FH_BODY_LEN : FH_HEAD;
		else
			d->state = FH_BODY_CLOSE;
	}
	d->remain = len;
	d->size = 0;
	d->digits = 0;
	d->in_ext = false;
	d->line = 0;
	if (d->chunked)
		d->remain = 0;
}

/* Bad chunked syntax: the body so far, then as one piece the chunk-size
 * line read so far (LINE bytes) and the rest of this piece (REST, N),
 * then everything after as it is. */
static void
fh_bad_chunk(struct fh *h, uint8_t dir, size_t line, const uint8_t *rest,
	     size_t n)
{
	struct fh_dir *d = &h->d[dir];
	uint8_t *both;

	h->out->http_bad_coding++;
	d->coding = FH_IDENTITY; /* a part cannot be decompressed */
	fh_body_end(h, dir, false);
	if (line > FH_LINE_MAX)
		line = FH_LINE_MAX;
	both = malloc(line + n + 1);
	if (both != NULL) {
		memcpy(both, d->lbuf, line);
		memcpy(both + line, rest, n);
		fh_emit(h, dir, both, line + n);
		free(both);
	}
	fh_raw(h, dir, false);
}

/* N bytes of direction DIR at P, in order. */
static void
fh_feed(struct fh *h, uint8_t dir, const uint8_t *p, size_t n)
{
	struct fh_dir *d = &h->d[dir];
	size_t i = 0;

	while (i < n) {
		uint8_t c = p[i];
		size_t k;

		switch (d->state) {
		case FH_RAW:
			fh_emit(h, dir, p + i, n - i);
			return;
		case FH_HEAD:
			if (d->n == 0 && (c == '\r' || c == '\n')) {
				i++; /* empty lines before a message */
				break;
			}
			if (d->n == 0 && (c < 'A' || c > 'Z')) {
				fh_raw(h, dir, true);
				break;
			}
			if (!fh_push(d, &c, 1) || d->n > FOLLOW_HTTP_HEAD_MAX) {
				fh_emit(h, dir, d->buf, d->n);
				fh_raw(h, dir, true);
				i++;
				break;
			}
			i++;
			if (c == '\n' &&
			    ((d->n >= 4 &&
			      memcmp(d->buf + d->n - 4, "\r\n\r\n", 4) == 0) ||
			     (d->n >= 2 && d->buf[d->n - 2] == '\n')))
				fh_head_end(h, dir);
			break;
		case FH_BODY_LEN:
		case FH_CHUNK_DATA:
			k = n - i < d->remain ? n - i : (size_t)d->remain;
			if (!fh_push(d, p + i, k)) {
				fh_bad_chunk(h, dir, 0, p + i, n - i);
				return;
			}
			i += k;
			d->remain -= k;
			if (d->remain == 0) {
				if (d->state == FH_BODY_LEN)
					fh_body_end(h, dir, false);
				else
					d->state = FH_CHUNK_END;
			}
			break;
		case FH_BODY_CLOSE:
			if (!fh_push(d, p + i, n - i)) {
				fh_bad_chunk(h, dir, 0, p + i, n - i);
				return;
			}
			i = n;
			break;
		case FH_CHUNK_END:
			if (c == '\r') {
				i++;
			} else if (c == '\n') {
				i++;
				d->state = FH_CHUNK_SIZE;
				d->size = 0;
				d->digits = 0;
				d->in_ext = false;
				d->line = 0;
			} else {
				fh_bad_chunk(h, dir, 0, p + i, n - i);
				return;
			}
			break;
		case FH_CHUNK_SIZE:
			if (d->line >= FH_LINE_MAX) {
				fh_bad_chunk(h, dir, d->line, p + i, n - i);
				return;
			}
			d->lbuf[d->line++] = c;
			i++;
			if (c == '\n') {
				if (d->digits == 0) {
					fh_bad_chunk(h, dir, d->line, p + i,
						     n - i);
					return;
				}
				d->line = 0;
				if (d->size == 0) {
					d->state = FH_TRAILER;
				} else {
					d->remain = d->size;
					d->state = FH_CHUNK_DATA;
				}
				break;
			}
			if (d->in_ext || c == '\r' || c == ' ' || c == '\t')
				break;
			if (c == ';') {
				d->in_ext = true;
				break;
			}
			{
				int x = c >= '0' && c <= '9'   ? c - '0'
					: c >= 'a' && c <= 'f' ? c - 'a' + 10
					: c >= 'A' && c <= 'F' ? c - 'A' + 10
							       : -1;

				/* past 2^60: no body is that long (and the
				 * number must not wrap) */
				if (x < 0 || (d->size >> 56) != 0) {
					/* the line, shown as it is */
					fh_bad_chunk(h, dir, d->line, p + i,
						     n - i);
					return;
				}
				d->size = d->size * 16 + (uint64_t)x;
				d->digits++;
			}
			break;
		case FH_TRAILER:
			i++;
			if (c == '\n') {
				if (d->line == 0)
					fh_body_end(h, dir, false);
				d->line = 0;
			} else if (c != '\r') {
				d->line++;
			}
			break;
		}
	}
}

/* The bytes gathered when the conversation ends or breaks (a gap). */
static void
fh_flush(struct fh *h, uint8_t dir)
{
	struct fh_dir *d = &h->d[dir];

	switch (d->state) {
	case FH_RAW:
		break;
	case FH_HEAD:
		if (d->n) {
			h->out->http_incomplete++;
			fh_emit(h, dir, d->buf, d->n);
		}
		break;
	case FH_BODY_CLOSE:
		fh_body_end(h, dir, false);
		break;
	default:
		fh_body_end(h, dir, true);
		break;
	}
	d->n = 0;
}

struct follow *
follow_http_decode(const struct follow *in, size_t body_cap)
{
	struct follow *out;
	struct fh h;

	if (in == NULL || in->l4 != 6)
		return NULL;
	out = follow_derive(in);
	if (out == NULL)
		return NULL;
	out->http = true;

	memset(&h, 0, sizeof(h));
	h.in = in;
	h.out = out;
	h.body_cap = body_cap ? body_cap : FOLLOW_HTTP_BODY_CAP;
	for (size_t i = 0; i < in->nchunks; i++) {
		const struct follow_chunk *c = &in->chunks[i];
		struct fh_dir *d = &h.d[c->dir & 1];

		d->frame = c->frame;
		d->ts_sec = c->ts_sec;
		d->ts_usec = c->ts_usec;
		if (c->kind == FOLLOW_GAP) {
			/* the message is broken: the rest as it is */
			fh_flush(&h, c->dir & 1);
			follow_append(out, c->dir & 1, true, c->frame,
				      c->ts_sec, c->ts_usec, NULL, c->len);
			if (d->state != FH_RAW)
				fh_raw(&h, c->dir & 1, true);
			continue;
		}
		fh_feed(&h, c->dir & 1, in->data + c->data, c->len);
	}
	for (uint8_t dir = 0; dir < 2; dir++) {
		fh_flush(&h, dir);
		free(h.d[dir].buf);
	}
	follow_derive_end(out, in);
	return out;
}
