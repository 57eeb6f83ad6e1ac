#!/bin/bash
# A what-if batch as a Slurm job array: one shard per array task, each with its own run
# database, then one merge job that checks the merged table against the scenario file.
#
#   JOB=$(sbatch --parsable --array=1-8 docs/slurm-whatif.sh scenarios.json --time-limit 30)
#   sbatch --dependency=afterany:${JOB%;*} --output=rotas-merge-%j.log \
#          docs/slurm-whatif.sh --merge scenarios.json --time-limit 30
#
# Everything after the scenario file goes to `rotas whatif` (--time-limit, --policy, -j ...);
# the merge takes the --time-limit and --policy of the shards (they are part of each row's
# input hash) and drops the rest. Use afterany, not afterok: afterok never fires when one
# task exits non-zero (a scenario timed out), and the merge is what reports it.
#
# Options before the scenario file:
#   --dir DIR     shard databases, JSON and the merged results (default: shards)
#   --shards N    the number of shards; default: the array's size (a full array 1-N), which
#                 is recorded in DIR/shards so that `sbatch --array=2 ...` reruns shard 2 of N
#   --rotas CMD   the rotas command (default: $ROTAS, else rotas on PATH), e.g.
#                 --rotas "apptainer exec rotas.sif rotas"
#   --merge       run the merge instead of a shard (not as an array)
#   --allow-failed  (merge) exit 0 even when scenarios failed or timed out
#
# Recovery: the merge names each missing, stale or failed scenario and the shards to run
# again. Rerun them (finished rows are read back from each shard's database, so a rerun
# solves only what is missing or failed), then merge again:
#   sbatch --array=2 docs/slurm-whatif.sh scenarios.json --time-limit 30
#   sbatch --dependency=afterany:<that job> docs/slurm-whatif.sh --merge scenarios.json --time-limit 30
# Resubmitting the whole array works too and costs only the missing scenarios.
#
# Exit status of a shard task: 0 every scenario ok; 1 some scenarios failed or timed out
# (their rows are stored; the merge reports them; a rerun will not help a time-out without a
# longer --time-limit); 2 bad scenario file or usage; 3 the task broke (rotas missing or not
# runnable, a database error, killed): rerun it. The merge job exits as `rotas whatif merge`:
# 0 complete and ok, 1 rows missing, stale or failed, 2 bad input.
#
# The run databases use SQLite's rollback journal (the default of rotas whatif), which works
# on NFS and Lustre with POSIX locks; WAL does not work on network filesystems.
#
# rotas and its shared libraries (libglpk40, libsqlite3-0, libjansson4, libxlsxwriter) must be
# on every compute node: install the Debian packages there, put the binary on a shared path
# and pass --rotas /shared/bin/rotas (with --export=NONE the submitting shell's PATH is not
# passed on), or use the container image: --rotas "apptainer exec /shared/rotas.sif rotas".
#
# The log of each task is rotas-whatif-<job>_<task>.log in the submission folder (a folder
# that exists before the job starts: Slurm opens the log before this script runs).
#SBATCH --job-name=rotas-whatif
#SBATCH --cpus-per-task=2
#SBATCH --time=02:00:00
#SBATCH --output=rotas-whatif-%A_%a.log
set -uo pipefail

say() { echo "rotas-whatif: $(date -u +%FT%TZ) ${SLURM_JOB_ID:+job $SLURM_JOB_ID }$*" >&2; }
die() { say "$2"; exit "$1"; }

dir=shards shards="" rotas="${ROTAS:-rotas}" merge=0 allow_failed=()
while [ $# -gt 0 ]; do
    case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --shards) shards=${2:?--shards needs a number}; shift 2 ;;
    --rotas) rotas=${2:?--rotas needs a command}; shift 2 ;;
    --merge) merge=1; shift ;;
    --allow-failed) allow_failed=(--allow-failed); shift ;;
    -h | --help) sed -n '2,/^#SBATCH/p' "$0" | sed -e '/^#SBATCH/d' -e 's/^# \{0,1\}//'; exit 0 ;;
    -*) die 2 "unknown option $1 before the scenario file (see --help)" ;;
    *) break ;;
    esac
done
[ $# -ge 1 ] || die 2 "usage: sbatch --array=1-N $0 [--dir DIR] [--shards N] SCENARIOS.json [rotas whatif options]"
scen=$1
shift
[ -r "$scen" ] || die 2 "$scen: cannot read the scenario file (from $(pwd))"
if [ -n "$shards" ] && ! [[ "$shards" =~ ^[1-9][0-9]*$ ]]; then
    die 2 "--shards: expected a positive integer, found \"$shards\""
fi
mkdir -p "$dir" || die 3 "cannot create $dir"

# The rotas command: word-split on purpose, so that "apptainer exec rotas.sif rotas" works.
read -r -a cmd <<<"$rotas"
if ! command -v "${cmd[0]}" >/dev/null 2>&1; then
    die 3 "${cmd[0]}: not found on $(hostname) (PATH=$PATH). rotas and its shared libraries \
must be on every node: pass --rotas /shared/path/rotas, or --rotas \"apptainer exec rotas.sif rotas\""
fi
if ! version=$("${cmd[@]}" --version 2>&1); then
    die 3 "$rotas does not run on $(hostname): $version (missing shared libraries? see ldd; \
the container image carries them)"
fi

# N: --shards, else a full array 1-N (recorded for reruns), else the recorded N.
if [ -z "$shards" ] && [ "$merge" -eq 0 ]; then
    : "${SLURM_ARRAY_TASK_ID:?run as a job array (sbatch --array=1-N), or give --shards N}"
    if [ "${SLURM_ARRAY_TASK_MIN:-}" = 1 ] && [ "${SLURM_ARRAY_TASK_MAX:-}" = "${SLURM_ARRAY_TASK_COUNT:-}" ]; then
        shards=$SLURM_ARRAY_TASK_COUNT
    elif [ -r "$dir/shards" ]; then
        shards=$(cat "$dir/shards")
        say "a partial array (tasks ${SLURM_ARRAY_TASK_MIN:-?}-${SLURM_ARRAY_TASK_MAX:-?}): $shards shards, as recorded in $dir/shards"
    else
        die 2 "a partial array and no $dir/shards: give --shards N (the N of the first run)"
    fi
fi
if [ -z "$shards" ] && [ -r "$dir/shards" ]; then
    shards=$(cat "$dir/shards")
fi

# Only --time-limit and --policy (part of the input hash) go to the merge.
merge_args=()
extra=("$@")
for ((i = 0; i < ${#extra[@]}; i++)); do
    case "${extra[i]}" in
    --time-limit | --policy) merge_args+=("${extra[i]}" "${extra[i + 1]:-}"); i=$((i + 1)) ;;
    --time-limit=* | --policy=*) merge_args+=("${extra[i]}") ;;
    esac
done

if [ "$merge" -eq 1 ]; then
    say "merge of $dir/shard-*.db against $scen on $(hostname) ($version)"
    dbs=("$dir"/shard-*.db)
    [ -e "${dbs[0]}" ] || die 1 "no shard databases in $dir: did the array run here?"
    "${cmd[@]}" whatif merge "$dir/results.db" "${dbs[@]}" --scenarios "$scen" \
        ${shards:+--shards "$shards"} "${allow_failed[@]}" "${merge_args[@]}" \
        -o "$dir/results.json" --csv "$dir/results.csv"
    rc=$?
    case $rc in
    0) say "merged: every scenario has a current ok row: $dir/results.json, $dir/results.csv" ;;
    1) say "merged with problems (listed above); rows there are in $dir/results.json" ;;
    *) say "merge failed (exit $rc)" ;;
    esac
    exit $rc
fi

K=$SLURM_ARRAY_TASK_ID
N=$shards
{ [ "$K" -ge 1 ] && [ "$K" -le "$N" ]; } || die 2 "array task $K is not a shard of 1..$N"
if [ "${SLURM_ARRAY_TASK_MIN:-}" = 1 ] && [ "${SLURM_ARRAY_TASK_MAX:-}" = "$N" ]; then
    tmp=$(mktemp "$dir/.shards.XXXXXX") && echo "$N" >"$tmp" && mv -f "$tmp" "$dir/shards"
fi

db="$dir/shard-$K.db"
out="$dir/shard-$K.json"
rm -f "$out"
say "shard $K/$N of $scen on $(hostname), ${SLURM_CPUS_PER_TASK:-1} CPUs, $version; rows in $db"
# the rows of the scenarios of this shard appear in this log as they finish
"${cmd[@]}" whatif "$scen" --shard "$K/$N" -j "${SLURM_CPUS_PER_TASK:-1}" --db "$db" -o "$out" "$@"
rc=$?
case $rc in
0) say "shard $K/$N: every scenario ok"; exit 0 ;;
1)
    if [ -s "$out" ]; then
        say "shard $K/$N: some scenarios failed or timed out (rows stored in $db; the merge reports them)"
        exit 1
    fi
    say "shard $K/$N broke: rotas exit 1 without results (see the messages above); rerun this shard"
    exit 3
    ;;
2) say "shard $K/$N: bad scenario file or options (exit 2)"; exit 2 ;;
*) say "shard $K/$N broke: rotas exit $rc (killed or interrupted?); finished rows are in $db; rerun this shard"; exit 3 ;;
esac
