#!/bin/sh
# tui_dfilter_big: a display filter over a large store does not hold the
# UI: the walk runs on a worker thread (inspect/walk.c) with its progress
# in the header, keys are answered while it runs (help, switching view
# and back with the walk still going), and Esc cancels it: the worker
# stops spending CPU. Run to its end, the list holds tshark's count; D
# walks the store again for the tables, with its progress too.
TUI_TIMEOUT=${TUI_TIMEOUT:-400}
. "$(dirname "$0")/../lib/tui_lib.sh"
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
: "${top_builddir:=$(pwd)}"
GEN="$top_builddir/tests/bench/gen_capture"
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }
PACKETS=${DFILTER_BIG_PACKETS:-100000}
CAP="$TUI_TMP/mix.pcap"
"$GEN" -m mix -n "$PACKETS" -o "$CAP" >/dev/null || fail "gen_capture"
# a deep field: every packet's tree is walked
DEEP='tls.handshake.extensions_server_name contains "a"'

now() { date +%s.%N; }
# CPU ticks (user + system) pktop has used so far
ticks() { awk '{ print $14 + $15 }' "/proc/$PID/stat"; }

tui_start 120 40 "$PKTOP" -n --ring-size 256 -r "$CAP" || fail "cannot start tmux"
tui_wait 'end of file' 600 || exit 1
PID=$(tmux_ display-message -p -t 0 '#{pane_pid}')
[ -r "/proc/$PID/stat" ] || fail "no pid for pktop"
tui_keys 4
tui_wait ' No\. ' || exit 1
# the same key with nothing running, for comparison
t0=$(now)
tui_keys '?'
tui_wait 'show this help' 100 || exit 1
t1=$(now)
echo "help answered in $(echo "$t1 - $t0" | bc) s when idle"
tui_keys Escape
tui_wait_gone 'show this help' || exit 1

# the walk shows its progress; Esc cancels it
tui_keys '\'
tui_keys -l "$DEEP"
tui_keys Enter
tui_wait 'filtering [0-9]+%' 100 || exit 1
tui_keys Escape
tui_wait 'display filter cancelled' 100 || exit 1
tui_screen | grep -q 'dfilter:' && fail "the filter stays after Esc"
# Esc stopped the worker: pktop's CPU a second now, against the walk's
# below
sleep 0.3
c2=$(ticks)
sleep 1
c3=$(ticks)
idle=$((c3 - c2))

# again: a key is answered while it walks
tui_keys '\'
tui_keys C-u
tui_keys -l "$DEEP"
tui_keys Enter
tui_wait 'filtering [0-9]+%' 100 || exit 1
c0=$(ticks)
t0=$(now)
tui_keys '?'
tui_wait 'show this help' 100 || exit 1
t1=$(now)
echo "help answered in $(echo "$t1 - $t0" | bc) s while filtering"
# answered before the walk's end: a UI thread held by the whole walk
# would draw the help only once the progress has gone
tui_screen | grep -Eq 'filtering [0-9]+%' ||
	fail "the help came only after the walk ended"
c1=$(ticks)
t1=$(now)
# CPU ticks a second (100 a second is one core)
busy=$(echo "($c1 - $c0) / ($t1 - $t0)" | bc)
echo "CPU ticks a second: $busy walking, $idle after Esc"
# checked when the walk got enough of a loaded machine
if [ "$busy" -ge 20 ] && [ $((idle * 3)) -ge "$busy" ]; then
	fail "the walk went on after Esc ($idle ticks a second)"
fi
tui_keys Escape
tui_wait_gone 'show this help' || exit 1
# another view and back while it walks: answered, and the walk goes on
t0=$(now)
tui_keys 2
tui_wait 'Endpoint A' 100 || exit 1
t1=$(now)
echo "Connections shown in $(echo "$t1 - $t0" | bc) s while filtering"
tui_keys 4
tui_wait 'Destination' 100 || exit 1
tui_screen | grep -Eq 'filtering [0-9]+%|dfilter:' ||
	fail "the filter went away with the view switch"
tui_wait_gone 'filtering' 1200 || exit 1
t2=$(now)
echo "walk of $PACKETS packets done $(echo "$t2 - $t0" | bc) s after the key"
cnt=$(tshark -n -r "$CAP" -Y "$DEEP" -T fields -e frame.number 2>/dev/null | grep -c .)
tui_wait " 1/$cnt( |$)" 100 || fail "the list's count is not tshark's $cnt"

# D: the tables' walk, its progress, then the hosts of the matches only
tui_keys D 1
tui_wait 'tables too' || exit 1
tui_wait_gone 'filtering' 1200 || exit 1
tui_wait 'hosts/conns' || exit 1
tui_quit || exit 1
echo "PASS"
