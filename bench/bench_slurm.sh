#!/usr/bin/env bash
# What-if batches as Slurm job arrays of 1, 2 and 4 tasks on the shipped 120-school county
# (datasets/medium-county.json), on a one-node cluster started here (tests/cluster/slurm-lib.sh,
# root needed). Each task has one CPU (-c 1, -j 1); the node has $(nproc) CPUs, so tasks beyond
# that wait in the queue. Wall = from the array's submission until its merge job (afterany,
# --scenarios) has finished, with fresh shard folders each time (nothing cached).
#   usage: bench/bench_slurm.sh [ROTAS_BIN] [RUNS] [TIME_LIMIT] [SCENARIOS]
# Prints per run and the median of RUNS (default 3) per array size, and the ratio to 1 task.
set -euo pipefail
HERE=$(cd "$(dirname "$0")/.." && pwd)
ROTAS=$(realpath "${1:-build/rotas}")
RUNS=${2:-3}
TL=${3:-8}
NS=${4:-8}
. "$HERE/tests/cluster/slurm-lib.sh"
T=$(mktemp -d)
trap 'slurm_down; rm -rf "$T"' EXIT
slurm_up "$T" || { echo "bench_slurm: $SLURM_SKIP" >&2; exit 1; }
cd "$T/work"
cp "$HERE/datasets/medium-county.json" county.json
python3 - "$NS" <<'PY'
import json, sys
n = int(sys.argv[1])
sc = [{"name": "baseline"}]
for share in (0.12, 0.15, 0.20):
    sc.append({"name": f"rotation-{int(share*100)}", "changes": [{"kind": "policy", "set": {"min_rotation_share": share}}]})
for ten in (5, 7, 8, 9, 10, 11, 12):
    sc.append({"name": f"tenure-{ten}", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": ten}}]})
json.dump({"format": "rotas-scenarios/1", "base": "county.json", "scenarios": sc[:n]},
          open("s.json", "w"), indent=1)
PY
echo "bench_slurm: $NS scenarios, --time-limit $TL, $(nproc) CPUs, $RUNS runs; rotas $("$ROTAS" --version)"
declare -A med
for tasks in 1 2 4; do
    walls=()
    for run in $(seq 1 "$RUNS"); do
        dir=a$tasks-$run
        t0=$(date +%s.%N)
        job=$(sbatch --parsable --array=1-$tasks -c 1 "$HERE/docs/slurm-whatif.sh" --dir "$dir" \
              --rotas "$ROTAS" s.json --time-limit "$TL" -j 1)
        job=${job%;*}
        m=$(sbatch --parsable --dependency=afterany:"$job" -c 1 --output="merge-$dir.log" \
            "$HERE/docs/slurm-whatif.sh" --merge --dir "$dir" --rotas "$ROTAS" s.json --time-limit "$TL")
        m=${m%;*}
        slurm_wait "$m" 1800 || { echo "bench_slurm: merge $m did not finish" >&2; exit 1; }
        t1=$(date +%s.%N)
        grep -q "every scenario has a current ok row" "merge-$dir.log" ||
            { cat "merge-$dir.log" >&2; echo "bench_slurm: incomplete merge" >&2; exit 1; }
        w=$(echo "$t1 - $t0" | bc -l)
        walls+=("$w")
        printf 'tasks=%d run=%d wall=%.1f s\n' "$tasks" "$run" "$w"
    done
    med[$tasks]=$(printf '%s\n' "${walls[@]}" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}')
done
echo "| array tasks | median wall (s) | ratio to 1 task |"
echo "| --- | --- | --- |"
for tasks in 1 2 4; do
    printf '| %d | %.1f | %.2f |\n' "$tasks" "${med[$tasks]}" "$(echo "${med[$tasks]} / ${med[1]}" | bc -l)"
done
