#!/usr/bin/env bash
# Foreign databases: another program's SQLite file (user_version 1 and a `teachers` table, or
# its own application_id), a 0-byte file, a plain SQLite file without tables: refused with
# exit 2 and left byte for byte as they were, by every command. Read-only commands open a
# rotas database read-only: it stays in its journal mode and can be read from a read-only
# folder. A database of an older rotas (application_id 0) is still read, and stamped when
# written.
# usage: foreign_db.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "$BUILD/foreign_db.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
tiny=$SRC/tests/data/tiny-county.json
sum() { sha256sum "$1" | cut -d' ' -f1; }
sql() { python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1]); r = c.execute(sys.argv[2]).fetchall(); c.commit(); c.close()
print("\n".join("|".join(str(x) for x in row) for row in r))' "$@"; }

# another program's database: user_version 1, a teachers table, rollback journal
python3 - "$T/hr.db" "$T/other.db" "$T/plain.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.executescript("CREATE TABLE teachers(id INTEGER PRIMARY KEY, name TEXT);"
                "INSERT INTO teachers(name) VALUES ('王芳');PRAGMA user_version = 1;")
c.close()
c = sqlite3.connect(sys.argv[2])
c.executescript("CREATE TABLE t(x); PRAGMA application_id = 1234; PRAGMA user_version = 2;")
c.close()
c = sqlite3.connect(sys.argv[3])
c.executescript("PRAGMA user_version = 0; VACUUM;")
c.close()
EOF
: >"$T/empty.db"
"$ROTAS" plan "$tiny" -q --time-limit 3 -o "$T/p.json" || fail "plan"
for db in hr other empty; do
    before=$(sum "$T/$db.db")
    for cmd in "export --db $T/$db.db" "summary $T/$db.db" "plan $T/$db.db -q --time-limit 2" \
        "check $T/$db.db $T/p.json" "approve $T/$db.db 1" "plan $T/$db.db -q --save" \
        "import $tiny --db $T/$db.db -q"; do
        [ "$db/$cmd" = "empty/import $tiny --db $T/$db.db -q" ] && continue
        # shellcheck disable=SC2086
        "$ROTAS" $cmd >"$T/out" 2>"$T/err"
        r=$?
        [ "$r" = 2 ] || fail "$cmd: exit $r, expected 2 ($(cat "$T/err"))"
        grep -qE 'not a rotas database|empty file' "$T/err" || fail "$cmd: message: $(cat "$T/err")"
        [ "$(sum "$T/$db.db")" = "$before" ] || fail "$cmd changed $db.db"
        ls "$T/$db.db"-* >/dev/null 2>&1 && { fail "$cmd left ${db}.db sidecar files"; rm -f "$T/$db.db"-*; }
    done
done
grep -q 'application_id 0x000004D2 belongs to another program' <("$ROTAS" export --db "$T/other.db" 2>&1) ||
    fail "the foreign application_id is not named"
[ "$(sql "$T/hr.db" 'PRAGMA journal_mode')" = delete ] || fail "hr.db left its rollback journal mode"
[ "$(sql "$T/hr.db" 'PRAGMA user_version')" = 1 ] || fail "hr.db user_version changed"

# a 0-byte file, or a SQLite file with no tables, becomes a rotas database on import only
"$ROTAS" import "$tiny" --db "$T/empty.db" -q || fail "import into a 0-byte file"
"$ROTAS" import "$tiny" --db "$T/plain.db" -q || fail "import into an empty SQLite file"
[ "$(sql "$T/empty.db" 'PRAGMA application_id')" = 1380930625 ] || fail "no application_id set"

# read-only commands open read-only: a rotas database in rollback-journal mode stays so
"$ROTAS" import "$tiny" --db "$T/c.db" -q || fail "import"
sql "$T/c.db" 'PRAGMA journal_mode = DELETE' >/dev/null
before=$(sum "$T/c.db")
"$ROTAS" export --db "$T/c.db" -o "$T/c.json" || fail "export"
"$ROTAS" summary "$T/c.db" >/dev/null || fail "summary"
"$ROTAS" plan "$T/c.db" -q --time-limit 2 -o /dev/null || fail "plan without --save"
"$ROTAS" check "$T/c.db" "$T/p.json" -q || fail "check"
[ "$(sum "$T/c.db")" = "$before" ] || fail "a read-only command changed the database"
[ "$(sql "$T/c.db" 'PRAGMA journal_mode')" = delete ] || fail "a read-only command set WAL"

# a database of an older rotas (no application_id) is read, and stamped when written
"$ROTAS" import "$tiny" --db "$T/old.db" -q || fail "import old"
sql "$T/old.db" 'PRAGMA application_id = 0' >/dev/null
"$ROTAS" export --db "$T/old.db" -o /dev/null || fail "export of an older rotas database"
[ "$(sql "$T/old.db" 'PRAGMA application_id')" = 0 ] || fail "export stamped the database"
"$ROTAS" plan "$T/old.db" -q --save --time-limit 2 -o /dev/null 2>/dev/null || fail "plan --save"
[ "$(sql "$T/old.db" 'PRAGMA application_id')" = 1380930625 ] || fail "plan --save did not stamp"

# a database in a folder this user cannot write (a read-only medium): read-only commands work
mkdir "$T/ro"
"$ROTAS" import "$tiny" --db "$T/ro/c.db" -q || fail "import ro"
chmod -R a+rX "$T"
chmod 555 "$T/ro"
if command -v setpriv >/dev/null && [ "$(id -u)" = 0 ]; then
    as_other=(setpriv --reuid=65534 --regid=65534 --clear-groups)
else
    as_other=()
fi
if "${as_other[@]}" sh -c "touch '$T/ro/x'" 2>"$T/touch.err"; then
    echo "SKIP: cannot make a read-only folder here"
    rm -f "$T/ro/x"
else
    "${as_other[@]}" "$ROTAS" export --db "$T/ro/c.db" -o - >"$T/ro.json" 2>"$T/err" ||
        fail "export from a read-only folder: $(cat "$T/err")"
    grep -q '"rotas-county/1"' "$T/ro.json" || fail "export from a read-only folder wrote nothing"
    "${as_other[@]}" "$ROTAS" summary "$T/ro/c.db" 2>"$T/err" >"$T/ro-summary.txt" ||
        fail "summary from a read-only folder: $(cat "$T/err")"
    grep -q '^teachers' "$T/ro-summary.txt" || fail "summary from a read-only folder printed nothing"
fi
chmod 755 "$T/ro"

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "foreign_db: ok"
