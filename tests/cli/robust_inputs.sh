#!/bin/sh
# robust_inputs: the bad-input matrix (issue 6), for the inputs that
# tests/cli/cli_errors.sh, tests/cli/verbose_malformed.sh and tests/tui/tui_escape.sh
# do not try already (doc/robustness.md has the whole table):
#   captures cut in the file header, in a record header and in a packet;
#   a record whose caplen is over the file's snaplen, one over any sane
#   size; zero-length packets; unknown link types (147 USER0, 65000); a
#   pcapng with blocks of an unknown type; /dev/null as -r;
#   100 KB filters (good, bad, too complex); filters with invalid UTF-8,
#   a newline or an escape sequence, on the command line and typed at `f`;
#   a TLS SNI full of escape sequences (report and terminal);
#   TERM unset or unknown; a 20x5 terminal;
#   an interface deleted during a live capture (in a private network
#   namespace); no capture rights (as nobody).
# Every case checks the status, the one line on stderr, that no sanitizer
# spoke, and the JSON and the packet counts (against tshark when it can
# read the file) where a report is expected. Parts whose tools are missing
# (tmux, tshark, ip netns, setpriv, root) say "skip" and are left out.
# Exit: 0 pass, 1 fail, 77 skip (no python3), 99 pktop not built.
# make check sets PKTOP, top_srcdir and top_builddir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
data=$top_srcdir/tests/data
sanitizer='ERROR: AddressSanitizer|ERROR: LeakSanitizer|runtime error:'

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-robust.XXXXXX") || exit 99
chmod 755 "$tmp"
# ncurses leaks the half-made screen when newterm() fails (TERM unknown);
# that one is not pktop's
printf 'leak:new_prescr\nleak:_nc_setupterm\n' >"$tmp/lsan.supp"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
LSAN_OPTIONS=${LSAN_OPTIONS:-suppressions=$tmp/lsan.supp:print_suppressions=0}
export ASAN_OPTIONS LSAN_OPTIONS

TUI_SOCK="pktop-robust-$$"
. "$(dirname "$0")/../lib/tmux_lib.sh"
netns=""
cleanup() {
	tmux_ kill-server >/dev/null 2>&1
	[ -n "$netns" ] && ip netns del "$netns" >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }
skip() { echo "skip $1"; }

have_tshark=no
command -v tshark >/dev/null 2>&1 && have_tshark=yes

# run SECS ARGS...: pktop with stdin from /dev/null; $rc, $tmp/out, $tmp/err
run() {
	secs=$1
	shift
	timeout "$secs" "$PKTOP" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
	rc=$?
}

# clean NAME: no sanitizer report in $tmp/err (else a failure, status 1)
clean() {
	if grep -Eq "$sanitizer" "$tmp/err"; then
		fail "$1: $(grep -E -m 1 "$sanitizer" "$tmp/err")"
		return 1
	fi
	return 0
}

# one_line NAME STATUS REGEX: status STATUS, exactly one line on stderr
# and it matches REGEX (extended), no sanitizer report.
one_line() {
	clean "$1" || return 1
	# not pktop's: the sanitizer's symbolizer says so when the binary
	# is unreadable after the privilege drop (a checkout in a 0700
	# directory under /root)
	lines=$(grep -vc '^LLVMSymbolizer: ' "$tmp/err")
	if [ "$rc" -ne "$2" ]; then
		fail "$1: status $rc, want $2 ($(head -n 1 "$tmp/err" | cut -c 1-200))"
	elif [ "$lines" -ne 1 ]; then
		fail "$1: $lines lines on stderr, want 1: $(head -c 300 "$tmp/err")"
	elif ! grep -Eq -- "$3" "$tmp/err"; then
		fail "$1: '$(cut -c 1-160 "$tmp/err")' does not match /$3/"
	else
		return 0
	fi
	return 1
}

# json KEY...: a value of the JSON document in $tmp/out ("" if none)
json() {
	python3 - "$tmp/out" "$@" <<'PY' 2>/dev/null
import json, sys
d = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    d = d[k] if isinstance(d, dict) else d[int(k)]
print(d)
PY
}

# tshark_count FILE: frames tshark reads (its error for a cut file goes
# to stderr; the frames before it are counted), "" without tshark
tshark_count() {
	[ $have_tshark = yes ] || return 0
	timeout 60 tshark -n -r "$1" -T fields -e frame.number 2>/dev/null | wc -l
}
tshark_bytes() {
	[ $have_tshark = yes ] || return 0
	timeout 60 tshark -n -r "$1" -T fields -e frame.len 2>/dev/null |
		awk '{ s += $1 } END { print s + 0 }'
}

# counted NAME FILE: the JSON in $tmp/out counts the frames and wire bytes
# tshark reads from FILE
counted() {
	got=$(json totals packets)
	gotb=$(json totals bytes)
	if [ -z "$got" ]; then
		fail "$1: no valid JSON on stdout"
		return 1
	fi
	if [ $have_tshark = no ]; then
		pass "$1: $got packets (tshark not found: not compared)"
		return 0
	fi
	want=$(tshark_count "$2")
	wantb=$(tshark_bytes "$2")
	if [ "$got" != "$want" ] || [ "$gotb" != "$wantb" ]; then
		fail "$1: $got packets, $gotb bytes; tshark reads $want, $wantb"
		return 1
	fi
	pass "$1: $got packets, $gotb bytes, as tshark"
}

# verbose NAME FILE: -V prints the file and ends cleanly (0 or 2)
verbose() {
	run 60 -n -V -r "$2"
	clean "$1 -V" || return
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 2 ]; then
		fail "$1 -V: status $rc"
	fi
}

# ---- the crafted captures --------------------------------------------

cat >"$tmp/craft.py" <<'PY'
import os, struct, sys
data, out = sys.argv[1], sys.argv[2]
sys.path.insert(0, sys.argv[3])
from pktcraft import ether, ipv4, pcap_write, tcp

def records(path):
    d = open(path, "rb").read()
    assert d[:4] == b"\xd4\xc3\xb2\xa1", path
    pos, recs = 24, []
    while pos + 16 <= len(d):
        ts, us, incl, orig = struct.unpack("<IIII", d[pos:pos + 16])
        recs.append((ts, us, d[pos + 16:pos + 16 + incl], orig))
        pos += 16 + incl
    return recs

def pcap(name, recs, snaplen=65535, linktype=1):
    pcap_write(os.path.join(out, name), recs, snaplen, linktype)

http = records(os.path.join(data, "http.pcap"))
# every record longer than the snaplen of the file header (96)
pcap("over-snaplen.pcap", http, snaplen=96)
# three good records, then one whose caplen is over any sane size
pcap("huge-caplen.pcap", http[:3] + [(http[3][0], http[3][1], http[3][2],
                                      0x7fffffff, 0x7fffffff)])
# after each of six packets, a record of caplen 0 with len 0 and len 60
zero = []
for r in http[:6]:
    zero += [r, (r[0], r[1] + 1, b"", 0), (r[0], r[1] + 2, b"", 60)]
pcap("zero-length.pcap", zero)
# Ethernet frames under link types pktop cannot know
pcap("linktype-147.pcap", http, linktype=147)
pcap("linktype-65000.pcap", http, linktype=65000)

# pcapng: a block of an unknown type (0x0BAD0BAD, 48 bytes) before the
# first packet block and before the third
d = open(os.path.join(data, "dns.pcap"), "rb").read()
assert d[:4] == b"\x0a\x0d\x0d\x0a"
bo = "<" if d[8:12] == b"\x4d\x3c\x2b\x1a" else ">"
body = b"pktop robustness test: unknown block!"
body += b"\0" * (-len(body) % 4)
unk = (struct.pack(bo + "II", 0x0BAD0BAD, 12 + len(body)) + body +
       struct.pack(bo + "I", 12 + len(body)))
res, pos, npkt = [], 0, 0
while pos + 12 <= len(d):
    t, l = struct.unpack(bo + "II", d[pos:pos + 8])
    if t in (2, 3, 6):
        npkt += 1
        if npkt in (1, 3):
            res.append(unk)
    res.append(d[pos:pos + l])
    pos += l
assert npkt >= 3
open(os.path.join(out, "unknown-block.pcapng"), "wb").write(b"".join(res))

# a TLS ClientHello whose SNI holds a title change, a screen clear and C1
# CSIs (raw and UTF-8), after a handshake
def ip(payload, src, dst):
    return ipv4(6, payload, src, dst, flags=0x4000)
frame = ether
evil = b"sni\x1b]0;PWNED-SNI\x07\x1b[2J\x9b31m\xc2\x9bx.example"
sni = struct.pack("!BH", 0, len(evil)) + evil
sni = struct.pack("!H", len(sni)) + sni
ext = struct.pack("!HH", 0, len(sni)) + sni
hello = (b"\x03\x03" + bytes(32) + b"\x00" + b"\x00\x02\x13\x01" +
         b"\x01\x00" + struct.pack("!H", len(ext)) + ext)
hs = b"\x01" + struct.pack("!I", len(hello))[1:] + hello
rec = b"\x16\x03\x01" + struct.pack("!H", len(hs)) + hs
c, s = [10, 0, 0, 1], [10, 0, 0, 2]
pcap("sni-escape.pcap", [
    (1700000000, 0, frame(ip(tcp(40000, 443, 1, 0, 0x02, b""), c, s)), 54),
    (1700000000, 1000, frame(ip(tcp(443, 40000, 9, 2, 0x12, b""), s, c)), 54),
    (1700000000, 2000, frame(ip(tcp(40000, 443, 2, 10, 0x10, b""), c, s)), 54),
    (1700000000, 3000, frame(ip(tcp(40000, 443, 2, 10, 0x18, rec), c, s)),
     54 + len(rec))])
PY
python3 "$tmp/craft.py" "$data" "$tmp" "$top_srcdir/tests/lib" || { echo "cannot craft the captures"; exit 99; }

# Cut with head -c from test captures: in the file header (10 of 24
# bytes), right after it (no packet), in the second record header, in the
# 18th packet; a pcapng (dns.pcap) in its third packet block.
head -c 10 "$data/http.pcap" >"$tmp/cut-file-header.pcap"
head -c 24 "$data/http.pcap" >"$tmp/cut-after-header.pcap"
head -c 90 "$data/http.pcap" >"$tmp/cut-record-header.pcap"
head -c 2000 "$data/http.pcap" >"$tmp/cut-packet.pcap"
head -c 600 "$data/dns.pcap" >"$tmp/cut-block.pcapng"

run 20 --batch --format json -r "$tmp/cut-file-header.pcap"
one_line "cut in the file header" 2 \
	"^pktop: cannot read '.*cut-file-header.pcap': not a pcap or pcapng capture \(truncated dump file" &&
	if [ -s "$tmp/out" ]; then fail "cut in the file header: wrote to stdout"
	else pass "cut in the file header: $(cat "$tmp/err")"; fi
verbose "cut in the file header" "$tmp/cut-file-header.pcap"

run 20 --batch --format json -r "$tmp/cut-after-header.pcap"
if clean "file header only" && [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
	counted "file header only (no packet)" "$tmp/cut-after-header.pcap"
else
	fail "file header only: status $rc, stderr '$(head -n 1 "$tmp/err")'"
fi

# a file cut short: what was read is reported, status 2 (as in every
# mode: pktop(8) EXIT STATUS, tests/cli/input_policy.sh), one line says why
for f in cut-record-header.pcap cut-packet.pcap cut-block.pcapng; do
	run 20 --batch --format json -r "$tmp/$f"
	one_line "$f" 2 "^pktop: reading '.*$f' stopped: .*(truncated|cut short|only got)" &&
		counted "$f ($(sed 's/.*stopped: //' "$tmp/err" | cut -c 1-70))" "$tmp/$f"
	verbose "$f" "$tmp/$f"
done

# caplen over the header's snaplen: libpcap keeps the first 96 bytes;
# every packet is counted with its wire length, none is cut in a header
run 20 --batch --format json -r "$tmp/over-snaplen.pcap"
if clean "caplen > snaplen" && [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
	counted "caplen > snaplen" "$tmp/over-snaplen.pcap" &&
		if [ "$(json totals truncated)" != 0 ] || [ "$(json source snaplen)" != 96 ]; then
			fail "caplen > snaplen: truncated $(json totals truncated), snaplen $(json source snaplen), want 0, 96"
		fi
else
	fail "caplen > snaplen: status $rc, stderr '$(head -n 1 "$tmp/err")'"
fi
verbose "caplen > snaplen" "$tmp/over-snaplen.pcap"

# caplen 0x7fffffff: the packets before it are reported, one line says why
run 20 --batch --format json -r "$tmp/huge-caplen.pcap"
one_line "caplen 2^31-1" 2 "^pktop: reading '.*' stopped: .*(invalid packet capture length|bigger than)" &&
	counted "caplen 2^31-1 ($(sed 's/.*stopped: //' "$tmp/err" | cut -c 1-70))" "$tmp/huge-caplen.pcap"
verbose "caplen 2^31-1" "$tmp/huge-caplen.pcap"

# zero-length packets count, with their wire length, as cut short
run 20 --batch --format json -r "$tmp/zero-length.pcap"
if clean "caplen 0" && [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
	counted "caplen 0 (12 of 18 records)" "$tmp/zero-length.pcap" &&
		if [ "$(json totals truncated)" != 12 ]; then
			fail "caplen 0: truncated $(json totals truncated), want 12"
		fi
else
	fail "caplen 0: status $rc, stderr '$(head -n 1 "$tmp/err")'"
fi
verbose "caplen 0" "$tmp/zero-length.pcap"

# unknown link types: every frame counted, as undecoded, no host made up
for lt in 147 65000; do
	f=$tmp/linktype-$lt.pcap
	run 20 --batch --format json -r "$f"
	if ! clean "link type $lt"; then
		:
	elif [ "$rc" -ne 0 ] || [ -s "$tmp/err" ]; then
		fail "link type $lt: status $rc, stderr '$(head -n 1 "$tmp/err")'"
	elif [ "$(json totals packets)" != 42 ] || [ "$(json totals undecoded)" != 42 ] ||
	     [ "$(json totals hosts)" != 0 ]; then
		fail "link type $lt: packets $(json totals packets), undecoded $(json totals undecoded), hosts $(json totals hosts); want 42, 42, 0"
	elif [ $lt = 147 ]; then
		counted "link type 147 (USER0): all undecoded" "$f"
	else
		# tshark refuses the file: the 42 records of http.pcap
		pass "link type 65000: 42 packets, all undecoded (tshark cannot read it)"
	fi
	verbose "link type $lt" "$f"
done

# unknown pcapng blocks are skipped: the same report as without them
run 20 --batch --format json -r "$data/dns.pcap"
python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("source"); print(json.dumps(d, sort_keys=True))' \
	"$tmp/out" >"$tmp/plain.json" 2>/dev/null
run 20 --batch --format json -r "$tmp/unknown-block.pcapng"
if clean "pcapng unknown block" && [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
	python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("source"); print(json.dumps(d, sort_keys=True))' \
		"$tmp/out" >"$tmp/unk.json" 2>/dev/null
	if [ -s "$tmp/unk.json" ] && cmp -s "$tmp/plain.json" "$tmp/unk.json"; then
		counted "pcapng with unknown blocks (same report as dns.pcap)" "$tmp/unknown-block.pcapng"
	else
		fail "pcapng with unknown blocks: the report differs from dns.pcap's"
	fi
else
	fail "pcapng unknown block: status $rc, stderr '$(head -n 1 "$tmp/err")'"
fi
verbose "pcapng unknown block" "$tmp/unknown-block.pcapng"

# /dev/null: a character device that gives nothing
run 20 --batch -r /dev/null
one_line "/dev/null as -r" 2 "^pktop: cannot read '/dev/null': the input is empty" &&
	if [ -s "$tmp/out" ]; then fail "/dev/null as -r: wrote to stdout"
	else pass "/dev/null as -r: $(cat "$tmp/err")"; fi

# ---- filters -----------------------------------------------------------

cap=$data/http.pcap
# 100 KB that libpcap compiles at once: tcp and 102397 spaces
big=$(python3 -c 'print("tcp" + " " * (102400 - 3))')
run 60 --batch --format json -r "$cap" -f "$big"
if clean "100 KB filter (tcp + spaces)" && [ "$rc" -eq 0 ] && [ ! -s "$tmp/err" ]; then
	want=""
	[ $have_tshark = yes ] &&
		want=$(timeout 60 tshark -n -r "$cap" -Y tcp -T fields -e frame.number 2>/dev/null | wc -l)
	got=$(json totals packets)
	if [ -n "$want" ] && [ "$got" != "$want" ]; then
		fail "100 KB filter: $got packets, tshark -Y tcp $want"
	elif [ "$(json source snaplen)" = "" ]; then
		fail "100 KB filter: no valid JSON"
	else
		pass "100 KB filter (tcp + spaces): $got packets${want:+ as tshark -Y tcp}"
	fi
else
	fail "100 KB filter (tcp + spaces): status $rc, stderr '$(head -c 200 "$tmp/err")'"
fi
# 100 KB of nonsense, and 100 KB of 'port N or ...': the quoted filter is
# cut short ("...") so libpcap's reason always ends the line, the same
# reason tcpdump gives for the same filter (read with -F: too long for
# an argument)
big_filter() {
	name=$1
	printf '%s' "$2" >"$tmp/filter.txt"
	run 60 --batch --format json -r "$cap" -f "$2"
	one_line "$name" 2 "^pktop: bad capture filter '[^']{1,400}\\.\\.\\.': [a-zA-Z].*" || return
	if command -v tcpdump >/dev/null 2>&1; then
		why=$(timeout 60 tcpdump -d -y EN10MB -F "$tmp/filter.txt" 2>&1 >/dev/null |
			sed -n 's/^tcpdump: //p' | tail -1)
		case "$(cat "$tmp/err")" in
		*": $why") pass "$name: ...$(tail -c 60 "$tmp/err") (tcpdump: $why)" ;;
		*) fail "$name: pktop says '$(tail -c 80 "$tmp/err")', tcpdump '$why'" ;;
		esac
	else
		pass "$name: ...$(tail -c 60 "$tmp/err")"
	fi
}
big_filter "100 KB bad filter" "$(python3 -c 'print("x" * 102400)')"
big_filter "100 KB filter too complex" \
	"$(python3 -c 'print(" or ".join("port %d" % i for i in range(8800)))')"

# printable FILE: the message is valid UTF-8 and holds no control byte
# (the filter's bad bytes shown escaped, as the text report does)
printable() {
	python3 - "$1" <<'PY'
import sys
raw = open(sys.argv[1], "rb").read().rstrip(b"\n")
raw.decode("utf-8")
assert not any(b < 0x20 or b == 0x7f for b in raw), "control byte"
assert not any(0x80 <= ord(c) <= 0x9f for c in raw.decode()), "C1"
PY
}
# shown FILE: its first bytes as a python literal, on one line
shown() { python3 -c 'import sys; print(repr(open(sys.argv[1], "rb").read()[:160]))' "$1"; }
# invalid UTF-8, with -f and as arguments
bad=$(printf 'port 80 and \377\376 \303(')
run 20 --batch --format json -r "$cap" -f "$bad"
one_line "invalid UTF-8 filter (-f)" 2 "^pktop: bad capture filter '" &&
	if printable "$tmp/err" 2>/dev/null; then pass "invalid UTF-8 filter (-f): $(cat "$tmp/err")"
	else fail "invalid UTF-8 filter (-f): raw bytes in the message: $(shown "$tmp/err")"; fi
run 20 --batch --format json -r "$cap" port 80 "$(printf '\200\377')"
one_line "invalid UTF-8 filter (arguments)" 2 "^pktop: bad capture filter '" &&
	if printable "$tmp/err" 2>/dev/null; then pass "invalid UTF-8 filter (arguments): $(cat "$tmp/err")"
	else fail "invalid UTF-8 filter (arguments): raw bytes in the message: $(shown "$tmp/err")"; fi
# a newline and a title-change sequence: still one line, nothing raw
bad=$(printf 'tcp\nand host \033]0;PWNED\007x')
run 20 --batch --format json -r "$cap" -f "$bad"
one_line "filter with a newline and ESC" 2 "^pktop: bad capture filter '" &&
	if printable "$tmp/err" 2>/dev/null; then pass "filter with a newline and ESC: $(cat "$tmp/err")"
	else fail "filter with a newline and ESC: raw control bytes in the message: $(shown "$tmp/err")"; fi

# ---- escape sequences in a TLS SNI (reports) ---------------------------
# (HTTP Host and DNS names: cli_errors.sh and tui_escape.sh)
run 20 --batch --format json -r "$tmp/sni-escape.pcap"
if clean "SNI escapes (json)" && [ "$rc" -eq 0 ] &&
   python3 - "$tmp/out" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read()
assert not any(b < 0x20 for b in raw[:-1]), "raw control byte"
raw.decode("ascii")  # \u escapes for every control, C1 included
d = json.loads(raw)
c = [c for c in d["connections"] if c["b_port"] == 443]
assert len(c) == 1 and c[0]["app"] == "tls", c
assert c[0]["server_name"].startswith("sni\x1b]0;PWNED-SNI\x07\x1b[2J\x9b31m"), c
PY
then
	pass "SNI escapes: valid JSON, every control byte escaped"
else
	fail "SNI escapes (json): status $rc $(head -n 1 "$tmp/err")"
fi
run 20 --batch --format text -r "$tmp/sni-escape.pcap"
if ! clean "SNI escapes (text)"; then
	:
elif python3 -c 'import sys; r=open(sys.argv[1],"rb").read(); sys.exit(b"\x1b" in r or b"\x07" in r or b"\x9b" in r)' "$tmp/out" &&
   grep -qF 'sni\x1b]0;PWNED-SNI\x07' "$tmp/out"; then
	pass "SNI escapes: shown escaped in the text report"
else
	fail "SNI escapes (text): raw bytes or no escaped name: $(grep -a sni "$tmp/out" | head -c 200)"
fi

# ---- the terminal (tmux) -----------------------------------------------

# tstart COLS ROWS ENV ARGS...: pktop in a fresh tmux session; its stderr
# in $tmp/err, its status in $tmp/status, the terminal bytes in $tmp/raw
tstart() {
	cols=$1 rows=$2 envs=$3
	shift 3
	tmux_ kill-server >/dev/null 2>&1
	rm -f "$tmp/status"
	: >"$tmp/raw"
	: >"$tmp/err"
	printf '#!/bin/sh\n%s "$@" 2>"%s"\necho $? >"%s"\n' \
		"env LANG=C.UTF-8 LC_ALL=C.UTF-8 TERM=xterm-256color env $envs \"$PKTOP\"" \
		"$tmp/err" "$tmp/status" >"$tmp/pane.sh"
	tmux_session "$cols" "$rows" "$tmp/raw" sh "$tmp/pane.sh" "$@"
}
# tstatus [TENTHS]: wait for pktop's status ($rc), 5 s by default
tstatus() {
	n=0
	while [ ! -s "$tmp/status" ]; do
		n=$((n + 1))
		[ "$n" -lt "${1:-50}" ] || { rc=timeout; return 1; }
		sleep 0.1
	done
	rc=$(cat "$tmp/status")
}
tquit() { tmux_ send-keys -t 0 q; tstatus; }
# rawcheck NAME MARKERS...: the terminal got valid UTF-8 and none of the
# byte strings (python literals)
rawcheck() {
	name=$1
	shift
	sleep 0.3
	python3 - "$tmp/raw" "$@" <<'PY' || { fail "$name: $(cat "$tmp/rawcheck")"; return 1; }
import ast, sys
raw = open(sys.argv[1], "rb").read()
bad = [m for m in sys.argv[2:] if ast.literal_eval(m) in raw]
try:
    raw.decode("utf-8")
except UnicodeDecodeError as e:
    bad.append("invalid UTF-8 at %d: %r" % (e.start, raw[e.start - 10:e.start + 10]))
if len(raw) < 500:
    bad.append("only %d bytes recorded" % len(raw))
open(sys.argv[1].replace("raw", "rawcheck"), "w").write(repr(bad))
sys.exit(1 if bad else 0)
PY
}

if ! command -v tmux >/dev/null 2>&1; then
	skip "terminal cases: tmux not installed"
else
	# invalid UTF-8 typed at the filter line: an error on the line, the
	# old filter kept, no raw byte on the terminal
	if tstart 120 40 "" -n -r "$data/mixed.pcap" -f icmp && tui_seen 'filter: icmp'; then
		tmux_ send-keys -t 0 f
		tui_seen 'Filter \(BPF\): icmp' 50 || fail "UI filter: no edit line"
		tmux_ send-keys -t 0 C-u
		tmux_ send-keys -t 0 -l 'udp '
		tmux_ send-keys -t 0 -H ff fe 80
		tmux_ send-keys -t 0 Enter
		sleep 0.5
		if ! tui_alive; then
			fail "UI invalid UTF-8 filter: pktop died"
		elif ! tui_screen | grep -q 'filter: icmp '; then
			fail "UI invalid UTF-8 filter: the old filter was replaced: $(tui_screen | grep -o 'filter: [^ ]*' | head -n 1)"
		elif ! tui_screen | grep -Eqi 'bad capture filter|invalid|not valid|error'; then
			fail "UI invalid UTF-8 filter: no error shown"
		else
			pass "UI invalid UTF-8 filter: error shown, icmp kept"
			tmux_ send-keys -t 0 Escape
			tui_seen 'filter: icmp ' 30 ||
				fail "UI invalid UTF-8 filter: icmp not in force after Esc"
		fi
		tquit
		clean "UI invalid UTF-8 filter" &&
			rawcheck "UI invalid UTF-8 filter: terminal bytes" "b'\\xff'" "b'\\xfe'" &&
			pass "UI invalid UTF-8 filter: no raw byte reached the terminal, status $rc"
	else
		fail "UI invalid UTF-8 filter: pktop did not start: $(tui_screen | head -n 3)"
	fi

	# a TLS SNI with escape sequences, in the connections, the packet
	# list and the packet's drill-down
	# 160 wide: the Connections view's TCP health columns leave the
	# server name room for the whole escaped text
	if tstart 160 40 "" -n -r "$tmp/sni-escape.pcap" && tui_seen '^Host'; then
		tmux_ send-keys -t 0 2
		if tui_seen 'sni\\x1b\]0;PWNED-SNI' 50; then
			pass "UI SNI escapes: the name drawn escaped"
		else
			fail "UI SNI escapes: the name is not shown escaped: $(tui_screen | grep -a sni | head -n 1)"
		fi
		tmux_ send-keys -t 0 4
		tui_seen 'Destination' 30
		for k in End Enter End Escape Home Enter End; do
			tmux_ send-keys -t 0 $k
			sleep 0.2
		done
		tmux_ send-keys -t 0 Escape
		tui_alive || fail "UI SNI escapes: pktop died"
		tquit
		clean "UI SNI escapes" &&
			rawcheck "UI SNI escapes: terminal bytes" "b'PWNED-SNI\\x07'" \
				"b'\\x1b]0;'" "b'\\x9b31m'" "b'\\xc2\\x9b'" &&
			pass "UI SNI escapes: no sequence from the capture reached the terminal"
	else
		fail "UI SNI escapes: pktop did not start: $(tui_screen | head -n 3)"
	fi

	# TERM unset, TERM unknown: one line, status 2
	for t in unset unknown-term; do
		if [ $t = unset ]; then e="-u TERM"; else e="TERM=$t"; fi
		tstart 80 24 "$e" -n -r "$data/http.pcap" || { fail "TERM $t: cannot start tmux"; continue; }
		tstatus 100
		one_line "TERM $t" 2 "^pktop: cannot start the terminal UI .*--batch" &&
			pass "TERM $t: $(cat "$tmp/err")"
	done

	# 20x5: too small, no crash; 120x40 brings the tables back
	if tstart 20 5 "" -n -r "$data/mixed.pcap" && tui_seen 'too small' 50; then
		sleep 0.5
		if ! tui_alive; then
			fail "20x5: pktop died"
		else
			tmux_ resize-window -t 0 -x 120 -y 40
			if tui_seen '^Host' 50 && tui_seen '670' 50; then
				tmux_ resize-window -t 0 -x 20 -y 5
				tui_seen 'too small' 50 || fail "20x5 again: no 'too small'"
				tmux_ resize-window -t 0 -x 120 -y 40
				tui_seen '^Host' 50 || fail "120x40 again: no tables"
				tquit
				if clean "20x5" && [ "$rc" = 0 ]; then
					pass "20x5: 'too small', back at 120x40, q ends with status 0"
				else
					fail "20x5: status $rc after q"
				fi
			else
				fail "20x5: nothing at 120x40: $(tui_screen | head -n 3)"
			fi
		fi
	else
		fail "20x5: no 'too small': $(tui_screen | head -n 3)"
	fi
	tmux_ kill-server >/dev/null 2>&1
fi

# ---- an interface deleted during a live capture ------------------------

if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 ||
   ! ip netns add "pktop-rb-$$" 2>/dev/null; then
	skip "interface removed: needs root and ip netns"
else
	netns="pktop-rb-$$"
	nx() { ip netns exec "$netns" "$@"; }
	if nx ip link add pkrb0 type veth peer name pkrb1 &&
	   nx ip link set lo up && nx ip link set pkrb0 up && nx ip link set pkrb1 up &&
	   nx ip addr add 192.0.2.1/24 dev pkrb0 && nx ip addr add 192.0.2.2/24 dev pkrb1; then
		nx timeout 30 "$PKTOP" --batch --format json --interval 1 -i pkrb0 \
			>"$tmp/out" 2>"$tmp/err" </dev/null &
		pid=$!
		# traffic inside the namespace only
		nx timeout 5 ping -q -c 40 -i 0.1 -I pkrb0 192.0.2.2 >/dev/null 2>&1 &
		ping=$!
		sleep 2.5
		t0=$(date +%s)
		nx ip link del pkrb0
		wait $pid
		rc=$?
		took=$(($(date +%s) - t0))
		kill $ping 2>/dev/null
		wait $ping 2>/dev/null
		if ! clean "interface removed"; then
			:
		elif [ "$rc" -ne 2 ]; then
			fail "interface removed: status $rc, want 2 ($(head -n 1 "$tmp/err"))"
		elif [ "$took" -gt 5 ]; then
			fail "interface removed: pktop took ${took}s to notice"
		elif [ "$(grep -c '^pktop: ' "$tmp/err")" -ne 1 ] ||
		     ! grep -Eq "^pktop: reading 'pkrb0' stopped: .*(disappeared|No such device|went down)" "$tmp/err"; then
			fail "interface removed: stderr: $(head -c 300 "$tmp/err")"
		elif ! python3 - "$tmp/out" "$tmp/err" <<'PY'
import json, re, sys
lines = open(sys.argv[1]).read().splitlines()
docs = [json.loads(l) for l in lines]      # every report is valid JSON
assert len(docs) >= 2, "%d reports, want the periodic ones and a last" % len(docs)
n = [d["totals"]["packets"] for d in docs]
assert n == sorted(n) and n[-1] > 0, n
m = re.search(r"^(\d+) packets captured$", open(sys.argv[2]).read(), re.M)
assert m and int(m.group(1)) == n[-1], (m and m.group(0), n[-1])
PY
		then
			fail "interface removed: the reports on stdout: $(head -c 200 "$tmp/out")"
		else
			pass "interface removed: status 2, $(grep '^pktop: ' "$tmp/err"), $(wc -l <"$tmp/out") JSON reports kept"
		fi
	else
		fail "interface removed: cannot make the veth pair"
	fi
	ip netns del "$netns" 2>/dev/null
	netns=""
fi

# ---- no capture rights (-i lo as nobody: cli_errors.sh) ----------------

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null 2>&1; then
	skip "no permission: needs root and setpriv"
elif ! setpriv --reuid=65534 --regid=65534 --clear-groups test -x "$PKTOP"; then
	skip "no permission: nobody cannot run $PKTOP"
else
	self=$(readlink -f "$PKTOP")
	asnobody() {
		timeout 20 setpriv --reuid=65534 --regid=65534 --clear-groups \
			"$PKTOP" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
		rc=$?
	}
	for how in default any; do
		if [ $how = any ]; then asnobody --batch -i any; else asnobody --batch; fi
		# the hint must work as shown: setcap on this very binary
		one_line "no permission ($how interface)" 2 \
			"^pktop: cannot capture on '[^']+': permission denied .*(sudo|setcap)" &&
			if grep -qF "setcap cap_net_raw,cap_net_admin=eip $self" "$tmp/err"; then
				pass "no permission ($how interface): $(cat "$tmp/err")"
			else
				fail "no permission ($how interface): the setcap hint does not name $self: $(cat "$tmp/err")"
			fi
	done
	cp "$data/http.pcap" "$tmp/private.pcap"
	chmod 600 "$tmp/private.pcap"
	asnobody --batch -r "$tmp/private.pcap"
	one_line "unreadable -r file" 2 "^pktop: cannot read '.*private.pcap': Permission denied" &&
		pass "unreadable -r file: $(cat "$tmp/err")"
fi

[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "PASS"
exit 0
