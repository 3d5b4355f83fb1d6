#!/bin/sh
# tui_remote_err: --remote's command's stderr reaches the user although
# the UI owns the terminal. A command that fails at once (sudo without a
# password) has its first lines in the header's "stopped" while the UI is
# up, and again in the error pktop exits with (status 2) after q; one
# whose stream ends later puts its last line in the header's "stopped"
# (80x24, 120x40, 200x60). Its words are escaped: a terminal sequence in
# them stays text.
. "$(dirname "$0")/../lib/tui_lib.sh"
ESC=$(printf '\033')

# fails before any capture: stderr only, as sudo -n does
cat >"$TUI_TMP/failssh" <<'EOS'
#!/bin/sh
sleep 0.5
printf 'Warning: Permanently added host\n' >&2
printf 'sudo: a password is required \033]0;pwned\007\n' >&2
exit 1
EOS
# a capture, then the remote tcpdump ends with a message
cat >"$TUI_TMP/endssh" <<EOS
#!/bin/sh
cat "$DATA/mixed.pcap"
sleep 1
printf 'tcpdump: eth9: That device went down\n' >&2
exit 1
EOS
# fails at once, before a byte of capture: one line, as sudo -n says it
cat >"$TUI_TMP/failnow" <<'EOS'
#!/bin/sh
echo 'sudo: a password is required' >&2
exit 1
EOS
# pktop, then its exit status on the screen (the pane stays a while: a
# pane that dies at once may not show pktop's last words)
cat >"$TUI_TMP/run" <<EOS
#!/bin/sh
"$PKTOP" "\$@"
echo "exit status \$?"
sleep 10
EOS
chmod +x "$TUI_TMP/failssh" "$TUI_TMP/endssh" "$TUI_TMP/failnow" \
	"$TUI_TMP/run"

# at once: the UI comes up and says why; q, and it is said on stderr too
tui_start 80 24 "$TUI_TMP/run" -n --remote web1 --remote-cmd \
	"$TUI_TMP/failnow" || fail "cannot start tmux"
tui_wait 'stopped: web1: sudo: a password is required' ||
	fail "80x24: the header does not say what the remote command said"
tui_screen | grep -q '^exit status' &&
	fail "pktop did not stay up to show the remote's error"
tui_keys q
tui_wait '^exit status' || exit 1
tui_screen | grep -q "^pktop: reading 'web1' stopped: web1: sudo: a password is required" ||
	fail "the error is not repeated on stderr at the end"
tui_screen | grep -q '^exit status 2$' || fail "want exit status 2"
tmux_ kill-server >/dev/null 2>&1

# ssh's warning, then sudo's words with a terminal sequence: the first
# lines, escaped
: >"$TUI_TMP/raw.out"
tui_start 120 40 "$TUI_TMP/run" -n --remote web1 --remote-cmd \
	"$TUI_TMP/failssh" || fail "cannot start tmux"
tui_wait 'stopped: web1: Warning: Permanently added host / sudo: a password is required' ||
	fail "120x40: the header does not show the remote's first lines"
tui_keys q
tui_wait '^exit status 2$' || exit 1
grep -q "stopped: web1: Warning: Permanently added host / sudo: a password" \
	"$TUI_TMP/raw.out" || fail "the error does not name the host"
grep -q "${ESC}]0;pwned" "$TUI_TMP/raw.out" &&
	fail "the remote's terminal sequence reached the terminal raw"
tmux_ kill-server >/dev/null 2>&1

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	: >"$TUI_TMP/raw.out"
	tui_start "$1" "$2" "$PKTOP" -n --remote web1 \
		--remote-cmd "$TUI_TMP/endssh" || fail "cannot start tmux"
	tui_wait 'stopped: web1: tcpdump: eth9' ||
		fail "$1x$2: the header does not say why the remote stopped"
	# the data read before stays
	tui_screen | grep -Eq 'packets 670 ' ||
		fail "$1x$2: the capture's packets are not all counted"
	tui_quit || exit 1
done
echo "PASS"
