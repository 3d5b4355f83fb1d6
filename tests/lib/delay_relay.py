#!/usr/bin/env python3
"""delay_relay: an Ethernet relay between two interfaces (AF_PACKET) that
holds every frame DELAY_MS before passing it on and drops LOSS percent of
them (seeded, so a run repeats): netem's delay and loss for a kernel
without the netem qdisc. Frames the relay sends itself are not read back.
  delay_relay.py IFACE_A IFACE_B DELAY_MS LOSS_PERCENT [SEED [READY_FILE]]
Creates READY_FILE once both sockets are open; runs until killed."""
import heapq
import random
import select
import socket
import sys
import time

PACKET_OUTGOING = 4
ETH_P_ALL = 0x0003


def main():
    ia, ib = sys.argv[1], sys.argv[2]
    delay = float(sys.argv[3]) / 1000.0
    loss = float(sys.argv[4]) / 100.0
    rng = random.Random(int(sys.argv[5]) if len(sys.argv) > 5 else 19)
    socks = {}
    for name in (ia, ib):
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                          socket.htons(ETH_P_ALL))
        s.bind((name, 0))
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        socks[name] = s
    other = {socks[ia]: socks[ib], socks[ib]: socks[ia]}
    if len(sys.argv) > 6:
        open(sys.argv[6], "w").close()
    due = []  # (time, n, socket, frame)
    n = 0
    while True:
        timeout = max(0.0, due[0][0] - time.monotonic()) if due else 1.0
        ready, _, _ = select.select(list(other), [], [], timeout)
        now = time.monotonic()
        for s in ready:
            while True:
                try:
                    frame, addr = s.recvfrom(65535, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    break
                if addr[2] == PACKET_OUTGOING:
                    continue
                if rng.random() < loss:
                    continue
                n += 1
                heapq.heappush(due, (now + delay, n, other[s], frame))
        now = time.monotonic()
        while due and due[0][0] <= now:
            _, _, s, frame = heapq.heappop(due)
            try:
                s.send(frame)
            except OSError:
                pass


if __name__ == "__main__":
    main()
