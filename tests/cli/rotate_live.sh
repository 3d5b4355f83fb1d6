#!/bin/sh
# rotate_live: live -C and -G rotations as a root login (no SUDO_USER) in
# a root-only directory: pktop drops to nobody once the capture is open,
# yet every rotated file is made (through the privileged helper), belongs
# to root, and together they hold every packet pktop counted (tshark
# counts them). Traffic: UDP into a veth pair whose far end is in a
# network namespace this test makes.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "SKIP: no ip"; exit 77; }
NS="pkrot$$"
IF="pkrot-$$"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-rot.XXXXXX")
cleanup() {
	ip link del "$IF" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
ip netns add "$NS" 2>/dev/null || { echo "SKIP: no network namespaces"; exit 77; }
ip link add "$IF" type veth peer name pkrotp netns "$NS" || fail "veth"
ip addr add 10.213.0.1/24 dev "$IF"
ip link set "$IF" up
ip -n "$NS" addr add 10.213.0.2/24 dev pkrotp
ip -n "$NS" link set pkrotp up
# a fixed neighbour: the bursts need no ARP (its queue drops them)
mac=$(ip -n "$NS" -o link show pkrotp | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
ip neigh replace 10.213.0.2 lladdr "$mac" dev "$IF" nud permanent || fail "neigh"
d="$tmp/root-only"
mkdir -m 0700 "$d"

# send PID: 1400-byte UDP datagrams (~1 MB a second) while PID runs
# (at most 60 s); pktop stops itself after -c packets
send() {
	python3 - "$1" <<'PY'
import os, socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
pid, end = int(sys.argv[1]), time.time() + 60
while time.time() < end:
    try:
        os.kill(pid, 0)
    except OSError:
        break
    for _ in range(70):
        s.sendto(b"r" * 1400, ("10.213.0.2", 40000))
    time.sleep(0.1)
PY
}

# check NAME JSON FILES...: files made, every packet in them, root's
check() {
	name=$1 json=$2
	shift 2
	n=$#
	# the last report (a live --batch run may print more than one)
	want=$(python3 - "$json" <<'PY'
import json, sys
text, dec, pos, last = open(sys.argv[1]).read(), json.JSONDecoder(), 0, None
while pos < len(text):
    while pos < len(text) and text[pos].isspace():
        pos += 1
    if pos >= len(text):
        break
    last, pos = dec.raw_decode(text, pos)
print(last["totals"]["packets"])
PY
) ||
		fail "$name: no report"
	got=0
	for f in "$@"; do
		[ -e "$f" ] || fail "$name: no file"
		got=$((got + $(tshark -r "$f" 2>/dev/null | wc -l)))
	done
	[ "$n" -ge 3 ] || fail "$name: $n files"
	if [ "$got" -ne "$want" ] || [ "$want" -lt 1000 ]; then
		fail "$name: $got packets in $n files, pktop counted $want"
	fi
	bad=$(find "$d" -type f ! -user root)
	[ -z "$bad" ] || fail "$name: not root's: $bad"
	echo "ok   $name: $n files, $got packets, root's"
}

# 3000 packets of 1442 bytes: 4.3 MB, at least 4 files of -C 1
env -u SUDO_USER "$PKTOP" --batch --format json -n -i "$IF" \
	-w "$d/c.pcap" -C 1 -c 3000 >"$tmp/c.json" 2>"$tmp/c.err" &
pid=$!
send "$pid"
wait "$pid" || fail "-C 1: status $? $(cat "$tmp/c.err")"
# shellcheck disable=SC2046
check "live -C 1" "$tmp/c.json" $(ls "$d"/c.pcap*)

# -G 1: 3 s of traffic at least, so three files at least
env -u SUDO_USER "$PKTOP" --batch --format json -n -i "$IF" \
	-w "$d/g-%s.pcap" -G 1 -c 3500 >"$tmp/g.json" 2>"$tmp/g.err" &
pid=$!
send "$pid"
wait "$pid" || fail "-G 1: status $? $(cat "$tmp/g.err")"
# shellcheck disable=SC2046
check "live -G 1" "$tmp/g.json" $(ls "$d"/g-*.pcap)
echo PASS
