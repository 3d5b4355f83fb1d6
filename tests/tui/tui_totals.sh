#!/bin/sh
# tui_totals: a new capture filter leaves the tables' totals as they were
# (iftop's and htop's way) and the header says they include packets from
# before it; c clears them and the header then says since when. At 80x24,
# 120x40 and 200x60, on a replayed capture (live-like: the filter applies
# to what comes next; a file read at once is read again: tui_refilter).
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
cp "$DATA/mixed.pcap" "$TUI_TMP/m.pcap"
for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n --replay=1000 -r "$TUI_TMP/m.pcap" ||
		fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_wait 'packets 670 ' || fail "$1x$2: not the whole file counted"
	tui_screen | grep -q 'include earlier' &&
		fail "$1x$2: a note before any filter change"
	tui_keys f u d p Enter
	tui_wait 'filter: udp' || fail "$1x$2: the filter was not set"
	tui_wait 'filter: udp +\(totals include earlier: c clears\)' ||
		fail "$1x$2: the header does not say the totals include earlier"
	tui_screen | grep -q 'packets 670 ' ||
		fail "$1x$2: the totals did not stay"
	tui_keys c
	tui_wait 'filter: udp +\(totals since [0-9][0-9]:[0-9][0-9]:[0-9][0-9]\)' ||
		fail "$1x$2: after c the header does not say since when"
	tui_wait 'packets 0 ' || fail "$1x$2: c did not clear the totals"
	tui_quit || exit 1
done
echo "PASS"
