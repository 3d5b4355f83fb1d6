#!/bin/sh
# tui_scroll: > and < scroll the table a column at a time, each column from
# the first shown drawn whole (a cut one ends in …, an endpoint keeps its
# port); < back past the first returns to the fitted layout; > stops where
# the rest already fit; a column wider than the screen is read to its
# end (the packet list's long Info). n and N step through a find's
# matches round the end; without a find n still toggles names. At 80x24,
# 120x40, 200x60.
. "$(dirname "$0")/../lib/tui_lib.sh"
CAP="$TUI_TMP/long.pcap"
python3 "$top_srcdir/tests/lib/long_names_pcap.py" "$CAP" ||
	fail "cannot craft the capture"
LONG='very-long-service-name-0\.cdn\.eu-west-1\.example\.internal'
V6A='\[2001:db8:1234:5678:9abc:def0:1122:3344\]:5000[0-5]'

# the table's rows (below the column titles, above the status line)
rows() {
	tui_screen | head -n -2 | awk -v h="$1" '$0 ~ h { on = 1; next }
		on && NF { print }'
}
# every endpoint-looking word ends in a port, every cut word in …
check_whole() {
	rows "$2" >"$TUI_TMP/rows"
	[ -s "$TUI_TMP/rows" ] || fail "$1: no rows"
	tr ' ' '\n' <"$TUI_TMP/rows" | grep -E '^(\[2001|192\.168|203\.0)' |
		while read -r e; do
			echo "$e" | grep -Eq ':(https|[0-9]+)$' ||
				fail "$1: endpoint without its port: $e"
		done
	tr ' ' '\n' <"$TUI_TMP/rows" | grep -E '^(very|api)' |
		while read -r n; do
			echo "$n" | grep -Eq '(\.test|\.internal|…)$' ||
				fail "$1: name cut without a mark: $n"
		done
}

for size in "80 24" "120 40" "200 60"; do
	set -- $size
	tui_start "$1" "$2" "$PKTOP" -n -r "$CAP" || fail "cannot start tmux"
	tui_wait 'end of file' || exit 1
	tui_keys 2
	tui_wait 'Endpoint A +Endpoint B' || exit 1
	fitted=$(tui_screen | grep -E 'Endpoint A +Endpoint B')
	# > once: every column from the first whole, Proto (dropped at 80
	# columns) back, the IPv6 endpoint A whole
	tui_keys '>'
	tui_wait '^Proto +Endpoint A' || fail "$1x$2: > did not show Proto first"
	tui_wait 'col 1 ' || fail "$1x$2: the tab line does not say the scroll"
	tui_screen | grep -Eq "^tcp +$V6A " ||
		fail "$1x$2: endpoint A not whole after >"
	check_whole "$1x$2 >" '^Proto'
	# on to Server name: the long name whole at every size
	tui_keys '>' '>' '>' '>'
	tui_wait "$LONG" || fail "$1x$2: >x5 did not show the whole name"
	check_whole "$1x$2 >x5" 'Server name'
	# > stops where the rest already fit: some column is still shown
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12; do tui_keys '>'; done
	sleep 0.5
	rows '(Server name|State|Pkts|Age|Bytes)' | grep -q . ||
		fail "$1x$2: > scrolled the table empty"
	# ... and there the last column (the health mark !) is on screen,
	# whole
	tui_screen | grep -E 'Server name|State|Bytes|Age|RTT ms' |
		grep -Eq ' !$' ||
		fail "$1x$2: > at its end does not show the last column"
	# < back past the first: the fitted layout again
	for _ in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17; do tui_keys '<'; done
	tui_wait_gone 'col [0-9]+ ' || fail "$1x$2: < did not come back"
	now=$(tui_screen | grep -E 'Endpoint A +Endpoint B')
	[ "$now" = "$fitted" ] || fail "$1x$2: not the fitted layout: $now"

	# n / N: a find's matches, round the end
	tui_keys / a p i 1 Enter
	tui_wait_gone 'api2\.' || fail "$1x$2: find api1 kept other rows"
	[ "$(rows 'Endpoint A' | wc -l)" = 3 ] ||
		fail "$1x$2: find api1 does not give 3 rows"
	tui_keys n
	tui_wait 'match 2 of 3' || fail "$1x$2: n did not go to match 2"
	tui_keys N N
	tui_wait 'match 3 of 3' || fail "$1x$2: N did not wrap to the last"
	tui_keys n
	tui_wait 'match 1 of 3' || fail "$1x$2: n did not wrap to the first"
	rows 'Endpoint A' | head -1 | grep -q . || fail "$1x$2: no rows"
	tui_keys Escape
	tui_wait_gone 'find "api1"' || fail "$1x$2: Esc kept the find"
	tui_keys n
	tui_wait 'host names on' || fail "$1x$2: n without a find is not names"
	tui_keys N
	tui_wait 'no find in force' || fail "$1x$2: N without a find says nothing"
	tui_quit || exit 1
done
# the packet list at 80x24: an Info longer than the screen is read to
# its end, > moving half a screen along it as less -S does (before, >
# stopped at its start: the end could never be read); more > keeps the
# end on screen, < goes back
HTTP="$TUI_TMP/http.pcap"
PYTHONPATH="$top_srcdir/tests/lib" python3 - "$HTTP" <<'PY' ||
import sys
from pktcraft import ether, ipv4, tcp, pcap_write
c, s = [10, 9, 0, 1], [10, 9, 0, 2]
path = b"/" + b"".join(b"part-%02d/" % i for i in range(24)) + b"the-end-of-info.html"
req = b"GET " + path + b" HTTP/1.1\r\nHost: example.org\r\n\r\n"
SYN, ACK, PSH = 2, 16, 8
f = lambda a, b, p: ether(ipv4(6, p, a, b))
pk = [f(c, s, tcp(40000, 80, 1, 0, SYN)),
      f(s, c, tcp(80, 40000, 100, 2, SYN | ACK)),
      f(c, s, tcp(40000, 80, 2, 101, ACK)),
      f(c, s, tcp(40000, 80, 2, 101, PSH | ACK, req))]
pcap_write(sys.argv[1], [(1700000000 + i, 0, p, len(p))
                         for i, p in enumerate(pk)])
PY
	fail "cannot craft the HTTP capture"
END='the-end-of-info\.html HTTP/1\.1'
tui_start 80 24 "$PKTOP" -n -r "$HTTP" || fail "cannot start tmux"
tui_wait 'end of file' || exit 1
tui_keys 4
tui_wait 'GET /part-00/' || exit 1
rows '^ *No\.' | grep -Eq "$END" && fail "80x24: the long Info is not cut to begin with"
n=0
until rows '(^ *No\.|Info)' | grep -Eq "$END"; do
	n=$((n + 1))
	[ "$n" -le 20 ] || fail "80x24: > never showed the end of the long Info"
	tui_keys '>'
	sleep 0.2
done
# along the column, each row's start went, marked
rows 'Info' | grep -Eq "^….*$END\$" ||
	fail "80x24: the scrolled Info does not start with … and end at the edge"
for _ in 1 2 3 4 5; do tui_keys '>'; done
sleep 0.5
rows 'Info' | grep -Eq "$END\$" || fail "80x24: > past the end lost the end"
for _ in $(seq 1 40); do tui_keys '<'; done
tui_wait_gone 'col [0-9]+ ' || fail "80x24: < did not come back"
tui_wait '^ *No\. +Time' || fail "80x24: < did not bring back the fitted list"
tui_quit || exit 1
echo "PASS"
