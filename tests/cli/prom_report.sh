#!/bin/sh
# prom_report: --batch --format prom against the JSON report of the same
# capture: every line is valid text exposition (HELP and TYPE before a
# metric's samples, one sample per name and label set), the totals and
# the protocol counters are the JSON's, the host series are capped at
# --top; --report-file replaces its file whole and leaves no temporary.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
data=$top_srcdir/tests/data

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-prom.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM
# run as root, pktop writes the report as the user it becomes
chmod 777 "$tmp"

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

for f in http.pcap dns.pcap ipv6-http.pcap quic-29.pcap; do
	$PKTOP -r "$data/$f" --batch --format json >"$tmp/r.json" 2>"$tmp/err" ||
		{ fail "$f json: $(head -n 1 "$tmp/err")"; continue; }
	echo "old" >"$tmp/m.prom"
	$PKTOP -r "$data/$f" --batch --format prom --top 2 \
		--report-file "$tmp/m.prom" 2>"$tmp/err" ||
		{ fail "$f prom: $(head -n 1 "$tmp/err")"; continue; }
	if ls "$tmp"/m.prom.tmp.* >/dev/null 2>&1; then
		fail "$f: a temporary file was left"
	fi
	python3 - "$tmp/r.json" "$tmp/m.prom" <<'PY' >"$tmp/cmp" 2>&1 && pass "$f: $(cat "$tmp/cmp")" || fail "$f: $(cat "$tmp/cmp")"
import json, re, sys
j = json.load(open(sys.argv[1]))
line_re = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*"(,[a-zA-Z_][a-zA-Z0-9_]*="[^"\\\n]*")*)\})? ([0-9]+(\.[0-9]+)?)$')
typed, seen, vals = set(), set(), {}
for l in open(sys.argv[2]):
    l = l.rstrip("\n")
    if l.startswith("# HELP ") or l.startswith("# TYPE "):
        parts = l.split(" ", 3)
        if l.startswith("# TYPE "):
            if parts[3] not in ("counter", "gauge"):
                print("bad type", l); sys.exit(1)
            typed.add(parts[2])
        continue
    m = line_re.match(l)
    if not m:
        print("bad line", repr(l)); sys.exit(1)
    name, labels, v = m.group(1), m.group(3) or "", int(m.group(5))
    if name not in typed:
        print("sample before its TYPE", l); sys.exit(1)
    if (name, labels) in seen:
        print("duplicate", l); sys.exit(1)
    seen.add((name, labels))
    vals[(name, labels)] = v
t = j["totals"]
for k in ("packets", "bytes", "malformed", "truncated", "hosts", "connections"):
    name = "pktop_%s_total" % k if k not in ("hosts", "connections") else "pktop_" + k
    if vals.get((name, "")) != t[k]:
        print(k, "json", t[k], "prom", vals.get((name, ""))); sys.exit(1)
for p in j["protocols"]:
    if vals.get(("pktop_protocol_bytes_total", 'proto="%s"' % p["name"])) != p["bytes"]:
        print("protocol", p); sys.exit(1)
hosts = {l for (n, l) in seen if n == "pktop_host_bytes_total"}
if len(hosts) > 4 or len(hosts) != 2 * min(2, len(j["hosts"])):
    print("host series", sorted(hosts)); sys.exit(1)
print("%d samples agree with the JSON report" % len(seen))
PY
done
exit $fails
