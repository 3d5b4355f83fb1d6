#!/bin/sh
# health_vs_tshark: each TCP connection's health counts in pktop's batch
# JSON (retransmissions, fast, spurious, out of order, duplicate ACKs,
# zero windows, lost segments, keep-alives) against tshark's
# tcp.analysis flags, per direction, exactly; the handshake RTT against
# tcp.analysis.initial_rtt; smoothed RTT against the mean ack_rtt on bulk
# flows (health_compare.py says how). Captures: tests/data, or the files
# and directories given (the project's ../shared/pcaps too, by hand:
#   tests/accuracy/health_vs_tshark.sh tests/data ../shared/pcaps).
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-.}/src/pktop}"

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

[ $# -gt 0 ] || set -- "${top_srcdir:-$here/../..}/tests/data"
exec python3 "$here/health_compare.py" --pktop "$PKTOP" \
	--known "$here/health_known_diffs.txt" "$@"
