#!/usr/bin/env python3
"""names_compare: the named values of pktop -V against tshark -V, line
by line, for the labels whose values have names (decode/valnames.h):
per frame and label, the sequence of values ("IPv4 (0x0800)", "UDP
(17)", "TLS_AES_128_GCM_SHA256 (0x1301)") must be equal. tshark's bit
field prefix (".000 0... .... .... = ") is dropped. A frame where pktop
shows no line of a label is not compared for it (pktop's tree holds
fewer fields than tshark's); one where it does must agree. Exits 1
below the threshold (percent of compared lines)."""

import argparse
import re
import subprocess
import sys

LABELS = ["Type", "Protocol", "Next Header", "Class", "Opcode",
          "Reply code", "Content Type", "Handshake Type", "Cipher Suite",
          "Supported Group", "Version", "Kind", "Options",
          "TCP Option - Maximum segment size", "TCP Option - Window scale"]
# a named value: "NAME (NUMBER)"; a TCP option's summary ("1460 bytes",
# "10 (multiply by 1024)") and the Options line's list of names
NAMED = re.compile(r"^.+ \((0x[0-9a-f]+|[0-9]+|multiply by [0-9]+)\)$"
                   r"|^[0-9]+ bytes$|^\([0-9]+ bytes\), .*$")
LINE = re.compile(r"^\s*(?:[.01 ]+ = )?(%s): (.*)$" % "|".join(
    re.escape(x) for x in LABELS))
TSHARK_PREFS = ["tcp.desegment_tcp_streams:FALSE",
                "tls.desegment_ssl_records:FALSE",
                "ip.defragment:FALSE", "ipv6.defragment:FALSE"]


def frames(text):
    """{frame number: {label: [values]}} of the named lines."""
    out, cur = {}, None
    for line in text.split("\n"):
        m = re.match(r"^Frame (\d+):", line)
        if m:
            cur = out.setdefault(int(m.group(1)), {})
            continue
        m = LINE.match(line)
        if m and cur is not None and NAMED.match(m.group(2)):
            cur.setdefault(m.group(1), []).append(m.group(2))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", required=True)
    ap.add_argument("--threshold", type=float, default=99.0)
    ap.add_argument("captures", nargs="+")
    a = ap.parse_args()
    agree = total = 0
    shown = []
    for cap in a.captures:
        cmd = ["tshark", "-n", "-r", cap, "-V"]
        for p in TSHARK_PREFS:
            cmd += ["-o", p]
        ts = frames(subprocess.run(cmd, stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                    .stdout.decode("utf-8", "replace"))
        pk = frames(subprocess.run([a.pktop, "-r", cap, "-V"],
                                   stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL)
                    .stdout.decode("utf-8", "replace"))
        for num, labels in pk.items():
            for label, vals in labels.items():
                want = ts.get(num, {}).get(label, [])
                total += len(vals)
                # pktop's named lines must be tshark's, in its order
                it = iter(want)
                ok = sum(1 for v in vals if v in it)
                agree += ok
                if ok < len(vals) and len(shown) < 8:
                    shown.append("%s#%d %s: pktop=%s tshark=%s" %
                                 (cap.rsplit("/", 1)[-1], num, label,
                                  vals[:4], want[:4]))
    pct = 100.0 * agree / total if total else 100.0
    for s in shown:
        print("  " + s)
    print("named values: %d/%d lines agree with tshark -V (%.2f%%)" %
          (agree, total, pct))
    if total == 0:
        print("no named values compared")
        return 1
    return 0 if pct >= a.threshold else 1


if __name__ == "__main__":
    sys.exit(main())
