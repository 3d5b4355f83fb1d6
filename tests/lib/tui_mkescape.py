#!/usr/bin/env python3
"""tui_mkescape: write a small pcap whose HTTP Host header, DNS query name
and TLS-less payloads carry terminal escape sequences (a title change, a
screen clear, a colour, a C1 CSI), for tests/tui_escape.sh."""
import struct
import sys

EVIL_TITLE = b"\x1b]0;PWNED-TITLE\x07"
EVIL_CSI = b"\x1b[5;7mBLINKY"
EVIL_C1 = b"\xc2\x9b31mCSIONE"


def csum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4(src, dst, proto, payload):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0x4000,
                      64, proto, 0, bytes(src), bytes(dst))
    hdr = hdr[:10] + struct.pack("!H", csum(hdr)) + hdr[12:]
    return hdr + payload


def ether(payload):
    return (b"\x02\x00\x00\x00\x00\x02" + b"\x02\x00\x00\x00\x00\x01" +
            b"\x08\x00" + payload)


def tcp(sport, dport, seq, ack, flags, payload):
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                       65535, 0, 0) + payload


def udp(sport, dport, payload):
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def dns_query(name_labels):
    q = b"".join(bytes([len(l)]) + l for l in name_labels) + b"\0"
    return struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + q + \
        struct.pack("!HH", 1, 1)


def main(path):
    c, s, r = [10, 9, 0, 1], [10, 9, 0, 2], [10, 9, 0, 53]
    frames = []
    frames.append(ether(ipv4(c, s, 6, tcp(40000, 80, 1, 0, 0x02, b""))))
    frames.append(ether(ipv4(s, c, 6, tcp(80, 40000, 1, 2, 0x12, b""))))
    frames.append(ether(ipv4(c, s, 6, tcp(40000, 80, 2, 2, 0x10, b""))))
    req = (b"GET /" + EVIL_CSI + b" HTTP/1.1\r\nHost: evil" + EVIL_TITLE +
           EVIL_CSI + b".example\r\nUser-Agent: x" + EVIL_C1 + b"\r\n\r\n")
    frames.append(ether(ipv4(c, s, 6, tcp(40000, 80, 2, 2, 0x18, req))))
    frames.append(ether(ipv4(s, c, 6, tcp(80, 40000, 2, 2 + len(req), 0x10,
                                          b""))))
    name = [b"a" + EVIL_TITLE, EVIL_CSI, b"x" + EVIL_C1, b"example"]
    frames.append(ether(ipv4(c, r, 17, udp(40001, 53, dns_query(name)))))
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)))
            f.write(fr)


if __name__ == "__main__":
    main(sys.argv[1])
