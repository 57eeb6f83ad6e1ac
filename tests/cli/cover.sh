#!/bin/bash
# rotas cover: one and several absent teachers on the demo county's cluster C01; every cover
# is checked by `rotas check`; a whole-week absence without the cover allowance leaves lessons
# as self-study with a reason; notices name the teachers and classes; a tampered cover is
# rejected; bad input exits 2 naming the option and what was found; nothing is written then.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/cover_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

county="$SRC/datasets/demo-county.json"
"$ROTAS" timetable "$county" --cluster C01 --time-limit 3 --seed 1 -q -o "$dir/tt.json" \
    || fail "timetable"
# the three teachers with most lessons
busy=$(python3 - "$dir/tt.json" <<'PY'
import json, sys, collections
t = json.load(open(sys.argv[1]))
c = collections.Counter(l["teacher"] for l in t["lessons"])
print(",".join(x for x, _ in c.most_common(3)))
PY
)
one=${busy%%,*}

# one absence, Monday to Wednesday
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one" --days 2026-03-09..2026-03-11 \
    --reason 病假 -o "$dir/c1.json" --html "$dir/c1.html" 2> "$dir/c1.err" \
    || { cat "$dir/c1.err"; fail "cover of $one"; }
grep -q '^cover of cluster C01: ' "$dir/c1.err" || fail "no summary line"
grep -q '"format": "rotas-cover/1"' "$dir/c1.json" || fail "not a rotas-cover/1 file"
"$ROTAS" check "$county" "$dir/c1.json" -q || fail "check rejected the cover"
"$ROTAS" check "$county" "$dir/c1.json" --timetable "$dir/tt.json" -q || fail "check --timetable"
python3 - "$dir/c1.json" "$dir/tt.json" "$one" <<'PY' || fail "cover entries"
import json, sys, datetime
cv = json.load(open(sys.argv[1])); tt = json.load(open(sys.argv[2])); t = sys.argv[3]
# every lesson of the absent teacher on Mon, Tue, Wed has one entry
need = sum(1 for l in tt["lessons"] if l["teacher"] == t and l["day"] in (1, 2, 3))
assert len(cv["cover"]) == need, (len(cv["cover"]), need)
for e in cv["cover"]:
    assert e["absent"] == t
    d = datetime.date.fromisoformat(e["date"])
    assert d.isoweekday() == e["day"] and "2026-03-09" <= e["date"] <= "2026-03-11"
    assert e["kind"] in ("substitute", "swap", "self_study")
    if e["kind"] == "substitute": assert e["teacher"] != t
    if e["kind"] == "swap": assert e["swap"]["date"] >= "2026-03-09"
s = cv["summary"]
assert s["substitute"] + s["swap"] + s["self_study"] == s["lessons"] == need
assert cv["absences"][0]["reason"] == "病假"
PY
grep -q 'class="notice teacher-notice" data-teacher="'"$one"'"' "$dir/c1.html" \
    || fail "no notice for the absent teacher"
grep -q 'class="notice class-notice"' "$dir/c1.html" || fail "no notice per class"
grep -q 'page-break-after:always' "$dir/c1.html" || fail "notices do not print one a page"

# the notices again from the cover file
"$ROTAS" render "$dir/c1.json" --html "$dir/again.html" -q || fail "render of a cover"
cmp -s "$dir/c1.html" "$dir/again.html" || fail "render gives other notices than cover --html"
"$ROTAS" render "$dir/c1.json" --csv "$dir/c1csv" 2> "$dir/e"; [ $? -eq 2 ] || fail "cover csv: exit 2"
grep -q 'renders as notices with --html or --xlsx, not --csv' "$dir/e" || fail "cover csv message"
if "$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one" \
    --days 2026-03-09..2026-03-11 -q -o "$dir/c1x.json" --xlsx "$dir/c1.xlsx" 2> "$dir/e"; then
    PY=
    for p in /usr/bin/python3 python3; do
        if "$p" -c 'import openpyxl' 2>/dev/null; then PY=$p; break; fi
    done
    if [ -n "$PY" ]; then
        "$PY" - "$dir/c1.xlsx" "$dir/c1x.json" <<'PY' || fail "cover workbook"
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); cv = json.load(open(sys.argv[2]))
assert wb.sheetnames == ["代课调课", "通知"], wb.sheetnames
rows = [r for r in wb["代课调课"].iter_rows(min_row=3, values_only=True) if r[0]]
assert len(rows) == len(cv["cover"]), (len(rows), len(cv["cover"]))
ws = wb["通知"]
titles = [r[0] for r in ws.iter_rows(values_only=True) if r[0] and ("老师" in str(r[0]) or "通知" in str(r[0]))]
teachers = {cv["absences"][0]["teacher"]} | {e["teacher"] for e in cv["cover"] if e["kind"] != "self_study"}
classes = {(e["school"], e["class"]) for e in cv["cover"]}
assert len(titles) == len(teachers) + len(classes), (titles, teachers, classes)
assert len(ws.row_breaks.brk) == len(titles) - 1
PY
    fi
else
    grep -q 'without libxlsxwriter' "$dir/e" || { cat "$dir/e"; fail "cover --xlsx"; }
fi

# three absences at once; the model readable by glpsol
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$busy" --days 2026-03-10 -q \
    -o "$dir/c3.json" --export-lp "$dir/c3.lp" || fail "cover of three"
"$ROTAS" check "$county" "$dir/c3.json" -q || fail "check of three"
[ -s "$dir/c3.lp" ] || fail "no LP written"
if command -v glpsol > /dev/null; then
    glpsol --lp "$dir/c3.lp" > /dev/null 2>&1 || fail "glpsol cannot solve the LP"
fi

# each teacher its own dates
two=$(echo "$busy" | cut -d, -f2)
"$ROTAS" cover "$county" --timetable "$dir/tt.json" -q -o "$dir/own.json" \
    --absent "$one@2026-03-09..2026-03-10,$two@2026-03-12" || fail "own dates"
"$ROTAS" check "$county" "$dir/own.json" -q || fail "check of own dates"
python3 - "$dir/own.json" "$one" "$two" <<'PY' || fail "own dates entries"
import json, sys
cv = json.load(open(sys.argv[1])); one, two = sys.argv[2:]
assert {(a["teacher"], a["from"], a["to"]) for a in cv["absences"]} == \
    {(one, "2026-03-09", "2026-03-10"), (two, "2026-03-12", "2026-03-12")}
for e in cv["cover"]:
    if e["absent"] == one: assert e["date"] in ("2026-03-09", "2026-03-10")
    else: assert e["absent"] == two and e["date"] == "2026-03-12"
assert {e["absent"] for e in cv["cover"]} == {one, two}
PY
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one" 2> "$dir/e"; [ $? -eq 2 ] \
    || fail "no dates: exit 2"
grep -q "has no dates: expected --days or $one@FIRST..LAST" "$dir/e" || fail "no dates message"

# an absence with no cover: away the whole week, no allowance beyond max_periods
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$busy" --days 2026-03-09..2026-03-15 \
    --extra-periods 0 -q -o "$dir/week.json" --html "$dir/week.html" --lang en || fail "week"
"$ROTAS" check "$county" "$dir/week.json" -q || fail "check of the week"
python3 - "$dir/week.json" <<'PY' || fail "self-study expected"
import json, sys
cv = json.load(open(sys.argv[1]))
ss = [e for e in cv["cover"] if e["kind"] == "self_study"]
assert ss and all(len(e["reason"]) > 10 for e in ss)
assert not [e for e in cv["cover"] if e["kind"] == "swap"]   # away all week: nowhere to swap
assert cv["summary"]["self_study"] == len(ss)
PY
grep -q 'self-study' "$dir/week.html" || fail "English notices"

# a tampered cover is rejected: the substitute becomes the absent teacher
python3 - "$dir/c1.json" "$dir/bad.json" <<'PY'
import json, sys
cv = json.load(open(sys.argv[1]))
for e in cv["cover"]:
    e["kind"] = "substitute"; e["teacher"] = e["absent"]; e.pop("swap", None); e["km"] = 0
cv["summary"]["substitute"] = len(cv["cover"]); cv["summary"]["swap"] = 0
cv["summary"]["self_study"] = 0
json.dump(cv, open(sys.argv[2], "w"))
PY
"$ROTAS" check "$county" "$dir/bad.json" > "$dir/bad.out" 2>&1; [ $? -eq 1 ] || fail "tampered cover accepted"
grep -q 'is not another teacher' "$dir/bad.out" || fail "tampered cover message"

# everyday constraints (unavailable times, subject slot rules, max_days, fixed lessons): the
# teachers of the fixed lessons away; their fixed lessons are covered, the rest stay put
"$ROTAS" gen --schools 30 --seed 3 --constraints -o "$dir/gc.json" 2> /dev/null || fail "gen"
read -r gcl gteachers < <(python3 - "$dir/gc.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
f = c["fixed_lessons"]; assert f
cl = next(s["cluster"] for s in c["schools"] if s["id"] == f[0]["school"])
print(cl, ",".join(sorted({x["teacher"] for x in f})))
PY
)
"$ROTAS" timetable "$dir/gc.json" --cluster "$gcl" --time-limit 3 -q -o "$dir/gctt.json" || fail "gc timetable"
for days in 2026-03-09..2026-03-13 2026-03-10..2026-03-11; do
    "$ROTAS" cover "$dir/gc.json" --timetable "$dir/gctt.json" --absent "$gteachers" --days "$days" \
        --extra-periods 0 -q -o "$dir/gccov.json" || fail "cover with constraints ($days)"
    "$ROTAS" check "$dir/gc.json" "$dir/gccov.json" -q || fail "check with constraints ($days)"
done

# a teacher without lessons in this cluster on those days: said, not an error
other=$(python3 - "$county" "$dir/tt.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); t = json.load(open(sys.argv[2]))
busy = {l["teacher"] for l in t["lessons"]}
print(next(x["id"] for x in c["teachers"] if x["id"] not in busy))
PY
)
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$other" --days 2026-03-10 \
    -o "$dir/none.json" 2> "$dir/e" || fail "teacher without lessons"
grep -q "note: $other has no lessons in the timetable of cluster C01" "$dir/e" || fail "no-lessons note"
"$ROTAS" check "$county" "$dir/none.json" -q || fail "check of an empty cover"

# bad input: exit 2, the place and what was found, nothing written
"$ROTAS" cover --help | grep -q 'rotas cover county.db --timetable' || fail "--help"
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent NOPE --days 2026-03-09 \
    -o "$dir/x.json" 2> "$dir/e"; [ $? -eq 2 ] || fail "unknown teacher: exit 2"
grep -q 'expected a teacher id of the county, found "NOPE"' "$dir/e" || fail "unknown teacher message"
[ ! -e "$dir/x.json" ] || fail "written on bad input"
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one" --days 2026-03-11..2026-03-09 \
    2> "$dir/e"; [ $? -eq 2 ] || fail "reversed days: exit 2"
grep -q 'expected the last date not before the first' "$dir/e" || fail "reversed days message"
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one" --days 2026-02-30 \
    2> "$dir/e"; [ $? -eq 2 ] || fail "bad date: exit 2"
grep -q 'found "2026-02-30"' "$dir/e" || fail "bad date message"
"$ROTAS" cover "$county" --absent "$one" --days 2026-03-09 2> /dev/null; [ $? -eq 2 ] \
    || fail "no --timetable: exit 2"
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one@2026-03-0x" 2> "$dir/e"
[ $? -eq 2 ] || fail "bad own date: exit 2"
grep -q 'found "2026-03-0x"' "$dir/e" || fail "bad own date message"
echo '{"format": "rotas-timetable/1"}' > "$dir/badtt.json"
"$ROTAS" cover "$county" --timetable "$dir/badtt.json" --absent "$one" --days 2026-03-09 \
    2> "$dir/e"; [ $? -eq 2 ] || fail "bad timetable: exit 2"
grep -q 'badtt.json' "$dir/e" || fail "bad timetable message names the file"
# an unwritable cover file: exit 1, and the notices are not left behind
"$ROTAS" cover "$county" --timetable "$dir/tt.json" --absent "$one" --days 2026-03-10 -q \
    -o "$dir/nodir/c.json" --html "$dir/n.html" 2> "$dir/e"; [ $? -eq 1 ] || fail "unwritable: exit 1"
grep -q 'nodir/c.json' "$dir/e" || fail "unwritable: message names the file"
[ ! -e "$dir/n.html" ] || fail "notices left behind"
echo "cover.sh: ok"
