/*
 * proto: the table of protocol names. A new protocol is one row here plus
 * its parser file under src/proto/.
 */
#include "config.h"

#include "decode/proto_table.h"

#include <string.h>

const struct proto_info proto_table[PROTO_COUNT] = {
	[PROTO_NONE] = { .name = "unknown", .label = "unknown", .layer = PROTO_LAYER_APP },
	[PROTO_ETHERNET] = { .name = "ethernet", .label = "Ethernet", .layer = PROTO_LAYER_LINK },
	[PROTO_VLAN] = { .name = "vlan", .label = "802.1Q VLAN", .layer = PROTO_LAYER_LINK },
	[PROTO_SLL] = { .name = "sll", .label = "Linux cooked", .layer = PROTO_LAYER_LINK },
	[PROTO_SLL2] = { .name = "sll2", .label = "Linux cooked v2", .layer = PROTO_LAYER_LINK },
	[PROTO_LOOP] = { .name = "loop", .label = "BSD loopback", .layer = PROTO_LAYER_LINK },
	[PROTO_PPPOE] = { .name = "pppoe", .label = "PPPoE", .layer = PROTO_LAYER_LINK },
	[PROTO_PPP] = { .name = "ppp", .label = "PPP", .layer = PROTO_LAYER_LINK },
	[PROTO_MPLS] = { .name = "mpls", .label = "MPLS", .layer = PROTO_LAYER_LINK },
	[PROTO_LLC] = { .name = "llc", .label = "LLC", .layer = PROTO_LAYER_LINK },
	[PROTO_ARP] = { .name = "arp", .label = "ARP", .layer = PROTO_LAYER_NETWORK },
	[PROTO_IPV4] = { .name = "ipv4", .label = "IPv4", .layer = PROTO_LAYER_NETWORK },
	[PROTO_IPV6] = { .name = "ipv6", .label = "IPv6", .layer = PROTO_LAYER_NETWORK },
	[PROTO_ICMP] = { .name = "icmp", .label = "ICMP", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_ICMPV6] = { .name = "icmpv6", .label = "ICMPv6", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_TCP] = { .name = "tcp", .label = "TCP", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_UDP] = { .name = "udp", .label = "UDP", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_SCTP] = { .name = "sctp", .label = "SCTP", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_IGMP] = { .name = "igmp", .label = "IGMP", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_GRE] = { .name = "gre", .label = "GRE", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_ESP] = { .name = "esp", .label = "ESP", .layer = PROTO_LAYER_TRANSPORT },
	[PROTO_AH] = { .name = "ah", .label = "AH", .layer = PROTO_LAYER_NETWORK },
	[PROTO_DNS] = { .name = "dns", .label = "DNS", .layer = PROTO_LAYER_APP },
	[PROTO_MDNS] = { .name = "mdns", .label = "mDNS", .layer = PROTO_LAYER_APP },
	[PROTO_LLMNR] = { .name = "llmnr", .label = "LLMNR", .layer = PROTO_LAYER_APP },
	[PROTO_HTTP] = { .name = "http", .label = "HTTP", .layer = PROTO_LAYER_APP },
	[PROTO_TLS] = { .name = "tls", .label = "TLS", .layer = PROTO_LAYER_APP },
	[PROTO_QUIC] = { .name = "quic", .label = "QUIC", .layer = PROTO_LAYER_APP },
	[PROTO_SSH] = { .name = "ssh", .label = "SSH", .layer = PROTO_LAYER_APP },
	[PROTO_DHCP] = { .name = "dhcp", .label = "DHCP", .layer = PROTO_LAYER_APP },
	[PROTO_NTP] = { .name = "ntp", .label = "NTP", .layer = PROTO_LAYER_APP },
	[PROTO_SMTP] = { .name = "smtp", .label = "SMTP", .layer = PROTO_LAYER_APP },
	[PROTO_FTP] = { .name = "ftp", .label = "FTP", .layer = PROTO_LAYER_APP },
	[PROTO_SNMP] = { .name = "snmp", .label = "SNMP", .layer = PROTO_LAYER_APP },
};

const char *
proto_name(unsigned id)
{
	if (id >= PROTO_COUNT || proto_table[id].name == NULL)
		return proto_table[PROTO_NONE].name;
	return proto_table[id].name;
}

enum proto_id
proto_by_name(const char *name)
{
	for (unsigned i = 1; i < PROTO_COUNT; i++)
		if (proto_table[i].name && strcmp(proto_table[i].name, name) == 0)
			return (enum proto_id)i;
	return PROTO_NONE;
}
