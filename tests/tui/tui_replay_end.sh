#!/bin/sh
# tui_replay_end: a replay's paced cells and order follow its packets'
# clock, which stops at the end of the file; from then on every cell
# shows its final value, as --batch counts it, not the text of a tick
# before the end held for good (the Hosts view showed 3 packets of a
# host's 550 and 74 bytes of its 59 KiB). At 80x24, 120x40 and 200x60.
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
echo "PASS"
