#!/bin/sh
# procs_netns: connections that pass through a router namespace (where
# pktop captures) between two other namespaces are not local there; their
# sockets are found in the namespace that holds them (status other_netns)
# and named (pid, command). Root only.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 ||
	! command -v curl >/dev/null 2>&1; then
	echo "SKIP: needs root, ip and curl"; exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-pns.XXXXXX")
chmod 755 "$tmp"
R=pktop-pnr-$$ A=pktop-pna-$$ B=pktop-pnb-$$
SRV=
cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	for n in $R $A $B; do ip netns del "$n" 2>/dev/null; done
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; [ -f "$tmp/err" ] && cat "$tmp/err"; exit 1; }
for n in $R $A $B; do
	ip netns add "$n" || { echo "SKIP: no network namespaces"; exit 77; }
	ip -n "$n" link set lo up
done
ip link add pkna$$ netns "$R" type veth peer name a0 netns "$A" || fail veth
ip link add pknb$$ netns "$R" type veth peer name b0 netns "$B" || fail veth
ip -n "$R" addr add 10.217.1.1/24 dev pkna$$
ip -n "$R" addr add 10.217.2.1/24 dev pknb$$
ip -n "$R" link set pkna$$ up
ip -n "$R" link set pknb$$ up
ip -n "$A" addr add 10.217.1.2/24 dev a0
ip -n "$A" link set a0 up
ip -n "$A" route add default via 10.217.1.1
ip -n "$B" addr add 10.217.2.2/24 dev b0
ip -n "$B" link set b0 up
ip -n "$B" route add default via 10.217.2.1
ip netns exec "$R" sysctl -qw net.ipv4.ip_forward=1 || fail "forwarding"
ip netns exec "$B" "$PY" -m http.server 8088 --bind 10.217.2.2 \
	--directory "$tmp" >/dev/null 2>&1 &
SRV=$!
for _ in $(seq 1 50); do
	ip netns exec "$A" curl -s -m 1 -o /dev/null http://10.217.2.2:8088/ && break
	sleep 0.1
done
ip netns exec "$R" "$PKTOP" -Z root -i pkna$$ --batch --format json \
	--duration 60 --interval 60 >"$tmp/out.json" 2>"$tmp/err" &
pk=$!
sleep 1
for _ in 1 2 3 4; do
	ip netns exec "$A" curl -s -m 2 -o /dev/null http://10.217.2.2:8088/
	sleep 0.3
done
sleep 1.5
kill -INT "$pk"
wait "$pk" || fail "pktop failed"
"$PY" - "$tmp/out.json" "$SRV" <<'PY' || fail "other namespace"
import json, sys
d = json.loads(open(sys.argv[1]).read().strip().splitlines()[-1])
srv = int(sys.argv[2])
# the requests that completed (a reset one has no socket anywhere)
conns = [c for c in d["connections"] if c["proto"] == "tcp" and
         c["b_port"] == 8088 and c["state"] == "closed"]
assert len(conns) >= 3, conns
for c in conns:
    p = c["process"]
    assert p["status"] == "other_netns" and p["pid"] == srv and p["comm"] == "python3", json.dumps(d["connections"])
row = [p for p in d["processes"] if p["pid"] == srv]
assert row and row[0]["connections"] >= len(conns), d["processes"]
print("ok", len(conns))
PY
echo PASS
