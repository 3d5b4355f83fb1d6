#!/bin/sh
# quic_rtt_vs_tshark: each QUIC connection's handshake round trips in
# pktop's batch JSON (quic_handshake_server_ms, _client_ms: client Initial
# -> the server's first long-header packet, the server's first Handshake
# packet -> the client's first) against tshark's frame times for the same
# packets, to the microsecond (quic_rtt_compare.py says how). Captures:
# tests/data, or the files and directories given (by hand also
#   tests/accuracy/quic_rtt_vs_tshark.sh tests/data ../shared/pcaps).
# Skips (77) when tshark or python3 is missing.

here=$(cd "$(dirname "$0")" && pwd)
: "${PKTOP:=${top_builddir:-.}/src/pktop}"

command -v tshark >/dev/null 2>&1 || { echo "tshark not found: skipped"; exit 77; }
command -v python3 >/dev/null 2>&1 || { echo "python3 not found: skipped"; exit 77; }
[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }

[ $# -gt 0 ] || set -- "${top_srcdir:-$here/../..}/tests/data"
exec python3 "$here/quic_rtt_compare.py" --pktop "$PKTOP" "$@"
