#!/bin/bash
# bench_plan_small_cbc.sh - small generated counties: rotas plan at a time limit against CBC on
# the model rotas exported (--export-lp: the exact model it solved, the relaxed one where the
# rules conflict), CBC given its own longer limit. Prints each county's rotas objective, bound
# and status, and CBC's objective and whether it proved it.
#
#   bench/bench_plan_small_cbc.sh ROTAS RotasSeconds CbcSeconds "N:SEED ..."
#   bench/bench_plan_small_cbc.sh build/rotas 20 150 "8:1 8:2 10:1 10:2 12:1 12:2 15:1 15:2 20:1 20:2"
set -u
R=$1
TL=$2
CT=$3
CASES=$4
command -v cbc > /dev/null || { echo "cbc not found (Debian package coinor-cbc)" >&2; exit 2; }
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench_small.XXXXXX")
trap 'rm -rf "$dir"' EXIT
printf "| county | rotas objective | rotas bound | rotas status | CBC objective | CBC result | rotas / CBC |\n"
printf "| --- | --- | --- | --- | --- | --- | --- |\n"
for c in $CASES; do
    n=${c%%:*}; seed=${c#*:}
    "$R" gen --schools "$n" --seed "$seed" -q -o "$dir/c.json" || exit 1
    "$R" plan "$dir/c.json" --time-limit "$TL" -q --export-lp "$dir/m.lp" -o "$dir/p.json" 2> /dev/null
    read -r ro rb rs <<< "$(python3 -c "import json,sys; p=json.load(open(sys.argv[1])); print(round(p['objective'],2), round(p['bound'],2), p['status'])" "$dir/p.json" 2> /dev/null || echo "- - -")"
    timeout $((CT + 60)) cbc "$dir/m.lp" -sec "$CT" -solve > "$dir/cbc.log" 2>&1
    co=$(awk '/^Objective value/ {printf "%.2f", $3}' "$dir/cbc.log")
    cr=$(sed -n 's/^Result - //p' "$dir/cbc.log")
    ratio=$(awk -v a="$ro" -v b="$co" 'BEGIN { if (b + 0 > 0) printf "%.4f", a / b; else print "-" }')
    printf "| %s seed %s | %s | %s | %s | %s | %s | %s |\n" "$n" "$seed" "$ro" "$rb" "$rs" "${co:--}" "${cr:--}" "$ratio"
    rm -f "$dir/p.json" "$dir/m.lp" "$dir/cbc.log"
done
