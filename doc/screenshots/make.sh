#!/bin/sh
# make.sh PKTOP: redraws the screenshots here from tmux capture-pane, with
# pktop replaying tests/data/mixed.pcap (so the bandwidth graph has bars)
# at 120x32 in a UTF-8 locale, as tmux's own terminal type (with
# xterm-256color inside tmux, capture-pane gives line-drawing glyphs as
# the letters that select them: lqqk).
set -e
pktop=${1:-src/pktop}
# absolute: the session runs it from tests/data
pktop=$(cd "$(dirname "$pktop")" && pwd)/$(basename "$pktop")
here=$(cd "$(dirname "$0")" && pwd)
data=$(cd "$here/../../tests/data" && pwd)
sock=pktop-shots-$$
t() { tmux -L "$sock" -f /dev/null "$@"; }
trap 't kill-server >/dev/null 2>&1' EXIT
t new-session -d -x 120 -y 32 \
	"cd $data && exec env LANG=C.UTF-8 TERM=tmux-256color $pktop -n --replay=2 -r mixed.pcap"
t set -s escape-time 0
sleep 3
shot() { t capture-pane -p -t 0 | sed 's/ *$//' >"$here/$1.txt"; }
shot hosts
t send-keys -t 0 2; sleep 1.2; shot conns
t send-keys -t 0 3; sleep 1.2; shot protos
t send-keys -t 0 4 g; sleep 1.2
t send-keys -t 0 j j j Enter; sleep 1; t send-keys -t 0 j j j j j j j j j j j j j; sleep 1; shot detail
t send-keys -t 0 Escape; sleep 0.5; shot packets
t send-keys -t 0 '?'; sleep 1; shot help
