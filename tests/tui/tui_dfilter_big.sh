#!/bin/sh
# tui_dfilter_big: a display filter over a large store does not hold the
# UI: the walk runs in bounded steps (30 ms) with its progress in the
# header, a key is answered while it runs, and Esc cancels it. Run to its
# end, the list holds tshark's count; D walks the store again for the
# tables, with its progress too.
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

tui_start 120 40 "$PKTOP" -n --ring-size 256 -r "$CAP" || fail "cannot start tmux"
tui_wait 'end of file' 600 || exit 1
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

# again: a key is answered while it walks
tui_keys '\'
tui_keys C-u
tui_keys -l "$DEEP"
tui_keys Enter
tui_wait 'filtering [0-9]+%' 100 || exit 1
t0=$(now)
tui_keys '?'
tui_wait 'show this help' 100 || exit 1
t1=$(now)
echo "help answered in $(echo "$t1 - $t0" | bc) s while filtering"
# answered before the walk's end: a UI thread held by the whole walk
# would draw the help only once the progress has gone
tui_screen | grep -Eq 'filtering [0-9]+%' ||
	fail "the help came only after the walk ended"
tui_keys Escape
tui_wait_gone 'show this help' || exit 1
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
