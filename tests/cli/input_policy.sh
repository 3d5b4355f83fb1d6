#!/bin/sh
# input_policy: one exit-status policy for bad input captures (pktop(8)
# EXIT STATUS), every row in every mode: a file cut in the middle of a
# record, garbage, an empty file and a directory given to -r, read by
# --batch, --batch -w, -V, --fields, --follow and the terminal UI. Each
# ends with status 2 and exactly one line on stderr, the same words in
# every mode, naming the file; a cut file's packets before the cut are
# still reported (and written: as many as tshark reads from it).
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
DATA="$top_srcdir/tests/data"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-inpol.XXXXXX")
sock="pktop-inpol-$$"
trap 'tmux -L "$sock" kill-server >/dev/null 2>&1; rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*"; fails=$((fails + 1)); }

# the inputs: 20000 bytes of mixed.pcap end inside packet 107
head -c 20000 "$DATA/mixed.pcap" >"$tmp/cut.pcap"
printf 'GARBAGE%.0s' $(seq 1 200) >"$tmp/garbage.pcap"
: >"$tmp/empty.pcap"
mkdir "$tmp/dir.pcap"

# input; the one stderr line (grep -E); stdout has the packets before
rows="cut;^pktop: reading '[^']*cut\.pcap' stopped: .*(truncated|only got);yes
garbage;^pktop: cannot read '[^']*garbage\.pcap': not a pcap or pcapng capture;no
empty;^pktop: cannot read '[^']*empty\.pcap': the file is empty, not a pcap or pcapng capture;no
dir;^pktop: cannot read '[^']*dir\.pcap': it is a directory, not a capture file;no"

# run MODE FILE: the mode's command on FILE; stdout in out, stderr in err
run() {
	rm -f "$tmp/w.pcap"
	case $1 in
	batch) "$PKTOP" --batch -r "$2" ;;
	batch-w) "$PKTOP" --batch -r "$2" -w "$tmp/w.pcap" ;;
	V) "$PKTOP" -V -r "$2" ;;
	fields) "$PKTOP" --fields -e frame.number -r "$2" ;;
	follow) "$PKTOP" --follow tcp,0 -r "$2" ;;
	ui) ui "$2" ;;
	esac >"$tmp/out" 2>"$tmp/err"
}

# ui FILE: pktop's UI in tmux at 80x24; q once it is up; its status
ui() {
	rm -f "$tmp/rc"
	tmux -L "$sock" -f /dev/null new-session -d -x 80 -y 24 \
		"env TERM=xterm-256color '$PKTOP' -n -r '$1' 2>'$tmp/uierr'; echo \$? >'$tmp/rc'"
	n=0
	while [ ! -e "$tmp/rc" ] && [ "$n" -lt 150 ]; do
		if tmux -L "$sock" capture-pane -p -t 0 2>/dev/null |
			grep -q 'Hosts'; then
			tmux -L "$sock" send-keys -t 0 q
		fi
		sleep 0.2
		n=$((n + 1))
	done
	tmux -L "$sock" kill-server >/dev/null 2>&1
	cat "$tmp/uierr" >&2
	[ -e "$tmp/rc" ] || return 124
	return "$(cat "$tmp/rc")"
}

command -v tmux >/dev/null 2>&1 && ui_mode=ui
for mode in batch batch-w V fields follow $ui_mode; do
	echo "$rows" | while IFS=';' read -r name re before; do
		run "$mode" "$tmp/$name.pcap"
		rc=$?
		what="$name in $mode"
		[ "$rc" -eq 2 ] || { fail "$what: status $rc, not 2"; continue; }
		[ "$(wc -l <"$tmp/err")" -eq 1 ] ||
			{ fail "$what: not one line: $(cat "$tmp/err")"; continue; }
		grep -Eq "$re" "$tmp/err" ||
			{ fail "$what: $(cat "$tmp/err")"; continue; }
		if [ "$before" = yes ] && [ "$mode" != ui ] &&
			[ ! -s "$tmp/out" ]; then
			fail "$what: nothing reported before the cut"
			continue
		fi
		if [ "$mode" = batch-w ] && [ "$before" = yes ] &&
			command -v tshark >/dev/null 2>&1; then
			want=$(tshark -r "$tmp/cut.pcap" 2>/dev/null | wc -l)
			got=$(tshark -r "$tmp/w.pcap" 2>/dev/null | wc -l)
			if [ "$got" -ne "$want" ] || [ "$got" -eq 0 ]; then
				fail "$what: -w kept $got packets, tshark reads $want"
				continue
			fi
		fi
		echo "ok   $what"
	done
done >"$tmp/log"
cat "$tmp/log"
grep -q '^FAIL' "$tmp/log" && exit 1
[ "$(grep -c '^ok' "$tmp/log")" -ge 20 ] || { echo "FAIL: rows missing"; exit 1; }
echo "PASS"
