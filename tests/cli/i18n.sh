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

# the planner's own messages: a county whose rules cannot all hold (90% of the eligible must
# move) gives a plan with relaxed rules; their details in Chinese on stderr and in the plan's
# relaxed[].detail, the rule names (codes) in English; the checker accepts that plan
tiny=$SRC/tests/data/tiny-county.json
echo '{"format": "rotas-policy/1", "min_rotation_share": 0.9}' > "$dir/rot.json"
LANG=zh_CN.UTF-8 "$ROTAS" plan "$tiny" --policy "$dir/rot.json" --time-limit 20 --progress none \
    -o "$dir/rz.json" 2> "$dir/err" || fail "zh relaxed plan: $(cat "$dir/err")"
grep -q '^放宽的规则：min_rotation_share，放宽 [0-9]*：差 [0-9]* 人才达到应交流的 15 人（90% × 符合条件的 16 人）$' \
    "$dir/err" || fail "zh relaxed on stderr: $(cat "$dir/err")"
grep -q '^放宽的规则：leader_tenure，放宽 1：1 名任职满 10 年的校领导留任：没有同职务的空位可去' "$dir/err" ||
    fail "zh relaxed leader_tenure: $(cat "$dir/err")"
grep -q '"detail": "差 [0-9]* 人才达到应交流的 15 人（90% × 符合条件的 16 人）"' "$dir/rz.json" ||
    fail "zh relaxed[].detail: $(grep -A3 '"relaxed"' "$dir/rz.json")"
grep -q '"rule": "min_rotation_share"' "$dir/rz.json" || fail "zh relaxed[].rule is not the code"
grep -q '"status": "feasible"' "$dir/rz.json" || fail "zh relaxed plan status: $(grep '"status"' "$dir/rz.json")"
LANG=zh_CN.UTF-8 "$ROTAS" check "$tiny" "$dir/rz.json" --policy "$dir/rot.json" 2> "$dir/err" ||
    fail "check of the zh relaxed plan: $(cat "$dir/err")"
LANG=C "$ROTAS" plan "$tiny" --policy "$dir/rot.json" --time-limit 20 --progress none \
    -o "$dir/rc.json" 2> "$dir/err" || fail "C relaxed plan: $(cat "$dir/err")"
grep -q '^relaxed: min_rotation_share by [0-9]*: [0-9]* teachers short of the 15 moves that 90% of the 16 eligible asks for$' \
    "$dir/err" || fail "C relaxed on stderr: $(cat "$dir/err")"
grep -q '^relaxed: leader_tenure by 1: 1 leader past 10 years in post stays: no post' "$dir/err" ||
    fail "C relaxed leader_tenure: $(cat "$dir/err")"
grep -q '"detail": "[0-9]* teachers short of the 15 moves' "$dir/rc.json" || fail "C relaxed[].detail"
grep '"detail"' "$dir/rc.json" | LC_ALL=C grep -q '[^ -~]' && fail "C details are not plain English: $(grep '"detail"' "$dir/rc.json")"

# --explain: the planner's reasons (shown in Chinese with -v, after the solver's own log, which
# stays English) for a teacher who may move, a frozen one, one not eligible, one who moves
for t in T005 T010 T012 T001; do
    LANG=zh_CN.UTF-8 "$ROTAS" plan "$tiny" --time-limit 20 -q -v -o /dev/null --explain $t 2>&1 |
        sed -n "/^$t（/,\$p" > "$dir/x$t" || fail "zh explain -v $t"
done
grep -qx 'T005（专任教师，pe），S01，2027 年：本校任教 17 年（满 6 年符合交流条件）' "$dir/xT005" ||
    fail "zh explain head: $(cat "$dir/xT005")"
grep -qx '  符合交流条件：本校任教 17 年 >= 6' "$dir/xT005" || fail "zh explain eligible: $(cat "$dir/xT005")"
grep -qx '  考虑过的交流学校（[0-9]* 所）：' "$dir/xT005" || fail "zh explain destinations: $(cat "$dir/xT005")"
grep -q '^    S0[0-9]：[0-9.]* 公里（代价 [0-9.]*），调动代价 [0-9.]*，未填志愿（代价 0.0）.*；合计 [0-9.]*$' \
    "$dir/xT005" || fail "zh explain costs: $(cat "$dir/xT005")"
grep -qx '  不参加交流：免交流（距退休不足5年）；不参加交流的教师不会调动' "$dir/xT010" ||
    fail "zh explain frozen: $(cat "$dir/xT010")"
grep -qx '  不符合交流条件：本校任教 5 年 < 6；留在原校' "$dir/xT012" || fail "zh explain not eligible: $(cat "$dir/xT012")"
grep -qx '  必须交流：校长 任职 14 年 >= 10' "$dir/xT001" || fail "zh explain must: $(cat "$dir/xT001")"
grep -q '^  调往 S0[0-9]（[0-9.]* 公里，至 2029 年，优先分 [0-9.]*）$' "$dir/xT001" ||
    fail "zh explain move: $(cat "$dir/xT001")"
cat "$dir"/xT0* | grep -q ' km\|cost\|eligible\|stays\|moves\|total\|weights\|years\|decision' &&
    fail "zh explain has English: $(cat "$dir"/xT0*)"
LANG=C "$ROTAS" plan "$tiny" --time-limit 20 -q -o /dev/null --explain T010 2> "$dir/err" || fail "C explain"
grep -qx '  frozen: exempt (距退休不足5年); frozen teachers never move' "$dir/err" || fail "C explain: $(cat "$dir/err")"
# a middle leader named teaching vice-principal (secondment_count) is told so in Chinese
/usr/bin/python3 - "$SRC/tests/data/tiny-everyday.json" "$dir/ev.json" << 'EOF' || fail "making ev.json"
import json, sys
d = json.load(open(sys.argv[1]))
d.pop("decisions", None)
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
EOF
echo '{"format": "rotas-policy/1", "secondment_count": 1}' > "$dir/sec.json"
LANG=zh_CN.UTF-8 "$ROTAS" plan "$dir/ev.json" --policy "$dir/sec.json" --time-limit 20 -q -v -o /dev/null \
    --explain T002 > /dev/null 2> "$dir/err" || fail "zh explain of a secondment"
grep -qx '  挂职：到 S02 任教学副校长，至 2027 年（21.5 公里）' "$dir/err" ||
    fail "zh explain secondment: $(sed -n '/^T002（/,$p' "$dir/err")"

# the bureau's decisions that cannot be carried out: refused (exit 2, nothing written), in
# Chinese and in English; fragments (who cannot move and why) read as one sentence
dec() { echo "{\"format\": \"rotas-decisions/1\", \"decisions\": [$1]}" > "$dir/dec.json"; }
decided() { # LANG, expected exit, line expected (fixed string)
    LANG=$1 "$ROTAS" plan "$tiny" --decisions "$dir/dec.json" --time-limit 20 --progress none \
        -o "$dir/never.json" 2> "$dir/err"
    [ $? -eq 2 ] || fail "decisions under $1: exit"
    [ -e "$dir/never.json" ] && fail "decisions under $1: a plan was written"
    grep -qxF "$2" "$dir/err" || fail "decisions under $1: $(cat "$dir/err")"
}
dec '{"kind": "together", "teachers": ["T002", "T014"]}, {"kind": "move", "teacher": "T002", "school": "S04"}'
decided zh_CN.UTF-8 'rotas: plan：第 1 条决定（T002 与 T014 同去）无法执行：其中一人会调到另一人本来的学校'
decided C "rotas: plan: decision 1 (together T002 and T014) cannot be carried out: one would move to the other's own school"
dec '{"kind": "together", "teachers": ["T002", "T012"]}, {"kind": "move", "teacher": "T002", "school": "S03"}'
decided zh_CN.UTF-8 'rotas: plan：第 1 条决定（T002 与 T012 同去）无法执行：按决定 T002 必须交流，但 T012 不符合交流条件（本校任教年限不足），也没有交流决定指定该教师'
decided C 'rotas: plan: decision 1 (together T002 and T012) cannot be carried out: T002 must move by decision but T012 is not eligible (too few years at the school) and no move decision names it'
dec '{"kind": "receive_key", "school": "S01", "subject": "pe"}'
decided zh_CN.UTF-8 'rotas: plan：第 1 条决定（接收骨干 S01 pe）无法执行：今年没有可调往该校的 pe 骨干教师（县级及以上）'
decided C 'rotas: plan: decision 1 (receive_key S01 pe) cannot be carried out: no key teacher (county level or above) of pe may move there this year'
dec '{"kind": "move", "teacher": "T003", "school": "S03"}'
decided zh_CN.UTF-8 'rotas: plan：第 1 条决定（T003 调往 S03）无法执行：该教师不参加交流（正在交流中或临近退休）'

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
