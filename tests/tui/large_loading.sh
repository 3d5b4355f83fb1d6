#!/bin/sh
# large_loading: a capture of 2M packets made by the bench generator is
# opened in the UI. While it loads the header shows a bar whose percentage
# advances, and keys work (the view switches while "loading" is still on
# screen); at the end the hosts and protocols tables, exported from the
# UI, equal --batch's. Esc while loading stops the reading and keeps what
# was read; the first Ctrl-C does the same and a second one quits.
TUI_TIMEOUT=300
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
: "${top_builddir:=$(pwd)}"
GEN="$top_builddir/tests/bench/gen_capture"
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }
BIG="$TUI_TMP/big.pcap"
"$GEN" -m connflood -n 2000000 -o "$BIG" >/dev/null 2>&1 || fail "gen_capture failed"

# The percentage on the loading line, or nothing.
percent() { tui_screen | sed -n 's/^ *loading .*] *\([0-9]*\)%.*/\1/p' | head -1; }
pane_pid() { tmux_ display-message -p -t 0 '#{pane_pid}'; }

tui_start 120 40 "$PKTOP" -n -N -r "$BIG" || fail "cannot start tmux"
tui_wait 'loading \[[#.]+\] +[0-9]+%  [0-9.kM]+ packets  [0-9.kM]+ p/s' || exit 1
first=$(percent)
[ -n "$first" ] && [ "$first" -lt 100 ] || fail "no percentage below 100 while loading"
# Freeze pktop so the keys below land while it is surely still loading.
pid=$(pane_pid)
kill -STOP "$pid"
tui_keys 2
kill -CONT "$pid"
tui_wait 'Endpoint A' || fail "the view did not switch while loading"
tui_screen | grep -q '^ *loading' || fail "loading ended before the view switched"
# the bar advances: a higher percentage than the first one, still loading
n=0 later=
while [ "$n" -lt 600 ]; do
	p=$(percent)
	if [ -n "$p" ] && [ "$p" -gt "$first" ]; then later=$p; break; fi
	tui_screen | grep -q 'end of file' && break
	sleep 0.05
	n=$((n + 1))
done
[ -n "$later" ] || fail "the percentage never rose above $first while loading"
tui_keys 3
tui_wait 'Layer' || exit 1
tui_wait 'end of file' 1800 || exit 1
tui_screen | grep -q '^ *loading' && fail "the loading line stayed after the end"

# the tables equal --batch's
"$PKTOP" --batch --format json -n -r "$BIG" >"$TUI_TMP/batch.json" ||
	fail "--batch failed"
tui_keys e C-u
tui_keys -l "$TUI_TMP/protocols.json"
tui_keys Enter
tui_wait 'exported the table to' || exit 1
tui_keys 1
tui_wait '^Host' || exit 1
tui_keys e C-u
tui_keys -l "$TUI_TMP/hosts.json"
tui_keys Enter
tui_wait 'exported the table to .*hosts.json' || exit 1
python3 - "$TUI_TMP" <<'PY' || fail "the UI's tables differ from --batch"
import json, sys
d = sys.argv[1]
batch = json.load(open(d + "/batch.json"))
assert batch["totals"]["packets"] == 2000000, batch["totals"]
hosts = json.load(open(d + "/hosts.json"))["hosts"]
key = lambda h: h["addr"]
assert len(hosts) == len(batch["hosts"]) > 0
assert sorted(hosts, key=key) == sorted(batch["hosts"], key=key)
protos = json.load(open(d + "/protocols.json"))["protocols"]
assert protos == batch["protocols"], (protos, batch["protocols"])
PY
# G in the packet list: the last packet at the first press, past the
# 262 144 rows the list grows by per look
tui_keys 4
tui_wait 'Destination' || exit 1
tui_keys G
tui_wait '^ *2000000 ' 100 || fail "G did not reach packet 2000000"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# Esc while loading: the reading stops, what was read stays
tui_start 120 40 "$PKTOP" -n -N -r "$BIG" || fail "cannot start tmux"
tui_wait '^ *loading' || exit 1
tui_keys Escape
tui_wait 'stopped reading: the file was read only up to packet [0-9]+' || exit 1
n=$(tui_screen | sed -n 's/.*read only up to packet \([0-9]*\).*/\1/p')
[ "$n" -gt 0 ] && [ "$n" -lt 2000000 ] || fail "stopped at packet '$n'"
tui_screen | grep -q "read up to packet $n (stopped)" || fail "the header does not say where it stopped"
tui_screen | grep -q "packets $n " || tui_screen | grep -Eq 'packets [0-9.]+k ' ||
	fail "the header's count is not what was read"
sleep 0.5
tui_alive || fail "pktop quit on Esc"
tui_screen | grep -q "read up to packet $n (stopped)" || fail "reading went on after the stop"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# Ctrl-C: the first stops the reading, the second quits
tui_start 120 40 "$PKTOP" -n -N -r "$BIG" || fail "cannot start tmux"
tui_wait '^ *loading' || exit 1
tui_keys C-c
tui_wait 'read only up to packet' || exit 1
tui_alive || fail "the first Ctrl-C quit"
tui_keys C-c
n=0
while tui_alive && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
tui_alive && fail "the second Ctrl-C did not quit"
echo PASS
