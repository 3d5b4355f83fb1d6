#!/bin/sh
# collect: pktop --collect as an IPFIX collector, from the outside.
#  1. round trip: every capture of tests/data exported by pktop --ipfix
#     (one Observation Domain per capture) to pktop --collect and to
#     nfdump's nfcapd at once: each capture's connections come back under
#     its domain with both directions' packets and bytes and the app, as
#     the capture's own batch report has them; nfdump, the referee, reads
#     the same counts per connection as the collector;
#  2. a TCP exporter: its flows arrive under its domain;
#  3. hostile input (garbage, lengths past the end, unknown templates,
#     a broken TCP stream) is counted as malformed and the collector goes
#     on decoding the good messages that follow;
#  4. softflowd (another exporter, one record per direction) -> pktop
#     --collect: every flow softflowd says it expired (its -D log) is a
#     connection with the same packets and bytes each way.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
data=$top_srcdir/tests/data

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
command -v nfcapd >/dev/null 2>&1 || { echo "SKIP: nfcapd (nfdump) not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-collect.XXXXXX") || exit 99
nfpid=
colpid=
trap '[ -n "$nfpid" ] && kill "$nfpid" 2>/dev/null; [ -n "$colpid" ] && kill "$colpid" 2>/dev/null; [ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

free_port() {
	python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_STREAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# the collector's last report, once it is told to stop
collector_start() {
	$PKTOP --collect "127.0.0.1:$1" --batch --format json --interval 3600 \
		>"$2" 2>"$2.err" &
	colpid=$!
	n=0
	# bound when it answers: ss lists the UDP socket
	while ! ss -Hlnu "sport = :$1" 2>/dev/null | grep -q . && [ $n -lt 100 ]; do
		sleep 0.1
		n=$((n + 1))
	done
}
collector_stop() {
	kill -INT "$colpid"
	wait "$colpid"
	rc=$?
	colpid=
	[ $rc -eq 0 ] || fail "collector exit status $rc: $(head -n 2 "$1.err")"
}

# ---- 1. round trip, nfcapd as the referee ----
port=$(free_port)
nport=$(free_port)
mkdir "$tmp/nf"
nfcapd -p "$nport" -b 127.0.0.1 -w "$tmp/nf" >"$tmp/nfcapd.log" 2>&1 &
nfpid=$!
collector_start "$port" "$tmp/col.json"
sleep 0.5
i=0
for f in "$data"/*.pcap "$data"/*.pcapng; do
	i=$((i + 1))
	timeout 60 $PKTOP -r "$f" --batch --format json --ipfix "127.0.0.1:$port" \
		--ipfix "127.0.0.1:$nport" --ipfix-domain "$i" >"$tmp/b.$i.json" 2>"$tmp/err" ||
		fail "export $(basename "$f"): $(head -n 1 "$tmp/err")"
	sleep 0.05
done
sleep 1
collector_stop "$tmp/col.json"
kill "$nfpid"
wait "$nfpid" 2>/dev/null
nfpid=
nfdump -R "$tmp/nf" -o json >"$tmp/nf.json" 2>"$tmp/nf.err" ||
	fail "nfdump: $(head -n 1 "$tmp/nf.err")"
python3 - "$tmp" "$i" <<'PY' >"$tmp/cmp1" 2>&1 && pass "round trip: $(cat "$tmp/cmp1")" || fail "round trip: $(cat "$tmp/cmp1")"
import json, sys, collections
tmp, n = sys.argv[1], int(sys.argv[2])
L4 = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "sctp": 132}

def counts(c, k, out):
    # canonical: the smaller endpoint first, counts by sender
    ea, eb = (c["a"], c["a_port"]), (c["b"], c["b_port"])
    lo, hi = sorted([ea, eb])
    key = k + (lo, hi)
    ab = (c["a_to_b_packets"], c["a_to_b_bytes"])
    ba = (c["b_to_a_packets"], c["b_to_a_bytes"])
    s_lo, s_hi = (ab, ba) if ea == lo else (ba, ab)
    if ea == eb:
        s_lo, s_hi = (ab[0] + ba[0], ab[1] + ba[1]), (0, 0)
    out[key + ("lo_pk",)] += s_lo[0]
    out[key + ("lo_by",)] += s_lo[1]
    out[key + ("hi_pk",)] += s_hi[0]
    out[key + ("hi_by",)] += s_hi[1]
    return key

want, apps, records, exporters = collections.Counter(), {}, 0, 0
for i in range(1, n + 1):
    d = json.load(open("%s/b.%d.json" % (tmp, i)))
    records += d["export"]["records"]
    exporters += d["export"]["records"] > 0
    if d["export"]["dropped"]:
        print("capture %d: %d records dropped" % (i, d["export"]["dropped"]))
        sys.exit(1)
    for c in d["connections"]:
        key = counts(c, (i, L4.get(c["proto"], c["proto"])), want)
        apps[key] = c.get("app", "unknown")
col = json.load(open(tmp + "/col.json"))
got, gapps = collections.Counter(), {}
for c in col["connections"]:
    if c.get("exporter") != "127.0.0.1":
        print("exporter", c.get("exporter"))
        sys.exit(1)
    key = counts(c, (c["exporter_domain"], L4.get(c["proto"], c["proto"])), got)
    gapps[key] = c.get("app", "unknown")
bad = [k for k in set(want) | set(got) if want[k] != got[k]]
for k in sorted(bad, key=str)[:10]:
    print("differs", k, "batch", want[k], "collected", got[k])
badapp = [k for k in apps if gapps.get(k) != apps[k]]
for k in sorted(badapp, key=str)[:10]:
    print("app differs", k, "batch", apps[k], "collected", gapps.get(k))
st = col["collect"]
if st["records"] != records or st["malformed"] or st["no_template"] or st["exporters"] != exporters:
    print("collect totals", st, "records made", records)
    sys.exit(1)
if bad or badapp:
    sys.exit(1)
# the referee: nfdump's counts per connection are the collector's
nf, cg = collections.Counter(), collections.Counter()
for r in json.load(open(tmp + "/nf.json")):
    a = r.get("src4_addr", r.get("src6_addr"))
    b = r.get("dst4_addr", r.get("dst6_addr"))
    c = {"a": a, "a_port": r.get("src_port", 0), "b": b, "b_port": r.get("dst_port", 0),
         "a_to_b_packets": r["in_packets"], "a_to_b_bytes": r["in_bytes"],
         "b_to_a_packets": r.get("out_packets", 0), "b_to_a_bytes": r.get("out_bytes", 0)}
    counts(c, (r["proto"],), nf)
for c in col["connections"]:
    counts(c, (L4.get(c["proto"], c["proto"]),), cg)
badnf = [k for k in set(nf) | set(cg) if nf[k] != cg[k]]
for k in sorted(badnf, key=str)[:10]:
    print("nfdump differs", k, "nfdump", nf[k], "collected", cg[k])
if badnf:
    sys.exit(1)
print("%d captures, %d records, %d connections agree with the batch reports and nfdump"
      % (n, records, len(want) // 4))
PY

# ---- 2. TCP, 3. hostile input ----
port=$(free_port)
collector_start "$port" "$tmp/col2.json"
$PKTOP -r "$data/http.pcap" --batch --format json --ipfix "tcp:127.0.0.1:$port" \
	--ipfix-domain 999 >"$tmp/tcp.json" 2>"$tmp/err" ||
	fail "tcp export: $(head -n 1 "$tmp/err")"
python3 - "$port" <<'PY' >"$tmp/hostile" 2>&1 || fail "hostile sender: $(cat "$tmp/hostile")"
import socket, struct, sys, time
port = int(sys.argv[1])

def msg(sets, domain=77):
    body = b"".join(struct.pack(">HH", sid, 4 + len(b)) + b for sid, b in sets)
    return struct.pack(">HHIII", 10, 16 + len(body), 0, 0, domain) + body

tmpl = struct.pack(">HH", 256, 5) + b"".join(struct.pack(">HH", i, l) for i, l in
                                             [(8, 4), (12, 4), (4, 1), (1, 4), (2, 4)])
rec = bytes([192, 0, 2, 1, 192, 0, 2, 2, 17]) + struct.pack(">II", 1000, 10)
bad = [
    b"\x00",                                  # shorter than a header
    b"garbage that is not ipfix at all....",  # version 0x6761: unsupported
    msg([(2, tmpl)])[:-3],                    # length past the datagram
    msg([(2, tmpl[:6] + b"\xff\xff")]),       # a template cut short
    struct.pack(">HHIII", 10, 20, 0, 0, 77) + struct.pack(">HH", 256, 40),  # set past the message
    msg([(2, struct.pack(">HH", 300, 1) + struct.pack(">HH", 8, 0))]),     # a record of no bytes
]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for b in bad:
    s.sendto(b, ("127.0.0.1", port))
s.sendto(msg([(999, rec)]), ("127.0.0.1", port))        # no template yet
s.sendto(msg([(2, tmpl), (256, rec * 2)]), ("127.0.0.1", port))
t = socket.create_connection(("127.0.0.1", port))
t.sendall(b"\x00\x0a\x00\x08not a message")             # framing broken
t.close()
time.sleep(0.3)
print("sent")
PY
sleep 1.5
collector_stop "$tmp/col2.json"
python3 - "$tmp" <<'PY' >"$tmp/cmp2" 2>&1 && pass "tcp and hostile: $(cat "$tmp/cmp2")" || fail "tcp and hostile: $(cat "$tmp/cmp2")"
import json, sys
tmp = sys.argv[1]
col = json.load(open(tmp + "/col2.json"))
src = json.load(open(tmp + "/tcp.json"))
st = col["collect"]
tcp = sorted((c["a_port"], c["a_to_b_packets"], c["b_to_a_packets"]) for c in col["connections"]
             if c["exporter_domain"] == 999)
want = sorted((c["a_port"], c["a_to_b_packets"], c["b_to_a_packets"]) for c in src["connections"])
good = [c for c in col["connections"] if c["exporter_domain"] == 77]
if tcp != want:
    print("tcp flows", tcp, "batch", want)
    sys.exit(1)
if len(good) != 1 or good[0]["a_to_b_packets"] != 20 or good[0]["a_to_b_bytes"] != 2000:
    print("the good message after the bad ones:", good)
    sys.exit(1)
# five bad datagrams and the broken stream, one not IPFIX, the unknown
# template's set
if st["malformed"] != 6 or st["unsupported"] != 1 or st["no_template"] != 1:
    print("counts", st)
    sys.exit(1)
print("%d tcp flows, %d malformed, %d unknown-template sets counted" %
      (len(tcp), st["malformed"], st["no_template"]))
PY

# ---- 4. softflowd ----
if command -v softflowd >/dev/null 2>&1; then
	port=$(free_port)
	collector_start "$port" "$tmp/col3.json"
	j=0
	for f in http.pcap dns.pcap mixed.pcap ipv6-http.pcap icmp.pcap \
		 ndpi-ssh.pcap quic-29.pcap; do
		j=$((j + 1))
		timeout 30 softflowd -r "$data/$f" -n "127.0.0.1:$port" -v 10 -D \
			>"$tmp/sf.$j.log" 2>&1 || fail "softflowd $f"
	done
	sleep 1
	collector_stop "$tmp/col3.json"
	python3 - "$tmp" "$j" <<'PY' >"$tmp/cmp3" 2>&1 && pass "softflowd: $(cat "$tmp/cmp3")" || fail "softflowd: $(cat "$tmp/cmp3")"
import json, re, sys, collections
tmp, n = sys.argv[1], int(sys.argv[2])
L4 = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "sctp": 132}
pat = re.compile(r"EXPIRED: seq:\d+ \[([^\]]+)\]:(\d+) <> \[([^\]]+)\]:(\d+) proto:(\d+) "
                 r"octets>:(\d+) packets>:(\d+) octets<:(\d+) packets<:(\d+)")
want, got = collections.Counter(), collections.Counter()

def put(out, l4, a, ap, b, bp, ab, ba):
    (lo, s_lo), (hi, s_hi) = sorted([((a, ap), ab), ((b, bp), ba)])
    for side, v in (("lo", s_lo), ("hi", s_hi)):
        out[(l4, lo, hi, side, "pk")] += v[0]
        out[(l4, lo, hi, side, "by")] += v[1]

flows = 0
for i in range(1, n + 1):
    for m in pat.finditer(open("%s/sf.%d.log" % (tmp, i)).read()):
        a, ap, b, bp, l4, o1, p1, o2, p2 = m.groups()
        # ICMP: softflowd keys a flow by type and code, which it does not
        # export as ports; pktop keeps one ICMP flow per host pair
        if l4 in ("1", "58"):
            ap = bp = 0
        put(want, int(l4), a, int(ap), b, int(bp), (int(p1), int(o1)), (int(p2), int(o2)))
        flows += 1
col = json.load(open(tmp + "/col3.json"))
for c in col["connections"]:
    put(got, L4.get(c["proto"], c["proto"]), c["a"], c["a_port"], c["b"], c["b_port"],
        (c["a_to_b_packets"], c["a_to_b_bytes"]), (c["b_to_a_packets"], c["b_to_a_bytes"]))
bad = [k for k in set(want) | set(got) if want[k] != got[k]]
for k in sorted(bad, key=str)[:10]:
    print("differs", k, "softflowd", want[k], "collected", got[k])
st = col["collect"]
if bad or flows == 0 or st["malformed"] or st["no_template"]:
    print("collect", st)
    sys.exit(1)
print("%d flows softflowd expired, %d records, counts agree" % (flows, st["records"]))
PY
else
	echo "skip softflowd: not installed"
fi

[ $fails -eq 0 ] || exit 1
exit 0
