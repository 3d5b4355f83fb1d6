#!/bin/sh
# cli_errors: pktop's command line from the outside. Each bad input (a
# missing file, a file that is not a capture, an empty file, a directory,
# a bad filter, an interface that does not exist, bad option values) must
# give exactly one line on stderr and status 2, never a crash; stdin must
# be read packet by packet; the batch JSON must parse; SIGINT and a closed
# pipe end a batch run quietly.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
data=$top_srcdir/tests/data

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export ASAN_OPTIONS

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-cli.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# expect_error NAME PATTERN ARGS...: status 2, one line on stderr that
# matches PATTERN (an extended regex), nothing on stdout.
expect_error() {
	name=$1 pattern=$2
	shift 2
	# $PKTOP may hold a command prefix (setpriv) as well: not quoted
	timeout 20 $PKTOP "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
	lines=$(wc -l <"$tmp/err")
	if [ $rc -ne 2 ]; then
		fail "$name: status $rc, want 2 ($(head -n 1 "$tmp/err"))"
	elif [ "$lines" -ne 1 ]; then
		fail "$name: $lines lines on stderr, want 1: $(cat "$tmp/err")"
	elif ! grep -Eq "^pktop: .*$pattern" "$tmp/err"; then
		fail "$name: message '$(cat "$tmp/err")' lacks '$pattern'"
	elif [ -s "$tmp/out" ]; then
		fail "$name: wrote to stdout"
	else
		pass "$name: $(cat "$tmp/err")"
	fi
}

cap=$data/dns.pcap
: >"$tmp/empty"
echo "not a capture at all, just some text" >"$tmp/text"

expect_error "missing file" "'$tmp/none.pcap'.*No such file" \
	--batch -r "$tmp/none.pcap"
expect_error "not a capture" "not a pcap or pcapng" --batch -r "$tmp/text"
expect_error "empty file" "empty" --batch -r "$tmp/empty"
expect_error "directory" "directory" --batch -r "$tmp"
expect_error "empty stdin" "empty" --batch -r - 
expect_error "bad filter (-f)" "bad capture filter 'tcp port': " \
	--batch -r "$cap" -f 'tcp port'
expect_error "bad filter (arguments)" "bad capture filter 'xyz': " \
	--batch -r "$cap" xyz
expect_error "no such interface" "'pktopnope0': no such device .*pktop -D" \
	--batch -i pktopnope0
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	# as nobody: no capture rights, and the message says how to get them
	saved=$PKTOP
	PKTOP="setpriv --reuid=65534 --regid=65534 --clear-groups $saved"
	expect_error "no privileges" "permission denied .*setcap cap_net_raw" \
		--batch -i lo
	PKTOP=$saved
fi
expect_error "bad snaplen" "'abc' for -s" --batch -r "$cap" -s abc
expect_error "bad format" "'xml' for --format" --batch -r "$cap" --format xml
expect_error "bad count" "'0' for -c" --batch -r "$cap" -c 0
expect_error "bad interval" "'-1' for --interval" --batch --interval -1
expect_error "missing value" "--top needs a value" --batch -r "$cap" --top
expect_error "unknown option" "unknown option '--bogus'" --bogus
expect_error "-r with -i" "-r and -i" --batch -r "$cap" -i lo
expect_error "--tls-keylog with --batch" "--batch shows no packet" \
	--batch -r "$cap" --tls-keylog "$tmp/none.keys"
expect_error "missing key log" "'$tmp/none.keys'.*No such file" \
	-r "$cap" --fields --tls-keylog "$tmp/none.keys"
expect_error "not a terminal" "--batch" -r "$cap"

# The JSON document parses, and holds the capture's packets.
if timeout 20 "$PKTOP" --batch --format json -r "$cap" 2>"$tmp/err" |
	python3 -m json.tool >"$tmp/pretty" 2>>"$tmp/err"; then
	pass "--format json parses"
else
	fail "--format json does not parse: $(head -n 3 "$tmp/err")"
fi

# Server names are raw packet bytes: an HTTP Host and a DNS name full of
# escapes, quotes, NUL and invalid UTF-8 must still give valid JSON with
# no raw control byte, and the text report must show them escaped.
cat >"$tmp/hostile.py" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from pktcraft import ether, ipv4, pcap_write, tcp, udp
import struct
evil = b"ev\x1b]0;T\x07il\"q\\\xff\xc0\xaf\x00\xed\xa0\x80\xc2\x9b\x7fx"
http = b"GET / HTTP/1.1\r\nHost: " + evil + b"\r\n\r\n"
q = b"".join(bytes([len(l)]) + l for l in (evil, b"example")) + b"\0"
dns = struct.pack("!HHHHHH", 7, 0x0100, 1, 0, 0, 0) + q + b"\0\x01\0\x01"
pkts = [ether(ipv4(6, tcp(40000, 80, 1, 0, 0x18, http), [10, 0, 0, 1], [10, 0, 0, 2])),
        ether(ipv4(17, udp(40001, 53, dns), [10, 0, 0, 1], [10, 0, 0, 3]))]
pcap_write(sys.argv[1], [(1700000000 + i, 0, p, len(p)) for i, p in enumerate(pkts)])
PY
cat >"$tmp/hostile_check.py" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
assert not any(b < 0x20 for b in raw[:-1]), "raw control byte in the JSON"
doc = json.loads(raw.decode("utf-8"))
names = [c.get("server_name", "") for c in doc["connections"]]
assert len(names) == 2, names
for n in names:
    # ESC, BEL, the quote and the backslash come back as they were sent;
    # each invalid byte as the code point of its value
    assert n.startswith("ev\x1b]0;T\x07il\"q\\\xff\xc0\xaf"), repr(n)
PY
python3 "$tmp/hostile.py" "$tmp/hostile.pcap" "$here/../lib"
timeout 20 "$PKTOP" --batch --format json -r "$tmp/hostile.pcap" >"$tmp/hostile.json" 2>"$tmp/err"
if python3 "$tmp/hostile_check.py" "$tmp/hostile.json" 2>"$tmp/err"; then
	pass "hostile server names give valid JSON"
else
	fail "hostile server names: $(tail -n 1 "$tmp/err")"
fi
timeout 20 "$PKTOP" --batch -r "$tmp/hostile.pcap" >"$tmp/hostile.txt" 2>"$tmp/err"
if grep -q "$(printf '\033')" "$tmp/hostile.txt"; then
	fail "hostile server names: an ESC byte reached the text report"
elif grep -qF 'ev\x1b]0;T\x07il' "$tmp/hostile.txt"; then
	pass "hostile server names are escaped in the text report"
else
	fail "hostile server names: not shown escaped in the text report"
fi

# packets NAME FILE WANT: the document in FILE counts WANT packets.
packets() {
	got=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$2" 2>/dev/null)
	if [ "$got" = "$3" ]; then
		pass "$1: $got packets"
	else
		fail "$1: '$got' packets, want $3"
	fi
}

want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$tmp/pretty")
cat "$cap" | timeout 20 "$PKTOP" --batch --format json -r - >"$tmp/stdin.json" 2>"$tmp/err"
packets "-r - from cat (pcapng)" "$tmp/stdin.json" "$want"

# A slow writer (classic pcap, 4 packets): the first two packets, then a pause far longer than the
# run. pktop must have counted them before the stream ends (--duration),
# and -c 1 must stop at once without waiting for the rest.
slowcap=$data/udp-unreach.pcap
cat "$slowcap" | timeout 20 "$PKTOP" --batch --format json -r - >"$tmp/stdin2.json" 2>"$tmp/err"
packets "-r - from cat (pcap)" "$tmp/stdin2.json" 4
cat >"$tmp/slow.py" <<'EOF'
import sys, time
data = open(sys.argv[1], "rb").read()
little = data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1")
out = sys.stdout.buffer
out.write(data[:24])
pos, sent = 24, 0
while pos + 16 <= len(data):
    incl = int.from_bytes(data[pos + 8:pos + 12], "little" if little else "big")
    out.write(data[pos:pos + 16 + incl])
    out.flush()
    pos += 16 + incl
    sent += 1
    if sent == 2:
        time.sleep(float(sys.argv[2]))
EOF
# ended NAME START: pktop (which wrote the time it ended into
# $tmp/end) stopped within 5 s of START, long before the writer's pause
# was over.
ended() {
	took=$(($(cat "$tmp/end") - $2))
	if [ "$took" -lt 5 ]; then
		pass "$1 ended after ${took}s, while the writer still waited"
	else
		fail "$1 waited for the writer (${took}s)"
	fi
}
start=$(date +%s)
python3 "$tmp/slow.py" "$slowcap" 8 2>/dev/null | {
	timeout 20 "$PKTOP" --batch --format json -r - --duration 1 >"$tmp/slow.json" 2>"$tmp/err"
	date +%s >"$tmp/end"; }
packets "-r - from a slow writer, --duration 1" "$tmp/slow.json" 2
ended "--duration 1" "$start"
start=$(date +%s)
python3 "$tmp/slow.py" "$slowcap" 8 2>/dev/null | {
	timeout 20 "$PKTOP" --batch --format json -r - -c 1 >"$tmp/one.json" 2>"$tmp/err"
	date +%s >"$tmp/end"; }
packets "-r - from a slow writer, -c 1" "$tmp/one.json" 1
ended "-c 1" "$start"

# The proof that packets are taken as they arrive, not at the end: with
# --interval, the report made while the writer pauses already counts the
# two packets written before the pause.
python3 "$tmp/slow.py" "$slowcap" 6 2>/dev/null |
	timeout 20 "$PKTOP" --batch --format json -r - --interval 1 --duration 2.5 >"$tmp/lines.json" 2>"$tmp/err"
head -n 1 "$tmp/lines.json" >"$tmp/first.json"
packets "-r - --interval 1: first report during the pause" "$tmp/first.json" 2
lines=$(wc -l <"$tmp/lines.json")
if [ "$lines" -ge 2 ]; then
	pass "-r - --interval 1: $lines JSON lines"
else
	fail "-r - --interval 1: $lines JSON lines, want 2 or more"
fi

# SIGINT during a batch run on a stalled stream: a report and status 0.
mkfifo "$tmp/fifo"
python3 "$tmp/slow.py" "$slowcap" 8 >"$tmp/fifo" 2>/dev/null &
writer=$!
timeout 20 "$PKTOP" --batch --format json -r - <"$tmp/fifo" >"$tmp/int.json" 2>"$tmp/err" &
pid=$!
# the shell opens the FIFO before it runs timeout, and pktop installs its
# handler once the stream's header has come: on a loaded machine either
# takes a while. Signal only once pktop (timeout's child) catches SIGINT.
catching() {
	for st in /proc/[0-9]*/status; do
		grep -qs "^PPid:[[:space:]]*$pid\$" "$st" || continue
		mask=$(sed -n 's/^SigCgt:[[:space:]]*//p' "$st")
		[ -n "$mask" ] && [ $((0x$mask & 2)) -ne 0 ] && return 0
	done
	return 1
}
n=0
while [ "$n" -lt 150 ] && ! catching; do
	sleep 0.1
	n=$((n + 1))
done
sleep 0.5
kill -INT $pid
wait $pid
rc=$?
kill $writer 2>/dev/null
wait $writer 2>/dev/null
if [ $rc -eq 0 ]; then
	packets "SIGINT on a stalled stream" "$tmp/int.json" 2
else
	fail "SIGINT on a stalled stream: status $rc"
fi

# A reader that goes away: no message, no crash.
timeout 20 "$PKTOP" --batch --format text -r "$data/frag.pcap" 2>"$tmp/err" | head -n 1 >/dev/null
if [ -s "$tmp/err" ]; then
	fail "closed pipe: stderr says $(head -n 1 "$tmp/err")"
else
	pass "closed pipe: quiet"
fi

# --help and --version
if "$PKTOP" --help | grep -q -- "--batch" && "$PKTOP" --version | grep -q libpcap; then
	pass "--help and --version"
else
	fail "--help or --version"
fi

[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
exit 0
