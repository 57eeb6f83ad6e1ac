#!/usr/bin/env bash
# The same county imported from each format a clerk may hand over: JSON (the peer), a CSV
# folder, an .xlsx workbook and an .xls workbook (made from the .xlsx by python3-xlwt);
# median wall seconds of 5 runs each, and the ratio to JSON; also the time to export each.
#   usage: bench/bench_formats.sh [ROTAS_BIN] [SCHOOLS]
set -euo pipefail
ROTAS=${1:-build/rotas}
SCHOOLS=${2:-400}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
now() { date +%s.%N; }
median() { printf '%s\n' "$@" | sort -g | sed -n 3p; }
"$ROTAS" gen --schools "$SCHOOLS" --seed 1 -o "$T/county.json"
"$ROTAS" import "$T/county.json" "$T/ref.db" -q
declare -A export_s
for f in csv xlsx; do
  s=$(now)
  if [ $f = csv ]; then "$ROTAS" export "$T/ref.db" --csv "$T/county-csv"; else "$ROTAS" export "$T/ref.db" --xlsx "$T/county.xlsx"; fi
  export_s[$f]=$(echo "$(now) - $s" | bc -l)
done
/usr/bin/python3 - "$T/county.xlsx" "$T/county.xls" << 'PY'
import sys, openpyxl, xlwt
wb = openpyxl.load_workbook(sys.argv[1])
out = xlwt.Workbook(encoding='utf-8')
for ws in wb.worksheets:
    o = out.add_sheet(ws.title)
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        for c, v in enumerate(row):
            if v is not None:
                o.write(r, c, v)
out.save(sys.argv[2])
PY
"$ROTAS" export "$T/ref.db" -o "$T/ref-export.json"
declare -A med
for f in json csv xlsx xls; do
  case $f in json) in="$T/county.json" ;; csv) in="$T/county-csv" ;; *) in="$T/county.$f" ;; esac
  times=()
  for i in 1 2 3 4 5; do
    rm -f "$T/c.db" "$T/c.db-wal" "$T/c.db-shm"
    s=$(now)
    "$ROTAS" import "$in" "$T/c.db" -q
    times+=("$(echo "$(now) - $s" | bc -l)")
  done
  med[$f]=$(median "${times[@]}")
  "$ROTAS" export "$T/c.db" -o "$T/back.json"
  cmp -s "$T/ref-export.json" "$T/back.json" || { echo "bench_formats: $f import differs" >&2; exit 1; }
done
echo "county: gen --schools $SCHOOLS --seed 1, $(grep -c '"birth_year"' "$T/county.json") teachers;" \
     "sizes: json $(du -k "$T/county.json" | cut -f1) KB, csv $(du -sk "$T/county-csv" | cut -f1) KB," \
     "xlsx $(du -k "$T/county.xlsx" | cut -f1) KB, xls $(du -k "$T/county.xls" | cut -f1) KB"
for f in json csv xlsx xls; do
  printf 'import %-4s median %.3f s  ratio to json %.2f\n' $f "${med[$f]}" "$(echo "${med[$f]} / ${med[json]}" | bc -l)"
done
printf 'export csv %.3f s, xlsx %.3f s (one run each)\n' "${export_s[csv]}" "${export_s[xlsx]}"
