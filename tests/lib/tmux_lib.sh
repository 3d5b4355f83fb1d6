# shellcheck shell=sh
# tmux_lib.sh: the tmux primitives every terminal test uses: one server on
# a private socket ($TUI_SOCK, set before sourcing), a session started
# with retries, the screen read back, keys sent, bounded waits. Sourced by
# tests/lib/tui_lib.sh and tests/robust_inputs.sh.

tmux_() { timeout 10 tmux -L "$TUI_SOCK" -f /dev/null "$@"; }
tui_screen() { tmux_ capture-pane -p -t 0; }
tui_keys() { tmux_ send-keys -t 0 "$@"; }

# tmux_session COLS ROWS RAWFILE COMMAND...: a fresh session running
# COMMAND; the pane stays after it exits (remain-on-exit) so its last
# words can be read, and every byte it writes is appended to RAWFILE.
tmux_session() {
	cols=$1 rows=$2 raw=$3
	shift 3
	# a server killed just before may still hold the socket for a moment
	# ("server exited unexpectedly"): try again for up to 5 s
	n=0
	until tmux_ new-session -d -x "$cols" -y "$rows" "$@"; do
		n=$((n + 1))
		[ "$n" -lt 25 ] || return 1
		sleep 0.2
	done
	tmux_ set-option -t 0 remain-on-exit on >/dev/null 2>&1
	# tmux holds a lone Escape for escape-time (500 ms) to tell it from
	# a meta key: pass it on at once, as a terminal would
	tmux_ set-option -s escape-time 0 >/dev/null 2>&1
	# (a command that ends at once leaves no pane to pipe)
	tmux_ pipe-pane -t 0 -o "cat >>'$raw'" >/dev/null 2>&1
	return 0
}

# tui_seen REGEX [TENTHS]: the screen matches within the time (10 s).
tui_seen() {
	n=0
	while [ "$n" -lt "${2:-100}" ]; do
		tui_screen | grep -Eq -- "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}

# tui_wait REGEX [TENTHS]: the same, saying what the screen was on failure.
tui_wait() {
	tui_seen "$@" && return 0
	echo "FAIL: timed out waiting for /$1/ on:"
	tui_screen
	return 1
}

# tui_alive: the command still runs in the pane.
tui_alive() {
	[ "$(tmux_ display-message -p -t 0 '#{pane_dead}')" = "0" ]
}
