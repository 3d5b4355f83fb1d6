#!/bin/sh
# tui_zh_CN: the terminal UI in Simplified Chinese. po/zh_CN.po is compiled
# into a private catalogue directory (PKTOP_LOCALEDIR) and pktop runs with
# LANG=zh_CN.UTF-8 on mixed.pcap, at 120x40 and at 80x24. The title, the
# rates line, the tabs, the footer and the column titles must be the
# catalogue's (looked up in the compiled .po, never spelt here); CJK
# characters take two cells, so in the hosts view every row must end (or,
# for the address, start) at the same cell as its column title, no line
# may be wider than the terminal, and the screen and the raw terminal
# output must be whole UTF-8 (no character cut in two, no U+FFFD). The
# help overlay (?) must show the Chinese lines whole, inside its box, with
# the key and text columns where they belong.
# Needs msgfmt and a zh_CN.UTF-8 locale (made with localedef when root).
. "$(dirname "$0")/../lib/tui_lib.sh"

command -v msgfmt >/dev/null 2>&1 || { echo "SKIP: msgfmt not installed"; exit 77; }
PO="$top_srcdir/po/zh_CN.po"
[ -r "$PO" ] || { echo "no $PO"; exit 99; }

have_locale() { locale -a 2>/dev/null | grep -Eqi '^zh_CN\.utf-?8$'; }
if ! have_locale; then
	if [ "$(id -u)" = 0 ] && command -v localedef >/dev/null 2>&1; then
		localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 >/dev/null 2>&1
	fi
	have_locale || { echo "SKIP: no zh_CN.UTF-8 locale (localedef -i zh_CN -f UTF-8 zh_CN.UTF-8 as root)"; exit 77; }
fi

LOC="$TUI_TMP/locale"
MO="$LOC/zh_CN/LC_MESSAGES/pktop.mo"
mkdir -p "$LOC/zh_CN/LC_MESSAGES"
msgfmt -c -o "$MO" "$PO" || fail "msgfmt -c rejects $PO"
mkdir -p "$TUI_TMP/config"
ZH="env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 PKTOP_LOCALEDIR=$LOC XDG_CONFIG_HOME=$TUI_TMP/config"

tui_need_engine mixed.pcap
J="$TUI_TMP/probe.json"
TOTAL=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["totals"]["packets"])' "$J")
NHOSTS=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["hosts"]))' "$J")

cat >"$TUI_TMP/zh.py" <<'PY'
# zh.py MO MODE ARGS: the checks on captured screens.
import gettext, re, sys, unicodedata

mo, mode, args = sys.argv[1], sys.argv[2], sys.argv[3:]
cat = gettext.GNUTranslations(open(mo, "rb"))
msgstrs = {v for k, v in cat._catalog.items() if k and isinstance(v, str)}


def t(msgid):
    s = cat.gettext(msgid)
    if s == msgid:
        sys.exit("no translation for %r in the catalogue" % msgid)
    return s


def wide(c):
    return unicodedata.east_asian_width(c) in "WF"


def cells(s):
    # one character per cell: a wide character is followed by NUL
    return "".join(c + "\0" if wide(c) else c for c in s)


def plain(c):
    return c.replace("\0", "")


def screen(path, cols):
    raw = open(path, "rb").read()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("the screen is not valid UTF-8: %s" % e)
    if "\ufffd" in text:
        sys.exit("U+FFFD on the screen: a character was cut")
    lines = text.split("\n")
    for i, l in enumerate(lines):
        bad = [c for c in l if unicodedata.category(c) in ("Cc", "Cs", "Co")]
        if bad:
            sys.exit("line %d has control characters %r: %s" % (i + 1, bad, l))
        if len(cells(l)) > cols:
            sys.exit("line %d is %d cells wide, more than %d: %s"
                     % (i + 1, len(cells(l)), cols, l))
    return [cells(l) for l in lines]


def need(cond, msg, line=None):
    if not cond:
        sys.exit(msg + ("" if line is None else ": " + plain(line)))


if mode == "t":
    print(t(args[0]))

elif mode == "tfile":
    # the text is one or more messages printed one after the other
    # (--help is several): at each point the longest message it starts
    # with, translated
    text = open(args[0], encoding="utf-8").read()
    ids = sorted((k for k in cat._catalog if isinstance(k, str) and k),
                 key=len, reverse=True)
    out, i = [], 0
    while i < len(text):
        k = next((k for k in ids if text.startswith(k, i)), None)
        if k is None:
            sys.exit("no translation for %r in the catalogue" % text[i:i + 200])
        out.append(t(k))
        i += len(k)
    sys.stdout.write("".join(out))

elif mode == "utf8":
    try:
        open(args[0], "rb").read().decode("utf-8")
    except UnicodeDecodeError as e:
        sys.exit("the raw terminal output is not valid UTF-8: %s" % e)

elif mode == "hosts":
    path, cols, nrows, total = args[0], int(args[1]), int(args[2]), args[3]
    s = screen(path, cols)
    # title, rates, tabs, footer
    need(t("filter:") in plain(s[0]) and t("(none)") in plain(s[0]),
         "title line without the Chinese filter label", s[0])
    need(plain(s[0]).rstrip().endswith(t("end of file")),
         "title line without the Chinese end of file", s[0])
    # a file knows no local addresses: no in/out, the total only
    need(" %s " % t("total") in plain(s[1]), "rates line without %r" % t("total"), s[1])
    for label in ("in", "out"):
        need(" %s " % t(label) not in plain(s[1]),
             "rates line with %r for a file" % t(label), s[1])
    need(" %s %s " % (t("packets"), total) in plain(s[1]),
         "rates line without %s %s" % (t("packets"), total), s[1])
    tabs = [i for i, l in enumerate(s) if " 1 %s " % t("Hosts") in plain(l)]
    need(tabs, "no tab line with 1 %s" % t("Hosts"))
    tl = plain(s[tabs[0]])
    for n, name in ((2, "Connections"), (3, "Protocols"), (4, "Packets")):
        need(" %d %s " % (n, t(name)) in tl, "tab %d is not %r" % (n, t(name)), s[tabs[0]])
    foot = [l for l in s if plain(l).startswith("? %s " % t("Help"))]
    need(foot, "no footer starting with ? %s" % t("Help"))
    for key, label in (("q", "Quit"), ("Tab", "View"), ("s", "Sort")):
        need(" %s %s " % (key, t(label)) in plain(foot[0]) + " ",
             "footer without %s %s" % (key, t(label)), foot[0])
    # the column titles and the rows under them
    hi = tabs[0] + 1
    hdr = s[hi]
    need(plain(hdr).startswith(t("Host")), "no column titles after the tabs", hdr)
    rows = s[hi + 1:hi + 1 + nrows]
    need(len(rows) == nrows and all(plain(r).strip() for r in rows),
         "fewer than %d host rows" % nrows)
    need(not plain(s[hi + 1 + nrows]).strip(), "more than %d host rows" % nrows)
    for r in rows:
        need(r[0] != " ", "a row does not start under %r" % t("Host"), r)
    titles = ["In 2s", "Out 2s", "In 10s", "Out 10s", "In 40s", "Out 40s",
              "Received", "Sent", "Packets", "Retr", "Worst RTT"]
    pos, shown = len(cells(t("Host"))), 0
    for title in titles:
        c = cells(t(title))
        at = hdr.find(c, pos)
        if at < 0:
            continue  # left out on a narrow screen
        end = at + len(c)
        if end < len(hdr) and hdr[end] in "\u25bc\u25b2v^":
            end += 1  # the sort mark
        need(hdr[at - 1] == " ", "title %r runs into the one before" % t(title), hdr)
        for r in rows:
            need(len(r) >= end and r[end - 1] != " " and
                 (end == len(r) or r[end] == " "),
                 "a value does not end under %r (cell %d)" % (t(title), end), r)
        pos, shown = end, shown + 1
    for r in rows:
        need(len(plain(r).split()) == shown + 1,
             "%d values in a row under %d column titles (a title cut short?)"
             % (len(plain(r).split()), shown + 1), r)
    need(shown >= 5, "only %d column titles found in Chinese" % shown, hdr)
    # RTT is an acronym the Chinese title keeps, as it keeps "s"
    need(not re.search(r"[A-Za-z]{3,}", plain(hdr).replace("RTT", "")),
         "English left in the column titles", hdr)
    print("%d columns line up over %d rows" % (shown + 1, nrows))

elif mode == "help":
    path, cols = args[0], int(args[1])
    s = screen(path, cols)
    top = x0 = x1 = None
    for i, l in enumerate(s):
        m = re.search("[q\u2500]{8,}", l)
        if m:
            top, x0, x1 = i, m.start() - 1, m.end()
            break
    need(top is not None, "no help box on the screen")
    body_x = [l for l in s[top + 1:top + 4] if len(l) > x0 and l[x0] in "x\u2502"]
    need(len(body_x) == 3, "the help box has no left edge under its top", s[top])
    need(len(s[top]) > x1 and s[top][x1] in "k\u2510",
         "the help box lost its top-right corner (cell %d)" % x1, s[top])
    need(s[top][x0] in "l\u250c",
         "the help box lost its top-left corner (cell %d is %r): drawn on"
         " half of a wide character" % (x0, plain(s[top][x0:x0 + 2])), s[top])
    bottom = None
    for i in range(top + 1, len(s)):
        # the edge may say that more follows ("more below (PgDn, End)")
        if re.match("[m\u2514][q\u2500].*[j\u2518]$", s[i][x0:x1 + 1]):
            bottom = i
            break
    need(bottom is not None, "the help box has no bottom edge")
    need(bottom - top >= 4, "the help box is too small")
    body = s[top + 1:bottom]
    for l in body:
        need(len(l) > x1 and l[x0] in "x\u2502" and l[x1] in "x\u2502",
             "a help line pushes the box edge out of place", l)
    title = plain(body[0][x0 + 1:x1]).strip()
    need(title == t("pktop keys (any other key closes this help)"),
         "the help title is not the Chinese one", body[0])
    n = 0
    for l in body[1:]:
        key, text = plain(l[x0 + 2:x0 + 14]).strip(), plain(l[x0 + 15:x1]).rstrip()
        if not key and not text:
            continue
        need(l[x0 + 14] == " " and l[x0 + 15] != " ",
             "help text not in its column", l)
        # a long text wraps onto the next lines (ui/help.c): each line
        # is a piece of a catalogue message, never cut text of its own
        need(text in msgstrs or any(text in m for m in msgstrs),
             "help line cut or not from the catalogue: %r" % text, l)
        n += 1
    need(n >= min(10, len(body) - 2), "only %d Chinese help lines" % n)
    print("%d help lines whole and aligned" % n)
PY
zh() { python3 "$TUI_TMP/zh.py" "$MO" "$@"; }

# pktop itself must find the catalogue: --help, all of it.
LC_ALL=C "$PKTOP" --help >"$TUI_TMP/help.C" 2>&1
$ZH "$PKTOP" --help >"$TUI_TMP/help.zh" 2>&1
zh tfile "$TUI_TMP/help.C" >"$TUI_TMP/help.want" ||
	{ echo "FAIL: --help has no translation in $PO"; exit 1; }
cmp -s "$TUI_TMP/help.want" "$TUI_TMP/help.zh" ||
	{ echo "FAIL: pktop --help under zh_CN.UTF-8 is not the catalogue's:"; sed -n 1,3p "$TUI_TMP/help.zh"; exit 1; }
echo "ok   --help comes from the zh_CN catalogue"

# tui_wait for a fixed string.
wait_text() {
	n=0
	while [ "$n" -lt 100 ]; do
		tui_screen | grep -qF -- "$1" && return 0
		sleep 0.1
		n=$((n + 1))
	done
	fail "timed out waiting for '$1'"
}

EOF_TEXT=$(zh t "end of file") || exit 1
PACKETS_TEXT="$(zh t packets) $TOTAL"
HELP_TITLE=$(zh t "pktop keys (any other key closes this help)") || exit 1

for size in 120x40 80x24; do
	cols=${size%x*} rows=${size#*x}
	tmux_ kill-server >/dev/null 2>&1
	rm -f "$TUI_TMP/raw.out"
	tui_start "$cols" "$rows" $ZH "$PKTOP" -n -r "$DATA/mixed.pcap" ||
		fail "cannot start tmux"
	wait_text "$EOF_TEXT"
	wait_text "$PACKETS_TEXT"
	sleep 0.3
	tui_screen >"$TUI_TMP/hosts-$size.txt"
	out=$(zh hosts "$TUI_TMP/hosts-$size.txt" "$cols" "$NHOSTS" "$TOTAL" 2>&1) ||
		fail "hosts view at $size: $out"
	echo "ok   hosts view at $size: $out"
	tui_keys '?'
	wait_text "$HELP_TITLE"
	sleep 0.2
	tui_screen >"$TUI_TMP/help-$size.txt"
	out=$(zh help "$TUI_TMP/help-$size.txt" "$cols" 2>&1) ||
		fail "help at $size: $out"
	echo "ok   help at $size: $out"
	tui_keys Escape
	n=0
	while tui_screen | grep -qF -- "$HELP_TITLE"; do
		n=$((n + 1))
		[ "$n" -lt 30 ] || fail "Escape did not close the help"
		sleep 0.1
	done
	tui_quit || exit 1
	sleep 0.2
	out=$(zh utf8 "$TUI_TMP/raw.out" 2>&1) || fail "at $size: $out"
	echo "ok   raw terminal output at $size is whole UTF-8"
	if [ -n "$PKTOP_SCREENSHOTS" ]; then
		cp "$TUI_TMP/hosts-$size.txt" "$PKTOP_SCREENSHOTS/zh_CN-hosts-$size.txt"
		cp "$TUI_TMP/help-$size.txt" "$PKTOP_SCREENSHOTS/zh_CN-help-$size.txt"
	fi
done
echo "PASS"
