#!/usr/bin/env python3
"""delay_relay: an Ethernet relay between two interfaces (AF_PACKET) that
holds every frame DELAY_MS before passing it on and drops LOSS percent of
them (seeded, so a run repeats): netem's delay and loss for a kernel
without the netem qdisc.
  delay_relay.py IFACE_A IFACE_B DELAY_MS LOSS_PERCENT [SEED [READY_FILE]]
Creates READY_FILE once both sockets are open; runs until SIGTERM, then
writes its counts to standard error.

A veth frame read from a packet socket may carry only a partial TCP/UDP
checksum (the sender offloaded it, CHECKSUM_PARTIAL): sent on as it is, the
receiving stack drops it as corrupt. So the relay recomputes the TCP and
UDP checksums of IPv4 and IPv6 frames before it sends them. It cannot
split GSO super-frames: give the end interfaces gso_max_size 1500."""
import array
import heapq
import random
import select
import signal
import socket
import struct
import sys
import time

PACKET_OUTGOING = 4
ETH_P_ALL = 0x0003
SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)


def ones_sum(data):
    """The 16-bit ones' complement sum of DATA, folded, in native order."""
    if len(data) & 1:
        data += b"\0"
    s = sum(array.array("H", data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return s


def fix_checksum(frame):
    """FRAME with its IPv4/IPv6 TCP or UDP checksum recomputed (no
    extension headers, no fragments); other frames unchanged."""
    if len(frame) < 14:
        return frame
    etype = struct.unpack_from("!H", frame, 12)[0]
    if etype == 0x0800 and len(frame) >= 34:
        ihl = (frame[14] & 0x0F) * 4
        total = struct.unpack_from("!H", frame, 16)[0]
        frag = struct.unpack_from("!H", frame, 20)[0]
        if ihl < 20 or frag & 0x3FFF or total < ihl or 14 + total > len(frame):
            return frame
        proto = frame[23]
        l4 = 14 + ihl
        l4len = total - ihl
        pseudo = frame[26:34] + struct.pack("!BBH", 0, proto, l4len)
    elif etype == 0x86DD and len(frame) >= 54:
        plen = struct.unpack_from("!H", frame, 18)[0]
        proto = frame[20]
        l4 = 54
        l4len = plen
        if 54 + plen > len(frame):
            return frame
        pseudo = frame[22:54] + struct.pack("!IxxxB", l4len, proto)
    else:
        return frame
    if proto == 6:
        off = 16
    elif proto == 17:
        off = 6
    else:
        return frame
    if l4len < off + 2:
        return frame
    seg = bytearray(frame[l4:l4 + l4len])
    seg[off:off + 2] = b"\0\0"
    c = ~ones_sum(pseudo + bytes(seg)) & 0xFFFF
    if proto == 17 and c == 0:
        c = 0xFFFF
    seg[off:off + 2] = struct.pack("=H", c)
    return frame[:l4] + bytes(seg) + frame[l4 + l4len:]


def main():
    ia, ib = sys.argv[1], sys.argv[2]
    delay = float(sys.argv[3]) / 1000.0
    loss = float(sys.argv[4]) / 100.0
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 19)
    socks = {}
    for name in (ia, ib):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ALL))
        s.bind((name, ETH_P_ALL))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        # the frame's arrival time from the kernel: the hold starts
        # there, not when this loop gets round to reading it
        s.setsockopt(socket.SOL_SOCKET, SO_TIMESTAMPNS, 1)
        socks[name] = s
    other = {socks[ia]: socks[ib], socks[ib]: socks[ia]}
    counts = {"seen": 0, "dropped": 0, "sent": 0, "failed": 0}

    def stop(_sig, _frame):
        sys.stderr.write("relay: %(seen)d frames, %(dropped)d dropped, "
                         "%(sent)d sent, %(failed)d failed\n" % counts)
        sys.exit(0)
    signal.signal(signal.SIGTERM, stop)
    if len(sys.argv) > 6:
        open(sys.argv[6], "w").close()
    due = []  # (time, n, socket, frame)
    n = 0
    while True:
        timeout = max(0.0, due[0][0] - time.time()) if due else 1.0
        ready, _, _ = select.select(list(other), [], [], timeout)
        for s in ready:
            while True:
                try:
                    frame, anc, _, addr = s.recvmsg(65535, 64,
                                                    socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                counts["seen"] += 1
                if rng.random() < loss:
                    counts["dropped"] += 1
                    continue
                at = time.time()
                for level, kind, data in anc:
                    if level == socket.SOL_SOCKET and \
                       kind == SO_TIMESTAMPNS and len(data) >= 16:
                        sec, nsec = struct.unpack_from("=qq", data)
                        at = sec + nsec * 1e-9
                n += 1
                heapq.heappush(due, (at + delay, n, other[s], frame))
        now = time.time()
        while due and due[0][0] <= now:
            _, _, s, frame = heapq.heappop(due)
            try:
                s.send(fix_checksum(frame))
                counts["sent"] += 1
            except OSError:
                counts["failed"] += 1


if __name__ == "__main__":
    main()
