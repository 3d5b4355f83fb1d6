"""follow_crafted: the captures follow_crafted.sh hands to pktop --follow
and tshark -z follow, one per case that reassembly must get right.
  follow_crafted.py DIR   writes DIR/CASE.pcap for every case
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from pktcraft import csum, ether, ipv4, pcap_write, tcp, udp  # noqa: E402

C = [10, 0, 0, 1]
S = [10, 0, 0, 2]
A = 0x18   # PSH ACK
SYN, SYNACK, ACK, FINACK = 0x02, 0x12, 0x10, 0x11


def c2s(seq, ack, fl, pl=b"", sport=40000):
    return ether(ipv4(6, tcp(sport, 80, seq & 0xffffffff, ack & 0xffffffff,
                             fl, pl), C, S))


def s2c(seq, ack, fl, pl=b"", dport=40000):
    return ether(ipv4(6, tcp(80, dport, seq & 0xffffffff, ack & 0xffffffff,
                             fl, pl), S, C))


def ipv6_tcp(src, dst, sport, dport, seq, ack, fl, pl=b""):
    seg = tcp(sport, dport, seq, ack, fl, pl)
    h = struct.pack("!IHBB16s16s", 6 << 28, len(seg), 6, 64, src, dst)
    return ether(h + seg, 0x86dd)


def write(d, name, frames, snap=None):
    recs = []
    for i, f in enumerate(frames):
        if snap and len(f) > snap:
            recs.append((1000 + i, 0, f[:snap], len(f)))
        else:
            recs.append((1000 + i, 0, f, len(f)))
    pcap_write(os.path.join(d, name + ".pcap"), recs,
               snaplen=snap or 65535)


def main(d):
    ci, si = 1000, 5000
    hs = [c2s(ci, 0, SYN), s2c(si, ci + 1, SYNACK), c2s(ci + 1, si + 1, ACK)]
    # segments arrive out of order
    write(d, "out_of_order", hs + [
        c2s(ci + 1, si + 1, A, b"one "), c2s(ci + 9, si + 1, A, b"three "),
        c2s(ci + 5, si + 1, A, b"two "), s2c(si + 1, ci + 15, A, b"ok\n"),
        c2s(ci + 15, si + 4, FINACK), s2c(si + 4, ci + 16, FINACK)])
    # a retransmission overlapping what came first, with other bytes:
    # the first copy wins; its new tail is kept
    write(d, "overlap", hs + [
        c2s(ci + 1, si + 1, A, b"AAAAAAAA"),
        c2s(ci + 5, si + 1, A, b"xxxxBBBB"),
        c2s(ci + 1, si + 1, A, b"yyyyyyyyyyyyCCCC"),
        s2c(si + 1, ci + 17, A, b"done")])
    # a lost segment the receiver acknowledged: a gap said in the bytes
    write(d, "lost", hs + [
        c2s(ci + 1, si + 1, A, b"before "),
        c2s(ci + 20, si + 1, A, b"after"),
        s2c(si + 1, ci + 25, A, b"ack past the hole"),
        c2s(ci + 25, si + 18, A, b"end")])
    # sequence numbers wrap through zero, in both directions
    cw, sw = 0xfffffff8, 0xfffffffd
    write(d, "wrap", [
        c2s(cw, 0, SYN), s2c(sw, cw + 1, SYNACK),
        c2s(cw + 1, sw + 1, A, b"0123456789"),
        s2c(sw + 1, cw + 11, A, b"abcdefgh"),
        c2s(cw + 11, sw + 9, A, b"more"),
        s2c(sw + 9, cw + 15, A, b"ijkl")])
    # keep-alives (one old byte) and zero-window probes (one byte sent
    # again in full later)
    write(d, "keepalive_probe", hs + [
        c2s(ci + 1, si + 1, A, b"hello"),
        c2s(ci + 5, si + 1, ACK, b"o"),
        c2s(ci + 6, si + 1, A, b"W"),
        c2s(ci + 6, si + 1, A, b"World"),
        s2c(si + 1, ci + 11, A, b"bye")])
    # the same ports again with a new initial sequence number: two
    # streams, tshark's 0 and 1
    write(d, "port_reuse", hs + [
        c2s(ci + 1, si + 1, A, b"first"), c2s(ci + 6, si + 1, FINACK),
        s2c(si + 1, ci + 7, FINACK),
        c2s(90000, 0, SYN), s2c(70000, 90001, SYNACK),
        c2s(90001, 70001, A, b"second"), s2c(70001, 90007, A, b"reply")])
    # the snap length cut the segments: their bytes are not all there
    write(d, "snaplen", hs + [
        c2s(ci + 1, si + 1, A, b"x" * 100),
        s2c(si + 1, ci + 101, A, b"y" * 30),
        c2s(ci + 101, si + 31, A, b"z" * 100)], snap=80)
    # UDP datagrams both ways, and an empty one
    write(d, "udp", [
        ether(ipv4(17, udp(5000, 53, b"query one"), C, S)),
        ether(ipv4(17, udp(53, 5000, b"answer one"), S, C)),
        ether(ipv4(17, udp(5000, 53, b""), C, S)),
        ether(ipv4(17, udp(5000, 53, b"query two"), C, S))])
    # IPv6, Node lines in brackets
    a6 = bytes.fromhex("20010db8000000000000000000000001")
    b6 = bytes.fromhex("20010db8000000000000000000000002")
    write(d, "ipv6", [
        ipv6_tcp(a6, b6, 5555, 443, 10, 0, SYN),
        ipv6_tcp(b6, a6, 443, 5555, 20, 11, SYNACK),
        ipv6_tcp(a6, b6, 5555, 443, 11, 21, A, b"v6 hello"),
        ipv6_tcp(b6, a6, 443, 5555, 21, 19, A, b"v6 world")])
    # hostile bytes: escape sequences, a bidi override, NULs, bad UTF-8
    evil = (b"\x1b]0;pwned\x07\x1b[2J\x1b[31mred\r\n"
            b"\xe2\x80\xaeevil\xe2\x80\xac \x00\x00 \xff\xfe\xc3 \x9b1m\n")
    write(d, "hostile", hs + [
        c2s(ci + 1, si + 1, A, evil),
        s2c(si + 1, ci + 1 + len(evil), A, evil)])
    # a long upload: 3000 segments of 1000 bytes, more than a 1 MiB
    # packet store holds, so the store lets its start go
    big = hs[:]
    for i in range(3000):
        big.append(c2s(ci + 1 + 1000 * i, si + 1, A,
                       (b"%07d" % i) + b"." * 993))
    big.append(s2c(si + 1, ci + 1 + 3000000, A, b"got it"))
    write(d, "long", big)
    _ = csum  # pktcraft's checksum: headers carry theirs


if __name__ == "__main__":
    main(sys.argv[1])
