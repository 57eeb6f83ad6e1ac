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

# every marked string of the program and the library has its translation, none fuzzy
if command -v xgettext > /dev/null && command -v msgcmp > /dev/null; then
    "$SRC/scripts/po-update.sh" --pot "$dir/rotas.pot" || fail "xgettext"
    msgcmp "$SRC/po/zh_CN.po" "$dir/rotas.pot" 2> "$dir/err" || fail "po/zh_CN.po lacks: $(cat "$dir/err")"
    msgfmt --statistics -o /dev/null "$SRC/po/zh_CN.po" 2> "$dir/err" || fail "msgfmt"
    grep -q 'fuzzy\|untranslated' "$dir/err" && fail "po/zh_CN.po: $(cat "$dir/err")"
fi
exit 0
