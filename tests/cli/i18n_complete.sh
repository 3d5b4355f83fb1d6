#!/bin/sh
# i18n_complete: the translations are complete. A fresh template is made
# from po/POTFILES.in with po/Makevars' xgettext options (not the pktop.pot
# in the tree, which may be older than the sources); every language of
# po/LINGUAS is merged with it the way `make update-po` would, and every
# message must come out translated: not empty, not fuzzy (a msgid that
# changed, or whose format flags differ from the template's, turns fuzzy on
# the merge and its translation is no longer used). msgfmt -c must accept
# each .po. Every file of src/ and ui/ with translatable strings must be
# listed in po/POTFILES.in, or its strings never reach a translator.
# make check sets top_srcdir; point it at a copy of the tree to try the
# test on a broken translation.

here=$(cd "$(dirname "$0")" && pwd)
: "${top_srcdir:=$(cd "$here/../.." && pwd)}"
po=$top_srcdir/po

for t in xgettext msgmerge msgattrib msgfmt; do
	command -v $t >/dev/null 2>&1 || { echo "SKIP: $t not installed"; exit 77; }
done
[ -r "$po/POTFILES.in" ] || { echo "no $po/POTFILES.in"; exit 99; }
[ -r "$po/Makevars" ] || { echo "no $po/Makevars"; exit 99; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/pktop-i18n.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

fails=0
pass() { echo "ok   $1"; }
fail() { echo "FAIL $1"; fails=$((fails + 1)); }

# XGETTEXT_OPTIONS of po/Makevars, its continuation lines joined.
opts=$(sed -n '/^XGETTEXT_OPTIONS[ 	]*=/,/[^\\]$/p' "$po/Makevars" |
	sed 's/^XGETTEXT_OPTIONS[ 	]*=//; s/\\$//' | tr '\n\t' '  ')
[ -n "$opts" ] || { echo "no XGETTEXT_OPTIONS in $po/Makevars"; exit 99; }

# The files of POTFILES.in, without comments and blank lines.
sed -e 's/#.*//' -e 's/[ 	]*$//' -e '/^$/d' "$po/POTFILES.in" \
	>"$tmp/potfiles"

# --- the template ----------------------------------------------------------
# shellcheck disable=SC2086 # $opts is a list of options
if (cd "$top_srcdir" &&
    xgettext $opts --package-name=pktop -o "$tmp/pktop.pot" \
	-f "$tmp/potfiles") 2>"$tmp/xgettext.err"; then
	n=$(grep -c '^msgid ' "$tmp/pktop.pot")
	pass "xgettext made a template from POTFILES.in ($((n - 1)) msgids)"
else
	fail "xgettext failed on POTFILES.in:"
	sed 's/^/       /' "$tmp/xgettext.err"
	exit 1
fi

# --- POTFILES.in lists every file with strings -----------------------------
# xgettext itself says which files have strings for _(), N_() or
# ngettext() (comments and the #define of _ in i18n.h are no calls).
(cd "$top_srcdir" && find src ui -name "*.[ch]" | sort) \
	>"$tmp/sources"
# shellcheck disable=SC2086
if (cd "$top_srcdir" &&
    xgettext $opts -o "$tmp/all.pot" -f "$tmp/sources") 2>"$tmp/all.err"; then
	sed -n 's/^#: //p' "$tmp/all.pot" | tr ' ' '\n' |
		sed -n 's/:[0-9][0-9]*$//p' | sort -u >"$tmp/with_strings"
	sort -u "$tmp/potfiles" >"$tmp/listed"
	comm -23 "$tmp/with_strings" "$tmp/listed" >"$tmp/unlisted"
	if [ -s "$tmp/unlisted" ]; then
		while read -r f; do
			fail "$f has translatable strings but is not in po/POTFILES.in"
		done <"$tmp/unlisted"
	else
		pass "every file of src/ and ui/ with strings is in POTFILES.in"
	fi
else
	fail "xgettext failed on src/ and ui/:"
	sed 's/^/       /' "$tmp/all.err"
fi

# --- each language ---------------------------------------------------------
# msgid blocks (msgid and msgid_plural lines) of the entries of a .po,
# header left out.
msgids() {
	awk '
		/^msgid / { in_id = 1; block = $0; next }
		/^msgstr/ {
			if (in_id && block != "msgid \"\"")
				print "       " block
			in_id = 0
			next
		}
		in_id { block = block "\n         " $0 }
	' "$1"
}

langs=$(sed 's/#.*//' "$po/LINGUAS" 2>/dev/null | tr -s ' \t' '\n\n' |
	sed '/^$/d')
[ -n "$langs" ] || fail "po/LINGUAS lists no language"
for lang in $langs; do
	file=$po/$lang.po
	if [ ! -r "$file" ]; then
		fail "$lang: po/LINGUAS lists it but there is no po/$lang.po"
		continue
	fi
	if msgfmt -c -o /dev/null "$file" 2>"$tmp/$lang.msgfmt"; then
		pass "$lang: msgfmt -c accepts po/$lang.po"
	else
		fail "$lang: msgfmt -c rejects po/$lang.po:"
		sed 's/^/       /' "$tmp/$lang.msgfmt"
	fi
	if ! msgmerge --quiet --no-fuzzy-matching --no-wrap -o "$tmp/$lang.po" \
		"$file" "$tmp/pktop.pot" 2>"$tmp/$lang.merge"; then
		fail "$lang: msgmerge failed:"
		sed 's/^/       /' "$tmp/$lang.merge"
		continue
	fi
	: >"$tmp/$lang.untr"
	: >"$tmp/$lang.fuzzy"
	: >"$tmp/$lang.done"
	msgattrib --no-obsolete --no-wrap --untranslated -o "$tmp/$lang.untr" \
		"$tmp/$lang.po" 2>/dev/null
	msgattrib --no-obsolete --no-wrap --only-fuzzy -o "$tmp/$lang.fuzzy" \
		"$tmp/$lang.po" 2>/dev/null
	# A plural entry with one form empty counts as translated to
	# msgattrib, but that form would print the msgid.
	msgattrib --no-obsolete --no-wrap --translated --no-fuzzy \
		-o "$tmp/$lang.done" "$tmp/$lang.po" 2>/dev/null
	awk '
		function flush() {
			if (bad)
				print "       " block
			bad = 0; empty = 0; block = ""
		}
		/^msgid / { flush(); block = $0; in_id = 1; next }
		/^msgstr/ {
			in_id = 0
			if (empty)
				bad = 1
			empty = ($0 ~ /^msgstr(\[[0-9]+\])? ""$/)
			next
		}
		/^"/ {
			if (in_id)
				block = block "\n         " $0
			else
				empty = 0
			next
		}
		in_id { block = block "\n         " $0; next }
		/^$/ { if (empty) bad = 1; empty = 0; next }
		END { if (empty) bad = 1; flush() }
	' "$tmp/$lang.done" >"$tmp/$lang.plural"
	msgids "$tmp/$lang.untr" >"$tmp/$lang.untr.ids"
	msgids "$tmp/$lang.fuzzy" >"$tmp/$lang.fuzzy.ids"
	total=$(grep -c '^msgid ' "$tmp/pktop.pot")
	total=$((total - 1))
	nu=$(grep -c '^       msgid' "$tmp/$lang.untr.ids")
	nf=$(grep -c '^       msgid' "$tmp/$lang.fuzzy.ids")
	np=$(grep -c '^       msgid' "$tmp/$lang.plural")
	if [ "$nu" -eq 0 ] && [ "$nf" -eq 0 ] && [ "$np" -eq 0 ]; then
		pass "$lang: all $total messages of the template are translated"
		continue
	fi
	fail "$lang: $((nu + nf + np)) of $total messages have no usable translation"
	if [ "$nu" -gt 0 ]; then
		echo "     untranslated (missing from po/$lang.po or empty):"
		cat "$tmp/$lang.untr.ids"
	fi
	if [ "$nf" -gt 0 ]; then
		echo "     fuzzy after the merge (marked fuzzy, or the msgid's"
		echo "     format flags, c-format / no-c-format, differ from po/$lang.po's):"
		cat "$tmp/$lang.fuzzy.ids"
	fi
	if [ "$np" -gt 0 ]; then
		echo "     a plural form left empty:"
		cat "$tmp/$lang.plural"
	fi
done

if [ $fails -gt 0 ]; then
	echo "$fails check(s) failed"
	exit 1
fi
echo "PASS"
exit 0
