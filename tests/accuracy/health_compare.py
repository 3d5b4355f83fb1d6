#!/usr/bin/env python3
"""health_compare: pktop's per-connection TCP health (--batch JSON) against
tshark's sequence analysis, per connection and direction.

For every capture given (files, or directories searched for .pcap, .pcapng,
.cap): tshark -T fields lists each TCP frame's 5-tuple and analysis flags;
frames are summed per connection (tshark's tcp.streams of one 5-tuple
together, as pktop keeps one row) and direction, and compared with pktop's
tcp_{a_to_b,b_to_a}_* counts:

  retrans (tcp.analysis.retransmission: plain, fast and spurious),
  fast_retrans, spurious_retrans, out_of_order, dup_acks, zero_windows,
  lost_segments, keep_alives: exactly;
  tcp_handshake_ms: tshark's tcp.analysis.initial_rtt, to the microsecond;
  srtt_ms: within 10% (or 5 us: the clock's grain) of the mean
  tcp.analysis.ack_rtt of the ACKs of that direction's data, on bulk
  directions (>= 200 data segments and >= 50 ack_rtt samples).

Frames inside tunnels, ICMP errors quoting TCP and IP fragments are left
out on both sides (pktop analyses the outermost whole transport only):
connections with such frames are skipped. A difference listed in the
known-differences file (capture basename, a:port-b:port or *, field, why)
is reported but does not fail.
"""
import argparse
import json
import os
import subprocess
import sys

COUNTS = [
    ("retrans", "tcp.analysis.retransmission"),
    ("fast_retrans", "tcp.analysis.fast_retransmission"),
    ("spurious_retrans", "tcp.analysis.spurious_retransmission"),
    ("out_of_order", "tcp.analysis.out_of_order"),
    ("dup_acks", "tcp.analysis.duplicate_ack"),
    ("zero_windows", "tcp.analysis.zero_window"),
    ("lost_segments", "tcp.analysis.lost_segment"),
    ("keep_alives", "tcp.analysis.keep_alive"),
]
BASE = ["frame.number", "ip.src", "ipv6.src", "tcp.srcport", "ip.dst",
        "ipv6.dst", "tcp.dstport", "icmp.type", "icmpv6.type", "ip.flags.mf",
        "ip.frag_offset", "ipv6.fragment", "tcp.analysis.initial_rtt",
        "tcp.analysis.ack_rtt", "tcp.len"]
EXTS = (".pcap", ".pcapng", ".cap")


def captures(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in sorted(os.walk(p)):
                for f in sorted(files):
                    if f.endswith(EXTS):
                        yield os.path.join(root, f)
        elif os.path.isfile(p):
            yield p


def pktop_conns(pktop, path):
    try:
        out = subprocess.run([pktop, "--batch", "--format", "json", "-r", path],
                             capture_output=True, timeout=120).stdout
        doc = json.loads(out)
    except (subprocess.TimeoutExpired, ValueError):
        return None
    conns = {}
    for c in doc.get("connections", []):
        if c.get("proto") != "tcp":
            continue
        conns[((c["a"], c["a_port"]), (c["b"], c["b_port"]))] = c
    return conns


def tshark_frames(path):
    fields = BASE + [f for _, f in COUNTS]
    cmd = ["tshark", "-n", "-r", path, "-Y", "tcp", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for f in fields:
        cmd += ["-e", f]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=300,
                             text=True, errors="replace").stdout
    except subprocess.TimeoutExpired:
        return None
    rows = []
    for line in out.splitlines():
        v = line.split("\t")
        if len(v) < len(fields):
            v += [""] * (len(fields) - len(v))
        rows.append(dict(zip(fields, v)))
    return rows


def one(v):
    return v.split("|")[0] if v else ""


def tshark_conns(rows):
    """Per canonical 5-tuple: {'dirs': {src: counts}, 'irtt', 'ack_rtt'
    per data direction, 'skip'}."""
    conns = {}
    for r in rows:
        srcs = [x for x in (r["ip.src"] + "|" + r["ipv6.src"]).split("|") if x]
        dsts = [x for x in (r["ip.dst"] + "|" + r["ipv6.dst"]).split("|") if x]
        sports = [x for x in r["tcp.srcport"].split("|") if x]
        dports = [x for x in r["tcp.dstport"].split("|") if x]
        if not srcs or not sports or not dsts or not dports:
            continue
        src = (srcs[0], int(sports[0]))
        dst = (dsts[0], int(dports[0]))
        key = tuple(sorted([src, dst]))
        c = conns.setdefault(key, {"dirs": {}, "irtt": None, "ack": {},
                                   "skip": None})
        if len(srcs) > 1 or len(sports) > 1:
            c["skip"] = "tunnel"
            continue
        if r["icmp.type"] or r["icmpv6.type"]:
            c["skip"] = "icmp"
            continue
        if r["ip.flags.mf"] in ("1", "True") or \
           (r["ip.frag_offset"] not in ("", "0")) or r["ipv6.fragment"]:
            c["skip"] = "fragment"
            continue
        d = c["dirs"].setdefault(src, {n: 0 for n, _ in COUNTS})
        for n, f in COUNTS:
            if r[f]:
                d[n] += 1
        if r["tcp.analysis.initial_rtt"] and c["irtt"] is None:
            c["irtt"] = float(one(r["tcp.analysis.initial_rtt"]))
        if r["tcp.analysis.ack_rtt"]:
            c["ack"].setdefault(dst, []).append(
                float(one(r["tcp.analysis.ack_rtt"])))
    return conns


def load_known(path):
    known = []
    if path and os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if not line or line.startswith("#"):
                    continue
                p = line.split(None, 3)
                if len(p) >= 3:
                    known.append((p[0], p[1], p[2]))
    return known


def is_known(known, cap, conn, field):
    b = os.path.basename(cap)
    for k in known:
        if k[0] == b and k[1] in ("*", conn) and k[2] in ("*", field):
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", required=True)
    ap.add_argument("--known")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    known = load_known(a.known)
    bad = explained = checked = rtt_checked = files = 0
    for cap in captures(a.paths):
        pk = pktop_conns(a.pktop, cap)
        if not pk:
            continue
        rows = tshark_frames(cap)
        if rows is None:
            continue
        files += 1
        ts = tshark_conns(rows)
        for (ea, eb), c in pk.items():
            key = tuple(sorted([ea, eb]))
            t = ts.get(key)
            if t is None or t["skip"]:
                continue
            name = "%s:%d-%s:%d" % (ea[0], ea[1], eb[0], eb[1])
            diffs = []
            for src, pre in ((ea, "tcp_a_to_b_"), (eb, "tcp_b_to_a_")):
                td = t["dirs"].get(src, {n: 0 for n, _ in COUNTS})
                for n, _ in COUNTS:
                    mine = c.get(pre + n, 0)
                    if mine != td[n]:
                        diffs.append((n, "%s%s pktop %d tshark %d" %
                                      (pre, n, mine, td[n])))
                acks = t["ack"].get(src, [])
                srtt = c.get(pre + "srtt_ms")
                bulk = c.get(pre + "data_segments", 0) >= 200
                if bulk and len(acks) >= 50 and srtt is not None:
                    rtt_checked += 1
                    mean = 1000.0 * sum(acks) / len(acks)
                    if abs(srtt - mean) > max(0.10 * mean, 0.005):
                        diffs.append(("srtt", "%ssrtt_ms %.3f, tshark mean "
                                      "ack_rtt %.3f ms (%d)" %
                                      (pre, srtt, mean, len(acks))))
            if t["irtt"] is not None:
                mine = c.get("tcp_handshake_ms")
                theirs = t["irtt"] * 1000.0
                if mine is None or abs(mine - theirs) > 0.0015:
                    diffs.append(("handshake", "tcp_handshake_ms %s tshark "
                                  "initial_rtt %.6f ms" % (mine, theirs)))
            checked += 1
            for field, text in diffs:
                if is_known(known, cap, name, field):
                    explained += 1
                    if a.verbose:
                        print("explained: %s %s %s" % (cap, name, text))
                else:
                    bad += 1
                    print("DIFF %s %s %s" % (cap, name, text))
    print("health_compare: %d captures, %d TCP connections, %d bulk RTT "
          "directions; %d differences, %d explained" %
          (files, checked, rtt_checked, bad, explained))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
