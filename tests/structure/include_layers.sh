#!/bin/sh
# include_layers: the include graph keeps the architecture's layers. Every
# #include "..." in src/ and ui/ is read; a file may include its own layer
# or a lower one:
#   base < decode (with decode/proto) < model < inspect < capture, output
#        < the front door (src/main.c, options, settings) and ui/
# capture and output do not include each other; ui/ includes only the
# engine headers listed in UI_ALLOWED below; the src/ folders have no
# include cycle. One line per violation, then exit 1.
#
# Usage: include_layers.sh [ROOT]   check ROOT (default: $top_srcdir or .)
#        include_layers.sh --self-test
# Run with no argument (as `make check` does) it first proves on planted
# trees that it fails on each kind of violation and passes a clean one.

# The engine headers ui/ may include (doc/architecture.md, "Where things
# live"): the model's readers' API (with the names of protocols, ports
# and hosts), inspect (with the field trees it fills), the capture's
# control, base's text for people (escaping and units, base/text.h),
# output's one door for the UI (the table `e` exports, the loading meter,
# user names), i18n, and the front door's options and settings. The
# policy, not a list of exceptions: change it only with the layering.
UI_ALLOWED="model/model.h inspect/inspect.h capture/control.h
base/text.h output/report.h
base/i18n.h options.h settings.h"

# Print one line per violation under ROOT; exit 1 when there is any.
check_tree() {
	root=$1
	[ -d "$root/src" ] || {
		echo "include_layers: no src/ under '$root'" >&2
		return 2
	}
	(
		cd "$root" || exit 2
		# file<TAB>line<TAB>included, for every quoted include
		find src ui -name '*.[ch]' 2>/dev/null | LC_ALL=C sort |
			while IFS= read -r f; do
				awk -v f="$f" '
				/^[ \t]*#[ \t]*include[ \t]*"/ {
					s = $0
					sub(/^[^"]*"/, "", s)
					sub(/".*$/, "", s)
					printf "%s\t%d\t%s\n", f, FNR, s
				}' "$f"
			done |
			while IFS='	' read -r f n inc; do
				# where the header is: next to the includer,
				# else relative to src/ (folder-qualified or the
				# front door's), else in ui/
				d=${f%/*}
				# the two generated headers of the build
				# tree (configure's, Makefile.am's LOCALEDIR)
				if [ "$inc" = config.h ] ||
					[ "$inc" = localedir.h ]; then
					continue
				elif [ -f "$d/$inc" ]; then
					p="$d/$inc"
				elif [ -f "src/$inc" ]; then
					p="src/$inc"
				elif [ -f "ui/$inc" ]; then
					p="ui/$inc"
				else
					p="?"
				fi
				printf '%s\t%s\t%s\t%s\n' "$f" "$n" "$inc" "$p"
			done |
			awk -F '\t' -v allowed_flat="$(printf '%s' "$UI_ALLOWED" | tr '\n' ' ')" '
			# the layer a path lives in
			function room(p) {
				if (p ~ /^ui\//) return "ui"
				if (p ~ /^src\/[^\/]+$/) return "front"
				split(p, a, "/")
				return a[2]
			}
			function rank(r) {
				if (r in RANK) return RANK[r]
				return -1
			}
			function ui_ok(inc,   i) {
				for (i = 1; i <= nallow; i++)
					if (glob(inc, ALLOW[i])) return 1
				return 0
			}
			# a pattern with at most one "*" standing for a name
			function glob(s, pat,   k, pre, post) {
				k = index(pat, "*")
				if (k == 0) return s == pat
				pre = substr(pat, 1, k - 1)
				post = substr(pat, k + 1)
				return length(s) >= length(pre) + length(post) &&
				       substr(s, 1, length(pre)) == pre &&
				       substr(s, length(s) - length(post) + 1) == post &&
				       index(substr(s, length(pre) + 1,
					     length(s) - length(pre) - length(post)), "/") == 0
			}
			function bad(f, n, msg) {
				printf "include_layers: %s:%s: %s\n", f, n, msg
				nbad++
			}
			# depth-first search for a cycle through the folder graph
			function visit(u,   v, k) {
				STATE[u] = 1
				STACK[++depth] = u
				for (k = 1; k <= NOUT[u]; k++) {
					v = OUT[u, k]
					if (STATE[v] == 1) {
						cycle(v)
					} else if (STATE[v] == 0) {
						visit(v)
					}
				}
				depth--
				STATE[u] = 2
			}
			# the cycle closed by STACK[depth] -> V, each arrow
			# with its first include
			function cycle(v,   i, s, w, j, to) {
				for (i = depth; i > 0 && STACK[i] != v; i--)
					;
				s = ""; w = ""
				for (j = i; j <= depth; j++) {
					to = j < depth ? STACK[j + 1] : v
					s = s STACK[j] " -> "
					w = w (j > i ? "; " : "") WHY[STACK[j], to]
				}
				printf "include_layers: cycle among src/ folders: %s%s (%s)\n", \
				       s, v, w
				nbad++
			}
			BEGIN {
				RANK["base"] = 0; RANK["decode"] = 1
				RANK["model"] = 2; RANK["inspect"] = 3
				RANK["capture"] = 4; RANK["output"] = 4
				RANK["front"] = 5; RANK["ui"] = 5
				nallow = split(allowed_flat, ALLOW, " ")
			}
			{
				f = $1; n = $2; inc = $3; p = $4
				if (p == "?") {
					bad(f, n, "includes \"" inc "\", which is not in src/ or ui/")
					next
				}
				from = room(f); to = room(p)
				if (rank(from) < 0) {
					bad(f, n, "is in an unknown layer \"" from "\" (add it to include_layers.sh)")
					next
				}
				if (rank(to) < 0) {
					bad(f, n, "includes " p " from an unknown layer \"" to "\"")
					next
				}
				if (from == "ui" && to != "ui" && !ui_ok(inc))
					bad(f, n, "includes \"" inc "\": not an engine header ui/ may include (UI_ALLOWED in tests/structure/include_layers.sh)")
				else if (rank(to) > rank(from))
					bad(f, n, "includes \"" inc "\": " from " may not include " to " (a higher layer)")
				else if (from != to && rank(to) == rank(from) && from != "front" && from != "ui")
					bad(f, n, "includes \"" inc "\": " from " and " to " may not include each other")
				else if (from == "front" && to == "ui" && f !~ /^src\/main\.c$/)
					bad(f, n, "includes \"" inc "\": only main.c starts the UI")
				# the folder graph, src/ only
				if (f ~ /^src\// && p ~ /^src\// && from != to && !((from, to) in EDGE)) {
					EDGE[from, to] = 1
					WHY[from, to] = f ":" n " includes " inc
					OUT[from, ++NOUT[from]] = to
					NODES[from] = 1; NODES[to] = 1
				}
			}
			END {
				# sorted start nodes, so the output is stable
				nn = 0
				for (u in NODES) L[++nn] = u
				for (i = 2; i <= nn; i++)
					for (j = i; j > 1 && L[j - 1] > L[j]; j--) {
						t = L[j]; L[j] = L[j - 1]; L[j - 1] = t
					}
				for (i = 1; i <= nn; i++)
					if (STATE[L[i]] == 0) visit(L[i])
				exit nbad > 0
			}'
	)
}

# A tree under DIR: each PATH>HEADER argument is a file PATH holding
# #include "HEADER" (PATH> alone: an empty file).
plant() {
	dir=$1
	shift
	for spec in "$@"; do
		path=${spec%%>*}
		mkdir -p "$dir/${path%/*}"
		if [ -n "${spec#*>}" ]; then
			printf '#include "%s"\n' "${spec#*>}" >>"$dir/$path"
		else
			: >>"$dir/$path"
		fi
	done
}

# The clean tree: every layer, each including one lower or its own.
CLEAN="src/base/a.h> src/base/b.c>config.h src/decode/d.h>base/a.h
src/decode/proto/p.c>decode/d.h src/model/model.h>decode/d.h
src/capture/control.h>model/model.h src/capture/c.c>capture/control.h
src/output/o.c>model/model.h src/options.h>base/a.h src/main.c>ui.h
ui/ui.h>options.h ui/v.c>view.h ui/view.h>model/model.h
ui/w.c>capture/control.h"

self_test() {
	tmp=$(mktemp -d) || return 2
	trap 'rm -rf "$tmp"' EXIT
	fail=0
	i=0
	# each: the files planted on the clean tree | what the failure says
	# shellcheck disable=SC2089,SC2090 # the quotes are data, meant literally
	for c in \
	    'src/base/r.h>model/model.h|src/base/r.h:1: includes "model/model.h": base may not include model' \
	    'src/capture/x.c>output/o.h src/output/o.h>base/a.h|capture and output may not include each other' \
	    'ui/bad.c>decode/d.h|ui/bad.c:1: includes "decode/d.h": not an engine header ui/ may include' \
	    'src/decode/f.c>model/model.h|decode may not include model' \
	    'src/model/q.c>nowhere.h|is not in src/ or ui/' \
	    'src/capture/y.c>ui.h|capture may not include ui' \
	    'src/base/a.h>decode/d.h|cycle among src/ folders: base -> decode -> base'; do
		i=$((i + 1))
		rm -rf "$tmp/t"
		# shellcheck disable=SC2086 # the lists split on blanks
		plant "$tmp/t" $CLEAN ${c%%|*}
		out=$(check_tree "$tmp/t") && {
			echo "include_layers: self-test $i: a planted violation passed" >&2
			fail=1
		}
		case $out in
		*"${c#*|}"*) ;;
		*)
			echo "include_layers: self-test $i: expected '${c#*|}', got:" >&2
			echo "$out" >&2
			fail=1
			;;
		esac
	done
	rm -rf "$tmp/t"
	# shellcheck disable=SC2086
	plant "$tmp/t" $CLEAN
	out=$(check_tree "$tmp/t") || {
		echo "include_layers: self-test: the clean tree failed:" >&2
		echo "$out" >&2
		fail=1
	}
	return $fail
}

case ${1-} in
--self-test)
	self_test
	exit $?
	;;
"")
	self_test || exit 1
	check_tree "${top_srcdir:-.}"
	;;
*)
	check_tree "$1"
	;;
esac
