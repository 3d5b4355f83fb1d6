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
#   stream are shifted.
# - IP fragments: tshark follows the datagram it reassembled, pktop the
#   first fragment's bytes (its connections count fragments, they do not
#   join them).
# - Hostile captures (a malformed/ folder) whose UDP or TCP header
#   pktop's decoder calls malformed: no payload is kept for them, tshark
#   shows the bytes captured.
# - A stream tshark numbers but its follow tap leaves empty ("Node 0:
#   :0"), as UDP behind an IPv6 routing header.

# One stream each, by file name and stream:
KNOWN = {
    # the record claims more captured bytes than the wire length: pktop's
    # decoder calls its UDP header malformed and keeps no payload; tshark
    # shows the 18 bytes captured
    ("caplen-over-wirelen.pcap", "udp", 0),
    # tshark's SNMP dissector opens a conversation of its own for a
    # request (so a reply from another port finds it), and udp.stream
    # starts a new number at the next datagram of the same 5-tuple (in
    # snmp.pcap frame 2 is stream 1 though it repeats frame 1's ports);
    # pktop keeps the 5-tuple's one stream, so from there the numbers
    # differ
    ("snmp.pcap", "udp", 0),
    ("ndpi-snmp.pcap", "udp", 0),
    ("ndpi-snmp.pcap", "udp", 11),
    ("ndpi-snmp.pcap", "udp", 22),
    # two OpenFlow packet-in segments (137 bytes each, an STP frame
    # inside): tshark's follow tap does not get them when its OpenFlow
    # dissector runs (it says "[137 bytes missing in capture file]" for
    # the first and leaves the last out); with --disable-protocol
    # openflow tshark's follow equals pktop's byte for byte
    ("of10_s4810.pcap", "tcp", 0),
}


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


def survey(cap):
    """tshark's stream numbers per protocol, and the numbers of streams
    it finds inside a tunnel or an ICMP error, in one pass."""
    rc, out = run(["tshark", "-r", cap, "-T", "fields", "-e", "tcp.stream",
                   "-e", "udp.stream", "-e", "frame.protocols", "-e",
                   "ip.fragment", "-e", "ipv6.fragment"])
    ids = {"tcp": set(), "udp": set()}
    inner = {"tcp": set(), "udp": set()}
    if rc != 0:
        return ids, inner
    for line in out.split(b"\n"):
        cols = line.split(b"\t")
        if len(cols) < 3:
            continue
        layers = cols[2].split(b":")
        ips = sum(1 for x in layers if x in (b"ip", b"ipv6"))
        deep = ips > 1 or b"icmp" in layers or b"icmpv6" in layers
        # a datagram tshark put together from IP fragments
        deep = deep or any(c.strip() for c in cols[3:])
        for proto, col in (("tcp", cols[0]), ("udp", cols[1])):
            # a packet with several headers lists several
            for v in col.split(b","):
                if v.strip().isdigit():
                    ids[proto].add(int(v))
                    if deep:
                        inner[proto].add(int(v))
    return ({k: sorted(v) for k, v in ids.items()}, inner)


def pick(ids, limit):
    if limit <= 0 or len(ids) <= limit:
        return ids
    step = len(ids) / limit
    return sorted({ids[int(i * step)] for i in range(limit)})


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
        ids, inner = survey(cap)
        todo = [(p, n) for p in ("tcp", "udp")
                for n in pick(ids[p], a.max_streams)]
        if not todo:
            continue
        cmd = ["tshark", "-r", cap, "-q"]
        for p, n in todo:
            cmd += ["-z", "follow,%s,raw,%d" % (p, n)]
        rc, out = run(cmd, timeout=600)
        if rc != 0:
            continue
        want = blocks(out)
        for p, n in todo:
            rc, got = run([a.pktop, "-r", cap, "--follow", "%s,%d" % (p, n),
                           "--format", "raw"])
            g = blocks(got).get((p, n))
            w = want.get((p, n))
            if rc == 0 and g == w:
                same += 1
                continue
            # a tunnelled or fragmented stream, or any stream after one
            # (the numbers shift), is a known difference
            if inner[p] and n >= min(inner[p]):
                known += 1
                continue
            # tshark's follow finds no packet of a stream it numbered
            # (UDP behind an IPv6 routing header: the conversation is
            # keyed on the final destination)
            if w and w[0].endswith(b": :0"):
                known += 1
                continue
            if (os.path.basename(cap), p, n) in KNOWN:
                known += 1
                continue
            # a hostile capture whose transport header pktop's decoder
            # calls malformed (a length past the datagram): pktop keeps
            # no payload where tshark shows what was captured
            if ("%smalformed%s" % (os.sep, os.sep) in cap and g and
                    g[0].endswith(b": :0")):
                known += 1
                continue
            differ += 1
            print("DIFF %s %s,%d" % (cap, p, n))
            if shown < a.examples:
                shown += 1
                for x in (w or [])[:6]:
                    print("  tshark: %s" % x[:100].decode(errors="replace"))
                for x in (g or [])[:6]:
                    print("  pktop:  %s" % x[:100].decode(errors="replace"))
    print("follow: %d streams agree, %d differ, %d known differences "
          "in %d captures" % (same, differ, known, len(caps)))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
