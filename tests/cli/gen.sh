#!/usr/bin/env bash
# rotas gen: writes a county that rotas summary accepts, the same bytes for the same options,
# and refuses bad options with exit 2 and a message that names the option.
set -u
rotas=$1
build=$3
dir=$(mktemp -d "$build/gen.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$rotas" gen --help >"$dir/help" || fail "--help exits non-zero"
grep -q "example" "$dir/help" || fail "--help has no example"

for args in "--schools 5 --seed 1" "--schools 30 --seed 2027" "--schools 120 --seed 7 --year 2030"; do
    # shellcheck disable=SC2086
    "$rotas" gen $args -o "$dir/c.json" || fail "gen $args"
    "$rotas" summary "$dir/c.json" >"$dir/summary" 2>"$dir/err" ||
        { cat "$dir/err" >&2; fail "summary rejects gen $args"; }
done

# the same options give the same bytes, stdout and -o alike; another seed gives another county
"$rotas" gen --schools 40 --seed 9 >"$dir/a.json" || fail "gen to stdout"
"$rotas" gen -n 40 -s 9 -o "$dir/b.json" || fail "gen -o"
cmp -s "$dir/a.json" "$dir/b.json" || fail "same seed, different output"
"$rotas" gen --schools 40 --seed 10 -o "$dir/c.json" || fail "gen seed 10"
cmp -s "$dir/a.json" "$dir/c.json" && fail "different seeds, same output"
grep -q '"format": "rotas-county/1"' "$dir/a.json" || fail "no format key"
grep -q '"year": 2026' "$dir/a.json" || fail "default year is not 2026"

# --constraints: a valid county with the everyday constraints, deterministic too, and the same
# county as without them once they are taken out
"$rotas" gen --schools 40 --seed 9 --constraints -o "$dir/e1.json" || fail "gen --constraints"
"$rotas" gen -n 40 -s 9 -c >"$dir/e2.json" || fail "gen -c"
cmp -s "$dir/e1.json" "$dir/e2.json" || fail "--constraints: same seed, different output"
"$rotas" summary "$dir/e1.json" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; fail "summary rejects --constraints"; }
for key in '"decisions": [' '"fixed_lessons": [' '"subject_rules": [' '"reason": "升旗"' \
    '"reason": "校长例会"' '"kind": "together"' '"middle_leader": true' '"hardship_years":'; do
    grep -qF -- "$key" "$dir/e1.json" || fail "--constraints: no $key"
done
grep -q '"decisions"' "$dir/a.json" && fail "without --constraints: decisions written"

# the options that shape staffing: each in --help with an example, each gives a county that
# summary and import accept, deterministic, and changes what it names
for o in --coverage --over-quota --covered-townships --multi-subject --one-teacher; do
    grep -q -- "^  *$o" "$dir/help" || fail "--help does not list $o"
    grep -q -- "rotas gen .*$o" "$dir/help" || fail "--help has no example of $o"
done
for args in "--coverage 0.9" "--coverage 96%" "--over-quota 0.4" "--over-quota 0" \
    "--covered-townships 2" "--covered-townships 0" "--multi-subject 0.8" "--one-teacher 1" \
    "--one-teacher 0 --multi-subject 0"; do
    # shellcheck disable=SC2086
    "$rotas" gen --schools 40 --seed 9 $args -o "$dir/o1.json" || fail "gen $args"
    # shellcheck disable=SC2086
    "$rotas" gen --schools 40 --seed 9 $args >"$dir/o2.json" || fail "gen $args to stdout"
    cmp -s "$dir/o1.json" "$dir/o2.json" || fail "gen $args: same options, different output"
    "$rotas" summary "$dir/o1.json" >/dev/null 2>"$dir/err" || { cat "$dir/err" >&2; fail "summary rejects gen $args"; }
    rm -f "$dir/o.db"
    "$rotas" import "$dir/o1.json" --db "$dir/o.db" -q 2>"$dir/err" || { cat "$dir/err" >&2; fail "import rejects gen $args"; }
done
"$rotas" gen --schools 40 --seed 9 --over-quota 0.5 -o "$dir/o1.json" || fail "gen --over-quota 0.5"
cmp -s "$dir/a.json" "$dir/o1.json" && fail "--over-quota 0.5 changed nothing"
over=$(python3 - "$dir/o1.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
n = {}
for t in c["teachers"]:
    n[t["school"]] = n.get(t["school"], 0) + 1
print(sum(1 for s in c["schools"] if s["staff_quota"] < n.get(s["id"], 0)), len(c["schools"]))
PY
)
set -- $over
[ $((2 * $1)) -ge "$2" ] || fail "--over-quota 0.5: only $1 of $2 schools over quota"

# bad options: exit 2, a message naming the option, nothing written
expect_usage() {
    local want=$1
    shift
    rm -f "$dir/bad.json"
    "$rotas" gen "$@" -o "$dir/bad.json" 2>"$dir/err"
    local rc=$?
    [ "$rc" -eq 2 ] || fail "gen $* exited $rc, expected 2"
    grep -q -- "$want" "$dir/err" || { cat "$dir/err" >&2; fail "gen $*: no '$want' in message"; }
    [ ! -e "$dir/bad.json" ] || fail "gen $* wrote a file"
}
expect_usage "--schools" --schools 4 --seed 1
expect_usage "--schools" --schools 2001 --seed 1
expect_usage "--schools" --schools 12x --seed 1
expect_usage "--seed" --schools 10 --seed -3
expect_usage "--seed" --schools 10
expect_usage "--schools" --seed 1
expect_usage "--year" --schools 10 --seed 1 --year 1800
expect_usage "--coverage" --schools 10 --seed 1 --coverage 0.3
expect_usage "--coverage" --schools 10 --seed 1 --coverage x
expect_usage "--over-quota" --schools 10 --seed 1 --over-quota 1.5
expect_usage "--over-quota" --schools 10 --seed 1 --over-quota 150%
expect_usage "--covered-townships" --schools 10 --seed 1 --covered-townships -1
expect_usage "--multi-subject" --schools 10 --seed 1 --multi-subject 2
expect_usage "--one-teacher" --schools 10 --seed 1 --one-teacher -0.1
expect_usage "unknown option" --schools 10 --seed 1 --colour
expect_usage "unexpected argument" --schools 10 --seed 1 extra
exit 0
