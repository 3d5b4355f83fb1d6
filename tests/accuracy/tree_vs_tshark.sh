#!/bin/sh
# tree_vs_tshark: the tree's node texts of pktop -V against tshark -V,
# line by line, for TCP, ICMP, ICMPv6, DNS, TLS handshakes and HTTP (with
# its text body), and IPv4's flags, on captures of tests/data (tree_compare.py: the explained
# differences are listed there, by rule). Fails on any other difference.
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
data=${top_srcdir:-$here/../..}/tests/data

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

[ $# -gt 0 ] || set -- "$data/icmp.pcap" "$data/udp-unreach.pcap" \
	"$data/icmp-rfc8335.pcap" "$data/icmpv6.pcap" "$data/dns.pcap" \
	"$data/dns-tcp.pcap" "$data/dns_udp.pcap" "$data/qinq-dns-udp.pcap" \
	"$data/tls12.pcap" "$data/tls13.pcap" "$data/http.pcap" \
	"$data/frag.pcap"
exec python3 "$here/tree_compare.py" --pktop "$PKTOP" "$@"
