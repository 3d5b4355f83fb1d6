#!/usr/bin/env python3
"""vt_cost: where the bytes a full-screen program wrote to its terminal
went, from a script(1) recording (-T timing optional).

A small VT100/xterm emulator replays the output, classifying every byte
as text, cursor movement, colour (SGR) or other control, and counting the
cells whose character changed per screen column. With a table header on
screen (a line holding TITLE), changed cells are summed per header
column, so a test that finds a view too talkative can say which columns
talk. Only the sequences ncurses sends for xterm-256color are understood;
anything else counts as "other".

usage: vt_cost.py OUT [--timing T --from S --to S] [--cols N --rows N]
                  [--title WORD]
Prints bytes per category per second and changed cells per second per
column between FROM and TO seconds of the recording (all of it without
timing).
"""
import argparse
import re
import sys

CSI_RE = re.compile(rb"\x1b\[([0-9;?>=!]*)([ -/]*)([@-~])")


class Screen:
    def __init__(self, rows, cols):
        self.rows, self.cols = rows, cols
        self.cells = [[" "] * cols for _ in range(rows)]
        self.y = self.x = 0
        self.top, self.bottom = 0, rows - 1
        self.last = " "
        self.changed = {}  # (row, col) -> times changed
        self.counting = False

    def put(self, ch):
        if self.x >= self.cols:
            self.x = 0
            self.lf()
        if self.cells[self.y][self.x] != ch:
            self.cells[self.y][self.x] = ch
            if self.counting:
                k = (self.y, self.x)
                self.changed[k] = self.changed.get(k, 0) + 1
        self.last = ch
        self.x += 1

    def replace_row(self, y, new):
        for x, ch in enumerate(new):
            if self.cells[y][x] != ch and self.counting:
                k = (y, x)
                self.changed[k] = self.changed.get(k, 0) + 1
        self.cells[y] = new

    def lf(self):
        if self.y == self.bottom:
            self.scroll(1)
        elif self.y < self.rows - 1:
            self.y += 1

    def scroll(self, n):
        for _ in range(n):
            del self.cells[self.top]
            self.cells.insert(self.bottom, [" "] * self.cols)

    def erase(self, y, x0, x1):
        for x in range(max(0, x0), min(self.cols, x1)):
            if self.cells[y][x] != " ":
                self.cells[y][x] = " "
                if self.counting:
                    k = (y, x)
                    self.changed[k] = self.changed.get(k, 0) + 1

    def line(self, y):
        return "".join(self.cells[y])


def num(params, i, default):
    try:
        v = params[i]
        return int(v) if v != "" else default
    except (IndexError, ValueError):
        return default


def feed(sc, data, cost):
    """Replay DATA on SC, adding bytes per category into COST."""
    i, n = 0, len(data)
    while i < n:
        b = data[i]
        if b == 0x1B:
            m = CSI_RE.match(data, i)
            if m:
                params = m.group(1).decode().lstrip("?>=!").split(";")
                f = m.group(3)
                size = m.end() - i
                i = m.end()
                cat = "cursor"
                if f == b"m":
                    cat = "colour"
                elif f in (b"H", b"f"):
                    sc.y = min(sc.rows, max(1, num(params, 0, 1))) - 1
                    sc.x = min(sc.cols, max(1, num(params, 1, 1))) - 1
                elif f == b"A":
                    sc.y = max(0, sc.y - num(params, 0, 1))
                elif f == b"B":
                    sc.y = min(sc.rows - 1, sc.y + num(params, 0, 1))
                elif f == b"C":
                    sc.x = min(sc.cols - 1, sc.x + num(params, 0, 1))
                elif f == b"D":
                    sc.x = max(0, sc.x - num(params, 0, 1))
                elif f == b"G":
                    sc.x = min(sc.cols, max(1, num(params, 0, 1))) - 1
                elif f == b"d":
                    sc.y = min(sc.rows, max(1, num(params, 0, 1))) - 1
                elif f == b"K":
                    cat = "erase"
                    mode = num(params, 0, 0)
                    lo, hi = {0: (sc.x, sc.cols), 1: (0, sc.x + 1)}.get(
                        mode, (0, sc.cols))
                    sc.erase(sc.y, lo, hi)
                elif f == b"J":
                    cat = "erase"
                    mode = num(params, 0, 0)
                    if mode == 0:
                        sc.erase(sc.y, sc.x, sc.cols)
                        for y in range(sc.y + 1, sc.rows):
                            sc.erase(y, 0, sc.cols)
                    else:
                        for y in range(sc.rows):
                            sc.erase(y, 0, sc.cols)
                elif f == b"X":
                    cat = "erase"
                    sc.erase(sc.y, sc.x, sc.x + num(params, 0, 1))
                elif f == b"b":
                    cat = "text"
                    for _ in range(num(params, 0, 1)):
                        sc.put(sc.last)
                elif f == b"P":  # delete characters: the rest moves left
                    k = num(params, 0, 1)
                    row = sc.cells[sc.y]
                    new = row[:sc.x] + row[sc.x + k:] + [" "] * k
                    sc.replace_row(sc.y, new[:sc.cols])
                elif f == b"@":  # insert blanks: the rest moves right
                    k = num(params, 0, 1)
                    row = sc.cells[sc.y]
                    new = row[:sc.x] + [" "] * k + row[sc.x:]
                    sc.replace_row(sc.y, new[:sc.cols])
                elif f in (b"L", b"M"):  # insert or delete lines
                    k = num(params, 0, 1)
                    for _ in range(k):
                        if f == b"L":
                            del sc.cells[sc.bottom]
                            sc.cells.insert(sc.y, [" "] * sc.cols)
                        else:
                            del sc.cells[sc.y]
                            sc.cells.insert(sc.bottom, [" "] * sc.cols)
                elif f == b"r":
                    sc.top = num(params, 0, 1) - 1
                    sc.bottom = num(params, 1, sc.rows) - 1
                elif f == b"S":
                    sc.scroll(num(params, 0, 1))
                else:
                    cat = "other"
                cost[cat] = cost.get(cat, 0) + size
                continue
            # OSC: up to BEL or ST
            if data[i + 1:i + 2] == b"]":
                end = data.find(b"\x07", i)
                st = data.find(b"\x1b\\", i)
                ends = [e for e in (end + 1 if end >= 0 else -1,
                                    st + 2 if st >= 0 else -1) if e > 0]
                j = min(ends) if ends else n
                cost["other"] = cost.get("other", 0) + j - i
                i = j
                continue
            two = data[i + 1:i + 2]
            size = 3 if two in (b"(", b")", b"#") else 2
            if two == b"M":
                sc.y = max(sc.top, sc.y - 1)
            cost["other"] = cost.get("other", 0) + size
            i += size
            continue
        if b == 0x0D:
            sc.x = 0
            cost["cursor"] = cost.get("cursor", 0) + 1
        elif b == 0x0A:
            sc.lf()
            cost["cursor"] = cost.get("cursor", 0) + 1
        elif b == 0x08:
            sc.x = max(0, sc.x - 1)
            cost["cursor"] = cost.get("cursor", 0) + 1
        elif b < 0x20 or b == 0x7F:
            cost["other"] = cost.get("other", 0) + 1
        else:
            # one UTF-8 character
            j = i + 1
            while j < n and 0x80 <= data[j] < 0xC0:
                j += 1
            sc.put(data[i:j].decode("utf-8", "replace"))
            cost["text"] = cost.get("text", 0) + j - i
            i = j
            continue
        i += 1


def header_columns(sc, title):
    """[(start, name)] of the table header line holding TITLE."""
    for y in range(sc.rows):
        line = sc.line(y)
        if re.search(r"(^| )%s( |$)" % re.escape(title), line):
            cols = [(m.start(), m.group(0))
                    for m in re.finditer(r"\S+(?: \S+)?", line)]
            return y, cols
    return None, []


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--timing")
    ap.add_argument("--from", dest="t0", type=float, default=0)
    ap.add_argument("--to", dest="t1", type=float, default=1e9)
    ap.add_argument("--rows", type=int, default=40)
    ap.add_argument("--cols", type=int, default=120)
    ap.add_argument("--title", default="")
    ap.add_argument("--dump", action="store_true",
                    help="print the screen as it was at TO")
    a = ap.parse_args()
    data = open(a.out, "rb").read()
    sc = Screen(a.rows, a.cols)
    # the bytes written between FROM and TO: offsets from the timing
    lo, hi = 0, len(data)
    if a.timing:
        t, pos, lo, hi = 0.0, 0, None, None
        for ln in open(a.timing):
            f = ln.split()
            if len(f) == 3:  # advanced format: O delay bytes
                if f[0] != "O":
                    continue
                f = f[1:]
            t += float(f[0])
            if lo is None and t >= a.t0:
                lo = pos
            if hi is None and t >= a.t1:
                hi = pos
            pos += int(f[1])
        lo = pos if lo is None else lo
        hi = pos if hi is None else hi
    before, during = {}, {}
    feed(sc, data[:lo], before)
    sc.counting = True
    feed(sc, data[lo:hi], during)
    sc.counting = False
    span = (a.t1 - a.t0) if a.timing and a.t1 < 1e8 else 1.0
    total = sum(during.values())
    print("bytes/s %.0f over %.1f s:" % (total / span, span),
          " ".join("%s %.0f (%d%%)" % (k, v / span, 100 * v // max(total, 1))
                   for k, v in sorted(during.items(), key=lambda kv: -kv[1])))
    if a.dump:
        for y in range(sc.rows):
            print(sc.line(y).rstrip())
    hy, cols = header_columns(sc, a.title) if a.title else (None, [])
    per_col = {}
    for (y, x), k in sc.changed.items():
        name = "row %d" % y if hy is None or y <= hy else "?"
        if hy is not None and y > hy:
            # numbers are right-aligned under their titles: a cell
            # belongs to the first column whose title ends at or after
            # it; the first (left-aligned) column runs to near the second
            name = "(right)"
            if cols and (len(cols) < 2 or x < cols[1][0] - 3):
                name = cols[0][1]
            else:
                for start, title in cols[1:]:
                    if x <= start + len(title) - 1:
                        name = title
                        break
        per_col[name] = per_col.get(name, 0) + k
    print("changed cells/s by column:",
          ", ".join("%s %.0f" % (k, v / span) for k, v in
                    sorted(per_col.items(), key=lambda kv: -kv[1])[:16]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
