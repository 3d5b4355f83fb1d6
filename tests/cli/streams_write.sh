#!/bin/sh
# streams_write: -w and tcpdump's rotation, checked with tshark: every
# packet reaches exactly one file, in order (-C by size, -G by time, -W
# keeping a ring, -z on each finished file); SIGTERM mid-capture leaves a
# valid file holding what was counted; a file that cannot be created is
# one error; a disk that fills up mid-capture is one line on stderr and
# status 2 at the end, the capture goes on, the packets not saved are
# counted and the file written stays readable.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
DATA="$top_srcdir/tests/data"
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-write.XXXXXX")
# as root pktop becomes nobody after the first -w file (-Z): the rotated
# files are made by that user
chmod 0777 "$tmp"
cleanup() {
	mountpoint -q "$tmp/small" 2>/dev/null && umount "$tmp/small"
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
IN="$DATA/mixed.pcap"

# frames as "epoch len" lines, in file order
frames() {
	for f in "$@"; do
		tshark -r "$f" -T fields -e frame.time_epoch -e frame.len 2>/dev/null ||
			echo "unreadable $f"
	done
}
frames "$IN" >"$tmp/want"
[ "$(wc -l <"$tmp/want")" -eq 670 ] || fail "tshark reads $(wc -l <"$tmp/want") frames of mixed.pcap"

# one file: the same frames
"$PKTOP" --batch -r "$IN" -w "$tmp/all.pcap" >/dev/null || fail "-w exit $?"
frames "$tmp/all.pcap" | cmp -s - "$tmp/want" || fail "-w: frames differ"

# -C 20k: files of at most 20 KiB, FILE FILE1 FILE2..., together the input
"$PKTOP" --batch -r "$IN" -w "$tmp/c.pcap" -C 20k >/dev/null || fail "-C exit $?"
n=$(ls "$tmp"/c.pcap* | wc -l)
[ "$n" -ge 5 ] || fail "-C 20k made $n files"
set -- "$tmp/c.pcap"
i=1
while [ -e "$tmp/c.pcap$i" ]; do set -- "$@" "$tmp/c.pcap$i"; i=$((i + 1)); done
[ $# -eq "$n" ] || fail "-C names are not FILE, FILE1, FILE2..."
for f in "$@"; do
	[ "$(stat -c %s "$f")" -le 20480 ] || fail "$f is larger than 20 KiB"
done
frames "$@" | cmp -s - "$tmp/want" || fail "-C: frames lost, doubled or out of order"

# -C 20k -W 3: a ring of FILE0 FILE1 FILE2, each readable
"$PKTOP" --batch -r "$IN" -w "$tmp/r.pcap" -C 20k -W 3 >/dev/null || fail "-W exit $?"
[ "$(ls "$tmp"/r.pcap* | wc -l)" -eq 3 ] && [ -e "$tmp/r.pcap0" ] &&
	[ -e "$tmp/r.pcap2" ] || fail "-W 3: $(cd "$tmp" && echo r.*)"
frames "$tmp"/r.pcap* | grep -q unreadable && fail "-W: a file is not readable"

# -G 1 on a capture from 17:12:26.18 to 17:12:29.06: one file for each
# second of packet time (26, 27, 28, 29), every name from that clock (the
# first too: made when pktop starts, renamed at the first packet), named by
# strftime; together the input
mkdir -m 0777 "$tmp/g"
"$PKTOP" --batch -r "$IN" -w "$tmp/g/g-%s.pcap" -G 1 >/dev/null || fail "-G exit $?"
n=$(ls "$tmp/g" | wc -l)
[ "$n" -eq 4 ] || fail "-G 1 made $n files: $(ls "$tmp/g")"
# every name from packet time, the first included (not the wall clock)
[ "$(ls "$tmp/g" | tr '\n' ' ')" = "g-1795540346.pcap g-1795540347.pcap g-1795540348.pcap g-1795540349.pcap " ] ||
	fail "-G 1 names: $(ls "$tmp/g")"
sort -n "$tmp/want" >"$tmp/want.sorted"
frames "$tmp"/g/* | sort -n | cmp -s - "$tmp/want.sorted" ||
	fail "-G: frames lost or doubled"
# -G 1 -W 2: the two newest stay
mkdir -m 0777 "$tmp/gw"
"$PKTOP" --batch -r "$IN" -w "$tmp/gw/g-%s.pcap" -G 1 -W 2 >/dev/null || fail "-G -W exit $?"
[ "$(ls "$tmp/gw" | wc -l)" -eq 2 ] || fail "-G 1 -W 2 kept $(ls "$tmp/gw" | wc -l) files"

# -z: run on every finished file, the last one included
cat >"$tmp/post.sh" <<EOS
#!/bin/sh
echo "\$1" >>"$tmp/post.list"
EOS
chmod +x "$tmp/post.sh"
"$PKTOP" --batch -r "$IN" -w "$tmp/z.pcap" -C 20k -z "$tmp/post.sh" >/dev/null ||
	fail "-z exit $?"
sleep 0.5
[ "$(sort "$tmp/post.list" | uniq | wc -l)" -eq "$(ls "$tmp"/z.pcap* | wc -l)" ] ||
	fail "-z ran on $(wc -l <"$tmp/post.list") of $(ls "$tmp"/z.pcap* | wc -l) files"

# SIGTERM mid-capture (a paced replay, -U): a valid file with exactly the
# packets the last report counted
"$PKTOP" --batch --format json -r "$IN" --replay=0.5 -U -w "$tmp/t.pcap" \
	>"$tmp/t.json" &
pid=$!
sleep 2
kill -TERM $pid
wait $pid || fail "SIGTERM: exit status $?"
counted=$(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["totals"]["packets"], d["writer"]["packets"])' "$tmp/t.json")
got=$(frames "$tmp/t.pcap" | wc -l)
frames "$tmp/t.pcap" | grep -q unreadable && fail "SIGTERM left an unreadable file"
[ "$counted" = "$got $got" ] || fail "SIGTERM: report says '$counted', the file holds $got"
[ "$got" -gt 0 ] && [ "$got" -lt 670 ] || fail "SIGTERM: $got packets (the replay was not cut)"

# a file that cannot be created: one line, status 2, nothing read
"$PKTOP" --batch -r "$IN" -w "$tmp/no/such/dir/x.pcap" >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "-w into a missing folder: exit status not 2"
[ "$(wc -l <"$tmp/err")" -eq 1 ] && grep -q "cannot write" "$tmp/err" ||
	fail "-w into a missing folder: $(cat "$tmp/err")"
[ -s "$tmp/out" ] && fail "-w into a missing folder still reported"

# -w -: the capture on standard output (tshark reads it whole), the
# report on standard error; not with the UI, not with rotation
"$PKTOP" --batch -r "$IN" -w - 2>"$tmp/dash.err" >"$tmp/dash.pcap" || fail "-w -: exit $?"
frames "$tmp/dash.pcap" | cmp -s - "$tmp/want" || fail "-w -: frames differ"
grep -q "^670 packets" "$tmp/dash.err" || fail "-w -: no report on stderr: $(cat "$tmp/dash.err")"
[ -e ./- ] && fail "-w - made a file named -"
"$PKTOP" --batch -r "$IN" -w - -C 20k >/dev/null 2>"$tmp/err" && fail "-w - -C accepted"
grep -q "one stream" "$tmp/err" || fail "-w - -C: $(cat "$tmp/err")"
"$PKTOP" -r "$IN" -w - >/dev/null 2>"$tmp/err" && fail "-w - without --batch accepted"
grep -q "use it with --batch" "$tmp/err" || fail "-w - UI: $(cat "$tmp/err")"

# the disk fills up mid-capture (a 40 KiB tmpfs, root only)
if [ "$(id -u)" = 0 ] && mkdir "$tmp/small" &&
	mount -t tmpfs -o size=40k tmpfs "$tmp/small" 2>/dev/null; then
	"$PKTOP" --batch --format json -r "$IN" -w "$tmp/small/x.pcap" \
		>"$tmp/full.json" 2>"$tmp/full.err"
	rc=$?
	# the report is whole, the loss one line, the status 2
	[ "$rc" -eq 2 ] || fail "full disk: exit status $rc, not 2"
	[ "$(wc -l <"$tmp/full.err")" -eq 1 ] &&
		grep -q "^pktop: -w: [0-9]* packets not written: .*No space left" "$tmp/full.err" ||
		fail "full disk: stderr $(cat "$tmp/full.err")"
	python3 - "$tmp/full.json" <<'PY' || fail "full disk: $(cat "$tmp/full.json")"
import json, sys
d = json.load(open(sys.argv[1]))
w = d["writer"]
assert d["totals"]["packets"] == 670, d["totals"]
assert w["packets"] > 0 and w["lost"] > 0, w
assert w["packets"] + w["lost"] == 670, w
assert "No space left" in w["error"], w
PY
	frames "$tmp/small/x.pcap" | grep -q unreadable && fail "full disk: unreadable file"
else
	echo "note: not root or no tmpfs: the full-disk case was not run"
fi
echo PASS
