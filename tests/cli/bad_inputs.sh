#!/usr/bin/env bash
# Every file of the bad-input corpus (tests/bad/NAME.json) is refused by `rotas import` and
# `rotas summary` with exit status 2 and the messages of NAME.expected on stderr, and a
# database that held a good county is left exactly as it was.
# usage: bad_inputs.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
tmp=$(mktemp -d "$BUILD/bad_inputs.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

db=$tmp/county.db
"$ROTAS" import "$SRC/tests/data/tiny-county.json" --db "$db" >/dev/null 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; echo "FAIL: cannot import the good county" >&2; exit 1; }
"$ROTAS" export --db "$db" -o "$tmp/before.json" 2>"$tmp/err" ||
    { cat "$tmp/err" >&2; echo "FAIL: cannot export the good county" >&2; exit 1; }

# Generated cases: 100 MB of junk (must fail at once, in bounded memory) and a file over the
# size limit (refused before it is read; sparse, so it takes no disk).
gen=$tmp/gen
mkdir -p "$gen"
{ printf '{\n  "format": "rotas-county/1",\n  "schools": '; head -c 100000000 /dev/zero | tr '\0' 'x'; } >"$gen/junk-100mb.json"
printf 'invalid token\n:3:14:\n' >"$gen/junk-100mb.expected"
{ printf '{"format": "rotas-county/1", "name": "'; head -c 100000000 /dev/zero | tr '\0' 'y'; } >"$gen/junk-string-100mb.json"
printf 'a string longer than\n' >"$gen/junk-string-100mb.expected"
truncate -s 300M "$gen/huge.json"
printf 'too large\n' >"$gen/huge.expected"

n=0
for f in "$SRC"/tests/bad/*.json "$gen"/*.json; do
    name=${f%.json}
    exp=$name.expected
    [ -f "$exp" ] || { fail "$f has no .expected file"; continue; }
    n=$((n + 1))
    for cmd in import summary; do
        if [ $cmd = import ]; then
            timeout 60 "$ROTAS" import "$f" --db "$db" >/dev/null 2>"$tmp/err"
        else
            timeout 60 "$ROTAS" summary "$f" >"$tmp/out" 2>"$tmp/err"
        fi
        rc=$?
        [ $rc -eq 2 ] || fail "$cmd $(basename "$f"): exit status $rc, expected 2"
        while IFS= read -r line || [ -n "$line" ]; do
            [ -z "$line" ] && continue
            grep -qF -- "$line" "$tmp/err" ||
                { fail "$cmd $(basename "$f"): stderr lacks: $line"; sed 's/^/    /' "$tmp/err" | head -5 >&2; }
        done <"$exp"
        grep -q 'rotas: ' "$tmp/err" || fail "$cmd $(basename "$f"): message not in the 'rotas: ' form"
    done
    "$ROTAS" export --db "$db" -o "$tmp/after.json" 2>/dev/null
    cmp -s "$tmp/before.json" "$tmp/after.json" ||
        fail "import $(basename "$f") changed the database"
done
[ $n -ge 45 ] || fail "only $n bad inputs"
echo "bad inputs: $n files, $fails failures"
[ $fails -eq 0 ]
