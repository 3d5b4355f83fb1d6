#!/bin/sh
# tui_filter_huge: a pasted 7 KB capture filter ('port 1 or ... or port
# 599', which libpcap's optimiser needs tens of seconds for, as tcpdump
# does) does not freeze the UI: a worker compiles it, keys stay live, Esc
# cancels it, the CPU budget refuses it with one clear line, q quits while
# it compiles, and the old filter stays in force throughout. Prints how
# long each answer took (no timing assertion: the box may be loaded).
: "${TUI_TIMEOUT:=240}"
. "$(dirname "$0")/../lib/tui_lib.sh"
tui_need_engine mixed.pcap

huge=$(python3 -c "print(' or '.join('port %d' % i for i in range(1, 600)))")
[ "${#huge}" -gt 7000 ] || fail "the filter is only ${#huge} bytes"
ms() { date +%s%3N; }

for size in "80 24" "120 40" "200 60"; do
	# shellcheck disable=SC2086
	tui_start $size "$PKTOP" -n -r "$DATA/mixed.pcap" ||
		fail "cannot start tmux"
	tui_wait 'filter: \(none\)' || exit 1
	tui_keys f
	tui_wait 'Filter \(BPF\):' || exit 1
	tui_keys -l "$huge"
	tui_wait 'port 599' 300 || fail "the pasted filter is not all there"
	t0=$(ms)
	tui_keys Enter
	tui_wait 'compiling the capture filter' || exit 1
	echo "size $size: Enter -> compiling shown in $(($(ms) - t0)) ms"
	# keys work while it compiles: switch views, and back
	tui_keys 4
	tui_wait 'Destination' || fail "the view did not change while compiling"
	t0=$(ms)
	tui_keys Escape
	tui_wait 'cancelled' || exit 1
	echo "size $size: Esc -> cancelled in $(($(ms) - t0)) ms"
	tui_wait 'Filter \(BPF\): .*port 599' ||
		fail "the line did not reopen with the filter to fix it"
	tui_screen | grep -q 'filter: (none)' ||
		fail "the old filter is not in force"
	# q while it compiles quits at once (the compile is killed)
	tui_keys Enter
	tui_wait 'compiling the capture filter' || exit 1
	t0=$(ms)
	tui_quit || fail "q did not quit while the filter compiled"
	echo "size $size: q while compiling -> gone in $(($(ms) - t0)) ms"
	tmux_ kill-server >/dev/null 2>&1
done

# The budget: left alone, the compile is refused with one line (5 s of
# CPU; more wall time on a loaded box), the old filter kept, q works.
tui_start 120 40 "$PKTOP" -n -r "$DATA/mixed.pcap" || fail "cannot start tmux"
tui_wait 'filter: \(none\)' || exit 1
tui_keys f
tui_wait 'Filter \(BPF\):' || exit 1
tui_keys -l "$huge"
tui_wait 'port 599' 300 || exit 1
t0=$(ms)
tui_keys Enter
tui_wait 'more than 5 s' 1200 || fail "the budget did not refuse the filter"
echo "budget: refused after $(($(ms) - t0)) ms"
tui_keys Escape
tui_wait 'filter: \(none\)' || fail "the old filter is not in force"
# a good filter still goes through the worker
tui_keys f C-u
tui_keys -l 'icmp'
tui_keys Enter
tui_wait 'filter: icmp ' || exit 1
tui_quit || exit 1
echo "PASS"
