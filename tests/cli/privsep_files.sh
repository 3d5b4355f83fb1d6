#!/bin/sh
# privsep_files: pktop started as root drops to another user and its
# files are made by the privileged helper (base/privhelper.h). In a
# root-only directory with a root login (no SUDO_USER) -w and its -C/-G
# rotations keep every packet (tshark counts) in files owned by root;
# under sudo the files belong to the invoking user, not to the user
# pktop became; a symlink or hard link planted under a -w name in a
# world-writable directory leaves its target untouched; -V and --fields
# parse as the dropped user with no capabilities and NoNewPrivs.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
DATA="$top_srcdir/tests/data"
command -v tshark >/dev/null 2>&1 || { echo "SKIP: tshark not installed"; exit 77; }
command -v mergecap >/dev/null 2>&1 || { echo "SKIP: mergecap not installed"; exit 77; }
[ "$(id -u)" -eq 0 ] || { echo "SKIP: needs root"; exit 77; }
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
getent passwd daemon >/dev/null || { echo "SKIP: no user daemon"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-privsep.XXXXXX")
chmod 0700 "$tmp"
cleanup() { rm -rf "$tmp"; }
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok   $*"; }
IN="$DATA/mixed.pcap"
frames() { cat "$@" >/dev/null && for f in "$@"; do tshark -r "$f" 2>/dev/null; done | wc -l; }

# a 3 MB input, so that -C 1 (a million bytes) rotates
mergecap -a -F pcap -w "$tmp/big.pcap" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" \
	"$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" \
	"$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" "$IN" || fail "mergecap"
want=$(frames "$tmp/big.pcap")
[ "$want" -eq 16750 ] || fail "tshark reads $want frames of big.pcap"

# root login, root-only directory: pktop becomes nobody, the helper makes
# every file, owned by root
d="$tmp/root-only"
mkdir -m 0700 "$d"
env -u SUDO_USER "$PKTOP" --batch -r "$tmp/big.pcap" -w "$d/out.pcap" -C 1 \
	>/dev/null 2>"$tmp/err" || fail "-C 1 as root: exit $? $(cat "$tmp/err")"
n=$(ls "$d" | wc -l)
[ "$n" -ge 3 ] || fail "-C 1 made $n files"
got=$(frames "$d"/out.pcap*)
[ "$got" -eq "$want" ] || fail "-C 1 in a root-only directory: $got of $want frames"
[ -z "$(find "$d" -type f ! -user root)" ] || fail "-C 1: files not owned by root: $(ls -l "$d")"
ok "root-only dir, -C 1: $n files, $got frames, owned by root"

# -G 1 on packet time, -W 2 -C: the same, smaller
env -u SUDO_USER "$PKTOP" --batch -r "$IN" -w "$d/g-%s.pcap" -G 1 \
	>/dev/null 2>"$tmp/err" || fail "-G 1 as root: exit $? $(cat "$tmp/err")"
got=$(frames "$d"/g-*.pcap)
[ "$got" -eq 670 ] || fail "-G 1 in a root-only directory: $got of 670 frames"
ok "root-only dir, -G 1: $(ls "$d"/g-*.pcap | wc -l) files, $got frames"

# sudo: the files are the invoking user's, whoever pktop became (-Z)
chmod 0711 "$d"
mkdir -m 0700 "$d/sub"
SUDO_USER=daemon "$PKTOP" -Z nobody --batch -r "$IN" -w "$d/sub/s.pcap" \
	-C 20k >/dev/null 2>"$tmp/err" || fail "sudo -C: exit $? $(cat "$tmp/err")"
[ -z "$(find "$d/sub" -type f ! -user daemon)" ] ||
	fail "sudo: files not owned by the invoking user: $(ls -l "$d/sub")"
[ "$(frames "$d"/sub/s.pcap*)" -eq 670 ] || fail "sudo -C: frames lost"
ok "sudo: files owned by the invoking user"

# planted links in a world-writable directory: targets untouched
ww="$tmp/ww"
mkdir -m 1777 "$ww"
echo precious >"$tmp/target"
ln -s "$tmp/target" "$ww/sym.pcap"
env -u SUDO_USER "$PKTOP" --batch -r "$IN" -w "$ww/sym.pcap" >/dev/null 2>"$tmp/err" &&
	fail "-w through a symlink succeeded"
grep -q "not a regular file" "$tmp/err" || fail "symlink: $(cat "$tmp/err")"
ln "$tmp/target" "$ww/hard.pcap"
env -u SUDO_USER "$PKTOP" --batch -r "$IN" -w "$ww/hard.pcap" >/dev/null 2>"$tmp/err" &&
	fail "-w onto a hard link succeeded"
grep -q "hard links" "$tmp/err" || fail "hard link: $(cat "$tmp/err")"
# a rotation onto a planted symlink: refused, the target kept
ln -s "$tmp/target" "$ww/r.pcap1"
env -u SUDO_USER "$PKTOP" --batch -r "$IN" -w "$ww/r.pcap" -C 20k >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" -eq 2 ] || fail "a refused rotation: exit status $rc, not 2"
grep -q "packets not written: .*not a regular file" "$tmp/err" ||
	fail "a refused rotation: $(cat "$tmp/err")"
[ "$(cat "$tmp/target")" = precious ] || fail "a planted link's target was written"
ok "planted symlink and hard link: refused, target untouched"

# -V parses as nobody: no capabilities, no way back
fifo="$tmp/fifo"
mkfifo "$fifo"
"$PKTOP" -r "$IN" -V >"$fifo" &
pid=$!
exec 3<"$fifo"
sleep 1
st=$(grep -E '^(Uid|CapEff|NoNewPrivs):' "/proc/$pid/status")
cat <&3 >/dev/null
exec 3<&-
wait "$pid" || fail "-V exit $?"
echo "$st" | grep -q "^Uid:.65534" || fail "-V runs as: $st"
echo "$st" | grep -q "^CapEff:.0000000000000000" || fail "-V caps: $st"
echo "$st" | grep -q "^NoNewPrivs:.1" || fail "-V: $st"
ok "-V: nobody, CapEff 0, NoNewPrivs 1"
