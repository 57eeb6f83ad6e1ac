#!/bin/bash
# bench_cover.sh - daily cover on the demo county's cluster C01 with 1, 3 and 10 absent
# teachers (the busiest of the timetable), Monday to Wednesday and the whole week, against a
# peer run in the same script: `rotas check` of the same timetable (reading the county and
# the timetable and checking every rule, the fixed cost of any command on this cluster).
#
#   bench/bench_cover.sh [BUILD_DIR] [OUT_DIR]
#
# Prints a markdown table for bench/RESULTS.md: median wall seconds over RUNS (default 5) runs
# on one core (taskset -c 0), the ratio to the peer's median, and the outcome (lessons,
# substitute / swap / self-study, people touched, status), each cover checked by rotas check.
set -u
BUILD=${1:-build}
OUT=${2:-$(mktemp -d /tmp/bench_cover.XXXXXX)}
ROTAS="$BUILD/rotas"
HERE=$(cd "$(dirname "$0")" && pwd)
SRC=$(dirname "$HERE")
RUNS=${RUNS:-5}
county="$SRC/datasets/demo-county.json"
mkdir -p "$OUT"
"$ROTAS" timetable "$county" --cluster C01 --time-limit 10 --seed 1 -q -o "$OUT/tt.json" || exit 1

median() { sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
timed() { # runs the command RUNS times, prints the median wall seconds
    for _ in $(seq "$RUNS"); do
        local t0 t1
        t0=$(date +%s.%N)
        taskset -c 0 "$@" > /dev/null 2>&1
        t1=$(date +%s.%N)
        echo "$t1 - $t0" | bc
    done | median
}

peer=$(timed "$ROTAS" check "$county" "$OUT/tt.json" -q)
busy=$(python3 - "$OUT/tt.json" <<'PY'
import json, sys, collections
t = json.load(open(sys.argv[1]))
c = collections.Counter(l["teacher"] for l in t["lessons"])
print(" ".join(x for x, _ in c.most_common(10)))
PY
)
echo "peer: rotas check of the timetable, median ${peer} s"
echo
echo "| absent | days | lessons | substitute / swap / self-study | people touched | status | median s | × check | checked |"
echo "| --- | --- | --- | --- | --- | --- | --- | --- | --- |"
for n in 1 3 10; do
    ids=$(echo "$busy" | tr ' ' '\n' | head -n "$n" | paste -sd,)
    for days in 2026-03-09..2026-03-11 2026-03-09..2026-03-13; do
        json="$OUT/cover-$n-${days%%..*}-${days##*..}.json"
        "$ROTAS" cover "$county" --timetable "$OUT/tt.json" --absent "$ids" --days "$days" \
            -o "$json" 2> "$OUT/cover.err" || { cat "$OUT/cover.err"; exit 1; }
        t=$(timed "$ROTAS" cover "$county" --timetable "$OUT/tt.json" --absent "$ids" \
            --days "$days" -q -o "$OUT/x.json")
        if "$ROTAS" check "$county" "$json" -q > /dev/null; then chk=clean; else chk=REJECTED; fi
        python3 - "$json" "$n" "$days" "$t" "$peer" "$chk" <<'PY'
import json, sys
cv = json.load(open(sys.argv[1])); s = cv["summary"]
n, days, t, peer, chk = sys.argv[2:]
print(f"| {n} | {days} | {s['lessons']} | {s['substitute']} / {s['swap']} / {s['self_study']} "
      f"| {s['people_touched']} | {cv['status']} | {float(t):.3f} | {float(t)/float(peer):.2f} | {chk} |")
PY
    done
done
