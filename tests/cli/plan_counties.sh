#!/bin/bash
# rotas plan on generated counties of the kinds that break planners: a third of the schools
# over their staff quota (every arrival there needs a departure), bureau decisions on top of
# them, one-teacher teaching points, leaders all due at once (the generator makes the last
# two by default). Each run must write a plan that `rotas check` accepts, whatever its status.
set -u
ROTAS=$1
BUILD=$3
dir=$(mktemp -d "$BUILD/plan_counties.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

for seed in 1 2 3 4 5 6 7 8 9 10; do
    n=$((8 + seed % 5))
    extra=""
    [ $((seed % 2)) -eq 0 ] && extra="--constraints"
    c="$dir/c$seed.json"
    "$ROTAS" gen --schools "$n" --seed "$seed" --over-quota 0.34 $extra -o "$c" ||
        fail "gen seed $seed"
    "$ROTAS" plan "$c" --time-limit 3 -o "$dir/p$seed.json" 2> "$dir/e$seed" ||
        { cat "$dir/e$seed" >&2; fail "seed $seed ($n schools $extra): plan exited $?"; }
    grep -q '^plan [0-9]*: \(optimal\|feasible\|time_limit\)' "$dir/e$seed" ||
        fail "seed $seed: no status line"
    "$ROTAS" check "$c" "$dir/p$seed.json" -q ||
        fail "seed $seed ($n schools $extra): check rejected the plan"
done
echo "plan_counties: 10 over-quota counties planned and checked"
