#!/usr/bin/env python3
"""tcpanalysis_pcap.py OUT: a small capture whose TCP rows carry tshark's
analysis marks (window scaling, a lost segment, duplicate ACKs, a fast
and a spurious retransmission, a zero window, a window update, a
keep-alive and its ACK), a flow seen from its middle and a SYN/ACK whose
ack is not the SYN's ISN+1: the packet list's Info is compared with
tshark's for it (tests/tui/tui_packets_tcpinfo.sh)."""
import os
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pktcraft  # noqa: E402

CLI, SRV, MID = [10, 9, 0, 1], [10, 9, 0, 2], [10, 9, 0, 3]
SYN, ACK, PSH, FIN = 0x02, 0x10, 0x08, 0x01


def seg(src, dst, sport, dport, seq, ack, flags, win, data=b"", opts=b""):
    """An Ethernet/IPv4/TCP frame with options OPTS (padded to 4)."""
    opts += b"\x01" * (-len(opts) % 4)
    hdr = struct.pack("!HHIIBBHHH", sport, dport, seq, ack,
                      (5 + len(opts) // 4) << 4, flags, win, 0, 0)
    return pktcraft.ether(pktcraft.ipv4(6, hdr + opts + data, src, dst))


def syn_opts(ws):
    """MSS 1460, NOP, window scale WS."""
    return struct.pack("!BBH", 2, 4, 1460) + b"\x01" + struct.pack("!BBB", 3, 3, ws)


def main():
    a = (CLI, SRV, 40000, 5555)
    b = (SRV, CLI, 5555, 40000)
    d = b"x" * 100
    frames = [
        # the handshake: both scale by 7
        (0.000, seg(*a, 1000, 0, SYN, 64240, opts=syn_opts(7))),
        (0.001, seg(*b, 5000, 1001, SYN | ACK, 65160, opts=syn_opts(7))),
        (0.002, seg(*a, 1001, 5001, ACK, 502)),
        (0.010, seg(*a, 1001, 5001, PSH | ACK, 502, d)),
        (0.011, seg(*b, 5001, 1101, ACK, 509)),
        (0.020, seg(*a, 1101, 5001, PSH | ACK, 502, d)),
        # 1201..1300 never captured
        (0.021, seg(*a, 1301, 5001, PSH | ACK, 502, d)),
        (0.022, seg(*b, 5001, 1201, ACK, 509)),
        (0.023, seg(*b, 5001, 1201, ACK, 509)),
        (0.024, seg(*b, 5001, 1201, ACK, 509)),
        (0.025, seg(*a, 1201, 5001, PSH | ACK, 502, d)),
        (0.026, seg(*b, 5001, 1401, ACK, 509)),
        # the old segment again, long after
        (0.500, seg(*a, 1101, 5001, PSH | ACK, 502, d)),
        (0.501, seg(*b, 5001, 1401, ACK, 0)),
        (0.900, seg(*b, 5001, 1401, ACK, 509)),
        (10.900, seg(*a, 1400, 5001, ACK, 502, b"\0")),
        (10.901, seg(*b, 5001, 1401, ACK, 509)),
        (11.000, seg(*a, 1401, 5001, FIN | ACK, 502)),
        (11.001, seg(*b, 5001, 1402, FIN | ACK, 509)),
        (11.002, seg(*a, 1402, 5002, ACK, 502)),
        # seen from its middle: no handshake, the window unscaled
        (12.000, seg(MID, SRV, 50000, 5556, 123456, 777, PSH | ACK, 1000,
                     b"y" * 50)),
        (12.001, seg(SRV, MID, 5556, 50000, 777, 123506, ACK, 2000)),
        (12.002, seg(MID, SRV, 50000, 5556, 123506, 777, PSH | ACK, 1000,
                     b"y" * 50)),
        # a SYN/ACK whose ack is not ISN+1
        (13.000, seg(MID, SRV, 50001, 5557, 100, 0, SYN, 8192)),
        (13.001, seg(SRV, MID, 5557, 50001, 9000, 150, SYN | ACK, 8192)),
        (13.002, seg(MID, SRV, 50001, 5557, 101, 9001, ACK, 8192)),
    ]
    recs = []
    for t, f in frames:
        sec = 1700000000 + int(t)
        recs.append((sec, int(round((t - int(t)) * 1e6)), f, len(f)))
    pktcraft.pcap_write(sys.argv[1], recs)


if __name__ == "__main__":
    main()
