#!/bin/sh
# tui_expire: live tables forget the dead. In a pair of network
# namespaces made here, 300 short TCP connections and then quiet: the
# Connections view drops them once --expire has passed without a packet
# (the header's totals keep them), x brings them back. A UDP sender that
# stops reads 0 in the 2 s column within 3 s (a true 2 s window, as
# iftop's). The live views sort by the 10 s rate (iftop's default), and
# show its columns even where the view gives them up first.
TUI_TIMEOUT=${TUI_TIMEOUT:-120}
. "$(dirname "$0")/../lib/tui_lib.sh"
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
command -v ip >/dev/null 2>&1 || { echo "SKIP: ip not installed"; exit 77; }
A="pkx-a-$$" B="pkx-b-$$" VA="pkxa$$" VB="pkxb$$"
SRV_PID=
expire_cleanup() {
	[ -n "$SRV_PID" ] && kill "$SRV_PID" 2>/dev/null
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	tui_cleanup
}
trap expire_cleanup EXIT
ip netns add "$A" && ip netns add "$B" &&
	ip link add "$VA" type veth peer name "$VB" &&
	ip link set "$VA" netns "$A" && ip link set "$VB" netns "$B" &&
	ip -n "$A" addr add 10.231.0.1/24 dev "$VA" &&
	ip -n "$B" addr add 10.231.0.2/24 dev "$VB" &&
	ip -n "$A" link set "$VA" up && ip -n "$B" link set "$VB" up &&
	ip -n "$A" link set lo up && ip -n "$B" link set lo up ||
	{ echo "SKIP: cannot make network namespaces"; exit 77; }
for ns in "$A" "$B"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
done
# a listener in B that answers and closes
ip netns exec "$B" python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.231.0.2", 8080)); s.listen(512)
while True:
    c, _ = s.accept(); c.sendall(b"ok\n"); c.close()
' &
SRV_PID=$!

EXPIRE=6
tui_start 120 40 ip netns exec "$B" "$PKTOP" -n -Z root -i "$VB" \
	--expire "$EXPIRE" || fail "cannot start tmux"
tui_wait '1 Hosts' || exit 1
sleep 1
# 300 short connections, as fast as they go
ip netns exec "$A" python3 -c '
import socket
for i in range(300):
    c = socket.create_connection(("10.231.0.2", 8080), timeout=5)
    c.recv(10); c.close()
' || fail "the connections did not run"
tui_keys 2
tui_wait 'Endpoint A' || exit 1
tui_wait '/30[0-9] *$' 50 || fail "300 connections not listed"
tui_wait 'hosts/conns 2/30[0-9]' 30 || fail "totals: 300 connections"
# the live view sorts by the 10 s rate, the arrow says largest first
tui_screen | grep -Eq '10s▼' || fail "live sort is not the 10 s rate"
# quiet: gone from the view after the expiry, still in the totals
tui_wait 'nothing seen yet' $(( (EXPIRE + 6) * 10 )) ||
	fail "ended connections still shown after --expire"
tui_screen | grep -Eq 'hosts/conns 2/30[0-9]' || fail "totals forgot them"
tui_screen | grep -Eq "idle>${EXPIRE}s hidden" || fail "the header does not say"
# x shows the ended ones again
tui_keys x
tui_wait '/30[0-9] *$' 30 || fail "x did not show the ended connections"
tui_keys x

# a sender that stops: its 2 s column reads 0 within 3 s. At 120
# columns the 10 s order leaves the 2 s pair out (quiet over SSH); S,
# the 2 s order, brings it back, first after the host
tui_keys 1
tui_wait '^Host' || exit 1
tui_screen | grep -Eq '^Host +In 10s▼' ||
	fail "Hosts at 120 columns, 10 s order: not the 10 s pair first"
tui_keys S
tui_wait '^Host +In 2s▼ +Out 2s' 30 || fail "S did not bring the 2 s pair"
ip netns exec "$A" python3 -c '
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
end = time.time() + 4
while time.time() < end:
    s.sendto(b"x" * 1000, ("10.231.0.2", 9999)); time.sleep(0.002)
' || fail "the UDP sender did not run"
stopped=$(date +%s.%N)
row=$(tui_row '^Host' 1)
echo "$row" | grep -Eq '^10\.231\.0\.[12] +[1-9]' || fail "the sender's rate is not shown: $row"
n=0
until tui_row '^Host' 1 | grep -Eq '^10\.231\.0\.[12] +0b +0b '; do
	sleep 0.1
	n=$((n + 1))
	[ "$n" -lt 30 ] || fail "2 s column not 0 within 3 s of the stop"
done
echo "2 s column at 0 after $(echo "$(date +%s.%N) - $stopped" | bc 2>/dev/null || echo "<3") s"
tui_quit || exit 1
echo "PASS"
