#!/bin/sh
# verbose_malformed: every capture in tests/data/malformed (crash
# reproducers from tcpdump's suite) goes through `pktop -r F -V`: it must
# end with status 0 or 2, print no sanitizer report, and the layers pktop
# found malformed or cut short are marked in the text like tshark marks
# them ([Malformed Packet: ...], [Packet size limited during capture: ...]).
#   tests/cli/verbose_malformed.sh [CAPTURE|DIR]...
# make check sets PKTOP and top_srcdir.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
sanitizer='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:'
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
export ASAN_OPTIONS

[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
[ $# -gt 0 ] || set -- "${top_srcdir:-$here/../..}/tests/data/malformed"

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

files=0 failed=0 marked=0
for arg in "$@"; do
	if [ -d "$arg" ]; then
		list=$(ls "$arg"/*.pcap "$arg"/*.pcapng "$arg"/*.cap 2>/dev/null)
	else
		list=$arg
	fi
	for cap in $list; do
		files=$((files + 1))
		timeout 60 "$PKTOP" -r "$cap" -V >"$tmp/out" 2>"$tmp/err"
		rc=$?
		if [ $rc -ne 0 ] && [ $rc -ne 2 ]; then
			echo "FAIL $(basename "$cap"): status $rc: $(head -n 1 "$tmp/err")"
			failed=$((failed + 1))
		elif grep -qE "$sanitizer" "$tmp/err"; then
			echo "FAIL $(basename "$cap"): $(grep -m 1 -E "$sanitizer" "$tmp/err")"
			failed=$((failed + 1))
		fi
		if grep -qE '^ *\[(Malformed Packet|Packet size limited during capture): ' "$tmp/out"; then
			marked=$((marked + 1))
		fi
	done
done
echo "malformed captures: $files, failed: $failed, with a marked layer: $marked"
[ $files -gt 0 ] || exit 77
[ $failed -eq 0 ] && [ $marked -gt 0 ]
