#!/bin/sh
# ipfix_http: the HTTP elements of --ipfix (IANA 459 httpRequestMethod,
# 460 httpRequestHost, 461 httpRequestTarget, 457 httpStatusCode, 468
# httpUserAgent), --flow-log's http.log names and the batch report's
# http_* fields, against tshark's own HTTP dissector on the HTTP captures
# of tests/data and ../shared/pcaps (SHARED_PCAPS):
#  - tshark's IPFIX dissector (-d udp.port==P,cflow) decodes every
#    record without a malformed or unknown field, every message <= 1400;
#  - per TCP connection, the first request's http.request.method,
#    http.request.uri, http.host, http.user_agent and the first
#    http.response.code are the record's 459/461/460/468/457, the flow
#    log's method/uri/host/user_agent/status_code and the batch report's
#    (a value pktop cuts to its cap is compared as a prefix; a header
#    line tshark had to join from two segments pktop does not read);
#  - a crafted request with control bytes and a 600-byte target: the
#    strings are escaped in JSON, cut to the caps, the message fits.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
: "${SHARED_PCAPS:=$top_srcdir/../shared/pcaps}"
data=$top_srcdir/tests/data
lib=$top_srcdir/tests/lib

command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not found"; exit 77; }
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not found"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-ipfixhttp.XXXXXX") || exit 99
sinkpid=
trap '[ -n "$sinkpid" ] && kill "$sinkpid" 2>/dev/null; [ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

free_port() {
	python3 -c 'import socket; s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# a crafted HTTP exchange: hostile bytes, a target longer than the cap
PYTHONPATH=$lib python3 - "$tmp/crafted.pcap" <<'PY' || exit 99
import sys
from pktcraft import ether, ipv4, tcp, pcap_write
c, s = [10, 9, 0, 1], [10, 9, 0, 2]
req = (b"GET /" + b"a" * 600 + b" HTTP/1.1\r\nHost: ex\x1b[2Jample.org\r\n"
       b"User-Agent: evil\x07\x1b]0;title\x07agent\r\n\r\n")
resp = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"
SYN, ACK, PSH, FIN = 2, 16, 8, 1
f = lambda a, b, p: ether(ipv4(6, p, a, b))
pk = [
    f(c, s, tcp(40000, 80, 1, 0, SYN)),
    f(s, c, tcp(80, 40000, 100, 2, SYN | ACK)),
    f(c, s, tcp(40000, 80, 2, 101, ACK)),
    f(c, s, tcp(40000, 80, 2, 101, PSH | ACK, req)),
    f(s, c, tcp(80, 40000, 101, 2 + len(req), PSH | ACK, resp)),
    f(c, s, tcp(40000, 80, 2 + len(req), 101 + len(resp), FIN | ACK)),
    f(s, c, tcp(80, 40000, 101 + len(resp), 3 + len(req), FIN | ACK)),
    f(c, s, tcp(40000, 80, 3 + len(req), 102 + len(resp), ACK)),
]
pcap_write(sys.argv[1], [(1700000000, i * 1000, b, len(b)) for i, b in enumerate(pk)])
PY

: >"$tmp/list"
for f in "$data"/*http*.pcap "$data"/*http*.pcapng "$SHARED_PCAPS"/*/*http*.pcap \
	"$SHARED_PCAPS"/*/*http*.pcapng "$tmp/crafted.pcap"; do
	[ -f "$f" ] && echo "$f" >>"$tmp/list"
done

port=$(free_port)
python3 "$lib/ipfix_sink.py" "$port" "$tmp/sink.pcap" "$lib" 15 "$tmp/ready" &
sinkpid=$!
n=0
while [ ! -e "$tmp/ready" ] && [ $n -lt 100 ]; do sleep 0.1; n=$((n + 1)); done
i=0
while read -r f; do
	i=$((i + 1))
	timeout 60 "$PKTOP" -r "$f" -n --batch --format json --ipfix "127.0.0.1:$port" \
		--ipfix-domain "$i" --flow-log "$tmp/fl.$i.log" >"$tmp/b.$i.json" 2>"$tmp/err" ||
		fail "export $(basename "$f"): $(head -n 1 "$tmp/err")"
	tshark -r "$f" -o tcp.desegment_tcp_streams:TRUE -Y http -T fields -E separator=/t \
		-E occurrence=f -e frame.number -e ip.src -e ipv6.src -e tcp.srcport \
		-e ip.dst -e ipv6.dst -e tcp.dstport -e http.request.method \
		-e http.request.uri -e http.host -e http.user_agent \
		-e http.response.code -e tcp.segment.count \
		>"$tmp/ts.$i.txt" 2>/dev/null
done <"$tmp/list"
wait "$sinkpid"
sinkpid=
tshark -r "$tmp/sink.pcap" -d "udp.port==$port,cflow" -T json >"$tmp/ipfix.json" 2>"$tmp/ts.err"
tshark -r "$tmp/sink.pcap" -d "udp.port==$port,cflow" -V >"$tmp/ipfix.txt" 2>>"$tmp/ts.err"

python3 - "$tmp" "$i" <<'PY' >"$tmp/cmp" 2>&1 && pass "$(cat "$tmp/cmp")" || fail "$(cat "$tmp/cmp")"
import json, sys
tmp, n = sys.argv[1], int(sys.argv[2])
CAP = {"method": 15, "uri": 191, "user_agent": 159, "host": 255}

def pairs(kv):
    d = {}
    for k, v in kv:
        d.setdefault(k, []).append(v)
    return d

text = open(tmp + "/ipfix.txt", encoding="utf-8", errors="replace").read()
for bad in ("Malformed", "Expert Info (Warn", "Expert Info (Error", "Unknown",
            "Dissector bug"):
    for l in text.splitlines():
        if bad in l:
            sys.exit("tshark's IPFIX dissector says %r: %s" % (bad, l.strip()))
pk = json.load(open(tmp + "/ipfix.json"), object_pairs_hook=pairs)
ipfix = {}
for p in pk:
    udp = p["_source"][0]["layers"][0]["udp"][0]
    if int(udp["udp.length"][0]) - 8 > 1400:
        sys.exit("an IPFIX message of %s bytes" % udp["udp.length"][0])
    c = p["_source"][0]["layers"][0]["cflow"][0]
    od = int(c["cflow.od_id"][0])
    def walk(node):
        if isinstance(node, list):
            for x in node:
                walk(x)
        elif isinstance(node, dict):
            for k, v in node.items():
                if k.startswith("Flow "):
                    for f in v:
                        if "cflow.http_request_method" not in f and \
                           "cflow.http_statuscode" not in f:
                            continue
                        key = (od, (f.get("cflow.srcaddr") or f.get("cflow.srcaddrv6"))[0],
                               int(f["cflow.srcport"][0]),
                               (f.get("cflow.dstaddr") or f.get("cflow.dstaddrv6"))[0],
                               int(f["cflow.dstport"][0]))
                        ipfix[key] = {
                            "method": f.get("cflow.http_request_method", [""])[0],
                            "uri": f.get("cflow.http_request_target", [""])[0],
                            "host": f.get("cflow.http_request_host", [""])[0],
                            "user_agent": f.get("cflow.http_user_agent", [""])[0],
                            "status_code": int(f.get("cflow.http_statuscode", ["0"])[0]),
                        }
                else:
                    walk(v)
    walk(c)

def same(field, mine, theirs):
    if mine == theirs:
        return True
    cap = CAP.get(field)
    return cap is not None and len(mine) == cap and theirs.startswith(mine)

conns = checked = 0
for i in range(1, n + 1):
    # tshark: per connection (either direction), the first request and
    # the first response
    want = {}
    for line in open("%s/ts.%d.txt" % (tmp, i), encoding="utf-8", errors="surrogateescape"):
        f = line.rstrip("\n").split("\t")
        if len(f) < 13:
            continue
        src, dst = f[1] or f[2], f[4] or f[5]
        if not f[3]:
            continue  # SSDP and other HTTP over UDP
        sp, dp = int(f[3]), int(f[6])
        k = frozenset([(src, sp), (dst, dp)])
        w = want.setdefault(k, {})
        if f[7] and "method" not in w:
            w.update(method=f[7], uri=f[8], host=f[9], user_agent=f[10],
                     joined=f[12] not in ("", "1"))
        if f[11] and "status_code" not in w:
            w["status_code"] = int(f[11])
    rep = json.load(open("%s/b.%d.json" % (tmp, i)))
    logs = {}
    for line in open("%s/fl.%d.log" % (tmp, i)):
        r = json.loads(line)
        logs[frozenset([(r["id.orig_h"], r["id.orig_p"]), (r["id.resp_h"], r["id.resp_p"])])] = r
    for c in rep["connections"]:
        if c["proto"] != "tcp":
            continue
        k = frozenset([(c["a"], c["a_port"]), (c["b"], c["b_port"])])
        w = want.get(k)
        has = "http_method" in c or "http_status_code" in c
        if w is None:
            # HTTP tshark leaves to another dissector (SIP's port)
            if has and c.get("app") != "http":
                sys.exit("capture %d %s: http fields on a %s connection"
                         % (i, sorted(k), c.get("app")))
            continue
        # an HTTP CONNECT tunnel turned TLS keeps its request in the
        # report and the log; its IPFIX record is TLS's shape (SNI)
        is_http = c.get("app") == "http"
        if not is_http and not has:
            continue
        conns += 1
        mine = {"method": c.get("http_method", ""), "uri": c.get("http_uri", ""),
                "host": c.get("server_name", ""), "user_agent": c.get("http_user_agent", ""),
                "status_code": c.get("http_status_code", 0)}
        rec = ipfix.get((i, c["a"], c["a_port"], c["b"], c["b_port"]))
        if not is_http:
            rec = {"method": "", "uri": "", "host": "", "user_agent": "", "status_code": 0}
        log = logs.get(k)
        if rec is None or log is None:
            sys.exit("capture %d %s: no IPFIX HTTP record or log line" % (i, sorted(k)))
        logv = {"method": log.get("method", ""), "uri": log.get("uri", ""),
                "host": log.get("host", ""), "user_agent": log.get("user_agent", ""),
                "status_code": log.get("status_code", 0)}
        for field in ("method", "uri", "host", "user_agent", "status_code"):
            theirs = w.get(field, "" if field != "status_code" else 0)
            if field in ("host", "user_agent") and w.get("joined") and mine[field] == "":
                continue  # a header tshark joined from two segments
            for where, v in (("batch", mine[field]), ("ipfix", rec[field]), ("log", logv[field])):
                if where == "ipfix" and not is_http:
                    continue
                if where == "log" and field == "host" and not is_http:
                    continue  # the log's host is HTTP's Host only
                if isinstance(theirs, int):
                    ok = v == theirs
                else:
                    ok = same(field, v, theirs)
                if not ok:
                    sys.exit("capture %d %s %s: tshark %r, %s %r"
                             % (i, sorted(k), field, theirs, where, v))
            checked += 1
if conns < 10:
    sys.exit("only %d HTTP connections compared" % conns)
print("%d HTTP connections, %d values: IPFIX, flow log and batch = tshark; "
      "%d IPFIX HTTP records decoded cleanly" % (conns, checked, len(ipfix)))
PY

# the crafted one: escaped, cut, fits (its record was checked above)
last=$i
if python3 - "$tmp/fl.$last.log" "$tmp/b.$last.json" <<'PY'
import json, sys
raw = open(sys.argv[1], "rb").read() + open(sys.argv[2], "rb").read()
assert b"\x1b" not in raw and b"\x07" not in raw, "a raw control byte"
r = json.loads(open(sys.argv[1]).read().splitlines()[0])
assert r["uri"] == "/" + "a" * 190, len(r["uri"])
assert r["user_agent"] == "evil\x07\x1b]0;title\x07agent", r["user_agent"]
assert r["status_code"] == 404 and r["method"] == "GET"
c = json.load(open(sys.argv[2]))["connections"][0]
assert c["http_uri"] == r["uri"] and c["http_user_agent"] == r["user_agent"]
PY
then
	pass "crafted: control bytes escaped, the target cut to 191 bytes"
else
	fail "crafted request"
fi

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
exit 0
