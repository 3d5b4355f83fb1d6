#!/usr/bin/env python3
"""tunnels_compare: the flows pktop finds inside tunnels (VXLAN, Geneve,
GRE, IP-in-IP, Teredo, GTP-U) against tshark's conversation tables, which
list a frame in the conversation of every layer it carries.

  tunnels_compare.py --pktop PKTOP CAPTURE...

For each capture, tshark's layers give the TCP or UDP conversation inside
each frame's first tunnel; pktop's connections marked with a tunnel must
be exactly those, with the same packets and bytes each way (the frame's
length, as tshark's conversation tables count). Exit 1 on any
difference, or when no capture had an inner flow.
"""
import json
import subprocess
import sys

FIELDS = ["frame.protocols", "frame.len", "ip.src", "ip.dst", "ipv6.src",
          "ipv6.dst", "tcp.srcport", "tcp.dstport", "udp.srcport",
          "udp.dstport"]
NETS = ("ip", "ipv6")


def nth(row, field, i):
    vals = row[field].split(",") if row[field] else []
    return vals[i] if i < len(vals) else None


def tshark_convs(cap):
    """The conversation of the packet inside each frame's first tunnel,
    from tshark's own layers (frame.protocols orders them): the second
    network layer, not one an ICMP error quotes, and the TCP or UDP header
    right above it. Counted as tshark's conversation tables count: the
    frame's length, per direction."""
    # 8472, Linux's VXLAN port, is data to tshark unless told
    cmd = ["tshark", "-n", "-r", cap, "-d", "udp.port==8472,vxlan",
           "-T", "fields", "-E", "separator=\t",
           "-E", "occurrence=a", "-E", "aggregator=,"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, capture_output=True, text=True,
                         errors="replace").stdout
    convs = {}
    for line in out.splitlines():
        cols = line.split("\t")
        row = dict(zip(FIELDS, cols + [""] * (len(FIELDS) - len(cols))))
        toks = row["frame.protocols"].split(":")
        nets = [i for i, t in enumerate(toks) if t in NETS]
        if len(nets) < 2 or toks[nets[1] - 1] in ("icmp", "icmpv6"):
            continue
        at = nets[1]
        fam = toks[at]
        occ = sum(1 for t in toks[:at] if t == fam)
        src = nth(row, fam + ".src", occ)
        dst = nth(row, fam + ".dst", occ)
        l4 = next((j for j in range(at + 1, len(toks))
                   if toks[j] in NETS + ("tcp", "udp")), None)
        if l4 is None or toks[l4] in NETS or not src or not dst:
            continue
        proto = toks[l4]
        pocc = sum(1 for t in toks[:l4] if t == proto)
        sport = nth(row, proto + ".srcport", pocc)
        dport = nth(row, proto + ".dstport", pocc)
        if sport is None or dport is None:
            continue
        k = key(proto, src, int(sport), dst, int(dport))
        c = convs.setdefault(k, {})
        pk, by = c.get((src, int(sport)), (0, 0))
        c[(src, int(sport))] = (pk + 1, by + int(row["frame.len"]))
    for k, c in convs.items():
        for end in k[1:]:
            c.setdefault(end, (0, 0))
    return convs


def key(proto, a, ap, b, bp):
    return (proto,) + tuple(sorted([(a, ap), (b, bp)]))


def pktop_conns(pktop, cap):
    run = subprocess.run([pktop, "--batch", "--format", "json", "-r", cap],
                         capture_output=True, text=True, errors="replace")
    doc = json.loads(run.stdout)
    conns = {}
    for c in doc.get("connections", []):
        if c["proto"] not in ("tcp", "udp"):
            continue
        a, ap = c["a"], int(c.get("a_port", 0))
        b, bp = c["b"], int(c.get("b_port", 0))
        conns[key(c["proto"], a, ap, b, bp)] = (
            c.get("tunnel"),
            {(a, ap): (c["a_to_b_packets"], c["a_to_b_bytes"]),
             (b, bp): (c["b_to_a_packets"], c["b_to_a_bytes"])})
    return conns


def main():
    args = sys.argv[1:]
    if len(args) < 3 or args[0] != "--pktop":
        sys.exit(__doc__)
    pktop, caps = args[1], args[2:]
    failed = inner_total = 0
    for cap in caps:
        t = tshark_convs(cap)
        p = pktop_conns(pktop, cap)
        inner = [k for k, v in p.items() if v[0]]
        inner_total += len(inner)
        bad = []
        for k in inner:
            if k not in t:
                bad.append("%s: pktop's %s flow %s is no tshark conversation"
                           % (cap, p[k][0], k))
            elif t[k] != p[k][1]:
                bad.append("%s: %s flow %s: pktop %s, tshark %s"
                           % (cap, p[k][0], k, p[k][1], t[k]))
        for k in t:
            if k not in p or not p[k][0]:
                bad.append("%s: tshark's inner flow %s is no pktop inner "
                           "connection" % (cap, k))
        print("%s: %d inner flows, %d differences" % (cap, len(inner),
                                                      len(bad)))
        for line in bad:
            print("  " + line)
        failed += len(bad)
    print("inner flows: %d, differing: %d" % (inner_total, failed))
    return 1 if failed or inner_total == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
