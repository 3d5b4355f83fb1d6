#!/usr/bin/env bash
# run.sh: pktop's offline benchmark (issue 10), all figures from one run on
# the same synthetic capture: packets/s and peak RSS of a plain libpcap read
# loop, of the parse-and-count baseline, of `pktop --batch`, of
# `tcpdump -w /dev/null` and of `tshark -z conv,ip`, and pktop's ratio to
# each; pktop -V and --fields against tshark -V and -T fields (and
# tcpdump -v) on a tenth of the capture; then pktop on a SYN flood with a
# new source in every packet (table limits), memory per connection
# and per host from the peak-RSS growth over a million new connections,
# and a flood of new QUIC connections (Initials opened a second, the model
# lock's holds); then the mix again with its bulk and unknown payloads
# filled with patterns (zeros, 0x16, text with no line end, text
# protocols' openings, empty TLS records), where pktop's ratio to the
# baselines must stay within 20% of the random mix's (issue 15).
# `make bench` runs it; no make check.
#
# usage: run.sh [--pktop PATH] [--bin DIR] [--data DIR] [--packets N]
#               [--flood N] [--no-tshark] [--live SCRIPT [--live-count N]]
#               [--fills LIST] [--fill-packets N] [--fill-runs N]
#   --pktop   the pktop to measure (default: src/pktop of this build)
#   --bin     where gen_capture, readloop, parseloop, measure are
#   --data    where captures are made, once, and kept (tests/bench/data)
#   --packets packets in the mixed capture (2000000)
#   --flood   packets in the flood captures; 0 skips them (1000000)
#   --live    also replay the mix through live-replay.sh (needs root and
#             tcpreplay), --live-count packets (1000000) each time, into
#             pktop --batch, pktop's UI (on a pseudo-terminal), tcpdump -w,
#             tcpdump printing and iftop (when installed), at rising rates
#             (--live-rates, packets/s, then top speed) until the kernel
#             drops packets for the tool: the highest rate with none
#   --fills   gen_capture -p patterns to price against the random mix
#             ("zero 0x16 text openers records"), --fill-packets packets
#             each (500000; 0 skips them), the best of --fill-runs runs (3)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
pktop=${PKTOP:-src/pktop}
bin=tests/bench
data=tests/bench/data
packets=2000000
flood=1000000
tshark=1
live=""
live_count=1000000
live_rates="50000 100000 200000 300000"
fills="zero 0x16 text openers records"
fill_packets=500000
fill_runs=3
while (($#)); do
	case $1 in
	--pktop) pktop=$2; shift 2 ;;
	--bin) bin=$2; shift 2 ;;
	--data) data=$2; shift 2 ;;
	--packets) packets=$2; shift 2 ;;
	--flood) flood=$2; shift 2 ;;
	--no-tshark) tshark=0; shift ;;
	--live) live=$2; shift 2 ;;
	--live-count) live_count=$2; shift 2 ;;
	--live-rates) live_rates=$2; shift 2 ;;
	--fills) fills=$2; shift 2 ;;
	--fill-packets) fill_packets=$2; shift 2 ;;
	--fill-runs) fill_runs=$2; shift 2 ;;
	-h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
	*) echo "run.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
	esac
done
for p in gen_capture readloop parseloop measure; do
	[[ -x $bin/$p ]] || { echo "run.sh: $bin/$p not built (make bench builds it)" >&2; exit 2; }
done
[[ -x $pktop ]] || { echo "run.sh: pktop not found at $pktop" >&2; exit 2; }
mkdir -p "$data"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if grep -q -a -m 1 AddressSanitizer "$pktop"; then
	echo "run.sh: warning: $pktop is a sanitizer build; its figures mean little" >&2
fi

# make a capture once; the generator is deterministic, so the name says it all
capture() { # mode packets [fill] -> path
	local f=$data/$1-$2${3:+-$3}.pcap
	if [[ ! -s $f ]]; then
		echo "making $f ..." >&2
		"$bin/gen_capture" -m "$1" -n "$2" ${3:+-p "$3"} -o "$f.tmp" >&2
		mv "$f.tmp" "$f"
	fi
	echo "$f"
}

# field NAME FILE: the value of NAME=... in a measure line
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" "$2"; }

declare -A wall rss status
# run NAME COMMAND...: measured, stdout to $tmp/NAME.out, stderr to .err
run() {
	local name=$1
	shift
	"$bin/measure" "$tmp/$name.m" "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || true
	wall[$name]=$(field wall "$tmp/$name.m")
	rss[$name]=$(field maxrss_kib "$tmp/$name.m")
	status[$name]=$(field status "$tmp/$name.m")
	if [[ ${status[$name]} != 0 ]]; then
		echo "run.sh: $name ended with status ${status[$name]}:" >&2
		tail -n 3 "$tmp/$name.err" >&2
	fi
}

mix=$(capture mix "$packets")
cat "$mix" >/dev/null # into the page cache, so that the first tool pays no disk

echo "pktop benchmark: $(uname -m), $(nproc) cores, $(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)"
echo "capture: $mix ($packets packets, $(($(stat -c %s "$mix") / 1048576)) MiB)"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

tools=(readloop parseloop pktop tcpdump)
run readloop "$bin/readloop" "$mix"
run parseloop "$bin/parseloop" "$mix"
run pktop "$pktop" --batch --format json -r "$mix"
run tcpdump tcpdump -r "$mix" -w /dev/null
if ((tshark)) && command -v tshark >/dev/null; then
	tools+=(tshark)
	run tshark timeout 900 tshark -n -q -z conv,ip -r "$mix"
fi

pps() { awk -v n="$packets" -v s="$1" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }'; }
echo
printf '%-10s %9s %12s %10s %14s\n' tool secs packets/s "RSS MiB" "pktop/tool"
for t in "${tools[@]}"; do
	ratio=$(awk -v a="${wall[$t]}" -v b="${wall[pktop]}" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }')
	printf '%-10s %9s %12s %10.1f %14s%s\n' "$t" "${wall[$t]}" "$(pps "${wall[$t]}")" \
		"$(awk -v k="${rss[$t]}" 'BEGIN { print k / 1024 }')" "$ratio" \
		"$([[ ${status[$t]} == 0 ]] || echo "  (status ${status[$t]})")"
done
echo "(pktop/tool is pktop's packets/s over the tool's: targets >= 0.8x parseloop, >= 20x tshark;"
echo " issue 2's target: >= 0.5x readloop; peak RSS on the mix <= 100 MiB)"
conns=$(grep -o '"a_port"' "$tmp/pktop.out" | wc -l || true)
hosts=$(grep -o '"tx_packets"' "$tmp/pktop.out" | wc -l || true)
echo "pktop on the mix: $conns connections, $hosts hosts in its JSON (parseloop: $(sed -n 's/.*flows=\([0-9]*\) hosts=\([0-9]*\).*/\1 flows, \2 hosts/p' "$tmp/parseloop.out"))"

# Issue 3: packet dissection, pktop -V and --fields against tshark's (and
# tcpdump -v, which prints less) on a tenth of the mix
dpackets=$((packets / 10 > 10000 ? packets / 10 : 10000))
dmix=$(capture mix "$dpackets")
cat "$dmix" >/dev/null
mapfile -t dfields < <(python3 -c '
import re, sys
s = open(sys.argv[1]).read()
a = s.index("FIELDS = \"\"\"") + 12
for f in s[a:s.index("\"\"\"", a)].split():
    print("-e"); print(f)' "$(dirname "$0")/../accuracy/fields_compare.py")
echo
echo "dissection: $dmix ($dpackets packets, $((${#dfields[@]} / 2)) fields of issue 3)"
run d_pktop_fields "$pktop" -r "$dmix" --fields "${dfields[@]}"
run d_pktop_tree "$pktop" -r "$dmix" -V
run d_tcpdump_v tcpdump -n -v -r "$dmix"
dtools=(d_pktop_fields d_pktop_tree d_tcpdump_v)
if ((tshark)) && command -v tshark >/dev/null; then
	run d_tshark_fields timeout 900 tshark -n -r "$dmix" -T fields "${dfields[@]}"
	run d_tshark_tree timeout 900 tshark -n -r "$dmix" -V
	dtools+=(d_tshark_fields d_tshark_tree)
fi
printf '  %-16s %9s %12s %10s\n' tool secs packets/s "RSS MiB"
for t in "${dtools[@]}"; do
	printf '  %-16s %9s %12s %10.1f\n' "${t#d_}" "${wall[$t]}" \
		"$(awk -v n="$dpackets" -v s="${wall[$t]}" 'BEGIN { printf "%.0f", (s > 0 ? n / s : 0) }')" \
		"$(awk -v k="${rss[$t]}" 'BEGIN { print k / 1024 }')"
done
if [[ -n ${wall[d_tshark_fields]:-} ]]; then
	awk -v a="${wall[d_tshark_fields]}" -v b="${wall[d_pktop_fields]}" \
		-v c="${wall[d_tshark_tree]}" -v d="${wall[d_pktop_tree]}" \
		'BEGIN { printf "  pktop/tshark: --fields %.2fx, -V %.2fx\n", (b > 0 ? a / b : 0), (d > 0 ? c / d : 0) }'
fi

if ((flood > 0)); then
	syn=$(capture synflood "$flood")
	cat "$syn" >/dev/null
	echo
	echo "SYN flood: $syn ($flood packets, each from a new source address and port)"
	run flood_default "$pktop" --batch --format json -r "$syn"
	echo "  default limits: $(field wall "$tmp/flood_default.m") s," \
		"peak RSS $(($(field maxrss_kib "$tmp/flood_default.m") / 1024)) MiB," \
		"$(grep -o '"a_port"' "$tmp/flood_default.out" | wc -l) connections and" \
		"$(grep -o '"tx_packets"' "$tmp/flood_default.out" | wc -l) hosts listed," \
		"$(grep -o '"evicted_connections": *[0-9]*' "$tmp/flood_default.out" | grep -o '[0-9]*$' || echo '?') connections evicted"
	# memory per entry: limits above the flood, a 1 MiB packet store, a
	# one-row text report, and the peak-RSS difference from 1000 packets
	opts=()
	help=$("$pktop" --help 2>&1 || true)
	grep -q -- --max-connections <<<"$help" && opts+=(--max-connections $((flood * 2)))
	grep -q -- --max-hosts <<<"$help" && opts+=(--max-hosts $((flood * 2)))
	grep -q -- --ring-size <<<"$help" && opts+=(--ring-size 1)
	echo "  per entry, with ${opts[*]:-default options} --format text --top 1:"
	for mode in synflood connflood; do
		big=$(capture "$mode" "$flood")
		small=$(capture "$mode" 1000)
		run big "$pktop" --batch --format text --top 1 "${opts[@]}" -r "$big"
		run small "$pktop" --batch --format text --top 1 "${opts[@]}" -r "$small"
		c=$(sed -n 's/^Connections: \([0-9]*\).*/\1/p' "$tmp/big.out")
		h=$(sed -n 's/^Hosts: \([0-9]*\).*/\1/p' "$tmp/big.out")
		c0=$(sed -n 's/^Connections: \([0-9]*\).*/\1/p' "$tmp/small.out")
		h0=$(sed -n 's/^Hosts: \([0-9]*\).*/\1/p' "$tmp/small.out")
		r=$(field maxrss_kib "$tmp/big.m")
		r0=$(field maxrss_kib "$tmp/small.m")
		awk -v m="$mode" -v c="${c:-0}" -v h="${h:-0}" -v c0="${c0:-0}" -v h0="${h0:-0}" -v r="$r" -v r0="$r0" 'BEGIN {
			dc = c - c0; dh = h - h0
			printf "  %-9s %8d connections %8d hosts  peak RSS %4d MiB (1000 packets: %d MiB)", m, c, h, r / 1024, r0 / 1024
			if (dc > 0) printf "  %.0f bytes per new connection%s", (r - r0) * 1024 / dc, (dh > dc / 2 ? " and its host" : "")
			printf "\n"
		}'
	done
	echo "  (target: under 300 bytes per connection)"
	# a new QUIC connection in every packet, each a client Initial that
	# decrypts: identification's dearest case, run on the committer
	# thread between the commit's two lock holds; the model lock's holds
	# are timed by lockhold.so (CPU time of the holding thread)
	quic=$(capture quicflood $((flood / 10)))
	echo
	echo "QUIC flood: $quic ($((flood / 10)) packets, each a new connection's client Initial)"
	if [[ -f $bin/lockhold.so ]]; then
		LD_PRELOAD=$bin/lockhold.so run quic "$pktop" --batch --format text --top 1 -r "$quic"
	else
		run quic "$pktop" --batch --format text --top 1 -r "$quic"
	fi
	awk -v n=$((flood / 10)) -v w="$(field wall "$tmp/quic.m")" 'BEGIN {
		printf "  %.2f s, %.0f Initials opened a second\n", w, (w > 0 ? n / w : 0) }'
	grep -h '^lockhold: mutex [^ ]*: ' "$tmp/quic.err" | sort -t: -k3 -n -r | head -1 |
		sed 's/^lockhold: mutex [^ ]*: /  the model lock: /' || true
fi

# Issue 15: identification must cost the same whatever the payloads hold.
# The same mix with its filler (bulk data, encrypted records, unknown
# protocols) made of patterns; pktop's ratio to parseloop and readloop on
# each, and that ratio over the random mix's (target: 0.80 or more). Each
# tool runs --fill-runs times and keeps its best wall and CPU (user + sys)
# time: on a shared machine one run's wall time is mostly the neighbours'
if ((fill_packets > 0)) && [[ -n $fills ]]; then
	# best NAME COMMAND...: the least wall and CPU time of fill_runs runs
	best() {
		local name=$1 i w c
		shift
		bwall[$name]="" bcpu[$name]=""
		for ((i = 0; i < fill_runs; i++)); do
			run "$name" "$@"
			w=${wall[$name]}
			c=$(awk -v u="$(field user "$tmp/$name.m")" -v s="$(field sys "$tmp/$name.m")" 'BEGIN { printf "%.3f", u + s }')
			if [[ -z ${bwall[$name]} ]] || awk -v a="$w" -v b="${bwall[$name]}" 'BEGIN { exit !(a < b) }'; then
				bwall[$name]=$w
			fi
			if [[ -z ${bcpu[$name]} ]] || awk -v a="$c" -v b="${bcpu[$name]}" 'BEGIN { exit !(a < b) }'; then
				bcpu[$name]=$c
			fi
		done
	}
	declare -A bwall bcpu
	echo
	echo "payload fills: the mix of $fill_packets packets, bulk and unknown payloads as patterns;"
	echo "  best of $fill_runs runs, wall seconds (CPU seconds), pktop's packets/s over the tool's"
	printf '  %-8s %15s %15s %15s %13s %13s %13s\n' fill readloop parseloop pktop \
		"/parseloop" "/readloop" "vs random"
	base_w="" base_c=""
	for f in random $fills; do
		fmix=$(capture mix "$fill_packets" "$([[ $f == random ]] || echo "$f")")
		cat "$fmix" >/dev/null
		best f_readloop "$bin/readloop" "$fmix"
		best f_parseloop "$bin/parseloop" "$fmix"
		best f_pktop "$pktop" --batch --format json -r "$fmix"
		rw=$(awk -v a="${bwall[f_parseloop]}" -v b="${bwall[f_pktop]}" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }')
		rc=$(awk -v a="${bcpu[f_parseloop]}" -v b="${bcpu[f_pktop]}" 'BEGIN { printf "%.4f", (b > 0 ? a / b : 0) }')
		[[ -n $base_w ]] || { base_w=$rw; base_c=$rc; }
		awk -v f="$f" -v rlw="${bwall[f_readloop]}" -v rlc="${bcpu[f_readloop]}" \
			-v plw="${bwall[f_parseloop]}" -v plc="${bcpu[f_parseloop]}" \
			-v pkw="${bwall[f_pktop]}" -v pkc="${bcpu[f_pktop]}" \
			-v rw="$rw" -v rc="$rc" -v bw="$base_w" -v bc="$base_c" 'BEGIN {
			printf "  %-8s %6.3f (%6.3f) %6.3f (%6.3f) %6.3f (%6.3f) %5.2fx (%4.2fx) %5.2fx (%4.2fx) %5.2f (%5.2f)\n",
				f, rlw, rlc, plw, plc, pkw, pkc, rw, rc,
				(pkw > 0 ? rlw / pkw : 0), (pkc > 0 ? rlc / pkc : 0),
				(bw > 0 ? rw / bw : 0), (bc > 0 ? rc / bc : 0)
		}'
	done
	echo "  (vs random: the /parseloop ratio over the random mix's, target >= 0.80;"
	echo "   pktop's CPU time counts both its threads, the baselines have one)"
fi

if [[ -n $live ]]; then
	echo
	echo "live: $live_count packets of $mix through a veth pair, at rising rates;"
	echo "  the highest with no kernel drop for the tool (pcap_stats), and its first loss"
	# NAME [live-replay options] -- COMMAND...; {IF} is the interface
	live_tool() {
		local name=$1 best="none" first="" r line loss got opts=() rate
		shift
		while [[ $1 != -- ]]; do opts+=("$1"); shift; done
		shift
		for r in $live_rates top; do
			if [[ $r == top ]]; then rate=(--topspeed); else rate=(--pps "$r"); fi
			line=$("$live" --count "$live_count" --pcap "$mix" "${rate[@]}" \
				${opts[@]+"${opts[@]}"} -- "$@" 2>/dev/null | tail -n 1 || true)
			loss=$(sed -n 's/.*loss_pct=\([-0-9.]*\).*/\1/p' <<<"$line")
			got=$(sed -n 's/.*[[:space:]]rate=\([0-9]*\).*/\1/p' <<<"$line")
			if [[ -n $loss ]] && awk -v l="$loss" 'BEGIN { exit !(l == 0) }'; then
				best="${got:-$r}/s"
			else
				first="${got:-$r}/s lost ${loss:-?}%"
				break
			fi
		done
		printf '  %-16s zero drops up to %-10s %s\n' "$name" "$best" \
			"${first:+(then $first)}"
	}
	live_tool "pktop --batch" -- "$pktop" --batch -n -i '{IF}' --format json
	live_tool "pktop UI" -- "$here/ui_in_tmux.sh" "$(realpath "$pktop")" -n -i '{IF}'
	live_tool "tcpdump -w" -- tcpdump -n -i '{IF}' -w /dev/null
	live_tool "tcpdump -nn" -- sh -c "exec tcpdump -nn -i {IF} >/dev/null"
	if command -v iftop >/dev/null 2>&1; then
		live_tool "iftop -t" --pcap-stats -- iftop -n -N -P -t -i '{IF}'
	fi
fi

# the interactive figures: start-up, drill-down, a view of 1M connections,
# idle CPU, on a pseudo-terminal
if command -v python3 >/dev/null 2>&1; then
	echo
	echo "UI (targets: first frame < 100 ms, drill-down < 10 ms, connections view with 1M entries < 50 ms, idle < 1% CPU):"
	python3 "$here/ui_latency.py" --pktop "$pktop" --bin "$bin" --data "$data" \
		--conns 1000000 | sed 's/^/  /'
fi
