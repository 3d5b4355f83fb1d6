#!/bin/sh
# tui_procs: the Processes view (5) on live traffic in a namespace made
# for the test, at 80x24, 120x40 and 200x60: the HTTP server's row shows
# its PID, command and user; Enter lists its connections with the Process
# and User columns, Esc comes back; the scoped packet list names the
# owner. A capture file shows no processes and says why. Root only.
. "$(dirname "$0")/../lib/tui_lib.sh"
TUI_TIMEOUT=120
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 ||
	! command -v curl >/dev/null 2>&1; then
	echo "SKIP: needs root, ip and curl"; exit 77
fi
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
NS=pktop-tprc-$$ H=pktph$$ N=pktpn$$
SRV=
cleanup_ns() {
	[ -n "$SRV" ] && kill "$SRV" 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	ip link del "$H" 2>/dev/null
}
trap 'cleanup_ns; tui_cleanup' EXIT
ip netns add "$NS" || { echo "SKIP: no network namespaces"; exit 77; }
ip link add "$H" type veth peer name "$N" netns "$NS" || fail "veth"
ip addr add 10.214.3.1/24 dev "$H"
ip link set "$H" up
ip -n "$NS" link set lo up
ip -n "$NS" addr add 10.214.3.2/24 dev "$N"
ip -n "$NS" link set "$N" up
ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups \
	"$PY" -m http.server 8088 --bind 10.214.3.2 --directory "$TUI_TMP" \
	>/dev/null 2>&1 &
SRV=$!
sleep 1

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
		# the selected row's hidden cells: both named below
		tui_wait "Process: python3/$SRV +User: nob" 10 ||
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
	tui_quit || fail "quit"
	tmux_ kill-server >/dev/null 2>&1
done

# a file: no processes, and the view says why
tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait "Hosts" || fail "no UI"
tui_keys 5
tui_wait "no local sockets" 30 || fail "file: no reason shown"
tui_quit || fail "quit"
echo PASS
