#!/usr/bin/env python3
"""long_names_pcap.py OUT: a capture of TLS connections with long
server names, IPv6 endpoints and high ports, for the tests that check
nothing is cut silently (tui_layout.sh, tui_scroll.sh): 12 IPv4
connections from 192.168.1.128:37643.. to api<i>.shop.example.test and
6 IPv6 ones from [2001:db8:1234:5678:9abc:def0:1122:3344]:50000.. to
very-long-service-name-<i>.cdn.eu-west-1.example.internal."""
import os
import struct
import sys
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pktcraft import ether, ipv4, tcp, pcap_write

def ipv6(nh, payload, src, dst):
    return struct.pack("!IHBB16s16s", 6 << 28, len(payload), nh, 64,
                       bytes(src), bytes(dst)) + payload

def hello(name):
    n = name.encode()
    ext = struct.pack("!HHHBH", 0, len(n) + 5, len(n) + 3, 0, len(n)) + n
    body = (b"\x03\x03" + b"\x11" * 32 + b"\x00" + b"\x00\x02\x13\x01" +
            b"\x01\x00" + struct.pack("!H", len(ext)) + ext)
    hs = b"\x01" + struct.pack("!I", len(body))[1:] + body
    return b"\x16\x03\x01" + struct.pack("!H", len(hs)) + hs

recs, t = [], 1700000000
v6a = list(bytes.fromhex("20010db8123456789abcdef011223344"))
v6b = list(bytes.fromhex("20010db8aabbccddeeff001122334400"))
def conn(l3, src, dst, sp, name, ts, eth):
    for f in (l3(6, tcp(sp, 443, 1, 0, 0x02), src, dst),
              l3(6, tcp(443, sp, 1, 2, 0x12), dst, src),
              l3(6, tcp(sp, 443, 2, 2, 0x18, hello(name)), src, dst)):
        recs.append((ts, len(recs), ether(f, eth), len(ether(f, eth))))
for i in range(12):
    conn(ipv4, [192, 168, 1, 128], [203, 0, 113, 100 + i], 37643 + i,
         "api%d.shop.example.test" % i, t + i, 0x0800)
for i in range(6):
    conn(ipv6, v6a, v6b[:15] + [i + 1], 50000 + i,
         "very-long-service-name-%d.cdn.eu-west-1.example.internal" % i,
         t + 20 + i, 0x86dd)
pcap_write(sys.argv[1], recs)
