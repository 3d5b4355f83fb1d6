#!/usr/bin/env python3
"""ui_latency: issue 10's interactive figures, measured on a pseudo-terminal
(no tmux in between): time from start to the first full frame, the answer
to a key that switches to the connections view with N connections in the
table, the answer to Enter on a packet (the drill-down), and the CPU pktop
uses while nothing arrives (a file read to its end, so the UI only waits).

  ui_latency.py --pktop src/pktop --bin tests/bench [--conns 1000000]

Prints one line per figure; asserts nothing (benchmarks never fail a
build). The capture is made with gen_capture -m connflood.
"""
import argparse
import os
import pty
import select
import subprocess
import sys
import time


def spawn(argv, cols=120, rows=40):
    pid, fd = pty.fork()
    if pid == 0:
        os.environ.update(TERM="xterm-256color", LANG="C.UTF-8",
                          LC_ALL="C.UTF-8", COLUMNS=str(cols), LINES=str(rows))
        os.execv(argv[0], argv)
    import fcntl
    import struct
    import termios
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
    return pid, fd


def read_until(fd, needle, timeout):
    """Bytes from FD until NEEDLE shows; (seconds taken, bytes) or None."""
    t0 = time.monotonic()
    buf = b""
    while time.monotonic() - t0 < timeout:
        r, _, _ = select.select([fd], [], [], 0.05)
        if r:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                return None
            buf += chunk
            if needle in buf:
                return time.monotonic() - t0, buf
    return None


def drain(fd, quiet=0.3):
    """Read until the terminal has been quiet for QUIET seconds."""
    while True:
        r, _, _ = select.select([fd], [], [], quiet)
        if not r:
            return
        try:
            os.read(fd, 65536)
        except OSError:
            return


def cpu_seconds(pid):
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    tick = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / tick


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", required=True)
    ap.add_argument("--bin", required=True, help="where gen_capture is")
    ap.add_argument("--data", default="/tmp")
    ap.add_argument("--conns", type=int, default=1000000)
    a = ap.parse_args()
    cap = os.path.join(a.data, "connflood-ui-%d.pcap" % a.conns)
    if not os.path.exists(cap):
        subprocess.run([os.path.join(a.bin, "gen_capture"), "-m", "connflood",
                        "-n", str(a.conns), "-o", cap], check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    small = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                         "data", "mixed.pcap")

    # start-up to the first frame (the footer is drawn last)
    pid, fd = spawn([a.pktop, "-n", "-N", "-r", small])
    got = read_until(fd, b"Help", 10)
    print("start-up to first frame: %s" %
          ("%.1f ms" % (got[0] * 1000) if got else "no frame in 10 s"))
    drain(fd)
    # the drill-down: packets view, then Enter on the first packet
    os.write(fd, b"4")
    read_until(fd, b"Destination", 5)
    drain(fd)
    t0 = time.monotonic()
    os.write(fd, b"\r")
    got = read_until(fd, b"captured", 5)
    print("drill-down opened in: %s" %
          ("%.1f ms" % ((time.monotonic() - t0) * 1000) if got else "no answer"))
    os.write(fd, b"Q")
    os.waitpid(pid, 0)

    # the connections view with N connections (limits raised to hold them)
    pid, fd = spawn([a.pktop, "-n", "-N", "--max-connections", str(a.conns),
                     "--max-hosts", "1000", "-r", cap])
    if not read_until(fd, b"end of file", 300):
        print("the file did not load in 300 s")
        os.kill(pid, 9)
        return 1
    drain(fd, 1.0)
    lat = []
    for i in range(10):
        key, want = (b"2", b"Endpoint A") if i % 2 == 0 else (b"1", b"Host")
        t0 = time.monotonic()
        os.write(fd, key)
        got = read_until(fd, want, 10)
        lat.append((time.monotonic() - t0) * 1000 if got else float("inf"))
        drain(fd, 0.2)
    conn = sorted(lat[0::2])
    print("switch to the connections view with %d connections: median %.1f ms,"
          " max %.1f ms (5 tries)" % (a.conns, conn[len(conn) // 2], conn[-1]))

    # idle: the file is read, nothing arrives; the UI only waits for keys
    # and redraws on its timer
    c0, t0 = cpu_seconds(pid), time.monotonic()
    time.sleep(10)
    c1, t1 = cpu_seconds(pid), time.monotonic()
    print("idle CPU (file read, 10 s): %.2f%%" % (100 * (c1 - c0) / (t1 - t0)))
    os.write(fd, b"Q")
    os.waitpid(pid, 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
