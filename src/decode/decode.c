/*
 * decode: the two entry points of decode.h. A const table maps the link
 * type to its parser; the parsers chain through dissect.c's tables.
 */
#include "config.h"

#include "decode/decode.h"

#include <pcap/dlt.h>
#include <string.h>

#include "decode/dissect.h"
#include "decode/proto/chdlc.h"
#include "decode/proto/ethernet.h"
#include "decode/proto/ipv4.h"
#include "decode/proto/ipv6.h"
#include "decode/proto/loop.h"
#include "decode/proto/ppp.h"
#include "decode/proto/raw.h"
#include "decode/proto/sll.h"
#include "decode/proto/wlan.h"

/* LINKTYPE_ values that libpcap may hand over unmapped. */
#define DECODE_LINKTYPE_RAW 101
#define DECODE_LINKTYPE_IPV4 228
#define DECODE_LINKTYPE_IPV6 229
#define DECODE_LINKTYPE_LINUX_SLL2 276
#define DECODE_LINKTYPE_MAX 277

/* pcap-linktype(7). DLT_RAW is 12 on most systems, 14 on OpenBSD. */
static const dissect_fn decode_links[DECODE_LINKTYPE_MAX] = {
	[DLT_NULL] = loop_dissect_null,
	[DLT_EN10MB] = ethernet_dissect,
	[DLT_PPP] = ppp_dissect,
	[12] = raw_dissect,
	[14] = raw_dissect,
	[DLT_PPP_SERIAL] = ppp_dissect,
	[DLT_PPP_ETHER] = pppoe_dissect_session,
	[DLT_C_HDLC] = chdlc_dissect,
	[DLT_IEEE802_11] = wlan_dissect,
	[DLT_IEEE802_11_RADIO] = wlan_dissect_radiotap,
	[DECODE_LINKTYPE_RAW] = raw_dissect,
	[DLT_LOOP] = loop_dissect_loop,
	[DLT_LINUX_SLL] = sll_dissect,
	[DECODE_LINKTYPE_IPV4] = ipv4_dissect,
	[DECODE_LINKTYPE_IPV6] = ipv6_dissect,
	[DECODE_LINKTYPE_LINUX_SLL2] = sll2_dissect,
};

static void
decode_walk(int linktype, const uint8_t *frame, size_t caplen,
	    size_t wirelen, unsigned app, struct flowstate *fs,
	    struct decode_summary *s, struct tree *t,
	    struct decode_summary *inner, uint8_t *inner_kind)
{
	struct cursor c;
	struct dissect d;
	dissect_fn fn = NULL;

	memset(s, 0, sizeof(*s));
	if (wirelen < caplen)
		wirelen = caplen;
	cursor_init(&c, frame, caplen);
	d = (struct dissect){
		.s = s,
		.t = t,
		.linktype = linktype,
		.wirelen = wirelen,
		.app = app,
		.fs = fs,
		.ip_end = wirelen,
		.ip_ttl_node = -1,
		.packet = s,
		.inner = inner,
	};
	if (t) {
		t->limited = true;
		t->captured = caplen;
	}
	if (linktype >= 0 && linktype < DECODE_LINKTYPE_MAX)
		fn = decode_links[linktype];
	if (!fn) {
		s->status = DECODE_UNDECODED;
		return;
	}
	fn(&c, &d);
	if (inner_kind != NULL)
		*inner_kind = d.inner_kind;
}

void
decode_summary(int linktype, const uint8_t *frame, size_t caplen,
	       size_t wirelen, struct decode_summary *s)
{
	decode_walk(linktype, frame, caplen, wirelen, PROTO_NONE, NULL, s,
		    NULL, NULL, NULL);
}

void
decode_summary_tunnel(int linktype, const uint8_t *frame, size_t caplen,
		      size_t wirelen, struct decode_summary *s,
		      struct decode_summary *inner, uint8_t *kind)
{
	decode_walk(linktype, frame, caplen, wirelen, PROTO_NONE, NULL, s,
		    NULL, inner, kind);
}

const char *
decode_tunnel_name(unsigned kind)
{
	static const char *const names[DECODE_TUNNEL_COUNT] = {
		[DECODE_TUNNEL_VXLAN] = "vxlan",
		[DECODE_TUNNEL_VXLAN_GPE] = "vxlan-gpe",
		[DECODE_TUNNEL_GENEVE] = "geneve",
		[DECODE_TUNNEL_TEREDO] = "teredo",
		[DECODE_TUNNEL_GTP] = "gtp",
		[DECODE_TUNNEL_GRE] = "gre",
		[DECODE_TUNNEL_IPIP] = "ipip",
	};

	return kind < DECODE_TUNNEL_COUNT ? names[kind] : NULL;
}

unsigned
decode_tunnel_app(unsigned kind)
{
	static const uint8_t apps[DECODE_TUNNEL_COUNT] = {
		[DECODE_TUNNEL_VXLAN] = PROTO_VXLAN,
		[DECODE_TUNNEL_VXLAN_GPE] = PROTO_VXLAN_GPE,
		[DECODE_TUNNEL_GENEVE] = PROTO_GENEVE,
		[DECODE_TUNNEL_TEREDO] = PROTO_TEREDO,
		[DECODE_TUNNEL_GTP] = PROTO_GTP,
	};

	return kind < DECODE_TUNNEL_COUNT ? apps[kind] : PROTO_NONE;
}

void
decode_tree(int linktype, const uint8_t *frame, size_t caplen,
	    size_t wirelen, unsigned app, struct decode_summary *s,
	    struct tree *t)
{
	decode_walk(linktype, frame, caplen, wirelen, app, NULL, s, t, NULL,
		    NULL);
}

void
decode_tree_flows(int linktype, const uint8_t *frame, size_t caplen,
		  size_t wirelen, unsigned app, struct flowstate *fs,
		  struct decode_summary *s, struct tree *t)
{
	decode_walk(linktype, frame, caplen, wirelen, app, fs, s, t, NULL,
		    NULL);
}
