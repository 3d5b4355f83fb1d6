#!/bin/sh
# tui_layout: nothing is cut silently at 80x24, 120x40 and 200x60, on a
# capture made here with long server names, IPv6 and high ports: every
# endpoint shown keeps its whole port, every cut server name ends in …,
# Connections keeps Server name and State at 80x24, the packet list gives
# Info at least half the width, the selected row's cut cells are spelled
# out in the status line (cut between whole items); at 200x60 the less
# useful columns give way so IPv6 endpoints and long names are whole.
# The time of day (t) keeps Time too, in milliseconds at 80 columns, as
# tshark -t a has it. The help scrolls and says what follows; Enter on a
# host lists all its connections (as --batch counts them), and Esc goes
# back to Hosts.
. "$(dirname "$0")/../lib/tui_lib.sh"
CAP="$TUI_TMP/long.pcap"
python3 "$top_srcdir/tests/lib/long_names_pcap.py" "$CAP" ||
	fail "cannot craft the capture"

# every endpoint on screen ends in a whole port of the capture
PORTS='(https|3764[3-9]|3765[0-4]|5000[0-5])'
check_conns() {
	tui_screen | awk '/Endpoint A +Endpoint B/ { on = 1; next }
		on && / TLS / { sub(/^tcp +/, ""); print }' >"$TUI_TMP/rows"
	[ -s "$TUI_TMP/rows" ] || fail "$1: no connection rows"
	while read -r a b _; do
		for e in "$a" "$b"; do
			echo "$e" | grep -Eq ":$PORTS\$" ||
				fail "$1: endpoint without its whole port: $e"
		done
	done <"$TUI_TMP/rows"
	# a server name is whole or ends in the cut mark
	grep -Eo '(api|very-long)[^ ]*' "$TUI_TMP/rows" | while read -r n; do
		echo "$n" | grep -Eq '(\.test|\.internal|…)$' ||
			fail "$1: server name cut without a mark: $n"
	done
}

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n -r "$CAP" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_keys 2
	tui_wait 'Endpoint A +Endpoint B' || exit 1
	hdr=$(tui_screen | grep -E 'Endpoint A +Endpoint B')
	echo "$hdr" | grep -q 'Server name' || fail "$1x$2: no Server name: $hdr"
	echo "$hdr" | grep -q 'State' || fail "$1x$2: no State: $hdr"
	# a file names no process: no column of "-" takes the width
	echo "$hdr" | grep -Eq 'Process|User|Container' &&
		fail "$1x$2: process columns for a file: $hdr"
	check_conns "$1x$2"
	# 200 columns: the less useful columns (10 s rates, Pkts, Age) give
	# way, and the IPv6 endpoints and long names are whole in the table
	# itself (not only on the status line), nothing cut
	if [ "$1" = 200 ]; then
		tui_screen | head -n -2 | sed -n '/Endpoint A/,$p' >"$TUI_TMP/table"
		grep -q 'very-long-service-name-0\.cdn\.eu-west-1\.example\.internal ' "$TUI_TMP/table" ||
			fail "200 columns: the long name is still cut"
		grep -q '\[2001:db8:1234:5678:9abc:def0:1122:3344\]:50000 ' "$TUI_TMP/table" ||
			fail "200 columns: IPv6 endpoint A is still cut"
		grep -q '\[2001:db8:aabb:ccdd:eeff:11:2233:4401\]:https ' "$TUI_TMP/table" ||
			fail "200 columns: IPv6 endpoint B is still cut"
		grep -q '…' "$TUI_TMP/table" &&
			fail "200 columns: a cut cell where less useful columns could give way: $(grep '…' "$TUI_TMP/table" | head -1)"
	fi
	# the selected row's cut cells, whole, in the status line
	if [ "$1" = 80 ]; then
		tui_wait 'Endpoint A: \[2001:db8:1234:5678:9abc:def0:1122:3344\]:5000' ||
			fail "the selected row's cut cells are not spelled out"
		# ... cut between whole "Title: value" items, then …: never
		# in an address or a port (it once ended "[2001:d…" and
		# "...:376")
		tui_screen | tail -n 2 | head -n 1 |
			grep -Eq '^Endpoint A: \[2001:db8:1234:5678:9abc:def0:1122:3344\]:50000  …$' ||
			fail "80x24: the status line is not cut after a whole item"
		for _ in 1 2 3 4 5 6 7 8; do
			st=$(tui_screen | tail -n 2 | head -n 1)
			case "$st" in
			*"  …" | *[!…]) ;;
			*) echo "$st" | grep -Eq '  [^ ][^:]*: ' &&
				fail "80x24: the status line is cut inside a value: $st" ;;
			esac
			tui_keys Down
			sleep 0.2
		done
	fi
	# packets: Info starts no later than half way
	tui_keys 4
	tui_wait '^ *No\.' || exit 1
	# and Time stays, in milliseconds below 100 columns (the issue's
	# "shorter time format"), in microseconds from there
	if [ "$1" = 80 ]; then digits=3; else digits=6; fi
	tui_screen | grep -Eq '^ *No\. +Time ' || fail "$1x$2: the packet list has no Time"
	tui_screen | grep -Eq "^ +1 +0\.[0-9]{$digits} " ||
		fail "$1x$2: the first packet's time is not in $digits decimals"
	col=$(tui_screen | grep -E '^ *No\.' | awk '{ print index($0, "Info") }')
	# (or later when every Info text is whole: the addresses had room)
	if [ "$col" -gt $(($1 / 2 + 1)) ]; then
		tui_screen | awk '/^ *No\./ { on = 1; next } on' |
			grep -q '…' && fail "$1x$2: Info starts at column $col"
	fi
	[ "$col" -gt 0 ] || fail "$1x$2: no Info column"
	# t t: the time of day (Wireshark's View > Time Display Format) keeps
	# Time too, HH:MM:SS.mmm below 100 columns; Info gives up a few cells
	tui_keys t t
	tui_wait 'time: absolute' || exit 1
	want=$(tshark -r "$CAP" -c 1 -t a -T fields -e _ws.col.Time 2>/dev/null)
	[ "$1" = 80 ] && want=$(echo "$want" | cut -c1-12)
	tui_screen | grep -Eq '^ *No\. +Time ' ||
		fail "$1x$2: absolute time: the packet list has no Time"
	tui_screen | grep -Eq "^ +1 +$want " ||
		fail "$1x$2: absolute time: the first packet's is not $want"
	col=$(tui_screen | grep -E '^ *No\.' | awk '{ print index($0, "Info") }')
	[ "$col" -gt 0 ] && [ "$col" -le $(($1 * 6 / 10 + 1)) ] ||
		fail "$1x$2: absolute time: Info starts at column $col"
	tui_quit || exit 1
done

# the milliseconds are cut as Wireshark cuts them at that precision,
# not rounded: mixed.pcap's first packets are at .183855 and so on
tui_start 80 24 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4 t t
tui_wait 'time: absolute' || exit 1
tshark -r "$DATA/mixed.pcap" -c 5 -t a -T fields -e frame.number \
	-e _ws.col.Time 2>/dev/null |
	awk '{ print $1, substr($2, 1, 12) }' >"$TUI_TMP/times"
[ -s "$TUI_TMP/times" ] || fail "tshark gave no times"
while read -r no t; do
	tui_screen | grep -Eq "^ +$no +$t " ||
		fail "80x24: packet $no is not at $t as tshark -t a has it"
done <"$TUI_TMP/times"
tui_quit || exit 1

# help: scrolls, says what lies below and above, and no key acts under it
tui_start 80 24 "$PKTOP" -n -r "$CAP" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys '?'
tui_wait 'more below' || fail "the help does not say more follows"
tui_keys NPage
tui_wait 'more above' || fail "PgDn did not scroll the help"
tui_keys G
tui_wait_gone 'more below' || exit 1
tui_keys 2 # closes the help, and does not switch views
tui_wait_gone 'more above' || exit 1
tui_screen | grep -q '^Host' || fail "a key under the help acted"
# Enter on a host opens its connections; Esc goes back to Hosts
tui_keys Enter
tui_wait 'Endpoint A +Endpoint B' || exit 1
tui_keys Escape
tui_wait '^Host' || fail "Esc did not go back to Hosts"
tui_quit || exit 1

# full tables: the header says what was evicted, by kind, as --batch
# counts it, at 80 columns too; the pairs that no longer fit end in …
ev=$("$PKTOP" --batch --format json --max-hosts 2 --max-connections 10 \
	-r "$DATA/mixed.pcap" 2>/dev/null |
	python3 -c 'import json, sys
t = json.load(sys.stdin)["totals"]
print(t["evicted_hosts"], t["evicted_connections"])') ||
	fail "cannot read the evictions"
set -- $ev
[ "$1" -gt 0 ] && [ "$2" -gt 0 ] || fail "no evictions to show: $ev"
tui_start 80 24 "$PKTOP" -n --max-hosts 2 --max-connections 10 -r "$DATA/mixed.pcap" ||
	fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_wait "^ total .* evicted $1 hosts $2 conns .*…\$" ||
	fail "80x24: the header does not say evicted $1 hosts $2 conns, or cuts silently"
tui_quit || exit 1

# the connections Enter opens on a host are all those with the host at
# one end, as --batch counts them (TCP and UDP with their ports, not
# only the portless ICMP row a find of " 10.77.0.1 " matched); a find
# of one's own narrows them and Esc clears it first
want=$("$PKTOP" --batch --format json -r "$DATA/mixed.pcap" 2>/dev/null |
	python3 -c 'import json, sys
print(sum(1 for c in json.load(sys.stdin)["connections"]
          if "10.77.0.1" in (c["a"], c["b"])))') ||
	fail "cannot count the host's connections"
[ "$want" -gt 10 ] || fail "mixed.pcap: only $want connections of 10.77.0.1"
for size in "80 24" "120 40"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_wait '^10\.77\.0\.1 ' || fail "$1x$2: 10.77.0.1 is not the first host"
	tui_keys Enter
	tui_wait "host 10\.77\.0\.1 .* 1/$want\$" ||
		fail "$1x$2: Enter on 10.77.0.1 does not list its $want connections"
	tui_screen | grep -Eq '10\.77\.0\.1:[0-9]+ +10\.77\.0\.2:ssh' ||
		fail "$1x$2: the host's TCP connections are not shown"
	# the key line: … where keys did not fit (80), n steps the find
	[ "$1" = 80 ] && { tui_screen | tail -n 1 | grep -q '…$' ||
		fail "80x24: the key line is cut without …"; }
	tui_keys / s s h Enter
	tui_wait ' 1/3$' || fail "$1x$2: a find did not narrow the host's connections"
	[ "$1" = 120 ] && { tui_screen | tail -n 1 | grep -q ' n Next ' ||
		fail "120x40: with a find in force the key line does not say n Next"; }
	tui_keys Escape
	tui_wait "host 10\.77\.0\.1 .* 1/$want\$" ||
		fail "$1x$2: Esc did not clear the find first"
	tui_keys Escape
	tui_wait '^Host' || fail "$1x$2: Esc did not go back to Hosts"
	tui_quit || exit 1
done
echo "PASS"
