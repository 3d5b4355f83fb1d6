#!/bin/sh
# procs_cost: with 10 000 idle sockets open (5 000 loopback TCP pairs in a
# namespace made for the test) and a new connection every second, the
# process lookup thread ("pktop-procs") stays under 2% of a CPU over a
# 10 s live batch run; its CPU time is read from /proc/PID/task. Root only.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1; then
	echo "SKIP: needs root and ip"; exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-pcost.XXXXXX")
NS=pktop-pcost-$$
HOLD=
cleanup() {
	[ -n "$HOLD" ] && kill "$HOLD" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
ip netns add "$NS" || { echo "SKIP: no network namespaces"; exit 77; }
ip -n "$NS" link set lo up

# 10 000 idle sockets: 5 000 connected pairs on loopback, held open
ip netns exec "$NS" "$PY" - "$tmp/ready" <<'PY' &
import resource, socket, sys, time
resource.setrlimit(resource.RLIMIT_NOFILE, (20000, 20000))
l = socket.socket(); l.bind(("127.0.0.1", 0)); l.listen(4096)
port = l.getsockname()[1]
keep = []
for i in range(5000):
    c = socket.create_connection(("127.0.0.1", port))
    a, _ = l.accept()
    keep += [c, a]
open(sys.argv[1], "w").write(str(port))
time.sleep(60)
PY
HOLD=$!
for _ in $(seq 1 100); do [ -s "$tmp/ready" ] && break; sleep 0.2; done
[ -s "$tmp/ready" ] || fail "sockets not opened"
[ "$(ip netns exec "$NS" ss -tanH | wc -l)" -ge 10000 ] || fail "fewer than 10 000 sockets"

ip netns exec "$NS" "$PKTOP" -Z root -i lo --batch --format json \
	--duration 10 >"$tmp/out.json" 2>"$tmp/err" &
pk=$!
sleep 0.5
# new connections keep the lookup busy: a fresh one every second (the default refresh)
ip netns exec "$NS" "$PY" - "$(cat "$tmp/ready")" <<'PY' &
import socket, sys, time
port = int(sys.argv[1])
end = time.time() + 9
while time.time() < end:
    s = socket.create_connection(("127.0.0.1", port)); s.send(b"x"); s.close()
    time.sleep(1.0)
PY
load=$!
sleep 9
tid=
for t in /proc/"$pk"/task/*; do
	[ "$(cat "$t/comm" 2>/dev/null)" = pktop-procs ] && tid=${t##*/}
done
[ -n "$tid" ] || fail "no pktop-procs thread"
# utime + stime in clock ticks over the run so far
ticks=$(awk '{print $14 + $15}' "/proc/$pk/task/$tid/stat")
start=$(awk '{print $22}' "/proc/$pk/task/$tid/stat")
now=$(awk '{print int($1 * 100)}' /proc/uptime)
hz=$(getconf CLK_TCK)
wait "$load"
wait "$pk" || fail "pktop failed: $(cat "$tmp/err")"
pct=$(awk -v t="$ticks" -v s="$start" -v n="$now" -v hz="$hz" \
	'BEGIN { el = n / 100 - s / hz; printf "%.2f", 100 * t / hz / el }')
echo "lookup thread: $ticks ticks over the run, ${pct}% of a CPU"
awk -v p="$pct" 'BEGIN { exit !(p < 2.0) }' || fail "lookup thread at ${pct}% (over 2%)"
"$PY" - "$tmp/out.json" <<'PY' || fail "the new connections were not attributed"
import json, sys
d = json.load(open(sys.argv[1]))
found = [c for c in d["connections"] if c.get("process", {}).get("status") == "found"]
assert len(found) >= 5, len(found)
PY
echo PASS
