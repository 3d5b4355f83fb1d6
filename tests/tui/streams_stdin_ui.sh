#!/bin/sh
# streams_stdin_ui: `tcpdump -U -w - | pktop -r -` with the UI: the
# capture comes on stdin, keys from the terminal (/dev/tty). Packets show
# while the pipe is still open, keys work meanwhile, and what comes later
# is counted too.
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

# a writer that sends the pcap header and 100 packets, then waits for
# the go file before it sends the other 570
cat >"$TUI_TMP/slow.py" <<'PY'
import os, struct, sys, time
d = open(sys.argv[1], "rb").read()
out = sys.stdout.buffer
out.write(d[:24]); pos = 24; n = 0
while pos < len(d):
    incl = struct.unpack("<I", d[pos + 8:pos + 12])[0]
    out.write(d[pos:pos + 16 + incl]); pos += 16 + incl; n += 1
    if n == 100:
        out.flush()
        for _ in range(600):
            if os.path.exists(sys.argv[2]):
                break
            time.sleep(0.05)
out.flush()
PY
tui_start 120 40 "sh -c 'python3 $TUI_TMP/slow.py $DATA/mixed.pcap $TUI_TMP/go | $PKTOP -n -r -'" ||
	fail "cannot start tmux"
tui_wait 'packets 100 ' || fail "the first 100 packets do not show while the pipe is open"
tui_screen | grep -q 'standard input' || fail "the header does not name stdin"
# keys work while the stream is open: the connections view, then back
tui_keys 2
tui_wait 'Endpoint A' || fail "key 2 did nothing"
tui_keys 1
tui_wait 'Host ' || fail "key 1 did nothing"
touch "$TUI_TMP/go"
tui_wait 'packets 670 ' || fail "the rest of the stream is not counted"
tui_wait 'end of file' || exit 1
tui_quit || exit 1
echo PASS
