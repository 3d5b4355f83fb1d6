#!/bin/sh
# ssh_selfhide_hosts: H takes our own SSH session off the Hosts view too:
# both ends' packets (and bytes, rates) no longer count the session's,
# as tshark counts them without it; H again counts it back. mixed.pcap's
# SSH connection is 10.77.0.1:33960 -> 10.77.0.2:22. At 80x24, 120x40
# and 200x60.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
SELF="10.77.0.1 33960 10.77.0.2 22"
F="$DATA/mixed.pcap"
count() { tshark -r "$F" -Y "$1" 2>/dev/null | wc -l; }
a_all=$(count 'ip.addr==10.77.0.1')
b_all=$(count 'ip.addr==10.77.0.2')
a_less=$(count 'ip.addr==10.77.0.1 && !(tcp.port==33960)')
b_less=$(count 'ip.addr==10.77.0.2 && !(tcp.port==33960)')
[ "$a_less" -lt "$a_all" ] && [ "$b_less" -lt "$b_all" ] ||
	fail "tshark sees no SSH session in the capture"

# host_has ADDR N: ADDR's row has N as a whole column (its Packets)
host_has() {
	tui_screen | grep -Eq "^$1 .* $2( |\$)"
}

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" env SSH_CONNECTION="'$SELF'" "$PKTOP" -n -N \
		--show-self -r "$F" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_wait 'packets 670 ' || fail "$1x$2: not every packet counted"
	tui_keys 1
	tui_wait '^10\.77\.0\.1 ' || fail "$1x$2: no hosts"
	host_has '10\.77\.0\.1' "$a_all" || fail "$1x$2: 10.77.0.1 not $a_all packets"
	host_has '10\.77\.0\.2' "$b_all" || fail "$1x$2: 10.77.0.2 not $b_all packets"
	tui_keys H
	tui_wait 'hiding this SSH session' || exit 1
	n=0
	until host_has '10\.77\.0\.1' "$a_less"; do
		n=$((n + 1))
		[ "$n" -lt 50 ] || fail "$1x$2: H left 10.77.0.1 at more than $a_less packets"
		sleep 0.1
	done
	host_has '10\.77\.0\.2' "$b_less" || fail "$1x$2: H left 10.77.0.2 at more than $b_less packets"
	tui_keys H
	tui_wait 'showing this SSH session' || exit 1
	n=0
	until host_has '10\.77\.0\.1' "$a_all"; do
		n=$((n + 1))
		[ "$n" -lt 50 ] || fail "$1x$2: H again did not count it back"
		sleep 0.1
	done
	host_has '10\.77\.0\.2' "$b_all" || fail "$1x$2: 10.77.0.2 not back to $b_all"
	tui_quit || exit 1
done
echo PASS
