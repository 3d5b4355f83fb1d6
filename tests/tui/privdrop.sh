#!/bin/sh
# privdrop: run as root, pktop gives root up once its capture is open:
# it runs as nobody by default, as SUDO_USER when set, as -Z USER when
# given; "-Z root" keeps root and says so; an unknown user is one error.
# After the drop a live filter change still works and the -w file
# belongs to the invoking user (made by the privileged helper). Capture on lo only: no traffic leaves the host.
. "$(dirname "$0")/../lib/tui_lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
id nobody >/dev/null 2>&1 || { echo "SKIP: no user nobody"; exit 77; }
NOBODY=$(id -u nobody)

# uid_of PID: the real, effective, saved and filesystem uids, one line
uid_of() { sed -n 's/^Uid:[[:space:]]*//p' "/proc/$1/status" | tr -s '\t ' ' '; }
# the pktop that `timeout` ($1) runs
child_of() {
	for st in /proc/[0-9]*/status; do
		if grep -qs "^PPid:[[:space:]]*$1\$" "$st"; then
			basename "$(dirname "$st")"
			return
		fi
	done
}
# run_live NAME WANT_UID ARGS...: pktop --batch on lo; its uids once it
# has started must all be WANT_UID
run_live() {
	name=$1 want=$2
	shift 2
	timeout 20 "$PKTOP" --batch --format json -i lo --interval 1 "$@" \
		>"$TUI_TMP/$name.json" 2>"$TUI_TMP/$name.err" &
	t=$!
	n=0 got=
	while [ "$n" -lt 50 ]; do
		sleep 0.2
		n=$((n + 1))
		p=$(child_of "$t")
		[ -n "$p" ] || continue
		# wait for the first report: the capture is open by then
		[ -s "$TUI_TMP/$name.json" ] || continue
		got=$(uid_of "$p")
		break
	done
	kill -INT "$p" 2>/dev/null
	wait "$t"
	[ "$got" = "$want $want $want $want" ] ||
		fail "$name: uids '$got', want $want ($(cat "$TUI_TMP/$name.err"))"
}

unset SUDO_USER
run_live default "$NOBODY"
if id daemon >/dev/null 2>&1; then
	SUDO_USER=daemon run_live sudo-user "$(id -u daemon)"
fi
SUDO_USER=root run_live sudo-root "$NOBODY"
run_live named "$(id -u daemon 2>/dev/null || echo "$NOBODY")" -Z "$(id -un daemon 2>/dev/null || echo nobody)"
run_live keep-root 0 -Z root
grep -q "warning: -Z root: packets are parsed with root privileges" "$TUI_TMP/keep-root.err" ||
	fail "-Z root did not warn: $(cat "$TUI_TMP/keep-root.err")"
"$PKTOP" --batch -i lo -Z no-such-user-here >/dev/null 2>"$TUI_TMP/nouser.err"
rc=$?
[ "$rc" = 2 ] && [ "$(wc -l <"$TUI_TMP/nouser.err")" = 1 ] &&
	grep -q "cannot drop root privileges: no user 'no-such-user-here'" "$TUI_TMP/nouser.err" ||
	fail "-Z no-such-user: status $rc, $(cat "$TUI_TMP/nouser.err")"

# -w: the files are made by the privileged helper and belong to the
# invoking user (root here: no SUDO_USER), not to nobody
run_live write "$NOBODY" -w "$TUI_TMP/live.pcap"
[ "$(stat -c %u "$TUI_TMP/live.pcap")" = 0 ] ||
	fail "the -w file belongs to $(stat -c %U "$TUI_TMP/live.pcap"), not root"

# the UI: dropped, and a filter typed live still applies
tui_start 120 40 "$PKTOP" -n -i lo || fail "cannot start tmux"
tui_wait 'filter:' || exit 1
pid=$(tmux_ display-message -p -t 0 '#{pane_pid}')
[ "$(uid_of "$pid")" = "$NOBODY $NOBODY $NOBODY $NOBODY" ] ||
	fail "the UI still runs with uids $(uid_of "$pid")"
tui_keys f C-u
tui_keys -l 'udp port 5353'
tui_keys Enter
tui_wait 'filter: udp port 5353' || fail "a filter change after the drop did not apply"
tui_screen | grep -qi 'error\|cannot\|failed' && fail "an error after the filter change"
tui_quit || exit 1
echo PASS
