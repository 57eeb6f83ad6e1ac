#!/bin/bash
# rotas render --xlsx: the workbooks of a plan and a timetable, checked with openpyxl
# (python3-openpyxl): sheets, headers, frozen panes, A4, rows = moves / lessons.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
DATA=$SRC/tests/data/render
dir=$(mktemp -d "$BUILD/render_xlsx_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=
for p in /usr/bin/python3 python3; do
  if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "python3 with openpyxl not found (apt-get install python3-openpyxl)"
if ! "$ROTAS" render "$DATA/plan.json" --xlsx "$dir/probe.xlsx" -q 2> "$dir/err"; then
  grep -q 'without libxlsxwriter' "$dir/err" && { echo "SKIP: built without libxlsxwriter"; exit 0; }
  cat "$dir/err"; fail "plan render"
fi

"$ROTAS" render "$DATA/plan.json" --xlsx "$dir/plan.xlsx" -q || fail "plan render"
"$PY" "$SRC/tests/cli/render_xlsx.py" plan "$dir/plan.xlsx" "$DATA/plan.json" || fail "plan workbook"
"$ROTAS" render "$DATA/timetable.json" --xlsx "$dir/tt.xlsx" -q || fail "timetable render"
"$PY" "$SRC/tests/cli/render_xlsx.py" timetable "$dir/tt.xlsx" "$DATA/timetable.json" ||
  fail "timetable workbook"
"$ROTAS" render "$DATA/timetable.json" --xlsx "$dir/tt-en.xlsx" --lang en -q || fail "en render"
"$PY" "$SRC/tests/cli/render_xlsx.py" timetable "$dir/tt-en.xlsx" "$DATA/timetable.json" en ||
  fail "English timetable workbook"

# The demo county, when it is there: a larger timetable-free check of the plan workbook.
if [ -f "$SRC/datasets/demo-county.json" ]; then
  "$ROTAS" plan "$SRC/datasets/demo-county.json" --time-limit 6 -q -o "$dir/demo-plan.json" ||
    fail "demo plan"
  "$ROTAS" render "$dir/demo-plan.json" --county "$SRC/datasets/demo-county.json" \
    --xlsx "$dir/demo.xlsx" -q || fail "demo render"
  "$PY" "$SRC/tests/cli/render_xlsx.py" plan "$dir/demo.xlsx" "$dir/demo-plan.json" ||
    fail "demo workbook"
fi
exit 0
