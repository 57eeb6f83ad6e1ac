#!/usr/bin/env bash
# rotas researchers against CBC on the exported link model, on generated counties with
# --programmes. Per county: the median of RUNS wall-clock times of the whole command (both
# models, GLPK) and of CBC 2.10 on the exported link model (LP file), the objectives, and the
# ratio of the medians. One run at a time (the machine is shared).
# usage: bench/bench_researchers.sh [ROTAS] [RUNS] [SCHOOLS...]   (default: build/rotas 5 120 400)
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
printf "| schools | seed | researchers | rural schools | x columns | rotas researchers median s (whole command) | GLPK link solve median s | links status | objective | CBC median s (link model) | CBC objective | GLPK solve / CBC |\n"
printf "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
for n in "${SIZES[@]}"; do
  seed=$n
  "$ROTAS" gen --schools "$n" --seed "$seed" --constraints --programmes -o "$T/c$n.json"
  : > "$T/g"; : > "$T/c"; : > "$T/s"
  for i in $(seq "$RUNS"); do
    a=$(now)
    "$ROTAS" researchers "$T/c$n.json" --time-limit 120 -o "$T/r$n.json" --export-lp "$T/m$n.lp" 2> "$T/log$n"
    b=$(now)
    echo "$b - $a" | bc -l >> "$T/g"
    python3 -c "import json;print(json.load(open('$T/r$n.json'))['seconds'])" >> "$T/s"
    a=$(now)
    cbc "$T/m$n.lp" solve > "$T/cbc$n" 2>&1
    b=$(now)
    echo "$b - $a" | bc -l >> "$T/c"
  done
  g=$(median < "$T/g"); c=$(median < "$T/c"); sv=$(median < "$T/s")
  obj=$(python3 -c "import json;print('%.2f' % json.load(open('$T/r$n.json'))['objective'])")
  st=$(python3 -c "import json;print(json.load(open('$T/r$n.json'))['status'])")
  nr=$(python3 -c "import json;d=json.load(open('$T/r$n.json'));print(d['summary']['researchers'], d['summary']['rural_schools'])")
  cols=$(grep -o 'x([^)]*)' "$T/m$n.lp" | sort -u | wc -l)
  cobj=$(awk '/Objective value:/ {printf "%.2f", $3}' "$T/cbc$n")
  printf "| %s | %s | %s | %s | %s | %.3f | %.3f | %s | %s | %.3f | %s | %.2f |\n" "$n" "$seed" \
    "${nr% *}" "${nr#* }" "$cols" "$g" "$sv" "$st" "$obj" "$c" "$cobj" "$(echo "$sv / $c" | bc -l)"
done
