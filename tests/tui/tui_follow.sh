#!/bin/sh
# tui_follow: F on the HTTP connection (Connections view) opens Follow:
# the request and the response, each after its direction marker (> node
# 0, < node 1, with the byte offset) and in its colour; Tab cycles the
# modes (hex shows tshark's dump lines); / finds a string in the
# response and n goes on; w saves the stream's bytes (equal to tshark's
# follow raw bytes) and, with a .pcap name, the connection's packets;
# Esc goes back. At 80x24 and 120x40.
# two sizes and tshark: more than the default 90 s on a loaded machine
: "${TUI_TIMEOUT:=400}"
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine http.pcap

for size in "80 24" "120 40"; do
	# shellcheck disable=SC2086
	set -- $size
	tmux_ kill-server >/dev/null 2>&1
	rm -f "$TUI_TMP"/stream.bin "$TUI_TMP"/conn.pcap
	tui_start "$1" "$2" "$PKTOP" -n -r "$DATA/http.pcap" ||
		fail "cannot start tmux"
	tui_keys 2
	tui_wait 'Endpoint A' || exit 1
	tui_wait '10\.77\.0\.1:43502' || exit 1
	# the first connection of the file, tshark's stream 0
	tui_keys / 43502 Enter
	tui_wait_gone '10\.77\.0\.1:43514' || exit 1
	tui_keys F
	tui_wait 'Follow TCP 10\.77\.0\.1:43502 > 10\.77\.0\.2:80' || exit 1
	tui_wait '^> node 0 10\.77\.0\.1:43502, byte 0' || exit 1
	tui_wait '^GET / HTTP/1\.1$' || exit 1
	tui_wait '^< node 1 10\.77\.0\.2:80, byte 0' || exit 1
	tui_wait '^HTTP/1\.1 403 Forbidden$' || exit 1
	# the colours: node 0's text red (31), node 1's blue (34)
	tmux_ capture-pane -e -p -t 0 >"$TUI_TMP/colours"
	python3 - "$TUI_TMP/colours" <<'PY' || fail "node 0 / node 1 are not told apart by colour"
import re, sys
# the foreground in force where each line starts, following SGR changes
fg, at = None, {}
for line in open(sys.argv[1], encoding="utf-8", errors="replace"):
    start = fg
    for m in re.finditer(r"\x1b\[([0-9;]*)m", line):
        for c in (m.group(1) or "0").split(";"):
            if c in ("0", "39"):
                fg = None
            elif c.isdigit() and 30 <= int(c) <= 37:
                fg = int(c)
    text = re.sub(r"\x1b\[[0-9;]*m", "", line)
    m = re.match(r"\x1b\[[0-9;]*m", line)
    first = fg if line.startswith("\x1b") else start
    # the colour of the line's first character
    lead = start
    for m in re.finditer(r"\x1b\[([0-9;]*)m", line):
        if m.start() != 0 and not re.fullmatch(r"(\x1b\[[0-9;]*m)*", line[:m.start()]):
            break
        for c in (m.group(1) or "0").split(";"):
            if c in ("0", "39"):
                lead = None
            elif c.isdigit() and 30 <= int(c) <= 37:
                lead = int(c)
    at.setdefault(text.split(" ")[0] + text[:12], lead)
req = [v for k, v in at.items() if k.startswith("GET")]
resp = [v for k, v in at.items() if k.startswith("HTTP/1.1")]
sys.exit(0 if req and resp and req[0] == 31 and resp[0] == 34 else 1)
PY

	# find: the server's name in the body; the match is at the top
	tui_keys /
	tui_wait '^find:' || exit 1
	tui_keys 'nginx/1.22' Enter
	tui_wait 'found at line 9 of 21' || exit 1
	tui_screen | grep -q '^Server: nginx/1\.22\.1$' || fail "the match is not shown"
	tui_keys n
	tui_wait 'found at line 19 of 21' || exit 1
	tui_screen | grep -q '^<hr><center>nginx/1\.22\.1</center>$' ||
		fail "n did not show the next match"

	# modes: hex dump lines as tshark's
	tui_keys Tab
	tui_wait 'mode: hex' || exit 1
	tui_wait '^00000000  47 45 54 20 2f 20 48 54  54 50 2f 31 2e 31 0d 0a  GET / HT TP/1\.1\.\.' || exit 1
	tui_keys Tab
	tui_wait 'mode: raw' || exit 1
	tui_wait '^GET / HTTP/1\.1\\r\\n$' || exit 1
	tui_keys Tab
	tui_wait 'mode: node 0 only' || exit 1
	tui_screen | grep -q '403 Forbidden' && fail "node 0 only shows node 1"
	tui_keys Tab Tab
	tui_wait 'mode: ASCII' || exit 1

	# w: the bytes of both directions
	tui_keys w
	tui_wait 'save \(' || exit 1
	tui_keys C-u "$TUI_TMP/stream.bin" Enter
	tui_wait 'saved 384 bytes of both directions' || exit 1
	# and the packets as pcap
	tui_keys w
	tui_wait 'save \(' || exit 1
	tui_keys C-u "$TUI_TMP/conn.pcap" Enter
	tui_wait 'saved [0-9]+ packets of the connection' || exit 1

	tui_keys Escape
	tui_wait 'Endpoint A' || exit 1
	tui_screen | grep -q 'Follow TCP' && fail "Esc left Follow on screen"
	tui_quit || exit 1
done

# The saved bytes are tshark's: node 0's then node 1's here (one turn
# each), and the pcap holds the connection.
tshark -r "$DATA/http.pcap" -q -z follow,tcp,raw,0 2>/dev/null |
	sed -n '/^Node 1/,/^====/p' | grep -v '^Node\|^====' | tr -d '\t\n' \
	>"$TUI_TMP/want.hex" || true
if [ -s "$TUI_TMP/want.hex" ]; then
	od -An -v -tx1 "$TUI_TMP/stream.bin" | tr -d ' \n' >"$TUI_TMP/got.hex"
	cmp -s "$TUI_TMP/want.hex" "$TUI_TMP/got.hex" ||
		fail "saved bytes differ from tshark's follow"
	[ "$(tshark -r "$TUI_TMP/conn.pcap" 2>/dev/null | wc -l)" -eq \
	  "$(tshark -r "$DATA/http.pcap" -Y 'tcp.stream eq 0' 2>/dev/null | wc -l)" ] ||
		fail "the saved pcap does not hold the connection's packets"
fi
echo "PASS"
