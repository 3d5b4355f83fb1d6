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


def main():
    os.chdir(os.path.dirname(os.path.abspath(sys.argv[0])))
    qinq("dns-udp.pcap", "qinq-dns-udp.pcap")
    unknown_link("dns-udp.pcap", "unknown-linktype.pcap")
    snapped("mixed.pcap", "mixed-snap96.pcap", 96)
    broken("dns-udp.pcap")


if __name__ == "__main__":
    main()
