#!/bin/sh
# batch_truth: the integration test. Runs `pktop --batch --format json -r F`
# on every capture in tests/data that has a truth file made by tshark and
# compares the two (compare_truth.py); then runs every capture in
# tests/data/malformed, which must end with status 0 or 2 and no sanitizer
# report. One line per capture, a summary last; exit 1 on any failure.
#   tests/accuracy/batch_truth.sh [CAPTURE...]    (default: all of tests/data)
# make check sets PKTOP, top_srcdir and top_builddir. Skips (77) without
# python3.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
data=${top_srcdir:-$here/../..}/tests/data
sanitizer='AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:'

command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
# a sanitizer report must not be lost to a clean exit status
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

tmp=$(mktemp -d) || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

if [ $# -gt 0 ]; then
	captures=$*
	malformed=
else
	captures=$(ls "$data"/*.pcap* 2>/dev/null)
	malformed=$(ls "$data"/malformed/* 2>/dev/null)
fi

agree=0 total=0 apps_ok=0 apps_all=0 failed=0
for cap in $captures; do
	name=$(basename "$cap")
	truth=$(dirname "$cap")/truth/${name%.pcap*}.json
	[ -f "$truth" ] || continue
	total=$((total + 1))
	timeout 120 "$PKTOP" --batch --format json -r "$cap" >"$tmp/out.json" 2>"$tmp/err"
	rc=$?
	line=$(python3 "$here/compare_truth.py" "$truth" "$tmp/out.json")
	ok=$?
	if [ $rc -ne 0 ]; then
		ok=1
		line="FAIL status $rc: $(head -n 1 "$tmp/err")"
	elif grep -qE "$sanitizer" "$tmp/err"; then
		ok=1
		line="FAIL sanitizer: $(grep -m 1 -E "$sanitizer" "$tmp/err")"
	fi
	printf '%-44s %s\n' "$name" "$line"
	if [ $ok -eq 0 ]; then
		agree=$((agree + 1))
	else
		failed=1
	fi
	apps=$(echo "$line" | sed -n 's/.* apps=\([0-9]*\)\/\([0-9]*\) .*/\1 \2/p')
	if [ -n "$apps" ]; then
		apps_ok=$((apps_ok + ${apps% *}))
		apps_all=$((apps_all + ${apps#* }))
	fi
done

clean=0 bad=0
for cap in $malformed; do
	[ -f "$cap" ] || continue
	bad=$((bad + 1))
	timeout 60 "$PKTOP" --batch --format json -r "$cap" >/dev/null 2>"$tmp/err"
	rc=$?
	if { [ $rc -eq 0 ] || [ $rc -eq 2 ]; } && ! grep -qE "$sanitizer" "$tmp/err"; then
		clean=$((clean + 1))
		line="ok   status $rc"
	else
		failed=1
		line="FAIL status $rc $(grep -m 1 -E "$sanitizer" "$tmp/err")"
	fi
	printf '%-44s %s\n' "malformed/$(basename "$cap")" "$line"
done

echo "batch_truth: $agree/$total captures agree, apps $apps_ok/$apps_all, malformed $clean/$bad clean"
[ $total -gt 0 ] || [ $# -gt 0 ] || { echo "no capture with a truth file in $data"; exit 99; }
exit $failed
