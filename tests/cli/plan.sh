#!/bin/bash
# rotas plan / rotas approve: a plan of a small county passes the checker; --save and approve
# apply it once and refuse a second time; bad usage exits 2.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/plan_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

county="$SRC/datasets/demo-county.json"
if [ ! -f "$county" ]; then
    "$ROTAS" gen --schools 12 --seed 3 -o "$dir/county.json" || fail "gen"
    county="$dir/county.json"
fi

# plan -> check
"$ROTAS" plan "$county" --time-limit 20 -o "$dir/plan.json" 2> "$dir/err" ||
    { cat "$dir/err" >&2; fail "plan exited $?"; }
grep -q '"format": "rotas-plan/1"' "$dir/plan.json" || fail "no rotas-plan/1 written"
grep -q '^plan [0-9]*: ' "$dir/err" || fail "no summary on stderr"
grep -q '^teachers: [0-9]* eligible' "$dir/err" || fail "no eligible count in the summary"
"$ROTAS" check "$county" "$dir/plan.json" -q || fail "check rejected the plan"

# stdout is the plan when -o is not given; -q silences the summary
"$ROTAS" plan "$county" --time-limit 20 -q > "$dir/plan2.json" 2> "$dir/err2" || fail "plan to stdout"
[ -s "$dir/err2" ] && fail "-q still printed: $(cat "$dir/err2")"
grep -q '"moves"' "$dir/plan2.json" || fail "stdout plan has no moves"

# export the model
"$ROTAS" plan "$county" --time-limit 20 -q -o /dev/null --export-lp "$dir/m.lp" || fail "export-lp"
grep -q 'cover(' "$dir/m.lp" || fail "LP file has no cover rows"

# usage errors
"$ROTAS" plan 2> /dev/null; [ $? -eq 2 ] || fail "no county: expected exit 2"
"$ROTAS" plan "$county" --time-limit zero 2> "$dir/e3"; [ $? -eq 2 ] || fail "bad time limit"
grep -q 'time-limit' "$dir/e3" || fail "bad time limit message"
"$ROTAS" plan "$county" --save -o /dev/null 2> /dev/null; [ $? -eq 2 ] || fail "--save on JSON"
"$ROTAS" plan "$dir/missing.json" 2> /dev/null; [ $? -eq 0 ] && fail "missing county accepted"
"$ROTAS" plan --help | grep -q 'example' || fail "help has no example"

# save and approve through a database
"$ROTAS" import "$county" --db "$dir/c.db" -q || fail "import"
"$ROTAS" plan "$dir/c.db" --time-limit 20 --save -q -o "$dir/p.json" 2> "$dir/save" ||
    { cat "$dir/save" >&2; fail "plan --save"; }
id=$(sed -n 's/^plan id \([0-9]*\)$/\1/p' "$dir/save")
[ -n "$id" ] || fail "no plan id printed: $(cat "$dir/save")"
"$ROTAS" approve "$dir/c.db" "$id" -q || fail "approve"
"$ROTAS" approve "$dir/c.db" "$id" 2> "$dir/again"; [ $? -eq 1 ] || fail "second approve not refused"
grep -q 'already approved\|no longer fits' "$dir/again" || fail "second approve message: $(cat "$dir/again")"
"$ROTAS" approve "$dir/c.db" 999999 2> /dev/null; [ $? -eq 0 ] && fail "unknown plan id accepted"
"$ROTAS" approve "$dir/c.db" abc 2> /dev/null; [ $? -eq 2 ] || fail "bad plan id: expected 2"
# the moved teachers now sit at their new schools on exchange; next year's plan passes
"$ROTAS" export --db "$dir/c.db" -o "$dir/after.json" || fail "export"
year=$(sed -n 's/^ *"year": \([0-9]*\),*$/\1/p' "$dir/p.json" | head -1)
"$ROTAS" plan "$dir/after.json" --year $((year + 1)) --time-limit 20 -q -o "$dir/p2.json" ||
    fail "plan after approval"
"$ROTAS" check "$dir/after.json" "$dir/p2.json" -q || fail "check of the next plan"
exit 0
