#!/bin/sh
# names_vs_tshark: the named values pktop -V shows (decode/valnames.h:
# "Type: IPv4 (0x0800)", "Protocol: UDP (17)", DNS types, classes,
# opcodes and reply codes, TLS content and handshake types, versions,
# cipher suites, groups, TCP options) against tshark -V, line by line per frame and
# label (names_compare.py). Fails below 99% of the lines compared.
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
data=${top_srcdir:-$here/../..}/tests/data

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

[ $# -gt 0 ] || set -- "$data/dns.pcap" "$data/dns-tcp.pcap" \
	"$data/qinq-dns-udp.pcap" "$data/tls12.pcap" "$data/tls13.pcap" \
	"$data/tls_ech.pcapng" "$data/icmpv6.pcap" "$data/6in4tunnel.pcap" \
	"$data/sctp.pcap" "$data/tcp-plain.pcap" "$data/http.pcap"
exec python3 "$here/names_compare.py" --pktop "$PKTOP" "$@"
