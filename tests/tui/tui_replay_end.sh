#!/bin/sh
# tui_replay_end: a replay's paced cells and order follow its packets'
# clock, which stops at the end of the file; from then on every cell
# shows its final value, as --batch counts it, not the text of a tick
# before the end held for good (the Hosts view showed 3 packets of a
# host's 550 and 74 bytes of its 59 KiB). At 80x24, 120x40 and 200x60.
# A read cut short by -c or --duration says "stopped" and why.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
IN="$DATA/mixed.pcap"
"$PKTOP" --batch --format json -r "$IN" >"$TUI_TMP/b.json" 2>"$TUI_TMP/b.err" ||
	fail "--batch: $(cat "$TUI_TMP/b.err")"
# each host and its packets, sent and received
python3 - "$TUI_TMP/b.json" >"$TUI_TMP/want" <<'PY' || fail "cannot read the batch report"
import json, sys
for h in json.load(open(sys.argv[1]))["hosts"]:
    print(h["addr"], h["tx_packets"] + h["rx_packets"])
PY
[ "$(wc -l <"$TUI_TMP/want")" -ge 4 ] || fail "the batch report has too few hosts"
for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n --replay=2 -r "$IN" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	while read -r addr packets; do
		re=$(printf '%s' "$addr" | sed 's/\./\\./g')
		# the Packets column is the last whole number before Retr
		tui_wait "^$re .* $packets +[0-9]+( |$)" ||
			fail "$1x$2: $addr does not show its $packets packets after the end:
$(tui_screen)"
	done <"$TUI_TMP/want"
	tui_quit || exit 1
done
# a read cut short says so, and why: -c on a file, --duration on a
# replay (the header said "end of file", and a replay ran on past its
# --duration)
tui_start 120 40 "$PKTOP" -n -c 20 -r "$IN" || fail "cannot start tmux"
tui_wait 'stopped: -c: 20 packets captured' || fail "-c 20 on a file: no reason shown"
tui_screen | grep -q 'packets 20 ' || fail "-c 20 on a file: not 20 packets"
tui_quit || exit 1
start=$(date +%s)
tui_start 120 40 "$PKTOP" -n --replay=1 --duration 1 -r "$IN" || fail "cannot start tmux"
tui_wait 'stopped: --duration: 1 s' 60 || fail "--duration 1 on a replay: not stopped"
[ $(($(date +%s) - start)) -le 4 ] || fail "--duration 1 on a replay took over 4 s"
n=$(tui_screen | sed -n 's/.* packets \([0-9]*\) .*/\1/p' | head -n 1)
[ -n "$n" ] && [ "$n" -gt 0 ] && [ "$n" -lt 670 ] ||
	fail "--duration 1 on a replay of 2.9 s read $n of 670 packets"
tui_quit || exit 1
echo "PASS"
