#!/bin/bash
# Messages in Chinese under a zh_* locale or --lang zh (gettext, po/zh_CN.po), in English
# otherwise; the catalogue translates every marked string (msgcmp against a fresh xgettext).
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/i18n_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
unset LANGUAGE LC_ALL LC_MESSAGES

LANG=zh_CN.UTF-8 "$ROTAS" --help > "$dir/out" || fail "--help under zh_CN"
grep -q '^用法：rotas <命令> \[选项\]' "$dir/out" || fail "zh help: $(head -3 "$dir/out")"
grep -q '撤销最近一次批准' "$dir/out" || fail "zh command summaries: $(cat "$dir/out")"
LANG=C "$ROTAS" --help > "$dir/out" || fail "--help under C"
grep -q '^usage: rotas <command> \[options\]' "$dir/out" || fail "C help: $(head -3 "$dir/out")"
LANG=C "$ROTAS" --lang zh import --help > "$dir/out" || fail "--lang zh import --help"
grep -q '^用法：rotas import' "$dir/out" || fail "--lang zh: $(head -3 "$dir/out")"
LANG=zh_CN.UTF-8 "$ROTAS" import --help --lang en > "$dir/out" || fail "--lang en"
grep -q '^usage: rotas import' "$dir/out" || fail "--lang en: $(head -3 "$dir/out")"
LANG=zh_CN.UTF-8 "$ROTAS" frobnicate 2> "$dir/err"; [ $? -eq 2 ] || fail "unknown command exit"
grep -q '没有“frobnicate”这个命令' "$dir/err" || fail "zh unknown command: $(cat "$dir/err")"

# bad input: the folded lines and the count speak Chinese
"$ROTAS" import "$SRC/datasets/demo-county.json" --db "$dir/a.db" -q || fail "import"
"$ROTAS" export --db "$dir/a.db" --csv "$dir/csv" || fail "export --csv"
sed -i 's/^\(T[0-9]*,[^,]*,[MF]\),[0-9]*,/\1,abc,/' "$dir/csv/teachers.csv"
LANG=zh_CN.UTF-8 "$ROTAS" import "$dir/csv" --db "$dir/b.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad csv exit"
grep -q '……同类问题还有 513 处' "$dir/err" || fail "zh fold: $(cat "$dir/err")"
grep -q '共 516 处错误' "$dir/err" || fail "zh count: $(cat "$dir/err")"

# the refusal to import over approved history, in Chinese
"$ROTAS" plan "$dir/a.db" --time-limit 3 --save -q -o /dev/null 2> "$dir/save" || fail "plan --save"
id=$(sed -n 's/^plan id \([0-9]*\)$/\1/p' "$dir/save")
LANG=zh_CN.UTF-8 "$ROTAS" approve "$dir/a.db" "$id" 2> "$dir/err" || fail "approve"
grep -q "^已批准方案 $id（2027 年度）：[0-9]* 名教师交流" "$dir/err" || fail "zh approve: $(cat "$dir/err")"
LANG=zh_CN.UTF-8 "$ROTAS" approve "$dir/a.db" "$id" 2> "$dir/err"; [ $? -eq 1 ] || fail "approve twice"
grep -q "批准：方案 $id 已于 .* 批准过；一个方案只能批准一次" "$dir/err" || fail "zh twice: $(cat "$dir/err")"
LANG=zh_CN.UTF-8 "$ROTAS" import "$SRC/datasets/demo-county.json" --db "$dir/a.db" 2> "$dir/err"
[ $? -eq 2 ] || fail "import over history: exit"
grep -q '已有交流历史（已批准方案 1 个）.*--replace' "$dir/err" || fail "zh refusal: $(cat "$dir/err")"
LANG=zh_CN.UTF-8 "$ROTAS" revert "$dir/a.db" "$id" 2> "$dir/err" || fail "revert"
grep -q '已撤销方案 .* 的批准：县数据恢复到 2026 年' "$dir/err" || fail "zh revert: $(cat "$dir/err")"

# the plan's summary in Chinese: how it went in plain words, not objective and bound
LANG=zh_CN.UTF-8 "$ROTAS" plan "$dir/a.db" --time-limit 3 --progress none -o /dev/null 2> "$dir/err" ||
    fail "plan in Chinese"
grep -q '^2027 年度方案：\(已找到\|计算时间已到\).*用时 [0-9]* 秒$' "$dir/err" || fail "zh plan: $(cat "$dir/err")"
grep -q '^每周缺课时：' "$dir/err" || fail "zh unfilled: $(cat "$dir/err")"
grep -q 'objective\|bound' "$dir/err" && fail "zh plan summary shows solver figures: $(cat "$dir/err")"

# --explain in plain Chinese: where the teacher goes and why, no weights or costs
"$ROTAS" plan "$dir/a.db" --time-limit 3 -q -o "$dir/p.json" || fail "plan"
t=$(grep -o '"teacher": "T[0-9]*"' "$dir/p.json" | head -1 | grep -o 'T[0-9]*')
LANG=zh_CN.UTF-8 "$ROTAS" plan "$dir/a.db" --time-limit 3 -q -o /dev/null --explain "$t" \
    2> "$dir/err" || fail "explain"
grep -q "^.*（$t，.*）：调往.*公里），20[0-9]*–20[0-9]*年交流轮岗。理由：" "$dir/err" ||
    fail "zh explain of a move: $(cat "$dir/err")"
grep -q 'cost\|weight\|total' "$dir/err" && fail "zh explain shows the model's costs: $(cat "$dir/err")"
LANG=zh_CN.UTF-8 "$ROTAS" plan "$dir/a.db" --time-limit 3 -q -o /dev/null --explain T00005 \
    2> "$dir/err" || fail "explain T00005"
grep -q '留在.*：' "$dir/err" || fail "zh explain of a stay: $(cat "$dir/err")"

# the library's located messages: a bad JSON county, in Chinese and (LANG=C) in English
bad=$SRC/tests/bad/teacher-unknown-school.json
LANG=zh_CN.UTF-8 "$ROTAS" import "$bad" --db "$dir/x.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad json zh: exit"
grep -qF 'teachers[1].school：应为学校表（schools）中已有的学校代码，实际是"S999"' "$dir/err" ||
    fail "zh bad json: $(cat "$dir/err")"
grep -qF '共 1 处错误' "$dir/err" || fail "zh bad json count: $(cat "$dir/err")"
LANG=C "$ROTAS" import "$bad" --db "$dir/x.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad json C: exit"
grep -qF 'teachers[1].school: expected the id of a school in schools[], found "S999"' "$dir/err" ||
    fail "C bad json: $(cat "$dir/err")"
LC_ALL=C grep -q '[^ -~]' "$dir/err" && fail "C bad json is not plain English: $(cat "$dir/err")"

# a bad CSV folder whose header the clerk wrote in Chinese: line and column by that header
"$ROTAS" export --db "$dir/a.db" --csv "$dir/csv2" 2> /dev/null || fail "export --csv again"
sed -i -e '1s/,school,/,学校,/' -e '2s/^\(T[0-9]*,[^,]*,[MF],[0-9]*\),S[0-9]*,/\1,S999,/' "$dir/csv2/teachers.csv"
LANG=zh_CN.UTF-8 "$ROTAS" import "$dir/csv2" --db "$dir/x.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad csv zh: exit"
grep -qF 'teachers.csv 第 2 行“学校”列：应为学校表（schools）中已有的学校代码，实际是"S999"' "$dir/err" ||
    fail "zh bad csv: $(cat "$dir/err")"
LANG=C "$ROTAS" import "$dir/csv2" --db "$dir/x.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad csv C: exit"
grep -qF 'teachers.csv line 2 column 学校: expected the id of a school in schools[], found "S999"' "$dir/err" ||
    fail "C bad csv: $(cat "$dir/err")"

# a bad workbook: sheet, row and the column's header
if /usr/bin/python3 -c 'import openpyxl' 2> /dev/null; then
    "$ROTAS" export "$dir/a.db" --xlsx "$dir/a.xlsx" 2> /dev/null || fail "export --xlsx"
    /usr/bin/python3 - "$dir/a.xlsx" "$dir/bad.xlsx" << 'EOF' || fail "making bad.xlsx"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
wb['教师']['D3'] = 'abc'
wb.save(sys.argv[2])
EOF
    LANG=zh_CN.UTF-8 "$ROTAS" import "$dir/bad.xlsx" --db "$dir/x.db" 2> "$dir/err"
    [ $? -eq 2 ] || fail "bad xlsx zh: exit"
    grep -qF 'bad.xlsx[教师] 第 3 行“出生年份”列：应为出生年份 ' "$dir/err" || fail "zh bad xlsx: $(cat "$dir/err")"
    grep -qF '实际是"abc"' "$dir/err" || fail "zh bad xlsx found: $(cat "$dir/err")"
    LANG=C "$ROTAS" import "$dir/bad.xlsx" --db "$dir/x.db" 2> "$dir/err"; [ $? -eq 2 ] || fail "bad xlsx C: exit"
    grep -qF 'bad.xlsx[教师] row 3 column 出生年份: expected a year of birth ' "$dir/err" ||
        fail "C bad xlsx: $(cat "$dir/err")"
fi

# the summary and the checker's verdict
LANG=zh_CN.UTF-8 "$ROTAS" summary "$SRC/tests/data/tiny-county.json" > "$dir/out" || fail "summary zh"
grep -q '^县 *青山县（示例）$' "$dir/out" || fail "zh summary county: $(cat "$dir/out")"
grep -q '^  符合交流条件 *12  （在本校任教满 6 年）$' "$dir/out" || fail "zh summary eligible: $(cat "$dir/out")"
grep -q '^  english *紧缺 *56 *3 *48 *18  按片区$' "$dir/out" || fail "zh summary subjects: $(cat "$dir/out")"
LANG=C "$ROTAS" summary "$SRC/tests/data/tiny-county.json" > "$dir/out" || fail "summary C"
grep -q '^  eligible to rotate *12 ' "$dir/out" || fail "C summary: $(cat "$dir/out")"
grep -v '青山\|河口' "$dir/out" | LC_ALL=C grep -q '[^ -~]' && fail "C summary is not plain English: $(cat "$dir/out")"
LANG=zh_CN.UTF-8 "$ROTAS" check "$dir/a.db" "$dir/p.json" 2> "$dir/err" || fail "check zh: $(cat "$dir/err")"
grep -q '^通过：2027 年度方案：[0-9]* 人交流，放宽规则 [0-9]* 条，没有违规$' "$dir/err" || fail "zh check: $(cat "$dir/err")"
LANG=C "$ROTAS" check "$dir/a.db" "$dir/p.json" 2> "$dir/err" || fail "check C"
grep -q '^ok: plan for 2027: [0-9]* moves, [0-9]* relaxed rules, no violations$' "$dir/err" || fail "C check: $(cat "$dir/err")"

# a plan that breaks the rules: the count line of the violation list in Chinese
/usr/bin/python3 - "$dir/p.json" "$dir/bad-plan.json" << 'EOF' || fail "making bad-plan.json"
import json, sys
d = json.load(open(sys.argv[1]))
d["moves"][0]["to"] = d["moves"][0]["from"]
json.dump(d, open(sys.argv[2], "w"))
EOF
LANG=zh_CN.UTF-8 "$ROTAS" check "$dir/a.db" "$dir/bad-plan.json" > /dev/null 2> "$dir/err"
[ $? -eq 1 ] || fail "zh check of a bad plan: exit"
grep -q '^rotas: check：.*bad-plan.json：[0-9]* 处违规$' "$dir/err" || fail "zh violations: $(cat "$dir/err")"
LANG=C "$ROTAS" check "$dir/a.db" "$dir/bad-plan.json" > /dev/null 2> "$dir/err"
grep -q '^rotas: check: .*bad-plan.json: [0-9]* violations$' "$dir/err" || fail "C violations: $(cat "$dir/err")"

# every marked string of the program and the library has its translation, none fuzzy
if command -v xgettext > /dev/null && command -v msgcmp > /dev/null; then
    "$SRC/scripts/po-update.sh" --pot "$dir/rotas.pot" || fail "xgettext"
    msgcmp "$SRC/po/zh_CN.po" "$dir/rotas.pot" 2> "$dir/err" || fail "po/zh_CN.po lacks: $(cat "$dir/err")"
    msgfmt --check --statistics -o /dev/null "$SRC/po/zh_CN.po" 2> "$dir/err" || fail "msgfmt: $(cat "$dir/err")"
    grep -q 'fuzzy\|untranslated' "$dir/err" && fail "po/zh_CN.po: $(cat "$dir/err")"
    # translations keep the conversions of the English in its order (msgfmt --check-format
    # checks their number and types)
    grep -n '^msgstr.*%[0-9][0-9]*\$' "$SRC/po/zh_CN.po" && fail "po/zh_CN.po: numbered arguments"
fi
exit 0
