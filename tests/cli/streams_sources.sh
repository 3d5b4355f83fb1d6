#!/bin/sh
# streams_sources: several sources in one run. --remote starts the ssh
# pipeline (a substitute command here, --remote-cmd) whose remote side
# leaves out its own SSH session; two -i on two veth pairs made for the
# test (namespaces, root only) are both counted.
: "${top_srcdir:=$(cd "$(dirname "$0")/../.." && pwd)}"
: "${PKTOP:=$top_srcdir/src/pktop}"
DATA="$top_srcdir/tests/data"
[ -x "$PKTOP" ] || { echo "SKIP: $PKTOP not built"; exit 77; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-sources.XXXXXX")
NS1=pktop-src1-$$ NS2=pktop-src2-$$
cleanup() {
	ip netns del "$NS1" 2>/dev/null
	ip netns del "$NS2" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }
json() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print($2)" "$1"; }

# ---- --remote with a substitute for ssh: it notes its arguments and
# sends a capture, as `ssh HOST tcpdump -U -w -` would
cat >"$tmp/fakessh" <<EOS
#!/bin/sh
printf '%s\n' "\$1" >>"$tmp/hosts"
printf '%s\n' "\$2" >"$tmp/cmd-\$1"
exec cat "$DATA/mixed.pcap"
EOS
chmod +x "$tmp/fakessh"
"$PKTOP" --batch --format json --remote web1 --remote 'admin@router:eth1' \
	--remote-cmd "$tmp/fakessh" >"$tmp/r.json" || fail "--remote: exit status $?"
[ "$(json "$tmp/r.json" 'd["totals"]["packets"]')" = 1340 ] ||
	fail "--remote: $(json "$tmp/r.json" 'd["totals"]') (want 2 x 670 packets)"
[ "$(json "$tmp/r.json" 'd["source"]["name"]')" = "web1, admin@router:eth1" ] ||
	fail "--remote: source $(json "$tmp/r.json" 'd["source"]')"
[ "$(sort "$tmp/hosts" | tr '\n' ' ')" = "admin@router web1 " ] ||
	fail "--remote: ssh got hosts $(cat "$tmp/hosts")"
grep -q -- '-i eth1' "$tmp/cmd-admin@router" || fail "--remote: no -i eth1 in $(cat "$tmp/cmd-admin@router")"
grep -q -- '-i' "$tmp/cmd-web1" && fail "--remote: an interface for web1: $(cat "$tmp/cmd-web1")"

# the remote command itself, run by a shell with a tcpdump that prints
# its arguments: inside an SSH session it leaves that session out
mkdir "$tmp/bin"
cat >"$tmp/bin/tcpdump" <<'EOS'
#!/bin/sh
for a in "$@"; do printf '[%s]' "$a"; done
EOS
cat >"$tmp/bin/sudo" <<'EOS'
#!/bin/sh
shift; printf 'sudo:'; exec "$@"
EOS
chmod +x "$tmp/bin/tcpdump" "$tmp/bin/sudo"
got=$(env PATH="$tmp/bin:$PATH" SSH_CONNECTION="192.0.2.7 50522 192.0.2.1 22" \
	sh -c "$(cat "$tmp/cmd-admin@router")")
want='[-U][-n][-s][0][-i][eth1][-w][-][not (tcp and host 192.0.2.7 and port 50522 and host 192.0.2.1 and port 22)]'
[ "$(id -u)" = 0 ] || want="sudo:$want"
[ "$got" = "$want" ] || fail "remote command ran as '$got', want '$want'"
got=$(env -u SSH_CONNECTION PATH="$tmp/bin:$PATH" sh -c "$(cat "$tmp/cmd-web1")")
case $got in *'[-w][-]') ;; *) fail "without SSH_CONNECTION: '$got'" ;; esac

# a remote spec that could smuggle options or shell: refused, status 2
"$PKTOP" --batch --remote '-oProxyCommand=x' --remote-cmd "$tmp/fakessh" \
	>/dev/null 2>"$tmp/err" && fail "--remote -o... accepted"
"$PKTOP" --batch --remote 'host:eth0;reboot' --remote-cmd "$tmp/fakessh" \
	>/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'bad --remote' "$tmp/err" || fail "bad interface: $(cat "$tmp/err")"
# a command that sends nothing: one clear line
"$PKTOP" --batch --remote web1 --remote-cmd /bin/true >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "an empty remote: $(cat "$tmp/err")"

# ---- two -i: two veth pairs, each with its far end in a namespace
if [ "$(id -u)" != 0 ] || ! command -v ip >/dev/null 2>&1 ||
	! ip netns add "$NS1" 2>/dev/null; then
	echo "note: not root or no network namespaces: two -i not tried"
	echo PASS
	exit 0
fi
ip netns add "$NS2" || fail "ip netns add"
i=0
for ns in "$NS1" "$NS2"; do
	i=$((i + 1))
	ip link add "pks$i-$$" type veth peer name "pkp$i" netns "$ns" || fail "veth"
	ip addr add "10.211.$i.1/24" dev "pks$i-$$"
	ip link set "pks$i-$$" up
	ip -n "$ns" addr add "10.211.$i.2/24" dev "pkp$i"
	ip -n "$ns" link set "pkp$i" up
done
"$PKTOP" --batch --format json -i "pks1-$$" -i "pks2-$$" --duration 4 \
	>"$tmp/two.json" 2>"$tmp/two.err" &
pid=$!
sleep 1
# UDP datagrams into each namespace (nothing listens: ICMP answers)
python3 - <<'PY'
import socket, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for k in range(5):
    for dst in ("10.211.1.2", "10.211.2.2"):
        s.sendto(b"pktop two sources", (dst, 40000))
    time.sleep(0.2)
PY
wait $pid || fail "two -i: exit status $? ($(cat "$tmp/two.err"))"
python3 - "$tmp/two.json" <<'PY' || fail "two -i: $(cat "$tmp/two.json" | head -c 600)"
import json, sys
d = json.load(open(sys.argv[1]))
udp = {}
for c in d["connections"]:
    if c["proto"] == "udp" and c["b_port"] == 40000:
        udp[c["b"]] = udp.get(c["b"], 0) + c["a_to_b_packets"]
assert udp.get("10.211.1.2", 0) >= 4 and udp.get("10.211.2.2", 0) >= 4, udp
assert ", " in d["source"]["name"], d["source"]
PY
grep -q "packets captured" "$tmp/two.err" || fail "two -i: no capture counts at exit"
echo PASS
