#!/bin/sh
# tui_follow_http: in Follow, z shows the HTTP conversation decoded (the
# gzip, deflate and chunked bodies of tests/cli/follow_http.py's capture
# as text, a note saying so, "Follow HTTP" in the title) and z again the
# bytes as captured (compressed: the text is not found). A decompression
# bomb's body is cut and said. At 80x24, 120x40 and 200x60. On a QUIC
# conversation z shows its Initial packets' CRYPTO data: the note says so
# and why the rest is not opened; with the capture's own TLS secrets
# (quic-v2.pcapng) its STREAM data too, each turn naming the stream.
: "${TUI_TIMEOUT:=400}"
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine
python3 "$top_srcdir/tests/cli/follow_http.py" "$TUI_TMP" || exit 99

for size in "80 24" "120 40" "200 60"; do
	# shellcheck disable=SC2086
	set -- $size
	tmux_ kill-server >/dev/null 2>&1
	tui_start "$1" "$2" "$PKTOP" -n -r "$TUI_TMP/good.pcap" ||
		fail "cannot start tmux"
	tui_keys 2
	tui_wait '10\.0\.0\.1:40000' || exit 1
	tui_keys F
	tui_wait 'Follow TCP 10\.0\.0\.1:40000 > 10\.0\.0\.2:80' || exit 1
	tui_wait 'z HTTP' || exit 1
	# as captured, the first body is chunked gzip: its first chunk-size
	# line (333 bytes) shows; decoded, its text does instead
	tui_wait '^14d$' || exit 1
	tui_keys z
	tui_wait 'Follow HTTP 10\.0\.0\.1:40000 > 10\.0\.0\.2:80' || exit 1
	tui_wait 'HTTP/1\.x: chunked bodies joined' || exit 1
	tui_wait '^Content-Encoding: gzip$' || exit 1
	tui_wait '^line 0 of a compressible body$' || exit 1
	tui_screen | grep -q '^14d$' && fail "decoded, a chunk-size line shows"
	tui_keys z
	tui_wait 'HTTP: the bytes as captured' || exit 1
	tui_wait 'Follow TCP 10\.0\.0\.1:40000' || exit 1
	tui_wait '^14d$' || exit 1
	tui_keys z
	tui_wait 'Follow HTTP' || exit 1
	tui_keys Escape
	tui_wait_gone 'Follow HTTP' || exit 1
	tui_quit || exit 1
done

tmux_ kill-server >/dev/null 2>&1
tui_start 80 24 "$PKTOP" -n -r "$TUI_TMP/bomb.pcap" || fail "cannot start tmux"
tui_keys 2
tui_wait '10\.0\.0\.1:40000' || exit 1
tui_keys F
tui_wait 'Follow TCP' || exit 1
tui_keys z
tui_wait 'cut at 8 MiB decompressed' || exit 1
tui_quit || exit 1

tmux_ kill-server >/dev/null 2>&1
tui_start 80 24 "$PKTOP" -n -r "$DATA/quic-34.pcap" || fail "cannot start tmux"
tui_keys 2
tui_wait '192\.168\.56\.1:55880' || exit 1
tui_keys F
tui_wait 'Follow UDP' || exit 1
tui_keys z
tui_wait 'Follow QUIC 192\.168\.56\.1:55880' || exit 1
tui_wait 'QUIC: 2 Initial packets decrypted' || exit 1
tui_wait 'no STREAM data: no TLS secrets' || exit 1
tui_keys z
tui_wait 'Follow UDP' || exit 1
tui_quit || exit 1

# quic-v2.pcapng carries its TLS secrets: z opens the Handshake and
# 1-RTT packets too, each turn line names its stream, and the HTTP/3
# response's text is shown
tmux_ kill-server >/dev/null 2>&1
tui_start 120 40 "$PKTOP" -n -r "$DATA/quic-v2.pcapng" || fail "cannot start tmux"
tui_keys 2
tui_wait '42086' || exit 1
tui_keys F
tui_wait 'Follow UDP' || exit 1
tui_keys z
tui_wait 'Follow QUIC' || exit 1
tui_wait 'decrypted with the TLS key log' || exit 1
tui_wait '> node 0 \[::1\]:42086, CRYPTO \(Initial\), byte 0' || exit 1
tui_keys G
tui_wait '< node 1 \[::1\]:4443, stream 4, byte' || exit 1
tui_keys g
tui_keys / Simple Enter
tui_wait 'Simple HTTP 3 Responder' || exit 1
tui_quit || exit 1
echo "PASS"
