#!/bin/sh
# tui_signals: SIGTERM and SIGHUP (the SSH session dropped) end pktop
# cleanly with the terminal given back: the alternate screen is left and
# the cursor shown again, in the raw output recorded by pipe-pane. So do
# SIGSEGV and SIGABRT, as a crash would (ui/crashsafe.c), and pktop still
# dies of them.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

# shellcheck disable=SC3045 # dash and bash have it; elsewhere it fails quietly
ulimit -c 0 2>/dev/null # no core files from the crash signals
for sig in TERM HUP SEGV ABRT; do
	: >"$TUI_TMP/raw.out"
	tui_start 80 24 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
	tui_wait '^Host' || exit 1
	pid=$(tmux_ display-message -p -t 0 '#{pane_pid}')
	[ -n "$pid" ] || fail "no pid"
	kill -$sig "$pid"
	n=0
	while tui_alive; do
		n=$((n + 1))
		[ $n -lt 50 ] || fail "pktop still runs 5 s after SIG$sig"
		sleep 0.1
	done
	python3 - "$TUI_TMP/raw.out" "$sig" <<'PY' || fail "terminal not restored after SIG$sig"
import sys, time
# pipe-pane may still be writing the last bytes: give it 3 s.
for _ in range(30):
    raw = open(sys.argv[1], "rb").read()
    if b"\x1b[?1049l" in raw:
        break
    time.sleep(0.1)
# rmcup (leave the alternate screen) must come after the last drawing,
# and the cursor must be visible again (cnorm).
tail = raw[raw.rfind(b"\x1b[?1049l"):] if b"\x1b[?1049l" in raw else b""
# pipe-pane may attach after the cursor was hidden: then any cnorm will do.
hidden = raw.rfind(b"\x1b[?25l")
ok = bool(tail) and b"\x1b[?25h" in (raw[hidden:] if hidden >= 0 else raw)
sys.exit(0 if ok else 1)
PY
	tmux_ kill-server >/dev/null 2>&1
done
echo "PASS"
