#!/usr/bin/env bash
# rotas import FILE.json / rotas export: round trip, refusals, and a bad file that leaves the
# database untouched.   usage: bash import_export.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "$BUILD/import_export.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# a county in JSON: the CSV fixture, exported once
"$ROTAS" import --csv "$SRC/tests/data/csv/good-utf8" --db "$T/a.db" -q || fail "csv import"
"$ROTAS" export --db "$T/a.db" -o "$T/a.json" || fail "export"

# JSON -> db -> JSON is lossless
"$ROTAS" import "$T/a.json" --db "$T/b.db" 2>"$T/err" || fail "json import"
grep -q "5 schools, 20 teachers" "$T/err" || fail "summary line: $(cat "$T/err")"
"$ROTAS" export --db "$T/b.db" > "$T/b.json" || fail "export to stdout"
cmp -s "$T/a.json" "$T/b.json" || fail "export differs after a JSON round trip"

# a bad file: exit 2, located messages, the database unchanged
sed 's/"birth_year": 1985/"birth_year": "abc"/' "$T/a.json" > "$T/bad.json"
cp "$T/b.db" "$T/b-before.db"
"$ROTAS" import "$T/bad.json" --db "$T/b.db" 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "bad json: exit $rc, expected 2"
grep -q 'teachers\[1\].birth_year' "$T/err" || fail "bad json message: $(cat "$T/err")"
cmp -s "$T/b.db" "$T/b-before.db" || fail "database changed by a failed import"
"$ROTAS" import "$T/bad.json" --db "$T/new.db" 2>/dev/null
[ ! -e "$T/new.db" ] || fail "a failed import created the database"

# not a database; a database from the future is refused by the store tests
echo "hello" > "$T/text.db"
"$ROTAS" export --db "$T/text.db" >/dev/null 2>"$T/err"; rc=$?
[ $rc -eq 2 ] || fail "not a database: exit $rc"
grep -q "not a SQLite database" "$T/err" || fail "not a database message: $(cat "$T/err")"
"$ROTAS" import "$T/a.json" --db "$T/text.db" 2>/dev/null; rc=$?
[ $rc -eq 2 ] || fail "import into a text file: exit $rc"
[ "$(cat "$T/text.db")" = "hello" ] || fail "text file changed"

# export of a missing database does not create it
"$ROTAS" export --db "$T/none.db" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || fail "missing db: exit $rc"
[ ! -e "$T/none.db" ] || fail "export created a database"

# usage errors
"$ROTAS" import --db "$T/x.db" 2>/dev/null; [ $? -eq 2 ] || fail "no input: not exit 2"
"$ROTAS" import "$T/a.json" 2>/dev/null; [ $? -eq 2 ] || fail "no --db: not exit 2"
"$ROTAS" import --help | grep -q "rotas import --csv" || fail "import --help"
"$ROTAS" export --help | grep -q "rotas export --db" || fail "export --help"
exit 0
