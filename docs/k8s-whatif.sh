#!/bin/bash
# Kubernetes manifests for a what-if batch, with the shard count given in one place
# (--shards): a PersistentVolumeClaim, an Indexed Job (pod i runs shard i+1 of N, each with its
# own run database on the volume), and a merge Job that checks the merged table against the
# scenario file. Prints YAML on stdout, for kubectl apply -f -. Needs Kubernetes 1.29 or later
# (backoffLimitPerIndex and podFailurePolicy FailIndex; GA in 1.33).
#
#   docs/k8s-whatif.sh pvc   | kubectl apply -f -      # once: the volume (and --size)
#   docs/k8s-whatif.sh shell | kubectl apply -f -      # a pod holding the volume, to copy files
#   kubectl cp scenarios.json rotas-shell:/data/ && kubectl cp county.json rotas-shell:/data/
#   docs/k8s-whatif.sh job   --shards 8 --time-limit 30 | kubectl apply -f -
#   docs/k8s-whatif.sh wait                            # until the Job is Complete or Failed
#   docs/k8s-whatif.sh merge --time-limit 30 | kubectl apply -f -
#   kubectl logs job/rotas-whatif-merge; kubectl cp rotas-shell:/data/shards/results.json .
#
# Options: --shards N (8; the job's only: its pods record it for the merge), --image IMAGE (rotas:0.1.0, built from Containerfile and pushed to
# your registry), --data DIR (where the volume is mounted, /data), --scenarios PATH on the
# volume (DIR/scenarios.json), --time-limit S,
# --jobs J (worker processes per pod, 2; the pod asks for J CPUs), --size (PVC, 5Gi),
# --storage-class NAME, --only K,K,... (job: run only these shards, for a recovery),
# --allow-failed (merge: exit 0 even when scenarios failed or timed out).
#
# Failures: a pod whose scenarios failed or timed out exits 1 with its rows stored; its index
# is failed at once (FailIndex: a time-out would recur) and the others go on. Bad input exits 2
# and fails the Job (FailJob). A pod that breaks (killed, out of memory, evicted, exit 3) is
# retried up to backoffLimitPerIndex times for its index alone; finished rows are read back
# from the shard's database. The merge names missing, stale and failed scenarios and the
# shards to run again: `docs/k8s-whatif.sh job --shards 8 --only 2,5 | kubectl apply -f -`
# (delete the old Job first: kubectl delete job rotas-whatif), then wait and merge again.
#
# The run databases use SQLite's rollback journal (the default of rotas whatif): network
# volumes (NFS, CephFS) do not support WAL. Use a ReadWriteMany volume when pods land on
# several nodes.
set -euo pipefail

what=${1:-}
[ $# -gt 0 ] && shift
shards=8 image=rotas:0.1.0 data=/data scen="" time_limit="" jobs=2 size=5Gi
storage_class="" only="" allow_failed=""
while [ $# -gt 0 ]; do
    case "$1" in
    --shards) shards=$2; shift 2 ;;
    --image) image=$2; shift 2 ;;
    --scenarios) scen=$2; shift 2 ;;
    --data) data=$2; shift 2 ;;
    --time-limit) time_limit=$2; shift 2 ;;
    --jobs) jobs=$2; shift 2 ;;
    --size) size=$2; shift 2 ;;
    --storage-class) storage_class=$2; shift 2 ;;
    --only) only=$2; shift 2 ;;
    --allow-failed) allow_failed=" --allow-failed"; shift ;;
    *) echo "k8s-whatif.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || { echo "k8s-whatif.sh: --shards: expected a positive integer, found \"$shards\"" >&2; exit 2; }
[[ "$jobs" =~ ^[1-9][0-9]*$ ]] || { echo "k8s-whatif.sh: --jobs: expected a positive integer, found \"$jobs\"" >&2; exit 2; }
if [ -n "$time_limit" ] && ! [[ "$time_limit" =~ ^[0-9]+([.][0-9]+)?$ ]]; then
    echo "k8s-whatif.sh: --time-limit: expected seconds, found \"$time_limit\"" >&2; exit 2
fi
tl=${time_limit:+ --time-limit $time_limit}
scen=${scen:-$data/scenarios.json}

# The shards this Job runs: all of 1..N, or the --only list (index i runs the i-th).
if [ -n "$only" ]; then
    [[ "$only" =~ ^[1-9][0-9]*(,[1-9][0-9]*)*$ ]] || { echo "k8s-whatif.sh: --only: expected K,K,..., found \"$only\"" >&2; exit 2; }
    IFS=, read -r -a list <<<"$only"
    for k in "${list[@]}"; do
        [ "$k" -le "$shards" ] || { echo "k8s-whatif.sh: --only: shard $k is not one of 1..$shards" >&2; exit 2; }
    done
    completions=${#list[@]}
    pick="set -- ${list[*]}; shift \$JOB_COMPLETION_INDEX; K=\$1"
else
    completions=$shards
    pick="K=\$((JOB_COMPLETION_INDEX + 1))"
fi

security='      securityContext: {runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001}'
volume='      volumes:
        - name: data
          persistentVolumeClaim: {claimName: rotas-data}'

# The pod template of a Job up to its shell script: one container NAME running /bin/sh -c.
pod_head() {
    cat <<EOF
  template:
    metadata:
      labels: {app: rotas-whatif}
    spec:
      restartPolicy: Never
$security
      containers:
        - name: $1
          image: $image
          command: [/bin/sh, -c]
          args:
EOF
}

D=$data
case "$what" in
pvc)
    cat <<EOF
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: rotas-data
spec:
  accessModes: [ReadWriteMany]
${storage_class:+  storageClassName: $storage_class
}  resources:
    requests: {storage: $size}
EOF
    ;;
shell)
    cat <<EOF
apiVersion: v1
kind: Pod
metadata:
  name: rotas-shell
spec:
$(sed 's/^    //' <<<"$security")
  containers:
    - name: shell
      image: $image
      command: [sleep, infinity]
      volumeMounts:
        - {name: data, mountPath: $data}
$(sed 's/^    //' <<<"$volume")
EOF
    ;;
job)
    cat <<EOF
# rotas what-if: $completions pod(s), shards ${only:-1-$shards} of $shards
apiVersion: batch/v1
kind: Job
metadata:
  name: rotas-whatif
  labels: {app: rotas-whatif}
spec:
  completionMode: Indexed
  completions: $completions
  parallelism: $completions
  backoffLimitPerIndex: 2
  podFailurePolicy:
    rules:
      - action: FailIndex     # scenarios failed or timed out: rows stored, a rerun would not help
        onExitCodes: {containerName: whatif, operator: In, values: [1]}
      - action: FailJob       # bad scenario file or options
        onExitCodes: {containerName: whatif, operator: In, values: [2]}
      - action: Ignore        # evicted or preempted: not counted, the index runs again
        onPodConditions: [{type: DisruptionTarget}]
$(pod_head whatif)
            - |
              $pick
              N=$shards
              mkdir -p $D/shards || exit 3
              echo \$N > $D/shards/.shards.\$K && mv -f $D/shards/.shards.\$K $D/shards/shards
              rm -f $D/shards/shard-\$K.json
              echo "rotas-whatif: pod \$JOB_COMPLETION_INDEX: shard \$K/\$N of $scen" >&2
              rotas whatif $scen --shard \$K/\$N -j $jobs$tl \\
                  --db $D/shards/shard-\$K.db -o $D/shards/shard-\$K.json
              rc=\$?
              if [ \$rc -eq 1 ] && [ ! -s $D/shards/shard-\$K.json ]; then rc=3; fi
              case \$rc in
              0) echo "rotas-whatif: shard \$K/\$N: every scenario ok" >&2 ;;
              1) echo "rotas-whatif: shard \$K/\$N: some scenarios failed or timed out (rows stored)" >&2 ;;
              2) echo "rotas-whatif: shard \$K/\$N: bad input" >&2 ;;
              *) echo "rotas-whatif: shard \$K/\$N broke (exit \$rc): retried" >&2; rc=3 ;;
              esac
              exit \$rc
          resources:
            requests: {cpu: "$jobs", memory: 1Gi}
            limits: {cpu: "$jobs", memory: 2Gi}
          volumeMounts:
            - {name: data, mountPath: $data}
$volume
EOF
    ;;
merge)
    cat <<EOF
# rotas what-if merge: the shards in $D/shards against $scen (N as the Job recorded it)
apiVersion: batch/v1
kind: Job
metadata:
  name: rotas-whatif-merge
  labels: {app: rotas-whatif}
spec:
  backoffLimit: 0            # a merge that reports missing rows must not be retried
$(pod_head merge)
            - |
              set --
              if [ -r $D/shards/shards ]; then set -- --shards "\$(cat $D/shards/shards)"; fi
              exec rotas whatif merge $D/shards/results.db $D/shards/shard-*.db \\
                  --scenarios $scen$tl$allow_failed "\$@" \\
                  -o $D/shards/results.json --csv $D/shards/results.csv
          volumeMounts:
            - {name: data, mountPath: $data}
$volume
EOF
    ;;
wait)
    command -v kubectl >/dev/null || { echo "k8s-whatif.sh: wait needs kubectl" >&2; exit 2; }
    while :; do
        c=$(kubectl get job rotas-whatif -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type} {end}')
        case " $c " in
        *" Complete "*) echo "rotas-whatif: every shard finished" >&2; exit 0 ;;
        *" Failed "*)
            echo "rotas-whatif: the Job failed (failed indexes: $(kubectl get job rotas-whatif -o jsonpath='{.status.failedIndexes}')); merge to see which scenarios" >&2
            exit 1 ;;
        esac
        sleep 10
    done
    ;;
*)
    sed -n '2,/^set -euo/p' "$0" | sed -e '/^set -euo/d' -e 's/^# \{0,1\}//'
    [ "$what" = -h ] || [ "$what" = --help ] || exit 2
    ;;
esac
