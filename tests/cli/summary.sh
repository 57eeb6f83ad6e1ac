#!/usr/bin/env bash
# `rotas summary` on the tiny county: the numbers a clerk reads, checked against the file.
# usage: summary.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 SRC=$2 BUILD=$3
tmp=$(mktemp -d "$BUILD/summary.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
tiny=$SRC/tests/data/tiny-county.json

"$ROTAS" summary "$tiny" >"$tmp/out" 2>"$tmp/err" || fail "summary exit status $?"
[ -s "$tmp/err" ] && fail "summary wrote to stderr: $(cat "$tmp/err")"
expect() { grep -qE -- "$1" "$tmp/out" || fail "summary lacks /$1/"; }
expect '^county +青山县（示例）$'
expect '^year +2026$'
expect '^  kind +teaching_point +1 +19 +2$'
expect '^  area +rural +2 +115 +8$'
expect '^  total +5 +805 +26$'
expect '^teachers +20$'
expect '^  principal +3$'
expect '^  key \(county level or above\) +5$'
expect '^  exempt from rotation +1$'
expect '^  on exchange in the year +1$'
expect '^  eligible to rotate +12 '
expect '^  leaders who must rotate +3 '
expect '^  C01 +2 +8 +7 +S02 +青山片区$'
expect '^  1 school in no cluster$'
# chinese: 171 periods needed; 9 teachers; supply their whole capacity, 8 x 16 + T012's 20
# (148); uncovered: the best split's (T010, T011, T012, T018 may leave the gap to math instead)
expect '^  chinese +171 +9 +148 +46 +by school$'
# english: only english teachers list it: S01 10 of 16, C01 12 of 16, C02 34 of 16: 18 short
expect '^  english +shortage +56 +3 +48 +18 +by cluster$'
# all subjects: 527 needed, 215 short after a maximum flow (the same for every best split)
expect '^  total +527 +215$'
expect '1 of 10 school pairs estimated'

# -o writes the same text to a file
"$ROTAS" summary "$tiny" -o "$tmp/file.txt" || fail "summary -o exit status $?"
cmp -s "$tmp/out" "$tmp/file.txt" || fail "summary -o differs from stdout"
# usage errors exit 2 with a hint
"$ROTAS" summary 2>"$tmp/err"; [ $? -eq 2 ] || fail "summary without a file: exit status"
grep -q "rotas summary --help" "$tmp/err" || fail "summary without a file: no hint"
"$ROTAS" summary --bogus "$tiny" 2>/dev/null; [ $? -eq 2 ] || fail "unknown option: exit status"
"$ROTAS" summary "$tmp/none.json" 2>"$tmp/err"; [ $? -eq 2 ] || fail "missing file: exit status"
grep -q "cannot open" "$tmp/err" || fail "missing file: message"
"$ROTAS" summary --help | grep -q "example" || fail "help has no example"
echo "summary: $fails failures"
[ $fails -eq 0 ]
