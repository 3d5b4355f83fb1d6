#!/usr/bin/env python3
"""tree_compare: the tree's node texts of pktop -V against tshark -V,
line by line, for TCP, ICMP, ICMPv6, DNS, TLS and HTTP (and the text
body tshark shows after HTTP), and IPv4's flags. Per frame, each of
these layers is taken from both outputs and aligned (difflib); every
line pktop shows must be
tshark's (same text), and every line tshark shows must be pktop's unless
a rule below explains why pktop leaves it out. Exits 1 on any other
difference, listing them.

Rules (explained differences):
- Indentation is not compared (pktop does not build every subtree
  tshark does: a DNS record's summary line), the text is.
- tshark's bit-field prefix (".000 0... = ") is dropped: pktop prints
  the field without the bit picture.
- Checksums: tshark appends " [correct]" or " [unverified]" (and
  " [fragmented datagram]" when the datagram goes on in other frames)
  and adds "[Checksum Status: ...]": pktop does not verify them.
- IPv4 is compared by its flags only (FOCUS): the summary line
  ("Flags: 0x2, Don't fragment") and its bits.
- A TCP layer's title: tshark repeats the Info column's Seq, Ack and
  Len after the ports; pktop's title names the ports.
- "[SEQ/ACK analysis]" goes when none of its children is left (EMPTY_RE):
  pktop opens it only for an analysis flag.
- Expert info ("[Expert Info (...)]" and its children) is tshark's
  commentary, not a field.
- TLS 1.3's application data records: pktop tells them by their
  bytes, not by the session (it keeps no TLS session), so "Opaque
  Type" and "Content Type" are compared as one label.
- A TLS record's title: tshark writes "TLSv1.2 Record Layer: Handshake
  Protocol: Client Hello" by the session's version; pktop's line is the
  record type's ("Handshake Protocol").
- MISSING lists the lines tshark shows that pktop does not build (with
  everything indented under them): generated analysis pktop does not do
  (JA3, HTTP request counters and URIs, ICMP echo timing, DNS durations
  spelled out), and bodies it does not decode (certificates, EDNS
  options, DNS record summaries and SOA/OPT details, encrypted data),
  and TCP's per-stream analysis pktop does not keep (conversation
  completeness, timestamps, iRTT, bytes in flight, the segment an ACK
  acknowledges and its RTT, the PDU size)."""

import argparse
import difflib
import re
import subprocess
import sys

LAYERS = ("Internet Protocol Version 4", "Transmission Control Protocol",
          "Internet Control Message Protocol",
          "Internet Control Message Protocol v6", "Domain Name System",
          "Transport Layer Security", "Hypertext Transfer Protocol",
          "Line-based text data")
# layers of which only some subtrees are compared (the line that opens
# each, with everything indented under it)
FOCUS = {"Internet Protocol Version 4": re.compile(r"^Flags: ")}
TSHARK_PREFS = ["tcp.desegment_tcp_streams:FALSE",
                "tls.desegment_ssl_records:FALSE",
                "tls.desegment_ssl_application_data:FALSE",
                "http.desegment_headers:FALSE", "http.desegment_body:FALSE",
                "dns.desegment_dns_messages:FALSE",
                "ip.defragment:FALSE", "ipv6.defragment:FALSE"]
BITS = re.compile(r"^[.01 ]+ = ")
# tshark-only lines (with their children) pktop does not build
MISSING = [r"\[JA3", r"\[JA4", r"Timestamp from icmp data",
           r"\[Timestamp from icmp data", r"Data \(\d+ bytes\)",
           r"\[Request frame: \d+\]", r"\[Response To: \d+\]",
           r"\[Response Time: ", r"Local bit: ",
           r"ICMP Multi-Part Extensions", r"State: ", r"Active bit: ",
           r"IPv4 bit: ", r"IPv6 bit: ", r"\[Response frame: \d+\]",
           r"\[Response time: ", r"\[No response seen\]", r"Unused: ",
           r"\[Full request URI: ", r"\[HTTP request \d+/\d+\]",
           r"\[HTTP response \d+/\d+\]", r"\[Request URI: ",
           r"\[Status Code Description: ", r"\[Content length: ",
           r"File Data: ", r"\[Prev request in frame: ",
           r"\[Prev response in frame: ", r"\[Next request in frame: ",
           r"\[Next response in frame: ", r"\[Response in frame: ",
           r"\[Unreassembled Packet",
           r"Certificates? Length: ", r"Certificates \(", r"Certificate: ",
           r"Encrypted Application Data: ", r"\[Application Data Protocol",
           r"Change Cipher Spec Message", r"Renegotiation Info extension",
           r"Data: ", r"Data \(0 bytes\)", r"Algorithms Length: ",
           r"Algorithm: ", r"Certificate Status Type: ",
           r"Responder ID list Length: ", r"Request Extensions Length: ",
           r"ALPS Extension Length: ", r"Supported ALPN List",
           r"Session Ticket", r"TLS Session Ticket",
           r"Pre-Shared Key extension", r"Handshake Protocol: Encrypted",
           r"Encrypted Handshake Message", r"Alert Message",
           r"Server Key Exchange", r"EC Diffie-Hellman", r"Curve Type",
           r"Named Curve", r"Pubkey", r"Signature: ", r"Signature Length",
           r"Distinguished Names",
           r"Certificate types", r"Client Params", r"Server Params",
           r"Exponent", r"Modulus", r"p Length", r"g Length",
           r"Heartbeat", r"Higher bits in extended RCODE",
           r"EDNS0 version", r"Z: 0x", r"Option: ", r"Primary name server",
           r"Responsible authority", r"Serial Number", r"Refresh Interval",
           r"Retry Interval", r"TXT Length: ", r"TXT: ", r"Expire limit", r"Minimum TTL",
           r"\[Retransmitted response", r"\[Retransmission",
           r"\[Malformed Packet", r"\[Expert Info",
           r"Record continues", r"\[Continuation Data\]",
           r"\[Checksum Status", r"\[Conversation completeness: ",
           r"\[Timestamps\]", r"\[iRTT: ", r"\[Bytes in flight: ",
           r"\[Bytes sent since last PSH flag: ", r"TCP payload \(",
           r"\[This is an ACK to the segment in frame: ",
           r"\[The RTT to ACK the segment was: ", r"\[PDU Size: "]
# tshark-only lines that open a subtree pktop builds only when one of
# its children is there ("[SEQ/ACK analysis]" with no analysis flag):
# they go when every child went by the rules
EMPTY_RE = re.compile(r"^\[SEQ/ACK analysis\]$")
MISSING_RE = re.compile("^(?:%s)" % "|".join(MISSING))
# tshark-only summary lines whose children pktop does show, one level up
# (a DNS record's "NAME: type A, class IN, addr ...")
SUMMARY_RE = re.compile(r"^(?:.*: type \S+, class \S+(, .*)?|"
                        r".*: type OPT)$")
SECTIONS = ("Answers", "Authoritative nameservers", "Additional records")
# left out on both sides, with their children: other layers' texts
# (the packet an ICMP error quotes) and the neighbour discovery bodies
# this test does not cover
BOTH_RE = re.compile(r"^(?:Internet Protocol Version [46]|User Datagram "
                     r"Protocol|Transmission Control Protocol|ICMPv6 "
                     r"Option|Flags: 0x[0-9a-f]{2,8}(,|$)|"
                     r"Reserved: (?!(Not )?[Ss]et$)|Target "
                     r"Address: |Cur hop limit|Router lifetime|Reachable "
                     r"time|Retrans timer|Maximum Response (Code|Delay)|"
                     r"Multicast Address|Number of|Multicast Address "
                     r"Record|S Flag|QRV|QQIC|Multicast Listener)")
# pktop-only lines that say what pktop did not read (its own marks)
PKTOP_MARKS = re.compile(r"^\[(Record continues in a later segment|"
                         r"Continuation Data|Header block continues in a "
                         r"later segment|Continuation or body data)\]$")


def norm(line):
    text = line.strip()
    text = BITS.sub("", text)
    text = re.sub(r"^(Checksum: 0x[0-9a-f]+) \[(correct|unverified|"
                  r"incorrect.*)\]( \[fragmented datagram\])?$", r"\1",
                  text)
    # tshark's TCP title repeats the Info column's Seq, Ack and Len
    text = re.sub(r"^(Transmission Control Protocol, Src Port: \d+, "
                  r"Dst Port: \d+), Seq: .*$", r"\1", text)
    m = re.match(r"^\S+ Record Layer: (\S.*? Protocol)(: .*)?$", text)
    if m:
        text = m.group(1)
    # pktop tells TLS 1.3's opaque records by their bytes, not by the
    # session's version: a 1.2 record may read "Opaque Type"
    text = re.sub(r"^Opaque Type: ", "Content Type: ", text)
    return text


def layers(text):
    """{frame: [(layer, [(indent, text)])]} of the compared layers."""
    out, frame, cur = {}, None, None
    for line in text.split("\n"):
        m = re.match(r"^Frame (\d+):", line)
        if m:
            frame = int(m.group(1))
            out[frame] = []
            cur = None
            continue
        if not line.strip():
            cur = None
            continue
        if not line.startswith(" "):
            name = next((lay for lay in LAYERS if line == lay or
                         line.startswith(lay + " (") or
                         line.startswith(lay + ":") or
                         line.startswith(lay + ",")), None)
            cur = None
            if name and frame is not None:
                cur = (name, [])
                out[frame].append(cur)
                cur[1].append((0, line.strip()))
            continue
        if cur is not None:
            ind = len(line) - len(line.lstrip(" "))
            cur[1].append((ind, line))


    return out


def drop_children(lines, keep):
    """Lines whose keep() is false go, with the lines indented under
    them."""
    out, cut = [], None
    for ind, line in lines:
        if cut is not None and ind > cut:
            continue
        cut = None
        if not keep(line):
            cut = ind
            continue
        out.append((ind, line))
    return out


def focus(lines, keep):
    """Only the subtrees opened by lines keep() accepts."""
    out, inside = [], None
    for ind, line in lines:
        if inside is not None and ind > inside:
            out.append((ind, line))
            continue
        inside = None
        if keep(norm(line)):
            inside = ind
            out.append((ind, line))
    return out


def compare(layer, pk, ts):
    """The unexplained differences of one layer."""
    # the title is compared as a line; the rules below cut subtrees
    # inside the layer (BOTH_RE names the layers an ICMP error quotes)
    pk_head, pk = pk[:1], pk[1:]
    ts_head, ts = ts[:1], ts[1:]
    if layer in FOCUS:
        pk_head, ts_head = [], []
        pk = focus(pk, FOCUS[layer].match)
        ts = focus(ts, FOCUS[layer].match)
    kept, records = [], False
    for i, l in ts:
        if norm(l) == "Queries" or norm(l) in SECTIONS:
            records = norm(l) in SECTIONS
        if not (records and SUMMARY_RE.match(norm(l))):
            kept.append((i, l))
    ts = kept
    ts = drop_children(ts, lambda l: not MISSING_RE.match(norm(l)) and
                       not BOTH_RE.match(norm(l)))
    ts = [(i, l) for k, (i, l) in enumerate(ts)
          if not (EMPTY_RE.match(norm(l)) and
                  (k + 1 == len(ts) or ts[k + 1][0] <= i))]
    pk = drop_children(pk, lambda l: not PKTOP_MARKS.match(norm(l)) and
                       not BOTH_RE.match(norm(l)))
    a = [norm(l) for _, l in pk_head + pk]
    b = [norm(l) for _, l in ts_head + ts]
    bad = []
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for op, i1, i2, j1, j2 in sm.get_opcodes():
        if op == "equal":
            continue
        for x in a[i1:i2]:
            bad.append("pktop only: " + x)
        for y in b[j1:j2]:
            if not MISSING_RE.match(y):
                bad.append("tshark only: " + y)
    return bad, len(a)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", required=True)
    ap.add_argument("--show", type=int, default=20)
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    bad, lines, layers_n = [], 0, 0
    for cap in a.captures:
        cmd = ["tshark", "-n", "-r", cap, "-V"]
        for p in TSHARK_PREFS:
            cmd += ["-o", p]
        ts = layers(subprocess.run(cmd, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                    .stdout.decode("utf-8", "replace"))
        pk = layers(subprocess.run([a.pktop, "-r", cap, "-V"],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                    .stdout.decode("utf-8", "replace"))
        name = cap.rsplit("/", 1)[-1]
        for frame, got in pk.items():
            want = list(ts.get(frame, []))
            for layer, plines in got:
                k = next((i for i, (n, _) in enumerate(want) if n == layer),
                         None)
                if k is None:
                    bad.append("%s#%d %s: not in tshark's tree" %
                               (name, frame, layer))
                    continue
                _, tlines = want.pop(k)
                diffs, n = compare(layer, plines, tlines)
                lines += n
                layers_n += 1
                bad += ["%s#%d %s" % (name, frame, d) for d in diffs]
    for b in bad[:a.show]:
        print("  " + b)
    print("tree lines: %d layers, %d pktop lines, %d unexplained "
          "differences with tshark -V" % (layers_n, lines, len(bad)))
    if layers_n == 0:
        print("nothing compared")
        return 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
