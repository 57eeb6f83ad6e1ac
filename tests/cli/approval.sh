#!/bin/bash
# Approval safety: rotas plans lists saved plans with their status; approving moves the
# county's year on; a plan is approved once and only against the county it was made from;
# rotas revert undoes the last approval exactly (approve + revert = the same export, byte for
# byte); import over a county with approved history needs --replace.
set -u
ROTAS=$1
SRC=$2
BUILD=$3
dir=$(mktemp -d "$BUILD/approval_sh.XXXXXX")
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

county="$SRC/datasets/demo-county.json"
db="$dir/c.db"
"$ROTAS" import "$county" --db "$db" -q || fail "import"
"$ROTAS" export --db "$db" -o "$dir/before.json" || fail "export before"
"$ROTAS" plans "$db" > "$dir/none" 2> "$dir/none.err" || fail "plans on an empty list"
grep -q "no saved plan" "$dir/none.err" || fail "empty plans message: $(cat "$dir/none.err")"

# two plans of the same county: both ready
for i in 1 2; do
    "$ROTAS" plan "$db" --time-limit 3 --save -q -o "$dir/p$i.json" 2> "$dir/save$i" ||
        { cat "$dir/save$i" >&2; fail "plan --save $i"; }
done
id1=$(sed -n 's/^plan id \([0-9]*\)$/\1/p' "$dir/save1")
id2=$(sed -n 's/^plan id \([0-9]*\)$/\1/p' "$dir/save2")
[ -n "$id1" ] && [ -n "$id2" ] || fail "no plan ids"
"$ROTAS" plans "$db" > "$dir/list" || fail "plans"
moves1=$(grep -c '"teacher"' "$dir/p1.json")
awk -v id="$id1" -v m="$moves1" '$1 == id && $2 == 2027 && $3 == "ready" && $4 == m {ok=1} END {exit !ok}' \
    "$dir/list" || fail "plans row of $id1 (year 2027, ready, $moves1 moves): $(cat "$dir/list")"
head -1 "$dir/list" | grep -q '^id *year *status *moves *saved *approved' || fail "plans header"

# approve the first: the county's year moves on, the list says approved, the other is outdated
"$ROTAS" approve "$db" "$id1" -q || fail "approve"
"$ROTAS" export --db "$db" -o "$dir/after.json" || fail "export after"
grep -q '^  "year": 2027,\?$' "$dir/after.json" || fail "the county's year did not move on to 2027"
"$ROTAS" plans "$db" > "$dir/list" || fail "plans after approve"
awk -v id="$id1" '$1 == id && $3 == "approved" && $5 ~ /Z$/ && $6 ~ /Z$/ {ok=1} END {exit !ok}' "$dir/list" ||
    fail "approved row: $(cat "$dir/list")"
awk -v id="$id2" '$1 == id && $3 == "outdated" {ok=1} END {exit !ok}' "$dir/list" ||
    fail "the other plan is not outdated: $(cat "$dir/list")"

# approved once; the other plan was made from another county; wrong usage
"$ROTAS" approve "$db" "$id1" 2> "$dir/err"; [ $? -eq 1 ] || fail "second approve not refused"
grep -q "already approved" "$dir/err" || fail "second approve message: $(cat "$dir/err")"
"$ROTAS" approve "$db" "$id2" 2> "$dir/err"; [ $? -eq 1 ] || fail "stale plan approved"
grep -q "another state of the county" "$dir/err" || fail "stale message: $(cat "$dir/err")"
"$ROTAS" revert "$db" "$id2" 2> "$dir/err"; [ $? -eq 1 ] || fail "revert of a plan not approved"
grep -q "not the last approval" "$dir/err" || fail "revert message: $(cat "$dir/err")"
"$ROTAS" revert "$db" 2> /dev/null; [ $? -eq 2 ] || fail "revert without id: expected 2"
"$ROTAS" revert "$db" 1 --bogus 2> "$dir/err"; [ $? -eq 2 ] || fail "revert --bogus: expected 2"
# like every command: one line naming the option, the usage line, where to read more
[ "$(wc -l < "$dir/err")" -eq 3 ] && grep -q "^rotas: revert: .*'--bogus'" "$dir/err" &&
    grep -q '^usage: rotas revert COUNTY.db PLAN_ID' "$dir/err" &&
    grep -q "rotas revert --help" "$dir/err" ||
    fail "unknown option: expected one message, the usage line and the help hint: $(cat "$dir/err")"

# next plan is for the year after, by default
"$ROTAS" plan "$db" --time-limit 3 -q -o "$dir/p3.json" || fail "plan after approval"
grep -q '"year": 2028' "$dir/p3.json" || fail "plan after approval is not for 2028"

# import over approved history: refused without --replace, nothing changed
"$ROTAS" import "$county" --db "$db" 2> "$dir/err"; [ $? -eq 2 ] || fail "import over history not refused"
grep -q -- "--replace" "$dir/err" || fail "import refusal message: $(cat "$dir/err")"
"$ROTAS" export --db "$db" -o "$dir/still.json" || fail "export still"
cmp -s "$dir/after.json" "$dir/still.json" || fail "a refused import changed the county"

# revert: the county comes back byte for byte; the plan is ready again and can be approved
"$ROTAS" revert "$db" "$id1" -q || fail "revert"
"$ROTAS" export --db "$db" -o "$dir/reverted.json" || fail "export reverted"
cmp "$dir/before.json" "$dir/reverted.json" || fail "approve + revert is not the county before"
"$ROTAS" plans "$db" > "$dir/list" || fail "plans after revert"
awk -v id="$id1" '$1 == id && $3 == "ready" {ok=1} END {exit !ok}' "$dir/list" ||
    fail "reverted plan not ready: $(cat "$dir/list")"
awk -v id="$id2" '$1 == id && $3 == "ready" {ok=1} END {exit !ok}' "$dir/list" ||
    fail "the other plan is not ready again: $(cat "$dir/list")"
"$ROTAS" revert "$db" "$id1" 2> "$dir/err"; [ $? -eq 2 ] || fail "second revert: expected 2"
grep -q "no approval to revert" "$dir/err" || fail "second revert message: $(cat "$dir/err")"

# approve the second instead; after a replacing import the approval cannot be reverted
"$ROTAS" approve "$db" "$id2" -q || fail "approve the second plan"
"$ROTAS" import "$county" --db "$db" --replace -q || fail "import --replace"
"$ROTAS" revert "$db" "$id2" 2> "$dir/err"; [ $? -eq 1 ] || fail "revert after a replacing import"
grep -q "county changed since" "$dir/err" || fail "revert after import message: $(cat "$dir/err")"
"$ROTAS" export --db "$db" -o "$dir/replaced.json" || fail "export replaced"
cmp -s "$dir/before.json" "$dir/replaced.json" || fail "import --replace did not replace"
exit 0
