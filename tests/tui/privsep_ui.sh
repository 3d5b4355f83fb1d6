#!/bin/sh
# privsep_ui: a root login (no SUDO_USER) in a root-only directory: pktop
# parses as nobody, yet w (save packets), e (export a table), Follow's w
# (the stream's bytes) and W (the
# settings file, its directory made on first use) all succeed through
# the privileged helper, and every file belongs to root; a dot file typed
# in the save dialog is refused.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
IN="$DATA/mixed.pcap"
d="$TUI_TMP/root-only"
mkdir -m 0700 "$d" "$d/home" "$d/saves"
RC="$d/home/.config/pktop/pktoprc"

tui_start 120 40 env -u SUDO_USER -u XDG_CONFIG_HOME HOME="$d/home" \
	"$PKTOP" -n -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
pid=$(tmux_ display-message -p -t 0 '#{pane_pid}')
grep -q "^Uid:[[:space:]]*$(id -u nobody)[[:space:]]" "/proc/$pid/status" ||
	fail "the UI does not run as nobody: $(grep ^Uid "/proc/$pid/status")"
# w with no marks in the packets view: the whole list
tui_keys 4
tui_wait 'No\.' || exit 1
tui_keys w C-u
tui_keys -l "$d/saves/all.pcap"
tui_keys Enter
tui_wait 'saved [0-9]+ packets' || fail "w in a root-only directory"
[ "$(tshark -r "$d/saves/all.pcap" 2>/dev/null | wc -l)" -eq 670 ] ||
	fail "w saved $(tshark -r "$d/saves/all.pcap" 2>/dev/null | wc -l) of 670 frames"
# a dot file is not made from the dialog
tui_keys w C-u
tui_keys -l "$d/saves/.profile"
tui_keys Enter
tui_wait 'saves/\.profile +cannot write' || fail "a dot file was not refused"
tui_keys Escape
[ ! -e "$d/saves/.profile" ] || fail "the dot file was made"
# e: the hosts table
tui_keys 1 e C-u
tui_keys -l "$d/saves/hosts.csv"
tui_keys Enter
tui_wait 'exported the table to' || fail "e in a root-only directory"
[ "$(wc -l <"$d/saves/hosts.csv")" -eq 5 ] || fail "e: $(cat "$d/saves/hosts.csv")"
# Follow's w: the stream's raw bytes, through the helper too
tui_keys 2
tui_wait 'Endpoint A' || exit 1
tui_keys F
tui_wait '^Follow (TCP|UDP) ' || fail "Follow did not open"
tui_keys w
tui_wait 'save \(' || exit 1
tui_keys C-u
tui_keys -l "$d/saves/stream.bin"
tui_keys Enter
tui_wait 'saved [0-9]+ bytes of both directions' ||
	fail "Follow's raw save in a root-only directory"
[ -s "$d/saves/stream.bin" ] || fail "Follow's raw save is empty"
tui_keys Escape
tui_wait_gone '^Follow (TCP|UDP) ' || exit 1
# W: the settings file, in a directory that does not exist yet
tui_keys 3 W
tui_wait "settings written to $RC" || fail "W in a root-only home"
grep -qx 'view = protocols' "$RC" || fail "W wrote: $(cat "$RC")"
tui_quit || exit 1
bad=$(find "$d" ! -user root)
[ -z "$bad" ] || fail "not root's: $bad"
echo PASS
