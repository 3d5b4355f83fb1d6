#!/usr/bin/env python3
"""follow_quic_crafted: a QUIC v1 conversation whose secrets are known,
for follow_quic_vs_tshark.sh: Initials (a ClientHello and a ServerHello
choosing TLS_AES_128_GCM_SHA256), a server Handshake packet, then 1-RTT
packets with STREAM frames out of order, overlapping with other bytes
(the first copy wins), and a hole never filled.
  follow_quic_crafted.py OUT.pcap OUT.keys
  follow_quic_crafted.py --seeds DIR
The second form writes seeds for tests/fuzz/fuzz_follow_http (records:
a direction byte, a 16-bit length, a datagram) keyed with the secrets
that harness's key log holds (the all-zero random), in several orders:
so the fuzzer reaches the reassembly behind the AEAD tag.
Needs python3-cryptography (exit 77 without it).
"""
import hashlib
import hmac
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'lib'))
import pktcraft  # noqa: E402

try:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM
except ImportError:
    sys.exit(77)

SALT = bytes.fromhex('38762cf7f55934b34d179ae6a4c80cadccbb7f0a')
CRANDOM = bytes(range(0x20, 0x40))
SECRETS = {
    'CLIENT_HANDSHAKE_TRAFFIC_SECRET': bytes([0x11] * 32),
    'SERVER_HANDSHAKE_TRAFFIC_SECRET': bytes([0x22] * 32),
    'CLIENT_TRAFFIC_SECRET_0': bytes([0x33] * 32),
    'SERVER_TRAFFIC_SECRET_0': bytes([0x44] * 32),
}
DCID = bytes.fromhex('8394c8f03e515708')
CCID = bytes.fromhex('c0c1c2c3')          # the client's SCID
SCID = bytes.fromhex('5a5b5c5d5e5f6061')  # the server's


def expand_label(secret, label, n):
    full = b'tls13 ' + label
    info = struct.pack('!HB', n, len(full)) + full + b'\0'
    out, t, i = b'', b'', 1
    while len(out) < n:
        t = hmac.new(secret, t + info + bytes([i]), hashlib.sha256).digest()
        out += t
        i += 1
    return out[:n]


def keys(secret):
    return (expand_label(secret, b'quic key', 16),
            expand_label(secret, b'quic iv', 12),
            expand_label(secret, b'quic hp', 16))


def initial_secret(server):
    prk = hmac.new(SALT, DCID, hashlib.sha256).digest()
    return expand_label(prk, b'server in' if server else b'client in', 32)


def varint(v):
    if v < 64:
        return bytes([v])
    if v < 16384:
        return struct.pack('!H', 0x4000 | v)
    return struct.pack('!I', 0x80000000 | v)


def protect(k, header, pn, pn_len, payload, short):
    key, iv, hp = k
    nonce = (int.from_bytes(iv, 'big') ^ pn).to_bytes(12, 'big')
    ct = AESGCM(key).encrypt(nonce, payload, header)
    pn_off = len(header) - pn_len
    sample = ct[4 - pn_len:4 - pn_len + 16]
    enc = Cipher(algorithms.AES(hp), modes.ECB()).encryptor()
    mask = enc.update(sample) + enc.finalize()
    h = bytearray(header)
    h[0] ^= mask[0] & (0x1f if short else 0x0f)
    for i in range(pn_len):
        h[pn_off + i] ^= mask[1 + i]
    return bytes(h) + ct


def long_packet(k, ptype, dcid, scid, pn, payload, token=True):
    pn_len = 2
    length = pn_len + len(payload) + 16
    h = bytes([0xc0 | ptype << 4 | (pn_len - 1)]) + struct.pack('!I', 1)
    h += bytes([len(dcid)]) + dcid + bytes([len(scid)]) + scid
    if ptype == 0:
        h += varint(0)
    h += varint(length) + struct.pack('!H', pn)
    return protect(k, h, pn, pn_len, payload, False)


def short_packet(k, dcid, pn, payload):
    h = bytes([0x40 | 1]) + dcid + struct.pack('!H', pn)
    return protect(k, h, pn, 2, payload, True)


def crypto(off, data):
    return b'\x06' + varint(off) + varint(len(data)) + data


def stream(sid, off, data, fin=False):
    return (bytes([0x08 | 0x04 | 0x02 | (1 if fin else 0)]) + varint(sid) +
            varint(off) + varint(len(data)) + data)


def hs(t, body):
    return bytes([t]) + len(body).to_bytes(3, 'big') + body


def datagrams():
    """The conversation: (direction, UDP payload) in capture order."""
    ext_sv = struct.pack('!HHB', 0x2b, 3, 2) + b'\x03\x04'
    ch = hs(1, b'\x03\x03' + CRANDOM + b'\0' + b'\x00\x02\x13\x01' +
            b'\x01\x00' + struct.pack('!H', len(ext_sv)) + ext_sv)
    ext_ss = struct.pack('!HH', 0x2b, 2) + b'\x03\x04'
    sh = hs(2, b'\x03\x03' + bytes([0x77] * 32) + b'\0' + b'\x13\x01' +
            b'\x00' + struct.pack('!H', len(ext_ss)) + ext_ss)
    ee = hs(8, b'\x00\x00')
    ci, si = keys(initial_secret(False)), keys(initial_secret(True))
    chs = keys(SECRETS['SERVER_HANDSHAKE_TRAFFIC_SECRET'])
    c1 = keys(SECRETS['CLIENT_TRAFFIC_SECRET_0'])
    s1 = keys(SECRETS['SERVER_TRAFFIC_SECRET_0'])
    p = crypto(0, ch)
    p += b'\0' * (1162 - len(p))
    client = []
    server = []
    client.append(long_packet(ci, 0, DCID, CCID, 0, p))
    server.append(long_packet(si, 0, CCID, SCID, 0, crypto(0, sh) +
                              b'\0' * 20) +
                  long_packet(chs, 2, CCID, SCID, 0, crypto(0, ee) +
                              b'\0' * 20))
    # stream 0: the middle first, then the start, then an overlap
    # with other bytes (the first copy wins), then the end
    client.append(short_packet(c1, SCID, 1, stream(0, 10, b'KLMNO')))
    client.append(short_packet(c1, SCID, 2, stream(0, 0, b'ABCDEFGHIJ')))
    client.append(short_packet(c1, SCID, 3, stream(0, 5, b'xxxxxxxxxxxxQR')))
    # stream 4: a hole of 15 bytes never filled
    client.append(short_packet(c1, SCID, 4, stream(4, 0, b'hello') +
                               stream(4, 20, b'tail', True)))
    server.append(short_packet(s1, CCID, 1, stream(0, 0, b'response ') +
                               stream(0, 9, b'one', True)))
    order = [('c', 0), ('s', 0), ('c', 1), ('c', 2), ('c', 3), ('c', 4),
             ('s', 1)]
    return [(0, client[i]) if who == 'c' else (1, server[i])
            for who, i in order]


def seeds(path):
    """fuzz_follow_http seeds under the harness's own secrets."""
    global CRANDOM  # pylint: disable=global-statement
    CRANDOM = bytes(32)
    for i, label in enumerate(['CLIENT_HANDSHAKE_TRAFFIC_SECRET',
                               'SERVER_HANDSHAKE_TRAFFIC_SECRET',
                               'CLIENT_TRAFFIC_SECRET_0',
                               'SERVER_TRAFFIC_SECRET_0']):
        SECRETS[label] = bytes([i + 1] * 32)
    d = datagrams()
    orders = {'quic-keyed': d,
              'quic-keyed-reversed': d[:2] + d[2:][::-1],
              'quic-keyed-twice': d + d[2:]}
    for name, recs in orders.items():
        with open(os.path.join(path, name), 'wb') as f:
            for direction, b in recs:
                f.write(struct.pack('!BH', direction, len(b)) + b)


def main():
    if sys.argv[1] == '--seeds':
        seeds(sys.argv[2])
        return
    pcap, keyfile = sys.argv[1], sys.argv[2]
    cli, srv = [10, 0, 0, 1], [10, 0, 0, 2]
    recs = []
    t = 0
    for direction, b in datagrams():
        if direction == 0:
            f = pktcraft.ether(pktcraft.ipv4(17, pktcraft.udp(
                50000, 443, b), cli, srv))
        else:
            f = pktcraft.ether(pktcraft.ipv4(17, pktcraft.udp(
                443, 50000, b), srv, cli))
        recs.append((1700000000, t, f, len(f)))
        t += 1000
    pktcraft.pcap_write(pcap, recs)
    with open(keyfile, 'w') as k:
        for label, sec in SECRETS.items():
            k.write(f'{label} {CRANDOM.hex()} {sec.hex()}\n')


if __name__ == '__main__':
    main()
