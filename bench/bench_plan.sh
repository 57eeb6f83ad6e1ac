#!/bin/bash
# bench_plan.sh - the rotation planner on generated counties, GLPK (rotas plan) against CBC on
# the same exported model. Medians over RUNS runs of: build seconds (model, greedy start, up to
# the first solve), seconds to the first plan (first progress event with an incumbent that
# differs from its bound, i.e. past the LP relaxation), total seconds, status, objective,
# bound, gap, columns/rows, peak RSS, unfilled periods after the plan and the verdict of
# `rotas check` on the last run's plan; then CBC on the LP file with the same time limit
# (objective and its "best possible" bound).
#
#   bench/bench_plan.sh [ROTAS_BIN] [SIZES] [RUNS] [TIME_LIMIT]
#   bench/bench_plan.sh build/rotas "30 120 400" 3 60
#   CONSTRAINTS=1 bench/bench_plan.sh ...   counties with bureau decisions, middle leaders
#                                            (rotas gen --constraints)
#   GENOPTS="--over-quota 0.35" bench/bench_plan.sh ...   other generator options
#   NO_CBC=1 bench/bench_plan.sh ...          GLPK only (the 2,000-school county)
set -u
ROTAS=${1:-build/rotas}
SIZES=${2:-"30 120 400"}
RUNS=${3:-3}
TL=${4:-60}
SEED=${SEED:-1}
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench_plan.XXXXXX")
trap 'rm -rf "$dir"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {if (NR) print a[int((NR+1)/2)]; else print "-"}'; }

printf "| schools | teachers | cols/rows | build s | first plan s | GLPK s | status | objective | bound | gap | peak RSS MB | unfilled after | check | CBC s | CBC status | CBC objective | CBC bound | GLPK/CBC obj | GLPK/CBC bound |\n"
printf "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
for n in $SIZES; do
    county="$dir/c$n.json"
    "$ROTAS" gen --schools "$n" --seed "$SEED" ${CONSTRAINTS:+--constraints} ${GENOPTS:-} -o "$county" || exit 1
    teachers=$(grep -c '"birth_year"' "$county")
    : > "$dir/runs"
    for r in $(seq 1 "$RUNS"); do
        rm -f "$dir/m.lp" "$dir/cbc"
        /usr/bin/time -f "%M" -o "$dir/rss" "$ROTAS" plan "$county" --time-limit "$TL" --progress json \
            -o "$dir/p.json" --export-lp "$dir/m.lp" 2> "$dir/log" || { tail -3 "$dir/log"; exit 1; }
        build=$(grep -m1 '"phase":"solving"' "$dir/log" | sed 's/.*"elapsed":\([0-9.e+-]*\).*/\1/' | awk '{printf "%.1f", $1}')
        first=$(grep '^{' "$dir/log" | awk -F'[:,]' '$6 != "null" && $4 > 0 && $6 != $8 {printf "%.1f", $4; exit}')
        sum=$(grep '^plan [0-9]*: ' "$dir/log")
        status=$(echo "$sum" | sed 's/^plan [0-9]*: \([a-z_]*\),.*/\1/')
        obj=$(echo "$sum" | sed 's/.*objective \([0-9.e+-]*\),.*/\1/')
        bound=$(echo "$sum" | sed 's/.*bound \([0-9.e+-]*\),.*/\1/')
        gap=$(echo "$sum" | sed 's/.*gap \([0-9.]*%\),.*/\1/')
        secs=$(echo "$sum" | sed 's/.*, \([0-9.]*\) s$/\1/')
        rss=$(awk '{printf "%.0f", $1 / 1024}' "$dir/rss")
        echo "${build:--} $secs $obj $bound ${gap%\%} $rss $status ${first:--}" >> "$dir/runs"
    done
    size=-
    [ -f "$dir/m.lp" ] && size=$(glpsol --lp "$dir/m.lp" --check 2>&1 | sed -n 's/^\([0-9]*\) rows, \([0-9]*\) columns.*/\2\/\1/p' | head -1)
    b=$(awk '{print $1}' "$dir/runs" | median)
    s=$(awk '{print $2}' "$dir/runs" | median)
    o=$(awk '{print $3}' "$dir/runs" | median)
    bd=$(awk '{print $4}' "$dir/runs" | median)
    g=$(awk '{print $5}' "$dir/runs" | median)
    m=$(awk '{print $6}' "$dir/runs" | median)
    st=$(awk '{print $7}' "$dir/runs" | sort | uniq -c | sort -rn | awk '{print $2}' | head -1)
    f=$(awk '{print $8}' "$dir/runs" | median)
    ua=$(sed -n 's/.*"unfilled_after": *\([0-9.e+-]*\).*/\1/p' "$dir/p.json" | head -1)
    ck=$("$ROTAS" check "$county" "$dir/p.json" 2>&1 | head -1 | cut -d: -f1)
    # CBC on the same model (last run's export), same time limit
    t0=$(date +%s.%N)
    if [ -z "${NO_CBC:-}" ] && [ -f "$dir/m.lp" ]; then cbc "$dir/m.lp" sec "$TL" solve quit > "$dir/cbc" 2>&1; else : > "$dir/cbc"; fi
    t1=$(date +%s.%N)
    cs=$(echo "$t1 - $t0" | bc -l | awk '{printf "%.1f", $1}')
    cst=$(sed -n 's/^Result - \(.*\)$/\1/p' "$dir/cbc" | head -1)
    co=$(sed -n 's/^Objective value: *\([0-9.e+-]*\).*/\1/p' "$dir/cbc" | head -1)
    cb=$(sed -n 's/^Lower bound: *\([0-9.e+-]*\).*/\1/p' "$dir/cbc" | head -1)
    ro=$( [ -n "$co" ] && echo "$o / $co" | bc -l | awk '{printf "%.4f", $1}' || echo "-")
    rb=$( [ -n "$cb" ] && echo "$bd / $cb" | bc -l | awk '{printf "%.4f", $1}' || echo "-")
    printf "| %s | %s | %s | %s | %s | %s | %s | %.1f | %.1f | %s%% | %s | %s | %s | %s | %s | %s | %s | %s | %s |\n" \
        "$n" "$teachers" "$size" "$b" "$f" "$s" "$st" "$o" "$bd" "$g" "$m" "${ua:--}" "${ck:-?}" "$cs" "${cst:-?}" "${co:--}" "${cb:--}" "$ro" "$rb"
done
