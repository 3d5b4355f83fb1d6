#!/bin/sh
# tui_quic_rtt: a QUIC connection's handshake RTT in the Connections
# view's RTT column and in the panel under its packets (Enter), equal to
# the batch JSON's quic_* members (themselves checked against tshark's
# frame times by tests/accuracy/quic_rtt_vs_tshark.sh). quic-29.pcap:
# server side 0.761 ms (Initial -> Retry), client side 10.969 ms (the
# server's first Handshake -> the client's), 11.73 ms in all.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine quic-29.pcap

want=$(python3 -c '
import json, sys
c = [c for c in json.load(open(sys.argv[1]))["connections"]
     if "quic_rtt_ms" in c][0]
f = lambda v: "%.2f" % v if v < 100 else "%.1f" % v
print(f(c["quic_rtt_ms"]), f(c["quic_handshake_client_ms"]),
      f(c["quic_handshake_server_ms"]))' "$TUI_TMP/probe.json") ||
	fail "no quic_* members in the batch JSON"
# shellcheck disable=SC2086 # three words
set -- $want
if [ "$1" != 11.73 ] || [ "$2" != 10.97 ] || [ "$3" != 0.76 ]; then
	fail "batch JSON says rtt $1 client $2 server $3"
fi

for size in "120 40" "80 24"; do
	# shellcheck disable=SC2086
	tui_start $size "$PKTOP" -n -r "$DATA/quic-29.pcap" ||
		fail "cannot start tmux"
	tui_keys 2
	tui_wait 'RTT' || exit 1
	tui_wait "10\.9\.0\.1.* $1( |$)" ||
		fail "RTT column does not read $1 at $size"
	tui_keys Enter
	tui_wait "QUIC handshake RTT $1 ms: client $2 \+ server $3 ms" ||
		fail "no QUIC panel at $size"
	tui_quit || exit 1
done
echo "PASS: QUIC RTT $1 ms (client $2 + server $3) in the column and panel"
