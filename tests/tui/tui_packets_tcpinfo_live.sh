#!/bin/sh
# tui_packets_tcpinfo_live: live, the packet list's TCP rows show the
# flow's state as they arrive (relative Seq/Ack, the scaled window, as
# tshark's Info for the same packets saved with -w): a real TCP transfer
# between two network namespaces made here. While the capture still runs
# the rows shown must already agree (the list's flow worker follows the
# store incrementally); after -c stops it, every row shown.
TUI_TIMEOUT=${TUI_TIMEOUT:-120}
. "$(dirname "$0")/../lib/tui_lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "SKIP: ip not installed"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
A="pkti-a-$$" B="pkti-b-$$" VA="pktia$$" VB="pktib$$"
live_cleanup() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	[ -n "$CLI" ] && kill "$CLI" 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	tui_cleanup
}
trap live_cleanup EXIT
tui_veth_pair 10.234.0
for ns in "$A" "$B"; do
	ip -n "$ns" link set lo up
done
CAP="$TUI_TMP/live.pcap"
N=60

tui_start 200 60 ip netns exec "$B" "$PKTOP" -n -Z root -i "$VB" -f tcp \
	-w "$CAP" -c "$N" || fail "cannot start tmux"
tui_wait '1 Hosts' || exit 1
tui_keys 4
tui_wait ' No\. ' || exit 1
# a server in B that reads everything; a client in A that sends 200
# bytes every 50 ms (about two packets each: the data and its ACK)
ip netns exec "$B" python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.234.0.2", 5555)); s.listen(1)
c, _ = s.accept()
while c.recv(65536):
    pass
' &
SRV=$!
sleep 0.5
ip netns exec "$A" python3 -c '
import socket, time
s = socket.create_connection(("10.234.0.2", 5555))
for i in range(80):
    s.sendall(b"x" * 200)
    time.sleep(0.05)
s.close()
' &
CLI=$!

# while it runs: the rows shown agree with tshark's Info of the same
# packets (read once the capture has stopped: the file is complete then)
k=0
while :; do
	tui_screen >"$TUI_TMP/mid.$k"
	grep -q 'stopped: -c' "$TUI_TMP/mid.$k" && break
	k=$((k + 1))
	[ "$k" -lt 400 ] || fail "the capture never stopped"
	sleep 0.05
done
tui_wait "stopped: -c: $N packets captured" 100 || exit 1
tshark -n -r "$CAP" -T fields -e frame.number -e _ws.col.Info \
	>"$TUI_TMP/want" 2>/dev/null || fail "tshark cannot read the capture"
[ "$(grep -c . "$TUI_TMP/want")" = "$N" ] || fail "tshark reads no $N packets"
grep -q 'Seq=1 Ack=1 Win=' "$TUI_TMP/want" || fail "tshark shows no Seq=1 Ack=1 row"
# the snapshots taken while live with at least 10 rows: the last few may
# be drawn raw before the worker reached them, then again; most agree
live_ok=0 live_n=0
i=0
while [ "$i" -lt "$k" ]; do
	rows=$(awk '/ No\. /{f=1;next} f && $1 ~ /^[0-9]+$/ {n++} END {print n+0}' "$TUI_TMP/mid.$i")
	if [ "$rows" -ge 10 ]; then
		live_n=$((live_n + 1))
		python3 "$top_srcdir/tests/lib/list_info_compare.py" "$TUI_TMP/want" 1 \
			<"$TUI_TMP/mid.$i" >/dev/null 2>&1 && live_ok=$((live_ok + 1))
	fi
	i=$((i + 1))
done
[ "$live_n" -ge 3 ] || fail "only $live_n screens with 10 rows while live"
[ $((live_ok * 10)) -ge $((live_n * 8)) ] ||
	fail "$live_ok of $live_n live screens agree with tshark"
# stopped: every row shown, exactly
out=$(tui_screen | python3 "$top_srcdir/tests/lib/list_info_compare.py" "$TUI_TMP/want" 1 2>&1) ||
	fail "the list's Info is not tshark's: $out"
[ "$out" -ge 40 ] || fail "only $out rows compared"
tui_screen | grep -q 'Seq=1 Ack=1 Win=' || fail "no Seq=1 Ack=1 row on the list"
echo "live screens agreeing: $live_ok/$live_n"
tui_keys Q
n=0; while tui_alive && [ "$n" -lt 50 ]; do sleep 0.1; n=$((n + 1)); done
echo "PASS"
