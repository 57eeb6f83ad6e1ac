#!/bin/bash
# rotas whatif: a batch on a tiny generated county; cache, bad input, a crashing worker,
# shards and merge, Ctrl-C.
set -u
ROTAS=$1
BUILD=$3
T=$(mktemp -d "$BUILD/whatif-cli.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

"$ROTAS" gen --schools 6 --seed 1 -o "$T/tiny.json" || fail "gen"
TEACHER=$(python3 -c "import json,sys; c=json.load(open(sys.argv[1])); print([t['id'] for t in c['teachers'] if t['role']=='teacher'][0])" "$T/tiny.json")
cat > "$T/s.json" <<JSON
{"format": "rotas-scenarios/1", "base": "tiny.json", "policy": {"time_limit_seconds": 2},
 "scenarios": [
  {"name": "baseline"},
  {"name": "tenure-9", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 9}}]},
  {"name": "hire-english", "changes": [{"kind": "hire", "count": 2, "subject": "english", "cluster": "C01"}]},
  {"name": "remove-one", "changes": [{"kind": "remove", "teachers": ["$TEACHER"], "reason": "leave"}]},
  {"name": "close-S006", "changes": [{"kind": "close_school", "school": "S006", "into": "S005"}]}
 ]}
JSON

"$ROTAS" whatif --help | grep -q "rotas whatif merge" || fail "help"
"$ROTAS" whatif "$T/s.json" --shard 3/2 2>/dev/null; [ $? -eq 2 ] || fail "bad --shard should exit 2"

# 1. the batch, then the rerun from the cache
"$ROTAS" whatif "$T/s.json" -j 2 --db "$T/r.db" -o "$T/r.json" --csv "$T/r.csv" 2>"$T/err1" \
    || { cat "$T/err1"; fail "first run"; }
grep -q "^scenario " "$T/err1" || fail "no table on stderr"
# every column but the last ends at the same display column on every line (Chinese headers
# take two columns a character)
aligned() {
python3 - "$@" <<'PY'
import sys, unicodedata
def width(s):
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
first, heads = sys.argv[2], sys.argv[3:]
head = [i for i, l in enumerate(lines) if l.startswith(first + " ")][0]
rows = lines[head:head + 6]
assert len(rows) == 6, rows
ends = [width(rows[0][:rows[0].index(h) + len(h)]) for h in heads]
for r in rows[1:]:
    assert not r.startswith(" "), r
    for e in ends:
        assert width(r[:len(r)]) > e and r[[width(r[:k]) for k in range(len(r) + 1)].index(e) - 1] != " ", (r, e)
        nxt = [width(r[:k]) for k in range(len(r) + 1)].index(e)
        assert r[nxt:nxt + 2] == "  ", (r, e)
PY
}
aligned "$T/err1" scenario moves key unfilled "key CV primary/junior" km "TT unplaced" gap seconds ||
    { cat "$T/err1"; fail "table columns not aligned"; }
python3 - "$T/r.json" 0 <<'PY' || fail "first run rows"
import json, sys
d = json.load(open(sys.argv[1])); cached = sys.argv[2] == "1"
assert d["format"] == "rotas-whatif/1"
rows = d["scenarios"]
assert [r["name"] for r in rows] == ["baseline", "tenure-9", "hire-english", "remove-one", "close-S006"], rows
for r in rows:
    assert r["status"] == "ok", r
    assert r["cached"] == cached, r
    assert r["solver"]["status"] in ("optimal", "feasible", "time_limit"), r
    assert set(r["unfilled_by_area"]) == {"urban", "town", "rural"}, r
    assert r["moves"] >= 0 and len(r["hash"]) == 16
assert len({r["hash"] for r in rows}) == 5
PY
head -c 3 "$T/r.csv" | od -An -tx1 | grep -q "ef bb bf" || fail "CSV without BOM"
[ "$(wc -l < "$T/r.csv")" -eq 6 ] || fail "CSV rows"
"$ROTAS" whatif "$T/s.json" -j 2 --db "$T/r.db" -o "$T/r2.json" 2>"$T/err2" || fail "rerun"
grep -q "0 solved, 5 cached" "$T/err2" || { cat "$T/err2"; fail "rerun not cached"; }
# the table in Chinese under a Chinese locale, lined up as well
LANG=zh_CN.UTF-8 LC_ALL= LANGUAGE= "$ROTAS" whatif "$T/s.json" -j 2 --db "$T/r.db" -o /dev/null \
    2>"$T/err2zh" || fail "rerun in Chinese"
aligned "$T/err2zh" 方案 交流人数 骨干 缺课 "骨干CV 小学/初中" 里程 走教未排 差距 "用时（秒）" ||
    { cat "$T/err2zh"; fail "Chinese table columns not aligned"; }
grep -q "最优\|可行\|到时限" "$T/err2zh" || fail "Chinese table: no status in Chinese: $(cat "$T/err2zh")"
python3 - "$T/r2.json" 1 <<'PY' || fail "rerun rows"
import json, sys
rows = json.load(open(sys.argv[1]))["scenarios"]
assert len(rows) == 5 and all(r["cached"] for r in rows), rows
PY

# 2. bad references: every problem reported, nothing run, nothing written, exit 2
sed -e 's/"S005"}/"S999"}/' -e 's/"cluster": "C01"/"cluster": "C01", "colour": 1/' "$T/s.json" > "$T/bad.json"
"$ROTAS" whatif "$T/bad.json" --db "$T/bad.db" -o "$T/bad-out.json" 2>"$T/err3"
[ $? -eq 2 ] || fail "bad file should exit 2"
grep -q 'scenarios\[2\].changes\[0\].colour: unknown key' "$T/err3" || { cat "$T/err3"; fail "unknown key"; }
"$ROTAS" whatif "$T/bad.json" -o "$T/bad-out.json" 2>/dev/null
sed -e 's/"S005"}/"S999"}/' "$T/s.json" > "$T/bad2.json"
"$ROTAS" whatif "$T/bad2.json" --db "$T/bad.db" -o "$T/bad-out.json" 2>"$T/err4"
[ $? -eq 2 ] || fail "unknown school should exit 2"
grep -q 'scenarios\[4\].changes\[0\].into: expected a school id, found "S999"' "$T/err4" || { cat "$T/err4"; fail "message"; }
[ ! -e "$T/bad-out.json" ] || fail "output written for a bad file"

# 3. a worker that crashes is reported; the batch goes on; exit 1
ROTAS_TEST_CRASH_SCENARIO=tenure-9 "$ROTAS" whatif "$T/s.json" -j 2 --db "$T/c.db" -o "$T/c.json" -q
[ $? -eq 1 ] || fail "a crashed scenario should exit 1"
python3 - "$T/c.json" <<'PY' || fail "crash rows"
import json, sys
rows = {r["name"]: r for r in json.load(open(sys.argv[1]))["scenarios"]}
assert rows["tenure-9"]["status"] == "failed" and "signal" in rows["tenure-9"]["error"], rows["tenure-9"]
assert all(r["status"] == "ok" for n, r in rows.items() if n != "tenure-9")
PY

# 4. shards and merge give the rows of the whole batch
"$ROTAS" whatif "$T/s.json" --shard 1/2 -j 2 --db "$T/s1.db" -o "$T/s1.json" -q || fail "shard 1"
"$ROTAS" whatif "$T/s.json" --shard 2/2 -j 2 --db "$T/s2.db" -o "$T/s2.json" -q || fail "shard 2"
"$ROTAS" whatif merge "$T/m.db" "$T/s1.db" "$T/s2.db" -o "$T/m.json" --csv "$T/m.csv" -q || fail "merge"
python3 - "$T/s1.json" "$T/s2.json" "$T/m.json" "$T/r.json" <<'PY' || fail "shard rows"
import json, sys
s1, s2, m, full = (json.load(open(p))["scenarios"] for p in sys.argv[1:])
assert [r["name"] for r in s1] == ["baseline", "hire-english", "close-S006"], s1
assert [r["name"] for r in s2] == ["tenure-9", "remove-one"], s2
key = lambda r: (r["name"], r["hash"], r["status"])  # figures depend on the solver clock
assert [key(r) for r in m] == [key(r) for r in full], (m, full)
PY
"$ROTAS" whatif merge "$T/m.db" "$T/tiny.json" -q 2>/dev/null; [ $? -eq 2 ] || fail "merging a non-database"

# 5. Ctrl-C: finished rows stay saved, exit 130
ROTAS_TEST_SLOW_SCENARIO=tenure-9 "$ROTAS" whatif "$T/s.json" -j 1 --db "$T/i.db" -o "$T/i.json" -q &
PID=$!
for _ in $(seq 1 100); do
    N=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from whatif_runs').fetchone()[0])" "$T/i.db" 2>/dev/null || echo 0)
    [ "$N" -ge 1 ] && break
    sleep 0.2
done
sleep 0.3
kill -INT $PID
wait $PID
RC=$?
[ $RC -eq 130 ] || fail "Ctrl-C should exit 130, got $RC"
N=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from whatif_runs').fetchone()[0])" "$T/i.db")
[ "$N" -eq 1 ] || fail "expected the one finished row saved, found $N"
[ ! -e "$T/i.json" ] || fail "output written after Ctrl-C"
exit 0
