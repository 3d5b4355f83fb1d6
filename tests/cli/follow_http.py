"""follow_http: the captures follow_http.sh hands to pktop --follow http,N
and tshark -z follow,http. One TCP conversation to port 80 per capture.
  follow_http.py DIR   writes DIR/CASE.pcap for every case
"""
import gzip
import os
import sys
import zlib

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "lib"))
from pktcraft import ether, ipv4, pcap_write, tcp  # noqa: E402

C = [10, 0, 0, 1]
S = [10, 0, 0, 2]
A = 0x18   # PSH ACK
SEG = 700  # bytes per segment: messages span several


def chunked(body, size):
    out = b""
    for i in range(0, len(body), size):
        p = body[i:i + size]
        out += b"%x\r\n" % len(p) + p + b"\r\n"
    return out + b"0\r\n\r\n"


def resp(hdrs, body, status=b"200 OK"):
    return b"HTTP/1.1 " + status + b"\r\n" + hdrs + b"\r\n" + body


def conversation(path, msgs, close=False):
    """msgs: (request bytes, response bytes) in turn; each sent in SEG
    byte segments."""
    ci, si = 1000, 5000
    fr = [ether(ipv4(6, tcp(40000, 80, ci, 0, 0x02), C, S)),
          ether(ipv4(6, tcp(80, 40000, si, ci + 1, 0x12), S, C)),
          ether(ipv4(6, tcp(40000, 80, ci + 1, si + 1, 0x10), C, S))]
    ci += 1
    si += 1
    for q, a in msgs:
        for i in range(0, len(q), SEG):
            p = q[i:i + SEG]
            fr.append(ether(ipv4(6, tcp(40000, 80, ci, si, A, p), C, S)))
            ci += len(p)
        for i in range(0, len(a), SEG):
            p = a[i:i + SEG]
            fr.append(ether(ipv4(6, tcp(80, 40000, si, ci, A, p), S, C)))
            si += len(p)
    if close:
        fr.append(ether(ipv4(6, tcp(80, 40000, si, ci, 0x11), S, C)))
        fr.append(ether(ipv4(6, tcp(40000, 80, ci, si + 1, 0x11), C, S)))
    pcap_write(path, [(1000 + i, 0, f, len(f)) for i, f in enumerate(fr)])


def get(path, extra=b""):
    return b"GET " + path + b" HTTP/1.1\r\nHost: example\r\n" + extra + b"\r\n"


def main(d):
    text = b"".join(b"line %d of a compressible body\n" % i
                    for i in range(400))
    gz = gzip.compress(text)
    zl = zlib.compress(text)
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    bare = co.compress(text) + co.flush()
    head_resp = resp(b"Content-Length: 1234\r\n", b"")
    # what tshark decodes too: compared byte for byte
    conversation(os.path.join(d, "good.pcap"), [
        (get(b"/chunked-gzip"),
         resp(b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
              chunked(gz, 333))),
        (get(b"/chunked"),
         resp(b"Transfer-Encoding: chunked\r\n",
              chunked(text, 1000))),
        (get(b"/length"),
         resp(b"Content-Length: %d\r\n" % len(text), text)),
        (get(b"/gzip"),
         resp(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(gz),
              gz)),
        (get(b"/deflate"),
         resp(b"Content-Encoding: deflate\r\nContent-Length: %d\r\n"
              % len(zl), zl)),
        (get(b"/bare-deflate"),
         resp(b"Content-Encoding: deflate\r\nContent-Length: %d\r\n"
              % len(bare), bare)),
        (b"POST /post HTTP/1.1\r\nHost: example\r\nContent-Length: 11\r\n"
         b"\r\nhello=world", resp(b"Content-Length: 0\r\n", b"")),
        (b"HEAD /head HTTP/1.1\r\nHost: example\r\n\r\n", head_resp),
        (get(b"/none"), resp(b"", b"", b"204 No Content")),
        (get(b"/after"),
         resp(b"Content-Length: 5\r\n", b"last\n")),
    ])
    # until the server closes: no length, no chunks
    conversation(os.path.join(d, "close.pcap"), [
        (get(b"/close"), resp(b"Content-Encoding: gzip\r\n", gz)),
    ], close=True)
    # hostile or broken: pktop says what it could not decode
    bad = b"\x1f\x8b\x08\x00" + b"not really gzip data at all" * 3
    conversation(os.path.join(d, "bad_gzip.pcap"), [
        (get(b"/bad"),
         resp(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(bad),
              bad)),
        (get(b"/ok"), resp(b"Content-Length: 3\r\n", b"ok\n")),
    ])
    conversation(os.path.join(d, "huge_chunk.pcap"), [
        (get(b"/huge"),
         resp(b"Transfer-Encoding: chunked\r\n",
              b"fffffffffffffffffffffff\r\nAAAA\r\n0\r\n\r\n")),
    ])
    conversation(os.path.join(d, "big_chunk.pcap"), [
        (get(b"/big"),
         resp(b"Transfer-Encoding: chunked\r\n",
              b"7fffffffffff\r\nonly these bytes arrive\n")),
    ])
    conversation(os.path.join(d, "bad_chunk.pcap"), [
        (get(b"/badchunk"),
         resp(b"Transfer-Encoding: chunked\r\n",
              b"5\r\nhello\r\nzz\r\ntail bytes\n")),
    ])
    # a decompression bomb: 64 MiB of zeros in about 64 KiB
    bomb = gzip.compress(bytes(64 << 20), 9)
    conversation(os.path.join(d, "bomb.pcap"), [
        (get(b"/bomb"),
         resp(b"Content-Encoding: gzip\r\nContent-Length: %d\r\n" % len(bomb),
              bomb)),
    ])
    conversation(os.path.join(d, "brotli.pcap"), [
        (get(b"/br"),
         resp(b"Content-Encoding: br\r\nContent-Length: 6\r\n", b"\x0b\x02\x80abc")),
    ])
    conversation(os.path.join(d, "not_http.pcap"), [
        (b"\x00\x01binary hello\x1b[31m\n", b"\x16\x03\x01 reply\n"),
    ])


if __name__ == "__main__":
    main(sys.argv[1])
