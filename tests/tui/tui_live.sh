#!/bin/sh
# tui_live: the live packet list follows new packets while the cursor is
# on its last row (as Wireshark does), r puts the newest first; in/out
# show for a local interface; after -c N the header says "stopped" and
# why. Traffic only between two network namespaces made here.
TUI_TIMEOUT=${TUI_TIMEOUT:-90}
. "$(dirname "$0")/../lib/tui_lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "SKIP: ip not installed"; exit 77; }
A="pkl-a-$$" B="pkl-b-$$" VA="pkla$$" VB="pklb$$"
live_cleanup() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	tui_cleanup
}
trap live_cleanup EXIT
tui_veth_pair 10.232.0
# N UDP datagrams from A to B, a tenth of a second apart
send() {
	ip netns exec "$A" python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(int(sys.argv[1])):
    s.sendto(b"x" * 100, ("10.232.0.2", 9999)); time.sleep(0.1)
' "$1"
}

tui_start 120 30 ip netns exec "$B" "$PKTOP" -n -Z root -i "$VB" -f udp -c 60 ||
	fail "cannot start tmux"
tui_wait '1 Hosts' || exit 1
# a live interface knows its addresses: in and out are shown
tui_wait ' in .* out ' || fail "no in/out for a local interface"
send 10
tui_keys 4
tui_wait '/10 *$' 50 || fail "10 packets not listed"
# on the last row, the list follows
tui_keys G
tui_wait '10/10 *$' || exit 1
send 10
tui_wait '20/20 *$' 50 || fail "the cursor did not follow new packets"
# away from the last row it stays
tui_keys g
send 5
tui_wait '1/25 *$' 50 || fail "the cursor moved off row 1"
# r: newest first
tui_keys r
tui_wait 'newest packets first' || exit 1
tui_row ' No\.' 1 | grep -Eq '^ +25 ' || fail "r: packet 25 is not first"
tui_keys r
tui_row ' No\.' 1 | grep -Eq '^ +1 ' || fail "r again: packet 1 is not first"
# -c 60: then the header says it stopped, and why
send 40
tui_wait 'stopped: -c: 60 packets captured' 100 || fail "no stopped reason"
tui_quit || exit 1
echo "PASS"
