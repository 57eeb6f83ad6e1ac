#!/bin/bash
# The clerk's round trip, end to end: the template workbook filled in by a script (openpyxl,
# reading the 说明 sheet to find each column, Chinese values where a clerk writes them),
# imported; a plan saved, approved and reverted (the county comes back byte for byte);
# exported to xlsx and imported back: the same county as the demo's JSON.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/clerk_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import openpyxl' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "python3 with openpyxl not found (scripts/deps.sh installs it)"

county="$SRC/datasets/demo-county.json"
"$ROTAS" import "$county" --db "$dir/ref.db" -q || fail "import the reference county"
"$ROTAS" export --db "$dir/ref.db" -o "$dir/ref.json" || fail "export the reference county"

"$ROTAS" template --xlsx "$dir/template.xlsx" || fail "template"
"$PY" - "$county" "$dir/template.xlsx" "$dir/filled.xlsx" << 'EOF' || fail "filling the template"
import json, sys, openpyxl
county = json.load(open(sys.argv[1], encoding='utf-8'))
wb = openpyxl.load_workbook(sys.argv[2])
# the 说明 sheet: sheet, Chinese column, English column, required, what, example
col_of = {}
for row in wb['说明'].iter_rows(min_row=7, values_only=True):
    if row[0]:
        col_of[(row[0], row[1])] = row[2]
gender = {'M': '男', 'F': '女'}
role = {'teacher': '教师', 'principal': '校长', 'vice_principal': '副校长'}
key = {'school': '校级骨干', 'county': '县级骨干', 'city': '市级骨干', 'province': '省级骨干',
       'national': '国家级骨干'}
area = {'urban': '城区', 'town': '镇区', 'rural': '乡村'}
subject_name = {s['id']: s['name'] for s in county['subjects']}
def value(sheet, col, obj):
    v = obj.get(col)
    if sheet == '教师':
        if col == 'gender': return gender[v]
        if col == 'role': return role[v]
        if col == 'key': return key.get(v, v) if not isinstance(v, bool) else ('是' if v else '否')
        if col == 'subjects': return ';'.join(subject_name[s] for s in v)
    if sheet == '学校' and col == 'area': return area[v]
    if sheet == '课程计划' and col == 'subject': return subject_name[v]
    if isinstance(v, bool): return '是' if v else '否'
    if isinstance(v, list): return ';'.join(str(x) for x in v)
    return v
rows_of = {
    '县': [{'name': county.get('name'), 'year': county.get('year')}],
    '学科': county['subjects'], '片区': county.get('clusters', []),
    '教育集团': county.get('groups', []), '学校': county['schools'],
    '班级': [dict(c, school=s['id']) for s in county['schools'] for c in s['classes']],
    '路程': county['travel'], '课程计划': county['curriculum'], '教师': county['teachers'],
}
for sheet, objs in rows_of.items():
    ws = wb[sheet]
    heads = [c.value for c in ws[1]]
    cols = [col_of[(sheet, h)] for h in heads]
    for r, obj in enumerate(objs, start=2):
        for c, col in enumerate(cols, start=1):
            v = value(sheet, col, obj)
            if v is not None and v != '':
                ws.cell(row=r, column=c, value=v)
wb.save(sys.argv[3])
EOF
"$ROTAS" import "$dir/filled.xlsx" --db "$dir/c.db" -q || fail "import the filled template"
"$ROTAS" export --db "$dir/c.db" -o "$dir/imported.json" || fail "export imported"
"$PY" - "$dir/ref.json" "$dir/imported.json" << 'EOF' || fail "the filled template is not the demo county"
import json, sys
a, b = (json.load(open(p, encoding='utf-8')) for p in sys.argv[1:3])
for t in a['teachers'] + b['teachers']:
    t.pop('preferences', None)      # the template leaves out bell and unavailability
for s in a['schools'] + b['schools']:
    s.pop('bell', None)
# the programmes' data (rotas researchers, rotas shuttles) is not in the template: the county's
# term, holidays, researchers, pick-up points, vehicles and shuttle rules, the teachers' homes
for k in ('term', 'holidays', 'researchers', 'pickup_points', 'vehicles', 'shuttle'):
    a.pop(k, None)
for t in a['teachers']:
    t.pop('home', None)
assert a == b, [k for k in a if a.get(k) != b.get(k)]
EOF
"$ROTAS" summary "$dir/c.db" 2> "$dir/summary" > "$dir/summary.out" || fail "summary"
grep -q '洞竹县' "$dir/summary" "$dir/summary.out" || fail "summary does not name the county"

# plan, approve, revert: byte for byte the county before
"$ROTAS" export --db "$dir/c.db" -o "$dir/before.json" || fail "export before"
"$ROTAS" plan "$dir/c.db" --time-limit 4 --save -q -o "$dir/plan.json" 2> "$dir/save" ||
    { cat "$dir/save" >&2; fail "plan --save"; }
id=$(sed -n 's/^plan id \([0-9]*\)$/\1/p' "$dir/save")
"$ROTAS" check "$dir/c.db" "$dir/plan.json" -q || fail "check"
# the report page: map labels that do not overlap, arrivals and departures per school beside it
"$ROTAS" render "$dir/plan.json" --county "$dir/c.db" --html "$dir/plan.html" 2> /dev/null ||
    fail "render --html"
"$PY" - "$dir/plan.html" "$dir/plan.json" << 'EOF' || fail "report page"
import html, json, re, sys
t = open(sys.argv[1], encoding='utf-8').read()
plan = json.load(open(sys.argv[2], encoding='utf-8'))
g = re.search(r'<g class="labels"[^>]*>(.*?)</g>', t, re.S).group(1)
labels = re.findall(r'<text x="([-\d.]+)" y="([-\d.]+)" text-anchor="(\w+)">(.*?)</text>', g)
def width(s):   # font-size 11: CJK a full em, others about half
    return sum(11 if ord(ch) > 0x2e80 else 6.2 for ch in html.unescape(s))
boxes = []
for x, y, a, name in labels:
    x, y, w = float(x), float(y), width(name)
    x0 = x if a == 'start' else x - w / 2 if a == 'middle' else x - w
    boxes.append((x0, y - 11, x0 + w, y + 2, name))
bad = [(a[4], b[4]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
       if min(a[2], b[2]) - max(a[0], b[0]) > 0.5 and min(a[3], b[3]) - max(a[1], b[1]) > 0.5]
assert len(labels) > 5 and not bad, (len(labels), bad)
flows = re.search(r'<table class="flows" id="school-flows">(.*?)</table>', t, re.S).group(1)
rows = re.findall(r'<tr><td>.*?</td><td class="num">(\d+)</td><td class="num">(\d+)</td></tr>', flows)
moves = plan['moves']
assert sum(int(a) for a, _ in rows) == len(moves) == sum(int(d) for _, d in rows), rows
assert len(rows) == len({m['from'] for m in moves} | {m['to'] for m in moves})
assert '目标值' not in t and '最优界' not in t
EOF
"$ROTAS" approve "$dir/c.db" "$id" -q || fail "approve"
"$ROTAS" export --db "$dir/c.db" -o "$dir/approved.json" || fail "export approved"
cmp -s "$dir/before.json" "$dir/approved.json" && fail "approve changed nothing"
"$ROTAS" revert "$dir/c.db" "$id" -q || fail "revert"
"$ROTAS" export --db "$dir/c.db" -o "$dir/reverted.json" || fail "export reverted"
cmp "$dir/before.json" "$dir/reverted.json" || fail "approve + revert is not the county before"

# out to xlsx and back
"$ROTAS" export --db "$dir/c.db" --xlsx "$dir/out.xlsx" || fail "export --xlsx"
"$ROTAS" import "$dir/out.xlsx" --db "$dir/back.db" -q || fail "import the exported workbook"
"$ROTAS" export --db "$dir/back.db" -o "$dir/back.json" || fail "export back"
cmp "$dir/before.json" "$dir/back.json" || fail "xlsx out and back changed the county"
exit 0
