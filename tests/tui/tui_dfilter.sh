#!/bin/sh
# tui_dfilter: the display filter bar (\ and d), at 80x24, 120x40 and
# 200x60. A filter that does not compile is red with its message above
# and a caret under the fault; an unknown field suggests the closest
# names; Tab completes a field name; Enter applies it to the packet list,
# whose frame numbers and count must be tshark's for the same filter; Up
# brings it back; D makes the tables count only the matching packets
# (each host's packets = tshark's frames for the filter and that host).
TUI_TIMEOUT=${TUI_TIMEOUT:-240}
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
CAP="$DATA/mixed.pcap"
LIST='tcp.flags.syn == 1 && tcp.flags.ack == 0'
TABLES='dns'

tshark_frames() {
	tshark -n -r "$CAP" -Y "$1" -T fields -e frame.number 2>/dev/null
}

# The packet list's rows: the numbers of the No. column.
list_numbers() {
	tui_screen | awk '/ No\. /{f=1;next} f && $1 ~ /^\*?[0-9]+$/ {print $1} f && NF==0 {exit}'
}

for size in 80x24 120x40 200x60; do
	cols=${size%x*} rows=${size#*x}
	tui_start "$cols" "$rows" "$PKTOP" -n -r "$CAP" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1

	# red, the message above, the caret under "x"
	tui_keys '\'
	tui_wait 'Display filter:' || exit 1
	tui_keys -l 'tls.handshake.type == "x"'
	tui_wait '"x" is not a valid value for tls.handshake.type' || exit 1
	bar=$(tui_screen | grep -n 'Display filter: ' | tail -1)
	line=${bar%%:*}
	want=$(printf '%s\n' "${bar#*:}" | awk '{print index($0, "\"x\"")}')
	got=$(tui_screen | sed -n "$((line + 1))p" | awk '{print index($0, "^~~")}')
	[ "$want" -gt 0 ] && [ "$want" = "$got" ] ||
		fail "$size: caret at column $got, the fault at $want"
	# the bar's text is drawn red (SGR 41) while it does not compile
	tmux_ capture-pane -e -p -t 0 | grep 'Display filter' | grep -q '41m' ||
		fail "$size: the bar is not red on an error"

	# an unknown field: the closest names
	tui_keys C-u
	tui_keys -l 'ip.adr == 10.77.0.1'
	tui_wait 'did you mean ip.addr' || exit 1

	# Tab completes a field name (unique: the whole of it)
	tui_keys C-u
	tui_keys -l 'tls.handshake.extensions_server_name_le'
	tui_keys Tab
	# (and a space after it, to go on with the operator)
	tui_keys -l '== 9'
	tui_wait "Display filter: tls.handshake.extensions_server_name_len == 9" || exit 1
	# several: the part they share, and the candidates listed
	tui_keys C-u
	tui_keys -l 'dns.qry.na'
	tui_keys Tab
	tui_wait 'Display filter: dns.qry.name' || exit 1
	tui_screen | grep -q 'dns.qry.name.len' || fail "$size: no candidates after Tab"
	# a good filter is green (SGR 42)
	tmux_ capture-pane -e -p -t 0 | grep 'Display filter' | grep -q '42m' ||
		fail "$size: the bar is not green on a filter that compiles"

	# Enter: the list, as tshark -Y lists it
	tui_keys C-u
	tui_keys -l "$LIST"
	tui_keys Enter
	tui_wait 'dfilter: tcp.flags.syn' || exit 1
	tui_wait ' No\. ' || exit 1
	want=$(tshark_frames "$LIST")
	cnt=$(printf '%s\n' "$want" | grep -c .)
	tui_wait " 1/$cnt( |$)" 50 || fail "$size: the list's count is not tshark's $cnt"
	got=$(list_numbers)
	k=$(printf '%s\n' "$got" | grep -c .)
	[ "$k" -gt 3 ] || fail "$size: only $k rows listed"
	[ "$got" = "$(printf '%s\n' "$want" | head -n "$k")" ] ||
		fail "$size: frames $(echo $got) are not tshark's $(echo $want | cut -c1-80)"
	# G (End): the last frames are tshark's last
	tui_keys G
	tui_wait " $cnt/$cnt( |$)" 50 || exit 1
	got=$(list_numbers)
	k=$(printf '%s\n' "$got" | grep -c .)
	[ "$got" = "$(printf '%s\n' "$want" | tail -n "$k")" ] ||
		fail "$size: the last frames are not tshark's"

	# history: Up brings the filter back; Esc leaves it in force
	tui_keys '\'
	tui_keys C-u Up
	tui_wait "Display filter: $LIST" || exit 1
	tui_keys Escape
	tui_wait_gone 'Display filter:' || exit 1

	# D: the tables over the packets that match
	tui_keys d
	tui_keys C-u
	tui_keys -l "$TABLES"
	tui_keys Enter
	tui_wait 'dfilter: dns' || exit 1
	tui_keys D
	tui_wait 'dfilter: dns \(tables too\)' || exit 1
	tui_keys 1
	tui_wait 'Packets' || exit 1
	for h in 10.77.0.1 10.77.0.2; do
		want=$(tshark_frames "$TABLES && ip.addr == $h" | grep -c .)
		tui_wait "^$h .* $want( |$)" 50 ||
			fail "$size: $h does not count tshark's $want packets"
	done
	# D again: every packet
	tui_keys D
	tui_wait_gone '\(tables too\)' || exit 1
	want=$(tshark -n -r "$CAP" -Y 'ip.addr == 10.77.0.1' -T fields -e frame.number 2>/dev/null | grep -c .)
	tui_wait "^10\.77\.0\.1 .* $want( |$)" 50 ||
		fail "$size: D off does not count every packet again"
	# an empty filter removes it
	tui_keys '\'
	tui_keys C-u Enter
	tui_wait_gone 'dfilter:' || exit 1
	tui_quit || exit 1
	tmux_ kill-server >/dev/null 2>&1
done
echo "PASS"
