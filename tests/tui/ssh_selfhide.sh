#!/bin/sh
# ssh_selfhide: with SSH_CONNECTION naming one connection of a capture,
# that connection is left out of the batch report and of the UI's tables
# (the header says so); H brings it back for the packets that follow;
# --show-self and a malformed SSH_CONNECTION hide nothing.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

# mixed.pcap: the SSH connection 10.77.0.1:33960 -> 10.77.0.2:22 has 42
# of the 670 frames (tshark -Y 'tcp.port==33960'), from 2.57 s on.
SELF="10.77.0.1 33960 10.77.0.2 22"
want=$(tshark -r "$DATA/mixed.pcap" -Y 'tcp.port==33960' 2>/dev/null | wc -l)
[ "$want" -gt 0 ] || want=42

batch() { # SSH_CONNECTION [ARGS] -> "packets has33960 has33946"
	env SSH_CONNECTION="$1" "$PKTOP" --batch --format json \
		-r "$DATA/mixed.pcap" $2 | python3 -c '
import json, sys
d = json.load(sys.stdin)
ports = {c.get("a_port") for c in d["connections"]}
print(d["totals"]["packets"], 33960 in ports, 33946 in ports)'
}
got=$(batch "$SELF")
[ "$got" = "$((670 - want)) False True" ] || fail "batch with SSH_CONNECTION: $got"
got=$(batch "$SELF" --show-self)
[ "$got" = "670 True True" ] || fail "batch with --show-self: $got"
got=$(batch "10.77.0.1 33960 10.77.0.2) or (tcp 22")
[ "$got" = "670 True True" ] || fail "batch with a malformed SSH_CONNECTION: $got"

# The UI, hidden: the header says so and a find for the port finds nothing.
tui_start 120 40 env SSH_CONNECTION="'$SELF'" "$PKTOP" -n -N \
	-r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'hiding this SSH session' || exit 1
tui_wait 'end of file' || exit 1
tui_keys 2 / 
tui_keys -l '33960'
tui_keys Enter
tui_wait 'find "33960"' || exit 1
tui_wait 'no rows match' || fail "the hidden session is found"
tui_screen | grep -q '10\.77\.0\.1:33960' && fail "the hidden session is listed"
tui_quit || exit 1
tmux_ kill-server >/dev/null 2>&1

# Toggled back at once (replayed at half speed: the session starts 5 s in),
# it is counted again.
tui_start 120 40 env SSH_CONNECTION="'$SELF'" "$PKTOP" -n -N \
	--replay=0.5 -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'hiding this SSH session' || exit 1
tui_keys H
tui_wait 'showing this SSH session' || exit 1
tui_screen | grep -q '(hiding this SSH session)' && fail "header still says hiding"
tui_wait 'end of file' 150 || exit 1
tui_keys 2 /
tui_keys -l '33960'
tui_keys Enter
tui_wait '10\.77\.0\.1:33960 ' || fail "the session is not back after H"
tui_quit || exit 1
echo PASS
