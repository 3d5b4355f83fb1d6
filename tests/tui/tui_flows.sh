#!/bin/sh
# tui_flows: the drill-down knows what the packet's flow said before it,
# as tshark does. Packet 6 of http-lines-split.pcap carries only header
# lines that go on from packet 4 (tshark: http.user_agent uclient-fetch);
# packet 2 of quic-v2.pcapng holds the server's Initial, Handshake and
# 1-RTT packets, opened with the Initial keys of packet 1 and the secrets
# the pcapng carries (tshark: tls.handshake.type 2,8,11,15,20,4, ALPN h3).
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine http-lines-split.pcap

tui_start 120 50 "$PKTOP" -n -r "$DATA/http-lines-split.pcap" ||
	fail "cannot start tmux"
tui_keys 4
tui_wait 'Destination' || exit 1
for _ in 1 2 3 4 5; do
	tui_keys Down
done
tui_keys Enter
tui_wait 'Packet 6 ' || exit 1
# the User-Agent line, selected: the tree's last field but the
# header's end (the empty line, "\r\n", as tshark shows it)
tui_keys G
tui_wait '\| -  bytes 81-82 \(2\)' || exit 1
tui_keys Up
tui_wait '\| http\.user_agent +bytes 66-78 \(13\)' || exit 1
tui_wait 'User-Agent: uclient-fetch' || exit 1
tui_quit || exit 1

tui_start 120 50 "$PKTOP" -n -r "$DATA/quic-v2.pcapng" ||
	fail "cannot start tmux"
tui_keys 4
tui_wait 'Destination' || exit 1
tui_keys Down
tui_keys Enter
tui_wait 'Packet 2 ' || exit 1
# the end of the tree: the NewSessionTicket of the 1-RTT packet, its
# bytes inside the frame (decrypted in place)
tui_keys G
tui_wait '\| tls\.handshake\.length +bytes 1674-1676 \(3\)' || exit 1
tui_wait 'Handshake Type: New Session Ticket \(4\)' || exit 1
# up through the tree: the Handshake packet's messages and the ALPN the
# server chose in its EncryptedExtensions
tui_seek PageUp 'ALPN Next Protocol: h3' 20
# (tshark's names with the number, as -V shows them)
for t in "Encrypted Extensions (8)" "Certificate (11)" \
	"Certificate Verify (15)" "Finished (20)"; do
	tui_keys G
	tui_seek PageUp "Handshake Type: $(printf '%s' "$t" | sed 's/[()]/\\&/g')\$" 20
done
tui_quit || exit 1
echo "PASS"
