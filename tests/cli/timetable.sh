#!/bin/bash
# rotas timetable: --all on the demo county (or a generated one) writes one timetable per
# cluster and each checks clean with `rotas check`; one cluster to stdout; --export-lp writes
# a model glpsol can read; usage errors exit 2.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/timetable_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

county="$SRC/datasets/demo-county.json"
if [ ! -f "$county" ]; then
    county="$dir/county.json"
    "$ROTAS" gen --schools 30 --seed 11 -o "$county" || fail "gen"
fi

# every cluster
mkdir "$dir/out"
"$ROTAS" timetable "$county" --all -o "$dir/out" --time-limit 3 2> "$dir/all.err" \
    || { cat "$dir/all.err"; fail "timetable --all exited $?"; }
n=$(ls "$dir/out"/timetable-*.json 2>/dev/null | wc -l)
[ "$n" -ge 1 ] || fail "no timetable written"
[ "$(grep -c '^cluster ' "$dir/all.err")" -eq "$n" ] || fail "one summary line per cluster expected"
for f in "$dir/out"/timetable-*.json; do
    "$ROTAS" check "$county" "$f" -q > "$dir/violations" \
        || { head "$dir/violations"; fail "check rejected $f"; }
done
grep -q 'unscheduled (capacity bound' "$dir/all.err" || fail "summary without capacity bound"

# one cluster to stdout, same seed twice: same bytes
first=$(basename "$(ls "$dir/out"/timetable-*.json | head -1)" .json)
id=${first#timetable-}
"$ROTAS" timetable "$county" --cluster "$id" --time-limit 2 --seed 5 -q > "$dir/a.json" \
    || fail "timetable --cluster $id"
grep -q '"rotas-timetable/1"' "$dir/a.json" || fail "stdout is not a timetable"
"$ROTAS" check "$county" "$dir/a.json" -q > /dev/null || fail "check of stdout timetable"

# the whole-cluster placement model, readable by glpsol
"$ROTAS" timetable "$county" --cluster "$id" --time-limit 2 -q -o "$dir/b.json" \
    --export-lp "$dir/model.lp" || fail "--export-lp"
[ -s "$dir/model.lp" ] || fail "no LP written"
grep -q 'cover(' "$dir/model.lp" || fail "LP without cover rows"
if command -v glpsol > /dev/null; then
    glpsol --lp "$dir/model.lp" --check > "$dir/glpsol.out" 2>&1 || fail "glpsol cannot read the LP"
fi

# usage and input errors
"$ROTAS" timetable --help | grep -q 'rotas timetable county.db --cluster' || fail "--help"
"$ROTAS" timetable "$county" 2> /dev/null; [ $? -eq 2 ] || fail "no --cluster/--all: exit 2"
"$ROTAS" timetable "$county" --cluster NOPE 2> "$dir/e"; [ $? -eq 2 ] || fail "unknown cluster"
grep -q 'NOPE' "$dir/e" || fail "unknown cluster message"
"$ROTAS" timetable "$county" --cluster "$id" --save 2> /dev/null; [ $? -eq 2 ] || fail "--save on JSON"
"$ROTAS" timetable "$county" --cluster "$id" --time-limit x 2> /dev/null; [ $? -eq 2 ] || fail "bad time"
"$ROTAS" timetable "$dir/missing.json" --cluster "$id" 2> /dev/null; [ $? -ne 0 ] || fail "missing county"

# --save into a database
"$ROTAS" import "$county" --db "$dir/county.db" -q || fail "import"
"$ROTAS" timetable "$dir/county.db" --cluster "$id" --time-limit 2 --save -o "$dir/c.json" \
    2> "$dir/save.err" || { cat "$dir/save.err"; fail "--save"; }
grep -q 'saved as result' "$dir/save.err" || fail "--save did not say where"
# everyday constraints and re-plan on a generated county with --constraints
"$ROTAS" gen --schools 20 --seed 7 --year 2026 --constraints -o "$dir/cc.json" || fail "gen --constraints"
cid=$(python3 -c "import json,sys; c=json.load(open(sys.argv[1])); print(sorted({s['cluster'] for s in c['schools'] if s.get('cluster')})[0])" "$dir/cc.json")
"$ROTAS" timetable "$dir/cc.json" --cluster "$cid" --time-limit 3 -o "$dir/cc0.json" 2> "$dir/cc0.err" \
    || { cat "$dir/cc0.err"; fail "timetable with constraints"; }
"$ROTAS" check "$dir/cc.json" "$dir/cc0.json" -q > "$dir/v" || { head "$dir/v"; fail "check with constraints"; }
# re-plan on the same county: nothing moves
"$ROTAS" timetable "$dir/cc.json" --cluster "$cid" --time-limit 3 --from "$dir/cc0.json" \
    -o "$dir/cc1.json" 2> "$dir/cc1.err" || { cat "$dir/cc1.err"; fail "--from"; }
grep -q ', 0 moved' "$dir/cc1.err" || { cat "$dir/cc1.err"; fail "same county: lessons moved"; }
"$ROTAS" check "$dir/cc.json" "$dir/cc1.json" --from "$dir/cc0.json" -q > "$dir/v" \
    || { head "$dir/v"; fail "check --from (same county)"; }
# a teacher with lessons leaves the county: exactly its lessons move (or a few more to place them)
python3 - "$dir/cc.json" "$dir/cc0.json" "$dir/cc-t.json" > "$dir/gone" <<'PY' || fail "edit county"
import json, sys
from collections import Counter
c = json.load(open(sys.argv[1])); tt = json.load(open(sys.argv[2]))
fixed = {f['teacher'] for f in c.get('fixed_lessons', [])}
n = Counter(l['teacher'] for l in tt['lessons'] if l['teacher'] not in fixed)
t, k = n.most_common(1)[0]
c['teachers'] = [x for x in c['teachers'] if x['id'] != t]
c['decisions'] = [d for d in c.get('decisions', []) if t not in (d.get('teacher'), d.get('teacher2'))]
json.dump(c, open(sys.argv[3], 'w'), ensure_ascii=False)
print(t, k)
PY
read -r gone glessons < "$dir/gone"
"$ROTAS" timetable "$dir/cc-t.json" --cluster "$cid" --time-limit 3 --from "$dir/cc0.json" \
    -o "$dir/cc2.json" 2> "$dir/cc2.err" || { cat "$dir/cc2.err"; fail "--from after a teacher left"; }
grep -q "$glessons lessons* of .*no longer in" "$dir/cc2.err" || { cat "$dir/cc2.err"; fail "dropped lessons not reported"; }
"$ROTAS" check "$dir/cc-t.json" "$dir/cc2.json" -q > "$dir/v" || { head "$dir/v"; fail "check after a teacher left"; }
# the earlier timetable names the teacher who left: check --from still verifies the counts
"$ROTAS" check "$dir/cc-t.json" "$dir/cc2.json" --from "$dir/cc0.json" -q > "$dir/v" ||
    { head "$dir/v"; fail "check --from after a teacher left"; }
python3 - "$dir/cc0.json" "$dir/cc2.json" "$gone" <<'PY' || fail "kept/moved after a teacher left"
import json, sys
old = json.load(open(sys.argv[1])); new = json.load(open(sys.argv[2])); gone = sys.argv[3]
key = lambda l: (l['school'], l['class'], l['subject'], l['teacher'], l['day'], l['period'])
now = {key(l) for l in new['lessons']}
kept = sum(key(l) in now for l in old['lessons'])
assert new['kept_lessons'] == kept, (new['kept_lessons'], kept)
assert new['moved_lessons'] == len(old['lessons']) - kept
must = sum(l['teacher'] == gone for l in old['lessons'])
placed_again = must - (sum(u['periods'] for u in new['unscheduled']) - sum(u['periods'] for u in old['unscheduled']))
assert must <= new['moved_lessons'] <= must + max(placed_again, 0), (must, new['moved_lessons'], placed_again)
PY
# --from errors
"$ROTAS" timetable "$dir/cc.json" --all --from "$dir/cc0.json" 2> /dev/null; [ $? -eq 2 ] || fail "--from with --all"
echo '{"format": "rotas-plan/1"}' > "$dir/notatt.json"
"$ROTAS" timetable "$dir/cc.json" --cluster "$cid" --from "$dir/notatt.json" 2> "$dir/e"; [ $? -eq 2 ] || fail "--from a plan"
grep -q 'format' "$dir/e" || fail "--from a plan: message"
"$ROTAS" timetable --help | grep -q -- '--from' || fail "--help without --from"
"$ROTAS" timetable --help | grep -q 'max_days' || fail "--help without the constraints"

# progress: JSON lines on stderr, each with phase and elapsed; a bad mode is a usage error
"$ROTAS" timetable "$dir/cc.json" --cluster "$cid" --time-limit 1 --progress json -q \
    -o /dev/null 2> "$dir/prog" || fail "--progress json"
python3 - "$dir/prog" <<'PY' || fail "--progress json: not JSON lines"
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1]) if l.startswith('{')]
assert lines and all('phase' in l and 'elapsed' in l for l in lines), lines
assert lines[-1]['phase'] == 'done', lines[-1]
PY
"$ROTAS" timetable "$dir/cc.json" --cluster "$cid" --progress loud 2> /dev/null
[ $? -eq 2 ] || fail "--progress loud: expected exit 2"

# rooms (README): gen --rooms, a timetable that names rooms, rotas check clean; the bound
# prices travel (travel_bound, bound <= objective); the exported model carries its constant
"$ROTAS" gen --schools 30 --seed 3 --rooms -o "$dir/rooms.json" || fail "gen --rooms"
"$ROTAS" timetable "$dir/rooms.json" --cluster C01 --time-limit 3 --export-lp "$dir/r.lp" -q \
    -o "$dir/rtt.json" || fail "timetable with rooms"
"$ROTAS" check "$dir/rooms.json" "$dir/rtt.json" -q || fail "check of the timetable with rooms"
grep -q 'constant term' "$dir/r.lp" || fail "--export-lp without the constant term"
python3 - "$dir/rtt.json" <<'PY' || fail "rooms or bound missing from the timetable"
import json, sys
t = json.load(open(sys.argv[1]))
assert any('room' in l for l in t['lessons']), 'no lesson names a room'
assert t['travel_bound'] > 0 and t['bound'] <= t['objective'] + 1e-6, (t['bound'], t['objective'])
PY
"$ROTAS" timetable --help | grep -q 'travel_bound' || fail "--help without travel_bound"
"$ROTAS" gen --help | grep -q -- '--rooms' || fail "gen --help without --rooms"
# each room's use in the printed overviews: the HTML section, the workbook sheet, rooms.csv
"$ROTAS" render "$dir/rtt.json" --county "$dir/rooms.json" --html "$dir/rtt.html" \
    --csv "$dir/rttcsv" || fail "render the timetable with rooms"
grep -q 'id="sec-rooms"' "$dir/rtt.html" || fail "no room use in the HTML overviews"
[ "$(wc -l < "$dir/rttcsv/rooms.csv")" -gt 1 ] || fail "no rooms.csv"
python3 - "$dir/rttcsv/rooms.csv" "$dir/rtt.json" <<'PY' || fail "room use does not add up"
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))[1:]
used = sum(int(r[5]) for r in rows)
tt = json.load(open(sys.argv[2]))
assert used == sum(1 for l in tt['lessons'] if l.get('room')), (used,)
assert all(int(r[6]) <= int(r[4]) for r in rows)     # never above capacity
PY
echo ok
