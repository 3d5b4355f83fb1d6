#!/bin/sh
# tui_procs: the Processes view (5) on live traffic in a namespace made
# for the test, at 80x24, 120x40 and 200x60: the HTTP server's row shows
# its PID, command and user; Enter lists its connections with the Process
# and User columns, Esc comes back; the scoped packet list names the
# owner. Enter on a host lists the processes talking to that host and
# only those (a UDP sender in the namespace talks to a second address),
# Enter on one of them its connections with that host, Esc twice back to
# Hosts. A capture file shows no processes and says why; there Enter on a
# host still lists its connections. Root only.
. "$(dirname "$0")/../lib/tui_lib.sh"
TUI_TIMEOUT=120
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 ||
	! command -v curl >/dev/null 2>&1; then
	echo "SKIP: needs root, ip and curl"; exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
NS=pktop-tprc-$$ H=pktph$$ N=pktpn$$
SRV='' UDP=''
cleanup_ns() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	[ -n "$UDP" ] && kill "$UDP" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	ip link del "$H" 2>/dev/null
}
trap 'cleanup_ns; tui_cleanup' EXIT
ip netns add "$NS" || { echo "SKIP: no network namespaces"; exit 77; }
ip link add "$H" type veth peer name "$N" netns "$NS" || fail "veth"
ip addr add 10.214.3.1/24 dev "$H"
ip addr add 10.214.3.3/24 dev "$H"
ip link set "$H" up
ip -n "$NS" link set lo up
ip -n "$NS" addr add 10.214.3.2/24 dev "$N"
ip -n "$NS" link set "$N" up
ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$PY" -m http.server 8088 --bind 10.214.3.2 --directory "$TUI_TMP" \
	>/dev/null 2>&1 &
SRV=$!
# a second program in the namespace, talking only to 10.214.3.3
ip netns exec "$NS" "$PY" -c "
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.connect(('10.214.3.3', 9999))
while True:
    try:
        s.send(b'u' * 100)
    except OSError:
        pass  # the port unreachable of the last one
    time.sleep(0.2)
" >/dev/null 2>&1 &
UDP=$!
sleep 1

# select_row HEADER PATTERN: move the selection onto the row under
# HEADER that matches PATTERN (the first row is selected)
select_row() {
	tui_keys g
	sleep 0.3
	n=1
	until tui_row "$1" "$n" | grep -Eq "$2"; do
		n=$((n + 1))
		[ "$n" -lt 15 ] || fail "no row /$2/ under $1"
	done
	while [ "$n" -gt 1 ]; do
		tui_keys Down
		n=$((n - 1))
	done
}

for size in "80 24" "120 40" "200 60"; do
	# shellcheck disable=SC2086
	tui_start $size ip netns exec "$NS" "$PKTOP" -n -Z root -i "$N" ||
		fail "cannot start tmux"
	tui_wait "Hosts" || fail "no UI"
	for _ in 1 2 3 4 5; do
		curl -s -o /dev/null http://10.214.3.2:8088/
		sleep 0.2
	done
	tui_keys 5
	# the PID column is right-aligned: a 5-digit PID starts the line
	tui_wait "(^| )$SRV +python3 +nobody" 50 || fail "no server row ($size)"
	# the rows sum: every connection is counted in some row
	tui_wait "5 Processes" 10 || fail "no Processes tab"
	# select the server's row (the first is selected), then Enter
	n=1
	until tui_row "PID" "$n" | grep -Eq "(^| )$SRV "; do
		n=$((n + 1))
		[ "$n" -lt 10 ] || fail "server row not found"
	done
	while [ "$n" -gt 1 ]; do
		tui_keys Down
		n=$((n - 1))
	done
	tui_keys Enter
	tui_wait "10\\.214\\.3\\.1:[0-9]+" 30 || fail "no connections after Enter ($size)"
	# separate Process and User columns where there is room; at 80
	# columns both go (the user first), never the user alone
	if [ "${size% *}" -ge 200 ]; then
		tui_wait "python3/$SRV +nobody " 10 ||
			fail "no Process and User columns ($size)"
	fi
	hdr=$(tui_screen | grep "Endpoint A")
	if [ "${size% *}" -le 80 ]; then
		echo "$hdr" | grep -q "Process" && fail "Process column at 80"
		# the selected row's hidden cells, in column order: the
		# process, then the user, whole or left for the mark where
		# the line ends (items are cut whole, never "User: nob…")
		tui_wait "Process: python3/$SRV +(User: nobody|…$)" 10 ||
			fail "no process and user in the row line at 80"
	fi
	echo "$hdr" | grep -q "User" && ! echo "$hdr" | grep -q "Process" &&
		fail "a User column without its process ($size)"
	tui_screen | grep -q "10\\.214\\.3\\.1:[0-9]" || fail "connections"
	tui_keys Enter
	tui_wait "python3/$SRV nobody" 30 || fail "no owner in the packet list ($size)"
	tui_keys Escape
	tui_keys Escape
	tui_wait "PID +Command" 20 || fail "Esc did not come back to Processes"
	# Hosts: Enter on a host lists the processes talking to it
	tui_keys 1
	tui_wait "^Host " 20 || fail "no Hosts view"
	tui_wait "^10\\.214\\.3\\.3 " 30 || fail "no 10.214.3.3 row ($size)"
	tui_keys / 10.214.3.3 Enter
	tui_wait_gone "^10\\.214\\.3\\.[12] " 20 || fail "find ($size)"
	select_row "^Host " "^10\\.214\\.3\\.3 "
	tui_keys Enter
	tui_wait "host 10\\.214\\.3\\.3" 20 || fail "no host scope ($size)"
	tui_wait "(^| )$UDP +python3" 20 || fail "UDP sender not listed ($size)"
	tui_screen | grep -Eq "(^| )$SRV +python3" &&
		fail "the server listed for a host it does not talk to ($size)"
	tui_keys Escape
	tui_wait "^Host " 20 || fail "Esc did not come back to Hosts ($size)"
	tui_keys Escape # the find
	# the rows move with their rates: find the host first
	tui_keys / 10.214.3.1 Enter
	tui_wait_gone "^10\\.214\\.3\\.[23] " 20 || fail "find ($size)"
	select_row "^Host " "^10\\.214\\.3\\.1 "
	tui_keys Enter
	tui_wait "host 10\\.214\\.3\\.1 " 20 || fail "no host scope .1 ($size)"
	tui_wait "(^| )$SRV +python3" 20 || fail "server not listed ($size)"
	tui_screen | grep -Eq "(^| )$UDP +python3" &&
		fail "the UDP sender listed for 10.214.3.1 ($size)"
	# Enter on the server: its connections with that host
	select_row "PID" "(^| )$SRV "
	tui_keys Enter
	tui_wait "process python3/$SRV" 20 || fail "no process scope ($size)"
	tui_wait "10\\.214\\.3\\.1:[0-9]+" 20 || fail "no connections ($size)"
	tui_screen | grep -q "10\\.214\\.3\\.3" &&
		fail "another host's connection under the host scope ($size)"
	tui_keys Escape
	tui_wait "PID +Command" 20 || fail "Esc: not back to the processes"
	tui_keys Escape
	tui_wait "^Host " 20 || fail "Esc Esc: not back to Hosts ($size)"
	tui_quit || fail "quit"
	tmux_ kill-server >/dev/null 2>&1
done

# a file: no processes, and the view says why
tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait "Hosts" || fail "no UI"
tui_keys 5
tui_wait "no local sockets" 30 || fail "file: no reason shown"
# a file has no processes: Enter on a host lists its connections
tui_keys 1
tui_wait "^Host " 20 || fail "file: no Hosts"
tui_keys Enter
tui_wait "Endpoint A" 20 || fail "file: Enter on a host"
tui_quit || fail "quit"
echo PASS
