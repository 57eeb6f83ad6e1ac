#!/usr/bin/env bash
# Bad data that does not come through import: a hand-edited database is validated like an
# import (exit 2, every problem located); policy values out of range name their key; an
# overflowing plan id is a usage error; a plan year before a teacher's school_since is
# refused; a long county name is cut on a character boundary in the HTML title; summary shows
# control characters in names as escapes.
# usage: stored_bad.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
T=$(mktemp -d "$BUILD/stored_bad.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
tiny=$SRC/tests/data/tiny-county.json
status() { "$@" >"$T/out" 2>"$T/err"; echo $?; }
has() { grep -qF -- "$1" "$T/err" || fail "$2: stderr lacks: $1 ($(head -3 "$T/err"))"; }

# --- a hand-edited database
"$ROTAS" import "$tiny" --db "$T/c.db" -q || fail "import"
"$ROTAS" plan "$T/c.db" --save -q --time-limit 3 -o "$T/p.json" 2>/dev/null || fail "plan --save"
python3 - "$T/c.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE schools SET students = -5 WHERE id = 'S01'")
c.execute("UPDATE teachers SET max_periods = -100 WHERE id = 'T002'")
c.execute("DELETE FROM teacher_subjects WHERE teacher = 'T003'")
c.commit()
EOF
for cmd in "summary $T/c.db" "plan $T/c.db -q -o $T/x.json" "approve $T/c.db 1" \
    "timetable $T/c.db --cluster C01 -q -o $T/x.json"; do
    # shellcheck disable=SC2086
    r=$(status "$ROTAS" $cmd)
    [ "$r" = 2 ] || fail "$cmd on an edited database: exit $r, expected 2"
    has "schools[0].students: expected a number of students 0..100000, found -5" "$cmd"
    has "teachers[1].max_periods: expected a number of periods a week 1..40, found -100" "$cmd"
    has "teachers[2].subjects: expected at least one subject id" "$cmd"
    has "3 errors" "$cmd"
done
[ -e "$T/x.json" ] && fail "a command wrote its output from an invalid database"
python3 - "$T/c.db" <<'EOF'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("UPDATE schools SET students = 240 WHERE id = 'S01'")
c.execute("UPDATE teachers SET max_periods = 0 WHERE id = 'T002'")
c.execute("INSERT INTO teacher_subjects(teacher, pos, subject) VALUES ('T003', 0, 'math')")
c.execute("UPDATE travel SET km = 9e999 WHERE pos = (SELECT min(pos) FROM travel)")
c.commit()
EOF
r=$(status "$ROTAS" summary "$T/c.db")
[ "$r" = 2 ] || fail "an infinite km: exit $r"
has "travel[0]: km, minutes: expected finite numbers, found inf" "infinite km"

# --- policy values out of range: exit 2 with the key named
echo '{"teacher_tenure_years": -3, "min_rotation_share": 7, "mip_gap": -1}' >"$T/pol.json"
r=$(status "$ROTAS" plan "$tiny" --policy "$T/pol.json" -q -o "$T/y.json")
[ "$r" = 2 ] || fail "policy out of range: exit $r"
has "teacher_tenure_years: expected an integer >= 0, found -3" "policy"
has "min_rotation_share: expected a number in [0, 1], found 7" "policy"
has "mip_gap" "policy"

# --- a plan id beyond 64 bits is a usage error, not plan 9223372036854775807
"$ROTAS" import "$tiny" --db "$T/ok.db" -q || fail "import ok"
for id in 9223372036854775808 99999999999999999999 0 1x; do
    r=$(status "$ROTAS" approve "$T/ok.db" "$id")
    [ "$r" = 2 ] || fail "approve $id: exit $r"
    has "PLAN_ID: expected a positive number, found \"$id\"" "approve $id"
done

# --- a year before a teacher's school_since
r=$(status "$ROTAS" plan "$tiny" --year 2001 -q -o "$T/y.json")
[ "$r" = 2 ] || fail "plan --year 2001: exit $r"
has "year 2001 is before teacher" "plan --year 2001"
[ -e "$T/y.json" ] && fail "plan --year 2001 wrote a plan"

# --- a 200-character county name: the HTML stays valid UTF-8; control characters in summary
python3 - "$tiny" "$T/long.json" "$T/ctrl.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
d["name"] = "A" + "青" * 199 + "县"  # 1 + 3k bytes: a cut at 399 falls inside a character
json.dump(d, open(sys.argv[2], "w"), ensure_ascii=False)
d["name"] = "青山\x1b[31m县\nfake line\x07"
d["clusters"][0]["name"] = "片区\r\x1b[2J"
json.dump(d, open(sys.argv[3], "w"), ensure_ascii=False)
EOF
"$ROTAS" plan "$T/long.json" -q --time-limit 3 -o "$T/long-plan.json" || fail "plan long name"
"$ROTAS" render "$T/long-plan.json" --county "$T/long.json" --html "$T/long.html" -q ||
    fail "render long name"
python3 -c 'import sys; t = open(sys.argv[1], "rb").read().decode("utf-8"); assert "<title>A青青" in t' \
    "$T/long.html" || fail "the HTML of a long county name is not valid UTF-8"
"$ROTAS" summary "$T/ctrl.json" >"$T/sum.txt" || fail "summary ctrl"
python3 - "$T/sum.txt" <<'EOF' || fail "summary prints control characters raw"
import sys
t = open(sys.argv[1], "rb").read()
assert not any(b < 0x20 and b not in (0x0a,) for b in t), "a raw control byte"
s = t.decode("utf-8")
assert "county      青山\\x1b[31m县\\nfake line\\x07\n" in s, s.splitlines()[0]
assert "片区\\r\\x1b[2J" in s
assert "\nfake line" not in s
EOF

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "stored_bad: ok"
