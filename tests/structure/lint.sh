#!/bin/sh
# lint: what `make lint` runs (not part of make check): shellcheck on every
# test script (severity warning and up, following what they source), and
# cppcheck on src/ and ui/ against cppcheck-baseline.txt beside this file,
# the known false positives (uthash's HASH_ITER leaves its temporary
# "uninitialised"). Anything new fails, one line each with its place; a
# baseline line that no longer occurs is named so it can go.
#
# Usage: lint.sh                    (top_srcdir, top_builddir from make)
#        lint.sh --update-baseline  (write today's cppcheck findings)
# Needs shellcheck, cppcheck and uthash.h (Debian: shellcheck cppcheck
# uthash-dev).

srcdir=${top_srcdir:-.}
builddir=${top_builddir:-$srcdir}
baseline="$srcdir/tests/structure/cppcheck-baseline.txt"
uthash=${UTHASH_H:-/usr/include/uthash.h}
status=0

for tool in shellcheck cppcheck; do
	command -v "$tool" >/dev/null 2>&1 || {
		echo "lint: $tool is not installed (Debian: apt-get install $tool)" >&2
		exit 2
	}
done
[ -f "$uthash" ] || {
	echo "lint: no $uthash (Debian: uthash-dev; or set UTHASH_H)" >&2
	exit 2
}
tmp=$(mktemp -d) || exit 2
trap 'rm -rf "$tmp"' EXIT
cd "$srcdir" || exit 2

if [ "${1-}" != --update-baseline ]; then
	echo "lint: shellcheck on tests/"
	find tests -name '*.sh' | LC_ALL=C sort >"$tmp/scripts"
	# shellcheck disable=SC2046 # the paths hold no blanks
	shellcheck -x -P SCRIPTDIR -S warning -f gcc $(cat "$tmp/scripts") ||
		status=1
fi

# FILE:LINE:ID:MESSAGE; compared without the line, so an edit above a
# known false positive does not make it new
echo "lint: cppcheck on src/ and ui/"
cppcheck -q -j2 --std=c11 --enable=warning,portability --inline-suppr \
	-I "$builddir" -I src --include="$uthash" \
	--template='{file}:{line}:{id}:{message}' src ui 2>"$tmp/found"
sed 's/^\([^:]*\):[0-9]*:/\1:/' "$tmp/found" | LC_ALL=C sort -u \
	>"$tmp/keys"
if [ "${1-}" = --update-baseline ]; then
	{
		echo "# cppcheck's known false positives on src/ and ui/, as"
		echo "# FILE:ID:MESSAGE (tests/structure/lint.sh; regenerate"
		echo "# with lint.sh --update-baseline after checking each new one)"
		cat "$tmp/keys"
	} >"$baseline"
	echo "lint: $(wc -l <"$tmp/keys") findings written to $baseline"
	exit 0
fi
grep -v '^#' "$baseline" | LC_ALL=C sort -u >"$tmp/known"
LC_ALL=C comm -23 "$tmp/keys" "$tmp/known" >"$tmp/new"
LC_ALL=C comm -13 "$tmp/keys" "$tmp/known" >"$tmp/gone"
while IFS= read -r key; do
	file=${key%%:*}
	rest=${key#*:}
	grep -F "$file:" "$tmp/found" | while IFS= read -r line; do
		l=${line#"$file":}
		[ "${l#*:}" = "$rest" ] && echo "lint: new: $line"
	done
	status=1
done <"$tmp/new"
while IFS= read -r key; do
	echo "lint: no longer found (remove it from $baseline): $key"
done <"$tmp/gone"
[ -s "$tmp/new" ] && status=1
[ $status -eq 0 ] && echo "lint: clean"
exit $status
