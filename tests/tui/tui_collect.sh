#!/bin/sh
# tui_collect: pktop --collect in the terminal at 80x24, 120x40 and
# 200x60. Two exporters (pktop --ipfix of two captures, Observation
# Domains 5 and 6) fill Connections; the Exporter column names each row's
# exporter (and the Process column, meaningless here, is gone); the row
# filter '/' with one exporter's text keeps its rows only.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine http.pcap

port=$(python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for size in "80 24" "120 40" "200 60"; do
	# shellcheck disable=SC2086 # two numbers
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n --collect "127.0.0.1:$port" ||
		fail "cannot start tmux"
	tui_wait '1 Hosts' || exit 1
	"$PKTOP" -r "$DATA/http.pcap" --batch --ipfix "127.0.0.1:$port" \
		--ipfix-domain 5 >/dev/null || fail "export http.pcap"
	"$PKTOP" -r "$DATA/dns.pcap" --batch --ipfix "127.0.0.1:$port" \
		--ipfix-domain 6 >/dev/null || fail "export dns.pcap"
	tui_keys 2
	tui_wait 'Exporter' || fail "$size: no Exporter column"
	tui_wait '127\.0\.0\.1/6' || fail "$size: domain 6's rows missing"
	tui_screen | grep 'Endpoint A' | grep -q 'Process' &&
		fail "$size: a Process column with --collect"
	[ "$(tui_screen | grep -c '127\.0\.0\.1/5')" -eq 4 ] ||
		fail "$size: not the 4 connections of domain 5"
	tui_keys / && sleep 0.2
	tui_keys -l '127.0.0.1/6'
	tui_keys Enter
	tui_wait_gone '127\.0\.0\.1/5' || fail "$size: the filter kept domain 5"
	tui_seen '127\.0\.0\.1/6' || fail "$size: the filter lost domain 6"
	tui_quit || exit 1
	tmux_ kill-server >/dev/null 2>&1
	echo "ok   $size"
done
exit 0
