#!/bin/sh
# doc_options: the man page against `pktop --help`. Every option line of
# --help ("-i, --interface", "--batch") must have an entry under OPTIONS in
# doc/pktop.8 spelled the same way (short and long form), and the other
# way round; a long option mentioned anywhere else in the page must be one
# --help knows. Then, when groff is installed, the page must render without
# a single warning.
# make check sets PKTOP and top_srcdir; PKTOP_MANPAGE picks another page
# (to try the test on a broken copy).

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
: "${PKTOP:=${top_builddir:-$here/../..}/src/pktop}"
: "${PKTOP_MANPAGE:=$top_srcdir/doc/pktop.8}"
man=$PKTOP_MANPAGE

[ -x "$PKTOP" ] || { echo "pktop not built at $PKTOP"; exit 99; }
[ -r "$man" ] || { echo "no man page at $man"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-doc.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# Print the lines of FILE, one per line, after a heading; nothing when the
# file is empty.
show() {
	sed 's/^/       /' "$1"
}

# --- what --help says -----------------------------------------------------
# Help lines that define an option start with two spaces and "-x, --long",
# or six spaces and "--long" (a long option with no short form); the
# continuation lines of a description are indented much further.
LC_ALL=C "$PKTOP" --help >"$tmp/help" 2>"$tmp/help.err"
rc=$?
if [ $rc -ne 0 ] || [ ! -s "$tmp/help" ]; then
	echo "FAIL pktop --help: status $rc: $(head -n 1 "$tmp/help.err")"
	exit 1
fi
sed -n -E \
	-e 's/^  (-[A-Za-z0-9]), (--[a-z0-9][a-z0-9-]*).*/\1, \2/p' -e t \
	-e 's/^      (--[a-z0-9][a-z0-9-]*).*/\1/p' -e t \
	-e 's/^  (-[A-Za-z0-9])( .*)?$/\1/p' \
	"$tmp/help" | LC_ALL=C sort >"$tmp/help.entries"
# every long option named anywhere in --help
grep -oE -e '(^|[^A-Za-z0-9-])--[a-z0-9][a-z0-9-]*' "$tmp/help" |
	sed -E 's/^[^-]+//' | LC_ALL=C sort -u >"$tmp/help.all"
sed -n -E 's/^(-[A-Za-z0-9], )?(--[a-z0-9-]+)$/\2/p' "$tmp/help.entries" |
	LC_ALL=C sort -u >"$tmp/help.long"

# The parser above must see every option --help names, or a change in the
# layout of --help would make this test compare two empty lists.
LC_ALL=C comm -23 "$tmp/help.all" "$tmp/help.long" >"$tmp/undefined"
if [ "$(wc -l <"$tmp/help.long")" -lt 10 ]; then
	fail "--help: only $(wc -l <"$tmp/help.long") option lines found; has its layout changed?"
elif [ -s "$tmp/undefined" ]; then
	fail "--help names options that no line of it defines (or this test misreads its layout):"
	show "$tmp/undefined"
else
	pass "--help: $(wc -l <"$tmp/help.entries") options"
fi

# --- what the man page says ------------------------------------------------
# roff to plain text, enough for option names: drop comments, turn the
# escapes \- \% \& \e \(aq and font changes into what they print.
sed -e '/^\.\\"/d' -e 's/\\".*//' \
	-e 's/\\-/-/g' -e 's/\\%//g' -e 's/\\&//g' -e 's/\\e/\\/g' \
	-e 's/\\(aq/'"'"'/g' -e 's/\\(en/-/g' \
	-e 's/\\f\[[^]]*\]//g' -e 's/\\f([A-Za-z][A-Za-z]//g' \
	-e 's/\\f[A-Za-z0-9]//g' -e 's/\\ / /g' \
	"$man" >"$tmp/man.txt"

# The tag lines (the line after .TP) in the OPTIONS section; a tag given
# with a macro (.B, .BR, ...) loses the macro and its quotes.
awk '
	/^\.SH/ { in_opts = ($0 ~ /^\.SH[ \t]+"?OPTIONS"?[ \t]*$/); tag = 0; next }
	!in_opts { next }
	/^\.TP/ { tag = 1; next }
	tag && /^\.(PD|IP|TQ)/ { next }
	tag {
		tag = 0
		line = $0
		sub(/^\.[A-Z][A-Z]?[ \t]+/, "", line)
		gsub(/"/, "", line)
		gsub(/[ \t]+/, " ", line)
		gsub(/ ,/, ",", line)
		sub(/^ /, "", line)
		print line
	}
' "$tmp/man.txt" | sed -n -E \
	-e 's/^(-[A-Za-z0-9]), ?(--[a-z0-9][a-z0-9-]*).*/\1, \2/p' -e t \
	-e 's/^(--[a-z0-9][a-z0-9-]*).*/\1/p' -e t \
	-e 's/^(-[A-Za-z0-9])([ ,].*)?$/\1/p' \
	>"$tmp/man.raw"
LC_ALL=C sort -u "$tmp/man.raw" >"$tmp/man.entries"
LC_ALL=C sort "$tmp/man.raw" | uniq -d >"$tmp/man.twice"
grep -oE -e '(^|[^A-Za-z0-9-])--[a-z0-9][a-z0-9-]*' "$tmp/man.txt" |
	sed -E 's/^[^-]+//' | LC_ALL=C sort -u >"$tmp/man.all"

if [ ! -s "$tmp/man.entries" ]; then
	fail "$man: no option entries found under .SH OPTIONS"
fi

# --- the comparison ----------------------------------------------------
LC_ALL=C comm -23 "$tmp/help.entries" "$tmp/man.entries" >"$tmp/missing"
LC_ALL=C comm -13 "$tmp/help.entries" "$tmp/man.entries" >"$tmp/extra"
if [ -s "$tmp/missing" ]; then
	fail "in pktop --help but not under OPTIONS in $man (spelled as --help spells it):"
	show "$tmp/missing"
fi
if [ -s "$tmp/extra" ]; then
	fail "under OPTIONS in $man but not in pktop --help:"
	show "$tmp/extra"
fi
if [ -s "$tmp/man.twice" ]; then
	fail "listed twice under OPTIONS in $man:"
	show "$tmp/man.twice"
fi
if [ ! -s "$tmp/missing" ] && [ ! -s "$tmp/extra" ] &&
   [ -s "$tmp/man.entries" ]; then
	pass "OPTIONS in $(basename "$man") match --help ($(wc -l <"$tmp/man.entries") entries)"
fi

LC_ALL=C comm -13 "$tmp/help.all" "$tmp/man.all" >"$tmp/unknown"
if [ -s "$tmp/unknown" ]; then
	fail "$man mentions long options that pktop --help does not know:"
	show "$tmp/unknown"
else
	pass "every long option the page mentions is in --help"
fi

# --- rendering ----------------------------------------------------------
if command -v groff >/dev/null 2>&1; then
	LC_ALL=C groff -man -Tutf8 -ww -z "$man" >"$tmp/groff.out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || [ -s "$tmp/groff.out" ]; then
		fail "groff -man -Tutf8 -ww: status $rc:"
		show "$tmp/groff.out"
	else
		pass "groff -man -Tutf8 -ww renders it without a warning"
	fi
else
	echo "skip groff not installed: rendering not checked"
fi

[ $fails -eq 0 ] || { echo "$fails failed"; exit 1; }
exit 0
