#!/usr/bin/env python3
"""dfilter_ui: issue 21's figure for the UI: how long a key waits while a
display filter walks a large store (the walk runs on its worker thread,
inspect/walk.c; the UI thread takes what it found every 50 ms), against
the same key with nothing running; and the walk's wall and CPU time. On a pseudo-terminal,
no tmux in between.

  dfilter_ui.py --pktop src/pktop --bin tests/bench [--packets 200000]

Prints one line per figure; asserts nothing (benchmarks never fail).
"""
import argparse
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from ui_latency import spawn, read_until, drain, cpu_seconds  # noqa: E402

DEEP = b'tls.handshake.extensions_server_name contains "a"'


def thread_ticks(pid):
    """CPU ticks (user + system) per thread id of PID."""
    out = {}
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/stat" % (pid, t)) as f:
                st = f.read()
        except OSError:
            continue
        fields = st[st.rindex(")") + 2:].split()
        out[int(t)] = int(fields[11]) + int(fields[12])
    return out


def help_latency(fd):
    """ms from '?' to the help overlay, then closes it with '?'."""
    t0 = time.monotonic()
    os.write(fd, b"?")
    got = read_until(fd, b"show this help", 10)
    ms = (time.monotonic() - t0) * 1000 if got else float("inf")
    os.write(fd, b"?")
    read_until(fd, b"Destination", 10)
    return ms


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", required=True)
    ap.add_argument("--bin", required=True, help="where gen_capture is")
    ap.add_argument("--data", default="/tmp")
    ap.add_argument("--packets", type=int, default=200000)
    a = ap.parse_args()
    cap = os.path.join(a.data, "mix-dfilter-%d.pcap" % a.packets)
    if not os.path.exists(cap):
        subprocess.run([os.path.join(a.bin, "gen_capture"), "-m", "mix",
                        "-n", str(a.packets), "-o", cap], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    pid, fd = spawn([a.pktop, "-n", "-N", "--ring-size", "512", "-r", cap])
    if not read_until(fd, b"end of file", 600):
        print("the file did not load in 600 s")
        os.kill(pid, 9)
        return 1
    os.write(fd, b"4")
    read_until(fd, b"Destination", 10)
    drain(fd, 1.0)
    idle = sorted(help_latency(fd) for _ in range(5))
    print("key answered, nothing running: median %.1f ms, max %.1f ms" %
          (idle[len(idle) // 2], idle[-1]))
    cpu0 = cpu_seconds(pid)
    th0 = thread_ticks(pid)
    t0 = time.monotonic()
    os.write(fd, b"\\" + DEEP + b"\r")
    read_until(fd, b"filtering", 10)
    busy = []
    # keys for 3 s of the walk (curses sends only what changed, so the
    # walk's end is told by the CPU going quiet, below)
    while time.monotonic() - t0 < 3.0:
        busy.append(help_latency(fd))
        time.sleep(0.1)
    last = cpu_seconds(pid)
    while True:
        drain(fd, 0.05)
        time.sleep(0.5)
        now = cpu_seconds(pid)
        if now - last < 0.03:
            break
        last = now
    wall = time.monotonic() - t0 - 0.5
    cpu = now - cpu0
    th1 = thread_ticks(pid)
    hz = os.sysconf("SC_CLK_TCK")
    ui = (th1.get(pid, 0) - th0.get(pid, 0)) / hz
    rest = sum(v - th0.get(t, 0) for t, v in th1.items() if t != pid) / hz
    busy.sort()
    print("key answered while filtering %d packets (%d keys): median %.1f "
          "ms, max %.1f ms" % (a.packets, len(busy), busy[len(busy) // 2],
                               busy[-1]))
    print("walk with the list on screen: %.1f s wall, %.2f s CPU (pktop, "
          "all threads)" % (wall, cpu))
    print("of which the UI thread %.2f s, the other threads %.2f s" %
          (ui, rest))
    os.write(fd, b"Q")
    os.waitpid(pid, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
