#!/bin/sh
# large_batch_meter: --batch reading a big file shows a progress line on
# stderr when stderr is a terminal (run under script(1)) and rubs it out at
# the end; with stderr a file, not one byte. SIGINT in the middle stops the
# reading, reports what was read (valid JSON) and says up to which packet.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${top_builddir:=$(pwd)}"
: "${PKTOP:=$top_builddir/src/pktop}"
GEN="$top_builddir/tests/bench/gen_capture"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
[ -x "$GEN" ] || { echo "SKIP: $GEN not built"; exit 77; }
command -v script >/dev/null 2>&1 || { echo "SKIP: script(1) not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
T=$(mktemp -d "${TMPDIR:-/tmp}/pktop-meter.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
"$GEN" -m connflood -n 1500000 -o "$T/big.pcap" >/dev/null 2>&1 || fail "gen_capture failed"

# a terminal: the meter, then the line rubbed out
script -qfec "'$PKTOP' --batch --format json -n -r '$T/big.pcap' >'$T/tty.json'" \
	"$T/typescript" >/dev/null 2>&1 </dev/null || fail "pktop under script failed"
python3 - "$T" <<'PY' || fail "meter on a terminal"
import json, re, sys
d = sys.argv[1]
raw = open(d + "/typescript", "rb").read()
# script's own first line ("Script started ...") is not ours
meter = raw.split(b"\n", 1)[1] if raw.startswith(b"Script") else raw
lines = re.findall(rb"\rpktop: reading +([0-9]+)%  [0-9.kM]+ packets  [0-9.kM]+ p/s", meter)
assert lines, meter[:300]
pcts = [int(x) for x in lines]
assert pcts == sorted(pcts), pcts              # never goes back
assert b"left" in meter, meter[:300]           # time left is said
end = meter[: meter.rfind(b"Script done")] if b"Script done" in meter else meter
end = end.rstrip(b"\r\n")
assert end.endswith(b"\r\x1b[K"), end[-80:]    # rubbed out at the end
assert json.load(open(d + "/tty.json"))["totals"]["packets"] == 1500000
PY

# not a terminal: nothing on stderr at all
"$PKTOP" --batch --format json -n -r "$T/big.pcap" >"$T/file.json" 2>"$T/stderr" ||
	fail "pktop --batch failed"
[ -s "$T/stderr" ] && fail "stderr is not empty without a terminal: $(head -c 200 "$T/stderr" | od -c | head -3)"
cmp -s "$T/file.json" "$T/tty.json" || fail "the report differs with and without a terminal"

# SIGINT while reading: a report of what was read and a note
"$PKTOP" --batch --format json -n -r "$T/big.pcap" >"$T/int.json" 2>"$T/int.err" &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid" || fail "exit status $? after SIGINT"
if grep -q 'read only up to packet' "$T/int.err"; then
	n=$(sed -n 's/.*read only up to packet \([0-9]*\).*/\1/p' "$T/int.err")
	got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$T/int.json") ||
		fail "no valid JSON after SIGINT"
	[ "$got" = "$n" ] || fail "the note says $n packets, the report $got"
	[ "$n" -lt 1500000 ] || fail "stopped at $n of 1500000"
else
	# the file was read before the signal came: then no note, all of it
	grep -q . "$T/int.err" && fail "stderr: $(cat "$T/int.err")"
	python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["totals"]["packets"] == 1500000' \
		"$T/int.json" || fail "neither stopped nor complete"
fi
echo PASS
