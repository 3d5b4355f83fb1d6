#!/bin/sh
# follow_quic_vs_tshark: with TLS secrets (a pcapng's Decryption Secrets
# Block, or --tls-keylog), `pktop --follow quic,N,S --format raw` prints
# the STREAM data tshark decrypts, per direction, put together by offset
# (follow_quic_compare.py; tshark's own follow,quic pieces must lie in
# it). Captures: tests/data's quic-v2.pcapng (DSB), quic-v2-nokeys.pcap
# with quic-v2.keys, and every pcapng of ../shared/pcaps that carries
# secrets. With only the handshake secrets, the Handshake CRYPTO data
# is shown, no STREAM data, and stderr says the 1-RTT keys are missing.
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
: "${SHARED_PCAPS:=$top_srcdir/../shared/pcaps}"

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
DATA=$top_srcdir/tests/data
cmp=$here/follow_quic_compare.py

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-fqt.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# each must have STREAM frames tshark opens (status 2 is a failure here)
python3 "$cmp" "$PKTOP" "$DATA/quic-v2.pcapng" || fail "quic-v2.pcapng"
python3 "$cmp" "$PKTOP" "$DATA/quic-v2-nokeys.pcap" "$DATA/quic-v2.keys" ||
	fail "quic-v2-nokeys.pcap with quic-v2.keys"
if [ -d "$SHARED_PCAPS" ]; then
	find "$SHARED_PCAPS" -name '*.pcapng' -size -20M 2>/dev/null | sort |
		while read -r c; do
			grep -q 'TRAFFIC_SECRET' "$c" 2>/dev/null || continue
			python3 "$cmp" "$PKTOP" "$c" || echo "FAIL $c"
		done >"$tmp/shared"
	cat "$tmp/shared"
	grep -q '^FAIL' "$tmp/shared" && fail "shared captures"
fi

# crafted (follow_quic_crafted.py): STREAM pieces out of order, an
# overlap with other bytes (first copy wins), a hole never filled (the
# gap text), a server Handshake packet
if python3 "$here/follow_quic_crafted.py" "$tmp/c.pcap" "$tmp/c.keys"; then
	python3 "$cmp" "$PKTOP" "$tmp/c.pcap" "$tmp/c.keys" || fail "crafted"
	# node 0's stream 0: ABCDEFGHIJKLMNOxxQR
	"$PKTOP" -r "$tmp/c.pcap" --tls-keylog "$tmp/c.keys" --follow quic,0,0 \
		--format raw >"$tmp/out" 2>/dev/null || fail "crafted: exit status"
	sed '1,6d;$d' "$tmp/out" | grep -v "$(printf '\t')" | tr -d '\n' >"$tmp/s0"
	[ "$(cat "$tmp/s0")" = 4142434445464748494a4b4c4d4e4f78785152 ] ||
		fail "crafted: stream 0 is '$(cat "$tmp/s0")'"
	"$PKTOP" -r "$tmp/c.pcap" --tls-keylog "$tmp/c.keys" --follow quic,0,4 \
		--format ascii 2>"$tmp/notes" | grep -q '^\[15 bytes missing in capture file\]' ||
		fail "crafted: no gap piece in stream 4"
	grep -q '15 bytes missing' "$tmp/notes" || fail "crafted: the gap not said"
else
	echo "SKIP crafted: python3-cryptography missing"
fi

# no secrets: no STREAM data, said
"$PKTOP" -r "$DATA/quic-v2-nokeys.pcap" --follow quic,0,0 --format raw \
	>"$tmp/out" 2>"$tmp/notes" || fail "nokeys: exit status"
[ "$(sed '1,6d;$d' "$tmp/out" | wc -l)" -eq 0 ] || fail "nokeys: stream data shown"
grep -q 'no TLS secrets' "$tmp/notes" || fail "nokeys: no word on the missing secrets"

# handshake secrets only: Handshake CRYPTO shown (node 1 starts with
# tshark's EncryptedExtensions: type 8), 1-RTT packets said not opened
grep HANDSHAKE "$DATA/quic-v2.keys" >"$tmp/hs.keys"
"$PKTOP" -r "$DATA/quic-v2-nokeys.pcap" --tls-keylog "$tmp/hs.keys" \
	--follow quic,0 --format raw >"$tmp/out" 2>"$tmp/notes" ||
	fail "handshake keys: exit status"
grep -A1 '^\[QUIC CRYPTO, Handshake\]' "$tmp/out" | grep -q "$(printf '^\t08')" ||
	fail "handshake keys: no server Handshake CRYPTO data (EncryptedExtensions)"
grep -q '^\[QUIC stream' "$tmp/out" && fail "handshake keys: STREAM data without 1-RTT keys"
grep -q 'key log has no secret' "$tmp/notes" ||
	fail "handshake keys: no word on the packets without keys"
tshark -r "$DATA/quic-v2-nokeys.pcap" -o "tls.keylog_file:$tmp/hs.keys" \
	-Y 'tls.handshake.type == 8' -T fields -e frame.number 2>/dev/null |
	grep -q . || fail "tshark found no EncryptedExtensions with the handshake keys"

[ "$fails" -eq 0 ] || exit 1
echo "follow_quic_vs_tshark: all agree"
