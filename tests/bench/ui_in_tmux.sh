#!/bin/sh
# ui_in_tmux.sh PKTOP [ARG...]: pktop's UI in a detached tmux window of
# 120x40, for live-replay.sh, which stops its command with SIGINT: then
# this presses q, waits for pktop to end and passes on what pktop printed
# at exit (libpcap's received and dropped counts), as tcpdump would.
sock="pktop-bench-$$"
err=$(mktemp)
chmod 0666 "$err" # pktop drops root for nobody and still writes here
tm() { tmux -L "$sock" -f /dev/null "$@"; }
tm new-session -d -x 120 -y 40 \
	"env TERM=xterm-256color LANG=C.UTF-8 $* 2>$err" || exit 1
finish() {
	tm send-keys q 2>/dev/null
	n=0
	while tm has-session 2>/dev/null && [ "$n" -lt 50 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	tm kill-server 2>/dev/null
	cat "$err" >&2
	rm -f "$err"
	exit 0
}
trap finish INT TERM
while tm has-session 2>/dev/null; do
	sleep 0.2 &
	wait $!
done
finish
