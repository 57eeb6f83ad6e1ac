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
echo ok
