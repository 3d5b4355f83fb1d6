#!/bin/sh
# tui_follow_hostile: a stream whose bytes hold escape sequences (a title
# change, clear screen, colours, an 8-bit CSI), bidi overrides, NULs and
# invalid UTF-8 is shown in every Follow mode (ASCII, hex, C-escaped,
# each direction) as dots or visible escapes; none of those bytes reaches
# the terminal (its output is recorded with tmux pipe-pane), and the
# pane's title stays as it was.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
python3 "$top_srcdir/tests/cli/follow_crafted.py" "$TUI_TMP" ||
	fail "cannot write the captures"

tui_start 80 24 "$PKTOP" -n -r "$TUI_TMP/hostile.pcap" || fail "cannot start tmux"
tui_keys 2
tui_wait 'Endpoint A' || exit 1
tui_wait '10\.0\.0\.1' || exit 1
tui_keys F
tui_wait 'Follow TCP 10\.0\.0\.1:40000 > 10\.0\.0\.2:80' || exit 1
# ASCII: every byte that is not printable ASCII is a dot
tui_wait '^\.\]0;pwned\.\.\[2J\.\[31mred$' || exit 1
tui_wait '^\.\.\.evil\.\.\. \.\. \.\.\. \.1m$' || exit 1
tui_keys Tab
tui_wait 'mode: hex' || exit 1
tui_wait '^00000000  1b 5d 30 3b 70 77 6e 65  64 07 1b 5b 32 4a 1b 5b  \.\]0;pwne d\.\.\[2J\.\[$' || exit 1
tui_keys Tab
tui_wait 'mode: raw' || exit 1
# C escapes: controls as \xNN, the bidi override by its code point, bad
# bytes as \xNN, the line break by name
tui_wait '^\\x1b\]0;pwned\\x07\\x1b\[2J\\x1b\[31mred\\r\\n$' || exit 1
tui_wait '^\\u\{202e\}evil\\u\{202c\} \\x00\\x00 \\xff\\xfe\\xc3 \\x9b1m\\n$' || exit 1
tui_keys Tab
tui_wait 'mode: node 0 only' || exit 1
tui_wait '^\.\]0;pwned' || exit 1
tui_keys Tab
tui_wait 'mode: node 1 only' || exit 1
tui_wait '^< node 1 10\.0\.0\.2:80, byte 0' || exit 1
tui_wait '^\.\]0;pwned' || exit 1
tui_keys Escape
tui_wait 'Endpoint A' || exit 1
title=$(tmux_ display-message -p -t 0 '#{pane_title}')
tui_quit || exit 1
sleep 0.3
case $title in *pwned*) fail "the stream set the terminal's title" ;; esac

python3 - "$TUI_TMP/raw.out" <<'PY' || fail "a byte of the stream reached the terminal as itself"
import sys
raw = open(sys.argv[1], "rb").read()
assert len(raw) > 1000, "no terminal output recorded (%d bytes)" % len(raw)
bad = [b"\x1b]0;pwned", b"pwned\x07", b"\x1b[2J\x1b[31mred", b"\xe2\x80\xae",
       b"\xe2\x80\xac", b"\x00", b"\xff\xfe", b" \x9b1m"]
found = [b for b in bad if b in raw]
if found:
    print("found in the terminal output:", found)
    sys.exit(1)
PY
echo "PASS"
