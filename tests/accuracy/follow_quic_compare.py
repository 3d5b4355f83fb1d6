#!/usr/bin/env python3
"""follow_quic_compare: pktop --follow quic,N,S against tshark.

For one capture (and an optional key log), tshark's JSON gives every
decrypted STREAM frame (udp.stream, sender, stream id, offset, data);
per stream and direction those are put together by offset, the first
copy winning, as pktop does. `pktop --follow quic,N,S --format raw`
must print exactly those bytes per direction (a hole as tshark's gap
text), and the pieces of `tshark -q -z follow,quic,raw,C,S` (which
prints each frame as it comes, retransmissions included) must be those
same frames in that order.
  follow_quic_compare.py PKTOP CAPTURE [KEYLOG]
Exit 1 on a difference, 2 when tshark opened no STREAM frame (a test
that cannot fail is a defect: the caller says which captures must have
some).
"""
import json
import subprocess
import sys


def pairs(p):
    return p  # keep duplicate keys ("quic.frame" repeats)


def get(o, k):
    for kk, v in o:
        if kk == k:
            return v
    return None


def walk_frames(o, out):
    if isinstance(o, list) and o and isinstance(o[0], tuple):
        if get(o, 'quic.stream.stream_id') is not None:
            out.append(o)
            return
        for _k, v in o:
            walk_frames(v, out)
    elif isinstance(o, list):
        for v in o:
            walk_frames(v, out)


def tshark(args):
    return subprocess.run(['tshark'] + args, capture_output=True,
                          check=False).stdout


def main():
    pktop, cap = sys.argv[1], sys.argv[2]
    keys = sys.argv[3] if len(sys.argv) > 3 else None
    opt = ['-o', 'tls.keylog_file:' + keys] if keys else []
    doc = json.loads(tshark(['-r', cap] + opt + ['-T', 'json', '-J',
                                                 'ip ipv6 udp quic']),
                     object_pairs_hook=pairs)
    node0 = {}
    conn = {}
    want = {}   # (udp stream, sid, dir) -> {offset: byte}
    frames_in = {}  # (udp stream, sid, dir) -> [data of each frame]
    for pkt in doc:
        layers = get(get(pkt, '_source'), 'layers')
        udp = get(layers, 'udp')
        if udp is None:
            continue
        us = int(get(udp, 'udp.stream'))
        ip = get(layers, 'ipv6') or get(layers, 'ip')
        src = (get(ip, 'ipv6.src') or get(ip, 'ip.src'),
               get(udp, 'udp.srcport'))
        node0.setdefault(us, src)
        d = 0 if src == node0[us] else 1
        quics = [v for k, v in layers if k == 'quic']
        frames = []
        for q in quics:
            # coalesced packets: a layer each (or a list of them)
            for one in (q if q and not isinstance(q[0], tuple) else [q]):
                walk_frames(one, frames)
                c = get(one, 'quic.connection.number')
                for _k, v in one:
                    if c is None and isinstance(v, list) and v and \
                            isinstance(v[0], tuple):
                        c = get(v, 'quic.connection.number')
                if c is not None:
                    conn.setdefault(us, c)
        for fr in frames:
            sid = int(get(fr, 'quic.stream.stream_id'))
            off = int(get(fr, 'quic.stream.offset') or 0)
            data = get(fr, 'quic.stream_data') or ''
            b = bytes.fromhex(data.replace(':', ''))
            frames_in.setdefault((us, sid, d), []).append(b)
            m = want.setdefault((us, sid, d), {})
            for i, x in enumerate(b):
                m.setdefault(off + i, x)
    if not want:
        print(f'{cap}: tshark opened no STREAM frame')
        return 2
    bad = 0
    for (us, sid, d) in sorted(want):
        m = want[(us, sid, d)]
        exp = bytearray()
        pos = 0
        for o in sorted(m):
            if o > pos:
                exp += b'[%d bytes missing in capture file]\0' % (o - pos)
            exp.append(m[o])
            pos = o + 1
        args = [pktop, '-r', cap, '--follow', f'quic,{us},{sid}',
                '--format', 'raw']
        if keys:
            args[1:1] = ['--tls-keylog', keys]
        out = subprocess.run(args, capture_output=True, check=False)
        if out.returncode != 0:
            print(f'{cap} quic,{us},{sid}: pktop exit {out.returncode}')
            bad += 1
            continue
        lines = out.stdout.decode().split('\n')[6:]
        got = bytearray()
        for ln in lines:
            if ln.startswith('====='):
                break
            if ln.startswith('\t') == (d == 1) and ln.strip():
                got += bytes.fromhex(ln.strip())
        if bytes(got) != bytes(exp):
            print(f'{cap} quic,{us},{sid} node {d}: pktop {len(got)} '
                  f'bytes, tshark {len(exp)}: differ')
            bad += 1
            continue
        # tshark's own follow tap: its pieces of this direction are the
        # frames the JSON gave, in the same order (so what was put
        # together above is what its follow shows, retransmissions and
        # all)
        c = conn.get(us, str(us))
        fo = tshark(['-r', cap] + opt +
                    ['-q', '-z', f'follow,quic,raw,{c},{sid}']).decode()
        pieces = []
        for ln in fo.split('\n')[6:]:
            if ln.startswith('=====') or not ln.strip():
                continue
            if ln.startswith('\t') == (d == 1):
                pieces.append(bytes.fromhex(ln.strip()))
        if pieces != [x for x in frames_in[(us, sid, d)] if x]:
            print(f'{cap} quic,{us},{sid} node {d}: tshark follow,quic '
                  f'pieces are not the frames of its JSON')
            bad += 1
            continue
        print(f'ok   {cap} quic,{us},{sid} node {d}: {len(got)} bytes')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
