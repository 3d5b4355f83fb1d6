#!/bin/sh
# ipfix_export: --ipfix and --flow-log from the outside.
#  1. every capture of tests/data exported to nfdump's nfcapd on loopback:
#     read back with nfdump -o json, every connection of the batch report
#     is there with both directions' packets and bytes (the records of a
#     connection summed: active timeouts split it);
#  2. tshark's IPFIX dissector decodes the messages (templates, biflow
#     elements, ntop's 35632 ones) without a malformed or unknown field,
#     and each record's applicationName is the batch report's app;
#  3. a collector that is down: records dropped and counted, memory flat;
#  4. packet time drives the timeouts of a file: a long connection has
#     active-timeout records before its end, a pause makes an idle one;
#  5. --flow-log lines match the batch report, and carry Community IDs;
#  6. a TCP collector gets the templates first on its stream.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
data=$top_srcdir/tests/data
lib=$top_srcdir/tests/lib

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
command -v nfcapd >/dev/null 2>&1 || { echo "SKIP: nfcapd (nfdump) not found"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-ipfix.XXXXXX") || exit 99
nfpid=
trap '[ -n "$nfpid" ] && kill "$nfpid" 2>/dev/null; [ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

free_port() {
	python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# ---- 1. nfcapd (and 2. a second collector for tshark, at once) ----
port=$(free_port)
port2=$(free_port)
mkdir "$tmp/nf"
nfcapd -p "$port" -b 127.0.0.1 -w "$tmp/nf" >"$tmp/nfcapd.log" 2>&1 &
nfpid=$!
# the sink stops after this much silence: the first captures make no
# record, and on a loaded machine they take seconds each
python3 "$lib/ipfix_sink.py" "$port2" "$tmp/sink.pcap" "$lib" 15 "$tmp/ready" &
sinkpid=$!
n=0
while [ ! -e "$tmp/ready" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
# nfcapd binds late on a loaded machine: a record sent before it does is
# refused (ICMP port unreachable) and counted as dropped
n=0
while ! ss -Hlnu "sport = :$port" 2>/dev/null | grep -q . && [ $n -lt 100 ]; do
	sleep 0.1
	n=$((n + 1))
done
sleep 1
i=0
for f in "$data"/*.pcap "$data"/*.pcapng; do
	i=$((i + 1))
	timeout 60 $PKTOP -r "$f" --batch --format json  --ipfix "127.0.0.1:$port" \
		--ipfix "127.0.0.1:$port2" --ipfix-domain "$i" >"$tmp/b.$i.json" 2>"$tmp/err" ||
		fail "export $(basename "$f"): $(head -n 1 "$tmp/err")"
	# nfcapd reads each message before the next run
	sleep 0.05
done
sleep 1
kill "$nfpid"
wait "$nfpid" 2>/dev/null
nfpid=
nfdump -R "$tmp/nf" -o json >"$tmp/nf.json" 2>"$tmp/nf.err" ||
	fail "nfdump: $(head -n 1 "$tmp/nf.err")"
python3 - "$tmp" "$i" <<'PY' >"$tmp/cmp1" 2>&1 && pass "nfcapd: $(cat "$tmp/cmp1")" || fail "nfcapd: $(cat "$tmp/cmp1")"
import json, sys, collections
tmp, n = sys.argv[1], int(sys.argv[2])
L4 = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "sctp": 132}
want = collections.Counter()
records = 0
for i in range(1, n + 1):
    d = json.load(open("%s/b.%d.json" % (tmp, i)))
    records += d["export"]["records"]
    if d["export"]["dropped"]:
        print("capture %d: %d records dropped" % (i, d["export"]["dropped"]))
        sys.exit(1)
    for c in d["connections"]:
        k = (L4.get(c["proto"], c["proto"]), c["a"], c["a_port"], c["b"], c["b_port"])
        want[k + ("ab_pk",)] += c["a_to_b_packets"]
        want[k + ("ab_by",)] += c["a_to_b_bytes"]
        want[k + ("ba_pk",)] += c["b_to_a_packets"]
        want[k + ("ba_by",)] += c["b_to_a_bytes"]
got = collections.Counter()
flows = json.load(open(tmp + "/nf.json"))
for r in flows:
    a = r.get("src4_addr", r.get("src6_addr"))
    b = r.get("dst4_addr", r.get("dst6_addr"))
    # ICMP: nfdump shows type and code where the ports go; pktop keeps
    # an ICMP flow per host pair with ports 0
    k = (r["proto"], a, r.get("src_port", 0), b, r.get("dst_port", 0))
    got[k + ("ab_pk",)] += r["in_packets"]
    got[k + ("ab_by",)] += r["in_bytes"]
    got[k + ("ba_pk",)] += r.get("out_packets", 0)
    got[k + ("ba_by",)] += r.get("out_bytes", 0)
if len(flows) != records:
    print("%d records made, nfdump read %d" % (records, len(flows)))
    sys.exit(1)
bad = [k for k in set(want) | set(got) if want[k] != got[k]]
for k in sorted(bad, key=str)[:10]:
    print("differs", k, "batch", want[k], "nfdump", got[k])
if bad:
    sys.exit(1)
print("%d captures, %d records, %d connection counts agree" % (n, len(flows), len(want) // 4))
PY

# ---- 2. tshark ----
wait "$sinkpid"
tshark -r "$tmp/sink.pcap" -d "udp.port==$port2,cflow" -T json \
	>"$tmp/ts.json" 2>"$tmp/ts.err"
tshark -r "$tmp/sink.pcap" -d "udp.port==$port2,cflow" -V \
	>"$tmp/ts.txt" 2>>"$tmp/ts.err"
python3 - "$tmp" "$i" <<'PY' >"$tmp/cmp2" 2>&1 && pass "tshark: $(cat "$tmp/cmp2")" || fail "tshark: $(cat "$tmp/cmp2")"
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
L4 = {"tcp": 6, "udp": 17, "icmp": 1, "icmpv6": 58, "sctp": 132}

def pairs(kv):
    d = {}
    for k, v in kv:
        d.setdefault(k, []).append(v)
    return d

text = open(tmp + "/ts.txt", encoding="utf-8", errors="replace").read()
for bad in ("Malformed", "Expert Info (Warn", "Expert Info (Error", "Unknown",
            "Dissector bug"):
    if bad in text:
        line = [l for l in text.splitlines() if bad in l][0]
        print("tshark says %r: %s" % (bad, line.strip()))
        sys.exit(1)
pkts = json.load(open(tmp + "/ts.json"), object_pairs_hook=pairs)
last = {}
nrec = 0
names = set()
def walk(node, od):
    global nrec
    if isinstance(node, list):
        for x in node:
            walk(x, od)
        return
    if not isinstance(node, dict):
        return
    for k, v in node.items():
        if k.startswith("Flow "):
            for f in v:
                nrec += 1
                src = (f.get("cflow.srcaddr") or f.get("cflow.srcaddrv6"))[0]
                dst = (f.get("cflow.dstaddr") or f.get("cflow.dstaddrv6"))[0]
                key = (od, int(f["cflow.protocol"][0]), src,
                       int(f["cflow.srcport"][0]), dst,
                       int(f["cflow.dstport"][0]))
                last[key] = f.get("cflow.appl_name", [""])[0]
                names.update(x for x in f if x.startswith("cflow.pie.ntop.") or x == "cflow.http_request_host")
                if len(f.get("cflow.octets", [])) != 2 or len(f.get("cflow.packets", [])) != 2:
                    print("record without both directions:", key)
                    sys.exit(1)
        else:
            walk(v, od)
for p in pkts:
    c = p["_source"][0]["layers"][0]["cflow"][0]
    walk(c, int(c["cflow.od_id"][0]))
records = 0
for i in range(1, n + 1):
    d = json.load(open("%s/b.%d.json" % (tmp, i)))
    records += d["export"]["records"]
    for c in d["connections"]:
        key = (i, L4.get(c["proto"], c["proto"]), c["a"], c["a_port"], c["b"], c["b_port"])
        if key not in last:
            print("no record for", key)
            sys.exit(1)
        app = c.get("app") or ""
        # pktop sends no applicationName for a connection it could not name
        if last[key] != ("" if app == "unknown" else app):
            print("app of", key, "batch", c.get("app"), "ipfix", last[key])
            sys.exit(1)
if nrec != records:
    print("%d records made, tshark decoded %d" % (records, nrec))
    sys.exit(1)
need = {"cflow.pie.ntop.ssl_server_name", "cflow.pie.ntop.dns_query", "cflow.http_request_host"}
if need - names:
    print("never decoded:", sorted(need - names))
    sys.exit(1)
print("%d records decoded, every connection's application agrees" % nrec)
PY

# ---- 3, 4, 5: crafted captures with packet time ----
python3 - "$tmp" "$lib" <<'PY'
import sys
sys.path.insert(0, sys.argv[2])
from pktcraft import ether, ipv4, tcp, udp, pcap_write
tmp = sys.argv[1]
T0 = 1700000000
A, B, C = [10, 0, 0, 1], [10, 0, 0, 2], [10, 0, 0, 3]
recs = []
def add(t, frame):
    recs.append((T0 + int(t), int((t % 1) * 1e6), frame, len(frame)))
# a TCP connection 200 s long, a data packet each second
add(0, ether(ipv4(6, tcp(40000, 80, 1, 0, 0x02), A, B)))
add(0.001, ether(ipv4(6, tcp(80, 40000, 1, 2, 0x12), B, A)))
add(0.002, ether(ipv4(6, tcp(40000, 80, 2, 2, 0x10), A, B)))
for s in range(1, 200):
    add(s, ether(ipv4(6, tcp(40000, 80, 2, 2, 0x18, b"x" * 100), A, B)))
    # a UDP flow that pauses: 0-5 s and 40-45 s
    if s <= 5 or 40 <= s <= 45:
        add(s + 0.5, ether(ipv4(17, udp(5000, 6000, b"y" * 20), A, C)))
add(200, ether(ipv4(6, tcp(40000, 80, 2, 2, 0x11), A, B)))
add(200.001, ether(ipv4(6, tcp(80, 40000, 2, 3, 0x11), B, A)))
add(200.002, ether(ipv4(6, tcp(40000, 80, 3, 3, 0x10), A, B)))
recs.sort(key=lambda r: (r[0], r[1]))
pcap_write(tmp + "/long.pcap", recs)
# a minute of short UDP flows, 20 000 of them
recs = []
for k in range(20000):
    t = k * 0.003
    src = [10, 1, (k >> 8) & 255, k & 255]
    add(t, ether(ipv4(17, udp(1024 + k % 50000, 53, b"q" * 30), src, B)))
pcap_write(tmp + "/minute.pcap", recs)
PY

$PKTOP -r "$tmp/long.pcap" --batch --format json --ipfix-idle 15 \
	--ipfix-active 60 --flow-log "$tmp/long.log" >"$tmp/long.json" 2>"$tmp/err" ||
	fail "long.pcap: $(head -n 1 "$tmp/err")"
python3 - "$tmp" <<'PY' >"$tmp/cmp4" 2>&1 && pass "timeouts by packet time: $(cat "$tmp/cmp4")" || fail "timeouts: $(cat "$tmp/cmp4")"
import json, sys, collections
tmp = sys.argv[1]
lines = [json.loads(l) for l in open(tmp + "/long.log")]
by = collections.defaultdict(list)
for l in lines:
    by[(l["proto"], l["id.orig_h"], l["id.orig_p"], l["id.resp_h"], l["id.resp_p"])].append(l)
tcp = by[("tcp", "10.0.0.1", 40000, "10.0.0.2", 80)]
udp = by[("udp", "10.0.0.1", 5000, "10.0.0.3", 6000)]
reasons = [l["end_reason"] for l in tcp]
if reasons != ["active", "active", "active", "end"]:
    print("tcp records", reasons); sys.exit(1)
if not all(l["ts"] + l["duration"] < 1700000000 + 200 for l in tcp[:-1]):
    print("an active record ends after the connection"); sys.exit(1)
if [l["end_reason"] for l in udp] != ["idle", "idle"]:
    print("udp records", [l["end_reason"] for l in udp]); sys.exit(1)
if len({l["uid"] for l in tcp}) != 1 or tcp[0]["uid"] == udp[0]["uid"]:
    print("uids"); sys.exit(1)
d = json.load(open(tmp + "/long.json"))
for c in d["connections"]:
    k = (c["proto"], c["a"], c["a_port"], c["b"], c["b_port"])
    got = [sum(l[f] for l in by[k]) for f in ("orig_pkts", "resp_pkts", "orig_wire_bytes", "resp_wire_bytes")]
    want = [c["a_to_b_packets"], c["b_to_a_packets"], c["a_to_b_bytes"], c["b_to_a_bytes"]]
    if got != want:
        print(k, "log", got, "batch", want); sys.exit(1)
for l in lines:
    if not l.get("community_id", "").startswith("1:"):
        print("no community_id", l); sys.exit(1)
print("tcp %s, udp idle twice, sums agree" % ",".join(reasons))
PY

# 3. the collector is down: a closed UDP port refuses, records are counted
# as dropped, memory stays that of a run without export
cport=$(free_port)
# maxrss: each run measured from a small process of its own (a fork of
# a big one would count the parent's pages)
maxrss() {
	python3 -c 'import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    subprocess.run(sys.argv[2:], stdout=out, check=True, timeout=120)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)' "$@"
}
rss0=$(maxrss "$tmp/m0.json" $PKTOP -r "$tmp/minute.pcap" --batch --format json)
rss1=$(maxrss "$tmp/m1.json" $PKTOP -r "$tmp/minute.pcap" --batch --format json \
	--ipfix "127.0.0.1:$cport" --ipfix-idle 1)
python3 - "$tmp/m1.json" "$rss0" "$rss1" <<'PY' >"$tmp/cmp3" 2>&1 && pass "collector down: $(cat "$tmp/cmp3")" || fail "collector down: $(cat "$tmp/cmp3")"
import json, sys
e = json.load(open(sys.argv[1]))["export"]
rss0, rss1 = int(sys.argv[2]), int(sys.argv[3])
# UDP cannot know of a collector that is down until a refusal comes back:
# the first message goes, the rest are dropped without a try
if e["records"] < 20000 or e["dropped"] < e["records"] - 200 or e["sent"] + e["dropped"] != e["records"]:
    print("export", e); sys.exit(1)
if rss1 - rss0 > 8 * 1024:
    print("max RSS %d KiB without export, %d KiB with" % (rss0, rss1)); sys.exit(1)
print("%d records, %d dropped and counted; max RSS %d -> %d KiB" % (e["records"], e["dropped"], rss0, rss1))
PY

# ---- TCP: templates first on the stream, every record sent ----
python3 - "$PKTOP" "$data/http.pcap" <<'PY' >"$tmp/cmp6" 2>&1 && pass "tcp collector: $(cat "$tmp/cmp6")" || fail "tcp collector: $(cat "$tmp/cmp6")"
import json, socket, struct, subprocess, sys, threading
srv = socket.socket()
srv.bind(("127.0.0.1", 0))
srv.listen(1)
port = srv.getsockname()[1]
data = bytearray()
def accept():
    c, _ = srv.accept()
    c.settimeout(5)
    try:
        while True:
            d = c.recv(65536)
            if not d:
                break
            data.extend(d)
    except socket.timeout:
        pass
t = threading.Thread(target=accept)
t.start()
r = subprocess.run(sys.argv[1].split() + ["-r", sys.argv[2], "--batch", "--format", "json",
                    "--ipfix", "tcp:127.0.0.1:%d" % port], stdout=subprocess.PIPE, timeout=60)
t.join()
e = json.loads(r.stdout)["export"]
off, order, seq_ok = 0, [], True
while off < len(data):
    v, ln, _, seq, dom = struct.unpack("!HHIII", data[off:off + 16])
    if v != 10 or ln < 16:
        print("bad message header at", off); sys.exit(1)
    p = off + 16
    while p < off + ln:
        sid, sl = struct.unpack("!HH", data[p:p + 4])
        order.append(sid)
        p += sl
    off += ln
if off != len(data) or not order or order[0] != 2 or e["sent"] != e["records"] or e["dropped"]:
    print("stream", order, e); sys.exit(1)
print("%d bytes, templates first, %d records sent" % (len(data), e["sent"]))
PY

exit $fails
