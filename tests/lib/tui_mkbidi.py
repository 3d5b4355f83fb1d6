#!/usr/bin/env python3
"""tui_mkbidi: write a one-packet HTTP capture whose Host header turns the
text around (abc U+202E gpj.exe reads as abcexe.jpg) and whose User-Agent
hides a zero-width space and a right-to-left isolate, for tests/tui/
tui_bidi.sh and tests/cli: no view and no output may pass them raw."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pktcraft  # noqa: E402

RLO = "\u202e".encode()
ZWSP = "\u200b".encode()
RLI = "\u2067".encode()


def main(path):
    req = (b"GET /index.html HTTP/1.1\r\nHost: abc" + RLO + b"gpj.exe\r\n"
           b"User-Agent: zw" + ZWSP + b"sp" + RLI + b"iso\r\n\r\n")
    frame = pktcraft.ether(pktcraft.ipv4(
        6, pktcraft.tcp(40000, 80, 1, 1, 0x18, req), [10, 9, 0, 1],
        [10, 9, 0, 2]))
    pktcraft.pcap_write(path, [(1700000000, 0, frame, len(frame))])


if __name__ == "__main__":
    main(sys.argv[1])
