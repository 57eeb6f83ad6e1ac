#!/bin/bash
# The clerk's files: export --csv and --xlsx read back to the same county (byte for byte on
# JSON export), .xls too; the template's sheets, headers, 说明 and drop-down lists; CSV and
# workbooks as clerks write them (Chinese headers and values, Excel number forms, Teachers.CSV,
# the usually empty columns left out, a title row); one message for a misspelt column; repeated
# errors folded; broken workbooks refused with exit 2 and nothing written.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/workbook_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
PY=
for p in /usr/bin/python3 python3; do
    if "$p" -c 'import openpyxl, xlwt' 2> /dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || fail "python3 with openpyxl and xlwt not found (scripts/deps.sh installs them)"

county="$SRC/datasets/demo-county.json"
"$ROTAS" import "$county" --db "$dir/a.db" -q || fail "import json"
"$ROTAS" export --db "$dir/a.db" -o "$dir/a.json" || fail "export json"

# export and back: CSV folder, xlsx, and xls (made from the xlsx by xlwt)
"$ROTAS" export --db "$dir/a.db" --csv "$dir/csv" || fail "export --csv"
for f in subjects schools classes travel curriculum teachers county; do
    [ -f "$dir/csv/$f.csv" ] || fail "export --csv wrote no $f.csv"
done
grep -q '^洞竹县,2026' "$dir/csv/county.csv" || fail "county.csv: $(cat "$dir/csv/county.csv")"
"$ROTAS" import "$dir/csv" --db "$dir/b.db" -q || fail "import the exported CSV folder"
"$ROTAS" export --db "$dir/b.db" -o "$dir/b.json" || fail "export b"
cmp "$dir/a.json" "$dir/b.json" || fail "CSV round trip changed the county"
"$ROTAS" export --db "$dir/a.db" --xlsx "$dir/a.xlsx" || fail "export --xlsx"
"$ROTAS" import "$dir/a.xlsx" --db "$dir/c.db" -q || fail "import the exported workbook"
"$ROTAS" export --db "$dir/c.db" -o "$dir/c.json" || fail "export c"
cmp "$dir/a.json" "$dir/c.json" || fail "xlsx round trip changed the county"
"$PY" - "$dir/a.xlsx" "$dir/a.xls" << 'EOF' || fail "xls conversion"
import sys, openpyxl, xlwt
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames[:3] == ['县', '学科', '片区'], wb.sheetnames
assert [c.value for c in wb['教师'][1]][:4] == ['工号', '姓名', '性别', '出生年份']
assert isinstance(wb['教师']['D2'].value, int), 'birth years are numbers'
out = xlwt.Workbook(encoding='utf-8')
for ws in wb.worksheets:
    o = out.add_sheet(ws.title)
    for r, row in enumerate(ws.iter_rows(values_only=True)):
        for c, v in enumerate(row):
            if v is not None:
                o.write(r, c, v)
out.save(sys.argv[2])
EOF
"$ROTAS" import "$dir/a.xls" --db "$dir/d.db" -q || fail "import .xls"
"$ROTAS" export --db "$dir/d.db" -o "$dir/d.json" || fail "export d"
cmp "$dir/a.json" "$dir/d.json" || fail "xls round trip changed the county"

# the template: sheets, Chinese headers, 说明 with an example for every column, drop-downs
"$ROTAS" template --xlsx "$dir/t.xlsx" || fail "template"
"$ROTAS" template --xlsx "$dir/t2.xlsx" --county "$dir/a.db" || fail "template --county"
"$PY" - "$dir/t.xlsx" "$dir/t2.xlsx" << 'EOF' || fail "template contents"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
assert wb.sheetnames == ['说明', '县', '学科', '学校', '班级', '教师', '课程计划', '路程', '片区',
                         '教育集团'], wb.sheetnames
doc = wb['说明']
rows = [[c.value for c in r] for r in doc.iter_rows(min_row=7)]
documented = {(r[0], r[1]) for r in rows if r[0]}
for name in wb.sheetnames[1:]:
    ws = wb[name]
    heads = [c.value for c in ws[1]]
    assert heads and all(heads), (name, heads)
    for h in heads:
        assert (name, h) in documented, (name, h)
    assert ws.max_row == 1 or name == '县', (name, ws.max_row)
assert all(r[5] for r in rows if r[0]), 'every column has an example'
t = wb['教师']
lists = {str(dv.sqref): dv.formula1 for dv in t.data_validations.dataValidation}
heads = [c.value for c in t[1]]
def col(h):
    return openpyxl.utils.get_column_letter(heads.index(h) + 1)
assert lists.get(col('职务') + '2:' + col('职务') + '5001') == '"教师,校长,副校长"', lists
assert '学科' in lists.get(col('学科') + '2:' + col('学科') + '5001', ''), lists
s = wb['学校']
assert any('城区,镇区,乡村' in (dv.formula1 or '') for dv in s.data_validations.dataValidation)
wb2 = openpyxl.load_workbook(sys.argv[2])
assert wb2['县']['A2'].value == '洞竹县' and wb2['县']['B2'].value == 2026
assert wb2['学科'].max_row == 17, wb2['学科'].max_row
EOF

# a CSV folder as a clerk saves it from Excel: Chinese headers and values, 1,369 and 1982.0,
# Teachers.CSV, a title row, the empty columns left out; it is the same county
cp -r "$dir/csv" "$dir/clerk"
"$PY" - "$dir/clerk" << 'EOF' || fail "making the clerk's CSV"
import csv, os, sys
d = sys.argv[1]
def load(name):
    rows = list(csv.reader(open(os.path.join(d, name), encoding='utf-8-sig')))
    return rows[0], rows[1:]
def save(name, head, rows, title=None):
    with open(os.path.join(d, name), 'w', encoding='utf-8-sig', newline='') as f:
        w = csv.writer(f)
        if title:
            w.writerow([title] + [''] * (len(head) - 1))
        w.writerow(head)
        w.writerows(rows)
subj_head, subj = load('subjects.csv')
name_of = {r[0]: r[1] for r in subj}
head, rows = load('teachers.csv')
zh = {'id': '工号', 'name': '姓名', 'gender': '性别', 'birth_year': '出生年份', 'school': '学校',
      'subjects': '学科', 'role': '职务', 'school_since': '任教起始年', 'post_since': '任职起始年',
      'key': '骨干', 'title': '职称', 'degree': '学历', 'exempt': '免交流原因',
      'exchange_until': '交流截止年', 'preferences': '志愿学校', 'max_periods': '周课时上限'}
ix = {h: i for i, h in enumerate(head)}
for r in rows:
    r[ix['gender']] = {'M': '男', 'F': '女'}[r[ix['gender']]]
    r[ix['role']] = {'teacher': '教师', 'principal': '校长', 'vice_principal': '副校长'}[r[ix['role']]]
    r[ix['key']] = {'county': '县级骨干', 'city': '市级骨干'}.get(r[ix['key']], r[ix['key']])
    r[ix['subjects']] = ';'.join(name_of[s] for s in r[ix['subjects']].split(';'))
    r[ix['birth_year']] += '.0'
keep = list(range(len(head)))
os.remove(os.path.join(d, 'teachers.csv'))
save('Teachers.CSV', [zh.get(head[i], head[i]) for i in keep], [[r[i] for i in keep] for r in rows],
     title='洞竹县2026年教师名单')
head, rows = load('schools.csv')
ix = {h: i for i, h in enumerate(head)}
for r in rows:
    n = int(r[ix['students']])
    r[ix['students']] = '{:,}'.format(n)
    r[ix['area']] = {'urban': '城区', 'town': '镇区', 'rural': '乡村'}[r[ix['area']]]
save('schools.csv', ['学校代码' if h == 'id' else '学校名称' if h == 'name' else h for h in head],
     rows)
head, rows = load('curriculum.csv')
for r in rows:
    r[1] = name_of[r[1]]
save('curriculum.csv', ['年级', '学科', '周课时'], rows)
EOF
grep -q '"1,[0-9][0-9][0-9]"' "$dir/clerk/schools.csv" || fail "no thousands separator in the test data"
"$ROTAS" import "$dir/clerk" --db "$dir/e.db" -q || fail "import the clerk's CSV folder"
"$ROTAS" export --db "$dir/e.db" -o "$dir/e.json" || fail "export e"
cmp "$dir/a.json" "$dir/e.json" || fail "the clerk's CSV folder is another county"

# the four usually empty columns may be left out of teachers.csv
cp -r "$SRC/tests/data/csv/good-utf8" "$dir/short"
"$PY" - "$dir/short/teachers.csv" << 'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
drop = {rows[0].index(h) for h in ('title', 'degree', 'exempt', 'exchange_until')}
rows = [[v for i, v in enumerate(r) if i not in drop] for r in rows]
csv.writer(open(sys.argv[1], 'w', encoding='utf-8', newline='')).writerows(rows)
EOF
"$ROTAS" import "$dir/short" --db "$dir/s.db" -q || fail "teachers.csv without the optional columns"
"$ROTAS" export --db "$dir/s.db" -o "$dir/s.json" || fail "export s"
grep -q '"title": null' "$dir/s.json" || fail "title not null when its column is left out"

# a renamed column: one message naming it and the nearest known name, exit 2, nothing written
cp -r "$dir/csv" "$dir/renamed"
sed -i '1s/school_since/since/' "$dir/renamed/teachers.csv"
"$ROTAS" import "$dir/renamed" --db "$dir/f.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "renamed column: exit"
grep -q 'teachers.csv line 1: unknown column "since": did you mean "school_since" (任教起始年)?' "$dir/err" ||
    fail "renamed column message: $(cat "$dir/err")"
[ "$(grep -c 'teachers.csv' "$dir/err")" -eq 1 ] || fail "more than one message: $(cat "$dir/err")"
[ ! -e "$dir/f.db" ] || [ -z "$("$ROTAS" export --db "$dir/f.db" 2> /dev/null)" ] || fail "partial write"

# repeated errors of one kind are folded
cp -r "$dir/csv" "$dir/years"
"$PY" - "$dir/years/teachers.csv" << 'EOF'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))
i = rows[0].index('birth_year')
for r in rows[1:]:
    r[i] = 'abc'
csv.writer(open(sys.argv[1], 'w', encoding='utf-8-sig', newline='')).writerows(rows)
EOF
"$ROTAS" import "$dir/years" --db "$dir/g.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad years: exit"
[ "$(wc -l < "$dir/err")" -eq 5 ] || fail "not folded: $(head -8 "$dir/err")"
grep -q 'teachers.csv line 2 column birth_year: expected a year of birth' "$dir/err" || fail "first message: $(cat "$dir/err")"
grep -q '\.\.\. and 513 more of the same kind' "$dir/err" || fail "fold line: $(cat "$dir/err")"

# a workbook's cell problem names the sheet, row and column
"$PY" - "$dir/a.xlsx" "$dir/bad.xlsx" << 'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb['教师']['E3'] = 'S999'
wb.save(sys.argv[2])
EOF
"$ROTAS" import "$dir/bad.xlsx" --db "$dir/h.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad cell: exit"
grep -q 'bad.xlsx\[教师\] row 3 column 学校: expected the id of a school in schools\[\], found "S999"' "$dir/err" ||
    fail "bad cell message: $(cat "$dir/err")"

# clock times typed into Excel are stored as fractions of a day: they read back as HH:MM
"$PY" - "$dir/a.xlsx" "$dir/times.xlsx" << 'EOF' || fail "making times.xlsx"
import sys, datetime, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb['作息时间']
heads = [c.value for c in ws[1]]
n = 0
for row in ws.iter_rows(min_row=2):
    for h in ('开始', '结束'):
        cell = row[heads.index(h)]
        hh, mm = map(int, cell.value.split(':'))
        cell.value = datetime.time(hh, mm)
        cell.number_format = 'hh:mm'
        n += 1
assert n > 10
wb.save(sys.argv[2])
EOF
"$ROTAS" import "$dir/times.xlsx" "$dir/t.db" -q || fail "import times typed as Excel times"
"$ROTAS" export "$dir/t.db" -o "$dir/t.json" || fail "export t"
cmp "$dir/a.json" "$dir/t.json" || fail "Excel times changed the bells"

# broken workbooks: exit 2, one line, nothing written
printf 'not a workbook' > "$dir/x.xlsx"
"$ROTAS" import "$dir/x.xlsx" --db "$dir/i.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "not a zip: exit"
grep -q 'expected an Excel workbook (.xlsx)' "$dir/err" || fail "not a zip: $(cat "$dir/err")"
printf 'not a workbook' > "$dir/x.xls"
"$ROTAS" import "$dir/x.xls" --db "$dir/i.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "not an xls: exit"
grep -q 'expected an Excel 97-2003 workbook' "$dir/err" || fail "not an xls: $(cat "$dir/err")"
(cd "$dir" && "$PY" -c "import zipfile; zipfile.ZipFile('z.xlsx', 'w').writestr('a.txt', 'x')")
"$ROTAS" import "$dir/z.xlsx" --db "$dir/i.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "zip: exit"
grep -q 'without xl/workbook.xml' "$dir/err" || fail "zip message: $(cat "$dir/err")"
"$PY" - "$dir/a.xlsx" "$dir/nosheet.xlsx" << 'EOF'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
del wb['教师']
wb.save(sys.argv[2])
EOF
"$ROTAS" import "$dir/nosheet.xlsx" --db "$dir/i.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "no sheet: exit"
grep -q 'expected a sheet named teachers (or 教师), found none' "$dir/err" ||
    fail "no sheet message: $(cat "$dir/err")"
[ ! -s "$dir/i.db" ] || [ -z "$("$ROTAS" export --db "$dir/i.db" 2> /dev/null)" ] ||
    fail "a refused workbook wrote a county"

# a county with rooms (rooms.csv, the 专用教室 sheet) and programme data (county.csv's extra)
# comes back the same through both
"$ROTAS" gen --schools 20 --seed 4 --rooms --programmes -o "$dir/rooms.json" || fail "gen --rooms"
"$ROTAS" import "$dir/rooms.json" "$dir/r.db" -q || fail "import rooms"
"$ROTAS" export "$dir/r.db" -o "$dir/r.json" || fail "export rooms"
"$ROTAS" export "$dir/r.db" --xlsx "$dir/r.xlsx" || fail "export rooms --xlsx"
"$ROTAS" export "$dir/r.db" --csv "$dir/rcsv" || fail "export rooms --csv"
[ -s "$dir/rcsv/rooms.csv" ] || fail "no rooms.csv"
"$ROTAS" import "$dir/r.xlsx" "$dir/rx.db" -q || fail "import the rooms workbook"
"$ROTAS" import "$dir/rcsv" "$dir/rc.db" -q || fail "import the rooms CSV folder"
"$ROTAS" export "$dir/rx.db" -o "$dir/rx.json" && cmp -s "$dir/r.json" "$dir/rx.json" ||
    fail "rooms: the workbook does not read back to the same county"
"$ROTAS" export "$dir/rc.db" -o "$dir/rc.json" && cmp -s "$dir/r.json" "$dir/rc.json" ||
    fail "rooms: the CSV folder does not read back to the same county"
exit 0
