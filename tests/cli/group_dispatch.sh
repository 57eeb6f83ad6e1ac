#!/bin/bash
# Education-group dispatch (集团派驻): rotas gen --group-policy names head schools and writes a
# policy that turns the rule on; the plan sends managers and key teachers from each head to
# its members (reason group_dispatch) or lists group_dispatch in relaxed[]; rotas check
# agrees and catches a plan with the dispatch taken away; the outputs list the dispatch;
# bad heads and bad policy values exit 2 naming the place.
set -u
ROTAS=$1
BUILD=$3
dir=$(mktemp -d "$BUILD/group_dispatch_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ROTAS" gen --schools 24 --seed 5 --constraints --group-policy "$dir/pol.json" \
    -o "$dir/county.json" || fail "gen --group-policy"
"$ROTAS" gen --schools 24 --seed 5 --constraints -o "$dir/again.json" || fail "gen again"
cmp -s "$dir/county.json" "$dir/again.json" || fail "gen --group-policy changed the county"
python3 - "$dir/county.json" "$dir/pol.json" <<'PY' || fail "heads or policy"
import json, sys
c = json.load(open(sys.argv[1])); p = json.load(open(sys.argv[2]))
assert p["format"] == "rotas-policy/1"
assert p["group_managers_per_member"] == 1 and p["group_key_team_per_member"] == 1
assert c["groups"], "no groups"
grp = {s["id"]: s.get("group") for s in c["schools"]}
for g in c["groups"]:
    assert grp[g["head"]] == g["id"], g
PY

"$ROTAS" plan "$dir/county.json" --policy "$dir/pol.json" --time-limit 4 -o "$dir/plan.json" \
    2>"$dir/plan.err" || fail "plan: $(cat "$dir/plan.err")"
"$ROTAS" check "$dir/county.json" "$dir/plan.json" 2>/dev/null || fail "check of the plan"
python3 - "$dir/plan.json" "$dir/tampered.json" <<'PY' || fail "plan has no dispatch"
import json, sys
p = json.load(open(sys.argv[1]))
d = [m for m in p["moves"] if "group_dispatch" in m["reasons"]]
assert d, "no move tagged group_dispatch"
# tampered: the dispatched moves gone, relaxed[] unchanged
p["moves"] = [m for m in p["moves"] if "group_dispatch" not in m["reasons"]]
json.dump(p, open(sys.argv[2], "w"), ensure_ascii=False)
PY
out=$("$ROTAS" check "$dir/county.json" "$dir/tampered.json" 2>/dev/null)
[ $? -eq 1 ] || fail "tampered plan not refused"
echo "$out" | grep -q "rule group_dispatch: member schools short" || fail "no group_dispatch line: $out"

"$ROTAS" render "$dir/plan.json" --county "$dir/county.json" --xlsx "$dir/p.xlsx" \
    --html "$dir/p.html" --csv "$dir/csv" 2>/dev/null || fail "render"
grep -q 'id="sec-dispatch"' "$dir/p.html" || fail "no dispatch section in the HTML"
grep -q "集团派驻" "$dir/csv/moves.csv" || fail "交流方式 does not say 集团派驻"
head -1 "$dir/csv/group_dispatch.csv" | grep -q "派驻身份" || fail "no group_dispatch.csv"
python3 - "$dir/p.xlsx" <<'PY' || fail "no 集团派驻 sheet"
import sys, zipfile
assert 'name="集团派驻"' in zipfile.ZipFile(sys.argv[1]).read("xl/workbook.xml").decode()
PY

# bad input: a head that is no school, a head outside its group, a policy value out of range
python3 - "$dir/county.json" "$dir" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["groups"][0]["head"] = "NOPE"
json.dump(c, open(sys.argv[2] + "/bad1.json", "w"), ensure_ascii=False)
c = json.load(open(sys.argv[1]))
outside = next(s["id"] for s in c["schools"] if s.get("group") != c["groups"][0]["id"])
c["groups"][0]["head"] = outside
json.dump(c, open(sys.argv[2] + "/bad2.json", "w"), ensure_ascii=False)
PY
"$ROTAS" summary "$dir/bad1.json" >/dev/null 2>"$dir/e1"
[ $? -eq 2 ] || fail "unknown head: exit 2 expected"
grep -q 'groups\[0\].head' "$dir/e1" || fail "unknown head not located: $(cat "$dir/e1")"
"$ROTAS" summary "$dir/bad2.json" >/dev/null 2>"$dir/e2"
[ $? -eq 2 ] || fail "head outside its group: exit 2 expected"
grep -q 'groups\[0\].head.*expected a school of group' "$dir/e2" || fail "outside head: $(cat "$dir/e2")"
echo '{"format": "rotas-policy/1", "group_managers_per_member": -1}' > "$dir/badpol.json"
"$ROTAS" plan "$dir/county.json" --policy "$dir/badpol.json" -o "$dir/x.json" 2>"$dir/e3"
[ $? -eq 2 ] || fail "bad policy: exit 2 expected"
grep -q "group_managers_per_member" "$dir/e3" || fail "bad policy not located: $(cat "$dir/e3")"
[ ! -e "$dir/x.json" ] || fail "bad policy wrote a plan"
exit 0
