#!/bin/bash
# One grammar: the county is a positional COUNTY (--db an alias) for export and import; an
# unknown option gives one line and the usage lines, never the whole help, for every command;
# summary --year Y counts eligible and must teachers as plan --year Y does; cmake --install
# puts rotas and its Chinese catalogue under a prefix, and the installed program speaks Chinese.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/grammar_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

county="$SRC/datasets/demo-county.json"
"$ROTAS" import "$county" "$dir/a.db" -q || fail "import IN COUNTY.db"
"$ROTAS" import "$county" --db "$dir/b.db" -q || fail "import IN --db COUNTY.db"
"$ROTAS" export "$dir/a.db" -o "$dir/a.json" || fail "export COUNTY.db"
"$ROTAS" export --db "$dir/b.db" -o "$dir/b.json" || fail "export --db COUNTY.db"
cmp -s "$dir/a.json" "$dir/b.json" || fail "positional and --db differ"

all="summary import export template gen plan plans approve revert timetable check render cover
    whatif simulate researchers shuttles"
for c in $all "whatif merge"; do
    "$ROTAS" $c --no-such-option > /dev/null 2> "$dir/err"; rc=$?
    [ $rc -eq 2 ] || fail "$c --no-such-option: exit $rc"
    n=$(wc -l < "$dir/err")
    [ "$n" -le 8 ] || fail "$c --no-such-option: $n lines (the whole help?): $(cat "$dir/err")"
    head -1 "$dir/err" | grep -q "unknown option.*--no-such-option" ||
        fail "$c: first line does not name the option: $(head -1 "$dir/err")"
    grep -q 'example' "$dir/err" && fail "$c --no-such-option printed the help"
done

# every command's options come from its table: --help lists them under "options:" (and -h,
# --help last); an option missing its value is told like an unknown one; a bad number names
# the option, what it takes and what was found, in one line
for c in $all "whatif merge"; do
    "$ROTAS" $c --help > "$dir/help" || fail "$c --help"
    grep -q '^options:$' "$dir/help" || fail "$c --help: no options part"
    grep -q '^  -h, --help  *this help$' "$dir/help" || fail "$c --help: no -h, --help line"
    grep -q '^usage: rotas '"$c" "$dir/help" || fail "$c --help: no usage line first"
    grep -q '^examples\?:$' "$dir/help" || fail "$c --help: no examples"
    LANG=C "$ROTAS" --lang zh $c --help > "$dir/help" || fail "$c --help in Chinese"
    grep -q '^用法：rotas '"$c" "$dir/help" || fail "$c --help in Chinese: $(head -2 "$dir/help")"
    grep -q '^选项：$' "$dir/help" || fail "$c --help in Chinese: no 选项"
    grep -q '^  -h, --help  *本说明$' "$dir/help" || fail "$c --help in Chinese: option help"
done
"$ROTAS" plan "$dir/a.db" --policy > /dev/null 2> "$dir/err"; [ $? -eq 2 ] || fail "missing value: exit"
head -1 "$dir/err" | grep -q "^rotas: plan: unknown option or missing value '--policy'$" ||
    fail "missing value: $(cat "$dir/err")"
grep -q '^usage: rotas plan COUNTY' "$dir/err" || fail "missing value: no usage line: $(cat "$dir/err")"
bad() { # command line (as words), the one line it must print
    local want=$1; shift
    "$ROTAS" "$@" > /dev/null 2> "$dir/err"; rc=$?
    [ $rc -eq 2 ] || fail "$*: exit $rc"
    [ "$(cat "$dir/err")" = "$want" ] || fail "$*: $(cat "$dir/err") (expected: $want)"
}
bad 'rotas: plan: --time-limit: expected seconds > 0, found "0"' plan "$dir/a.db" --time-limit 0
bad 'rotas: plan: --time-limit: expected seconds > 0, found "2s"' plan "$dir/a.db" --time-limit 2s
bad 'rotas: plan: --year: expected a year, found "20x8"' plan "$dir/a.db" --year 20x8
bad 'rotas: whatif: --jobs: expected an integer in [1, 64], found "65"' whatif s.json -j 65
bad 'rotas: gen: --coverage: expected a share in 0.5..1 (or 50%..100%), found "40%"' \
    gen --schools 10 --seed 1 --coverage 40%
bad 'rotas: import: --encoding: expected utf-8 or gb18030, found "latin1"' \
    import --csv x --db "$dir/c.db" --encoding latin1
bad 'rotas: cover: --time-limit: expected seconds in (0, 86400], found "1e9"' \
    cover "$dir/a.db" --time-limit 1e9
bad 'rotas: timetable: --seed: expected a non-negative integer, found "-1"' \
    timetable "$dir/a.db" --seed -1
LANG=zh_CN.UTF-8 bad 'rotas: plan：--time-limit：应为大于 0 的秒数，实为“0”' plan "$dir/a.db" --time-limit 0
# the share kind takes a fraction or a percentage alike
"$ROTAS" gen --schools 10 --seed 1 --coverage 95% > "$dir/g1.json" || fail "gen --coverage 95%"
"$ROTAS" gen --schools 10 --seed 1 --coverage 0.95 > "$dir/g2.json" || fail "gen --coverage 0.95"
cmp -s "$dir/g1.json" "$dir/g2.json" || fail "--coverage 95% and 0.95 differ"

# summary --year agrees with plan --year on eligible and must
"$ROTAS" summary "$dir/a.db" --year 2028 > "$dir/sum" 2> /dev/null || fail "summary --year"
grep -q '^year        2028' "$dir/sum" || fail "summary year: $(head -3 "$dir/sum")"
el=$(sed -n 's/^  eligible to rotate *\([0-9]*\).*/\1/p' "$dir/sum")
must=$(sed -n 's/^  leaders who must rotate *\([0-9]*\).*/\1/p' "$dir/sum")
"$ROTAS" plan "$dir/a.db" --year 2028 --time-limit 3 -q -o "$dir/p.json" || fail "plan --year 2028"
pel=$(grep -o '"eligible": [0-9]*' "$dir/p.json" | head -1 | grep -o '[0-9]*$')
pmust=$(grep -o '"must": [0-9]*' "$dir/p.json" | head -1 | grep -o '[0-9]*$')
[ -n "$el" ] && [ -n "$pel" ] || fail "counts not found: summary $el/$must, plan $pel/$pmust"
[ $((el + must)) -eq "$pel" ] || fail "eligible: summary $el + $must, plan $pel"
[ "$must" -eq "$pmust" ] || fail "must: summary $must, plan $pmust"
"$ROTAS" summary "$dir/a.db" --year 20x8 2> /dev/null; [ $? -eq 2 ] || fail "summary --year 20x8"
"$ROTAS" summary "$dir/a.db" -y 2028 > "$dir/sum2" 2> /dev/null || fail "summary -y"
cmp -s "$dir/sum" "$dir/sum2" || fail "summary -y 2028 and --year 2028 differ"

# cmake --install: the program and its catalogue under the prefix
root=$(cd "$BUILD/.." && pwd)
if [ -f "$root/CMakeCache.txt" ]; then
    cmake --install "$root" --prefix "$dir/inst" > /dev/null || fail "cmake --install"
    [ -x "$dir/inst/bin/rotas" ] || fail "no bin/rotas installed"
    [ -f "$dir/inst/share/locale/zh_CN/LC_MESSAGES/rotas.mo" ] || fail "no catalogue installed"
    (unset LANGUAGE LC_ALL LC_MESSAGES; LANG=zh_CN.UTF-8 ROTAS_LOCALEDIR= \
        "$dir/inst/bin/rotas" --help) | grep -q '^用法' || fail "the installed rotas is not in Chinese"
fi
exit 0
