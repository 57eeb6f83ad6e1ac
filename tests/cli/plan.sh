#!/bin/bash
# rotas plan / rotas approve: a plan of a small county passes the checker; --save and approve
# apply it once and refuse a second time; bad usage exits 2; --decisions are carried out,
# --from reproduces an unchanged plan, --explain tells why; secondments.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/plan_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

county="$SRC/datasets/demo-county.json"
if [ ! -f "$county" ]; then
    "$ROTAS" gen --schools 12 --seed 3 -o "$dir/county.json" || fail "gen"
    county="$dir/county.json"
fi

# plan -> check
"$ROTAS" plan "$county" --time-limit 4 -o "$dir/plan.json" 2> "$dir/err" ||
    { cat "$dir/err" >&2; fail "plan exited $?"; }
grep -q '"format": "rotas-plan/1"' "$dir/plan.json" || fail "no rotas-plan/1 written"
grep -q '^plan [0-9]*: ' "$dir/err" || fail "no summary on stderr"
grep -q '^teachers: [0-9]* eligible' "$dir/err" || fail "no eligible count in the summary"
"$ROTAS" check "$county" "$dir/plan.json" -q || fail "check rejected the plan"

# stdout is the plan when -o is not given; -q silences the summary
"$ROTAS" plan "$county" --time-limit 3 -q > "$dir/plan2.json" 2> "$dir/err2" || fail "plan to stdout"
[ -s "$dir/err2" ] && fail "-q still printed: $(cat "$dir/err2")"
grep -q '"moves"' "$dir/plan2.json" || fail "stdout plan has no moves"

# export the model
"$ROTAS" plan "$county" --time-limit 2 -q -o /dev/null --export-lp "$dir/m.lp" || fail "export-lp"
grep -q 'cover(' "$dir/m.lp" || fail "LP file has no cover rows"
grep -q 'cap(' "$dir/m.lp" || fail "LP file has no capacity rows of the exact supply"
# no row carries an entry below 1e-9 of its largest (round-off never reaches the solver)
python3 - "$dir/m.lp" <<'PY' || fail "LP file has a row with a round-off coefficient"
import re, sys
text = open(sys.argv[1]).read()
body = text.split("Subject To", 1)[1]
body = re.split(r"\n(Bounds|Generals|Binaries|General|Binary|End)\b", body)[0]
rows = re.split(r"\n\s*([A-Za-z_][^:\s]*):", "\n" + body)
worst, n = 1.0, 0
for i in range(1, len(rows) - 1, 2):
    expr = re.split(r"(<=|>=|=)", rows[i + 1])[0]
    coefs = [abs(float(c or 1)) for c in re.findall(r"[+-]\s*([0-9.eE+-]*)\s*[A-Za-z_]", expr)]
    coefs = [c for c in coefs if c > 0]
    if coefs:
        n += 1
        worst = min(worst, min(coefs) / max(coefs))
if n < 10 or worst < 1e-9:
    print(f"rows {n}, worst ratio {worst:g}", file=sys.stderr)
    sys.exit(1)
PY

# usage errors
"$ROTAS" plan 2> /dev/null; [ $? -eq 2 ] || fail "no county: expected exit 2"
"$ROTAS" plan "$county" --time-limit zero 2> "$dir/e3"; [ $? -eq 2 ] || fail "bad time limit"
grep -q 'time-limit' "$dir/e3" || fail "bad time limit message"
"$ROTAS" plan "$county" --save -o /dev/null 2> /dev/null; [ $? -eq 2 ] || fail "--save on JSON"
"$ROTAS" plan "$dir/missing.json" 2> /dev/null; [ $? -eq 0 ] && fail "missing county accepted"
"$ROTAS" plan --help | grep -q 'example' || fail "help has no example"
# progress as JSON lines on stderr; a bad mode is a usage error
"$ROTAS" plan "$county" --time-limit 2 --progress json -q -o /dev/null 2> "$dir/prog" ||
    fail "--progress json"
python3 -c 'import json,sys; l=[json.loads(x) for x in open(sys.argv[1]) if x.startswith("{")]; assert l and all("phase" in x and "gap" in x for x in l)' "$dir/prog" ||
    fail "--progress json: not JSON lines"
"$ROTAS" plan "$county" --progress loud 2> /dev/null; [ $? -eq 2 ] || fail "--progress loud"

# everyday: a small county with decisions and middle leaders
"$ROTAS" gen --schools 12 --seed 5 --constraints -o "$dir/e.json" || fail "gen --constraints"
printf '{"format": "rotas-policy/1", "secondment_count": 3}\n' > "$dir/pol.json"
"$ROTAS" plan "$dir/e.json" --policy "$dir/pol.json" --time-limit 3 -o "$dir/e1.json" \
    2> "$dir/e1.err" || { cat "$dir/e1.err" >&2; fail "plan with secondments"; }
grep -q '^decisions carried out: ' "$dir/e1.err" || fail "no decisions line in the summary"
[ "$(grep -c '^secondment: ' "$dir/e1.err")" -eq 3 ] || fail "expected 3 secondments"
"$ROTAS" check "$dir/e.json" "$dir/e1.json" -q || fail "check of the plan with secondments"
# --from an unchanged county: no change
"$ROTAS" plan "$dir/e.json" --policy "$dir/pol.json" --time-limit 3 --from "$dir/e1.json" \
    -o "$dir/e2.json" 2> "$dir/e2.err" || { cat "$dir/e2.err" >&2; fail "plan --from"; }
grep -q '^re-plan: 0 changes from the previous plan' "$dir/e2.err" ||
    fail "unchanged re-plan: $(grep re-plan "$dir/e2.err")"
grep -q '"changed": 0' "$dir/e2.json" || fail "re-plan JSON has no \"changed\": 0"
# --decisions: keep a moved teacher (stay), move it elsewhere is refused when frozen
moved=$(sed -n 's/^ *"teacher": "\(T[0-9]*\)",*$/\1/p' "$dir/e1.json" | head -1)
[ -n "$moved" ] || fail "no moved teacher in the plan"
printf '{"format": "rotas-decisions/1", "decisions": [{"kind": "stay", "teacher": "%s", "reason": "毕业班"}]}\n' \
    "$moved" > "$dir/d.json"
"$ROTAS" plan "$dir/e.json" --policy "$dir/pol.json" --time-limit 3 --from "$dir/e1.json" \
    --decisions "$dir/d.json" --explain "$moved" -o "$dir/e3.json" 2> "$dir/e3.err" ||
    { cat "$dir/e3.err" >&2; fail "plan --decisions --from"; }
grep -q "\"teacher\": \"$moved\"" "$dir/e3.json" && fail "stay decision not carried out"
grep -q '^re-plan: [1-9][0-9]* change' "$dir/e3.err" || fail "re-plan after a stay: no change counted"
grep -q "stays: a stay decision" "$dir/e3.err" || fail "--explain of the stayer: $(cat "$dir/e3.err")"
"$ROTAS" check "$dir/e.json" "$dir/e3.json" --decisions "$dir/d.json" -q ||
    fail "check of the re-plan"
frozen=$(python3 -c 'import json,sys; print(next(t["id"] for t in json.load(open(sys.argv[1]))["teachers"] if t.get("exempt")))' "$dir/e.json")
printf '{"format": "rotas-decisions/1", "decisions": [{"kind": "move", "teacher": "%s", "school": "S003"}]}\n' \
    "$frozen" > "$dir/bad.json"
"$ROTAS" plan "$dir/e.json" --time-limit 2 -q -o "$dir/no.json" --decisions "$dir/bad.json" \
    2> "$dir/bad.err"; [ $? -eq 2 ] || fail "a move decision of a frozen teacher: expected exit 2"
grep -q 'exempt' "$dir/bad.err" || fail "conflict message: $(cat "$dir/bad.err")"
[ -e "$dir/no.json" ] && fail "a plan was written despite the conflict"
# --explain: a frozen teacher and an unknown id
"$ROTAS" plan "$dir/e.json" --time-limit 2 -q -o /dev/null --explain "$frozen" 2> "$dir/x.err" ||
    fail "--explain frozen"
grep -q 'frozen: exempt' "$dir/x.err" || fail "--explain frozen: $(cat "$dir/x.err")"
"$ROTAS" plan "$dir/e.json" --time-limit 2 -q -o /dev/null --explain NOBODY 2> /dev/null
[ $? -eq 2 ] || fail "--explain unknown teacher: expected exit 2"

# save and approve through a database
"$ROTAS" import "$county" --db "$dir/c.db" -q || fail "import"
"$ROTAS" plan "$dir/c.db" --time-limit 4 --save -q -o "$dir/p.json" 2> "$dir/save" ||
    { cat "$dir/save" >&2; fail "plan --save"; }
id=$(sed -n 's/^plan id \([0-9]*\)$/\1/p' "$dir/save")
[ -n "$id" ] || fail "no plan id printed: $(cat "$dir/save")"
"$ROTAS" approve "$dir/c.db" "$id" -q || fail "approve"
"$ROTAS" approve "$dir/c.db" "$id" 2> "$dir/again"; [ $? -eq 1 ] || fail "second approve not refused"
grep -q 'already approved\|no longer fits' "$dir/again" || fail "second approve message: $(cat "$dir/again")"
"$ROTAS" approve "$dir/c.db" 999999 2> /dev/null; [ $? -eq 0 ] && fail "unknown plan id accepted"
"$ROTAS" approve "$dir/c.db" abc 2> /dev/null; [ $? -eq 2 ] || fail "bad plan id: expected 2"
# the moved teachers now sit at their new schools on exchange; next year's plan passes
"$ROTAS" export --db "$dir/c.db" -o "$dir/after.json" || fail "export"
year=$(sed -n 's/^ *"year": \([0-9]*\),*$/\1/p' "$dir/p.json" | head -1)
"$ROTAS" plan "$dir/after.json" --year $((year + 1)) --time-limit 10 -q -o "$dir/p2.json" ||
    fail "plan after approval"
"$ROTAS" check "$dir/after.json" "$dir/p2.json" -q || fail "check of the next plan"
exit 0
