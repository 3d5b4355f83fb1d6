#!/bin/sh
# tui_views: each view of `pktop -r mixed.pcap` shows the right top rows
# (checked against `pktop --batch --format json` of the same file), and
# s / r change the order.
. "$(dirname "$0")/tui_lib.sh"
tui_need_engine mixed.pcap
J="$TUI_TMP/probe.json"

# Top host and top connection by total bytes, the most frequent protocol.
set -- $(python3 - "$J" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
h = sorted(d["hosts"], key=lambda h: -(h["tx_bytes"] + h["rx_bytes"]))
c = sorted(d["connections"], key=lambda c: -(c["a_to_b_bytes"] + c["b_to_a_bytes"]))
a = sorted(d["hosts"], key=lambda h: h["addr"])
print(h[0]["addr"], h[0]["tx_packets"] + h[0]["rx_packets"],
      c[0]["a"], c[0]["b"], d["totals"]["packets"], a[0]["addr"])
PY
)
TOP_HOST=$1 TOP_HOST_PKTS=$2 CONN_A=$3 CONN_B=$4 TOTAL=$5 FIRST_ADDR=$6

tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait "packets $TOTAL " || exit 1
tui_wait '1 Hosts' || exit 1
tui_screen >"$TUI_TMP/hosts.txt"

row=$(tui_row '^Host' 1)
echo "$row" | grep -q "^$TOP_HOST " || fail "hosts: top row is not $TOP_HOST: $row"
echo "$row" | grep -Eq " $TOP_HOST_PKTS\$" || fail "hosts: packets of $TOP_HOST are not $TOP_HOST_PKTS"

# Sorting by address (s until the Host column is marked) puts
# FIRST_ADDR on top; r turns it around.
i=0
while ! tui_screen | grep -Eq '^Host[^ ]*[▼▲v^]'; do
	tui_keys s
	sleep 0.2
	i=$((i + 1))
	[ $i -lt 10 ] || fail "no sort key marks the Host column"
done
tui_wait "^$FIRST_ADDR " 30 || fail "sort by address: $FIRST_ADDR not first"
tui_keys r
tui_wait '^Host[^ ]*[▲^]' 30 || fail "r did not reverse"
[ "$(tui_row '^Host' 1 | cut -d' ' -f1)" != "$FIRST_ADDR" ] || fail "r did not change the order"

# Connections: the biggest flow first.
tui_keys 2
tui_wait 'Endpoint A' || exit 1
row=$(tui_row 'Endpoint A' 1)
echo "$row" | grep -q "$CONN_A" && echo "$row" | grep -q "$CONN_B" ||
	fail "connections: top row is not $CONN_A <> $CONN_B: $row"
tui_screen >"$TUI_TMP/conns.txt"

# Protocols: grouped by layer, Ethernet has every packet.
tui_keys 3
tui_wait 'Layer' || exit 1
tui_wait "^Ethernet +link +$TOTAL " || exit 1
tui_screen >"$TUI_TMP/protos.txt"

# Packets: in capture order from number 1.
tui_keys 4
tui_wait 'Destination' || exit 1
tui_row 'Destination' 1 | grep -Eq '^ +1 ' || fail "packets: first row is not packet 1"
tui_wait "1/$TOTAL " || exit 1
tui_screen >"$TUI_TMP/packets.txt"

# Tab cycles back to Hosts; the help overlay lists the bindings.
tui_keys Tab
tui_wait '^Host' || exit 1
tui_keys F1
tui_wait 'toggle port names' || exit 1
tui_keys Escape
tui_wait '^Host' || exit 1

if [ -n "$PKTOP_SCREENSHOTS" ]; then
	for v in hosts conns protos packets; do
		cp "$TUI_TMP/$v.txt" "$PKTOP_SCREENSHOTS/$v.txt"
	done
fi
tui_quit || exit 1
echo "PASS"
