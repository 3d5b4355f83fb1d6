#!/bin/sh
# large_quit: nothing lost by accident. q with marked packets not saved
# asks first: another key stays, w saves them (then q quits at once), y
# quits and loses them; Q never asks; --no-confirm makes q quit. When the
# packet store has let old packets go, the packet list says from which
# packet it starts.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
: "${top_builddir:=$(pwd)}"
IN="$DATA/mixed.pcap"

gone_within() {
	n=0
	while tui_alive && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
	! tui_alive
}

tui_start 120 40 "$PKTOP" -n -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4
tui_wait 'No\.' || exit 1
tui_keys m m
tui_wait '2 marked' || exit 1
tui_keys q
tui_wait '2 marked packets are not saved: y quits and loses them, w saves them' || exit 1
tui_keys x
tui_wait_gone 'are not saved' || exit 1
sleep 0.3
tui_alive || fail "a key other than y quit"
# w from the question: the save line opens; once saved, q quits at once
tui_keys q
tui_wait 'are not saved' || exit 1
tui_keys w
tui_wait 'Save packets to:' || fail "w did not open the save line"
tui_keys C-u
tui_keys -l "$TUI_TMP/kept.pcap"
tui_keys Enter
tui_wait 'saved 2 packets marked' || exit 1
[ -s "$TUI_TMP/kept.pcap" ] || fail "no file saved"
tui_keys q
gone_within || fail "q asked again after the marks were saved"
tmux_ kill-server >/dev/null 2>&1

# one_mark [OPTION]...: a fresh pktop on the file with packet 1 marked
one_mark() {
	tmux_ kill-server >/dev/null 2>&1
	tui_start 120 40 "$PKTOP" "$@" -n -r "$IN" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_keys 4 m
	tui_wait 'marked packet 1' || exit 1
}

# y: quit and lose the marks
one_mark
tui_keys q
tui_wait '1 marked packet is not saved' || exit 1
tui_keys y
gone_within || fail "y did not quit"

# Q: no question
one_mark
tui_keys Q
gone_within || fail "Q did not quit at once"

# --no-confirm: q quits even with marks
one_mark --no-confirm
tui_keys q
gone_within || fail "q asked despite --no-confirm"
tmux_ kill-server >/dev/null 2>&1

# a live capture being written with -w: q says so first (root: lo)
if [ "$(id -u)" = 0 ]; then
	tui_start 120 40 "$PKTOP" -n -i lo -w "$TUI_TMP/live.pcap" || fail "cannot start tmux"
	tui_wait 'filter:' || exit 1
	tui_keys q
	tui_wait 'the capture is being written to .*live.pcap: y stops it and quits' || exit 1
	tui_keys Escape
	tui_wait_gone 'is being written' || exit 1
	tui_alive || fail "Esc after q quit"
	tui_keys q
	tui_wait 'is being written' || exit 1
	tui_keys y
	gone_within || fail "y did not quit the live capture"
	od -An -tx1 -N4 "$TUI_TMP/live.pcap" | grep -Eq 'd4 c3 b2 a1|a1 b2 c3 d4' ||
		fail "the -w file is not a pcap file"
	tmux_ kill-server >/dev/null 2>&1
fi

# a 1 MiB store on 40000 packets: the list says where it starts
GEN="$top_builddir/tests/bench/gen_capture"
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }
"$GEN" -m connflood -n 40000 -o "$TUI_TMP/many.pcap" >/dev/null 2>&1 || fail "gen_capture failed"
tui_start 120 40 "$PKTOP" -n -N --ring-size 1 -r "$TUI_TMP/many.pcap" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4 g
tui_wait 'older packets dropped from memory: the list starts at packet [0-9]+ \(raise --ring-size\)' || exit 1
start=$(tui_screen | sed -n 's/.*the list starts at packet \([0-9]*\).*/\1/p')
[ "$start" -gt 1 ] && [ "$start" -lt 40000 ] || fail "starts at '$start'"
first=$(tui_row 'No\.' 1 | awk '{print $1}')
[ "$first" = "$start" ] || fail "the note says $start, the first row is $first"
tui_keys 1
tui_wait '^Host' || exit 1
tui_screen | grep -q 'older packets dropped' && fail "the note shows outside the packet list"
tui_quit || exit 1
echo PASS
