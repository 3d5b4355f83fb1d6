#!/usr/bin/env python3
"""list_info_compare.py WANT EXACT < SCREEN: the packet list's rows on a
screen (tmux capture-pane) against tshark's Info by frame number (WANT:
"number<TAB>_ws.col.Info" lines). EXACT 1: equal; 0: equal or, cut with
the ellipsis, its start. Prints how many rows agree, or exits non-zero
with the first difference (tests/tui/tui_packets_tcpinfo*.sh)."""
import sys
want = {}
for line in open(sys.argv[1], encoding="utf-8"):
    no, _, info = line.rstrip("\n").partition("\t")
    want[no] = info.rstrip()
exact = sys.argv[2] == "1"
lines = sys.stdin.read().split("\n")
hdr = next((i for i, l in enumerate(lines) if " No." in l and "Info" in l), None)
if hdr is None:
    sys.exit("no list header on the screen")
col = lines[hdr].index("Info")
n = 0
for l in lines[hdr + 1:]:
    f = l.split()
    if not f or not f[0].lstrip("*").isdigit():
        break
    no = f[0].lstrip("*")
    got = l[col:].rstrip()
    w = want.get(no)
    if w is None:
        sys.exit("frame %s: not in tshark's list" % no)
    ok = got == w if exact else (got == w or (got.endswith("\u2026") and
                                               w.startswith(got[:-1])))
    if not ok:
        sys.exit("frame %s:\n  list:   %s\n  tshark: %s" % (no, got, w))
    n += 1
print(n)
