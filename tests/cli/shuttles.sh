#!/bin/bash
# rotas shuttles: a generated county with --programmes gets routes that rotas check accepts,
# an XLSX timetable per route and an HTML map; with a plan, movers ride to their new school; a
# tampered result is rejected (exit 1); bad data exits 2 naming the place, writing nothing.
set -u
ROTAS=$1
BUILD=$3
dir=$(mktemp -d "$BUILD/shuttles_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ROTAS" gen --schools 40 --seed 12 --programmes -o "$dir/county.json" || fail "gen"
"$ROTAS" shuttles "$dir/county.json" --time-limit 20 -o "$dir/s.json" --xlsx "$dir/s.xlsx" \
    --html "$dir/s.html" 2> "$dir/err" || { cat "$dir/err"; fail "shuttles"; }
grep -q '^shuttles: .* routes' "$dir/err" || fail "no summary line"
grep -q '"format": "rotas-shuttles/1"' "$dir/s.json" || fail "format"
[ -s "$dir/s.xlsx" ] || fail "no xlsx"
grep -q 'class="route"' "$dir/s.html" || fail "html has no route on the map"
"$ROTAS" check "$dir/county.json" "$dir/s.json" 2> "$dir/err" || { cat "$dir/err"; fail "check"; }
grep -q '^ok: shuttles' "$dir/err" || fail "check said no ok"
"$ROTAS" render "$dir/s.json" --html "$dir/s2.html" -q || fail "render"
cmp -s "$dir/s.html" "$dir/s2.html" || fail "render gives another page"

# through the database: import keeps pick-up points, homes, vehicles and the shuttle rules
"$ROTAS" import "$dir/county.json" --db "$dir/c.db" -q 2>/dev/null || fail "import"
"$ROTAS" shuttles "$dir/c.db" --time-limit 20 -q -o "$dir/s-db.json" || fail "shuttles from db"
"$ROTAS" check "$dir/c.db" "$dir/s-db.json" -q || fail "check from db"
python3 - "$dir/s.json" "$dir/s-db.json" <<'PY' || fail "the database gives other routes"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
assert a["summary"] == b["summary"], (a["summary"], b["summary"])
PY

# with a rotation plan: teachers ride to their destinations
"$ROTAS" plan "$dir/county.json" --time-limit 10 -q -o "$dir/plan.json" || fail "plan"
"$ROTAS" shuttles "$dir/county.json" --plan "$dir/plan.json" --time-limit 20 -q -o "$dir/sp.json" \
    || fail "shuttles --plan"
"$ROTAS" check "$dir/county.json" "$dir/sp.json" -q || fail "check of shuttles --plan"

# a tampered result: the first route arrives at its last school at 09:00
python3 - "$dir/s.json" "$dir/bad.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["routes"][0]["morning"]["stops"][-1]["time"] = "09:00"
json.dump(d, open(sys.argv[2], "w"))
PY
"$ROTAS" check "$dir/county.json" "$dir/bad.json" > "$dir/out" 2>/dev/null
[ $? -eq 1 ] || fail "tampered result not rejected"
grep -q 'before its first period' "$dir/out" || fail "no late-arrival message: $(cat "$dir/out")"

python3 - "$dir/county.json" "$dir/bad-county.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["vehicles"][0]["seats"] = 0
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
PY
"$ROTAS" shuttles "$dir/bad-county.json" -o "$dir/x.json" 2> "$dir/err"
[ $? -eq 2 ] || fail "bad county not exit 2"
grep -q 'vehicles\[0\].seats: expected the passenger seats, 1..80, found 0' "$dir/err" \
    || fail "bad county message: $(cat "$dir/err")"
[ ! -e "$dir/x.json" ] || fail "a result was written for bad input"
"$ROTAS" shuttles --help | grep -q 'examples:' || fail "help has no examples"
echo ok
