#!/bin/bash
# bench_plan_pair.sh - two builds of rotas side by side on the same generated counties: each
# pair of runs starts together, so both see the same machine load; prints the objective and
# bound of each written plan (every plan is checked by rotas plan before it is written).
#
#   bench/bench_plan_pair.sh OLD_ROTAS NEW_ROTAS TIME_LIMIT "N:SEED[:GENOPTS] ..."
#   bench/bench_plan_pair.sh /tmp/old/rotas build/rotas 60 "30:1 30:2 30:1:--over-quota=0.35 120:1"
#   (options after the seed: --opt=value, several joined by colons: 30:5:--coverage=0.9:--one-teacher=0.5)
set -u
OLD=$1
NEW=$2
TL=$3
CASES=$4
dir=$(mktemp -d "${TMPDIR:-/tmp}/bench_pair.XXXXXX")
trap 'rm -rf "$dir"' EXIT
field() { python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print(round(d['objective'],1), round(d['bound'],1))" "$1" 2>/dev/null || echo "- -"; }
printf "| county | T | old objective | old bound | new objective | new bound | new / old |\n"
printf "| --- | --- | --- | --- | --- | --- | --- |\n"
for c in $CASES; do
    n=${c%%:*}; rest=${c#*:}; seed=${rest%%:*}; opts=""
    [ "$rest" != "$seed" ] && opts=$(echo "${rest#*:}" | tr '=:' '  ')
    "$NEW" gen --schools "$n" --seed "$seed" $opts -o "$dir/c.json" || exit 1
    "$OLD" plan "$dir/c.json" --time-limit "$TL" -q -o "$dir/a.json" 2> /dev/null &
    "$NEW" plan "$dir/c.json" --time-limit "$TL" -q -o "$dir/b.json" 2> /dev/null &
    wait
    read -r ao ab <<< "$(field "$dir/a.json")"
    read -r bo bb <<< "$(field "$dir/b.json")"
    ratio=$(awk -v a="$ao" -v b="$bo" 'BEGIN { if (a + 0 > 0) printf "%.2f", b / a; else print "-" }')
    printf "| %s seed %s %s | %s s | %s | %s | %s | %s | %s |\n" "$n" "$seed" "$opts" "$TL" "$ao" "$ab" "$bo" "$bb" "$ratio"
    rm -f "$dir/a.json" "$dir/b.json"
done
