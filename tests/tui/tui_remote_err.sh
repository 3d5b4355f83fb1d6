#!/bin/sh
# tui_remote_err: --remote's command's stderr reaches the user although
# the UI owns the terminal. A command that fails at once (sudo without a
# password) is named in the error pktop exits with; one whose stream ends
# later puts its last line in the header's "stopped" (80x24, 120x40,
# 200x60). Its words are escaped: a terminal sequence in them stays text.
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
chmod +x "$TUI_TMP/failssh" "$TUI_TMP/endssh"

tui_start 80 24 "$PKTOP" -n --remote web1 --remote-cmd "$TUI_TMP/failssh" ||
	fail "cannot start tmux"
tui_wait 'a password is required' || fail "sudo's words are not shown"
grep -q "(web1: sudo: a password" "$TUI_TMP/raw.out" || fail "the error does not name the host"
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
