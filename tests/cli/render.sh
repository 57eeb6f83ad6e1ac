#!/bin/bash
# rotas render: a plan and a timetable to CSV, HTML and XLSX; escaping; county taken from the
# result; usage and input errors exit 2, write errors exit 1 and leave no partial file.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
DATA=$SRC/tests/data/render
dir=$(mktemp -d "$BUILD/render_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=/usr/bin/python3
[ -x $PY ] || PY=python3

# 1. Plan to all three, county found through the result's "county" field (relative to it).
(cd "$dir" && "$ROTAS" render "$DATA/plan.json" --csv csv --html plan.html --xlsx plan.xlsx) \
  2> "$dir/err" || { cat "$dir/err"; fail "plan render: exit $?"; }
grep -q '^rendered plan for 2027: 4 moves' "$dir/err" || fail "plan: summary line"
for f in moves unfilled indicators summary; do
  [ -s "$dir/csv/$f.csv" ] || fail "plan: $f.csv missing"
done
# BOM, CRLF, one line per move plus the header, RFC 4180 quoting of a name with quote and comma
head -c 3 "$dir/csv/moves.csv" | od -An -tx1 | grep -q 'ef bb bf' || fail "moves.csv: no BOM"
[ "$(grep -c $'\r$' "$dir/csv/moves.csv")" -eq 5 ] || fail "moves.csv: not 5 CRLF lines"
[ "$(wc -l < "$dir/csv/moves.csv")" -eq 5 ] || fail "moves.csv: not 5 lines"
grep -qF '"李""强"", Jr."' "$dir/csv/moves.csv" || fail "moves.csv: quoting"
grep -qF '交流年限满10年的校长/副校长；均衡配置；集团内交流' "$dir/csv/moves.csv" || fail "moves.csv: reasons"
grep -qF '本人志愿第2' "$dir/csv/moves.csv" || fail "moves.csv: preference reason"
# HTML: escaped names, no raw markup from the data, one arrow element per pair and subject
h=$dir/plan.html
# no solver jargon on the page: a plain status, no objective or bound
grep -q '目标值\|最优界\|objective' "$h" && fail "html: solver jargon on the page"
grep -q '已找到最优方案\|已找到方案\|计算时间已到' "$h" || fail "html: no plain status"
grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$h" || fail "html: escaped name missing"
grep -qF '<script>alert(1)' "$h" && fail "html: raw script from the data"
grep -qF '<b>&amp;</b>' "$h" && fail "html: raw markup from a school name"
grep -qF '&lt;b&gt;&amp;amp;&lt;/b&gt;' "$h" || fail "html: school name not escaped"
sum=$(grep -o 'data-count="[0-9]*"' "$h" | grep -o '[0-9]*' | awk '{s+=$1} END {print s+0}')
[ "$sum" = 4 ] || fail "html: sum of data-count $sum, expected 4"
[ "$(grep -o 'class="move-arrow"' "$h" | wc -l)" -eq 3 ] || fail "html: expected 3 arrow elements"
grep -q '<html lang="zh-CN">' "$h" || fail "html: lang"
# self-contained: the only URL is the SVG namespace
grep -o 'https\?://[^"]*' "$h" | grep -v '^http://www.w3.org/2000/svg$' && fail "html: external URL"
head -c 2 "$dir/plan.xlsx" | grep -q PK || fail "xlsx: not a zip"

# 2. Timetable; --county given; English; HTML to stdout.
"$ROTAS" render "$DATA/timetable.json" --county "$DATA/county.json" --lang en --csv "$dir/tt" \
  --html - -q > "$dir/tt.html" 2> "$dir/err" || { cat "$dir/err"; fail "timetable render"; }
[ ! -s "$dir/err" ] || fail "timetable: -q printed something"
[ "$(wc -l < "$dir/tt/lessons.csv")" -eq 7 ] || fail "lessons.csv: not 7 lines"
grep -qF 'School,Class,Day,Period,Time,Subject,Teacher ID,Teacher' "$dir/tt/lessons.csv" ||
  fail "lessons.csv: English header"
grep -qF 'Grades 1-3 combined class,Monday,3,10:30-11:10,music,T004' "$dir/tt/lessons.csv" ||
  fail "lessons.csv: the school's own bell"
[ "$(grep -o 'class="lesson"' "$dir/tt.html" | wc -l)" -eq 12 ] || fail "tt html: lesson cells"
grep -q '<html lang="en">' "$dir/tt.html" || fail "tt html: lang"

# 3. -o picks the kind by suffix.
"$ROTAS" render "$DATA/plan.json" -o "$dir/o.html" -q || fail "-o html"
grep -q 'move-arrow' "$dir/o.html" || fail "-o html: content"
"$ROTAS" render "$DATA/plan.json" -o "$dir/o.txt" -q 2> "$dir/err"
[ $? -eq 2 ] || fail "-o .txt: expected exit 2"
grep -q 'expected a name ending in .xlsx or .html' "$dir/err" || fail "-o .txt: message"

# 4. Usage and input errors: exit 2 with a message naming the problem.
expect2() { # $1: what, $2: message fragment, rest: args
  local what=$1 msg=$2; shift 2
  "$ROTAS" render "$@" > "$dir/out" 2> "$dir/err"
  local rc=$?
  [ $rc -eq 2 ] || { cat "$dir/err"; fail "$what: exit $rc, expected 2"; }
  grep -qF -- "$msg" "$dir/err" || { cat "$dir/err"; fail "$what: message"; }
}
expect2 "no output" "nothing to write" "$DATA/plan.json"
expect2 "bad lang" 'expected zh or en, found "fr"' "$DATA/plan.json" --lang fr --html "$dir/x.html"
expect2 "no result" "expected one RESULT.json" --html "$dir/x.html"
expect2 "county as result" 'format: expected "rotas-plan/1" or "rotas-timetable/1", found "rotas-county/1"' \
  "$DATA/county.json" --html "$dir/x.html"
printf '{"format": "rotas-plan/1", "year": 2027' > "$dir/trunc.json"
expect2 "truncated JSON" "trunc.json:1:" "$dir/trunc.json" --html "$dir/x.html"
sed 's/"county": "county.json", //' "$DATA/plan.json" > "$dir/nocounty.json"
expect2 "no county" "names no county: give --county COUNTY" "$dir/nocounty.json" --html "$dir/x.html"
sed 's/"T007", "from"/"T999", "from"/' "$DATA/plan.json" > "$dir/badid.json"
expect2 "unknown teacher" "moves[3].teacher" "$dir/badid.json" --county "$DATA/county.json" \
  --html "$dir/x.html"
[ ! -e "$dir/x.html" ] || fail "a failed render left $dir/x.html"

# 5. Write errors: exit 1, and no partial or temporary files.
"$ROTAS" render "$DATA/plan.json" --html "$dir/none/r.html" 2> "$dir/err"
[ $? -eq 1 ] || fail "unwritable html: expected exit 1"
grep -qF "$dir/none/r.html" "$dir/err" || fail "unwritable html: message"
"$ROTAS" render "$DATA/plan.json" --xlsx "$dir/none/r.xlsx" 2> "$dir/err"
[ $? -eq 1 ] || fail "unwritable xlsx: expected exit 1"
ls -a "$dir" | grep -q '\.tmp' && fail "temporary file left behind"

# 6. Help teaches with an example.
"$ROTAS" render --help | grep -q 'rotas render plan-2027.json' || fail "--help: no example"
exit 0
