#!/bin/sh
# tui_bidi: a one-packet HTTP capture whose Host turns the text around
# (abc U+202E gpj.exe) and whose User-Agent hides a zero-width space and a
# right-to-left isolate: every view (hosts, connections, protocols,
# packets, the drill-down) and -V show them as escapes, and none of their
# bytes reaches the terminal (the raw output is recorded with pipe-pane).
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
python3 "$top_srcdir/tests/lib/tui_mkbidi.py" "$TUI_TMP/bidi.pcap" ||
	fail "cannot write the capture"

# -V first: the tree's text holds the escapes, not the characters.
"$PKTOP" -V -r "$TUI_TMP/bidi.pcap" >"$TUI_TMP/v.out" 2>&1 ||
	fail "pktop -V failed: $(cat "$TUI_TMP/v.out")"
grep -qF 'Host: abc\u{202e}gpj.exe' "$TUI_TMP/v.out" ||
	fail "-V does not show the override escaped: $(cat "$TUI_TMP/v.out")"
grep -qF 'User-Agent: zw\u{200b}sp\u{2067}iso' "$TUI_TMP/v.out" ||
	fail "-V does not show the zero-width space and isolate escaped"

tui_start 120 40 "$PKTOP" -n -r "$TUI_TMP/bidi.pcap" || fail "cannot start tmux"
tui_wait '^Host' || exit 1
sleep 0.3
# connections: the server's name (from the Host header)
tui_keys 2
tui_wait 'abc\\u\{202e\}gpj\.exe' || exit 1
tui_keys 3
sleep 0.3
# packets, then the drill-down of the one packet, scrolled to its end
tui_keys 4
tui_wait 'Destination' || exit 1
tui_keys Enter
tui_wait 'Packet 1 ' || exit 1
tui_seek Down 'Host: abc\\u\{202e\}gpj\.exe' 60
tui_seek Down 'zw\\u\{200b\}sp\\u\{2067\}iso' 60
tui_keys End
sleep 0.3
tui_quit || exit 1
sleep 0.3

python3 - "$TUI_TMP/raw.out" <<'PY' || fail "a bidi or zero-width character from the capture reached the terminal"
import sys
raw = open(sys.argv[1], "rb").read()
assert len(raw) > 1000, "no terminal output recorded (%d bytes)" % len(raw)
bad = {"U+202E": "\u202e", "U+200B": "\u200b", "U+2067": "\u2067"}
found = [k for k, v in bad.items() if v.encode() in raw]
if found:
    print("found:", found)
    sys.exit(1)
PY
echo "PASS"
