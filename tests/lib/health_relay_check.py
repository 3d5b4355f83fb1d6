#!/usr/bin/env python3
"""health_relay_check: the live TCP health figures pktop printed (its last
--batch JSON document) against the relay's known delay and loss and against
tshark's analysis of the capture pktop wrote at the same time (-w).
  health_relay_check.py OUT_JSON CAPTURE DELAY_MS LOSS_PCT BULK_PORT STUCK_PORT
                        [UI_SCREEN]
The bulk connection (client -> BULK_PORT, the client's side of the relay):
  tcp_rtt_ms: the relay's round trip (2 x DELAY_MS) +- 10%;
  tcp_a_to_b_srtt_ms: within 10% of tshark's mean tcp.analysis.ack_rtt;
  tcp_retr_pct: between LOSS/2 and 2 x LOSS (the relay drops LOSS % of
    the frames each way, seeded);
  retrans, fast, spurious, out of order, dup ACKs, lost segments, per
    direction: exactly tshark's counts on the capture.
  kernel.srtt_ms (the client socket's tcp_info): 2 x DELAY_MS +- 10%,
    and within 10% of tcp_rtt_ms;
  with UI_SCREEN (a tmux capture of the Connections view), its RTT ms
    cell on the bulk row: 2 x DELAY_MS +- 10% and within 10% of tcp_rtt_ms.
The stuck connection (a receiver that never reads): zero windows from the
receiver, the Z mark, and tshark's zero_window count.
Exit 0 when all hold, 1 otherwise."""
import json
import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "accuracy"))
import health_compare  # noqa: E402  (tshark_frames, tshark_conns, COUNTS)


def last_document(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    dec, i, doc = json.JSONDecoder(), 0, None
    while True:
        while i < len(text) and text[i].isspace():
            i += 1
        if i >= len(text):
            return doc
        doc, i = dec.raw_decode(text, i)


def ui_rtt(path, port):
    """The RTT ms cell of the row to PORT on a captured Connections
    screen, as a number; None when there is none."""
    with open(path, encoding="utf-8", errors="replace") as f:
        lines = f.read().splitlines()
    head = next((ln for ln in lines if "RTT ms" in ln), None)
    row = next((ln for ln in lines if ":%d " % port in ln + " "), None)
    if head is None or row is None:
        return None
    at = head.index("RTT ms")
    end = at + len("RTT ms")
    # the cell is the word of the row under the title (right-aligned)
    for m in re.finditer(r"\S+", row):
        if m.start() < end and m.end() > at:
            try:
                return float(m.group())
            except ValueError:
                return None
    return None


def main():
    out, cap = sys.argv[1], sys.argv[2]
    delay, loss = float(sys.argv[3]), float(sys.argv[4])
    bulk_port, stuck_port = int(sys.argv[5]), int(sys.argv[6])
    doc = last_document(out)
    if doc is None:
        print("FAIL: no JSON document from pktop")
        return 1
    by = {c["b_port"]: c for c in doc.get("connections", [])
          if c.get("proto") == "tcp"}
    rows = health_compare.tshark_frames(cap)
    if rows is None:
        print("FAIL: tshark did not read the capture")
        return 1
    ts = health_compare.tshark_conns(rows)
    bad = 0

    def fail(msg):
        nonlocal bad
        print("FAIL: " + msg)
        bad = 1

    b = by.get(bulk_port)
    z = by.get(stuck_port)
    if b is None or z is None:
        fail("pktop lists no connection to port %d or %d" %
             (bulk_port, stuck_port))
        return 1
    print("pktop drops: %s" % doc.get("totals", {}).get("dropped"))
    want = 2 * delay
    rtt, pct = b.get("tcp_rtt_ms"), b.get("tcp_retr_pct")
    srtt = b.get("tcp_a_to_b_srtt_ms")
    print("bulk: rtt %s ms (relay %.0f), a->b srtt %s rttvar %s, "
          "handshake %s, retr %s%% (relay drops %.1f%%), data %s, "
          "retrans %s, health %r" %
          (rtt, want, srtt, b.get("tcp_a_to_b_rttvar_ms"),
           b.get("tcp_handshake_ms"), pct, loss,
           b.get("tcp_a_to_b_data_segments"), b.get("tcp_a_to_b_retrans"),
           b.get("tcp_health")))
    if rtt is None or abs(rtt - want) > want * 0.10:
        fail("RTT %s ms, not %.0f ms +-10%%" % (rtt, want))
    if pct is None or not loss / 2 <= pct <= loss * 2:
        fail("Retr%% %s, not within %.1f..%.1f" % (pct, loss / 2, loss * 2))
    # the kernel's own view of the client's socket (tcp_info by
    # sock_diag, pktop runs in the client's namespace): its srtt is the
    # same path's round trip
    k = b.get("kernel")
    if k is None:
        fail("no kernel tcp_info on the bulk connection (a local socket)")
    else:
        print("bulk: kernel srtt %s rttvar %s ms, retransmits %s total %s, "
              "cwnd %s, delivery %s B/s" %
              (k.get("srtt_ms"), k.get("rttvar_ms"), k.get("retransmits"),
               k.get("total_retrans"), k.get("snd_cwnd"),
               k.get("delivery_rate")))
        ks = k.get("srtt_ms")
        if ks is None or abs(ks - want) > want * 0.10:
            fail("kernel srtt %s ms, not %.0f ms +-10%%" % (ks, want))
        if ks is not None and rtt is not None and abs(ks - rtt) > rtt * 0.10:
            fail("kernel srtt %s ms and pktop's RTT %s ms differ by more "
                 "than 10%%" % (ks, rtt))
    if len(sys.argv) > 7:
        # the UI's Connections view at 120x40 (a tmux capture): its RTT
        # column on the bulk connection's row
        ui = ui_rtt(sys.argv[7], bulk_port)
        print("bulk: UI RTT column %s ms" % ui)
        if ui is None or abs(ui - want) > want * 0.10:
            fail("UI RTT column %s ms, not %.0f ms +-10%%" % (ui, want))
        elif rtt is not None and abs(ui - rtt) > rtt * 0.10:
            fail("UI RTT %s ms and --batch's %s ms differ by more than 10%%"
                 % (ui, rtt))
    for conn, name in ((b, "bulk"), (z, "stuck")):
        a = (conn["a"], conn["a_port"])
        bb = (conn["b"], conn["b_port"])
        t = ts.get(tuple(sorted([a, bb])))
        if t is None:
            fail("tshark has no %s connection" % name)
            continue
        for src, dst, d in ((a, bb, "a_to_b"), (bb, a, "b_to_a")):
            counts = t["dirs"].get(src, {})
            for n, _ in health_compare.COUNTS:
                mine = conn.get("tcp_%s_%s" % (d, n), 0)
                theirs = counts.get(n, 0)
                if mine != theirs:
                    fail("%s %s %s: pktop %s, tshark %s" %
                         (name, d, n, mine, theirs))
            acks = t["ack"].get(src, [])  # the ACKs of SRC's data
            if name == "bulk" and d == "a_to_b":
                mean = sum(acks) * 1000 / len(acks) if acks else None
                print("bulk: tshark mean ack_rtt %s ms over %d ACKs" %
                      (None if mean is None else round(mean, 3), len(acks)))
                if mean is None or srtt is None or \
                   abs(srtt - mean) > mean * 0.10:
                    fail("a->b srtt %s ms not within 10%% of tshark's %s" %
                         (srtt, mean))
        if name == "stuck":
            zw = t["dirs"].get(bb, {}).get("zero_windows", 0)
            print("stuck: zero windows %s (%s ms), tshark %d, health %r" %
                  (conn.get("tcp_b_to_a_zero_windows"),
                   conn.get("tcp_b_to_a_zero_window_ms"), zw,
                   conn.get("tcp_health")))
            if not conn.get("tcp_b_to_a_zero_windows") or \
               "Z" not in conn.get("tcp_health", ""):
                fail("no zero window on the stuck receiver")
    return bad


if __name__ == "__main__":
    sys.exit(main())
