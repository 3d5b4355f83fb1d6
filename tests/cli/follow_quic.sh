#!/bin/sh
# follow_quic: pktop --follow quic,N shows UDP stream N's QUIC Initial
# CRYPTO data, decrypted with the keys from the client's first
# Destination Connection ID and put in offset order: node 0's bytes are
# the TLS ClientHello (a handshake message of type 1 whose length and
# random are tshark's), node 1's the ServerHello (type 2, tshark's
# random), on QUIC v1 (a ClientHello over two Initials), draft-34 and v2
# captures of tests/data. Handshake and 1-RTT packets (STREAM data) are
# not opened: stderr says so, and why.

: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=${top_builddir:-$top_srcdir}/src/pktop}"
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
DATA=$top_srcdir/tests/data

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-fquic.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT

fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

for c in quic_frags_ch_in_multiple_packets.pcapng quic-34.pcap quic-v2.pcapng; do
	"$PKTOP" -r "$DATA/$c" --follow quic,0 --format raw >"$tmp/out" 2>"$tmp/notes" ||
		{ fail "$c: exit status"; continue; }
	grep -q '^Follow: quic,raw$' "$tmp/out" || fail "$c: no header"
	# node 0's pieces (no tab), node 1's (a tab), joined
	# the Initial CRYPTO pieces: up to the next "[QUIC ...]" line
	sed '1,6d;$d' "$tmp/out" | sed -n '/^\[QUIC CRYPTO, Initial\]/,/^\[/p' |
		grep -v '^\[' >"$tmp/init"
	grep -v "$(printf '\t')" "$tmp/init" | tr -d '\n' >"$tmp/c"
	grep "$(printf '\t')" "$tmp/init" | tr -d '\t\n' >"$tmp/s"
	tshark -r "$DATA/$c" -Y 'tls.handshake.type == 1' -T fields \
		-e tls.handshake.length -e tls.handshake.random 2>/dev/null |
		head -n 1 >"$tmp/ch"
	tshark -r "$DATA/$c" -Y 'tls.handshake.type == 2' -T fields \
		-e tls.handshake.random 2>/dev/null | head -n 1 >"$tmp/sh"
	read -r chlen chrand <"$tmp/ch"
	read -r shrand <"$tmp/sh"
	[ -n "$chrand" ] && [ -n "$shrand" ] || { fail "$c: tshark found no hellos"; continue; }
	want=$(printf '01%06x0303%s' "$chlen" "$chrand")
	got=$(cut -c1-$((12 + 64)) "$tmp/c")
	[ "$got" = "$want" ] || fail "$c: ClientHello start $got, tshark $want"
	[ "$(($(wc -c <"$tmp/c") / 2))" -ge $((chlen + 4)) ] ||
		fail "$c: the ClientHello is cut ($(($(wc -c <"$tmp/c") / 2)) bytes)"
	got=$(cut -c1-2 "$tmp/s")$(cut -c13-76 "$tmp/s")
	[ "$got" = "02$shrand" ] || fail "$c: ServerHello $got, tshark 02$shrand"
	grep -q 'Initial packets decrypted' "$tmp/notes" || fail "$c: no note"
	# quic-v2.pcapng carries its secrets: its STREAM data is shown
	if [ "$c" = quic-v2.pcapng ]; then
		grep -q 'decrypted with the TLS key log' "$tmp/notes" ||
			fail "$c: no word on the packets opened with its secrets"
	else
		grep -q 'STREAM data is not shown' "$tmp/notes" ||
			fail "$c: no word on the packets not opened"
	fi
	echo "ok   $c"
done

# a UDP conversation that is not QUIC: nothing shown, said
"$PKTOP" -r "$DATA/dns.pcap" --follow quic,0 --format raw >"$tmp/out" 2>"$tmp/notes" ||
	fail "dns: exit status"
[ "$(sed '1,6d;$d' "$tmp/out" | wc -l)" -eq 0 ] || fail "dns: bytes shown as QUIC"
grep -q '0 Initial packets decrypted' "$tmp/notes" || fail "dns: no note"

[ "$fails" -eq 0 ] || exit 1
echo "follow_quic: all cases agree"
