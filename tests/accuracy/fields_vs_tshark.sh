#!/bin/sh
# fields_vs_tshark: pktop --fields --format json against tshark -T fields
# for every field of issue 3, value by value, on each capture in
# tests/data (or the files and directories given). Per field it prints
# how many packets agree; fails below 99% (FIELDS_THRESHOLD overrides)
# unless fields_known_gaps.txt names the field, and then below its floor.
#   tests/accuracy/fields_vs_tshark.sh [--examples N] [CAPTURE|DIR]...
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
: "${FIELDS_THRESHOLD:=99}"

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

opts=
while [ $# -gt 0 ]; do
	case $1 in
	--examples) opts="$opts --examples $2"; shift 2 ;;
	--fields) opts="$opts --fields $2"; shift 2 ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || set -- "${top_srcdir:-$here/../..}/tests/data"

# shellcheck disable=SC2086
exec python3 "$here/fields_compare.py" --pktop "$PKTOP" \
	--threshold "$FIELDS_THRESHOLD" --known "$here/fields_known_gaps.txt" \
	$opts "$@"
