/*
 * proto: the protocols pktop names, one row each in proto_table (proto.c).
 * The id indexes per-protocol counters; the name is the one the batch JSON
 * and the protocols view use (see ../shared/spec/batch-json.md).
 */
#ifndef PKTOP_PROTO_H
#define PKTOP_PROTO_H

#include <stdint.h>

enum proto_layer {
	PROTO_LAYER_LINK,
	PROTO_LAYER_NETWORK,
	PROTO_LAYER_TRANSPORT,
	PROTO_LAYER_APP,
};

enum proto_id {
	PROTO_NONE = 0,
	/* link */
	PROTO_ETHERNET,
	PROTO_VLAN,
	PROTO_SLL,
	PROTO_SLL2,
	PROTO_LOOP, /* BSD NULL / LOOP */
	PROTO_PPPOE,
	PROTO_PPP,
	PROTO_MPLS,
	PROTO_LLC,
	/* network */
	PROTO_ARP,
	PROTO_IPV4,
	PROTO_IPV6,
	/* transport and friends carried by IP */
	PROTO_ICMP,
	PROTO_ICMPV6,
	PROTO_TCP,
	PROTO_UDP,
	PROTO_SCTP,
	PROTO_IGMP,
	PROTO_GRE,
	PROTO_ESP,
	PROTO_AH,
	/* application: identified per connection (appid.c) */
	PROTO_DNS,
	PROTO_MDNS,
	PROTO_LLMNR,
	PROTO_HTTP,
	PROTO_TLS,
	PROTO_QUIC,
	PROTO_SSH,
	PROTO_DHCP,
	PROTO_NTP,
	PROTO_SMTP,
	PROTO_FTP,
	PROTO_SNMP,
	PROTO_COUNT
};

struct proto_info {
	const char *name;  /* machine name: "ipv4", "tls"; stable, in JSON */
	const char *label; /* for people: "IPv4", "TLS" (not translated) */
	enum proto_layer layer;
};

extern const struct proto_info proto_table[PROTO_COUNT];

/* "unknown" for PROTO_NONE, the table's name otherwise. */
const char *proto_name(unsigned id);

/* The id whose name is NAME, or PROTO_NONE. */
enum proto_id proto_by_name(const char *name);

#endif
