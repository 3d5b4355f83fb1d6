#!/bin/sh
# ssh_clipboard: y in the drill-down writes one OSC 52 sequence whose
# base64 is the selected field's value (tshark's value for that field),
# Y the packet's bytes as hex, y on a table row its cells; pktop writes no
# other OSC; --no-osc52 writes none. Inside tmux the status line says
# "copied" only when tmux's set-clipboard is on (tmux takes no OSC 52 from
# an application otherwise): with off or external it says the copy was
# dropped and how to let it through, asking tmux again at y.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

# clip_start SETTING ARGS...: pktop at 120x40 in a tmux whose
# set-clipboard is SETTING before pktop asks (set from inside the pane)
clip_start() {
	setting=$1
	shift
	: >"$TUI_TMP/raw.out"
	tmux_session 120 40 "$TUI_TMP/raw.out" \
		"tmux set -g set-clipboard $setting; exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $*"
}

osc() { # what the OSC 52 sequences in the raw output decode to, one a line
	python3 - "$TUI_TMP/raw.out" <<'PY'
import base64, re, sys
raw = open(sys.argv[1], "rb").read()
found = re.findall(rb"\x1b\]52;c;([A-Za-z0-9+/=]*)\x07", raw)
others = len(re.findall(rb"\x1b\]", raw)) - len(found)
for f in found:
    print(base64.b64decode(f).decode("utf-8", "replace"))
print("others=%d" % others)
PY
}

clip_start on "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4 Enter
tui_wait 'Ethernet II' || exit 1
# the third line of the tree is the source address
tui_keys Down Down
tui_wait '\| eth\.src ' || exit 1
tui_keys y
tui_wait 'copied eth\.src' || exit 1
tui_screen | grep -q 'set-clipboard' &&
	fail "set-clipboard on: y still says tmux may drop the copy"
want=$(tshark -r "$DATA/mixed.pcap" -c 1 -T fields -e eth.src 2>/dev/null)
[ -n "$want" ] || want=de:a6:26:0c:e7:15
sleep 0.3
got=$(osc)
[ "$got" = "$want
others=0" ] || fail "y in the drill-down sent '$got', want '$want'"

# Y: the whole first packet as hex
tui_keys Y
tui_wait 'copied the packet as hex' || exit 1
sleep 0.3
hex=$(python3 - "$DATA/mixed.pcap" <<'PY'
import struct, sys
d = open(sys.argv[1], "rb").read()
incl = struct.unpack("<I", d[24 + 8:24 + 12])[0]
print(d[24 + 16:24 + 16 + incl].hex())
PY
)
osc | grep -qx "$hex" || fail "Y did not copy the packet's bytes"

# y on a host row: tab-separated cells, the address first
tui_keys Escape 1 Home y
tui_wait 'copied the row' || exit 1
sleep 0.3
osc | grep -q "$(printf '^10\\.77\\.0\\.1\t')" || fail "y on a host row: $(osc)"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# set-clipboard off: tmux drops the sequence pktop still writes. Run as
# root, pktop asked tmux before it became nobody, whom tmux's server does
# not answer: the answer is the one from the start.
clip_start off "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys y
if [ "$(id -u)" = 0 ]; then
	tui_wait 'tmux may have dropped the row: its set-clipboard was off when pktop started \(tmux set -g set-clipboard on' ||
		exit 1
else
	tui_wait 'not copied: tmux dropped the row \(its set-clipboard is off; tmux set -g set-clipboard on' ||
		exit 1
fi
tui_screen | grep -q 'copied the row' && fail "set-clipboard off: y says copied"
sleep 0.3
osc | grep -q "$(printf '^10\\.77\\.0\\.1\t')" || fail "set-clipboard off: y sent $(osc)"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# external (tmux's default) lets tmux's own copies out, not pktop's; -Z
# root keeps the user tmux answers, so y asks again: after set-clipboard
# on, the next y says copied
clip_start external "$PKTOP" -n -Z root -r "$DATA/mixed.pcap" ||
	fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys y
tui_wait 'not copied: tmux dropped the row \(its set-clipboard is external; tmux set -g set-clipboard on' ||
	exit 1
tmux_ set-option -g set-clipboard on
tui_keys y
tui_wait 'copied the row \([0-9]+ bytes\)' || exit 1
tui_screen | grep -q 'set-clipboard' &&
	fail "after set-clipboard on, y still says tmux drops the copy"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# --no-osc52: nothing written, the status line says why
: >"$TUI_TMP/raw.out"
tui_start 120 40 "$PKTOP" -n --no-osc52 -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys y
tui_wait 'copying is off' || exit 1
[ "$(osc)" = "others=0" ] || fail "--no-osc52 still wrote: $(osc)"
tui_quit || exit 1
echo PASS
