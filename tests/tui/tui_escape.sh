#!/bin/sh
# tui_escape: a capture whose HTTP Host, URL, User-Agent and DNS query
# name hold escape sequences is shown in every view and in the
# drill-down of each packet; none of those sequences reaches the
# terminal (the raw output is recorded with tmux pipe-pane).
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
python3 "$top_srcdir/tests/lib/tui_mkescape.py" "$TUI_TMP/evil.pcap" || fail "cannot write the capture"

tui_start 120 40 "$PKTOP" -n -r "$TUI_TMP/evil.pcap" || fail "cannot start tmux"
tui_wait '^Host' || exit 1
for v in 1 2 3 4; do
	tui_keys $v
	sleep 0.3
done
tui_wait 'Destination' || exit 1
# Open every packet, scroll through its whole tree.
for p in 1 2 3 4 5 6; do
	tui_keys Enter
	tui_wait "Packet $p " || exit 1
	tui_keys End
	sleep 0.2
	tui_keys Escape Down
	sleep 0.2
done
# The names are drawn, as visible escapes (needs the app identification).
tui_keys 2
tui_wait 'evil\\x1b\]0;PWNE' || exit 1
tui_quit || exit 1
sleep 0.3

python3 - "$TUI_TMP/raw.out" <<'PY' || fail "an escape sequence from the capture reached the terminal"
import sys
raw = open(sys.argv[1], "rb").read()
assert len(raw) > 1000, "no terminal output recorded (%d bytes)" % len(raw)
bad = [b"\x1b]0;PWNED", b"PWNED-TITLE\x07", b"\x1b[5;7mBLINKY", b"\x9b31mCSIONE",
       b"\xc2\x9b"]
found = [b for b in bad if b in raw]
# pktop itself never sets the title.
if b"\x1b]" in raw:
    found.append(b"OSC")
if found:
    print("found:", found)
    sys.exit(1)
PY
echo "PASS"
