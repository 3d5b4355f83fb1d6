#!/bin/sh
# ipfix_health: ntop's TCP health elements in --ipfix, read back by
# tshark's IPFIX dissector and compared with the batch report of the same
# crafted capture: a handshake with 3 ms and 7 ms halves and two
# retransmitted segments from the client, one from the server.
# RETRANSMITTED_IN/OUT_PKTS (35632/109, 110) must be the batch's
# tcp_a_to_b_retrans/tcp_b_to_a_retrans, CLIENT_NW_LATENCY_MS (123) its
# client handshake half rounded up to whole milliseconds. (tshark names
# SERVER_NW_LATENCY_MS, 124, in the template but has no field for its
# value: not compared here.)
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
lib=$top_srcdir/tests/lib

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-ipfixh.XXXXXX") || exit 99
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

python3 - "$tmp" "$lib" <<'PY' || exit 99
import sys
sys.path.insert(0, sys.argv[2])
from pktcraft import ether, ipv4, tcp, pcap_write
tmp = sys.argv[1]
T0 = 1700000000
A, B = [10, 0, 0, 1], [10, 0, 0, 2]
recs = []
def add(t, frame):
    recs.append((T0 + int(t), int(round((t % 1) * 1e6)), frame, len(frame)))
def ab(t, seq, ack, fl, data=b""):
    add(t, ether(ipv4(6, tcp(40000, 80, seq, ack, fl, data), A, B)))
def ba(t, seq, ack, fl, data=b""):
    add(t, ether(ipv4(6, tcp(80, 40000, seq, ack, fl, data), B, A)))
ab(0.000, 100, 0, 0x02)                # SYN
ba(0.007, 500, 101, 0x12)              # SYN/ACK after 7 ms: the server half
ab(0.010, 101, 501, 0x10)              # ACK after 3 ms: the client half
ab(0.020, 101, 501, 0x18, b"a" * 50)
ab(0.400, 101, 501, 0x18, b"a" * 50)   # retransmitted
ab(0.900, 101, 501, 0x18, b"a" * 50)   # and again
ba(0.910, 501, 151, 0x18, b"b" * 80)
ba(1.300, 501, 151, 0x18, b"b" * 80)   # retransmitted
ab(1.310, 151, 581, 0x11)
ba(1.320, 581, 152, 0x11)
ab(1.330, 152, 582, 0x10)
pcap_write(tmp + "/h.pcap", recs)
PY

port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 "$lib/ipfix_sink.py" "$port" "$tmp/sink.pcap" "$lib" 3 "$tmp/ready" &
sinkpid=$!
n=0
while [ ! -e "$tmp/ready" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
$PKTOP -r "$tmp/h.pcap" --batch --format json --ipfix "127.0.0.1:$port" \
	>"$tmp/b.json" 2>"$tmp/err" || { echo "FAIL export: $(head -n 1 "$tmp/err")"; exit 1; }
wait "$sinkpid"
tshark -r "$tmp/sink.pcap" -d "udp.port==$port,cflow" -T fields -E separator=, \
	-e cflow.pie.ntop.retransmitted_in_pkts -e cflow.pie.ntop.retransmitted_out_pkts \
	-e cflow.pie.ntop.client_nw_latency_ms \
	-Y cflow.pie.ntop.retransmitted_in_pkts >"$tmp/ts.txt" 2>"$tmp/ts.err" ||
	{ echo "FAIL tshark: $(head -n 1 "$tmp/ts.err")"; exit 1; }
python3 - "$tmp" <<'PY'
import json, math, sys
tmp = sys.argv[1]
c = json.load(open(tmp + "/b.json"))["connections"][0]
want = [c["tcp_a_to_b_retrans"], c["tcp_b_to_a_retrans"],
        math.ceil(round(c["tcp_handshake_client_ms"], 3))]
lines = [l for l in open(tmp + "/ts.txt").read().split("\n") if l]
if len(lines) != 1:
    print("FAIL tshark read %d records: %r" % (len(lines), lines))
    sys.exit(1)
got = [int(v) for v in lines[0].split(",")]
if got != want or want != [2, 1, 3]:
    print("FAIL ipfix %r, batch %r (expected [2, 1, 3])" % (got, want))
    sys.exit(1)
print("ok   retransmissions %d/%d, client latency %d ms: tshark = batch" % tuple(got))
PY
