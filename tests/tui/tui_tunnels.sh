#!/bin/sh
# tui_tunnels: a tunnel's outer connections say the tunnel (Geneve,
# VXLAN, also on Linux's port 8472), the flows inside are rows of their
# own marked "[in geneve]", the hosts seen only inside carry the
# tunnel's name in the Hosts view's Tunnel column, and the Protocols view
# has the tunnel's row and the inner application's, each with tshark's
# frame count. At 80x24, 120x40 and 200x60.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine geneve.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
G="$DATA/geneve.pcap"
V="$DATA/vxlan_port_8472.pcap"
geneve=$(tshark -r "$G" -Y geneve 2>/dev/null | wc -l)
ssh=$(tshark -r "$G" -Y 'tcp.port == 22' 2>/dev/null | wc -l)
vxlan=$(tshark -r "$V" -d udp.port==8472,vxlan -Y vxlan 2>/dev/null | wc -l)
[ "$geneve" -gt 0 ] && [ "$ssh" -gt 0 ] && [ "$vxlan" -gt 0 ] ||
	fail "tshark finds no tunnel ($geneve Geneve, $ssh SSH, $vxlan VXLAN frames)"

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n -r "$G" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	# Hosts: the inner ends say geneve, the outer ends nothing
	tui_wait '^Host +Tunnel ' || fail "$1x$2: no Tunnel column"
	tui_wait '^30\.0\.0\.1 +geneve ' || fail "$1x$2: 30.0.0.1 not marked geneve"
	tui_screen | grep -Eq '^20\.0\.0\.1 +geneve' &&
		fail "$1x$2: an outer host marked as inside"
	# Connections: every row on 6081 says Geneve; the SSH flow inside
	tui_keys 2
	tui_wait '30\.0\.0\.2:51225 +30\.0\.0\.1:ssh +SSH +\[in geneve\]' ||
		fail "$1x$2: no SSH flow marked inside Geneve"
	[ "$(tui_screen | grep -Ec ':6081 +Geneve ')" = 4 ] ||
		fail "$1x$2: not 4 outer rows labelled Geneve"
	tui_screen | grep -Eq ':6081 +SSH' && fail "$1x$2: an outer row says SSH"
	# Protocols: the tunnel's row and the SSH inside, as tshark counts
	tui_keys 3
	tui_wait "^Geneve +application +$geneve " ||
		fail "$1x$2: the Geneve row is not $geneve frames"
	tui_wait "^SSH +application +$ssh " ||
		fail "$1x$2: the SSH row is not $ssh frames"
	tui_quit || exit 1
done
# Linux's VXLAN port: the outer rows say VXLAN, the ICMP inside is a row
tui_start 120 40 "$PKTOP" -n -r "$V" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 2
tui_wait '192\.168\.203\.3 +192\.168\.203\.5 +- +\[in vxlan\]' ||
	fail "8472: no ICMP flow inside VXLAN"
[ "$(tui_screen | grep -Ec ':8472 +VXLAN ')" = 4 ] ||
	fail "8472: not 4 outer rows labelled VXLAN"
tui_keys 3
tui_wait "^VXLAN +application +$vxlan " ||
	fail "8472: the VXLAN row is not $vxlan frames (tshark, decoded as VXLAN)"
tui_quit || exit 1
echo PASS
