#!/bin/bash
# The Slurm path for real, on a one-node cluster started here: munged, slurmctld and slurmd
# started directly (private sockets, ports and spool in a temporary folder), stopped by their
# PIDs at the end. Submits docs/slurm-whatif.sh as a 3-task array over a 6-scenario file,
# kills one task mid-run, checks that the merge job (afterany) reports the missing scenario,
# recovers the shard by the documented recipe (sbatch --array=2), merges with --scenarios and
# compares with an unsharded run: the same scenarios, statuses and input hashes.
#
#   tests/cluster/slurm.sh ROTAS SOURCE_DIR BUILD_DIR
#
# As root it installs slurm-wlm and munge from Debian if missing. Exit 77 (SKIP, with the
# reason) only where the packages are missing and cannot be installed, or the daemons cannot
# start; any failure after the cluster is up is a FAIL.
set -u
ROTAS=$(realpath "$1")
SRC=$(realpath "$2")
BUILD=$3
skip() { echo "SKIP: $*" >&2; exit 77; }
fail() { echo "FAIL: $*" >&2; dump; exit 1; }

. "$(dirname "$0")/slurm-lib.sh"
T=$(mktemp -d "$(realpath "$BUILD")/slurm.XXXXXX")
trap 'slurm_down; rm -rf "$T"' EXIT
dump() { slurm_dump "$T"; }
slurm_up "$T" || skip "$SLURM_SKIP"
echo "slurm: one-node cluster up" >&2

# --- the batch: 6 scenarios on a small county, 1 s per solve
cd "$T/work" || fail "cd"
"$ROTAS" gen --schools 8 --seed 3 -o county.json || fail "gen"
cat >scenarios.json <<'JSON'
{"format": "rotas-scenarios/1", "base": "county.json", "policy": {"time_limit_seconds": 2},
 "scenarios": [
  {"name": "baseline"},
  {"name": "tenure-9", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 9}}]},
  {"name": "tenure-8", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 8}}]},
  {"name": "share-15", "changes": [{"kind": "policy", "set": {"min_rotation_share": 0.15}}]},
  {"name": "hire-english", "changes": [{"kind": "hire", "count": 2, "subject": "english", "cluster": "C01"}]},
  {"name": "max-15km", "changes": [{"kind": "policy", "set": {"max_km": 15}}]}
 ]}
JSON
SCRIPT=$SRC/docs/slurm-whatif.sh
wait_job() { slurm_wait "$1" 120 || fail "job $1 did not finish"; }
exit_code() { scontrol show job "$1" 2>/dev/null | grep -o 'ExitCode=[0-9]*:[0-9]*' | head -1 | cut -d= -f2; }
state() { scontrol show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | head -1 | cut -d= -f2; }

# shard 2 holds scenarios[1] and scenarios[4]; hire-english hangs (test hook), so the task is
# killed after its first row
JOB=$(ROTAS_TEST_SLOW_SCENARIO=hire-english sbatch --parsable --array=1-3 -c 1 \
      "$SCRIPT" --rotas "$ROTAS" scenarios.json --time-limit 1) || fail "sbatch the array"
JOB=${JOB%;*}
MERGE=$(sbatch --parsable --dependency=afterany:"$JOB" --output=rotas-merge-%j.log \
        "$SCRIPT" --merge --rotas "$ROTAS" scenarios.json --time-limit 1) || fail "sbatch the merge"
MERGE=${MERGE%;*}
rows() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from whatif_runs').fetchone()[0])" "$1" 2>/dev/null || echo 0; }
for _ in $(seq 1 300); do
    [ "$(rows shards/shard-2.db)" -ge 1 ] && break
    sleep 0.2
done
[ "$(rows shards/shard-2.db)" -eq 1 ] || fail "shard 2 did not store its first row"
scancel "${JOB}_2" || fail "scancel"
wait_job "$JOB"
wait_job "$MERGE"
[ "$(state "${JOB}_1")" = COMPLETED ] || fail "task 1: $(state "${JOB}_1")"
[ "$(state "${JOB}_2")" = CANCELLED ] || fail "task 2: $(state "${JOB}_2")"
[ "$(cat shards/shards)" = 3 ] || fail "the shard count was not recorded"
grep -q "rotas: whatif: \[1/2\] tenure-9: " rotas-whatif-"${JOB}"_2.log || fail "task 2's log has no progress"
[ "$(exit_code "$MERGE")" = "1:0" ] || fail "the merge after a killed task should exit 1, got $(exit_code "$MERGE")"
grep -q 'missing: scenarios\[4\] "hire-english"' rotas-merge-"$MERGE".log || fail "the merge did not name the missing scenario"
grep -q "run shard 2 of 3 again" rotas-merge-"$MERGE".log || fail "the merge did not name the shard to rerun"

# --- recovery, as documented: rerun shard 2 alone, then merge again (afterany)
JOB2=$(sbatch --parsable --array=2 -c 1 "$SCRIPT" --rotas "$ROTAS" scenarios.json --time-limit 1) || fail "sbatch --array=2"
JOB2=${JOB2%;*}
MERGE2=$(sbatch --parsable --dependency=afterany:"$JOB2" --output=rotas-merge-%j.log \
         "$SCRIPT" --merge --rotas "$ROTAS" scenarios.json --time-limit 1) || fail "sbatch the second merge"
MERGE2=${MERGE2%;*}
wait_job "$JOB2"
wait_job "$MERGE2"
[ "$(state "${JOB2}_2")" = COMPLETED ] || fail "rerun of shard 2: $(state "${JOB2}_2")"
grep -q "3 shards, as recorded" rotas-whatif-"${JOB2}"_2.log || fail "the rerun did not take N from the record"
grep -q "tenure-9: .*(cached)" rotas-whatif-"${JOB2}"_2.log || fail "the rerun solved the finished row again"
[ "$(exit_code "$MERGE2")" = "0:0" ] || fail "the merge after recovery should exit 0, got $(exit_code "$MERGE2")"

# --- a node without rotas (--export=NONE: not even this shell's PATH): exit 3 and a log that
#     says what is missing and how to provide it
BAD=$(sbatch --parsable --export=NONE --array=1 -c 1 "$SCRIPT" --rotas /nonexistent/rotas --dir bad \
      scenarios.json) || fail "sbatch without rotas"
BAD=${BAD%;*}
wait_job "$BAD"
[ "$(exit_code "${BAD}_1")" = "3:0" ] || fail "a task without rotas should exit 3, got $(exit_code "${BAD}_1")"
grep -q "/nonexistent/rotas: not found on .*must be on every node" rotas-whatif-"${BAD}"_1.log ||
    fail "the log of a task without rotas does not say so"

# --- the same batch unsharded; compare scenario set, statuses and input hashes
"$ROTAS" whatif scenarios.json --time-limit 1 --db full.db -o full.json -q -j 2 || fail "unsharded run"
python3 - shards/results.json full.json <<'PY' || fail "merged table differs from the unsharded run"
import json, sys
m, f = (json.load(open(p))["scenarios"] for p in sys.argv[1:])
key = lambda r: (r["name"], r["status"], r["hash"])
assert [key(r) for r in m] == [key(r) for r in f], ([key(r) for r in m], [key(r) for r in f])
assert len(m) == 6 and all(r["status"] == "ok" for r in m)
PY
echo "slurm: array, kill, recovery and merge checked against an unsharded run" >&2
exit 0
