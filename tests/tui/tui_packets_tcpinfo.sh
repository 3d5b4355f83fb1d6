#!/bin/sh
# tui_packets_tcpinfo: the packet list's TCP Info as tshark's Info
# column, with the flow's state: relative Seq/Ack, the scaled window and
# the analysis marks ([TCP Retransmission]-like, [TCP Dup ACK 8#1],
# [TCP ZeroWindow], [TCP Keep-Alive], [TCP Previous segment not
# captured]) on a crafted capture (tests/lib/tcpanalysis_pcap.py). At
# 200x60 every row's Info must be tshark's _ws.col.Info; at 80x24 every
# shown Info must be the start of tshark's (cut with the ellipsis); `/`
# finds the rows by their marks, as drawn; the display filter
# tcp.analysis.flags lists tshark's rows, drawn the same.
TUI_TIMEOUT=${TUI_TIMEOUT:-120}
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
CAP="$TUI_TMP/tcpanalysis.pcap"
python3 "$top_srcdir/tests/lib/tcpanalysis_pcap.py" "$CAP" ||
	fail "cannot craft the capture"
tshark -n -r "$CAP" -T fields -e frame.number -e _ws.col.Info \
	>"$TUI_TMP/want" 2>/dev/null || fail "tshark cannot read the capture"
# the capture must carry what this test is about (else it proves nothing)
for mark in '\[TCP Dup ACK 8#1\]' '\[TCP ZeroWindow\]' '\[TCP Keep-Alive\]' \
	'Retransmission\]' '\[TCP Previous segment not captured\]' \
	'Seq=1 Ack=1 Win=64256'; do
	grep -q "$mark" "$TUI_TMP/want" || fail "tshark shows no $mark"
done


# list_matches EXACT MIN: the screen's rows agree (retried while the
# flow worker may still be reaching them), at least MIN rows shown.
list_matches() {
	k=0
	while :; do
		out=$(tui_screen | python3 "$top_srcdir/tests/lib/list_info_compare.py" "$TUI_TMP/want" "$1" 2>&1) &&
			[ "$out" -ge "$2" ] && return 0
		k=$((k + 1))
		[ "$k" -lt 50 ] || fail "the list's Info is not tshark's: $out"
		sleep 0.1
	done
}

tui_start 200 60 "$PKTOP" -n -r "$CAP" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4
tui_wait ' No\. ' || exit 1
list_matches 1 26
# find: the marks as drawn ("dup ack" is in no raw Info)
tui_keys / && sleep 0.2
tui_keys -l 'dup ack'
tui_keys Enter
tui_wait ' 1/2( |$)' 50 || fail "/dup ack does not find the 2 duplicate ACKs"
list_matches 1 2
# the display filter: the rows tshark's analysis flags, drawn the same
tui_keys / && sleep 0.2
tui_keys C-u Enter
tui_keys '\' && sleep 0.2
tui_keys -l 'tcp.analysis.flags'
tui_keys Enter
cnt=$(tshark -n -r "$CAP" -Y tcp.analysis.flags 2>/dev/null | grep -c .)
tui_wait " 1/$cnt( |\$)" 50 || fail "the display filter does not list tshark's $cnt"
list_matches 1 "$cnt"
tui_quit || exit 1

tui_start 80 24 "$PKTOP" -n -r "$CAP" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4
tui_wait ' No\. ' || exit 1
list_matches 0 10
# the marked rows, scrolled to
tui_seek Down 'ZeroWindow' 30
tui_seek Down 'Keep-Alive' 30
list_matches 0 10
tui_quit || exit 1
echo "PASS"
