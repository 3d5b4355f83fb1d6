#!/bin/sh
# tui_pause: space freezes the numbers on screen while --replay goes on
# feeding the model; the PAUSED marker counts the packets that arrived
# meanwhile, and resuming shows them.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
TOTAL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$TUI_TMP/probe.json")

# Half speed: mixed.pcap lasts about 2.5 s, so about 5 s here.
tui_start 120 40 "$PKTOP" -n --replay=0.5 -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'packets [1-9]' 50 || exit 1
tui_keys Space
tui_wait 'PAUSED \+' || exit 1
frozen=$(tui_screen | grep -Eo 'packets [0-9]+' | head -1)
sleep 2
[ "$(tui_screen | grep -Eo 'packets [0-9]+' | head -1)" = "$frozen" ] ||
	fail "numbers moved while paused"
tui_wait 'PAUSED \+[1-9]' 50 || fail "the marker does not count new packets"
[ "$frozen" != "packets $TOTAL" ] || fail "replay finished before the pause: no test"
tui_keys Space
tui_wait "packets $TOTAL " 100 || exit 1
tui_screen | grep -q PAUSED && fail "still PAUSED after resume"
tui_quit || exit 1
echo "PASS"
