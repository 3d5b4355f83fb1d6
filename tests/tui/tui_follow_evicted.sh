#!/bin/sh
# tui_follow_evicted: a 3 MB upload read with --ring-size 1: the store
# keeps only the last packets, and Follow says so ("stream begins ... in:
# the first N packets are no longer stored") before the bytes it still
# has, which are the stream's last ones, in order, up to the reply.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
python3 "$top_srcdir/tests/cli/follow_crafted.py" "$TUI_TMP" ||
	fail "cannot write the captures"

tui_start 120 40 "$PKTOP" -n --ring-size 1 -r "$TUI_TMP/long.pcap" ||
	fail "cannot start tmux"
tui_keys 2
tui_wait 'Endpoint A' || exit 1
tui_wait 'end of file' || exit 1
tui_wait '10\.0\.0\.1' || exit 1
tui_keys F
tui_wait 'Follow TCP' || exit 1
tui_wait '^stream begins [0-9.]+ ?[KM]i?B in: the first [0-9]+ packets are no longer stored' || exit 1
n=$(tui_screen | sed -n 's/.*the first \([0-9]*\) packets.*/\1/p')
[ "$n" -gt 1000 ] && [ "$n" -lt 3003 ] || fail "evicted count $n"
# the first bytes shown are a segment's start, well into the stream
first=$(tui_screen | grep -E '^[0-9]{7}\.' | head -1 | cut -c1-7)
[ -n "$first" ] && [ "$first" -gt 0 ] || fail "no segment shown after the note"
tui_keys G
tui_wait '^got it$' || exit 1
tui_screen | grep -q '0002999\.' || fail "the last segment is not before the reply"
tui_keys Escape
tui_wait 'Endpoint A' || exit 1
tui_quit || exit 1
echo "PASS"
