#!/bin/sh
# tui_detail: Enter on a packet shows its field tree with the right
# addresses and the hex of its bytes; moving to a field names its byte
# range (the highlighted bytes); Esc goes back. Enter on a connection
# lists only its packets.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

# What tshark calls the first packet's addresses, per pktop's batch view
# of the same file is not per packet: read them from pktop -V instead
# when it works, else from the first row of the list.
tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_keys 4
tui_wait 'Destination' || exit 1
# the titles come before the file's first packet: wait for its row
tui_wait '^ +1 +[0-9]' || exit 1
row=$(tui_row 'Destination' 1)
SRC=$(echo "$row" | awk '{print $3}')
DST=$(echo "$row" | awk '{print $4}')
[ -n "$SRC" ] && [ -n "$DST" ] || fail "no addresses in the first row"

tui_keys Enter
tui_wait 'Packet 1 ' || exit 1
tui_wait "Source Address: $SRC" || exit 1
tui_wait "Destination Address: $DST" || exit 1
tui_wait '^0000  ' || exit 1
# The first hex line holds the frame's first bytes, and the ASCII column.
tui_screen | grep -Eq '^0000  ([0-9a-f]{2} ){8} ([0-9a-f]{2} ){7}[0-9a-f]{2}  ' ||
	fail "hex line malformed"

# Select ip.src: the info line names it and its bytes (26-29 on
# Ethernet), which are the bytes highlighted in the hex pane.
tui_seek Down '\| ip\.src '
tui_wait '\| ip\.src +bytes 26-29 \(4\)' || exit 1
# The highlight: those four bytes carry the reverse/colour attribute.
tmux_ capture-pane -e -p -t 0 >"$TUI_TMP/hexline"
python3 - "$TUI_TMP/hexline" "$SRC" <<'PY' || fail "highlight is not on the source address bytes"
import re, sys
sgr = re.compile(r"\x1b\[[0-9;]*m")
line = [l for l in open(sys.argv[1], encoding="utf-8", errors="replace")
        if sgr.sub("", l).startswith("0010  ")][0]
want = " ".join("%02x" % int(x) for x in sys.argv[2].split("."))
# The four bytes form one run that starts right after an attribute
# change (capture-pane -e writes them as ESC[...m) and ends at another.
sys.exit(0 if re.search(r"\x1b\[[0-9;]*m" + want + r"\x1b\[", line) else 1)
PY

# Collapse and expand with the arrows: Left twice closes IPv4.
tui_keys Left
tui_wait '▸ Internet Protocol Version 4' || exit 1
tui_screen | grep -q 'Source Address:' && fail "Left did not collapse"
tui_keys Right
tui_wait "Source Address: $SRC" || exit 1

# Esc: back to the list.
tui_keys Escape
tui_wait 'Destination' || exit 1

# Enter on the top connection: only its packets, then Esc returns.
tui_keys 2
tui_wait 'Endpoint A' || exit 1
tui_keys Enter
tui_wait 'conn ' || exit 1
tui_wait 'Destination' || exit 1
tui_screen | awk '/Destination/{f=1;next} f' | grep -E '^ +[0-9]+ ' |
	awk '{print $3" "$4}' | sort -u >"$TUI_TMP/pairs"
[ "$(wc -l <"$TUI_TMP/pairs")" -le 2 ] || fail "more than one connection's packets: $(cat "$TUI_TMP/pairs")"
tui_keys Escape
tui_wait 'Endpoint A' || exit 1
tui_quit || exit 1
echo "PASS"
