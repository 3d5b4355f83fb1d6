#!/bin/sh
# tui_resize: shrinking the terminal to 40x10 re-lays out at once (rows
# still shown), below that a "too small" line, and back to 120x40 the
# full screen returns; pktop keeps running throughout.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait '^Host' || exit 1
for v in 1 2 3 4; do
	tui_keys $v
	tmux_ resize-window -t 0 -x 40 -y 10
	# The tab line keeps the active view's name, and rows are shown.
	tui_wait '^ 1 .*(Hosts|Connections|Protocols|Packets)' 50 || exit 1
	tui_wait '10\.77\.0\.|Ethernet' 50 || exit 1
	[ "$(tui_screen | wc -l)" -le 10 ] || fail "more than 10 lines at 40x10"
	tui_alive || fail "died at 40x10 in view $v"
	tmux_ resize-window -t 0 -x 30 -y 6
	tui_wait 'too small' 50 || exit 1
	tmux_ resize-window -t 0 -x 120 -y 40
	tui_wait '4 Packets' 50 || exit 1
	tui_alive || fail "died after resizing back in view $v"
done
# The drill-down and the help survive it too.
tui_keys 4 Enter
tui_wait 'Packet 1 ' || exit 1
tmux_ resize-window -t 0 -x 40 -y 10
sleep 0.3
tmux_ resize-window -t 0 -x 41 -y 11
sleep 0.3
tui_keys F1
tmux_ resize-window -t 0 -x 120 -y 40
tui_wait 'pktop keys' 50 || exit 1
tui_alive || fail "died in the drill-down"
tui_keys Escape
tui_wait "Source Address" 30 || exit 1
tui_quit || exit 1
echo "PASS"
