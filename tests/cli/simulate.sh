#!/bin/bash
# rotas simulate: a few years of a tiny generated county, deterministic for a seed.
set -u
ROTAS=$1
BUILD=$3
T=$(mktemp -d "$BUILD/simulate-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ROTAS" gen --schools 6 --seed 1 -o "$T/tiny.json" || fail "gen"
"$ROTAS" simulate --help | grep -q "退5进1" || fail "help"
"$ROTAS" simulate "$T/tiny.json" --years 0 2>/dev/null; [ $? -eq 2 ] || fail "--years 0"
"$ROTAS" simulate 2>/dev/null; [ $? -eq 2 ] || fail "no county"

"$ROTAS" simulate "$T/tiny.json" --years 3 --seed 5 --time-limit 2 -o "$T/a.json" -q || fail "run a"
"$ROTAS" simulate "$T/tiny.json" --years 3 --seed 5 --time-limit 2 -o "$T/b.json" -q || fail "run b"
# the same seed gives the same file, as long as no year's plan was cut by the clock
if ! grep -q '"status": "time_limit"' "$T/a.json" "$T/b.json"; then
    cmp -s "$T/a.json" "$T/b.json" || fail "same seed, different output"
fi
python3 - "$T/a.json" <<'PY' || fail "simulation content"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["format"] == "rotas-simulation/1" and d["seed"] == 5
assert d["return_after_exchange"] is False
ys = d["years"]
assert [y["year"] for y in ys] == [2027, 2028, 2029], ys
for i, y in enumerate(ys):
    assert y["hires"] <= y["retirements"] or i < 0
    assert 0 <= y["leaders_past_line"] <= 1
    assert y["status"] in ("optimal", "feasible", "time_limit")
    if i:
        assert y["teachers"] == ys[i-1]["teachers"] + y["hires"] - y["retirements"]
PY

cat > "$T/hires.json" <<'JSON'
{"format": "rotas-hires/1", "years": [{"year": 2028, "hires": [{"subject": "english", "cluster": "C01", "count": 2}]}]}
JSON
"$ROTAS" simulate "$T/tiny.json" --years 2 --hires "$T/hires.json" --time-limit 2 -o "$T/h.json" -q || fail "hires plan"
python3 -c "import json,sys; y=json.load(open(sys.argv[1]))['years']; assert y[1]['hires'] == 2, y" "$T/h.json" || fail "fixed hires"
echo '{"format": "rotas-hires/1", "years": [{"year": 2028, "hires": [{"subject": "latin", "school": "S1", "count": 1}]}]}' > "$T/bad.json"
"$ROTAS" simulate "$T/tiny.json" --hires "$T/bad.json" 2>"$T/err"; [ $? -eq 2 ] || fail "bad hires"
grep -q 'years\[0\].hires\[0\].subject: expected a subject id, found "latin"' "$T/err" || { cat "$T/err"; fail "bad hires message"; }
exit 0
