#!/usr/bin/env bash
# rotas import --csv: GB18030 and UTF-8 folders give the same export; bad folders give
# file:line:column messages and exit 2.   usage: bash csv_import.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
D="$SRC/tests/data/csv"
T=$(mktemp -d "$BUILD/csv_import.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ROTAS" import --csv "$D/good-utf8" --db "$T/u.db" -q || fail "utf-8 import"
"$ROTAS" import --csv "$D/good-gb18030" --db "$T/g.db" -q || fail "gb18030 import"
"$ROTAS" export --db "$T/u.db" -o "$T/u.json" || fail "export u"
"$ROTAS" export --db "$T/g.db" -o "$T/g.json" || fail "export g"
cmp -s "$T/u.json" "$T/g.json" || fail "GB18030 and UTF-8 imports differ"
grep -q '"name": "青山镇石岭教学点"' "$T/g.json" || fail "Chinese names lost"

for dir in "$D"/bad-*/; do
  name=$(basename "$dir")
  "$ROTAS" import --csv "$dir" --db "$T/bad.db" 2>"$T/err"; rc=$?
  [ $rc -eq 2 ] || fail "$name: exit $rc, expected 2"
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    grep -qF -- "$line" "$T/err" || fail "$name: missing message: $line
got: $(cat "$T/err")"
  done < "$dir/expected"
  [ ! -e "$T/bad.db" ] || fail "$name: a database was created"
done
exit 0
