#!/bin/bash
# rotas researchers: a generated county with --programmes gets links and visits that rotas
# check accepts, XLSX and HTML renderings, import/export keeps the researchers; a tampered
# result is rejected (exit 1); bad input and bad options exit 2 naming the place, writing nothing.
set -u
ROTAS=$1
BUILD=$3
dir=$(mktemp -d "$BUILD/researchers_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ROTAS" gen --schools 40 --seed 11 --constraints --programmes -o "$dir/county.json" || fail "gen"
"$ROTAS" gen --schools 40 --seed 11 --constraints --programmes -o "$dir/county2.json" || fail "gen 2"
cmp -s "$dir/county.json" "$dir/county2.json" || fail "gen --programmes is not deterministic"
grep -q '"researchers"' "$dir/county.json" || fail "gen --programmes wrote no researchers"

"$ROTAS" researchers "$dir/county.json" --time-limit 20 -o "$dir/r.json" \
    --xlsx "$dir/r.xlsx" --html "$dir/r.html" 2> "$dir/err" || { cat "$dir/err"; fail "researchers"; }
grep -q '^researchers: .* links' "$dir/err" || fail "no summary line"
grep -q '"format": "rotas-researchers/1"' "$dir/r.json" || fail "format"
[ -s "$dir/r.xlsx" ] || fail "no xlsx"
grep -q 'class="link"' "$dir/r.html" || fail "html has no links"
"$ROTAS" check "$dir/county.json" "$dir/r.json" 2> "$dir/err" || { cat "$dir/err"; fail "check"; }
grep -q '^ok: researchers' "$dir/err" || fail "check said no ok"
"$ROTAS" render "$dir/r.json" --html "$dir/r2.html" -q || fail "render"
cmp -s "$dir/r.html" "$dir/r2.html" || fail "render gives another page than researchers --html"

# through the database: import keeps researchers, term and holidays
"$ROTAS" import "$dir/county.json" --db "$dir/c.db" -q 2>/dev/null || fail "import"
"$ROTAS" researchers "$dir/c.db" --time-limit 20 -q -o "$dir/r-db.json" || fail "researchers from db"
"$ROTAS" check "$dir/c.db" "$dir/r-db.json" -q || fail "check from db"

# a tampered result: a visit moved to a Sunday
python3 - "$dir/r.json" "$dir/bad.json" <<'PY'
import json, sys, datetime
d = json.load(open(sys.argv[1]))
v = d["links"][0]["visits"]
day = datetime.date.fromisoformat(v[0])
v[0] = (day + datetime.timedelta(days=6 - day.weekday())).isoformat()
json.dump(d, open(sys.argv[2], "w"))
PY
"$ROTAS" check "$dir/county.json" "$dir/bad.json" > "$dir/out" 2>/dev/null
[ $? -eq 1 ] || fail "tampered result not rejected"
grep -q 'a weekend day' "$dir/out" || fail "no weekend message: $(cat "$dir/out")"

# bad options and bad data: exit 2, the place named, nothing written
"$ROTAS" researchers "$dir/county.json" --term 2027-09-01..2027-08-01 -o "$dir/x.json" 2> "$dir/err"
[ $? -eq 2 ] || fail "bad --term not exit 2"
grep -q -- '--term: expected START..END' "$dir/err" || fail "bad --term message"
python3 - "$dir/county.json" "$dir/bad-county.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["researchers"][1]["subjects"] = ["klingon"]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$ROTAS" researchers "$dir/bad-county.json" -o "$dir/x.json" 2> "$dir/err"
[ $? -eq 2 ] || fail "bad county not exit 2"
grep -q 'researchers\[1\].subjects\[0\]: expected the id of a subject in subjects\[\], found "klingon"' "$dir/err" \
    || fail "bad county message: $(cat "$dir/err")"
[ ! -e "$dir/x.json" ] || fail "a result was written for bad input"
"$ROTAS" import "$dir/bad-county.json" --db "$dir/bad.db" 2> "$dir/err"
[ $? -eq 2 ] || fail "import of a bad researcher not exit 2"
"$ROTAS" researchers --help | grep -q 'examples:' || fail "help has no examples"
echo ok
