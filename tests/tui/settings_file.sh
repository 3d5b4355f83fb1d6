#!/bin/sh
# settings_file: the settings file read at start and written by W. Its
# keys become the defaults (filter, view, units, sort) and the command
# line wins; a bad line is named by file and line and its key keeps the
# default while pktop still runs; --config FILE must exist; --theme is
# checked; W writes what is on screen (any of the five views) and the
# next start begins there.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
IN="$DATA/mixed.pcap"
XDG_CONFIG_HOME="$TUI_TMP/xdg"
export XDG_CONFIG_HOME
RC="$XDG_CONFIG_HOME/pktop/pktoprc"
mkdir -p "$XDG_CONFIG_HOME/pktop"
# W runs as the user pktop became (nobody, when the tests run as root)
chmod -R 0777 "$XDG_CONFIG_HOME"
count() { tshark -r "$IN" ${1:+-Y "$1"} 2>/dev/null | wc -l; }
packets() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$1"; }

cat >"$RC" <<'RCEOF'
# a comment, then a blank line

filter = "udp"
interface = eth-not-used-with-r
view = connections
sort = packets
units = bytes
bogus = 1
delay = -3
no equals sign here
theme = rainbow
RCEOF

# batch: the file's filter, and the bad lines named one by one
"$PKTOP" --batch --format json -n -r "$IN" >"$TUI_TMP/out.json" 2>"$TUI_TMP/err" ||
	fail "status $? with a settings file: $(cat "$TUI_TMP/err")"
[ "$(packets "$TUI_TMP/out.json")" = "$(count udp)" ] ||
	fail "the file's filter 'udp' was not applied: $(packets "$TUI_TMP/out.json") packets, tshark says $(count udp)"
for want in "$RC:8: unknown key" "$RC:9: expected seconds" "$RC:10: expected 'key = value'" \
	"$RC:11: expected default, monochrome or high-contrast"; do
	grep -qF "pktop: $want" "$TUI_TMP/err" || fail "no warning '$want' in: $(cat "$TUI_TMP/err")"
done
[ "$(wc -l <"$TUI_TMP/err")" -eq 4 ] || fail "not one line per bad line: $(cat "$TUI_TMP/err")"
grep -q "(the default stays)" "$TUI_TMP/err" || fail "the warning does not say the default stays"
# the command line wins
"$PKTOP" --batch --format json -n -r "$IN" -f tcp >"$TUI_TMP/tcp.json" 2>/dev/null ||
	fail "-f over the file's filter failed"
[ "$(packets "$TUI_TMP/tcp.json")" = "$(count tcp)" ] || fail "-f tcp did not win over the file"
# --config names another file, which must exist
printf 'filter = icmp\n' >"$TUI_TMP/other.rc"
"$PKTOP" --config "$TUI_TMP/other.rc" --batch --format json -n -r "$IN" >"$TUI_TMP/icmp.json" ||
	fail "--config FILE failed"
[ "$(packets "$TUI_TMP/icmp.json")" = "$(count icmp)" ] || fail "--config's filter not applied"
"$PKTOP" --config "$TUI_TMP/missing.rc" --batch -r "$IN" >/dev/null 2>"$TUI_TMP/err"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$TUI_TMP/err")" -eq 1 ] &&
	grep -q "cannot read the settings file '.*missing.rc'" "$TUI_TMP/err" ||
	fail "--config with a missing file: status $rc, $(cat "$TUI_TMP/err")"
"$PKTOP" --theme rainbow --batch -r "$IN" >/dev/null 2>"$TUI_TMP/err"
[ $? = 2 ] && grep -q "invalid value 'rainbow' for --theme" "$TUI_TMP/err" ||
	fail "--theme rainbow: $(cat "$TUI_TMP/err")"

# the UI starts where the file says: the connections view, bytes, udp
cat >"$RC" <<'RCEOF'
filter = udp
view = connections
units = bytes
RCEOF
tui_start 120 40 "$PKTOP" -n -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_wait 'Endpoint A' || fail "not in the connections view"
tui_screen | grep -q 'filter: udp' || fail "the header does not show the file's filter"
tui_screen | grep -Eq '[0-9.]+ ?[KMG]?B/s' || fail "rates are not in bytes"
# change what is on screen, then W
tui_keys 3 b
tui_wait 'Layer' || exit 1
tui_keys W
tui_wait "settings written to $RC" || exit 1
grep -qx 'view = protocols' "$RC" || fail "W did not write the view: $(cat "$RC")"
grep -qx 'units = bits' "$RC" || fail "W did not write the units: $(cat "$RC")"
grep -qx 'filter = udp' "$RC" || fail "W did not keep the filter: $(cat "$RC")"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1
# the next start begins in the protocols view
tui_start 120 40 "$PKTOP" -n -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_wait 'Layer' || fail "the written view was not where the next start began"
tui_screen | grep -Eq '[0-9.]+ ?[KMG]?b/s' || fail "the written units were not used"
# the Processes view is written and read back too
tui_keys 5
tui_wait 'PID +Command' || exit 1
tui_keys W
tui_wait "settings written to $RC" || exit 1
grep -qx 'view = processes' "$RC" || fail "W did not write the processes view: $(cat "$RC")"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1
tui_start 120 40 "$PKTOP" -n -r "$IN" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_wait 'PID +Command' || fail "the processes view written was not where the next start began"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# --theme high-contrast and monochrome start and draw
for t in high-contrast monochrome; do
	tui_start 120 40 "$PKTOP" --theme "$t" -n -r "$IN" || fail "cannot start tmux"
	tui_wait 'end of file' || fail "--theme $t"
	tui_quit || exit 1
	tmux_ kill-server >/dev/null 2>&1
done
echo PASS
