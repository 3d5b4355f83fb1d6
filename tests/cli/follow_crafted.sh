#!/bin/sh
# follow_crafted: pktop --follow says what tshark -z follow says on
# captures made for the hard cases (tests/cli/follow_crafted.py): out of
# order, an overlapping retransmission with other bytes (the first copy
# wins), a lost segment (the "[N bytes missing in capture file]" piece),
# sequence numbers wrapping, keep-alives and zero-window probes, ports
# reused with a new ISN (two streams), the snap length, UDP, IPv6, and
# hostile bytes, in raw, ascii and hex. Then what tshark cannot say:
# the notes on stderr, the ADDR:PORT form, errors, and that no byte of a
# hostile stream reaches the terminal as a control or format character.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=${top_builddir:-$top_srcdir}/src/pktop}"
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-follow.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/cli/follow_crafted.py" "$tmp" || exit 99

fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

same() { # CAPTURE PROTO N FORMAT
	tshark -r "$tmp/$1.pcap" -q -z "follow,$2,$4,$3" >"$tmp/want" 2>/dev/null
	"$PKTOP" -r "$tmp/$1.pcap" --follow "$2,$3" --format "$4" \
		>"$tmp/got" 2>"$tmp/notes" || { fail "$1 $2,$3 $4: exit status"; return; }
	if cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok   $1 $2,$3 $4"
	else
		fail "$1 $2,$3 $4 differs from tshark:"
		diff "$tmp/want" "$tmp/got" | head -20
	fi
}

for c in out_of_order overlap lost wrap keepalive_probe snaplen ipv6 hostile; do
	for f in raw ascii hex; do
		same "$c" tcp 0 "$f"
	done
done
same port_reuse tcp 0 raw
same long tcp 0 raw
same port_reuse tcp 1 raw
for f in raw ascii hex; do
	same udp udp 0 "$f"
done

# The cases hold what they are about (a test of the test).
"$PKTOP" -r "$tmp/lost.pcap" --follow tcp,0 --format ascii 2>/dev/null |
	grep -q '^\[12 bytes missing in capture file\]' ||
	fail "lost: no gap piece"
"$PKTOP" -r "$tmp/overlap.pcap" --follow tcp,0 --format ascii 2>/dev/null |
	grep -E '^(AAAAAAAA|BBBB|CCCC)$' | tr -d '\n' | grep -qx 'AAAAAAAABBBBCCCC' ||
	fail "overlap: the first copy did not win"
"$PKTOP" -r "$tmp/port_reuse.pcap" --follow tcp,1 --format ascii 2>/dev/null |
	grep -q '^second$' || fail "port_reuse: stream 1 is not the second"

# What tshark leaves unsaid goes to stderr.
"$PKTOP" -r "$tmp/snaplen.pcap" --follow tcp,0 2>&1 >/dev/null |
	grep -q 'truncated by the snap length' || fail "snaplen: no note"
"$PKTOP" -r "$tmp/lost.pcap" --follow tcp,0 2>&1 >/dev/null |
	grep -q '12 bytes missing' || fail "lost: no note"

# The endpoints form: the same stream as its index, either way round.
"$PKTOP" -r "$tmp/ipv6.pcap" --follow 'tcp,[2001:db8::2]:443,[2001:db8::1]:5555' \
	--format raw 2>/dev/null | sed 1,3d >"$tmp/by_addr"
"$PKTOP" -r "$tmp/ipv6.pcap" --follow tcp,0 --format raw 2>/dev/null |
	sed 1,3d >"$tmp/by_index"
cmp -s "$tmp/by_addr" "$tmp/by_index" || fail "tcp,ADDR:PORT,ADDR:PORT is not stream 0"

# Usage errors exit 2 with a message.
for bad in "--follow tcp" "--follow tcp,x" "--follow sctp,0" \
	"--follow tcp,1.2.3.4,5.6.7.8" "--follow tcp,0 --format yaml" \
	"--format raw"; do
	# shellcheck disable=SC2086
	"$PKTOP" -r "$tmp/udp.pcap" $bad >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] && [ -s "$tmp/err" ] || fail "'$bad': exit $rc, no message"
done
"$PKTOP" --follow tcp,0 >/dev/null 2>&1
[ $? -eq 2 ] || fail "--follow without -r was accepted"

# Hostile bytes: in ascii and hex nothing but printable ASCII, tabs and
# line breaks reaches the terminal (the CR of a CRLF pair kept, as
# tshark); raw is hex digits.
for f in ascii hex raw; do
	"$PKTOP" -r "$tmp/hostile.pcap" --follow tcp,0 --format "$f" \
		>"$tmp/h.$f" 2>/dev/null
	python3 - "$tmp/h.$f" <<'PY' || fail "hostile: $f lets a control byte through"
import sys
b = open(sys.argv[1], "rb").read()
bad = [c for i, c in enumerate(b)
       if not (0x20 <= c < 0x7f or c in (9, 10)
               or (c == 13 and b[i + 1:i + 2] == b"\n"))]
sys.exit(1 if bad else 0)
PY
done

[ "$fails" -eq 0 ] || { echo "$fails failed"; exit 1; }
echo "PASS"
