/*
 * snmp: the SNMP message wrapper (RFC 1157 section 4, RFC 3416, RFC 3412
 * section 6): a BER SEQUENCE holding the version, then the community
 * string (v1, v2c) or the v3 header, then the PDU. Only the outer shape
 * and the community are read; the variable bindings are left alone.
 */
#include "config.h"

#include "decode/proto/app.h"

#define BER_SEQUENCE 0x30
#define BER_INTEGER 0x02
#define BER_OCTET_STRING 0x04

/* One BER tag and definite length (X.690 section 8.1.3). */
static bool
snmp_ber_header(struct cursor *c, uint8_t *tag, size_t *len)
{
	uint8_t b;
	unsigned n;

	*tag = cursor_u8(c);
	b = cursor_u8(c);
	if (c->err)
		return false;
	if (b < 0x80) {
		*len = b;
		return true;
	}
	n = b & 0x7f;
	if (n == 0 || n > 3)
		return false;
	*len = 0;
	while (n-- > 0)
		*len = *len << 8 | cursor_u8(c);
	return !c->err;
}

static enum app_verdict
snmp_parse(struct cursor *c, struct app_ctx *a)
{
	size_t off = c->pos, left = cursor_left(c), len, voff, coff = 0;
	size_t clen = 0;
	const uint8_t *community = NULL;
	uint8_t tag;
	int64_t version = -1;
	bool ok, port = app_port(a, 161) || app_port(a, 162);

	/* off a known port the message must fill the datagram exactly */
	ok = snmp_ber_header(c, &tag, &len) && tag == BER_SEQUENCE &&
	     len <= cursor_left(c) && (port || len == cursor_left(c));
	voff = c->pos;
	ok = ok && snmp_ber_header(c, &tag, &len) && tag == BER_INTEGER &&
	     len == 1;
	if (ok) {
		version = cursor_u8(c);
		ok = version == 0 || version == 1 || version == 3;
	}
	if (ok && version != 3) {
		ok = snmp_ber_header(c, &tag, &len) &&
		     tag == BER_OCTET_STRING;
		clen = len;
		coff = c->pos;
		community = ok ? cursor_ptr(c, len) : NULL;
		ok = community != NULL;
	}
	if (!ok && !port)
		return APP_NO;
	if (a->t) {
		tree_push(a->t, "snmp", "Simple Network Management Protocol",
			  off, left);
		/* v3 has its own header, with its own field name */
		if (version == 3)
			tree_uint(a->t, "snmp.msgVersion", "msgVersion", voff,
				  3, 3);
		else if (version >= 0)
			tree_uint(a->t, "snmp.version", "version", voff, 3,
				  (uint64_t)version);
		if (community)
			tree_text_bytes(a->t, "snmp.community", "community",
					coff, clen, community, clen);
		if (!ok)
			tree_flag(a->t, TREE_FLAG_MALFORMED);
		tree_pop(a->t, off + left);
	}
	return ok ? APP_YES : APP_MAYBE;
}

const struct proto_desc snmp_proto = {
	.id = PROTO_SNMP,
	.name = "snmp",
	.label = "SNMP",
	.tree_name = "snmp",
	.layer = PROTO_LAYER_APP,
	.parse = snmp_parse,
	.l4 = PROTO_L4_UDP,
	.ports = { 161, 162 },
	.appid_rank = 10,
};
