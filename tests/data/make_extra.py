#!/usr/bin/env python3
"""Makes the few test captures that no public test suite had: stacked
802.1ad/802.1Q VLANs, an unknown link type, a snaplen-truncated copy, and
hand-broken files for tests/data/malformed/. Run once from tests/data/;
the results are committed, so nothing runs this at test time. Truth files
for the new captures come from ../shared/checks/truth.py (see README.md).
"""
import os
import struct
import sys


def read_pcap(path):
    """Header fields and records of a little- or big-endian microsecond pcap."""
    data = open(path, "rb").read()
    magic = data[:4]
    end = "<" if magic == b"\xd4\xc3\xb2\xa1" else ">"
    _, vmaj, vmin, zone, sigfigs, snap, link = struct.unpack(end + "IHHiIII", data[:24])
    recs, off = [], 24
    while off + 16 <= len(data):
        sec, usec, incl, orig = struct.unpack(end + "IIII", data[off:off + 16])
        recs.append((sec, usec, orig, data[off + 16:off + 16 + incl]))
        off += 16 + incl
    return snap, link, recs


def write_pcap(path, link, recs, snap=262144):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snap, link))
        for sec, usec, orig, body in recs:
            f.write(struct.pack("<IIII", sec, usec, len(body), orig))
            f.write(body)


def qinq(src, dst):
    """Every Ethernet frame gets an 802.1ad outer tag (VID 100) and an
    802.1Q inner tag (VID 200) in front of its EtherType."""
    snap, link, recs = read_pcap(src)
    assert link == 1
    out = []
    for sec, usec, orig, body in recs:
        tags = struct.pack(">HHHH", 0x88a8, 100, 0x8100, 200)
        out.append((sec, usec, orig + 8, body[:12] + tags + body[12:]))
    write_pcap(dst, 1, out)


def unknown_link(src, dst):
    """The same frames under LINKTYPE_USER0 (147): nobody decodes them."""
    _, _, recs = read_pcap(src)
    write_pcap(dst, 147, recs)


def snapped(src, dst, snap):
    """Frames cut to SNAP bytes as `tcpdump -s SNAP` would keep them."""
    _, link, recs = read_pcap(src)
    write_pcap(dst, link, [(s, u, o, b[:snap]) for s, u, o, b in recs], snap)


def broken(src):
    """Files that end or lie in the middle of the pcap framing."""
    data = open(src, "rb").read()
    os.makedirs("malformed", exist_ok=True)
    files = {
        "zero-length.pcap": b"",
        "header-only-short.pcap": data[:20],
        "not-a-capture.pcap": b"GET / HTTP/1.1\r\nHost: example\r\n\r\n" * 4,
        # the last record's body is cut short
        "truncated-record.pcap": data[:len(data) - 7],
        # the record header is cut in the middle
        "truncated-record-header.pcap": data[:24 + 8],
    }
    # caplen larger than snaplen and than the file
    hdr = bytearray(data[:24 + 16 + 60])
    struct.pack_into("<II", hdr, 24 + 8, 0x7fffffff, 0x7fffffff)
    files["huge-caplen.pcap"] = bytes(hdr)
    # caplen > wire length, wire length zero
    hdr = bytearray(data[:24 + 16 + 60])
    struct.pack_into("<II", hdr, 24 + 8, 60, 0)
    files["caplen-over-wirelen.pcap"] = bytes(hdr)
    # a pcapng section header block whose length runs past the end
    files["pcapng-bad-block-length.pcapng"] = (
        struct.pack("<II", 0x0a0d0d0a, 0x7ffffff0) + struct.pack("<IHHq", 0x1a2b3c4d, 1, 0, -1))
    for name, body in files.items():
        with open(os.path.join("malformed", name), "wb") as f:
            f.write(body)


def arp_sizes(dst):
    """ARP whose hardware addresses are not 6 bytes (EUI-64, InfiniBand,
    none): tshark shows them as byte strings and goes on to the IPv4
    addresses after them."""
    from pktcraft import ether, pcap_write

    def arp(op, htype, sha, spa, tha, tpa):
        return (struct.pack("!HHBBH", htype, 0x0800, len(sha), 4, op)
                + sha + bytes(spa) + tha + bytes(tpa))
    eui = bytes([2, 0, 0, 0, 0, 0, 0, 1])
    frames = [
        arp(1, 27, eui, [10, 0, 0, 1], bytes(8), [10, 0, 0, 2]),
        arp(2, 27, eui[:7] + b"\x02", [10, 0, 0, 2], eui, [10, 0, 0, 1]),
        arp(1, 32, bytes(range(20)), [10, 0, 0, 3], bytes(20), [10, 0, 0, 4]),
        arp(1, 1, b"", [10, 0, 0, 5], b"", [10, 0, 0, 6]),
    ]
    recs = [(1, i, ether(f, 0x0806), 0) for i, f in enumerate(frames)]
    pcap_write(dst, [(s, u, b, len(b)) for s, u, b, _ in recs])


def dns_from_mdns_port(dst):
    """A DNS query sent from port 5353 (or 5355) to a DNS server on 53 and
    its answer: the lower port names it, DNS; 5353 to 5355 is mDNS."""
    from pktcraft import ether, ipv4, pcap_write, udp

    q = (struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0)
         + b"\x07example\x03com\x00" + struct.pack("!HH", 1, 1))
    r = (struct.pack("!HHHHHH", 0x1234, 0x8180, 1, 1, 0, 0)
         + b"\x07example\x03com\x00" + struct.pack("!HH", 1, 1)
         + b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4)
         + bytes([93, 184, 216, 34]))
    a, b = [10, 0, 0, 1], [10, 0, 0, 2]
    frames = [ipv4(17, udp(5353, 53, q), a, b), ipv4(17, udp(53, 5353, r), b, a),
              ipv4(17, udp(5355, 53, q), a, b), ipv4(17, udp(5353, 5355, q), a, b)]
    recs = [(1 + i, 0, ether(f)) for i, f in enumerate(frames)]
    pcap_write(dst, [(s, u, f, len(f)) for s, u, f in recs])


def main():
    os.chdir(os.path.dirname(os.path.abspath(sys.argv[0])))
    sys.path.insert(0, os.path.join("..", "lib"))
    arp_sizes("arp-hwsize.pcap")
    dns_from_mdns_port("dns-from-5353.pcap")
    qinq("dns-udp.pcap", "qinq-dns-udp.pcap")
    unknown_link("dns-udp.pcap", "unknown-linktype.pcap")
    snapped("mixed.pcap", "mixed-snap96.pcap", 96)
    broken("dns-udp.pcap")


if __name__ == "__main__":
    main()
