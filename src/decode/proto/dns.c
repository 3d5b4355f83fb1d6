/*
 * dns: DNS messages (RFC 1035 section 4, compression in 4.1.4; AAAA RFC
 * 3596; EDNS OPT RFC 6891) over UDP and, with a two-byte length prefix,
 * over TCP (RFC 1035 section 4.2.2); also mDNS (RFC 6762) and LLMNR
 * (RFC 4795), which share the format and differ by port.
 */
#include "config.h"

#include "decode/proto/app.h"

#include "base/i18n.h"

#include <stdio.h>
#include <string.h>

#include "decode/proto_table.h"

#include "decode/proto/wire.h"
#include "decode/valnames.h"

#define DNS_HEADER 12
#define DNS_NAME_MAX 255   /* wire octets, RFC 1035 section 3.1 */
#define DNS_TEXT_MAX 1024  /* escaped text of one name, generous */
#define DNS_SHOWN_NAME (4 * DNS_TEXT_MAX + 8) /* a name node's value */
#define DNS_HOPS_MAX 64    /* compression pointers followed per name */
#define DNS_TREE_RRS 512   /* records put in one tree, a bound on work */

#define DNS_TYPE_A 1
#define DNS_TYPE_NS 2
#define DNS_TYPE_CNAME 5
#define DNS_TYPE_PTR 12
#define DNS_TYPE_AAAA 28
#define DNS_TYPE_OPT 41
#define DNS_TYPE_NSEC 47
#define DNS_TYPE_NSEC3 50

enum dns_name_status {
	DNS_NAME_OK = 0,
	DNS_NAME_TRUNCATED, /* the bytes ran out */
	DNS_NAME_BAD,       /* pointer loop, too long, reserved label type */
};

/* One name in text form: labels joined with '.', "<Root>" for the root
 * as tshark shows it. */
struct dns_name {
	uint8_t text[DNS_TEXT_MAX];
	size_t len;
	unsigned labels;
	size_t wire;   /* octets it takes in uncompressed form */
};

struct dns_msg {
	size_t start;  /* frame offset of the DNS header: pointers count from
			* here */
	size_t end;    /* end of the captured message */
};

/* Read the name at C (moving C past the part stored in place), following
 * compression pointers inside MSG. Every pointer must go back before the
 * label that holds it, so a loop cannot form, and the hop count is capped
 * all the same. */
static enum dns_name_status
dns_name_read(const struct dns_msg *m, struct cursor *c, struct dns_name *n)
{
	struct cursor r = *c;
	bool jumped = false;
	size_t floor = c->pos; /* pointers must land before this */
	unsigned hops = 0;

	n->len = 0;
	n->labels = 0;
	n->wire = 1;
	for (;;) {
		int b = cursor_peek_u8(&r, 0);
		const uint8_t *p;
		size_t i;

		if (b < 0)
			goto truncated;
		if ((b & 0xc0) == 0xc0) {
			size_t target;

			if (!cursor_has(&r, 2))
				goto truncated;
			target = m->start + (cursor_be16(&r) & 0x3fff);
			if (!jumped)
				c->pos = r.pos;
			jumped = true;
			if (target >= floor || ++hops > DNS_HOPS_MAX)
				return DNS_NAME_BAD;
			floor = target;
			r.pos = target;
			r.end = m->end;
			continue;
		}
		if (b & 0xc0)
			return DNS_NAME_BAD; /* 0x40/0x80: extended, obsolete */
		cursor_skip(&r, 1);
		if (b == 0)
			break;
		if (n->wire + 1 + (size_t)b > DNS_NAME_MAX)
			return DNS_NAME_BAD;
		p = cursor_ptr(&r, (size_t)b);
		if (p == NULL)
			goto truncated;
		n->wire += 1 + (size_t)b;
		if (n->labels++ > 0)
			n->text[n->len++] = '.';
		for (i = 0; i < (size_t)b && n->len < DNS_TEXT_MAX; i++)
			n->text[n->len++] = p[i];
	}
	if (!jumped)
		c->pos = r.pos;
	if (n->labels == 0) {
		memcpy(n->text, "<Root>", 6);
		n->len = 6;
	}
	return DNS_NAME_OK;
truncated:
	if (!jumped)
		c->pos = r.pos;
	c->err = true;
	return DNS_NAME_TRUNCATED;
}

static int
dns_tree_name(struct tree *t, const char *field, const char *label,
	      size_t off, size_t len, const struct dns_name *n)
{
	return tree_text_bytes(t, field, label, off, len, n->text, n->len);
}

/* The Info column's state while the message is walked: the protocol
 * that names it (DNS, mDNS or LLMNR) and whether a record came yet. */
struct dns_info {
	unsigned proto;
	bool records;
};

static const struct dns_info_name {
	unsigned value;
	const char *name;
} dns_info_types[] = {
	{1, "A"},      {2, "NS"},     {5, "CNAME"},  {6, "SOA"},
	{12, "PTR"},   {13, "HINFO"}, {15, "MX"},    {16, "TXT"},
	{28, "AAAA"},  {33, "SRV"},   {35, "NAPTR"}, {41, "OPT"},
	{43, "DS"},    {46, "RRSIG"}, {47, "NSEC"},  {48, "DNSKEY"},
	{64, "SVCB"},  {65, "HTTPS"}, {252, "AXFR"}, {255, "ANY"},
	{257, "CAA"},
}, dns_info_rcodes[] = {
	{1, N_("Format error")},    {2, N_("Server failure")},
	{3, N_("No such name")},    {4, N_("Not implemented")},
	{5, N_("Refused")},
};

static const char *
dns_info_lookup(const struct dns_info_name *tab, size_t n, unsigned v)
{
	for (size_t k = 0; k < n; k++)
		if (tab[k].value == v)
			return tab[k].name;
	return NULL;
}

/* " TYPE", as tshark lists questions and records. */
static void
dns_info_type(struct tree *t, const struct dns_info *di, unsigned type)
{
	const char *name = dns_info_lookup(
		dns_info_types,
		sizeof(dns_info_types) / sizeof(dns_info_types[0]), type);

	if (name)
		tree_info(t, di->proto, " %s", name);
	else
		tree_info(t, di->proto, " Unknown (%lld)", (long long)type);
}

/* " DATA" of a record whose data is a name or an address (node N),
 * after the record's type. */
static void
dns_info_data(struct tree *t, const struct dns_info *di, const char *type,
	      int n)
{
	if (n < 0)
		return;
	if (!di->records)
		tree_info(t, di->proto, " %s", type);
	tree_info(t, di->proto, " ");
	tree_info_node(t, di->proto, n);
}

/* The message's kind, ID and error, as tshark's Info opens. */
static void
dns_info_header(struct tree *t, const struct dns_info *di, uint16_t flags,
		int id)
{
	bool resp = flags & 0x8000;
	unsigned opcode = (flags >> 11) & 0xf, rcode = flags & 0xf;
	const char *rname;

	if (opcode == 0)
		tree_info(t, di->proto, "%s",
			  resp ? _("Standard query response")
			       : _("Standard query"));
	else
		tree_info(t, di->proto,
			  resp ? _("Opcode %lld response") : _("Opcode %lld"),
			  (long long)opcode);
	tree_info(t, di->proto, " ");
	if (id >= 0)
		tree_info_node(t, di->proto, id);
	else
		tree_info(t, di->proto, "?");
	if (resp && rcode &&
	    (rname = dns_info_lookup(dns_info_rcodes,
				     sizeof(dns_info_rcodes) /
					     sizeof(dns_info_rcodes[0]),
				     rcode)))
		tree_info(t, di->proto, " %s", _(rname));
}

/* Tree only: one flag bit of the header, read as tshark's true/false
 * strings ("Message is a response"). */
static void
dns_tree_bit(struct tree *t, const char *field, const char *label,
	     size_t off, bool set, const char *yes, const char *no)
{
	int n = tree_uint(t, field, label, off, 2, set);

	tree_shown(t, n, "%s", set ? yes : no);
}

/* The header's flag bits, as tshark lists them: nested under the flags
 * word, whose line sums them up ("0x8180 Standard query response, No
 * error"). */
static void
dns_tree_flags(struct tree *t, size_t off, uint16_t flags)
{
	bool response = flags & 0x8000;
	unsigned opcode = (flags >> 11) & 0xf, rcode = flags & 0xf;
	const char *op = valnames_lookup("dns.flags.opcode", opcode);
	const char *rc = valnames_lookup("dns.flags.rcode", rcode);
	int n = tree_hex(t, "dns.flags", "Flags", off, 2, flags, 4);

	if (n < 0)
		return;
	if (response)
		tree_shown(t, n, "0x%04x %s response, %s", flags,
			   op ? op : "Unknown operation",
			   rc ? rc : "Unknown error");
	else
		tree_shown(t, n, "0x%04x %s", flags,
			   op ? op : "Unknown operation");
	tree_open(t, n);
	dns_tree_bit(t, "dns.flags.response", "Response", off, response,
		     "Message is a response", "Message is a query");
	tree_uint(t, "dns.flags.opcode", "Opcode", off, 2, opcode);
	if (response)
		dns_tree_bit(t, "dns.flags.authoritative", "Authoritative",
			     off, flags & 0x0400,
			     "Server is an authority for domain",
			     "Server is not an authority for domain");
	dns_tree_bit(t, "dns.flags.truncated", "Truncated", off,
		     flags & 0x0200, "Message is truncated",
		     "Message is not truncated");
	dns_tree_bit(t, "dns.flags.recdesired", "Recursion desired", off,
		     flags & 0x0100, "Do query recursively",
		     "Don't do query recursively");
	if (response)
		dns_tree_bit(t, "dns.flags.recavail", "Recursion available",
			     off, flags & 0x0080,
			     "Server can do recursive queries",
			     "Server can't do recursive queries");
	n = tree_uint(t, "dns.flags.z", "Z", off, 2, (flags >> 6) & 1);
	tree_shown(t, n, "reserved (%u)", (unsigned)((flags >> 6) & 1));
	if (!response && (flags & 0x0020)) {
		/* RFC 6840 section 5.7: a query asking for the AD bit */
		n = tree_uint(t, "dns.flags.authenticated", "AD bit", off, 2,
			      1);
		tree_shown(t, n, "Set");
	}
	/* RFC 4035 section 3.2: AD in answers, CD both ways */
	if (response)
		dns_tree_bit(
			t, "dns.flags.authenticated", "Answer authenticated",
			off, flags & 0x0020,
			"Answer/authority portion was authenticated by the "
			"server",
			"Answer/authority portion was not authenticated by "
			"the server");
	dns_tree_bit(t, "dns.flags.checkdisable", "Non-authenticated data",
		     off, flags & 0x0010, "Acceptable", "Unacceptable");
	if (response)
		tree_uint(t, "dns.flags.rcode", "Reply code", off, 2, rcode);
	tree_pop(t, off + 2);
}

/* Tree path reading packets in order (not mDNS, LLMNR): a query is
 * remembered by its ID in its flow; an answer names the latest query
 * with its ID and the time since ([Request In: N], [Time: ...]), or
 * says it answers none, as tshark does. */
static void
dns_tree_link(struct app_ctx *a, uint16_t id, bool response, size_t off)
{
	struct flow_request *r, *best = NULL;
	struct flow *f;
	unsigned dir, k;
	double ts;
	uint64_t frame = app_frame(a, &ts);
	int n;

	/* tshark, not joining fragments, reads no DNS in a first one */
	if (a->app != PROTO_DNS || frame == 0 ||
	    (a->s && a->s->frag != DECODE_FRAG_NONE))
		return;
	f = app_flow(a, !response, &dir);
	if (!response) {
		if (f == NULL)
			return;
		for (k = 0; k < FLOW_REQUESTS; k++)
			if (f->dns_req[k].frame == frame &&
			    f->dns_req[k].id == id)
				return; /* the same packet read again */
		r = &f->dns_req[f->dns_next++ % FLOW_REQUESTS];
		r->frame = frame;
		r->ts = ts;
		r->id = id;
		return;
	}
	for (k = 0; f != NULL && k < FLOW_REQUESTS; k++) {
		r = &f->dns_req[k];
		if (r->frame != 0 && r->frame < frame && r->id == id &&
		    (best == NULL || r->frame > best->frame))
			best = r;
	}
	if (best == NULL) {
		n = tree_do_add(a->t, "dns.unsolicited", "Unsolicited", off, 0,
				"1");
		tree_shown(a->t, n, "True");
		tree_generated(a->t, n);
		return;
	}
	n = tree_uint(a->t, "dns.response_to", "Request In", off, 0,
		      best->frame);
	tree_generated(a->t, n);
	app_tree_delta(a->t, "dns.time", "Time", off, ts - best->ts);
}

/* Type bitmaps of NSEC and NSEC3 (RFC 4034 section 4.1.2): tshark lists
 * each type as a dns.resp.type of the record. */
static void
dns_tree_type_bitmaps(struct tree *t, struct cursor *rd, struct dns_info *di)
{
	while (cursor_left(rd) >= 2) {
		size_t off = rd->pos;
		unsigned window = cursor_u8(rd), len = cursor_u8(rd), i, b;
		const uint8_t *bits = cursor_ptr(rd, len);

		if (bits == NULL || len == 0 || len > 32)
			return;
		for (i = 0; i < len; i++)
			for (b = 0; b < 8; b++)
				if ((bits[i] & (0x80 >> b)) &&
				    tree_uint(t, "dns.resp.type", "RR type",
					      off + 2 + i, 1,
					      window * 256 + i * 8 + b) >= 0) {
					dns_info_type(t, di,
						      window * 256 + i * 8 + b);
					di->records = true;
				}
	}
}

/* Tree only: RDATA of the record types people read. */
static void
dns_tree_rdata(struct tree *t, const struct dns_msg *m, struct cursor *rd,
	       uint16_t type, struct dns_info *di)
{
	size_t off = rd->pos, len = cursor_left(rd);
	struct dns_name n;
	const uint8_t *p;

	switch (type) {
	case DNS_TYPE_A:
		if (len == 4 && (p = cursor_ptr(rd, 4)) != NULL)
			dns_info_data(t, di, "A",
				      tree_ipv4(t, "dns.a", "Address", off, p));
		break;
	case DNS_TYPE_AAAA:
		if (len == 16 && (p = cursor_ptr(rd, 16)) != NULL)
			dns_info_data(t, di, "AAAA",
				      tree_ipv6(t, "dns.aaaa", "AAAA Address",
						off, p));
		break;
	case DNS_TYPE_CNAME:
	case DNS_TYPE_NS:
	case DNS_TYPE_PTR:
		if (dns_name_read(m, rd, &n) != DNS_NAME_OK)
			break;
		dns_info_data(t, di,
			      type == DNS_TYPE_CNAME ? "CNAME"
			      : type == DNS_TYPE_NS  ? "NS"
						     : "PTR",
			      dns_tree_name(t,
					    type == DNS_TYPE_CNAME ? "dns.cname"
					    : type == DNS_TYPE_NS
						    ? "dns.ns"
						    : "dns.ptr.domain_name",
					    type == DNS_TYPE_CNAME ? "CNAME"
					    : type == DNS_TYPE_NS
						    ? "Name Server"
						    : "Domain Name",
					    off, len, &n));
		break;
	case DNS_TYPE_NSEC:
		/* the next owner name, uncompressed, then the bitmaps */
		if (dns_name_read(m, rd, &n) != DNS_NAME_OK)
			break;
		dns_tree_type_bitmaps(t, rd, di);
		break;
	case DNS_TYPE_NSEC3:
		/* algorithm, flags, iterations, salt, next hash, bitmaps
		 * (RFC 5155 section 3.2) */
		cursor_skip(rd, 4);
		cursor_skip(rd, cursor_u8(rd));
		cursor_skip(rd, cursor_u8(rd));
		if (!rd->err)
			dns_tree_type_bitmaps(t, rd, di);
		break;
	default:
		break;
	}
}

/* Tree only: a TTL spelled out after the number, as tshark ("491 (8
 * minutes, 11 seconds)"); a zero TTL stays a number. */
static void
dns_tree_ttl(struct tree *t, int n, uint32_t ttl)
{
	static const struct {
		uint32_t secs;
		const char *one, *many;
	} units[] = {
		{86400, "day", "days"},
		{3600, "hour", "hours"},
		{60, "minute", "minutes"},
		{1, "second", "seconds"},
	};
	char text[96];
	size_t used = 0;
	uint32_t left = ttl;

	if (n < 0)
		return;
	if (ttl == 0) {
		tree_shown(t, n, "0 (0 seconds)");
		return;
	}
	for (size_t k = 0; k < sizeof(units) / sizeof(units[0]); k++) {
		uint32_t q = left / units[k].secs;

		left %= units[k].secs;
		if (q == 0)
			continue;
		used += (size_t)snprintf(text + used, sizeof(text) - used,
					 "%s%u %s", used ? ", " : "", q,
					 q == 1 ? units[k].one
						: units[k].many);
		if (used >= sizeof(text))
			break;
	}
	tree_shown(t, n, "%u (%s)", ttl, text);
}

/* One resource record (RFC 1035 section 4.1.3). False when it does not
 * fit in the message. */
static bool
dns_parse_rr(const struct dns_msg *m, struct cursor *c, struct tree *t,
	     bool mdns, struct dns_info *di)
{
	size_t off = c->pos, noff, nlen;
	struct dns_name n;
	uint16_t type, class, rdlen;
	uint32_t ttl;
	struct cursor rd;

	if (dns_name_read(m, c, &n) != DNS_NAME_OK)
		return false;
	nlen = c->pos - off;
	noff = off;
	type = cursor_be16(c);
	class = cursor_be16(c);
	ttl = cursor_be32(c);
	rdlen = cursor_be16(c);
	if (c->err)
		return false;
	rd = cursor_sub(c, rdlen);
	if (!cursor_skip(c, rdlen))
		return false;
	if (t == NULL)
		return true;
	dns_tree_name(t, "dns.resp.name", "Name", noff, nlen, &n);
	if (tree_uint(t, "dns.resp.type", "Type", off + nlen, 2, type) >= 0) {
		/* every record (answers, authority, additional) by its
		 * type, then its data where it is a name or an address */
		dns_info_type(t, di, type);
		di->records = true;
	}
	if (type == DNS_TYPE_OPT) {
		tree_uint(t, "dns.rr.udp_payload_size", "UDP payload size",
			  off + nlen + 2, 2, class);
	} else {
		if (mdns) {
			tree_uint(t, "dns.resp.cache_flush", "Cache flush",
				  off + nlen + 2, 2, class >> 15);
			class &= 0x7fff;
		}
		tree_hex(t, "dns.resp.class", "Class", off + nlen + 2, 2,
			 class, 4);
		dns_tree_ttl(t, tree_uint(t, "dns.resp.ttl", "Time to live",
					  off + nlen + 4, 4, ttl),
			     ttl);
	}
	tree_uint(t, "dns.resp.len", "Data length", off + nlen + 8, 2, rdlen);
	dns_tree_rdata(t, m, &rd, type, di);
	return true;
}

/* Tree only: a question's line, as tshark sums it up ("www.example.com:
 * type AAAA, class IN") on its subtree Q; NAME is the name's node, whose
 * value is escaped already. */
static void
dns_tree_question_line(struct tree *t, int q, int name, unsigned type,
		       unsigned class)
{
	char text[DNS_SHOWN_NAME];
	const char *tn = dns_info_lookup(dns_info_types,
					 sizeof(dns_info_types) /
						 sizeof(dns_info_types[0]),
					 type);
	const char *cn = valnames_lookup("dns.qry.class", class);
	char tbuf[24], cbuf[24];

	if (q < 0 || name < 0)
		return;
	/* copied: the shown text is written into the arena holding it */
	snprintf(text, sizeof(text), "%s",
		 t->nodes[name].value[0] ? t->nodes[name].value : "<Root>");
	if (tn == NULL) {
		snprintf(tbuf, sizeof(tbuf), "Unknown (%u)", type);
		tn = tbuf;
	}
	if (cn == NULL) {
		snprintf(cbuf, sizeof(cbuf), "Unknown (0x%04x)", class);
		cn = cbuf;
	}
	tree_shown(t, q, "%s: type %s, class %s", text, tn, cn);
}

/* One question (RFC 1035 section 4.1.2); the first name is the
 * connection's. */
static bool
dns_parse_question(const struct dns_msg *m, struct cursor *c,
		   struct app_ctx *a, bool first, bool mdns,
		   const struct dns_info *di)
{
	size_t off = c->pos, nlen;
	struct dns_name n;
	uint16_t type, class;

	if (dns_name_read(m, c, &n) != DNS_NAME_OK)
		return false;
	nlen = c->pos - off;
	type = cursor_be16(c);
	class = cursor_be16(c);
	if (c->err)
		return false;
	if (first && n.labels > 0)
		app_set_name(a, n.text, n.len);
	if (a->t) {
		int q = tree_do_push(a->t, NULL, "", off, nlen + 4);
		int name = dns_tree_name(a->t, "dns.qry.name", "Name", off,
					 nlen, &n);

		dns_tree_question_line(a->t, q, name, type,
				       mdns ? class & 0x7fff : class);
		tree_generated(a->t, tree_uint(a->t, "dns.qry.name.len",
					       "Name Length", off, nlen,
					       n.labels ? n.len : 6));
		tree_generated(a->t, tree_uint(a->t, "dns.count.labels",
					       "Label Count", off, nlen,
					       n.labels));
		/* " TYPE name", as tshark lists the questions */
		if (tree_uint(a->t, "dns.qry.type", "Type", off + nlen, 2,
			      type) >= 0 && name >= 0)
			dns_info_type(a->t, di, type);
		if (name >= 0) {
			tree_info(a->t, di->proto, " ");
			if (a->t->nodes[name].value[0])
				tree_info_node(a->t, di->proto, name);
			else
				tree_info(a->t, di->proto, "<Root>");
		}
		if (mdns) {
			tree_uint(a->t, "dns.qry.qu", "\"QU\" question",
				  off + nlen + 2, 2, class >> 15);
			class &= 0x7fff;
		}
		tree_hex(a->t, "dns.qry.class", "Class", off + nlen + 2, 2,
			 class, 4);
		tree_pop(a->t, off + nlen + 4);
	}
	return true;
}

static bool
dns_port(const struct app_ctx *a)
{
	return app_port(a, 53) || app_port(a, 5353) || app_port(a, 5355);
}

/* Which of the three a packet is by its ports; with two of them (an mDNS
 * responder asking a DNS server from 5353), the lower port decides, as
 * tshark's port table does. */
static unsigned
dns_family(const struct app_ctx *a)
{
	uint16_t ports[2] = { a->sport < a->dport ? a->sport : a->dport,
			      a->sport < a->dport ? a->dport : a->sport };
	size_t i;

	for (i = 0; i < 2; i++) {
		if (ports[i] == 53)
			return PROTO_DNS;
		if (ports[i] == 5353)
			return PROTO_MDNS;
		if (ports[i] == 5355)
			return PROTO_LLMNR;
	}
	return PROTO_DNS;
}

static enum app_verdict
dns_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c), tcp_len = 0;
	static const char *const section[] = {
		"Answers", "Authoritative nameservers", "Additional records",
	};
	struct dns_msg m;
	const uint8_t *h;
	uint16_t id, flags, count[4];
	unsigned opcode, i, s;
	bool port = dns_port(a), mdns, whole = true, fits;
	enum app_verdict v;
	struct dns_info di = { .proto = PROTO_DNS };

	/* NetBIOS name service borrows the format; tshark calls it nbns */
	if (app_port(a, 137))
		return APP_NO;
	a->app = dns_family(a);
	mdns = a->app == PROTO_MDNS;
	di.proto = a->app;
	if (a->l4 == PROTO_TCP) {
		/* the length prefix is too weak a signature off the DNS
		 * ports, and tshark looks for DNS over TCP only there */
		if (!port)
			return APP_NO;
		/* a segment that does not open a message is a continuation */
		tcp_len = cursor_be16(c);
		if (c->err || tcp_len < DNS_HEADER)
			return port ? APP_MAYBE : APP_NO;
		cursor_limit(c, tcp_len);
		whole = cursor_left(c) == tcp_len;
	}
	m.start = c->pos;
	m.end = c->end;
	h = cursor_ptr(c, DNS_HEADER);
	if (h == NULL)
		return port ? APP_MAYBE : APP_NO;
	id = wire_be16(h);
	flags = wire_be16(h + 2);
	for (i = 0; i < 4; i++)
		count[i] = wire_be16(h + 4 + 2 * i);
	opcode = (flags >> 11) & 0xf;
	if (a->t) {
		tree_push(a->t, a->app == PROTO_MDNS ? "mdns"
				: a->app == PROTO_LLMNR ? "llmnr"
							: "dns",
			  "Domain Name System", off, left);
		tree_column(a->t, a->app, false);
		if (a->app == PROTO_DNS)
			tree_do_title_text(a->t, " (%s)",
					   flags & 0x8000 ? "response"
							  : "query");
		if (a->l4 == PROTO_TCP)
			tree_uint(a->t, "dns.length", "Length", off, 2,
				  tcp_len);
		int idn = tree_hex(a->t, "dns.id", "Transaction ID", m.start,
				   2, id, 4);

		dns_tree_flags(a->t, m.start + 2, flags);
		dns_info_header(a->t, &di, flags, idn);
		tree_uint(a->t, "dns.count.queries", "Questions", m.start + 4,
			  2, count[0]);
		tree_uint(a->t, "dns.count.answers", "Answer RRs",
			  m.start + 6, 2, count[1]);
		tree_uint(a->t, "dns.count.auth_rr", "Authority RRs",
			  m.start + 8, 2, count[2]);
		tree_uint(a->t, "dns.count.add_rr", "Additional RRs",
			  m.start + 10, 2, count[3]);
	}
	/* opcodes in use: QUERY, IQUERY, STATUS, NOTIFY, UPDATE, DSO */
	fits = opcode <= 6 && opcode != 3;
	if (count[0] > 0)
		tree_push(a->t, NULL, "Queries", c->pos, 0);
	for (i = 0; fits && i < count[0]; i++)
		fits = dns_parse_question(&m, c, a, i == 0, mdns, &di);
	if (count[0] > 0)
		tree_pop(a->t, c->pos);
	/* one question parsed whole is the signature; the records after it
	 * are dissected as far as they go */
	v = APP_NO;
	if (fits && count[0] >= 1 && count[0] <= 16)
		v = port || count[0] == 1 ? APP_YES : APP_MAYBE;
	else if (fits && count[0] == 0 && (flags & 0x8000) &&
		 count[1] + count[2] + count[3] > 0)
		v = APP_MAYBE; /* an mDNS announcement has no question */
	for (s = 0; s < 3 && fits; s++) {
		unsigned k, cap = count[1 + s];

		if (cap == 0)
			continue;
		tree_push(a->t, NULL, section[s], c->pos, 0);
		for (k = 0; k < cap && fits; k++)
			fits = dns_parse_rr(&m, c, k < DNS_TREE_RRS ? a->t
								 : NULL,
					    mdns, &di);
		tree_pop(a->t, c->pos);
	}
	if (fits && count[0] == 0 && v == APP_MAYBE && port)
		v = APP_YES;
	/* off the DNS ports only a message that parses exactly counts */
	if (!port && (!fits || cursor_left(c) != 0 || !whole))
		v = APP_NO;
	if (a->t) {
		dns_tree_link(a, id, flags & 0x8000, m.start);
		if (!fits)
			tree_flag(a->t, c->err ? TREE_FLAG_TRUNCATED
					       : TREE_FLAG_MALFORMED);
		tree_pop(a->t, off + left);
	}
	if (v == APP_NO && port)
		v = APP_MAYBE;
	return v;
}

/* dns_parse tells DNS, mDNS and LLMNR apart by port: the three share
 * DNS's parser and ports. */
const struct proto_desc dns_proto = {
	.id = PROTO_DNS,
	.name = "dns",
	.label = "DNS",
	.tree_name = "dns",
	.column = "DNS",
	.layer = PROTO_LAYER_APP,
	.parse = dns_parse,
	.l4 = PROTO_L4_UDP | PROTO_L4_TCP,
	.ports = { 53, 5353, 5355 },
	.appid_rank = 7,
	.has_name = true,
};

const struct proto_desc mdns_proto = {
	.id = PROTO_MDNS,
	.name = "mdns",
	.label = "mDNS",
	.tree_name = "mdns",
	.column = "MDNS",
	.layer = PROTO_LAYER_APP,
	.has_name = true,
};

const struct proto_desc llmnr_proto = {
	.id = PROTO_LLMNR,
	.name = "llmnr",
	.label = "LLMNR",
	.tree_name = "llmnr",
	.column = "LLMNR",
	.layer = PROTO_LAYER_APP,
	.has_name = true,
};
