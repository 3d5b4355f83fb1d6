#!/bin/sh
# Sets up a fresh Debian machine and builds pktop:
# installs the missing build dependencies and the tools the tests compare
# with or drive (tshark, tcpdump, tcpreplay, tmux, python3, ip), as root or
# through sudo when it exists, then autoreconf, configure and make, so that
# `make check` runs every test rather than skipping those tools' tests.
# Extra arguments go to configure, e.g. ./bootstrap.sh --enable-sanitizers
# PKTOP_NO_TEST_TOOLS=1 installs the build dependencies only.
set -e
cd "$(dirname "$0")"

deps="build-essential autoconf automake autopoint gettext pkg-config \
libpcap-dev libncurses-dev uthash-dev libcmocka-dev zlib1g-dev"
# what make check runs against: tshark is the referee, tcpreplay and ip
# make live traffic in namespaces, tmux drives the UI, nfdump's nfcapd
# collects --ipfix, softflowd exports to --collect
test_tools="tshark tcpdump tcpreplay tmux python3 iproute2 bsdextrautils \
time locales nfdump softflowd python3-cryptography"
[ "${PKTOP_NO_TEST_TOOLS:-0}" = 1 ] || deps="$deps $test_tools"

missing=
for pkg in $deps; do
	dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $pkg"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		as_root=
	elif command -v sudo >/dev/null 2>&1; then
		as_root=sudo
	else
		echo "bootstrap.sh: missing Debian packages:$missing" >&2
		echo "bootstrap.sh: run as root, or install them: apt-get install$missing" >&2
		exit 1
	fi
	echo "bootstrap.sh: installing$missing"
	# tshark's package asks whether non-root users may capture: answer no
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
		$as_root debconf-set-selections
	$as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq \
		--no-install-recommends $missing
fi

autoreconf -fi
./configure "$@"
make -j"$(nproc 2>/dev/null || echo 2)"
