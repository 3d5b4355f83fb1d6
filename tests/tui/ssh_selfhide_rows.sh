#!/bin/sh
# ssh_selfhide_rows: H hides our own SSH session's row already counted and
# takes its packets off the header's totals, not only the packets after
# it; H again brings both back. mixed.pcap's SSH connection
# 10.77.0.1:33960 -> 10.77.0.2:22 has 42 of the 670 frames (tshark -Y
# 'tcp.port==33960'). At 80x24, 120x40 and 200x60.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
SELF="10.77.0.1 33960 10.77.0.2 22"
want=$(tshark -r "$DATA/mixed.pcap" -Y 'tcp.port==33960' 2>/dev/null | wc -l)
[ "$want" -gt 0 ] || want=42

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" env SSH_CONNECTION="'$SELF'" "$PKTOP" -n -N \
		--show-self -r "$DATA/mixed.pcap" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_wait 'packets 670 ' || fail "$1x$2: not every packet counted"
	tui_keys 2 /
	tui_keys -l '33960'
	tui_keys Enter
	tui_wait '10\.77\.0\.1:33960 ' || fail "$1x$2: the session is not listed"
	tui_keys H
	tui_wait 'hiding this SSH session' || exit 1
	tui_wait "packets $((670 - want)) " ||
		fail "$1x$2: H left the session's packets in the totals"
	tui_wait 'no rows match' || fail "$1x$2: H left the session's row"
	tui_keys H
	tui_wait 'showing this SSH session' || exit 1
	tui_wait 'packets 670 ' || fail "$1x$2: H again did not count it back"
	tui_wait '10\.77\.0\.1:33960 ' || fail "$1x$2: H again did not list it"
	tui_quit || exit 1
done
echo PASS
