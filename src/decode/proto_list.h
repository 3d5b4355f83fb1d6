/*
 * proto_list: every protocol pktop names, one line each, in id order.
 * The line gives the enum id and the descriptor its file defines
 * (decode/proto/x.c, struct proto_desc in proto_table.h); proto_table.h
 * turns the list into the enum and the table. Ids are indexes into
 * per-protocol counters and set the order of equal rows in reports: add
 * new protocols at the end of their layer's group only if you mean to
 * move the ones after them (nothing persists ids, but tests compare
 * reports byte for byte).
 *
 * No include guard: included once per expansion with PROTO_LIST defined.
 */
/* link */
PROTO_LIST(PROTO_ETHERNET, ethernet_proto)
PROTO_LIST(PROTO_VLAN, vlan_proto)
PROTO_LIST(PROTO_SLL, sll_proto)
PROTO_LIST(PROTO_SLL2, sll2_proto)
PROTO_LIST(PROTO_LOOP, loop_proto) /* BSD NULL / LOOP */
PROTO_LIST(PROTO_PPPOE, pppoe_proto)
PROTO_LIST(PROTO_PPP, ppp_proto)
PROTO_LIST(PROTO_MPLS, mpls_proto)
PROTO_LIST(PROTO_LLC, llc_proto)
/* network */
PROTO_LIST(PROTO_ARP, arp_proto)
PROTO_LIST(PROTO_IPV4, ipv4_proto)
PROTO_LIST(PROTO_IPV6, ipv6_proto)
/* transport and friends carried by IP */
PROTO_LIST(PROTO_ICMP, icmp_proto)
PROTO_LIST(PROTO_ICMPV6, icmpv6_proto)
PROTO_LIST(PROTO_TCP, tcp_proto)
PROTO_LIST(PROTO_UDP, udp_proto)
PROTO_LIST(PROTO_SCTP, sctp_proto)
PROTO_LIST(PROTO_IGMP, igmp_proto)
PROTO_LIST(PROTO_GRE, gre_proto)
PROTO_LIST(PROTO_ESP, esp_proto)
PROTO_LIST(PROTO_AH, ah_proto)
/* application: identified per connection (appid.c) */
PROTO_LIST(PROTO_DNS, dns_proto)
PROTO_LIST(PROTO_MDNS, mdns_proto)
PROTO_LIST(PROTO_LLMNR, llmnr_proto)
PROTO_LIST(PROTO_HTTP, http_proto)
PROTO_LIST(PROTO_TLS, tls_proto)
PROTO_LIST(PROTO_QUIC, quic_proto)
PROTO_LIST(PROTO_SSH, ssh_proto)
PROTO_LIST(PROTO_DHCP, dhcp_proto)
PROTO_LIST(PROTO_NTP, ntp_proto)
PROTO_LIST(PROTO_SMTP, smtp_proto)
PROTO_LIST(PROTO_FTP, ftp_proto)
PROTO_LIST(PROTO_SNMP, snmp_proto)
/* tunnels carried in UDP: their outer connections (udp_tunnel.c) */
PROTO_LIST(PROTO_VXLAN, vxlan_proto)
PROTO_LIST(PROTO_VXLAN_GPE, vxlan_gpe_proto)
PROTO_LIST(PROTO_GENEVE, geneve_proto)
PROTO_LIST(PROTO_TEREDO, teredo_proto)
PROTO_LIST(PROTO_GTP, gtp_proto)
