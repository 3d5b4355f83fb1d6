"""pktcraft: hand-made frames and pcap files for the shell tests (hostile
names, cut records, odd link types), so each test says only what is
special about its packets. Import it with the tests directory on sys.path.
"""
import struct


def csum(b):
    """The Internet checksum (RFC 1071) of B."""
    b += b"\0" * (len(b) % 2)
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def ipv4(proto, payload, src, dst, flags=0):
    """An IPv4 header (with its checksum) before PAYLOAD; SRC and DST are
    lists of four numbers; FLAGS the 16 bits of flags and fragment offset."""
    h = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, flags,
                    64, proto, 0, bytes(src), bytes(dst))
    return h[:10] + struct.pack("!H", csum(h)) + h[12:] + payload


def ether(l3, ethertype=0x0800):
    """An Ethernet II frame between two fixed local addresses."""
    return (b"\x02\0\0\0\0\x02\x02\0\0\0\0\x01" + struct.pack("!H", ethertype)
            + l3)


def tcp(sport, dport, seq, ack, flags, payload=b""):
    """A 20-byte TCP header (checksum left 0) before PAYLOAD."""
    return struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags,
                       65535, 0, 0) + payload


def udp(sport, dport, payload):
    """A UDP header (checksum left 0) before PAYLOAD."""
    return struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload


def pcap_write(path, recs, snaplen=65535, linktype=1):
    """A little-endian pcap file at PATH. RECS: (sec, usec, bytes, wire
    length[, captured length to claim in the record header])."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snaplen,
                            linktype))
        for ts, us, b, orig, *incl in recs:
            f.write(struct.pack("<IIII", ts, us, incl[0] if incl else len(b),
                                orig) + b)
