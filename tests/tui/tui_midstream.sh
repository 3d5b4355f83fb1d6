#!/bin/sh
# tui_midstream: SSH connections joined mid-stream (their handshakes and
# the client's first packets cut from mixed.pcap, so the server's ACK and
# banner come first) are listed client -> server in the Connections view,
# as tshark names the SSH client and server, and still say SSH. At 80x24,
# 120x40 and 200x60.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
command -v editcap >/dev/null 2>&1 || { echo "SKIP: editcap not installed"; exit 77; }
tshark -r "$DATA/mixed.pcap" -Y '!(tcp.flags.syn == 1) && tcp.port == 22' \
	-w "$TUI_TMP/a.pcap" 2>/dev/null || fail "tshark cannot cut the capture"
editcap "$TUI_TMP/a.pcap" "$TUI_TMP/mid.pcap" 1-2 || fail "editcap failed"
F="$TUI_TMP/mid.pcap"
# the first packet is the server's: port 22 to the client's port
first=$(tshark -r "$F" -T fields -e tcp.srcport -e tcp.dstport -c 1 2>/dev/null)
set -- $first
[ "$1" = 22 ] || fail "the cut capture does not start with the server ($first)"
client=$2
# tshark's own SSH client: the side whose banner says Client
tclient=$(tshark -r "$F" -Y 'ssh.direction == 0' -T fields -e tcp.srcport 2>/dev/null |
	grep -x "$client" | head -1)
[ "$tclient" = "$client" ] || fail "tshark does not call port $client the SSH client"

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n -r "$F" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_keys 2
	tui_wait "10\\.77\\.0\\.1:$client +10\\.77\\.0\\.2:ssh +SSH " ||
		fail "$1x$2: the connection is not client :$client -> server :ssh"
	tui_screen | grep -Eq '10\.77\.0\.2:ssh +10\.77\.0\.1:' &&
		fail "$1x$2: a connection listed server -> client"
	tui_quit || exit 1
done
echo PASS
