# shellcheck shell=sh
# tui_lib.sh: helpers for the TUI tests: pktop runs in tmux on a private
# socket, keys go in with send-keys, the screen comes back with
# capture-pane. Every wait has a deadline and a watchdog ends the whole
# script, so no test can hang. Sourced by tests/tui_*.sh.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
DATA="$top_srcdir/tests/data"

command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }

TUI_SOCK="pktop-test-$$"
. "$(dirname "$0")/../lib/tmux_lib.sh"
TUI_TMP=$(mktemp -d "${TMPDIR:-/tmp}/pktop-tui.XXXXXX")
# pktop run as root becomes nobody once its capture is open (-Z): the
# files it saves from the UI land here, so let that user write
chmod 0777 "$TUI_TMP"

tui_cleanup() {
	tmux_ kill-server >/dev/null 2>&1
	[ -n "$TUI_WATCHDOG" ] && kill "$TUI_WATCHDOG" 2>/dev/null
	rm -rf "$TUI_TMP"
}
trap tui_cleanup EXIT
trap 'exit 1' INT TERM HUP

# The whole test gets 90 s (TUI_TIMEOUT before sourcing for more).
( sleep "${TUI_TIMEOUT:-90}"; echo "FAIL: watchdog: test took too long" >&2; kill -TERM $$ ) &
TUI_WATCHDOG=$!

# Does this pktop run files yet? (the engine lands before main does)
tui_need_engine() {
	if ! timeout 20 "$PKTOP" --batch --format json -r "$DATA/${1:-mixed.pcap}" \
		>"$TUI_TMP/probe.json" 2>/dev/null ||
	   ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' \
		"$TUI_TMP/probe.json" 2>/dev/null; then
		echo "SKIP: $PKTOP --batch -r does not work yet"
		exit 77
	fi
}

# tui_start COLS ROWS ARGS...: start pktop in a fresh session (the pane
# stays after it exits; its output is recorded in $TUI_TMP/raw.out).
tui_start() {
	cols=$1 rows=$2
	shift 2
	tmux_session "$cols" "$rows" "$TUI_TMP/raw.out" \
		"exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $*"
}

# tui_wait_gone REGEX [TENTHS]: until the screen no longer matches.
tui_wait_gone() {
	n=0
	while [ "$n" -lt "${2:-100}" ]; do
		tui_screen | grep -Eq -- "$1" || return 0
		sleep 0.1
		n=$((n + 1))
	done
	echo "FAIL: /$1/ still on the screen after the wait:"
	tui_screen
	return 1
}

# tui_quit: q, then the pane must die within 5 s.
tui_quit() {
	tui_keys q
	n=0
	while [ "$n" -lt 50 ]; do
		tui_alive || return 0
		sleep 0.1
		n=$((n + 1))
	done
	echo "FAIL: pktop did not quit on q"
	return 1
}

# tui_seek KEY PATTERN [TRIES]: press KEY until PATTERN (grep -E) is on
# the screen, at most TRIES times (default 40); fails the test otherwise.
tui_seek() {
	n=0
	while ! tui_screen | grep -Eq "$2"; do
		tui_keys "$1"
		n=$((n + 1))
		[ "$n" -lt "${3:-40}" ] || fail "$1 never brought /$2/"
		sleep 0.05
	done
}

# The screen's body: lines after the column header ("...Host...") up to
# the status line; ROW N of it (1-based).
tui_row() {
	tui_screen | awk -v hdr="$1" -v n="$2" '
		found { if (++i == n) { print; exit } }
		$0 ~ hdr { found = 1 }'
}

fail() {
	echo "FAIL: $*"
	echo "--- screen:"
	tui_screen
	exit 1
}

# tui_veth_pair NET: namespaces $A and $B joined by the veth pair $VA
# (NET.1, in A) and $VB (NET.2, in B), up, IPv6 off (no router
# solicitations in the counts); 77 (skip) when the kernel will not. The
# caller names them (unique per test) and deletes them on exit.
tui_veth_pair() {
	ip netns add "$A" && ip netns add "$B" &&
		ip link add "$VA" type veth peer name "$VB" &&
		ip link set "$VA" netns "$A" && ip link set "$VB" netns "$B" &&
		ip -n "$A" addr add "$1.1/24" dev "$VA" &&
		ip -n "$B" addr add "$1.2/24" dev "$VB" &&
		ip -n "$A" link set "$VA" up && ip -n "$B" link set "$VB" up ||
		{ echo "SKIP: cannot make network namespaces"; exit 77; }
	for ns in "$A" "$B"; do
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
	done
}
