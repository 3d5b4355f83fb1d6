#!/usr/bin/env python3
"""make_seeds: the fuzzing harnesses' first corpus, from the project's own
captures (tests/data). Run from anywhere; writes tests/fuzz/corpus/HARNESS/
files named by their SHA-1, so running it again adds nothing twice.

  fuzz_summary  one byte naming the link type (fuzz_link.h's table), then
                one captured frame
  fuzz_tree     the same with a second byte for the application (0: none)
  fuzz_pcap     whole small capture files, pcap and pcapng
  fuzz_textesc  strings with escapes, UTF-8, bidi overrides
  fuzz_lineedit key sequences (0xff: the next byte names a special key)
  fuzz_keylog   an NSS key log, and small pcapng files carrying one in a
                Decryption Secrets Block, in both byte orders
  fuzz_ipfix    IPFIX messages as a TCP stream: templates (v4, v6, biflow,
                variable-length names, options, withdrawal) and their data
  fuzz_sockdiag socket-diagnostics netlink answers as the kernel writes
                them (inet_diag_msg, INET_DIAG_INFO, INET_DIAG_CGROUP_ID,
                NLMSG_DONE, NLMSG_ERROR), after a flags byte and the
                request's sequence number
"""
import hashlib
import os
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "..", "data")
OUT = os.path.join(HERE, "corpus")
# fuzz_link.h's fuzz_links[], by position
LINKS = [0, 1, 9, 12, 14, 50, 51, 104, 105, 127, 101, 108, 113, 228, 229, 276, 147]
FRAMES_PER_FILE = 6
PCAP_MAX = 16 * 1024


def put(harness, blob):
    d = os.path.join(OUT, harness)
    os.makedirs(d, exist_ok=True)
    name = hashlib.sha1(blob).hexdigest()
    path = os.path.join(d, name)
    if not os.path.exists(path):
        with open(path, "wb") as f:
            f.write(blob)


def pcap_frames(blob):
    """(linktype, [frames]) of a classic pcap file, or None."""
    if len(blob) < 24:
        return None
    magic = blob[:4]
    if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        e = "<"
    elif magic in (b"\xa1\xb2\xc3\xd4", b"\xa1\xb2\x3c\x4d"):
        e = ">"
    else:
        return None
    link = struct.unpack(e + "I", blob[20:24])[0] & 0x0FFFFFFF
    frames, off = [], 24
    while off + 16 <= len(blob):
        incl = struct.unpack(e + "I", blob[off + 8:off + 12])[0]
        if incl > len(blob) - off - 16:
            break
        frames.append(blob[off + 16:off + 16 + incl])
        off += 16 + incl
    return link, frames


def pcapng_block(e, btype, body):
    """One pcapng block in byte order E ("<" or ">"), BODY padded to 4."""
    body += b"\0" * (-len(body) % 4)
    total = 12 + len(body)
    return struct.pack(e + "II", btype, total) + body + struct.pack(e + "I", total)


def keylog_seeds():
    rnd = bytes(range(32)).hex()
    text = ("# SSL/TLS secrets log file\r\n"
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET " + rnd + " " + "ab" * 32 + "\r\n"
            "SERVER_TRAFFIC_SECRET_0 " + rnd.upper() + " " + "cd" * 48 + "\n"
            "CLIENT_RANDOM " + rnd + " " + "ef" * 48 + "\n").encode()
    put("fuzz_keylog", text)
    for e, tls in (("<", text), (">", text.splitlines(True)[1])):
        shb = pcapng_block(e, 0x0A0D0D0A, struct.pack(e + "IHHq", 0x1A2B3C4D, 1, 0, -1))
        idb = pcapng_block(e, 1, struct.pack(e + "HHI", 1, 0, 65535))
        dsb = pcapng_block(e, 0x0A, struct.pack(e + "II", 0x544C534B, len(tls)) + tls)
        wg = pcapng_block(e, 0x0A, struct.pack(e + "II", 0x57474B4C, 4) + b"WGWG")
        put("fuzz_keylog", shb + idb + dsb + wg)


def ipfix_msg(sets, domain=7, seq=0):
    body = b"".join(struct.pack(">HH", sid, 4 + len(b)) + b for sid, b in sets)
    return struct.pack(">HHIII", 10, 16 + len(body), 1700000000, seq, domain) + body


def ipfix_tmpl(tid, fields):
    """fields: (id, length, pen or 0)"""
    b = struct.pack(">HH", tid, len(fields))
    for fid, flen, pen in fields:
        b += struct.pack(">HH", fid | (0x8000 if pen else 0), flen)
        if pen:
            b += struct.pack(">I", pen)
    return b


def ipfix_var(v):
    return (bytes([len(v)]) if len(v) < 255 else b"\xff" + struct.pack(">H", len(v))) + v


def ipfix_seeds():
    v4 = [(8, 4, 0), (12, 4, 0), (7, 2, 0), (11, 2, 0), (4, 1, 0), (1, 8, 0), (2, 8, 0),
          (1, 8, 29305), (2, 8, 29305), (152, 8, 0), (153, 8, 0), (96, 65535, 0),
          (188, 65535, 35632)]
    rec4 = (bytes([10, 0, 0, 1, 10, 0, 0, 2]) + struct.pack(">HHB", 40000, 443, 6) +
            struct.pack(">QQQQQQ", 1500, 10, 9000, 12, 1700000000000, 1700000001000) +
            ipfix_var(b"TLS") + ipfix_var(b"example.com"))
    v6 = [(27, 16, 0), (28, 16, 0), (7, 2, 0), (11, 2, 0), (4, 1, 0), (85, 4, 0), (86, 4, 0),
          (150, 4, 0), (151, 4, 0), (460, 65535, 0), (205, 65535, 35632)]
    rec6 = (bytes(15) + b"\x01" + bytes(15) + b"\x02" + struct.pack(">HHB", 5353, 53, 17) +
            struct.pack(">IIII", 300, 2, 1700000000, 1700000002) + ipfix_var(b"h" * 300) +
            ipfix_var(b"q.example"))
    opts = struct.pack(">HHH", 300, 2, 1) + struct.pack(">HHHH", 149, 4, 41, 8)
    stream = (ipfix_msg([(2, ipfix_tmpl(256, v4) + ipfix_tmpl(257, v6))]) +
              ipfix_msg([(256, rec4 * 3), (257, rec6)], seq=0) +
              ipfix_msg([(3, opts), (300, struct.pack(">IQ", 7, 99))]) +
              ipfix_msg([(2, struct.pack(">HH", 256, 0))]) +
              ipfix_msg([(256, rec4)], seq=3))
    put("fuzz_ipfix", stream)
    put("fuzz_ipfix", ipfix_msg([(2, ipfix_tmpl(256, v4)), (256, rec4 + b"\x00\x00")]))
    put("fuzz_ipfix", ipfix_msg([(2, ipfix_tmpl(257, v6)), (257, rec6)], domain=1))
    put("fuzz_ipfix", ipfix_msg([(2, ipfix_tmpl(258, [(8, 4, 0)] * 100))]))
def nlmsg(mtype, seq, body, flags=2):
    """one netlink message, padded to 4 bytes (host order: little-endian)"""
    m = struct.pack("<IHHII", 16 + len(body), mtype, flags, seq, 0) + body
    return m + b"\x00" * (-len(m) % 4)


def nlattr(atype, payload):
    a = struct.pack("<HH", 4 + len(payload), atype) + payload
    return a + b"\x00" * (-len(a) % 4)


def diag_msg(family, state, src, sport, dst, dport, uid, inode):
    """struct inet_diag_msg (72 bytes); addresses as 16 raw bytes"""
    sockid = struct.pack(">HH", sport, dport) + src + dst
    sockid += struct.pack("<III", 2, 0xffffffff, 0xffffffff)
    return (struct.pack("<BBBB", family, state, 0, 0) + sockid +
            struct.pack("<IIIII", 0, 0, 0, uid, inode))


def sockdiag_seeds():
    seq = 7
    head = lambda flags: bytes([flags]) + struct.pack("<I", seq)
    v4 = lambda *b: bytes(b) + bytes(12)
    lo4, peer4 = v4(127, 0, 0, 1), v4(10, 213, 7, 2)
    mapped = bytes(10) + b"\xff\xff" + bytes([10, 0, 0, 9])
    v6 = bytes([0x20, 0x01, 0x0d, 0xb8]) + bytes(11) + b"\x01"
    # tcp_info: 232 bytes here, shorter and longer ones from older and
    # newer kernels
    info = bytes(range(232))
    est = diag_msg(2, 1, lo4, 40000, peer4, 8088, 1000, 123456)
    listen = diag_msg(10, 10, bytes(16), 8088, bytes(16), 0, 65534, 99)
    dual = diag_msg(10, 1, mapped, 443, v6, 51000, 0, 777)
    tw = diag_msg(2, 6, lo4, 40001, peer4, 8088, 0, 0)
    done = nlmsg(3, seq, struct.pack("<i", 0))
    cg = nlattr(21, struct.pack("<Q", 0x1234))
    dump = (nlmsg(20, seq, est + nlattr(2, info) + cg) +
            nlmsg(20, seq, listen + nlattr(2, info[:104])) +
            nlmsg(20, seq, dual + nlattr(2, info + bytes(40))) +
            nlmsg(20, seq, tw) + done)
    put("fuzz_sockdiag", head(0) + dump)
    put("fuzz_sockdiag", head(4) + dump)
    put("fuzz_sockdiag", head(2) + nlmsg(20, seq, est + nlattr(2, info)))
    udp = (nlmsg(20, seq, diag_msg(2, 7, lo4, 5353, bytes(16), 0, 0, 4242)) +
           nlmsg(20, seq, diag_msg(10, 1, v6, 9999, v6, 53, 100, 4243) + cg) +
           done)
    put("fuzz_sockdiag", head(1) + udp)
    # other requests' answers are skipped; errors end the answer
    put("fuzz_sockdiag", head(0) + nlmsg(20, seq + 1, est) + done)
    put("fuzz_sockdiag", head(2) + nlmsg(2, seq, struct.pack("<i", -2) +
                                          bytes(16)))
    put("fuzz_sockdiag", head(0) + nlmsg(2, seq, struct.pack("<i", -1) +
                                          bytes(16)))
    # a dump cut in the middle (the next datagram holds the rest)
    put("fuzz_sockdiag", head(0) + dump[:len(dump) // 2])


def main():
    ipfix_seeds()
    for name in sorted(os.listdir(DATA)):
        path = os.path.join(DATA, name)
        if not name.endswith((".pcap", ".pcapng")) or not os.path.isfile(path):
            continue
        blob = open(path, "rb").read()
        if len(blob) <= PCAP_MAX:
            put("fuzz_pcap", blob)
        parsed = pcap_frames(blob)
        if not parsed:
            continue
        link, frames = parsed
        if link not in LINKS:
            continue
        idx = bytes([LINKS.index(link)])
        # the first frames (handshakes) and a spread over the rest
        step = max(1, len(frames) // FRAMES_PER_FILE)
        for fr in frames[:3] + frames[3::step][:FRAMES_PER_FILE]:
            put("fuzz_summary", idx + fr)
            put("fuzz_tree", idx + b"\x00" + fr)
    for s in [b"\x40plain text", b"\x08\x1b[2J\x1b]0;title\x07", b"\xff\xc2\x9b31m",
              "\u202eevil\u2066".encode() + b"\x20", b"\x10caf\xc3\xa9 \xe4\xb8\xad",
              b"\x05\xf0\x9f\x98\x80\xed\xa0\x80\xc0\xaf", b"\x00" + bytes(range(256))]:
        put("fuzz_textesc", s)
    for s in [b"\x00tcp port 443\n", b"\x01\xff\x04\xff\x02 and udp\r",
              b"\x00abc\xff\x00\xff\x00\xff\x06x\xff\x0c\xff\x14\xff\x13\n\xff\x02\xff\x02",
              b"\x00" + b"A" * 600 + b"\n"]:
        put("fuzz_lineedit", s)
    keylog_seeds()
    sockdiag_seeds()
    return 0


if __name__ == "__main__":
    sys.exit(main())
