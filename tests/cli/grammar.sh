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

for c in summary import export template gen plan plans approve revert timetable check render \
    whatif simulate; do
    "$ROTAS" $c --no-such-option > /dev/null 2> "$dir/err"; rc=$?
    [ $rc -eq 2 ] || fail "$c --no-such-option: exit $rc"
    n=$(wc -l < "$dir/err")
    [ "$n" -le 8 ] || fail "$c --no-such-option: $n lines (the whole help?): $(cat "$dir/err")"
    head -1 "$dir/err" | grep -q "unknown option.*--no-such-option" ||
        fail "$c: first line does not name the option: $(head -1 "$dir/err")"
    grep -q 'example' "$dir/err" && fail "$c --no-such-option printed the help"
done

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
