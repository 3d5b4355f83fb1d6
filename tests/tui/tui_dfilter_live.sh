#!/bin/sh
# tui_dfilter_live: -Y live without --batch opens the UI with that display
# filter in force: the header names it, the packet list holds only the
# matching packets as they arrive (tshark's frames for the same filter
# over the same packets, saved with -w), and D makes the tables count only
# those. Traffic only between two network namespaces made here.
TUI_TIMEOUT=${TUI_TIMEOUT:-120}
. "$(dirname "$0")/../lib/tui_lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "SKIP: ip not installed"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
A="pkdf-a-$$" B="pkdf-b-$$" VA="pkdfa$$" VB="pkdfb$$"
live_cleanup() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	tui_cleanup
}
trap live_cleanup EXIT
tui_veth_pair 10.233.0
# N UDP datagrams from A to B on PORT, LEN bytes each
send() {
	ip netns exec "$A" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(b"x" * int(sys.argv[3]), ("10.233.0.2", int(sys.argv[2])))
    time.sleep(0.02)
' "$1" "$2" "$3"
}
F='udp.dstport == 9999 && frame.len > 200'
CAP="$TUI_TMP/live.pcap"

tui_start 120 40 ip netns exec "$B" "$PKTOP" -n -Z root -i "$VB" -f udp \
	-w "$CAP" -c 40 -Y "'$F'" || fail "cannot start tmux"
tui_wait '1 Hosts' || exit 1
tui_wait "dfilter: udp.dstport == 9999" || fail "the header does not name -Y's filter"
tui_keys 4
send 10 9999 300   # match
send 10 9998 300   # another port
send 10 9999 100   # too short
send 10 9999 400   # match
tui_wait 'stopped: -c: 40 packets captured' 100 || exit 1
tui_wait ' 1/20( |$)' 50 || fail "not the 20 matching packets"
want=$(tshark -n -r "$CAP" -Y "$F" -T fields -e frame.number 2>/dev/null |
	head -n 15 | tr '\n' ' ')
got=$(tui_screen | awk '/ No\. /{f=1;next} f && $1 ~ /^[0-9]+$/ {printf "%s ", $1}' |
	tr ' ' '\n' | head -n 15 | tr '\n' ' ')
[ -n "$want" ] && [ "$got" = "$want" ] ||
	fail "frames '$got' are not tshark's '$want'"
# D: the host counts only the 20
tui_keys D 1
tui_wait 'dfilter: udp.dstport == 9999 && frame.len > 200 \(tab' || exit 1
tui_wait '^10\.233\.0\.1 .* 20( |$)' 50 || fail "the host does not count 20 packets"
# Q: -w was writing, q would ask first
tui_keys Q
n=0; while tui_alive && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
echo "PASS"
