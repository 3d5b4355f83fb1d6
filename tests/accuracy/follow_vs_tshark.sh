#!/bin/sh
# follow_vs_tshark: for the TCP and UDP streams of the captures in
# tests/data and ../shared/pcaps, `pktop --follow P,N --format raw` must
# print what `tshark -q -z follow,P,raw,N` prints (the Node lines and
# every piece: direction and bytes). follow_compare.py lists the known
# differences (streams inside tunnels, ICMP errors and IP fragments,
# which pktop's connections do not take apart).
# For make check's time a sample: up to 3 streams per protocol of each
# capture of tests/data and every 24th capture of ../shared/pcaps;
# FOLLOW_ALL=1 takes every stream of every capture.
#   tests/accuracy/follow_vs_tshark.sh [CAPTURE|DIR]...
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$here/../..}"
: "${PKTOP:=${top_builddir:-.}/src/pktop}"
: "${SHARED_PCAPS:=$top_srcdir/../shared/pcaps}"

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

if [ "${FOLLOW_ALL:-0}" = 1 ]; then
	max=0 every=1
else
	max=3 every=24
fi
if [ $# -eq 0 ]; then
	set -- "$top_srcdir/tests/data"
	if [ -d "$SHARED_PCAPS" ]; then
		# every EVERY-th capture, the same ones each run
		find "$SHARED_PCAPS" -type f \( -name '*.pcap' -o -name '*.pcapng' \
			-o -name '*.cap' \) | LC_ALL=C sort |
			awk -v e="$every" '(NR - 1) % e == 0' >"${TMPDIR:-/tmp}/follow-shared.$$"
		while read -r f; do
			set -- "$@" "$f"
		done <"${TMPDIR:-/tmp}/follow-shared.$$"
		rm -f "${TMPDIR:-/tmp}/follow-shared.$$"
	else
		echo "no $SHARED_PCAPS: tests/data only"
	fi
fi
exec python3 "$here/follow_compare.py" --pktop "$PKTOP" --max-streams "$max" "$@"
