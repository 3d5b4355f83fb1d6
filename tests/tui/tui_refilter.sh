#!/bin/sh
# tui_refilter: f on a capture file reads the file again with the new
# filter, so every view (Hosts, Connections, Protocols, Packets) shows
# only what it lets in; the counts are tshark's (-Y udp) and
# `pktop --batch -f udp`'s; marks on packets the filter keeps stay
# marked, the others go. At 80x24, 120x40 and 200x60.
TUI_TIMEOUT=150
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
cp "$DATA/mixed.pcap" "$TUI_TMP/m.pcap"
F="$TUI_TMP/m.pcap"

all=$(tshark -r "$F" 2>/dev/null | wc -l)
udp=$(tshark -r "$F" -Y udp 2>/dev/null | wc -l)
first_udp=$(tshark -r "$F" -Y udp -T fields -e frame.number 2>/dev/null | head -1)
"$PKTOP" --batch --format json -f udp -r "$F" >"$TUI_TMP/b.json" ||
	fail "pktop --batch -f udp failed"
python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
print(len(d["hosts"]), len(d["connections"]), d["totals"]["packets"])
print(" ".join(str(h["tx_packets"] + h["rx_packets"]) for h in d["hosts"]))
' "$TUI_TMP/b.json" >"$TUI_TMP/b.txt" || fail "cannot read the batch JSON"
read -r nhosts nconns bpk <"$TUI_TMP/b.txt"
hostpk=$(sed -n 2p "$TUI_TMP/b.txt")
[ "$bpk" = "$udp" ] || fail "batch -f udp counts $bpk packets, tshark -Y udp $udp"
[ "$udp" -gt 0 ] && [ "$udp" -lt "$all" ] || fail "the capture needs UDP and more"

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n -r "$F" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_wait "packets $all " || fail "$1x$2: not the whole file counted"
	# mark packet 1 (TCP) and the first two UDP packets
	tui_keys 4
	tui_wait '^ +1 ([0-9.]+ +)?10\.77' || fail "$1x$2: no packet list"
	# m marks and steps to the next packet
	tui_keys m
	i=2
	while [ "$i" -lt "$first_udp" ]; do
		tui_keys j
		i=$((i + 1))
	done
	tui_keys m m
	tui_wait "^ *\\*$((first_udp + 1)) " ||
		fail "$1x$2: packet $((first_udp + 1)) not marked"
	tui_wait '\(3 marked' || fail "$1x$2: not 3 packets marked"
	tui_keys f u d p Enter
	tui_wait 'filter: udp +\(file read again with this filter\)' ||
		fail "$1x$2: the header does not say the file was read again"
	tui_wait "packets $udp " || fail "$1x$2: not $udp packets after f udp"
	tui_wait '2 of 3 marked packets match' ||
		fail "$1x$2: the marks were not kept"
	tui_wait "hosts/conns $nhosts/$nconns" ||
		fail "$1x$2: hosts/conns not $nhosts/$nconns as --batch -f udp"
	# Packets: renumbered from 1, the two UDP marks on 1 and 2
	tui_wait '^ *\*1 ' || fail "$1x$2: UDP packet 1 not marked"
	tui_screen | grep -Eq '^ *\*2 ' || fail "$1x$2: UDP packet 2 not marked"
	tui_screen | grep -Eq '^ *\*3 ' && fail "$1x$2: packet 3 marked"
	tui_screen | grep -Eq ' TCP ' && fail "$1x$2: a TCP packet listed"
	# Connections: the batch's rows, all DNS over UDP (no https/http)
	tui_keys 2
	tui_wait '10\.77\.0\.1:[0-9]+ +10\.77\.0\.2:domain' ||
		fail "$1x$2: no DNS connection"
	tui_screen | grep -Eq '^tcp |Proto: tcp' && fail "$1x$2: a TCP connection"
	[ "$(tui_screen | grep -Ec '10\.77\.0\.[12]:[0-9]+ +10\.77\.0\.[12]:domain ')" = "$nconns" ] ||
		fail "$1x$2: not $nconns DNS connections"
	tui_screen | grep -Eq ':(https|http|443|80) ' && fail "$1x$2: a TCP connection"
	# Protocols: UDP holds every packet, no TCP row
	tui_keys 3
	tui_wait "^UDP +transport +$udp " ||
		fail "$1x$2: the UDP row is not $udp packets"
	tui_screen | grep -Eq '^TCP ' && fail "$1x$2: a TCP protocol row"
	# Hosts: each host's packets as --batch -f udp counts them
	tui_keys 1
	tui_wait "^10\.77\.0\.1 " || fail "$1x$2: no hosts"
	for pk in $hostpk; do
		tui_screen | grep -Eq "^10\.77\.[0-9.]+ .* $pk( |$)" ||
			fail "$1x$2: no host with $pk packets"
	done
	[ "$(tui_screen | grep -Ec '^10\.77\.')" = "$nhosts" ] ||
		fail "$1x$2: not $nhosts hosts"
	# the kept marks are unsaved work: q asks first
	tui_keys q
	tui_wait 'y quits' || fail "$1x$2: q did not ask about the marks"
	tui_keys y
	n=0
	while tui_alive; do
		n=$((n + 1))
		[ "$n" -lt 50 ] || fail "$1x$2: pktop did not quit on y"
		sleep 0.1
	done
done
echo "PASS"
