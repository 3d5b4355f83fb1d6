#!/bin/sh
# pktop -Y against tshark -Y: the frame numbers each selects from a
# capture must be identical, for every filter of dfilter_corpus.txt (one
# capture a filter: the one its line names). By default every eighth line
# (a representative sample that keeps make check short); DFILTER_ALL=1
# runs every line; DFILTER_FULL=1 runs every filter on every capture of
# tests/data and ../shared/pcaps (long). A filter pktop refuses must be a
# field it does not dissect: that is reported as a failure too, since
# the corpus holds only fields it knows.
set -u
srcdir=${top_srcdir:-$(dirname "$0")/../..}
top=${top_builddir:-.}
PKTOP=${PKTOP:-$top/src/pktop}
corpus=$srcdir/tests/accuracy/dfilter_corpus.txt
data=$srcdir/tests/data

command -v tshark >/dev/null 2>&1 || { echo "SKIP: no tshark"; exit 77; }
[ -x "$PKTOP" ] || { echo "SKIP: no $PKTOP"; exit 77; }

tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT INT TERM
fail=0 runs=0 line=0

check() { # capture filter
	tshark -n -r "$1" -Y "$2" -T fields -e frame.number \
		>"$tmp/t" 2>"$tmp/te"
	trc=$?
	"$PKTOP" -r "$1" -Y "$2" --fields -e frame.number \
		>"$tmp/p" 2>"$tmp/pe"
	prc=$?
	runs=$((runs + 1))
	if [ "$trc" -ne 0 ]; then
		# tshark refused it (a field this capture's tshark lacks):
		# pktop must refuse it too or it is no comparison
		return 0
	fi
	if [ "$prc" -ne 0 ]; then
		echo "FAIL: pktop refused '$2' on $1: $(head -1 "$tmp/pe")"
		fail=$((fail + 1))
		return 0
	fi
	if ! cmp -s "$tmp/t" "$tmp/p"; then
		echo "FAIL: '$2' on $1"
		echo "  tshark: $(tr '\n' ' ' <"$tmp/t" | cut -c1-300)"
		echo "  pktop:  $(tr '\n' ' ' <"$tmp/p" | cut -c1-300)"
		fail=$((fail + 1))
	fi
}

captures() {
	ls "$data"/*.pcap "$data"/*.pcapng 2>/dev/null
	if [ -d "$srcdir/../shared/pcaps" ]; then
		ls "$srcdir"/../shared/pcaps/*/*.pcap \
			"$srcdir"/../shared/pcaps/*/*.pcapng 2>/dev/null
	fi
}

tab=$(printf '\t')
while IFS="$tab" read -r cap filter; do
	case $cap in ''|'#'*) continue ;; esac
	line=$((line + 1))
	if [ "${DFILTER_FULL:-0}" = 1 ]; then
		for c in $(captures); do
			check "$c" "$filter"
		done
		continue
	fi
	if [ "${DFILTER_ALL:-0}" != 1 ] && [ $((line % 8)) -ne 1 ]; then
		continue
	fi
	check "$data/$cap" "$filter"
done <"$corpus"

echo "dfilter_vs_tshark: $runs runs, $fail differ"
[ "$fail" -eq 0 ]
