#!/bin/sh
# tui_filter: `f` edits the capture filter. A typo shows libpcap's error
# on the edit line and the old filter stays in force; a good filter shows
# in the header and changes the rows of the packet list.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'filter: \(none\)' || exit 1
tui_keys 4
tui_wait 'Destination' || exit 1
tui_wait 'TCP' || exit 1

# A good filter: only ICMP packets in the list, and in the header.
tui_keys f
tui_wait 'Filter \(BPF\):' || exit 1
tui_keys -l 'icmp'
tui_keys Enter
tui_wait 'filter: icmp ' 300 || exit 1
tui_wait 'ICMP' || exit 1
tui_screen | awk '/Destination/{f=1;next} f&&NF>4' | grep -E '^ +[0-9]+ ' |
	grep -v ICMP && fail "non-ICMP rows under the icmp filter"

# A bad one: an error on the line, the old filter still shown.
tui_keys f
tui_wait 'Filter \(BPF\): icmp' || exit 1
tui_keys C-u
tui_keys -l 'tcp port nosuchport'
tui_keys Enter
# a forked compiler reports: seconds under a sanitizer on a busy machine
tui_wait 'Filter \(BPF\): tcp port nosuchport .*[a-z]' 300 || exit 1
tui_screen | grep -Eqi 'unknown|error|syntax|port' || fail "no error text"
tui_screen | grep -q 'filter: icmp ' || fail "the old filter is not kept"
# Esc leaves the edit line; the old filter is still in force.
tui_keys Escape
tui_wait_gone 'Filter \(BPF\)' || fail "edit line still open after Esc"
tui_screen | grep -q 'filter: icmp ' || fail "the old filter is not in force after Esc"

# History: Up brings back the last good filter.
tui_keys f C-u Up
tui_wait 'Filter \(BPF\): icmp' || exit 1
tui_keys C-u Enter
tui_wait 'filter: \(none\)' 300 || exit 1
tui_wait 'TCP' || exit 1
tui_quit || exit 1
echo "PASS"
