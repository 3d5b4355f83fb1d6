#!/bin/sh
# follow_http: pktop --follow http,N reads a TCP conversation as HTTP/1.x
# messages the way tshark -z follow,http does (headers as one piece, the
# body as the next, chunked transfer coding undone, gzip and deflate
# decompressed): byte for byte the same in raw, ascii and hex on captures
# of chunked, Content-Length, gzip, zlib and bare deflate, POST, HEAD,
# 204 and close-delimited bodies (tests/cli/follow_http.py). Then what
# tshark leaves unsaid or does otherwise: a bad gzip body, a chunk size
# past 2^60, a chunk that never ends, bad chunk syntax, a content coding
# zlib does not know, bytes that are not HTTP (each shown as captured,
# said on stderr), and a decompression bomb (64 MiB of zeros) cut at the
# 8 MiB body cap, quickly.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=${top_builddir:-$top_srcdir}/src/pktop}"
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "SKIP: python3 not installed"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-fhttp.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
python3 "$top_srcdir/tests/cli/follow_http.py" "$tmp" || exit 99

fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

same() { # CAPTURE FORMAT
	tshark -r "$tmp/$1.pcap" -q -z "follow,http,$2,0" >"$tmp/want" 2>/dev/null
	"$PKTOP" -r "$tmp/$1.pcap" --follow http,0 --format "$2" \
		>"$tmp/got" 2>"$tmp/notes" || { fail "$1 $2: exit status"; return; }
	if cmp -s "$tmp/want" "$tmp/got"; then
		echo "ok   $1 http,0 $2"
	else
		fail "$1 http,0 $2 differs from tshark:"
		diff "$tmp/want" "$tmp/got" | head -20
	fi
	[ -s "$tmp/notes" ] && fail "$1 $2: notes on a clean capture: $(cat "$tmp/notes")"
}

for c in good close; do
	for f in raw ascii hex; do
		same "$c" "$f"
	done
done

# The comparison is about decoding (a test of the test): tcp,0 shows the
# last line of the text in the two plain bodies only, http,0 in all six.
count() {
	"$PKTOP" -r "$tmp/good.pcap" --follow "$1" 2>/dev/null |
		grep -c '^line 399 of a compressible body$'
}
n=$(count tcp,0)
[ "$n" = 2 ] || fail "good: tcp,0 shows $n plain bodies, want 2"
n=$(count http,0)
[ "$n" = 6 ] || fail "good: http,0 shows $n decoded bodies, want 6"
"$PKTOP" -r "$tmp/good.pcap" --follow http,0 2>/dev/null | grep -q '^last$' ||
	fail "good: the message after HEAD and 204 is lost"

note() { # CAPTURE PATTERN
	"$PKTOP" -r "$tmp/$1.pcap" --follow http,0 --format ascii \
		>"$tmp/out" 2>"$tmp/notes" || { fail "$1: exit status"; return; }
	grep -q "$2" "$tmp/notes" || fail "$1: no note '$2' ($(cat "$tmp/notes"))"
}
# shown as captured, said
note bad_gzip 'bad gzip, deflate or chunked data'
grep -q 'not really gzip data at all' "$tmp/out" || fail "bad_gzip: body not shown as captured"
grep -q '^ok$' "$tmp/out" || fail "bad_gzip: the next message is lost"
note huge_chunk 'bad gzip, deflate or chunked data'
grep -q '^fffffffffffffffffffffff.$' "$tmp/out" || fail "huge_chunk: the size line is not shown"
note big_chunk 'end with the capture'
grep -q '^only these bytes arrive$' "$tmp/out" || fail "big_chunk: the bytes are lost"
note bad_chunk 'bad gzip, deflate or chunked data'
grep -q '^tail bytes$' "$tmp/out" || fail "bad_chunk: the rest is lost"
note brotli 'other than gzip or deflate'
note not_http 'node 0: bytes that are not HTTP'
grep -q 'binary hello' "$tmp/out" || fail "not_http: bytes lost"
LC_ALL=C grep -q "$(printf '\033')" "$tmp/out" && fail "not_http: an escape reached the output"

# a decompression bomb: cut at the cap, said, in seconds not minutes
start=$(date +%s)
"$PKTOP" -r "$tmp/bomb.pcap" --follow http,0 --format raw >"$tmp/out" 2>"$tmp/notes" ||
	fail "bomb: exit status"
took=$(($(date +%s) - start))
grep -q 'the cap against decompression bombs' "$tmp/notes" || fail "bomb: no note"
len=$(tail -n 2 "$tmp/out" | head -n 1 | tr -d '\t\n' | wc -c)
[ "$len" = $((8 * 1024 * 1024 * 2)) ] || fail "bomb: body of $len hex digits, want 8 MiB"
[ "$took" -lt 60 ] || fail "bomb: took ${took}s"

[ "$fails" -eq 0 ] || exit 1
echo "follow_http: all cases agree"
