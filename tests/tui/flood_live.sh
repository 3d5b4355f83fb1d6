#!/bin/sh
# flood_live: floods replayed live at top speed (tcpreplay) through a veth
# pair between two network namespaces made here, so no frame goes
# anywhere else: a UDP flood and a SYN flood, each with a new source
# address in every packet, a flood of new QUIC connections (each a real
# client Initial that decrypts, from a new port of 256 hosts), and one
# connection of full-size segments (an "elephant", 1 Gbit/s-worth:
# tests/bench/gen_capture). In --batch the tables stay within --max-hosts
# / --max-connections, the evicted counters rise (the elephant stays one
# connection) and the peak memory stays bounded; with the UI running in
# tmux, every key press during each flood is answered on screen (the
# latencies and the UI's peak memory are printed for the notes). Under
# the QUIC flood the median key press must be answered within
# QUIC_MEDIAN_MS (50) of the UDP flood's, which takes as much CPU and
# identifies nothing, and the model lock's holds stay short:
# identification (20-90 us an Initial, 1024 to a batch) runs outside the
# model lock; a commit that held the lock through it kept each key
# waiting for tens of milliseconds more.
# FLOOD_MODES picks some of them (for a measurement of one).
TUI_TIMEOUT=${TUI_TIMEOUT:-240}
. "$(dirname "$0")/../lib/tui_lib.sh"
MODES=${FLOOD_MODES:-flood synflood quicflood elephant}
[ "$(id -u)" = 0 ] || { echo "SKIP: not root"; exit 77; }
for t in ip tcpreplay ss; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
[ -x /usr/bin/time ] || { echo "SKIP: /usr/bin/time not installed"; exit 77; }
: "${top_builddir:=$(pwd)}"
GEN="$top_builddir/tests/bench/gen_capture"
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }
PACKETS=300000
QUIC=100000 # 1292-byte frames; the committer opens about 10 000 a second
QUIC_PPS=${QUIC_PPS:-20000}
QUIC_MEDIAN_MS=${QUIC_MEDIAN_MS:-50}
QUIC_HOLD_P90_US=${QUIC_HOLD_P90_US:-8192}
ELEPHANT=100000 # 1514-byte frames: 1.2 Gbit, a second of a 1 Gbit/s link
LIMIT=20000
TX="pkf-tx-$$" RX="pkf-rx-$$" VT="pkft$$" VR="pkfr$$"
TUI_SOCK_FLOOD="pktop-flood-$$"
flood_cleanup() {
	timeout 5 tmux -L "$TUI_SOCK_FLOOD" kill-server >/dev/null 2>&1
	ip netns del "$TX" 2>/dev/null
	ip netns del "$RX" 2>/dev/null
	tui_cleanup
}
trap flood_cleanup EXIT

ip netns add "$TX" && ip netns add "$RX" &&
	ip link add "$VT" type veth peer name "$VR" &&
	ip link set "$VT" netns "$TX" && ip link set "$VR" netns "$RX" &&
	ip -n "$TX" link set "$VT" up && ip -n "$RX" link set "$VR" up ||
	{ echo "SKIP: cannot make network namespaces"; exit 77; }
# nothing but the replayed frames on the link
for ns in "$TX" "$RX"; do
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 2>/dev/null
done

# until pktop in RX has its packet socket open
wait_socket() {
	n=0
	while [ "$n" -lt 100 ]; do
		[ -n "$(ip netns exec "$RX" ss -0 -H 2>/dev/null)" ] && return 0
		sleep 0.1
		n=$((n + 1))
	done
	return 1
}
# the QUIC flood at a rate that keeps the committer opening Initials for
# seconds (at top speed the kernel drops most of them within one)
replay() {
	case $1 in
	*quicflood*) speed="--pps=$QUIC_PPS" ;;
	*) speed=--topspeed ;;
	esac
	ip netns exec "$TX" tcpreplay -q -i "$VT" "$speed" "$1" >"$TUI_TMP/replay.out" 2>&1
}

for mode in $MODES; do
	n=$PACKETS
	[ "$mode" = elephant ] && n=$ELEPHANT
	[ "$mode" = quicflood ] && n=$QUIC
	"$GEN" -m "$mode" -n "$n" -o "$TUI_TMP/$mode.pcap" >/dev/null 2>&1 ||
		fail "gen_capture -m $mode"
	# --batch: the tables bounded, evictions counted, memory bounded
	ip netns exec "$RX" /usr/bin/time -f 'maxrss_kb=%M' "$PKTOP" --batch \
		--format json --interval 1 -n -i "$VR" --max-hosts "$LIMIT" \
		--max-connections "$LIMIT" >"$TUI_TMP/$mode.json" 2>"$TUI_TMP/$mode.err" &
	pid=$!
	wait_socket || fail "$mode: pktop opened no capture: $(cat "$TUI_TMP/$mode.err")"
	replay "$TUI_TMP/$mode.pcap" || fail "$mode: tcpreplay: $(cat "$TUI_TMP/replay.out")"
	sleep 2
	# ip netns exec became /usr/bin/time ($pid), which runs pktop
	for st in /proc/[0-9]*/status; do
		grep -qs "^PPid:[[:space:]]*$pid\$" "$st" &&
			kill -INT "$(basename "$(dirname "$st")")"
	done
	wait "$pid"
	python3 - "$TUI_TMP/$mode.json" "$TUI_TMP/$mode.err" "$LIMIT" "$mode" <<'PY' || fail "$mode: see above"
import json, re, sys
lines = [l for l in open(sys.argv[1]) if l.strip()]
assert lines, "no report"
t = json.loads(lines[-1])["totals"]
limit = int(sys.argv[3])
err = open(sys.argv[2]).read()
rss = int(re.search(r"maxrss_kb=(\d+)", err).group(1))
got = re.search(r"(\d+) packets received by filter", err)
drop = re.search(r"(\d+) packets dropped by kernel", err)
print("%s: %d packets seen, hosts %d (evicted %d), connections %d (evicted %d), "
      "peak RSS %d KiB, kernel drops %s of %s" % (
      sys.argv[4], t["packets"], t["hosts"], t["evicted_hosts"], t["connections"],
      t["evicted_connections"], rss, drop.group(1) if drop else "?",
      got.group(1) if got else "?"))
if sys.argv[4] == "elephant":
    # one connection, whatever the kernel dropped
    assert t["packets"] > 1000 and t["connections"] == 1 and t["hosts"] == 2, t
    assert t["evicted_hosts"] == 0 and t["evicted_connections"] == 0, t
elif sys.argv[4] == "quicflood":
    # 256 clients and 4 servers; the connections pass the limit
    assert t["packets"] > limit and t["hosts"] <= 260, t
    assert t["connections"] <= limit and t["evicted_connections"] > 0, t
else:
    assert t["packets"] > limit, t
    assert t["hosts"] <= limit and t["connections"] <= limit, t
    assert t["evicted_hosts"] > 0 and t["evicted_connections"] > 0, t
# 64 MiB packet store + bounded tables: far below 400 MiB
assert rss < 400 * 1024, rss
PY
done

# the UI under each flood: keys keep being answered. Under the QUIC flood
# the model lock's holds are timed too (tests/bench/lockhold.so, in the
# holding thread's CPU time, which a loaded machine does not stretch),
# unless the shim cannot be preloaded (a sanitizer build's runtime must
# come first). The UDP flood, whose median the QUIC flood's is held to,
# runs under the shim too: it times every lock and unlock, and a CI
# rehearsal read the QUIC flood 40-52 ms slower than a UDP flood
# without it, under load
LH="$top_builddir/tests/bench/lockhold.so"
if [ ! -f "$LH" ] || ! LD_PRELOAD="$LH" "$PKTOP" --version >/dev/null 2>&1; then
	echo "lock holds not timed: $LH cannot be preloaded"
	LH=
fi
cat >"$TUI_TMP/ui.sh" <<UIEOF
#!/bin/sh
case \$1 in flood | quicflood) [ -n "$LH" ] && export LD_PRELOAD="$LH" ;; esac
exec env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color "$PKTOP" -n -i "$VR" \
	--max-hosts $LIMIT --max-connections $LIMIT 2>"$TUI_TMP/ui-\$1.err"
UIEOF
chmod 0755 "$TUI_TMP/ui.sh"
tmuxf() { timeout 10 tmux -L "$TUI_SOCK_FLOOD" -f /dev/null "$@"; }
# run_mode MODE: the UI in tmux under MODE (or idle); the median key
# press into $med. 140 columns: under a flood the header's evicted pair
# ("evicted 180K hosts 80.0K conns") leaves no room at 120 for the
# hosts/conns pair read here (it ends in … there)
run_mode() {
	mode=$1
	ip netns exec "$RX" tmux -L "$TUI_SOCK_FLOOD" -f /dev/null new-session -d -x 140 -y 40 \
		"$TUI_TMP/ui.sh $mode" || fail "cannot start tmux in the namespace"
	wait_socket || fail "$mode: the UI opened no capture"
	n=0
	until tmuxf capture-pane -p -t 0 | grep -q '^Host'; do
		n=$((n + 1)); [ "$n" -lt 100 ] || fail "$mode: the UI did not start"; sleep 0.1
	done
	uipid=$(tmuxf list-panes -t 0 -F '#{pane_pid}')
	if [ "$mode" = idle ]; then
		sleep 2 & # the same presses with nothing arriving
	else
		replay "$TUI_TMP/$mode.pcap" &
	fi
	rpid=$!
	# switch views back and forth while the flood lasts; time each answer
	: >"$TUI_TMP/lat"
	i=0
	while kill -0 "$rpid" 2>/dev/null || [ "$i" -lt 6 ]; do
		if [ $((i % 2)) = 0 ]; then key=2 want='Endpoint A'; else key=1 want='^Host'; fi
		t0=$(date +%s%N)
		tmuxf send-keys -t 0 "$key"
		n=0
		until tmuxf capture-pane -p -t 0 | grep -q "$want"; do
			n=$((n + 1))
			[ "$n" -lt 500 ] || fail "$mode: key $key not answered within 5 s during the flood"
			sleep 0.01
		done
		echo $(( ($(date +%s%N) - t0) / 1000000 )) >>"$TUI_TMP/lat"
		i=$((i + 1))
		[ "$i" -lt 400 ] || break
	done
	wait "$rpid"
	screen=$(tmuxf capture-pane -p -t 0)
	echo "$screen" | grep -q 'hosts/conns' || fail "$mode: no header after the flood:
$screen"
	if [ "$mode" = flood ] || [ "$mode" = synflood ]; then
		# every packet a new source: the tables are full, and say so
		echo "$screen" | grep -Eq 'evicted [0-9.]+[KM]? hosts [0-9.]+[KM]? conns' ||
			fail "$mode: the header does not say what was evicted:
$screen"
	fi
	hc=$(echo "$screen" | sed -n 's/.*hosts\/conns \([0-9]*\)\/\([0-9]*\).*/\1 \2/p')
	set -- $hc
	[ -n "$1" ] && [ "$1" -le $LIMIT ] && [ "$2" -le $LIMIT ] ||
		fail "$mode: the UI's tables passed the limits: hosts/conns $1/$2"
	if [ "$mode" = elephant ]; then
		[ "$1" = 2 ] && [ "$2" = 1 ] ||
			fail "elephant: the UI shows hosts/conns $1/$2, not 2/1:
$screen"
	fi
	# the pane runs ui.sh, which became pktop (exec)
	hwm=$(sed -n 's/^VmHWM:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$uipid/status" 2>/dev/null)
	sort -n "$TUI_TMP/lat" | awk -v m="$mode" -v hwm="${hwm:-?}" '{ a[NR] = $1 } END {
		printf "UI under the %s: %d key presses answered, median %d ms, max %d ms (tmux polling included), peak RSS %s KiB\n",
			m, NR, a[int((NR + 1) / 2)], a[NR], hwm }'
	med=$(sort -n "$TUI_TMP/lat" | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
	tmuxf send-keys -t 0 q
	n=0
	while tmuxf has-session 2>/dev/null; do
		n=$((n + 1)); [ "$n" -lt 50 ] || fail "$mode: the UI did not quit"; sleep 0.1
	done
	if [ "$mode" = quicflood ] && [ -n "$LH" ]; then
		# the model lock is the mutex held most often that no condition
		# variable waits on (their lines say "(cond)"); a commit that
		# opened its batch's Initials under it held it 20 ms and more
		# (1024 of them at 20-90 us), a tenth of all its holds or more
		python3 - "$TUI_TMP/ui-$mode.err" "$QUIC_HOLD_P90_US" <<'PY' || fail "quicflood: see above"
import re, sys
rows = []
for line in open(sys.argv[1], errors="replace"):
    m = re.search(r"lockhold: mutex \S+: (\d+) holds, .*p90 <= (\d+) us", line)
    if m:
        rows.append((int(m.group(1)), int(m.group(2)), line.strip()))
assert rows, "lockhold printed nothing"
holds, p90, line = max(rows)
print("UI under the quicflood, the model lock: " + line.split(": ", 2)[2])
assert p90 <= int(sys.argv[2]), \
    "a tenth of the model lock's holds took over %d us of CPU time: does identification run under it?" % int(sys.argv[2])
PY
	fi
}

for mode in idle $MODES; do
	run_mode "$mode"
	[ "$mode" = idle ] && idle=$med && ref=$med
	# the UDP flood takes as much CPU from the UI and identifies nothing
	[ "$mode" = flood ] && ref=$med
	# the presses made while the committer opens QUIC Initials: within
	# QUIC_MEDIAN_MS of the UDP flood's (or the idle UI's, without it).
	# On a machine so loaded that tmux alone takes over 100 ms, the CPU
	# the floods take from the UI outweighs any lock: the lock holds are
	# what is asserted then. Under make -j2 a test beside this one can
	# take the CPU from one phase and not the other (a quicflood median
	# of 197 ms against 104 once, 98 against 95 alone), so an answer
	# over the limit is measured again, the UDP flood just before it.
	if [ "$mode" = quicflood ] && [ "$idle" -le 100 ] &&
	   [ "$med" -gt $((ref + QUIC_MEDIAN_MS)) ]; then
		echo "quicflood: median $med ms against $ref: measured again"
		if [ -f "$TUI_TMP/flood.pcap" ]; then
			run_mode flood
			ref=$med
		fi
		run_mode quicflood
		[ "$med" -le $((ref + QUIC_MEDIAN_MS)) ] ||
			fail "quicflood: the median key press took $med ms (idle $idle ms, without identification $ref ms): does identification hold the model lock?"
	fi
done
echo PASS
