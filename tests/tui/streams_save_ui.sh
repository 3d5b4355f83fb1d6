#!/bin/sh
# streams_save_ui: keeping evidence from the UI. m marks packets and w
# saves exactly those (tshark reads the file: the same frames); with no
# marks, w in the connections view saves the selected connection's
# packets; e exports the hosts table as CSV and as JSON; an existing file
# is never overwritten.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
IN="$DATA/mixed.pcap"
epochs() { tshark -r "$1" -T fields -e frame.time_epoch ${2:+-Y "$2"} 2>/dev/null; }

tui_start 120 40 "$PKTOP" -n -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
# mark packets 1 and 2 (m moves on), skip 3, mark 4
tui_keys 4
tui_wait 'No\.' || exit 1
tui_keys m
tui_wait 'marked packet 1 ' || exit 1
tui_keys m Down m
tui_wait 'marked packet 4 \(3 marked' || exit 1
tui_screen | grep -q '^ *\*2 ' || fail "packet 2 shows no mark"
tui_keys w C-u
tui_keys -l "$TUI_TMP/marked.pcap"
tui_keys Enter
tui_wait 'saved 3 packets marked to' || exit 1
epochs "$IN" 'frame.number == 1 || frame.number == 2 || frame.number == 4' >"$TUI_TMP/want"
epochs "$TUI_TMP/marked.pcap" | cmp -s - "$TUI_TMP/want" ||
	fail "the saved file does not hold frames 1, 2 and 4"
# the same name again: refused, the line stays open to fix it
tui_keys w C-u
tui_keys -l "$TUI_TMP/marked.pcap"
tui_keys Enter
tui_wait 'the file exists' || fail "an existing file was not refused"
tui_keys Escape
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# no marks: the selected connection's packets
tui_start 120 40 "$PKTOP" -n -N -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 2 g
tui_wait 'Endpoint A' || exit 1
tui_keys w C-u
tui_keys -l "$TUI_TMP/conn.pcap"
tui_keys Enter
tui_wait 'saved [0-9]+ packets of the connection' || exit 1
streams=$(tshark -r "$TUI_TMP/conn.pcap" -T fields -e tcp.stream 2>/dev/null | sort -u)
[ "$streams" = 0 ] || fail "not one TCP connection saved: $streams"
# shellcheck disable=SC2046 # four fields, split on purpose
set -- $(tshark -r "$TUI_TMP/conn.pcap" -c 1 -T fields -e ip.src -e tcp.srcport \
	-e ip.dst -e tcp.dstport 2>/dev/null)
epochs "$IN" "ip.addr == $1 && tcp.port == $2 && ip.addr == $3 && tcp.port == $4" \
	>"$TUI_TMP/want"
[ -s "$TUI_TMP/want" ] || fail "no frames of $* in the capture"
epochs "$TUI_TMP/conn.pcap" | cmp -s - "$TUI_TMP/want" ||
	fail "the saved connection is not the whole of $*"

# e: the hosts table as CSV, then as JSON
tui_keys 1 e C-u
tui_keys -l "$TUI_TMP/hosts.csv"
tui_keys Enter
tui_wait 'exported the table to' || exit 1
head -1 "$TUI_TMP/hosts.csv" | grep -q '^addr,tx_packets,tx_bytes,rx_packets,rx_bytes' ||
	fail "CSV header: $(head -1 "$TUI_TMP/hosts.csv")"
[ "$(wc -l <"$TUI_TMP/hosts.csv")" -eq 5 ] || fail "CSV rows: $(cat "$TUI_TMP/hosts.csv")"
grep -q '^10\.77\.0\.1,' "$TUI_TMP/hosts.csv" || fail "CSV misses 10.77.0.1"
tui_keys e C-u
tui_keys -l "$TUI_TMP/hosts.json"
tui_keys Enter
tui_wait 'exported the table to .*json' || exit 1
python3 - "$TUI_TMP/hosts.json" "$PKTOP" "$IN" <<'PY' || fail "JSON export differs from --batch"
import json, subprocess, sys
got = json.load(open(sys.argv[1]))["hosts"]
batch = json.loads(subprocess.run([sys.argv[2], "--batch", "--format", "json",
                                   "-r", sys.argv[3]], capture_output=True).stdout)
key = lambda h: h["addr"]
assert sorted(got, key=key) == sorted(batch["hosts"], key=key), (got, batch["hosts"])
PY
tui_quit || exit 1
echo PASS
