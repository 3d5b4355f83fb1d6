#!/usr/bin/env python3
"""quic_rtt_compare: pktop's QUIC handshake round trips (--batch JSON
quic_handshake_server_ms / _client_ms) against the frame times tshark
gives for the same packets.

tshark -Y quic lists each QUIC datagram's addresses, ports, time,
quic.connection.number and the long-header packet types it carries
(quic.long.packet_type; version 2's quic.long.packet_type_v2 mapped to
version 1's numbers; a Version Negotiation is a long header of version 0).
Per tshark QUIC connection (its first frame's 5-tuple; pktop keeps one row
per 5-tuple, so a later connection on the same 5-tuple is left to the
first):

  server side = the first frame of the server (the other end than the
  client's first Initial) carrying a long header, minus that Initial's
  time;
  client side = the client's first frame carrying a Handshake packet,
  minus the server's first frame carrying one.

Both must equal pktop's to the microsecond (1.5 us: pktop's clock is
whole microseconds), a half tshark cannot time must be absent in pktop,
and every pktop row with quic_* members must be one of tshark's QUIC
connections. Captures: files, or directories searched for .pcap, .pcapng,
.cap; tshark is asked only about those where pktop reports a UDP row it
calls quic, gquic or tls, or with quic_* members, or whose name has
"quic" in it (tshark's start-up per capture is the cost).
"""
import argparse
import decimal
import json
import os
import subprocess
import sys

EXTS = (".pcap", ".pcapng", ".cap")
FIELDS = ["frame.number", "frame.time_epoch", "ip.src", "ipv6.src",
          "udp.srcport", "ip.dst", "ipv6.dst", "udp.dstport",
          "quic.connection.number", "quic.version", "quic.header_form",
          "quic.long.packet_type", "quic.long.packet_type_v2"]
TOL_MS = 0.0015


def captures(paths):
    for p in paths:
        if os.path.isdir(p):
            for root, _, files in sorted(os.walk(p)):
                for f in sorted(files):
                    if f.endswith(EXTS):
                        yield os.path.join(root, f)
        elif os.path.isfile(p) and p.endswith(EXTS):
            yield p


def pktop_rows(pktop, path):
    try:
        out = subprocess.run([pktop, "--batch", "--format", "json", "-r",
                              path], capture_output=True,
                             timeout=300).stdout
        doc = json.loads(out)
    except (subprocess.TimeoutExpired, ValueError):
        return None
    rows = {}
    for c in doc.get("connections", []):
        if c.get("proto") != "udp" or c.get("tunnel"):
            continue
        key = tuple(sorted([(c["a"], c["a_port"]), (c["b"], c["b_port"])]))
        rows[key] = c
    return rows


def interesting(path, rows):
    if "quic" in os.path.basename(path).lower():
        return True
    for c in rows.values():
        if c.get("app") in ("quic", "gquic", "tls"):
            return True
        if any(k.startswith("quic_") for k in c):
            return True
    return False


def split(v):
    return [x for x in v.split("|") if x] if v else []


def tshark_conns(path):
    cmd = ["tshark", "-n", "-r", path, "-Y", "quic", "-T", "fields",
           "-E", "separator=\t", "-E", "occurrence=a", "-E", "aggregator=|"]
    for f in FIELDS:
        cmd += ["-e", f]
    try:
        out = subprocess.run(cmd, capture_output=True, timeout=300,
                             text=True, errors="replace").stdout
    except subprocess.TimeoutExpired:
        return None
    conns = {}
    for line in out.splitlines():
        v = line.split("\t")
        v += [""] * (len(FIELDS) - len(v))
        r = dict(zip(FIELDS, v))
        srcs = split(r["ip.src"]) + split(r["ipv6.src"])
        dsts = split(r["ip.dst"]) + split(r["ipv6.dst"])
        sp, dp = split(r["udp.srcport"]), split(r["udp.dstport"])
        num = split(r["quic.connection.number"])
        if len(srcs) != 1 or len(dsts) != 1 or len(sp) != 1 or \
           len(dp) != 1 or not num:
            continue  # tunnelled, or an ICMP error quoting QUIC
        src, dst = (srcs[0], int(sp[0])), (dsts[0], int(dp[0]))
        types = set(int(x) for x in split(r["quic.long.packet_type"]))
        # version 2 numbers its types 1, 2, 3, 0 (RFC 9369 section 3.2)
        types |= set((int(x) + 3) & 3
                     for x in split(r["quic.long.packet_type_v2"]))
        versions = split(r["quic.version"])
        longhdr = bool(versions)
        c = conns.setdefault(int(num[0]), {"frames": []})
        # decimal: an epoch time in nanoseconds has more digits than a
        # double keeps
        c["frames"].append((decimal.Decimal(r["frame.time_epoch"]), src,
                            dst, types,
                            longhdr))
    return conns


def halves(frames):
    """(key, server_ms, client_ms) of one tshark connection's frames, in
    capture order; None for a half it cannot time, no key without an
    Initial."""
    client = t0 = tr = th = None
    server_ms = client_ms = None
    key = None
    for t, src, dst, types, longhdr in frames:
        if client is None:
            if 0 in types:
                client, t0 = src, t
                key = tuple(sorted([src, dst]))
            continue
        if src != client:
            if server_ms is None and longhdr:
                server_ms = float(t - t0) * 1e3
                tr = t
            if tr is not None and th is None and 2 in types:
                th = t
        elif th is not None and client_ms is None and 2 in types:
            client_ms = float(t - th) * 1e3
            break
    return key, server_ms, client_ms


def close(a, b):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= TOL_MS


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", default="src/pktop")
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()
    ncap = nconn = nhalf = refused = 0
    bad = []
    for path in captures(a.paths):
        rows = pktop_rows(a.pktop, path)
        if rows is None:
            # no report: a file pktop refuses (tests/data/malformed);
            # accuracy.sh's malformed check is the one for those
            refused += 1
            continue
        if not interesting(path, rows):
            continue
        conns = tshark_conns(path)
        if conns is None:
            bad.append("%s: tshark timed out" % path)
            continue
        ncap += 1
        seen = set()
        for num in sorted(conns):
            key, srv, cli = halves(conns[num]["frames"])
            if key is None or key in seen:
                continue
            seen.add(key)
            nconn += 1
            row = rows.get(key)
            if row is None:
                bad.append("%s: conn %d %s: no pktop row" % (path, num, key))
                continue
            ps = row.get("quic_handshake_server_ms")
            pc = row.get("quic_handshake_client_ms")
            for name, want, got in (("server", srv, ps),
                                    ("client", cli, pc)):
                if want is not None:
                    nhalf += 1
                if not close(want, got):
                    bad.append("%s: conn %d %s: %s side pktop %s tshark %s"
                               % (path, num, key, name, got,
                                  None if want is None else
                                  round(want, 3)))
            tot = row.get("quic_handshake_ms")
            if srv is not None and cli is not None and \
               not close(srv + cli, tot):
                bad.append("%s: conn %d: total %s, halves %s + %s"
                           % (path, num, tot, srv, cli))
            if a.verbose:
                print("%s conn %d: server %s client %s (pktop %s %s)"
                      % (os.path.basename(path), num, srv, cli, ps, pc))
        for key, row in rows.items():
            if key not in seen and any(k.startswith("quic_") for k in row):
                bad.append("%s: %s: pktop times a QUIC handshake tshark "
                           "does not see" % (path, key))
    for b in bad:
        print("DIFF " + b)
    print("quic_rtt: %d captures, %d connections, %d halves timed by "
          "tshark, %d differences (%d files without a report)"
          % (ncap, nconn, nhalf, len(bad), refused))
    if nconn == 0:
        print("no QUIC connection found: nothing compared")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
