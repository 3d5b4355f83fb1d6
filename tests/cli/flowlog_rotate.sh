#!/bin/sh
# flowlog_rotate: --flow-log rotated by -w's rules (-C, -G, -W).
# A crafted capture of 600 DNS exchanges, one a second over ten minutes
# of packet time (names of many lengths, some with control bytes):
#  1. -C 8k: FILE, FILE1, FILE2...; no file past 8 KiB; every line valid
#     JSON, none split across files, none lost: the lines' uids are
#     the batch report's connections, each once;
#  2. -C 8k -W 3: only FILE0..FILE2, each within the size, whole lines;
#  3. -G 120 with strftime conversions: several files named by record
#     time, each line in a file opened no later than its record's end,
#     all lines there; -G 60 -W 2 keeps the newest two files;
#  4. refusals: --flow-log - with -C, -z without -w.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
lib=$top_srcdir/tests/lib

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-flrot.XXXXXX") || exit 99
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

PYTHONPATH=$lib python3 - "$tmp/dns.pcap" <<'PY' || exit 99
import struct, sys
from pktcraft import ether, ipv4, udp, pcap_write

def qname(i):
    label = ("n%d" % i) + "x" * (i % 50)
    if i % 37 == 0:
        label += "\x1b[31m\x07"       # control bytes: escaped in JSON
    out = b""
    for part in (label, "example", "org"):
        b = part.encode("latin-1")
        out += bytes([len(b)]) + b
    return out + b"\0"

recs = []
t0 = 1700000000
for i in range(600):
    q = struct.pack("!HHHHHH", i, 0x0100, 1, 0, 0, 0) + qname(i) + b"\0\1\0\1"
    r = struct.pack("!HHHHHH", i, 0x8180, 1, 0, 0, 0) + qname(i) + b"\0\1\0\1"
    src = [10, 1, i // 250, 1 + i % 250]
    dst = [10, 2, 0, 1]
    sport = 20000 + i
    recs.append((t0 + i, 0, ether(ipv4(17, udp(sport, 53, q), src, dst)), 0))
    recs.append((t0 + i, 20000, ether(ipv4(17, udp(53, sport, r), dst, src)), 0))
pcap_write(sys.argv[1], [(a, b, c, len(c)) for a, b, c, _ in recs])
PY

# the batch report's connections and the flow log's files: every line
# JSON, no line split, the uids each once and the same count
check_lines() { # $1 report, $2.. files
	report=$1
	shift
	python3 - "$report" "$@" <<'PY'
import json, sys
rep = json.load(open(sys.argv[1]))
want = rep["totals"]["connections"]
uids = []
for name in sys.argv[2:]:
    data = open(name, "rb").read()
    if data and not data.endswith(b"\n"):
        sys.exit("%s: ends inside a line" % name)
    for n, line in enumerate(data.split(b"\n")[:-1], 1):
        try:
            rec = json.loads(line)
        except ValueError as e:
            sys.exit("%s:%d: not JSON (%s)" % (name, n, e))
        for k in ("ts", "uid", "id.orig_h", "id.resp_p", "end_reason"):
            if k not in rec:
                sys.exit("%s:%d: no %s (a line cut?)" % (name, n, k))
        if any(ord(c) < 0x20 for c in rec.get("server_name", "")):
            pass  # JSON escapes them; json.loads gives them back
        uids.append(rec["uid"])
if len(uids) != want or len(set(uids)) != want:
    sys.exit("%d lines, %d uids, batch has %d connections"
             % (len(uids), len(set(uids)), want))
print(want)
PY
}

# --- 1. -C: size ---
if "$PKTOP" -r "$tmp/dns.pcap" --batch --format json -n \
	--flow-log "$tmp/c.log" -C 8k >"$tmp/c.json" 2>"$tmp/err"; then
	set -- "$tmp/c.log"
	i=1
	while [ -e "$tmp/c.log$i" ]; do set -- "$@" "$tmp/c.log$i"; i=$((i + 1)); done
	big=$(for f in "$@"; do wc -c <"$f"; done | awk '$1 > 8192' | wc -l)
	if [ "$#" -lt 5 ]; then
		fail "-C 8k: only $# files"
	elif [ "$big" -ne 0 ]; then
		fail "-C 8k: $big files past 8192 bytes"
	elif n=$(check_lines "$tmp/c.json" "$@" 2>&1); then
		pass "-C 8k: $# files, $n lines = connections, each whole and JSON"
	else
		fail "-C 8k: $n"
	fi
	# the escaped control bytes are \u escapes, never raw
	if LC_ALL=C grep -q "$(printf '\033')" "$@"; then
		fail "-C 8k: a raw escape byte in the log"
	else
		pass "-C 8k: no raw control byte"
	fi
else
	fail "-C 8k run: $(head -1 "$tmp/err")"
fi

# --- 2. -C -W: a ring of three files ---
if "$PKTOP" -r "$tmp/dns.pcap" --batch --format json -n \
	--flow-log "$tmp/w.log" -C 8k -W 3 >"$tmp/w.json" 2>"$tmp/err"; then
	names=$(cd "$tmp" && ls w.log* | tr '\n' ' ')
	if [ "$names" != "w.log0 w.log1 w.log2 " ]; then
		fail "-C -W 3: files $names"
	elif python3 - "$tmp"/w.log0 "$tmp"/w.log1 "$tmp"/w.log2 <<'PY'
import json, os, sys
for name in sys.argv[1:]:
    data = open(name, "rb").read()
    assert os.path.getsize(name) <= 8192, name
    assert data.endswith(b"\n"), name
    for line in data.split(b"\n")[:-1]:
        json.loads(line)
PY
	then
		pass "-C 8k -W 3: w.log0..w.log2, whole JSON lines within the size"
	else
		fail "-C 8k -W 3: a file too big or a line cut"
	fi
else
	fail "-C -W run: $(head -1 "$tmp/err")"
fi

# --- 3. -G: record time names the files ---
mkdir "$tmp/g" "$tmp/gw"
if TZ=UTC "$PKTOP" -r "$tmp/dns.pcap" --batch --format json -n \
	--flow-log "$tmp/g/fl-%Y%m%d-%H%M%S.log" -G 120 >"$tmp/g.json" \
	2>"$tmp/err"; then
	set -- "$tmp"/g/fl-*.log
	if [ "$#" -lt 4 ]; then
		fail "-G 120: $# files ($(ls "$tmp/g" | tr '\n' ' '))"
	elif ! n=$(check_lines "$tmp/g.json" "$@" 2>&1); then
		fail "-G 120: $n"
	elif python3 - "$@" <<'PY'
import calendar, json, os, sys, time
first = None
for name in sys.argv[1:]:
    t = calendar.timegm(time.strptime(os.path.basename(name),
                                      "fl-%Y%m%d-%H%M%S.log"))
    if first is None:
        first = t
    for line in open(name):
        r = json.loads(line)
        end = int(r["ts"] + r["duration"])
        # a record goes to the file of its period, or (ended before, and
        # given out later: the exit's forced ends) to the newest one
        if end < t and name != sys.argv[-1]:
            sys.exit("%s: a record that ended at %d" % (name, end))
# the first file is named by the first record's time, not the clock
assert 1700000000 <= first < 1700000000 + 60, first
PY
	then
		pass "-G 120: $# files named by record time, $n lines = connections"
	else
		fail "-G 120: a record in the wrong file"
	fi
else
	fail "-G run: $(head -1 "$tmp/err")"
fi
if TZ=UTC "$PKTOP" -r "$tmp/dns.pcap" --batch --format json -n \
	--flow-log "$tmp/gw/fl-%H%M%S.log" -G 60 -W 2 >/dev/null 2>"$tmp/err"; then
	k=$(ls "$tmp/gw" | wc -l)
	if [ "$k" -eq 2 ]; then
		pass "-G 60 -W 2: the newest two files kept"
	else
		fail "-G 60 -W 2: $k files ($(ls "$tmp/gw" | tr '\n' ' '))"
	fi
else
	fail "-G -W run: $(head -1 "$tmp/err")"
fi

# --- 4. refusals ---
if "$PKTOP" -r "$tmp/dns.pcap" --batch --flow-log - -C 1 >/dev/null 2>"$tmp/err"; then
	fail "--flow-log - -C 1 accepted"
elif grep -q "one stream" "$tmp/err"; then
	pass "--flow-log - -C refused"
else
	fail "--flow-log - -C: $(head -1 "$tmp/err")"
fi
if "$PKTOP" -r "$tmp/dns.pcap" --batch --flow-log "$tmp/z.log" -z true \
	>/dev/null 2>"$tmp/err"; then
	fail "--flow-log -z accepted"
elif grep -q -- "-w FILE" "$tmp/err"; then
	pass "-z without -w refused"
else
	fail "-z: $(head -1 "$tmp/err")"
fi

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
exit 0
