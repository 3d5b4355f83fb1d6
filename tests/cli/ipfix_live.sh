#!/bin/sh
# ipfix_live: flow export from a live capture, in two namespaces joined by
# a veth pair (traffic only between them; the collectors on the capturing
# namespace's loopback):
#  1. active timeout: a TCP connection that streams for 24 s, exported
#     with --ipfix-active 4 to nfdump's nfcapd, is in nfcapd's files
#     (read back with nfdump) 10 s after it started, while it still runs,
#     with its packets so far (nfcapd stops there: later records are
#     refused, so only the records made are counted).
#  2. collector down: the same traffic plus 100 UDP flows a second for
#     20 s, exported to a TCP collector that is not there: every record is
#     counted as dropped (none sent, the error said), and pktop's resident
#     memory does not grow with the records (sampled from 8 s to the end:
#     less than 2 MiB more, while about 1000 records are dropped; not
#     in a sanitizer build, whose quarantine keeps freed memory).
# Root only; skips without nfcapd/nfdump or network namespaces.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1; then
	echo "SKIP: needs root and ip"; exit 77
fi
for t in nfcapd nfdump; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not found"; exit 77; }
done
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-ipl.XXXXXX")
chmod 755 "$tmp"
A=pktop-ipla-$$ B=pktop-iplb-$$
# a subnet of its own per run: two runs at once must not answer each other
NET=10.219.$(($$ % 250 + 1))
PIDS=
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for n in $A $B; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; for f in "$tmp"/*.err; do [ -s "$f" ] && { echo "$f:"; head -n 5 "$f"; }; done; exit 1; }
for n in $A $B; do
	ip netns add "$n" || { echo "SKIP: no network namespaces"; exit 77; }
	ip -n "$n" link set lo up
done
ip link add pkia$$ netns "$A" type veth peer name pkib$$ netns "$B" || fail veth
ip -n "$A" addr add "$NET.1/24" dev pkia$$
ip -n "$B" addr add "$NET.2/24" dev pkib$$
ip -n "$A" link set pkia$$ up
ip -n "$B" link set pkib$$ up

# B: a server that sends 1 KB every 0.2 s for 24 s, then closes; and a
# UDP sender (started later) of 100 flows a second to A
cat >"$tmp/srv.py" <<'PY'
import socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], 5001))
s.listen(1)
open(sys.argv[2], "w").close()
c, _ = s.accept()
end = time.time() + 24
while time.time() < end:
    c.sendall(b"x" * 1024)
    time.sleep(0.2)
c.close()
PY
cat >"$tmp/cli.py" <<'PY'
import socket, sys
c = socket.create_connection((sys.argv[1], 5001), timeout=40)
n = 0
while True:
    b = c.recv(65536)
    if not b:
        break
    n += len(b)
print(n)
PY
cat >"$tmp/udp.py" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + float(sys.argv[2])
while time.time() < end:
    for port in range(20000, 20100):
        s.sendto(b"u" * 64, (sys.argv[1], port))
    time.sleep(1)
PY

# one run: the TCP stream (and with UDP=1 the UDP flows) while pktop
# captures in A with the given export options; sets $pk
start_traffic() {
	rm -f "$tmp/listening"
	ip netns exec "$B" "$PY" "$tmp/srv.py" "$NET.2" "$tmp/listening" \
		2>"$tmp/srv.err" &
	PIDS="$PIDS $!"
	n=0
	while [ ! -e "$tmp/listening" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
	[ -e "$tmp/listening" ] || fail "the server did not start"
	ip netns exec "$A" "$PY" "$tmp/cli.py" "$NET.2" >"$tmp/cli.out" \
		2>"$tmp/cli.err" &
	cli=$!
	PIDS="$PIDS $cli"

}

# ---- 1. active timeout, nfcapd ----
port=4739
mkdir "$tmp/nf"
ip netns exec "$A" nfcapd -p "$port" -b 127.0.0.1 -w "$tmp/nf" \
	>"$tmp/nfcapd.log" 2>&1 &
nfpid=$!
PIDS="$PIDS $nfpid"
n=0
while ! ip netns exec "$A" ss -Hlnu "sport = :$port" 2>/dev/null | grep -q . &&
	[ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
ip netns exec "$A" "$PKTOP" -Z root -i pkia$$ --batch --format json \
	--duration 60 --interval 60 --ipfix "127.0.0.1:$port" \
	--ipfix-active 4 >"$tmp/a.json" 2>"$tmp/pktop-a.err" &
pk=$!
PIDS="$PIDS $pk"
sleep 2
start_traffic
sleep 10
# 10 s into a 24 s connection: nfcapd stops here, writing what it has
kill "$nfpid"
wait "$nfpid" 2>/dev/null
kill -0 "$cli" 2>/dev/null || fail "the connection ended before the check"
wait "$cli" || fail "the client failed"
sleep 1
kill -INT "$pk"
wait "$pk" || fail "pktop (active timeout) failed"
nfdump -R "$tmp/nf" -o json >"$tmp/nf.json" 2>"$tmp/nfdump.err" ||
	fail "nfdump: $(head -n 1 "$tmp/nfdump.err")"
"$PY" - "$tmp" "$NET.2" "$(cat "$tmp/cli.out")" <<'PY' >"$tmp/cmp1" 2>&1 ||
import json, sys
tmp, srv, got = sys.argv[1], sys.argv[2], int(sys.argv[3])
text = open(tmp + "/nf.json").read()
# for no record nfdump 1.7 prints "[", "No matching flows", "]"
flows = [r for r in ([] if "No matching flows" in text else json.loads(text))
         if 5001 in (r.get("src_port"), r.get("dst_port"))]
if not flows:
    print("no record of the running connection in nfcapd after 10 s")
    sys.exit(1)
pk = sum(r.get("in_packets", 0) + r.get("out_packets", 0) for r in flows)
if pk < 20:
    print("nfcapd has %d records with %d packets after 10 s: too few" % (len(flows), pk))
    sys.exit(1)
d = json.loads(open(tmp + "/a.json").read().strip().splitlines()[-1])
conns = [c for c in d["connections"] if c["proto"] == "tcp" and 5001 in (c["a_port"], c["b_port"])]
if len(conns) != 1:
    print("batch: %d connections on port 5001" % len(conns))
    sys.exit(1)
c = conns[0]
if got < 100 * 1024:
    print("the client read only %d bytes" % got)
    sys.exit(1)
ex = d["export"]
if ex["records"] < 5 or ex["sent"] < 2:
    print("export counts", ex)
    sys.exit(1)
print("%d records (%d packets) of the running connection in nfcapd 10 s after its start; export %s"
      % (len(flows), pk, ex))
PY
	fail "active timeout: $(cat "$tmp/cmp1")"
echo "ok 1: $(cat "$tmp/cmp1")"

# ---- 2. collector down ----
# a TCP collector on a port nothing listens on
ip netns exec "$A" "$PKTOP" -Z root -i pkia$$ --batch --format json \
	--duration 60 --interval 60 --ipfix "tcp:127.0.0.1:4740" \
	--ipfix-active 2 --ipfix-idle 2 >"$tmp/b.json" 2>"$tmp/pktop-b.err" &
pk=$!
PIDS="$PIDS $pk"
sleep 2
start_traffic
ip netns exec "$B" "$PY" "$tmp/udp.py" "$NET.1" 20 2>"$tmp/udp.err" &
PIDS="$PIDS $!"
: >"$tmp/rss"
i=0
while [ $i -lt 22 ]; do
	sleep 1
	i=$((i + 1))
	[ $i -ge 8 ] && awk '/^VmRSS/ { print $2 }' "/proc/$pk/status" >>"$tmp/rss"
done
wait "$cli" || fail "the client failed (collector down)"
kill -INT "$pk"
wait "$pk" || fail "pktop (collector down) failed"
# a sanitizer build keeps freed memory in quarantine: its RSS says
# nothing of pktop's own, so there only the counts are checked
limit=2048
grep -q -a -m 1 AddressSanitizer "$PKTOP" && limit=0
"$PY" - "$tmp" "$limit" <<'PY' >"$tmp/cmp2" 2>&1 ||
import json, sys
tmp, limit = sys.argv[1], int(sys.argv[2])
d = json.loads(open(tmp + "/b.json").read().strip().splitlines()[-1])
ex = d["export"]
rss = [int(x) for x in open(tmp + "/rss").read().split()]
if ex["sent"] != 0 or ex["dropped"] != ex["records"] or ex["records"] < 500:
    print("export counts", ex)
    sys.exit(1)
if not ex.get("error"):
    print("no error said", ex)
    sys.exit(1)
grow = max(rss) - rss[0]
if len(rss) < 10 or (limit and grow > limit):
    print("resident memory grew %d KiB while dropping (%s)" % (grow, rss))
    sys.exit(1)
print("%d records dropped, 0 sent (%s); RSS %d -> %d KiB (max +%d) over %d samples"
      % (ex["dropped"], ex["error"], rss[0], rss[-1], grow, len(rss)))
PY
	fail "collector down: $(cat "$tmp/cmp2")"
echo "ok 2: $(cat "$tmp/cmp2")"
echo PASS
