#!/usr/bin/env bash
# Time `rotas import` of a generated 400-school county: median wall seconds of 5 runs and the
# peak RSS of one run.   usage: bench/bench_import.sh [ROTAS_BIN] [SCHOOLS]
# Needs GNU time (/usr/bin/time; Debian package `time`, see scripts/deps.sh --bench).
set -euo pipefail
ROTAS=${1:-build/rotas}
SCHOOLS=${2:-400}
[ -x /usr/bin/time ] || { echo "bench_import: /usr/bin/time missing (scripts/deps.sh --bench)" >&2; exit 1; }
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
"$ROTAS" gen --schools "$SCHOOLS" --seed 1 -o "$T/county.json"
times=()
for i in 1 2 3 4 5; do
  rm -f "$T/c.db" "$T/c.db-wal" "$T/c.db-shm"
  s=$(date +%s.%N)
  "$ROTAS" import "$T/county.json" --db "$T/c.db" -q
  e=$(date +%s.%N)
  times+=("$(echo "$e - $s" | bc -l)")
done
median=$(printf '%s\n' "${times[@]}" | sort -g | sed -n 3p)
rm -f "$T/c.db" "$T/c.db-wal" "$T/c.db-shm"
rss=$(/usr/bin/time -f %M "$ROTAS" import "$T/county.json" --db "$T/c.db" -q 2>&1 >/dev/null | tail -1)
summary=$("$ROTAS" import "$T/county.json" --db "$T/c.db" 2>&1 | tail -1)
echo "county: $summary"
printf 'import median wall: %.3f s (5 runs)\n' "$median"
echo "import peak RSS: $rss KB"
