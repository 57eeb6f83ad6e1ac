#!/usr/bin/env bash
# rotas shuttles against CBC on the exported set-partitioning model, on generated counties with
# --programmes. Per county: medians of RUNS runs of the whole command and of GLPK's solve (the
# result's seconds), CBC 2.10 on the exported LP file, objectives and the ratio of the medians.
# usage: bench/bench_shuttles.sh [ROTAS] [RUNS] [SCHOOLS...]   (default: build/rotas 5 120 400)
set -euo pipefail
ROTAS=${1:-build/rotas}
RUNS=${2:-5}
shift 2 || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(120 400)
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}'; }
now() { date +%s.%N; }
printf "| schools | seed | riders | columns | routes | unserved | rotas shuttles median s (whole command) | GLPK solve median s | GLPK status | GLPK objective | GLPK bound | CBC median s | CBC result | CBC objective | CBC bound | GLPK solve / CBC |\n"
printf "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
for n in "${SIZES[@]}"; do
  "$ROTAS" gen --schools "$n" --seed "$n" --constraints --programmes -o "$T/c$n.json"
  : > "$T/g"; : > "$T/c"; : > "$T/s"
  for i in $(seq "$RUNS"); do
    a=$(now)
    "$ROTAS" shuttles "$T/c$n.json" --time-limit 60 -o "$T/r$n.json" --export-lp "$T/m$n.lp" 2> "$T/log$n"
    b=$(now)
    echo "$b - $a" | bc -l >> "$T/g"
    python3 -c "import json;print(json.load(open('$T/r$n.json'))['seconds'])" >> "$T/s"
    a=$(now)
    cbc "$T/m$n.lp" sec 60 solve > "$T/cbc$n" 2>&1
    b=$(now)
    echo "$b - $a" | bc -l >> "$T/c"
  done
  g=$(median < "$T/g"); c=$(median < "$T/c"); sv=$(median < "$T/s")
  read -r riders cols routes uns obj bnd st < <(python3 -c "
import json; d = json.load(open('$T/r$n.json')); s = d['summary']
print(s['riders'], s['columns'], s['vehicles'], s['unserved'], '%.2f' % d['objective'], '%.2f' % d['bound'], d['status'])")
  cobj=$(awk '/Objective value:/ {printf "%.2f", $3}' "$T/cbc$n")
  cbnd=$(awk '/Lower bound:/ {printf "%.2f", $3}' "$T/cbc$n")
  cres=$(sed -n 's/^Result - //p' "$T/cbc$n" | head -1)
  printf "| %s | %s | %s | %s | %s | %s | %.3f | %.3f | %s | %s | %s | %.3f | %s | %s | %s | %.2f |\n" "$n" "$n" \
    "$riders" "$cols" "$routes" "$uns" "$g" "$sv" "$st" "$obj" "$bnd" "$c" "$cres" "$cobj" "${cbnd:--}" \
    "$(echo "$sv / $c" | bc -l)"
done
