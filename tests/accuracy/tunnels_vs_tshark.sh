#!/bin/sh
# tunnels_vs_tshark: the flows inside tunnels (VXLAN, VXLAN-GPE, Geneve,
# GRE, IP-in-IP, GTP-U) that pktop lists as connections of their own,
# against the conversation tshark's layers give for each frame's first
# tunnel: the same flows, the same packets and bytes each way
# (tunnels_compare.py). Runs on the tunnel captures of tests/data and, when
# ../shared/pcaps is beside the checkout, on those there too.
#   tests/accuracy/tunnels_vs_tshark.sh [CAPTURE]...
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
top=${top_srcdir:-$here/../..}

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

if [ $# -eq 0 ]; then
	for f in 6in4tunnel.pcap geneve.pcap gre.pcapng gso-ipv4-vxlan-ipv4.pcap \
		gso-ipv6-geneve-ipv6.pcap ipv6_in_gtp.pcap nsh-over-vxlan-gpe.pcap \
		syslog.pcap teredo.pcap various_gre.pcap vxlan.pcap \
		vxlan_port_8472.pcap; do
		set -- "$@" "$top/tests/data/$f"
	done
	shared=$top/../shared/pcaps
	for f in tcpdump/gso-ipv4-geneve-ipv4.pcap tcpdump/gso-ipv4-vxlan-ipv6.pcap \
		tcpdump/bigtcp-ipv4-vxlan-ipv6.pcap tcpdump/erspan-type-i-2.pcap; do
		[ -f "$shared/$f" ] && set -- "$@" "$shared/$f"
	done
fi
exec python3 "$here/tunnels_compare.py" --pktop "$PKTOP" "$@"
