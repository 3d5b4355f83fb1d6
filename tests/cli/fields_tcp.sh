#!/bin/sh
# fields_tcp: what --fields and -V say of TCP as tshark's defaults do, and
# how --fields treats what it cannot print.
#  - -e NAME pktop never fills: exit 2, the name in the message (tshark:
#    "Some fields aren't valid"); the pseudo-fields are accepted.
#  - a SYN/ACK whose ack is not the SYN's sequence + 1 shows its real
#    relative Ack (never a hard-coded Ack=1); later segments count from
#    the handshake; Win= is scaled once both SYNs were seen.
#  - tshark's analysis marks in the Info ([TCP Retransmission], [TCP Dup
#    ACK N#M], [TCP ZeroWindow], [TCP Keep-Alive]), checked against
#    tshark's own words for the same crafted packets.
#  - hidden fields (tcp.port, ip.addr) are found by -e but not in -V.
#  - JSON spells a control byte \u001b, never a literal backslash-x.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
fail=0
bad() { echo "FAIL: $*"; fail=1; }

cat >"$tmp/craft.py" <<'PY'
import struct, sys
sys.path.insert(0, sys.argv[2])
from pktcraft import ether, ipv4, pcap_write
A, B = [10, 0, 0, 1], [10, 0, 0, 2]
def tcp(sp, dp, seq, ack, flags, win, opts=b"", payload=b""):
    hl = (20 + len(opts)) // 4
    return struct.pack("!HHIIBBHHH", sp, dp, seq, ack, hl << 4, flags,
                       win, 0, 0) + opts + payload
ws = b"\x01\x03\x03\x07"              # NOP, window scale 7
c, s = 1000, 5000
pkts = [
 (A, B, tcp(40000, 80, c, 0, 0x02, 64240, ws)),            # 1 SYN
 (B, A, tcp(80, 40000, s, c + 5, 0x12, 65160, ws)),        # 2 SYN/ACK, ack ISN+5
 (A, B, tcp(40000, 80, c + 1, s + 1, 0x10, 502)),          # 3 ACK
 (A, B, tcp(40000, 80, c + 1, s + 1, 0x18, 502, b"", b"GET /a\x1bb HTTP/1.1\r\nHost: x\r\n\r\n")),  # 4
 (B, A, tcp(80, 40000, s + 1, c + 1, 0x10, 509)),          # 5 ACK (no new data acked)
 (B, A, tcp(80, 40000, s + 1, c + 1, 0x10, 509)),          # 6 dup ACK
 (A, B, tcp(40000, 80, c + 1, s + 1, 0x18, 502, b"", b"GET /a\x1bb HTTP/1.1\r\nHost: x\r\n\r\n")),  # 7 retransmission
 (B, A, tcp(80, 40000, s + 1, c + 31, 0x10, 0)),           # 8 zero window
 (A, B, tcp(40000, 80, c + 30, s + 1, 0x10, 502)),         # 9 keep-alive
]
pcap_write(sys.argv[1], [(1700000000 + i, 0, ether(ipv4(6, p, a, b)), len(ether(ipv4(6, p, a, b))))
                         for i, (a, b, p) in enumerate(pkts)])
PY
python3 "$tmp/craft.py" "$tmp/t.pcap" "$here/../lib" || exit 99

# unknown fields
"$PKTOP" -r "$tmp/t.pcap" --fields -e ip.src -e no.such_field -e tcp.bogus \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
[ $rc -eq 2 ] || bad "unknown -e field: status $rc, want 2"
if ! grep -q 'no.such_field' "$tmp/err" || ! grep -q 'tcp.bogus' "$tmp/err"; then
	bad "unknown -e field not named: $(cat "$tmp/err")"
fi
[ -s "$tmp/out" ] && bad "unknown -e field still printed packets"
"$PKTOP" -r "$tmp/t.pcap" --fields -e frame.time -e frame.time_relative \
	-e frame.protocols -e _ws.col.Info -e _ws.col.Protocol -e tcp.seq \
	-e tcp.ack -e tcp.stream -e tcp.port -e ip.addr >"$tmp/out" 2>"$tmp/err" ||
	bad "known fields refused: $(cat "$tmp/err")"

# the Info column, packet by packet (what tshark 4.0 says of these)
"$PKTOP" -r "$tmp/t.pcap" --fields -e frame.number -e _ws.col.Info \
	>"$tmp/info" 2>"$tmp/err" || bad "--fields failed: $(cat "$tmp/err")"
want() {
	line=$(awk -F'\t' -v n="$1" '$1 == n { print $2 }' "$tmp/info")
	case $line in
	"$2"*) ;;
	*) bad "frame $1: got '$line', want '$2...'" ;;
	esac
}
want 1 '40000 → 80 [SYN] Seq=0 Win=64240 Len=0 WS=128'
want 2 '[TCP ACKed unseen segment] 80 → 40000 [SYN, ACK] Seq=0 Ack=5 Win=65160 Len=0 WS=128'
want 3 '40000 → 80 [ACK] Seq=1 Ack=1 Win=64256 Len=0'
want 5 '80 → 40000 [ACK] Seq=1 Ack=1 Win=65152 Len=0'
want 6 '[TCP Dup ACK 5#1] 80 → 40000 [ACK] Seq=1 Ack=1 Win=65152 Len=0'
want 7 '[TCP Retransmission] 40000 → 80 [PSH, ACK] Seq=1 Ack=1'
want 8 '[TCP ZeroWindow] 80 → 40000 [ACK] Seq=1 Ack=31 Win=0 Len=0'
want 9 '[TCP Keep-Alive] 40000 → 80 [ACK] Seq=30 Ack=1'
if command -v tshark >/dev/null 2>&1; then
	# the same words from tshark itself, when it is here
	tshark -n -r "$tmp/t.pcap" -o tcp.desegment_tcp_streams:FALSE \
		-T fields -e frame.number -e _ws.col.Info 2>/dev/null |
		awk -F'\t' '$2 ~ /^\[TCP|Seq=/' >"$tmp/tshark"
	while IFS="	" read -r n info; do
		mine=$(awk -F'\t' -v n="$n" '$1 == n { print $2 }' "$tmp/info")
		[ "$mine" = "$info" ] || bad "frame $n: pktop '$mine', tshark '$info'"
	done <"$tmp/tshark"
fi

# hidden fields: -V leaves them out, -e finds them
"$PKTOP" -r "$tmp/t.pcap" -V >"$tmp/v" 2>&1 || bad "-V failed"
grep -q 'Source or Destination' "$tmp/v" && bad "-V shows hidden fields"
grep -q 'Sequence Number: 1 ' "$tmp/v" || bad "-V has no relative sequence number"
"$PKTOP" -r "$tmp/t.pcap" --fields -e tcp.port -c 1 >"$tmp/p" 2>&1
[ "$(cat "$tmp/p")" = "40000,80" ] || bad "tcp.port: '$(cat "$tmp/p")'"

# JSON: a control byte from the packet is \u001b
"$PKTOP" -r "$tmp/t.pcap" --fields --format json -e http.request.uri \
	-e _ws.col.Info >"$tmp/j" 2>&1 || bad "--format json failed"
grep -q 'a\\u001bb' "$tmp/j" || bad "JSON without \\u001b: $(grep -m1 GET "$tmp/j")"
grep -q '\\\\x1b' "$tmp/j" && bad "JSON has a literal backslash-x: $(grep -m1 x1b "$tmp/j")"
python3 -c 'import json,sys; [json.loads(l) for l in open(sys.argv[1])]' "$tmp/j" ||
	bad "JSON lines do not parse"

# ICMPv6 neighbour discovery: the link-layer address its option carries
cat >"$tmp/nd.py" <<'PY'
import struct, sys
sys.path.insert(0, sys.argv[2])
from pktcraft import pcap_write, csum
a = bytes.fromhex("fe800000000000000000000000000001")
m = bytes.fromhex("ff0200000000000000000001ff000002")
t = bytes.fromhex("fe800000000000000000000000000002")
mac = bytes.fromhex("020000000001")
def ip6(pl, s, d):
    return struct.pack("!IHBB", 0x60000000, len(pl), 58, 255) + s + d + pl
def icmp6(ty, body, s, d):
    msg = struct.pack("!BBH", ty, 0, 0) + body
    c = csum(s + d + struct.pack("!I3xB", len(msg), 58) + msg)
    return msg[:2] + struct.pack("!H", c) + msg[4:]
def eth(p):
    return b"\x33\x33\xff\x00\x00\x02" + mac + b"\x86\xdd" + p
ns = icmp6(135, b"\0" * 4 + t + b"\x01\x01" + mac, a, m)
na = icmp6(136, struct.pack("!I", 0xe0000000) + t + b"\x02\x01" +
           bytes.fromhex("020000000002"), t, a)
na2 = icmp6(136, struct.pack("!I", 0x40000000) + t, t, a)
pk = [eth(ip6(ns, a, m)), eth(ip6(na, t, a)), eth(ip6(na2, t, a))]
pcap_write(sys.argv[1], [(1700000000 + i, 0, p, len(p)) for i, p in enumerate(pk)])
PY
python3 "$tmp/nd.py" "$tmp/nd.pcap" "$here/../lib" || exit 99
"$PKTOP" -r "$tmp/nd.pcap" --fields -e frame.number -e _ws.col.Info \
	>"$tmp/info" 2>"$tmp/err" || bad "--fields failed: $(cat "$tmp/err")"
want 1 'Neighbor Solicitation for fe80::2 from 02:00:00:00:00:01'
want 2 'Neighbor Advertisement fe80::2 (rtr, sol, ovr) is at 02:00:00:00:00:02'
want 3 'Neighbor Advertisement fe80::2 (sol)'

[ $fail -eq 0 ] && echo "fields_tcp: ok"
exit $fail
