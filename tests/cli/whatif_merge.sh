#!/bin/bash
# rotas whatif merge --scenarios: missing, stale, extra and failed rows are reported and make
# the exit non-zero; the merged table holds exactly the file's scenarios with current rows.
# Run databases use a rollback journal unless --journal wal.
set -u
ROTAS=$1
BUILD=$3
T=$(mktemp -d "$BUILD/whatif-merge.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
rows() { python3 -c "import json,sys; print(' '.join(r['name']+':'+r['status'] for r in json.load(open(sys.argv[1]))['scenarios']))" "$1"; }
journal() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('pragma journal_mode').fetchone()[0])" "$1"; }

"$ROTAS" gen --schools 6 --seed 1 -o "$T/tiny.json" || fail "gen"
cat > "$T/s.json" <<'JSON'
{"format": "rotas-scenarios/1", "base": "tiny.json", "policy": {"time_limit_seconds": 2},
 "scenarios": [
  {"name": "baseline"},
  {"name": "tenure-9", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 9}}]},
  {"name": "tenure-8", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 8}}]},
  {"name": "hire-english", "changes": [{"kind": "hire", "count": 2, "subject": "english", "cluster": "C01"}]}
 ]}
JSON
"$ROTAS" whatif merge --help | grep -q -- "--scenarios FILE" || fail "merge help"

# 1. two shards with --time-limit; merge with the same options: complete, exit 0
for k in 1 2; do
    "$ROTAS" whatif "$T/s.json" --shard $k/2 --db "$T/s$k.db" -o "$T/s$k.json" -q --time-limit 1 \
        || fail "shard $k"
done
[ "$(journal "$T/s1.db")" = delete ] || fail "shard database not in rollback-journal mode"
"$ROTAS" whatif merge "$T/m.db" "$T/s1.db" "$T/s2.db" --scenarios "$T/s.json" --time-limit 1 \
    -o "$T/m.json" --csv "$T/m.csv" -q 2>"$T/e1" || { cat "$T/e1"; fail "complete merge"; }
[ "$(rows "$T/m.json")" = "baseline:ok tenure-9:ok tenure-8:ok hire-english:ok" ] || fail "rows: $(rows "$T/m.json")"
grep -q "4 with a current row (0 failed or timed out), 0 missing, 0 stale; 0 extra" "$T/e1" || { cat "$T/e1"; fail "summary"; }
[ "$(journal "$T/m.db")" = delete ] || fail "merged database not in rollback-journal mode"

# 2. merge without the shards' --time-limit: every row is stale (the hash covers the policy)
"$ROTAS" whatif merge "$T/m2.db" "$T/s1.db" "$T/s2.db" --scenarios "$T/s.json" -o "$T/m2.json" -q 2>"$T/e2"
[ $? -eq 1 ] || fail "stale rows should exit 1"
[ "$(grep -c '^rotas: whatif merge: stale: scenarios' "$T/e2")" -eq 4 ] || { cat "$T/e2"; fail "stale count"; }
grep -q "give merge the same ones" "$T/e2" || { cat "$T/e2"; fail "stale hint"; }
[ "$(rows "$T/m2.json")" = "" ] || fail "stale rows written: $(rows "$T/m2.json")"

# 3. a shard killed after its first row: the missing scenario is named with its shard, exit 1
cp "$T/s2.db" "$T/k2.db"
python3 -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute(\"delete from whatif_runs where name='hire-english'\"); c.commit()" "$T/k2.db"
"$ROTAS" whatif merge "$T/k.db" "$T/s1.db" "$T/k2.db" --scenarios "$T/s.json" --time-limit 1 \
    --shards 2 -o "$T/k.json" -q 2>"$T/e3"
[ $? -eq 1 ] || fail "a missing row should exit 1"
grep -q 'missing: scenarios\[3\] "hire-english": no row in any shard' "$T/e3" || { cat "$T/e3"; fail "missing message"; }
grep -q "run shard 2 of 2 again" "$T/e3" || { cat "$T/e3"; fail "rerun hint"; }
[ "$(rows "$T/k.json")" = "baseline:ok tenure-9:ok tenure-8:ok" ] || fail "rows: $(rows "$T/k.json")"
# recovery: run shard 2 again on its database (its finished row is read back), merge again
"$ROTAS" whatif "$T/s.json" --shard 2/2 --db "$T/k2.db" -o "$T/k2.json" -q --time-limit 1 2>"$T/e4" || fail "rerun shard 2"
python3 -c "import json,sys; r={x['name']: x['cached'] for x in json.load(open(sys.argv[1]))['scenarios']}; assert r == {'tenure-9': True, 'hire-english': False}, r" "$T/k2.json" || fail "rerun did not read back the finished row"
"$ROTAS" whatif merge "$T/k.db" "$T/s1.db" "$T/k2.db" --scenarios "$T/s.json" --time-limit 1 -o "$T/k.json" -q 2>"$T/e5" \
    || { cat "$T/e5"; fail "merge after recovery"; }
[ "$(rows "$T/k.json")" = "baseline:ok tenure-9:ok tenure-8:ok hire-english:ok" ] || fail "recovered rows: $(rows "$T/k.json")"

# 4. the scenario file edited after the run: tenure-8 changed (stale), hire-english removed
#    (extra, left out), tenure-7 added (missing)
sed -e 's/"teacher_tenure_years": 8/"teacher_tenure_years": 7/' \
    -e 's/{"name": "hire-english".*$/{"name": "tenure-7", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 7}}]}/' \
    "$T/s.json" > "$T/edited.json"
"$ROTAS" whatif merge "$T/e.db" "$T/s1.db" "$T/s2.db" --scenarios "$T/edited.json" --time-limit 1 \
    -o "$T/e.json" -q 2>"$T/e6"
[ $? -eq 1 ] || fail "an edited file should exit 1"
grep -q 'stale: scenarios\[2\] "tenure-8": the rows are of input' "$T/e6" || { cat "$T/e6"; fail "stale"; }
grep -q 'missing: scenarios\[3\] "tenure-7"' "$T/e6" || { cat "$T/e6"; fail "missing"; }
grep -q 'extra: "hire-english" is not a scenario of' "$T/e6" || { cat "$T/e6"; fail "extra"; }
[ "$(rows "$T/e.json")" = "baseline:ok tenure-9:ok" ] || fail "edited rows: $(rows "$T/e.json")"
python3 - "$T/e.json" "$T/m.json" <<'PY' || fail "hashes of the merged rows"
import json, sys
e, m = (json.load(open(p))["scenarios"] for p in sys.argv[1:])
mh = {r["name"]: r["hash"] for r in m}
assert all(r["hash"] == mh[r["name"]] for r in e), (e, m)
PY

# 5. failed rows: exit 1 unless --allow-failed; without --scenarios too
ROTAS_TEST_CRASH_SCENARIO=tenure-9 "$ROTAS" whatif "$T/s.json" --shard 2/2 --db "$T/f2.db" -o /dev/null -q --time-limit 1
[ $? -eq 1 ] || fail "crashed shard should exit 1"
"$ROTAS" whatif merge "$T/f.db" "$T/s1.db" "$T/f2.db" --scenarios "$T/s.json" --time-limit 1 -o "$T/f.json" -q 2>"$T/e7"
[ $? -eq 1 ] || fail "failed rows should exit 1"
grep -q 'failed: scenarios\[1\] "tenure-9": failed:' "$T/e7" || { cat "$T/e7"; fail "failed message"; }
"$ROTAS" whatif merge "$T/f.db" "$T/s1.db" "$T/f2.db" --scenarios "$T/s.json" --time-limit 1 --allow-failed -o "$T/f.json" -q 2>/dev/null \
    || fail "--allow-failed should exit 0"
[ "$(rows "$T/f.json")" = "baseline:ok tenure-9:failed tenure-8:ok hire-english:ok" ] || fail "failed rows: $(rows "$T/f.json")"
"$ROTAS" whatif merge "$T/g.db" "$T/f2.db" -o /dev/null -q 2>/dev/null
[ $? -eq 1 ] || fail "failed rows without --scenarios should exit 1"

# 7. a shard killed inside a transaction leaves a hot journal: merge rolls it back and reads
#    the committed rows only
cp "$T/s1.db" "$T/hot.db"
python3 - "$T/hot.db" <<'PY'
import os, sqlite3, sys
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("pragma cache_size=1")
c.execute("begin")
for i in range(3000):
    c.execute("insert into whatif_runs values (?, 'h', 0, 'ok', 0, ?)", (f"uncommitted{i}", "x" * 500))
os._exit(0)  # killed: no commit, no rollback
PY
[ -s "$T/hot.db-journal" ] || fail "no hot journal made"
"$ROTAS" whatif merge "$T/h.db" "$T/hot.db" "$T/s2.db" --scenarios "$T/s.json" --time-limit 1 -o "$T/h.json" -q 2>"$T/e10" \
    || { cat "$T/e10"; fail "merge of a shard with a hot journal"; }
[ "$(rows "$T/h.json")" = "baseline:ok tenure-9:ok tenure-8:ok hire-english:ok" ] || fail "hot-journal rows: $(rows "$T/h.json")"
python3 -c "import sqlite3,sys; n=sqlite3.connect(sys.argv[1]).execute(\"select count(*) from whatif_runs where name like 'uncommitted%'\").fetchone()[0]; sys.exit(n != 0)" "$T/h.db" \
    || fail "uncommitted rows were merged"

# 6. journal modes and bad input: exit 2, nothing created
"$ROTAS" whatif "$T/s.json" --shard 1/2 --db "$T/w.db" -o /dev/null -q --time-limit 1 --journal wal || fail "--journal wal"
[ "$(journal "$T/w.db")" = wal ] || fail "--journal wal not applied"
"$ROTAS" whatif "$T/s.json" --db "$T/x.db" -o /dev/null -q --journal fast 2>"$T/e8"
[ $? -eq 2 ] || fail "bad --journal should exit 2"
grep -q 'expected delete, truncate, persist or wal, found "fast"' "$T/e8" || { cat "$T/e8"; fail "journal message"; }
echo '{"format": "rotas-scenarios/1", "base": "tiny.json", "scenarios": [{"name": "a", "changes": [{"kind": "remove", "teachers": ["NOBODY"]}]}]}' > "$T/bad.json"
"$ROTAS" whatif merge "$T/b.db" "$T/s1.db" --scenarios "$T/bad.json" -o "$T/b.json" 2>"$T/e9"
[ $? -eq 2 ] || fail "bad scenario file should exit 2"
grep -q 'scenarios\[0\].changes\[0\].teachers\[0\]' "$T/e9" || { cat "$T/e9"; fail "bad file message"; }
[ ! -e "$T/b.db" ] && [ ! -e "$T/b.json" ] || fail "merge wrote for a bad scenario file"
"$ROTAS" whatif merge "$T/b.db" "$T/s1.db" --time-limit 1 2>/dev/null
[ $? -eq 2 ] || fail "--time-limit without --scenarios should exit 2"
"$ROTAS" whatif merge "$T/s1.db" "$T/s1.db" 2>/dev/null
[ $? -eq 2 ] || fail "output database given as a shard should exit 2"
exit 0
