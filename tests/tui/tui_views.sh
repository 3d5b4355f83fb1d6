#!/bin/sh
# tui_views: each view of `pktop -r mixed.pcap` shows the right top rows
# (checked against `pktop --batch --format json` of the same file), and
# s / r change the order.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap
J="$TUI_TMP/probe.json"

# check KIND ROW: is ROW a top row of that table in the batch JSON?
# (Ties on bytes are common, so any row with the largest total counts.)
check() {
	python3 - "$J" "$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
kind, row = sys.argv[2], sys.argv[3].split()
if kind == "host":
    tot = lambda h: h["tx_bytes"] + h["rx_bytes"]
    best = max(tot(h) for h in d["hosts"])
    ok = [h for h in d["hosts"] if tot(h) == best and h["addr"] == row[0]]
    # the Packets cell (the health columns may follow it)
    ok = [h for h in ok if str(h["tx_packets"] + h["rx_packets"]) in row[1:]]
elif kind == "conn":
    tot = lambda c: c["a_to_b_bytes"] + c["b_to_a_bytes"]
    best = max(tot(c) for c in d["connections"])
    def ep(s):  # "10.0.0.1:443", "[fd00::1]:80" or a bare address
        if s.startswith("["):
            return s[1:s.index("]")]
        return s.rsplit(":", 1)[0] if s.count(":") == 1 else s
    # Proto first when it fits (at 120 columns it gives way to the
    # rate columns on longer endpoints)
    r = row if ":" in row[0] or "." in row[0] else row[1:]
    ends = [ep(w) for w in r[0:2]]
    ok = [c for c in d["connections"] if tot(c) == best and
          [c["a"], c["b"]] == ends]
else:
    first = sorted(h["addr"] for h in d["hosts"])
    ok = first[0] == row[0]
sys.exit(0 if ok else 1)
PY
}
TOTAL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$J")
FIRST_ADDR=$(python3 -c 'import json,sys; print(sorted(h["addr"] for h in json.load(open(sys.argv[1]))["hosts"])[0])' "$J")

tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait "packets $TOTAL " || exit 1
tui_wait '1 Hosts' || exit 1
tui_screen >"$TUI_TMP/hosts.txt"

row=$(tui_row '^Host' 1)
check host "$row" || fail "hosts: not a top host with its packets: $row"

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
# the arrow points the way the order goes: A to Z up, reversed down
tui_wait '^Host▲' 30 || fail "an ascending order is not marked ▲"
tui_keys r
tui_wait '^Host▼' 30 || fail "r did not reverse"
[ "$(tui_row '^Host' 1 | cut -d' ' -f1)" != "$FIRST_ADDR" ] || fail "r did not change the order"

# Connections: the biggest flow first.
tui_keys 2
tui_wait 'Endpoint A' || exit 1
row=$(tui_row 'Endpoint A' 1)
check conn "$row" || fail "connections: not a top connection: $row"
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
tui_wait "1/$TOTAL$" || exit 1
tui_screen >"$TUI_TMP/packets.txt"

# Tab goes on to Processes, then back to Hosts; the help overlay lists
# the bindings.
tui_keys Tab
tui_wait '^ *PID Command' || exit 1
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
