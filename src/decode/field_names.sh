#!/bin/sh
# field_names.sh: the display-filter field names the dissectors in
# src/decode emit (every string literal shaped like "proto.field"), sorted
# and unique, as C string literals for field_names.c to include. Run by
# make (src/decode/local.mk), so the list cannot drift from the code.
#   field_names.sh SRCDIR > field_names.inc
set -eu
dir=${1:-.}/src/decode
cat "$dir"/*.c "$dir"/proto/*.c |
	grep -o '"[a-z][a-z0-9_]*\(\.[a-z0-9_]\{1,\}\)\{1,\}"' |
	grep -v '^"config\.h"$' | grep -v '\.[ch]"$' |
	LC_ALL=C sort -u | sed 's/$/,/'
