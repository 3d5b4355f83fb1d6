"""ipfix_sink: a UDP listener that keeps every datagram it receives as a
frame of a pcap file, so tshark's IPFIX dissector can read what pktop sent.
Usage: ipfix_sink.py PORT OUT.pcap LIBDIR IDLE_SECONDS READY_FILE
It writes READY_FILE once bound and stops after IDLE_SECONDS of silence.
"""
import socket
import sys
import time

sys.path.insert(0, sys.argv[3])
import pktcraft  # noqa: E402

port, out, idle, ready = int(sys.argv[1]), sys.argv[2], float(sys.argv[4]), sys.argv[5]
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 8 << 20)
s.bind(("127.0.0.1", port))
s.settimeout(idle)
open(ready, "w").close()
recs = []
try:
    while True:
        d, (_, sport) = s.recvfrom(65535)
        l3 = pktcraft.ipv4(17, pktcraft.udp(sport, port, d), [127, 0, 0, 1],
                           [127, 0, 0, 1])
        f = pktcraft.ether(l3)
        now = time.time()
        recs.append((int(now), int((now % 1) * 1e6), f, len(f)))
except socket.timeout:
    pass
pktcraft.pcap_write(out, recs)
