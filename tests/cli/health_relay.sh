#!/bin/sh
# health_relay: TCP health on a live capture with a known delay and loss,
# checked against the known figures and against tshark on the same packets.
# Three namespaces: client -- relay -- server. The relay
# (tests/lib/delay_relay.py, AF_PACKET) holds every frame 25 ms each way
# (a 50 ms round trip) and drops 2% of the frames (seeded). Python sockets
# push a bulk transfer and fill a receiver that never reads. pktop --batch
# -w on the client's interface; tests/lib/health_relay_check.py then wants
# RTT 50 ms +-10%, Retr% within 1..4, the a->b srtt within 10% of tshark's
# mean ack_rtt, tshark's exact retransmission/dup ACK/lost/zero-window
# counts on the capture pktop wrote, and the Z mark on the stuck receiver;
# the kernel's tcp_info srtt of the client's socket (batch JSON "kernel")
# 50 ms +-10% and within 10% of pktop's RTT; and, with tmux, the UI's RTT
# column (Connections at 120x40, a second pktop on the interface) too,
# and the kernel's sRTT in that connection's health panel (Enter).
# Needs root, ip netns, python3 and tshark (77 otherwise). About 25 s.
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
here=$(cd "$(dirname "$0")" && pwd)
lib=${top_srcdir:-$here/../..}/tests/lib
# a python3 that starts fast (a pyenv shim can take seconds under load)
if [ -z "$PYTHON" ]; then
	if [ -x /usr/bin/python3 ]; then PYTHON=/usr/bin/python3; else PYTHON=python3; fi
fi

[ "$(id -u)" = 0 ] || { echo "needs root: skipped"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "no ip: skipped"; exit 77; }
command -v "$PYTHON" >/dev/null 2>&1 || { echo "no python3: skipped"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "no tshark: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

p=hr$$
c=${p}c r=${p}r s=${p}s
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-relay.XXXXXX") || exit 99
relay='' server='' ui=''
cleanup() {
	[ -n "$ui" ] && tmux_ kill-server >/dev/null 2>&1
	[ -n "$relay" ] && kill "$relay" 2>/dev/null
	[ -n "$server" ] && kill "$server" 2>/dev/null
	for n in $c $r $s; do ip netns del "$n" 2>/dev/null; done
	if [ -n "$KEEP" ]; then echo "kept $tmp"; else rm -rf "$tmp"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM
# until FILE exists (30 s at most)
wait_file() {
	n=0
	while [ ! -e "$1" ] && [ "$n" -lt 300 ]; do
		sleep 0.1
		n=$((n + 1))
	done
	[ -e "$1" ]
}

for n in $c $r $s; do
	ip netns add "$n" || { echo "ip netns add failed: skipped"; exit 77; }
done
if ! { ip link add "${p}c0" type veth peer name "${p}c1" &&
	ip link set "${p}c0" netns "$c" && ip link set "${p}c1" netns "$r" &&
	ip link add "${p}s0" type veth peer name "${p}s1" &&
	ip link set "${p}s0" netns "$s" && ip link set "${p}s1" netns "$r"; }; then
	echo "cannot make veth pairs: skipped"
	exit 77
fi
for x in "$c ${p}c0" "$r ${p}c1" "$r ${p}s1" "$s ${p}s0"; do
	# shellcheck disable=SC2086 # namespace and interface
	set -- $x
	# one segment per frame: the relay passes frames, it cannot split
	# GSO super-frames
	ip -n "$1" link set "$2" gso_max_segs 1 gso_max_size 1500 2>/dev/null
	ip -n "$1" link set "$2" up
done
ip -n "$c" addr add 10.199.19.1/24 dev "${p}c0"
ip -n "$s" addr add 10.199.19.2/24 dev "${p}s0"
# the server ACKs every segment (no delayed ACK in the samples) whether
# or not its reader gets the CPU in time
ip -n "$s" route change 10.199.19.0/24 dev "${p}s0" quickack 1 2>/dev/null
ip -n "$c" link set lo up
ip -n "$s" link set lo up
# real-time priority where allowed: on a loaded machine a relay waiting
# for the CPU would add its wait to the delay
rt=
chrt -f 10 true 2>/dev/null && rt="chrt -f 10"
# shellcheck disable=SC2086 # rt is a command prefix or nothing
ip netns exec "$r" $rt "$PYTHON" "$lib/delay_relay.py" "${p}c1" "${p}s1" 25 2 19 \
	"$tmp/relay.ready" 2>"$tmp/relay.err" &
relay=$!
wait_file "$tmp/relay.ready" || { echo "FAIL: relay did not start"; exit 1; }

# the server: port 5001 reads everything, port 5002 never reads
ip netns exec "$s" "$PYTHON" - "$tmp/server.ready" <<'PY' &
import socket, sys, threading, time
def listener(port, rcvbuf=None):
    l = socket.socket()
    l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if rcvbuf:
        l.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    l.bind(("10.199.19.2", port))
    l.listen(1)
    return l
def bulk(l):
    c, _ = l.accept()
    while c.recv(65536):
        pass
def stuck(l):
    c, _ = l.accept()
    time.sleep(60)
threading.Thread(target=bulk, args=(listener(5001),), daemon=True).start()
threading.Thread(target=stuck, args=(listener(5002, 4096),),
                 daemon=True).start()
open(sys.argv[1], "w").close()
time.sleep(60)
PY
server=$!
wait_file "$tmp/server.ready" || { echo "FAIL: server did not start"; exit 1; }

ip netns exec "$c" "$PKTOP" --batch --format json --duration 13 \
	-w "$tmp/cap.pcap" -i "${p}c0" > "$tmp/out.json" 2> "$tmp/err" &
pk=$!
# the UI on the same interface, in tmux at 120x40: its RTT column is
# read once the bulk transfer is over
if command -v tmux >/dev/null 2>&1; then
	# shellcheck disable=SC2034 # read by tmux_lib.sh
	TUI_SOCK="pktop-relay-$$"
	. "$lib/tmux_lib.sh"
	tmux_session 120 40 "$tmp/ui.raw" "exec ip netns exec $c env \
		LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color $PKTOP -n \
		-i ${p}c0" && ui=1
fi
# until pktop has its packet socket open
n=0
while [ "$(ip netns exec "$c" ss -0 -H 2>/dev/null | wc -l)" -lt \
	"$((1 + ${ui:-0}))" ] && [ "$n" -lt 300 ]; do
	sleep 0.1
	n=$((n + 1))
done
ip netns exec "$c" "$PYTHON" - <<'PY'
import socket, time
data = b"x" * 65536
s = socket.create_connection(("10.199.19.2", 5001), timeout=10)
# paced at 10 segments each 20 ms (about 700 kB/s): a queue in the relay
# would add its wait to the round trip
end = time.time() + 5
while time.time() < end:
    s.sendall(data[:14480])
    time.sleep(0.02)
s.close()
z = socket.create_connection(("10.199.19.2", 5002), timeout=10)
z.setblocking(False)
end = time.time() + 3
while time.time() < end:
    try:
        z.send(data)
    except BlockingIOError:
        time.sleep(0.05)
PY
screen=
if [ -n "$ui" ]; then
	tui_keys 2
	if tui_seen ':5001 ' 50 && tui_seen 'RTT ms' 10; then
		tmux_ capture-pane -p -t 0 > "$tmp/ui.txt"
		screen=$tmp/ui.txt
	else
		echo "FAIL: the UI never listed the bulk connection:"
		tui_screen
		exit 1
	fi
	# Enter on it: the health panel's last line is the kernel's view
	# of the client's socket, whose sRTT is the relay's 50 ms too
	tui_keys / 10.199.19.2:5001 Enter && sleep 0.3
	tui_keys Enter
	if ! tui_seen 'kernel: sRTT [0-9]' 50; then
		echo "FAIL: no kernel figures in the connection's panel:"
		tui_screen
		exit 1
	fi
	tui_screen | grep -o 'kernel: sRTT [0-9.]*' | tee "$tmp/kernel.txt"
	awk '{ v = $3 + 0; exit !(v >= 45 && v <= 55) }' "$tmp/kernel.txt" || {
		echo "FAIL: the panel's kernel sRTT is not 50 ms +-10%:"
		tui_screen
		exit 1
	}
	tmux_ kill-server >/dev/null 2>&1
	ui=
fi
wait "$pk"
st=$?
kill "$relay" 2>/dev/null
wait "$relay" 2>/dev/null
relay=
cat "$tmp/relay.err"
[ "$st" = 0 ] || { echo "FAIL: pktop exited $st"; cat "$tmp/err"; exit 1; }
# shellcheck disable=SC2086 # no screen: no argument
"$PYTHON" "$lib/health_relay_check.py" "$tmp/out.json" "$tmp/cap.pcap" 25 2 \
	5001 5002 $screen
