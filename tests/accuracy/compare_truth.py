#!/usr/bin/env python3
"""Checks one `pktop --batch --format json` document against the tshark
truth file of the same capture (tests/data/truth/NAME.json).

usage: compare_truth.py TRUTH.json PKTOP.json

Passes when the totals (packets, wire bytes) are equal and at least 99.5%
of the truth's host bytes and of its connection bytes are reported by
pktop with identical counters. Application agreement is reported, not
judged. Prints one line; exit status 0 pass, 1 fail, 2 usage.
"""
import json
import sys

SHARE_NEEDED = 0.995
# applications pktop claims to identify: only these count for agreement
NAMED_APPS = frozenset(("tls", "quic", "http", "ssh", "dns", "mdns", "llmnr",
                        "dhcp", "ntp", "smtp", "ftp", "snmp"))
HOST_FIELDS = ("tx_packets", "tx_bytes", "rx_packets", "rx_bytes")
FLOW_PROTOS = frozenset(("tcp", "udp", "sctp"))


def endpoint(row, side):
    return (row[side], int(row.get(side + "_port", 0) or 0))


def flow_id(row):
    """The same flow whichever side pktop calls a."""
    one, two = endpoint(row, "a"), endpoint(row, "b")
    return (row["proto"],) + (min(one, two), max(one, two))


def per_sender(row):
    """(packets, bytes) sent by each endpoint; a flow from an endpoint to
    itself has one sender with everything."""
    one, two = endpoint(row, "a"), endpoint(row, "b")
    ab = (row.get("a_to_b_packets", 0), row.get("a_to_b_bytes", 0))
    ba = (row.get("b_to_a_packets", 0), row.get("b_to_a_bytes", 0))
    if one == two:
        return {one: (ab[0] + ba[0], ab[1] + ba[1])}
    return {one: ab, two: ba}


def share(good, total):
    return good / total if total else 1.0


def compare(truth, got):
    """Returns (passed, summary line)."""
    want, have = truth["totals"], got.get("totals") or {}
    totals_equal = all(want[k] == have.get(k) for k in ("packets", "bytes"))

    hosts = {row.get("addr"): row for row in got.get("hosts") or []}
    host_all = host_good = host_absent = 0
    for row in truth["hosts"]:
        weight = row["tx_bytes"] + row["rx_bytes"]
        host_all += weight
        mine = hosts.get(row["addr"])
        if mine is None:
            host_absent += 1
        elif all(mine.get(k) == row[k] for k in HOST_FIELDS):
            host_good += weight

    flows = {flow_id(row): row for row in got.get("connections") or []
             if row.get("proto") in FLOW_PROTOS}
    flow_all = flow_good = flow_absent = 0
    apps_named = apps_agree = 0
    for row in truth["connections"]:
        weight = row["a_to_b_bytes"] + row["b_to_a_bytes"]
        flow_all += weight
        mine = flows.get(flow_id(row))
        if mine is None:
            flow_absent += 1
            continue
        if per_sender(mine) == per_sender(row):
            flow_good += weight
        if row.get("app") in NAMED_APPS:
            apps_named += 1
            apps_agree += mine.get("app") == row["app"]

    host_share, flow_share = share(host_good, host_all), share(flow_good, flow_all)
    passed = totals_equal and host_share >= SHARE_NEEDED and flow_share >= SHARE_NEEDED
    if totals_equal:
        totals_text = "ok"
    else:
        totals_text = "%s/%s want %s/%s" % (have.get("packets"), have.get("bytes"),
                                           want["packets"], want["bytes"])
    line = ("%s totals=%s hosts=%.4f conns=%.4f apps=%d/%d missing hosts=%d conns=%d"
            % ("ok  " if passed else "FAIL", totals_text, host_share, flow_share,
               apps_agree, apps_named, host_absent, flow_absent))
    return passed, line


def main(argv):
    if len(argv) != 3:
        sys.stderr.write(__doc__)
        return 2
    with open(argv[1]) as f:
        truth = json.load(f)
    try:
        with open(argv[2]) as f:
            got = json.load(f)
    except (OSError, ValueError) as e:
        print("FAIL pktop output is not JSON: %s" % e)
        return 1
    if not isinstance(got, dict):
        print("FAIL pktop output is not a JSON object")
        return 1
    try:
        passed, line = compare(truth, got)
    except (KeyError, TypeError, ValueError, AttributeError) as e:
        print("FAIL pktop output lacks a field or has a wrong type: %r" % e)
        return 1
    print(line)
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
