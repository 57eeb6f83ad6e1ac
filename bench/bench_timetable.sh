#!/bin/bash
# bench_timetable.sh - cluster timetables of the generated 120-school county (every cluster) and
# the largest cluster of the 400-school county, and the same clusters in FET for comparison.
#
#   bench/bench_timetable.sh [BUILD_DIR] [OUT_DIR]
#
# Needs a built `rotas` (BUILD_DIR, default ./build), python3, and fet-cl (Debian `fet`) for the
# comparison (skipped if missing). Prints markdown tables for bench/RESULTS.md.
# Environment: TT_LIMIT (default 25 s per cluster, 120-school county), TT_BIG_LIMIT (120 s),
# FET_LIMIT (120 s, wrapped in `timeout 300`), FET_CLUSTERS ("all" or a list of ids; default
# all), SKIP_BIG=1 to leave out the 400-school county, FET_ONLY=1 to rerun only the FET part
# on the timetables already in OUT_DIR, NO_FET=1 to leave out FET, CONSTRAINTS=1 to generate
# the counties with `rotas gen --constraints` (teacher and class unavailability, subject slot
# rules, max_days, fixed lessons).
# BOUND=1 adds the bound table (every cluster of the 120-school county at TT_BOUND_LIMIT, default
# 30 s: objective, bound, travel bound, gap, and CBC on the exported model of the clusters in
# CBC_CLUSTERS, default "C04 C10 C14", with CBC_LIMIT wall-clock seconds, default 120, when
# `cbc` is installed); BOUND_ONLY=1 runs only that table. BENCH_CPU (default 0) is the core
# rotas is pinned to.
# CLUSTERS="C04 C10" limits the 120-school county's runs to those clusters.
# SKIP_MEDIUM=1 leaves out the 120-school county's table (e.g. with BOUND=1, which has one).
# The full-load case (FULL_CLUSTERS, default "C04 C06 C09"; SKIP_FULL=1 leaves it out): the
# 120-school county generated with --rooms, each cluster made to carry every lesson of the 2022
# plan's week with the shortage subjects taught only by the central school's specialists
# (bench/fullload.py adds teachers until the capacity bound is 0), timetabled at TT_LIMIT.
set -u
BUILD=${1:-build}
OUT=${2:-$(mktemp -d /tmp/bench_tt.XXXXXX)}
ROTAS="$BUILD/rotas"
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(dirname "$HERE")
TT_LIMIT=${TT_LIMIT:-25}
TT_BIG_LIMIT=${TT_BIG_LIMIT:-120}
FET_LIMIT=${FET_LIMIT:-120}
FET_CLUSTERS=${FET_CLUSTERS:-all}
mkdir -p "$OUT"

GENOPT=
medium="$SRC/datasets/medium-county.json"
if [ "${CONSTRAINTS:-0}" = 1 ]; then
    GENOPT=--constraints
    medium="$OUT/medium-county-constraints.json"
    "$ROTAS" gen --schools 120 --seed 120 --year 2026 --constraints -o "$medium" || exit 1
elif [ ! -f "$medium" ]; then
    medium="$OUT/medium-county.json"
    "$ROTAS" gen --schools 120 --seed 120 --year 2026 -o "$medium" || exit 1
fi

# Run one cluster; print a table row. $1 county, $2 cluster, $3 limit, $4 label
run_cluster() {
    local county=$1 id=$2 limit=$3 label=$4
    local json="$OUT/tt-$label-$id.json" err="$OUT/tt-$label-$id.err"
    local t0 t1
    t0=$(date +%s.%N)
    taskset -c "${BENCH_CPU:-0}" "$ROTAS" timetable "$county" --cluster "$id" --time-limit "$limit" -v \
        -o "$json" 2> "$err"
    local rc=$?
    t1=$(date +%s.%N)
    local wall
    wall=$(echo "$t1 - $t0" | bc)
    local line first checked
    line=$(grep "^cluster $id:" "$err")
    first=$(grep -m1 'constructed' "$err" | awk '{print $5}')
    if [ $rc -eq 0 ] && "$ROTAS" check "$county" "$json" -q > "$OUT/check-$label-$id.txt"; then
        checked=clean
    else
        checked="REJECTED(rc=$rc)"
    fi
    # cluster C01: 6 schools, 51 classes, 97 teachers, 1284/1502 lessons placed, 218 unscheduled
    # (capacity bound 218), 28 school changes, 241.6 km, objective ..., bound ..., gap 0.7%, 29.8 s, status
    echo "$line" | awk -v wall="$wall" -v first="$first" -v chk="$checked" -v id="$id" '
        { gsub(",", "");
          for (i = 1; i <= NF; i++) {
              if ($(i+1) == "schools") s = $i; if ($(i+1) == "classes") k = $i;
              if ($(i+1) == "teachers") t = $i; if ($(i+1) == "lessons") pl = $i;
              if ($(i+1) == "unscheduled") u = $i; if ($i == "bound" && $(i-1) == "(capacity") cb = $(i+1);
              if ($(i+1) == "school" && $(i+2) == "changes") ch = $i; if ($(i+1) == "km") km = $i;
              if ($i == "objective") ob = $(i+1); if ($i == "bound" && $(i-1) != "(capacity") bd = $(i+1);
              if ($i == "gap") gp = $(i+1); }
          st = $NF; sub(")", "", cb);
          printf "| %s | %s | %s | %s | %s | %.1f | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n",
                 id, s, k, t, pl, wall, first, u, cb, ch, km, ob, bd, gp, st, chk }'
}

clusters=$(python3 -c "
import json,sys
c=json.load(open(sys.argv[1]))
ids=sorted({s['cluster'] for s in c['schools'] if s.get('cluster')})
print(' '.join(ids))" "$medium")
# The bound table: one row per cluster (bench/bound_row.py: CBC's objective and bound in the
# planner's terms, with the exported LP file's constant term).
bound_table() {
    local limit=${TT_BOUND_LIMIT:-30} cbclimit=${CBC_LIMIT:-120}
    echo "## Bound and gap: 120-school county ($(basename "$medium")), --time-limit $limit, one core (taskset -c ${BENCH_CPU:-0}); CBC $cbclimit s (wall) on the exported model"
    echo
    echo "| cluster | unscheduled | objective | bound | travel bound | gap | objective - unscheduled | gap on that | CBC status | CBC objective | CBC bound | rotas check |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for id in $clusters; do
        local json="$OUT/ttb-$id.json" lp="$OUT/ttb-$id.lp" cbclog="$OUT/ttb-$id.cbc"
        rm -f "$lp" "$cbclog"
        taskset -c "${BENCH_CPU:-0}" "$ROTAS" timetable "$medium" --cluster "$id" \
            --time-limit "$limit" --export-lp "$lp" -q -o "$json" || continue
        local chk=clean
        "$ROTAS" check "$medium" "$json" -q > /dev/null || chk=REJECTED
        if command -v cbc > /dev/null && [ -s "$lp" ] &&
            [[ " ${CBC_CLUSTERS:-C04 C10 C14} " == *" $id "* ]]; then
            timeout $((cbclimit + 120)) cbc "$lp" timeMode elapsed sec "$cbclimit" solve \
                > "$cbclog" 2>&1
        fi
        python3 "$HERE/bound_row.py" "$json" "$cbclog" "$chk" "$id"
    done
    echo
}

[ -n "${CLUSTERS:-}" ] && clusters=$CLUSTERS
if [ "${BOUND:-0}" = 1 ] || [ "${BOUND_ONLY:-0}" = 1 ]; then
    bound_table
    [ "${BOUND_ONLY:-0}" = 1 ] && exit 0
fi

if [ "${FET_ONLY:-0}" != 1 ]; then
if [ "${SKIP_MEDIUM:-0}" != 1 ]; then
echo "## 120-school county ($(basename "$medium")), --time-limit $TT_LIMIT, one core (taskset -c 0)"
echo
echo "| cluster | schools | classes | teachers | placed/required | seconds | first complete (s) | unscheduled | capacity bound | school changes | km | objective | bound | gap | status | rotas check |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for id in $clusters; do
    run_cluster "$medium" "$id" "$TT_LIMIT" medium
done
fi

if [ "${SKIP_FULL:-0}" != 1 ]; then
    rooms="$OUT/county-120-rooms.json"
    "$ROTAS" gen --schools 120 --seed 120 --year 2026 --rooms -o "$rooms" || exit 1
    echo
    echo "## Full load with rooms: every lesson of the week, shortage subjects only from the central school (gen --schools 120 --seed 120 --rooms + bench/fullload.py), --time-limit $TT_LIMIT"
    echo
    echo "| cluster | schools | classes | teachers | placed/required | seconds | first complete (s) | unscheduled | capacity bound | school changes | km | objective | bound | gap | status | rotas check |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    for id in ${FULL_CLUSTERS:-C04 C06 C09}; do
        python3 "$HERE/fullload.py" "$ROTAS" "$rooms" "$id" "$OUT/full-$id.json" \
            > "$OUT/full-$id.txt" || continue
        run_cluster "$OUT/full-$id.json" "$id" "$TT_LIMIT" full
    done
    for id in ${FULL_CLUSTERS:-C04 C06 C09}; do
        [ -f "$OUT/full-$id.txt" ] && echo "- $(cat "$OUT/full-$id.txt")"
    done
fi

if [ "${SKIP_BIG:-0}" != 1 ]; then
    big="$OUT/county-400.json"
    "$ROTAS" gen --schools 400 --seed 400 --year 2026 $GENOPT -o "$big" || exit 1
    bigid=$(python3 -c "
import json,sys
c=json.load(open(sys.argv[1]))
n={}
for s in c['schools']:
    if s.get('cluster'): n[s['cluster']]=n.get(s['cluster'],0)+len(s['classes'])
print(max(sorted(n), key=lambda k: n[k]))" "$big")
    echo
    echo "## 400-school county (gen --schools 400 --seed 400), largest cluster, --time-limit $TT_BIG_LIMIT"
    echo
    echo "| cluster | schools | classes | teachers | placed/required | seconds | first complete (s) | unscheduled | capacity bound | school changes | km | objective | bound | gap | status | rotas check |"
    echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    run_cluster "$big" "$bigid" "$TT_BIG_LIMIT" big
fi
fi

[ "${NO_FET:-0}" = 1 ] && exit 0
if ! command -v fet-cl > /dev/null; then
    echo
    echo "(fet-cl not installed: FET comparison skipped)"
    exit 0
fi
echo
echo "## FET $(dpkg-query -W -f='${Version}' fet 2>/dev/null) on the same placement problems (teachers as rotas chose them), timeout 300 fet-cl --timelimitseconds=$FET_LIMIT"
echo
echo "| cluster | activities | FET seconds | FET placed | FET changes | FET km | FET objective | FET by rotas check | rotas first complete (s) | rotas seconds | rotas changes | rotas km | rotas objective | time ratio FET/rotas-first |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
[ "$FET_CLUSTERS" = all ] && FET_CLUSTERS=$clusters
for id in $FET_CLUSTERS; do
    json="$OUT/tt-medium-$id.json"
    [ -f "$json" ] || continue
    fet="$OUT/fet-$id.fet"
    python3 "$HERE/fet_export.py" "$medium" "$json" "$fet" > /dev/null || continue
    rm -rf "$OUT/fet-$id"
    t0=$(date +%s.%N)
    taskset -c 0 timeout 300 fet-cl --inputfile="$fet" --outputdir="$OUT/fet-$id" \
        --timelimitseconds="$FET_LIMIT" > "$OUT/fet-$id.log" 2>&1
    t1=$(date +%s.%N)
    fsec=$(echo "$t1 - $t0" | bc)
    xml="$OUT/fet-$id/timetables/fet-$id/fet-$id""_activities.xml"
    res=$(python3 "$HERE/fet_result.py" "$medium" "$json" "$xml" "$OUT/fet-$id.json")
    if "$ROTAS" check "$medium" "$OUT/fet-$id.json" -q > "$OUT/fet-check-$id.txt"; then
        fchk=clean
    else
        fchk="$(wc -l < "$OUT/fet-check-$id.txt") violations"
    fi
    nact=$(grep -c '<Activity>' "$fet")
    first=$(grep -m1 'constructed' "$OUT/tt-medium-$id.err" | awk '{print $5}')
    python3 - "$json" "$id" "$nact" "$fsec" "$res" "$fchk" "$first" <<'PY'
import json, sys
tt = json.load(open(sys.argv[1]))
id, nact, fsec, res, fchk, first = sys.argv[2:8]
r = res.split()
placed, ch, km, obj = r[1], r[3], r[5], r[7]
fsec = float(fsec); first = float(first) if first else float("nan")
ratio = fsec / first if first > 0 else float("inf")
print(f"| {id} | {nact} | {fsec:.2f} | {placed} | {ch} | {km} | {obj} | {fchk} | {first:.3f} | "
      f"{tt['seconds']:.1f} | {tt['school_changes']} | {tt['km']:.1f} | {tt['objective']:.2f} | {ratio:.1f} |")
PY
done
echo
echo "scratch: $OUT"
