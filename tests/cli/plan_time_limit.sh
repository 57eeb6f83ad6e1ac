#!/usr/bin/env bash
# rotas plan --time-limit covers the whole command (reading, model building, solving,
# writing): on the largest county the generator makes (2,000 schools) the wall time, measured
# here, is at most the limit + 2 s, and the plan it writes passes the checker.
# On a machine so loaded that the command cannot get a CPU (load average above twice the
# cores), the timing is reported and not judged; a sanitizer build skips the test.
# usage: plan_time_limit.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 BUILD=$3
T=$(mktemp -d "$BUILD/plan_time_limit.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
LIMIT=6
# A sanitizer build runs the planner several times slower: its timing says nothing about the
# product, and the 2,000-school plan would take minutes of the suite.
if ldd "$ROTAS" 2>/dev/null | grep -q 'libasan'; then
    echo "SKIP: a sanitizer build (the time limit is tested by the plain build)"
    exit 0
fi

"$ROTAS" gen --schools 2000 --seed 1 -o "$T/big.json" || fail "gen --schools 2000"
start=$(date +%s.%N)
"$ROTAS" plan "$T/big.json" --time-limit $LIMIT -o "$T/plan.json" 2>"$T/err" ||
    { cat "$T/err" >&2; fail "plan exit $?"; }
end=$(date +%s.%N)
wall=$(python3 -c "import sys; print('%.2f' % (float(sys.argv[2]) - float(sys.argv[1])))" "$start" "$end")
load=$(cut -d' ' -f1 /proc/loadavg)
cores=$(nproc 2>/dev/null || echo 1)
echo "plan --time-limit $LIMIT on 2,000 schools: wall $wall s (load $load on $cores cores): $(head -1 "$T/err")"
"$ROTAS" check "$T/big.json" "$T/plan.json" -q || fail "the plan made under the time limit fails the checker"
if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > 2 * int(sys.argv[2]) else 1)" "$load" "$cores"; then
    echo "SKIP: load $load on $cores cores: the wall time is not judged"
    exit 0
fi
python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) <= float(sys.argv[2]) + 2 else 1)" "$wall" $LIMIT ||
    fail "plan --time-limit $LIMIT took $wall s of wall time (limit + 2 s = $((LIMIT + 2)) s)"
echo "plan_time_limit: ok"
