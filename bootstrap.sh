#!/bin/sh
# Sets up a fresh Debian machine and builds pktop:
# installs the missing build dependencies (as root, or through sudo when it
# exists), then autoreconf, configure and make. Extra arguments go to
# configure, e.g. ./bootstrap.sh --enable-sanitizers
set -e
cd "$(dirname "$0")"

deps="build-essential autoconf automake autopoint gettext pkg-config \
libpcap-dev libncurses-dev uthash-dev libcmocka-dev"

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
	$as_root apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $as_root apt-get install -y -qq $missing
fi

autoreconf -fi
./configure "$@"
make -j"$(nproc 2>/dev/null || echo 2)"
