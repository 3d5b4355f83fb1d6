/*
 * ipfix_in: decoding IPFIX (RFC 7011) from exporters we do not trust.
 * The elements read are the ones pktop's own exporter writes and the
 * usual ones of routers and softflowd: addresses 8/12/27/28, ports 7/11,
 * protocol 4, delta and total counts 1/2/85/86 and their RFC 5103
 * reverses, applicationName 96, httpRequestHost 460, ntop's TLS SNI and
 * DNS query (35632/188, 205). Everything else is skipped by its length.
 */
#include "config.h"

#include "capture/ipfix_in.h"

#include <stdlib.h>
#include <string.h>

#include "base/cursor.h"
#include "decode/proto_table.h"

#define IPFIX_IN_PEN_REVERSE 29305
#define IPFIX_IN_PEN_NTOP 35632
#define IPFIX_IN_PROBES 8

struct ipfix_in *
ipfix_in_new(void)
{
	return calloc(1, sizeof(struct ipfix_in));
}

void
ipfix_in_free(struct ipfix_in *in)
{
	free(in);
}

size_t
ipfix_in_length(const uint8_t *p, size_t len)
{
	size_t n;

	if (len < 4 || p[0] != 0 || p[1] != 10)
		return 0;
	n = (size_t)p[2] << 8 | p[3];
	return n >= IPFIX_IN_HEADER ? n : 0;
}

static size_t
ipfix_in_slot(uint64_t session, uint32_t domain, uint16_t id)
{
	uint64_t h = session * 0x9e3779b97f4a7c15ull;

	h ^= ((uint64_t)domain << 16 | id) * 0xc2b2ae3d27d4eb4full;
	h ^= h >> 29;
	return (size_t)(h % IPFIX_IN_TEMPLATES);
}

static struct ipfix_in_tmpl *
ipfix_in_find(struct ipfix_in *in, uint64_t session, uint32_t domain,
	      uint16_t id)
{
	size_t s = ipfix_in_slot(session, domain, id);

	for (size_t i = 0; i < IPFIX_IN_PROBES; i++) {
		struct ipfix_in_tmpl *t = &in->t[(s + i) % IPFIX_IN_TEMPLATES];

		if (t->used && t->session == session && t->domain == domain &&
		    t->id == id)
			return t;
	}
	return NULL;
}

/* The slot a new definition goes to: its old one, a free one among the
 * probes, or the oldest of them (counted). */
static struct ipfix_in_tmpl *
ipfix_in_place(struct ipfix_in *in, uint64_t session, uint32_t domain,
	       uint16_t id)
{
	size_t s = ipfix_in_slot(session, domain, id);
	struct ipfix_in_tmpl *t = ipfix_in_find(in, session, domain, id);
	struct ipfix_in_tmpl *old = NULL;

	if (t != NULL)
		return t;
	for (size_t i = 0; i < IPFIX_IN_PROBES; i++) {
		t = &in->t[(s + i) % IPFIX_IN_TEMPLATES];
		if (!t->used)
			return t;
		if (old == NULL || t->stamp < old->stamp)
			old = t;
	}
	in->st.evicted++;
	return old;
}

void
ipfix_in_forget(struct ipfix_in *in, uint64_t session)
{
	for (size_t i = 0; i < IPFIX_IN_TEMPLATES; i++)
		if (in->t[i].used && in->t[i].session == session)
			in->t[i].used = 0;
}

/* One template record (options: with its scope count). -1: malformed. */
static int
ipfix_in_template(struct ipfix_in *in, uint64_t session, uint32_t domain,
		  struct cursor *c, bool options)
{
	struct ipfix_in_tmpl tmp;
	struct ipfix_in_tmpl *t;
	uint16_t id = cursor_be16(c), n = cursor_be16(c), scope = 0;
	uint32_t min = 0;

	if (c->err || id < 256)
		return -1;
	if (n == 0) { /* withdrawal, RFC 7011 section 8.1 */
		t = ipfix_in_find(in, session, domain, id);
		if (t != NULL)
			t->used = 0;
		return 0;
	}
	if (options) {
		scope = cursor_be16(c);
		if (c->err || scope == 0 || scope > n)
			return -1;
	}
	memset(&tmp, 0, offsetof(struct ipfix_in_tmpl, f));
	for (uint16_t i = 0; i < n; i++) {
		uint16_t fid = cursor_be16(c), flen = cursor_be16(c);
		uint32_t pen = 0;

		if (fid & 0x8000)
			pen = cursor_be32(c);
		if (c->err)
			return -1;
		min += flen == IPFIX_IN_VARLEN ? 1 : flen;
		if (i < IPFIX_IN_FIELDS)
			tmp.f[i] = (struct ipfix_in_field){
				.id = fid & 0x7fff, .len = flen, .pen = pen };
	}
	in->st.templates++;
	/* a record of no bytes would never end a set; one longer than a
	 * message cannot come */
	if (min == 0 || min > 65535 - IPFIX_IN_HEADER - 4)
		return -1;
	t = ipfix_in_place(in, session, domain, id);
	if (n > IPFIX_IN_FIELDS) {
		/* kept so its data sets are skipped, not counted unknown */
		in->st.unsupported++;
		options = true;
		n = 0;
	}
	tmp.session = session;
	tmp.domain = domain;
	tmp.stamp = ++in->clock;
	tmp.id = id;
	tmp.nfields = n;
	tmp.min_len = (uint16_t)min;
	tmp.used = 1;
	tmp.options = options;
	memcpy(t, &tmp, offsetof(struct ipfix_in_tmpl, f));
	memcpy(t->f, tmp.f, sizeof(t->f[0]) * n);
	return 0;
}

/* The one reader of an unsigned element: WIDTH bytes (8 for unsigned64,
 * 2 for unsigned16), or fewer in reduced-size encoding (RFC 7011
 * section 6.2); false for a length of 0 or more than WIDTH. */
static bool
ipfix_in_uint(const uint8_t *p, size_t len, size_t width, uint64_t *v)
{
	if (len == 0 || len > width)
		return false;
	*v = 0;
	for (size_t i = 0; i < len; i++)
		*v = *v << 8 | p[i];
	return true;
}

/* What a record said, before it becomes a flow. */
struct ipfix_in_rec {
	struct model_flow_in f;
	uint64_t delta[2][2], total[2][2]; /* [dir][0 bytes, 1 packets] */
	bool has_delta[2], has_total[2];
	uint64_t start_ms, end_ms, start_s, end_s;
	char app[32];
};

static void
ipfix_in_name(struct ipfix_in_rec *r, const uint8_t *p, size_t len)
{
	if (r->f.name_len > 0)
		return;
	if (len > MODEL_NAME_MAX - 1)
		len = MODEL_NAME_MAX - 1;
	memcpy(r->f.name, p, len);
	r->f.name[len] = '\0';
	r->f.name_len = (uint16_t)len;
}

static void
ipfix_in_count(struct ipfix_in_rec *r, int dir, bool total, int what,
	       const uint8_t *p, size_t len)
{
	uint64_t v;

	if (!ipfix_in_uint(p, len, 8, &v))
		return;
	if (total) {
		r->total[dir][what] = v;
		r->has_total[dir] = true;
	} else {
		r->delta[dir][what] = v;
		r->has_delta[dir] = true;
	}
}

/* One field's value; a length the element cannot have is ignored. */
static void
ipfix_in_field(struct ipfix_in_rec *r, const struct ipfix_in_field *fd,
	       const uint8_t *p, size_t len)
{
	uint64_t v;

	if (fd->pen == IPFIX_IN_PEN_REVERSE) {
		if (fd->id == 1 || fd->id == 2)
			ipfix_in_count(r, 1, false, fd->id - 1, p, len);
		else if (fd->id == 85 || fd->id == 86)
			ipfix_in_count(r, 1, true, fd->id - 85, p, len);
		return;
	}
	if (fd->pen == IPFIX_IN_PEN_NTOP) {
		if (fd->id == 188 || fd->id == 205)
			ipfix_in_name(r, p, len);
		return;
	}
	if (fd->pen != 0)
		return;
	switch (fd->id) {
	case 1: case 2:
		ipfix_in_count(r, 0, false, fd->id - 1, p, len);
		break;
	case 85: case 86:
		ipfix_in_count(r, 0, true, fd->id - 85, p, len);
		break;
	case 4:
		/* any width up to 8, as long as the value is a protocol */
		if (ipfix_in_uint(p, len, 8, &v) && v <= 255)
			r->f.l4 = (uint8_t)v;
		break;
	case 7: case 11:
		if (ipfix_in_uint(p, len, 2, &v))
			*(fd->id == 7 ? &r->f.a_port : &r->f.b_port) = (uint16_t)v;
		break;
	case 8:
		if (len == 4)
			addr_set4(&r->f.a, p);
		break;
	case 12:
		if (len == 4)
			addr_set4(&r->f.b, p);
		break;
	case 27:
		if (len == 16)
			addr_set6(&r->f.a, p);
		break;
	case 28:
		if (len == 16)
			addr_set6(&r->f.b, p);
		break;
	case 150: case 151: case 152: case 153: {
		uint64_t *to[] = { &r->start_s, &r->end_s, &r->start_ms,
				   &r->end_ms };

		(void)ipfix_in_uint(p, len, 8, to[fd->id - 150]);
		break;
	}
	case 96:
		if (len < sizeof(r->app)) {
			memcpy(r->app, p, len);
			r->app[len] = '\0';
		}
		break;
	case 460:
		ipfix_in_name(r, p, len);
		break;
	default:
		break;
	}
}

static void
ipfix_in_finish(struct ipfix_in_rec *r)
{
	for (int d = 0; d < 2; d++) {
		/* delta counts are the ones to add; a total is used only
		 * when the record has no delta */
		const uint64_t *v = r->has_delta[d] ? r->delta[d] : r->total[d];

		r->f.bytes[d] = v[0];
		r->f.packets[d] = v[1];
	}
	if (r->start_ms)
		r->f.start = (double)r->start_ms / 1000.0;
	else
		r->f.start = (double)r->start_s;
	if (r->end_ms)
		r->f.end = (double)r->end_ms / 1000.0;
	else
		r->f.end = (double)r->end_s;
	r->f.app = r->app[0] ? (uint8_t)proto_by_name(r->app) : PROTO_NONE;
}

/* The data records of one set. -1: a record ran past the set. */
static int
ipfix_in_data(struct ipfix_in *in, const struct ipfix_in_tmpl *t,
	      uint32_t domain, struct cursor *c, ipfix_in_flow_fn *fn,
	      void *arg)
{
	struct ipfix_in_rec r;

	if (t->nfields == 0) /* a template too long to keep: skip the set */
		return 0;
	/* what is left shorter than a record is padding (section 3.3.1) */
	while (cursor_left(c) >= t->min_len) {
		memset(&r, 0, sizeof(r));
		for (uint16_t i = 0; i < t->nfields; i++) {
			size_t len = t->f[i].len;
			const uint8_t *p;

			if (len == IPFIX_IN_VARLEN) {
				len = cursor_u8(c);
				if (len == 255)
					len = cursor_be16(c);
			}
			p = cursor_ptr(c, len);
			if (p == NULL)
				return -1;
			if (!t->options)
				ipfix_in_field(&r, &t->f[i], p, len);
		}
		if (t->options)
			continue;
		ipfix_in_finish(&r);
		if (r.f.a.family == 0 || r.f.a.family != r.f.b.family) {
			in->st.unusable++;
			continue;
		}
		in->st.records++;
		fn(arg, domain, &r.f);
	}
	return 0;
}

int
ipfix_in_message(struct ipfix_in *in, uint64_t session, const uint8_t *msg,
		 size_t len, uint32_t *domain, ipfix_in_flow_fn *fn, void *arg)
{
	struct cursor c;
	uint16_t version, mlen;

	cursor_init(&c, msg, len);
	version = cursor_be16(&c);
	mlen = cursor_be16(&c);
	(void)cursor_be32(&c); /* export time */
	(void)cursor_be32(&c); /* sequence number */
	*domain = cursor_be32(&c);
	if (c.err || version != 10) {
		if (!c.err)
			in->st.unsupported++;
		else
			in->st.malformed++;
		return -1;
	}
	if (mlen < IPFIX_IN_HEADER || mlen > len) {
		in->st.malformed++;
		return -1;
	}
	cursor_limit(&c, mlen - IPFIX_IN_HEADER);
	while (cursor_left(&c) > 0) {
		uint16_t id = cursor_be16(&c), slen = cursor_be16(&c);
		struct cursor s;
		int rc = 0;

		if (c.err || slen < 4 || slen - 4u > cursor_left(&c)) {
			in->st.malformed++;
			return -1;
		}
		s = cursor_sub(&c, slen - 4u);
		(void)cursor_skip(&c, slen - 4u);
		if (id == 2 || id == 3) {
			/* records until what is left is padding */
			while (rc == 0 && cursor_left(&s) >= 4)
				rc = ipfix_in_template(in, session, *domain,
						       &s, id == 3);
		} else if (id >= 256) {
			const struct ipfix_in_tmpl *t =
				ipfix_in_find(in, session, *domain, id);

			if (t == NULL)
				in->st.no_template++;
			else
				rc = ipfix_in_data(in, t, *domain, &s, fn, arg);
		}
		/* set ids 0, 1 (NetFlow v9's) and 4-255 are reserved: skipped */
		if (rc < 0) {
			in->st.malformed++;
			return -1;
		}
	}
	in->st.messages++;
	return 0;
}
