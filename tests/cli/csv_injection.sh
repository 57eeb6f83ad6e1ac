#!/usr/bin/env bash
# CSV formula injection (OWASP): names that a spreadsheet would run as formulas come out of
# every CSV rotas writes (plan moves/unfilled, timetable lessons/routes, whatif --csv) with a
# leading apostrophe; numbers stay numbers; the XLSX holds them as plain strings, no formula.
# usage: csv_injection.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "$BUILD/csv_injection.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# every name of the tiny county becomes a formula-like text
python3 - "$SRC/tests/data/tiny-county.json" "$T/c.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
evil = ["=cmd|' /C calc'!A0", "+SUM(1,2)", "-3+3", "@SUM(1)", "\tTAB", "=HYPERLINK(\"x\")"]
for i, t in enumerate(d["teachers"]):
    t["name"] = evil[i % len(evil)] + str(i)
for i, s in enumerate(d["schools"]):
    s["name"] = evil[(i + 1) % len(evil)] + "S" + str(i)
for i, s in enumerate(d["subjects"]):
    s["name"] = "=" + s["id"]
for c in d["clusters"]:
    c["name"] = "@" + c["id"]
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
"$ROTAS" plan "$T/c.json" --time-limit 5 -q -o "$T/p.json" || fail "plan"
"$ROTAS" timetable "$T/c.json" --cluster C01 --time-limit 5 -q -o "$T/tt.json" || fail "timetable"
"$ROTAS" render "$T/p.json" --county "$T/c.json" --csv "$T/plan-csv" -q || fail "render plan csv"
"$ROTAS" render "$T/tt.json" --county "$T/c.json" --csv "$T/tt-csv" -q || fail "render tt csv"
cat >"$T/s.json" <<'EOF'
{"format": "rotas-scenarios/1", "base": "c.json", "policy": {"time_limit_seconds": 2},
 "jobs": ["plan"], "scenarios": [{"name": "=cmd|' /C calc'!A0"}, {"name": "-2+5"}]}
EOF
"$ROTAS" whatif "$T/s.json" -q -j 1 -o "$T/w.json" --csv "$T/w.csv" 2>"$T/werr" ||
    fail "whatif: $(cat "$T/werr")"

python3 - "$T" <<'EOF' || fail "a CSV cell would be a formula"
import csv, glob, os, re, sys
T = sys.argv[1]
files = sorted(glob.glob(T + "/plan-csv/*.csv") + glob.glob(T + "/tt-csv/*.csv") + [T + "/w.csv"])
need = {"moves.csv", "unfilled.csv", "lessons.csv", "routes.csv", "w.csv"}
have = {os.path.basename(f) for f in files}
assert need <= have, "missing CSV files: %s" % (need - have)
number = re.compile(r"^-?[0-9]+(\.[0-9]+)?$")
guarded = numbers = 0
for f in files:
    with open(f, encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            for cell in row:
                if cell[:1] in ("=", "+", "@", "\t", "\r"):
                    print("%s: cell %r would be a formula" % (f, cell)); sys.exit(1)
                if cell[:1] == "-" and not number.match(cell):
                    print("%s: cell %r would be a formula" % (f, cell)); sys.exit(1)
                if cell[:1] == "'" and cell[1:2] in ("=", "+", "-", "@", "\t"):
                    guarded += 1
                if number.match(cell):
                    numbers += 1
assert guarded > 10, "only %d guarded cells: the names did not reach the CSV" % guarded
assert numbers > 10, "numbers are no longer plain numbers (%d)" % numbers
w = list(csv.reader(open(T + "/w.csv", encoding="utf-8-sig", newline="")))
names = [r[0] for r in w[1:]]
assert "'=cmd|' /C calc'!A0" in names and "'-2+5" in names, names
EOF

# The XLSX keeps every name as a shared string: no cell is a formula.
if python3 -c 'import openpyxl' 2>/dev/null &&
    "$ROTAS" render "$T/p.json" --county "$T/c.json" --xlsx "$T/p.xlsx" -q 2>/dev/null; then
    python3 - "$T/p.xlsx" <<'EOF' || fail "the XLSX holds a formula"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
seen = 0
for ws in wb.worksheets:
    for row in ws.iter_rows():
        for c in row:
            if c.data_type == "f":
                print("formula in %s!%s: %r" % (ws.title, c.coordinate, c.value)); sys.exit(1)
            if isinstance(c.value, str) and c.value[:1] in "=+-@":
                seen += 1
assert seen > 5, "the formula-like names are not in the workbook as text (%d)" % seen
EOF
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "csv_injection: ok"
