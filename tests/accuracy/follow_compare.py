#!/usr/bin/env python3
"""follow_compare: `pktop --follow tcp,N --format raw` against
`tshark -q -z follow,tcp,raw,N` (and udp) for the streams of each capture
given: the Node lines and every piece (direction and bytes) must be the
same. One tshark run per capture answers for all its streams (several -z
follow); pktop runs once per stream. Streams tshark finds only inside a
tunnel or an ICMP error are listed in KNOWN below and not counted.

  follow_compare.py --pktop PKTOP [--max-streams N] CAPTURE|DIR...
"""
import argparse
import os
import re
import subprocess
import sys

# What pktop does not follow, on purpose or not yet (printed as "known"):
# - TCP and UDP inside a tunnel (GRE, VXLAN, Geneve, IP in IP, 6in4,
#   Teredo) or quoted in an ICMP error: pktop's connections are the
#   outermost transport (doc/batch-json.md), so its stream numbers count
#   those of the outer headers only, and tshark's numbers after such a
#   stream are shifted. A capture whose tshark streams include one that
#   pktop's index does not see is reported as "known: inner streams".


def run(cmd, timeout=120):
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       timeout=timeout)
    return p.returncode, p.stdout


def blocks(text):
    """{(proto, index): [lines after Filter]} from tshark's -z follow."""
    out = {}
    cur = None
    for line in text.split(b"\n"):
        m = re.match(rb"Filter: (tcp|udp)\.stream eq (\d+)$", line)
        if m:
            cur = (m.group(1).decode(), int(m.group(2)))
            out[cur] = []
            continue
        if line.startswith(b"====="):
            cur = None
            continue
        if cur is not None:
            out[cur].append(line)
    return out


def streams(cap, proto):
    rc, out = run(["tshark", "-r", cap, "-T", "fields", "-e",
                   proto + ".stream", "-Y", proto])
    if rc != 0:
        return None
    seen = set()
    for line in out.split(b"\n"):
        # a packet with several headers of the protocol lists several
        for v in line.split(b","):
            if v.strip().isdigit():
                seen.add(int(v))
    return sorted(seen)


def pick(ids, limit):
    if limit <= 0 or len(ids) <= limit:
        return ids
    step = len(ids) / limit
    return sorted({ids[int(i * step)] for i in range(limit)})


def inner_streams(cap, proto):
    """Does tshark find this protocol inside a tunnel or an ICMP error?"""
    rc, out = run(["tshark", "-r", cap, "-T", "fields", "-e",
                   "frame.protocols", "-Y", proto])
    if rc != 0:
        return False
    for line in out.split(b"\n"):
        layers = line.split(b":")
        ips = sum(1 for x in layers if x in (b"ip", b"ipv6"))
        if ips > 1 or b"icmp" in layers or b"icmpv6" in layers:
            return True
    return False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", required=True)
    ap.add_argument("--max-streams", type=int, default=0)
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()

    caps = []
    for p in a.paths:
        if os.path.isdir(p):
            for root, _, files in os.walk(p):
                for f in sorted(files):
                    if re.search(r"\.(pcap|pcapng|cap)$", f):
                        caps.append(os.path.join(root, f))
        else:
            caps.append(p)
    caps.sort()

    same = differ = known = 0
    shown = 0
    for cap in caps:
        for proto in ("tcp", "udp"):
            ids = streams(cap, proto)
            if not ids:
                continue
            ids = pick(ids, a.max_streams)
            cmd = ["tshark", "-r", cap, "-q"]
            for n in ids:
                cmd += ["-z", "follow,%s,raw,%d" % (proto, n)]
            rc, out = run(cmd, timeout=600)
            if rc != 0:
                continue
            want = blocks(out)
            inner = None
            for n in ids:
                rc, got = run([a.pktop, "-r", cap, "--follow",
                               "%s,%d" % (proto, n), "--format", "raw"])
                g = blocks(got).get((proto, n))
                w = want.get((proto, n))
                if rc == 0 and g == w:
                    same += 1
                    continue
                if inner is None:
                    inner = inner_streams(cap, proto)
                if inner:
                    known += 1
                    continue
                differ += 1
                if shown < a.examples:
                    shown += 1
                    print("DIFF %s %s,%d" % (cap, proto, n))
                    for x in (w or [])[:6]:
                        print("  tshark: %s" % x[:100].decode(errors="replace"))
                    for x in (g or [])[:6]:
                        print("  pktop:  %s" % x[:100].decode(errors="replace"))
                else:
                    print("DIFF %s %s,%d" % (cap, proto, n))
    print("follow: %d streams agree, %d differ, %d known (inner streams)"
          % (same, differ, known))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
