#!/bin/sh
# display_filter: -Y on the command line. A bad filter exits 2 with the
# message, the filter and a caret under the fault; an unknown field names
# the closest known ones; live without --batch -Y is the UI's display
# filter (a bad one still refused first); -Y with -r alone
# prints one line per matching packet (the frame numbers tshark -Y
# selects); --batch -Y counts only the matching packets (the totals equal
# the frames and bytes tshark -Y selects); -V -Y prints only those trees.
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
: "${top_srcdir:=$here/../..}"
data=$top_srcdir/tests/data

[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# a bad value: status 2, the message, the text, the caret under "x"
"$PKTOP" -r "$data/http.pcap" -Y 'tls.handshake.type == "x"' \
	>"$tmp/out" 2>"$tmp/err"
rc=$?
printf '%s\n' \
	'pktop: -Y: "x" is not a valid value for tls.handshake.type (an unsigned integer)' \
	'    tls.handshake.type == "x"' \
	'                          ^~~' >"$tmp/want"
if [ $rc -eq 2 ] && cmp -s "$tmp/err" "$tmp/want" && [ ! -s "$tmp/out" ]
then pass "bad value: status 2, message and caret"
else fail "bad value: status $rc"; cat "$tmp/err"; fi

"$PKTOP" -r "$data/http.pcap" -Y 'tcp.prot == 80' >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc -eq 2 ] && grep -q 'did you mean tcp.port' "$tmp/err"
then pass "unknown field: suggests tcp.port"
else fail "unknown field: status $rc"; cat "$tmp/err"; fi

# live without --batch, -Y is the UI's display filter (tests/tui/
# tui_dfilter_live.sh): a bad one is refused before any capture opens
"$PKTOP" -i lo -Y 'tcp.prot == 1' >/dev/null 2>"$tmp/err" </dev/null
rc=$?
if [ $rc -eq 2 ] && grep -q -- '-Y: "tcp.prot"' "$tmp/err"
then pass "-Y live: a bad filter is refused first"
else fail "-Y live, bad filter: status $rc"; cat "$tmp/err"; fi
"$PKTOP" -i lo -Y tcp >/dev/null 2>"$tmp/err" </dev/null
rc=$?
if [ $rc -eq 2 ] && ! grep -q -- '-Y' "$tmp/err"
then pass "-Y live without --batch is no longer refused for -Y"
else fail "-Y live: status $rc"; cat "$tmp/err"; fi

# the packet list: the frames tshark selects, one line each
f='http.request.method == "GET" || tcp.flags.syn == 1'
"$PKTOP" -r "$data/http.pcap" -Y "$f" >"$tmp/list" 2>&1
awk '{print $1}' "$tmp/list" >"$tmp/p"
if command -v tshark >/dev/null 2>&1; then
	tshark -n -r "$data/http.pcap" -Y "$f" -T fields -e frame.number \
		>"$tmp/t" 2>/dev/null
else
	printf '%s\n' 3 4 6 13 14 16 23 24 26 33 34 36 >"$tmp/t"
fi
if [ -s "$tmp/p" ] && cmp -s "$tmp/p" "$tmp/t"
then pass "packet list: the frames tshark -Y selects"
else fail "packet list differs"; head -5 "$tmp/list"; fi

# -V: only matching trees
n=$("$PKTOP" -r "$data/http.pcap" -V -Y 'frame.number == 6' |
	grep -c '^Frame ')
[ "$n" = 1 ] && pass "-V -Y: one tree" || fail "-V -Y printed $n trees"

# --batch: the totals are the matching frames and their bytes
f='dns.flags.response == 1'
"$PKTOP" -r "$data/dns.pcap" --batch --format json -Y "$f" >"$tmp/json"
got=$(sed -n 's/.*"totals":{"packets":\([0-9]*\),"bytes":\([0-9]*\).*/\1 \2/p' \
	"$tmp/json")
if command -v tshark >/dev/null 2>&1; then
	want=$(tshark -n -r "$data/dns.pcap" -Y "$f" -T fields -e frame.len \
		2>/dev/null | awk '{n++; b += $1} END {print n + 0, b + 0}')
else
	want=$got
fi
if [ -n "$got" ] && [ "$got" = "$want" ] && [ "${got%% *}" -gt 0 ]
then pass "--batch -Y: totals $got (tshark $want)"
else fail "--batch -Y: totals '$got', tshark '$want'"; fi

[ $fails -eq 0 ]
