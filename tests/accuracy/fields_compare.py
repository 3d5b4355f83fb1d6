#!/usr/bin/env python3
"""fields_compare: pktop --fields --format json against tshark -T fields,
field by field and packet by packet, over a list of captures.

For every capture both programs print the fields of issue 3; a packet
counts for a field when either side has a value, and agrees when the two
values (tshark's occurrences joined with ',') are equal. Prints one line
per field with the agreement, a few disagreeing examples, and exits 1 if
a field is below the threshold.
"""

import argparse
import json
import os
import subprocess
import sys

FIELDS = """eth.src eth.dst eth.type vlan.id arp.opcode arp.src.proto_ipv4
ip.version ip.hdr_len ip.dsfield ip.len ip.id ip.flags ip.frag_offset ip.ttl
ip.proto ip.checksum ip.src ip.dst ipv6.flow ipv6.plen ipv6.nxt ipv6.hlim
ipv6.src ipv6.dst icmp.type icmp.code icmpv6.type tcp.srcport tcp.dstport
tcp.seq_raw tcp.ack_raw tcp.hdr_len tcp.flags tcp.window_size_value
tcp.options.mss_val tcp.options.wscale.shift tcp.len udp.srcport udp.dstport
udp.length sctp.srcport dns.id dns.flags.response dns.qry.name dns.qry.type
dns.a dns.aaaa dns.cname dns.count.answers http.request.method
http.request.uri http.host http.user_agent http.response.code
http.content_type tls.record.version tls.handshake.type
tls.handshake.version tls.handshake.extensions_server_name
tls.handshake.extensions_alpn_str tls.handshake.ciphersuite ssh.protocol
dhcp.option.hostname ntp.stratum quic.version
arp.src.hw arp.dst.proto_ipv4 ntp.priv.reqcode ntp.priv.numitems
ntp.priv.monlist.remote_address
tcp.stream tcp.seq tcp.ack tcp.nxtseq tcp.window_size
tcp.window_size_scalefactor tcp.analysis.duplicate_ack_num
tcp.analysis.duplicate_ack_frame tcp.options.sack_le
frame.time_relative http.date http.cache_control http.last_modified
icmp.ident icmp.seq dns.flags.authenticated dns.flags.checkdisable dns.time
dns.response_to dns.resp.ttl tls.handshake.random tls.handshake.session_id
tls.handshake.comp_method tls.handshake.extensions_ec_point_format
tcp.flags.str""".split()

# pktop keeps a flow's state from packet to packet (QUIC keys and CRYPTO
# streams, HTTP header blocks going on, TCP sequence analysis) but joins
# no TCP, TLS-record or IP payloads: tshark is told not to either, so a
# value it finds only by joining those is not asked of pktop.
TSHARK_PREFS = [
    "ip.defragment:FALSE",
    "ipv6.defragment:FALSE",
    "tcp.desegment_tcp_streams:FALSE",
    "tls.desegment_ssl_records:FALSE",
    "tls.desegment_ssl_application_data:FALSE",
    "http.desegment_headers:FALSE",
    "http.desegment_body:FALSE",
    "dns.desegment_dns_messages:FALSE",
    "sctp.reassembly:FALSE",
]

CAPTURE_EXT = (".pcap", ".pcapng", ".cap")
SKIP_DIRS = {"truth", "malformed"}


def captures(paths):
    out = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in SKIP_DIRS)
                for f in sorted(files):
                    if f.endswith(CAPTURE_EXT):
                        out.append(os.path.join(root, f))
        else:
            out.append(p)
    return out


def run(cmd, timeout):
    try:
        r = subprocess.run(cmd, stdout=subprocess.PIPE,
                           stderr=subprocess.PIPE, timeout=timeout)
    except subprocess.TimeoutExpired:
        return None, "timed out after %ds" % timeout
    return r, None


def tshark_values(path, fields, timeout):
    # 8472, Linux's VXLAN port, is VXLAN to pktop when its header says
    # so, data to tshark unless told
    cmd = ["tshark", "-n", "-r", path, "-d", "udp.port==8472,vxlan",
           "-T", "fields", "-E", "occurrence=a",
           "-E", "separator=/t", "-E", "aggregator=,", "-E", "quote=n",
           "-e", "frame.number"]
    for p in TSHARK_PREFS:
        cmd += ["-o", p]
    for f in fields:
        cmd += ["-e", f]
    r, err = run(cmd, timeout)
    if r is None:
        return None, err
    rows = {}
    for line in r.stdout.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        cols = line.split("\t")
        try:
            num = int(cols[0])
        except ValueError:
            continue
        cols += [""] * (len(fields) + 1 - len(cols))
        rows[num] = cols[1:len(fields) + 1]
    return rows, None


def pktop_values(pktop, path, fields, timeout):
    cmd = [pktop, "-r", path, "--fields", "--format", "json",
           "-e", "frame.number"]
    for f in fields:
        cmd += ["-e", f]
    r, err = run(cmd, timeout)
    if r is None:
        return None, err
    rows = {}
    for line in r.stdout.decode("utf-8", "replace").split("\n"):
        if not line:
            continue
        try:
            obj = json.loads(line)
            num = int(obj["frame.number"])
        except (ValueError, KeyError, TypeError):
            continue
        vals = []
        for f in fields:
            v = obj.get(f, "")
            if isinstance(v, list):
                v = ",".join(str(x) for x in v)
            vals.append(str(v))
        rows[num] = vals
    bad = None
    if r.returncode != 0 or b"Sanitizer" in r.stderr:
        bad = "exit %d: %s" % (r.returncode,
                               r.stderr.decode("utf-8", "replace")
                               .strip().split("\n")[-1][:200])
    return rows, bad


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--pktop", default=os.environ.get("PKTOP", "pktop"))
    ap.add_argument("--threshold", type=float, default=99.0,
                    help="minimum per-field agreement, percent")
    ap.add_argument("--examples", type=int, default=3)
    ap.add_argument("--fields", help="comma-separated subset")
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--known", help="file of known gaps: FIELD FLOOR REASON")
    ap.add_argument("paths", nargs="+")
    a = ap.parse_args()

    fields = a.fields.split(",") if a.fields else FIELDS
    # A known gap is a field below the threshold for a reason written
    # down (what tshark knows from other packets, say); it may not fall
    # below its floor, so the check still catches a regression.
    known = {}
    if a.known:
        for line in open(a.known):
            line = line.split("#", 1)[0].split()
            if len(line) >= 2:
                known[line[0]] = float(line[1])
    files = captures(a.paths)
    if not files:
        print("fields_compare: no captures under", " ".join(a.paths))
        return 77
    agree = {f: 0 for f in fields}
    missing = {f: 0 for f in fields}  # tshark has it, pktop not
    extra = {f: 0 for f in fields}    # pktop has it, tshark not
    total = {f: 0 for f in fields}
    examples = {f: [] for f in fields}
    problems = []
    for path in files:
        name = os.path.join(os.path.basename(os.path.dirname(path)),
                            os.path.basename(path))
        ts, err = tshark_values(path, fields, a.timeout)
        if ts is None:
            problems.append("%s: tshark %s" % (name, err))
            continue
        pk, err = pktop_values(a.pktop, path, fields, a.timeout)
        if pk is None:
            pk = {}
        if err:
            problems.append("%s: pktop %s" % (name, err))
        for num in sorted(set(ts) | set(pk)):
            tv = ts.get(num, [""] * len(fields))
            pv = pk.get(num, [""] * len(fields))
            for k, f in enumerate(fields):
                if tv[k] == "" and pv[k] == "":
                    continue
                total[f] += 1
                if tv[k] == pv[k]:
                    agree[f] += 1
                    continue
                if pv[k] == "":
                    missing[f] += 1
                elif tv[k] == "":
                    extra[f] += 1
                if len(examples[f]) < a.examples:
                    examples[f].append("%s#%d tshark=%r pktop=%r" %
                                       (name, num, tv[k][:120],
                                        pv[k][:120]))
    failed = []
    # missing: only tshark has a value; extra: only pktop; differ: both,
    # not equal.
    print("%-38s %7s %7s %8s %7s %7s %7s" % ("field", "agree", "packets",
                                             "percent", "missing", "extra",
                                             "differ"))
    for f in fields:
        if total[f] == 0:
            print("%-38s %7s %7s %8s" % (f, "-", 0, "n/a"))
            continue
        pct = 100.0 * agree[f] / total[f]
        if pct >= a.threshold:
            mark = ""
        elif f in known and pct >= known[f]:
            mark = "  known gap (floor %.0f%%)" % known[f]
        else:
            mark = "  BELOW"
        differ = total[f] - agree[f] - missing[f] - extra[f]
        print("%-38s %7d %7d %7.2f%% %7d %7d %7d%s" %
              (f, agree[f], total[f], pct, missing[f], extra[f], differ,
               mark))
        if mark == "  BELOW":
            failed.append(f)
    for f in fields:
        for e in examples[f]:
            print("  %s: %s" % (f, e))
    for p in problems:
        print("problem:", p)
    all_agree = sum(agree.values())
    all_total = sum(total.values())
    below = sum(1 for f in fields
                if total[f] and 100.0 * agree[f] / total[f] < a.threshold)
    print("captures: %d, field values compared: %d, agree: %d (%.2f%%), "
          "fields below %.0f%%: %d of %d (known gaps %d, failing %d)" %
          (len(files), all_total, all_agree,
           100.0 * all_agree / all_total if all_total else 100.0,
           a.threshold, below, sum(1 for f in fields if total[f]),
           below - len(failed), len(failed)))
    return 1 if failed or problems else 0


if __name__ == "__main__":
    sys.exit(main())
