#!/bin/sh
# error_names: a name from the command line reaches stderr only through
# the escaper (base/escape): an interface, a -r file and a -w path with
# terminal escapes in them come out as \x1b, never as the raw byte. The
# settings file: the default one unreadable (EACCES) is as good as none,
# silently; one named with --config is an error.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
DATA="$top_srcdir/tests/data"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-names.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
esc=$(printf '\033')

# check NAME ARGS...: status 2, one line, the escape shown as \x1b
check() {
	name=$1
	shift
	"$PKTOP" "$@" >/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] || fail "$name: status $rc"
	[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$name: $(cat "$tmp/err")"
	grep -q "$esc" "$tmp/err" && fail "$name: a raw escape reached stderr"
	grep -q 'x1b\[31m' "$tmp/err" || fail "$name: not escaped: $(cat "$tmp/err")"
	echo "ok   $name"
}
check "-i" --batch -i "eth${esc}[31mX"
check "-r" --batch -r "$tmp/no${esc}[31mfile"
check "-w" --batch -r "$DATA/mixed.pcap" -w "$tmp/no${esc}[31mdir/out.pcap"

# settings: unreadable default = none; unreadable --config = error
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null 2>&1; then
	mkdir -p "$tmp/home/.config/pktop"
	echo "view = protocols" >"$tmp/home/.config/pktop/pktoprc"
	chmod 0000 "$tmp/home/.config/pktop/pktoprc"
	chmod -R a+rX "$tmp"
	chmod 0000 "$tmp/home/.config/pktop/pktoprc"
	cp "$DATA/mixed.pcap" "$tmp/in.pcap"
	chmod 0644 "$tmp/in.pcap"
	as_nobody() {
		env -u XDG_CONFIG_HOME HOME="$tmp/home" setpriv --reuid=nobody \
			--regid="$(id -g nobody)" --clear-groups "$PKTOP" "$@"
	}
	as_nobody --batch -r "$tmp/in.pcap" >/dev/null 2>"$tmp/err" ||
		fail "unreadable default settings: status $?"
	[ -s "$tmp/err" ] && fail "unreadable default settings said: $(cat "$tmp/err")"
	as_nobody --batch -r "$tmp/in.pcap" --config "$tmp/home/.config/pktop/pktoprc" \
		>/dev/null 2>"$tmp/err"
	rc=$?
	[ "$rc" -eq 2 ] && grep -q "cannot read the settings file" "$tmp/err" ||
		fail "unreadable --config: status $rc, $(cat "$tmp/err")"
	echo "ok   settings: default unreadable = none, --config unreadable = error"
else
	echo "note: not root or no setpriv: the settings case was not run"
fi
echo PASS
