#!/bin/bash
# docs/k8s-whatif.sh: the manifests parse, the shard count given once reaches completions,
# parallelism, every pod's --shard and the merge; and the pods' and the merge's own shell
# scripts, run here as Kubernetes would run them (JOB_COMPLETION_INDEX set, the volume a
# folder), give a complete merge, a failed index for failed scenarios (exit 1) and a job
# failure for bad input (exit 2); --only reruns chosen shards.
set -u
ROTAS=$(realpath "$1")
SRC=$2
BUILD=$3
T=$(mktemp -d "$(realpath "$BUILD")/k8s.XXXXXX")
trap 'rm -rf "$T"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
K8S=$SRC/docs/k8s-whatif.sh
mkdir -p "$T/bin" "$T/data"
ln -s "$ROTAS" "$T/bin/rotas"
export PATH="$T/bin:$PATH"

for w in pvc shell job merge; do
    "$K8S" $w --shards 3 --time-limit 1 --image reg.example/rotas:0.1.0 > "$T/$w.yaml" || fail "render $w"
done
"$K8S" job --shards 3 --only 2,3 > "$T/only.yaml" || fail "render --only"
"$K8S" job --shards 0 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--shards 0 should exit 2"
"$K8S" job --shards 3 --only 4 >/dev/null 2>&1; [ $? -eq 2 ] || fail "--only 4 of 3 should exit 2"
python3 - "$T" <<'PY' || fail "manifests"
import sys, yaml
T = sys.argv[1]
load = lambda n: yaml.safe_load(open(f"{T}/{n}.yaml"))
pvc, shell, job, merge, only = (load(n) for n in ("pvc", "shell", "job", "merge", "only"))
assert pvc["kind"] == "PersistentVolumeClaim" and pvc["metadata"]["name"] == "rotas-data"
assert "ReadWriteMany" in pvc["spec"]["accessModes"]
for j in (job, merge):
    pod = j["spec"]["template"]["spec"]
    assert pod["volumes"][0]["persistentVolumeClaim"]["claimName"] == "rotas-data"
    assert pod["securityContext"]["runAsNonRoot"] and pod["securityContext"]["fsGroup"] == 10001
    assert pod["restartPolicy"] == "Never"
    assert pod["containers"][0]["image"] == "reg.example/rotas:0.1.0"
s = job["spec"]
assert s["completionMode"] == "Indexed" and s["completions"] == 3 and s["parallelism"] == 3, s
assert s["backoffLimitPerIndex"] >= 1 and "backoffLimit" not in s, s
rules = {r["action"]: r for r in s["podFailurePolicy"]["rules"]}
assert rules["FailIndex"]["onExitCodes"]["values"] == [1]
assert rules["FailJob"]["onExitCodes"]["values"] == [2]
script = s["template"]["spec"]["containers"][0]["args"][0]
assert "N=3" in script and "--shard $K/$N" in script and "--time-limit 1" in script, script
assert merge["spec"]["backoffLimit"] == 0
m = merge["spec"]["template"]["spec"]["containers"][0]["args"][0]
assert "--scenarios /data/scenarios.json" in m and "--time-limit 1" in m and "--shards 3" not in m, m
assert only["spec"]["completions"] == 2
open(f"{T}/pod.sh", "w").write(script)
open(f"{T}/merge.sh", "w").write(m)
open(f"{T}/only.sh", "w").write(only["spec"]["template"]["spec"]["containers"][0]["args"][0])
PY

# the pods and the merge, run here (the merge learns N from the pods' record) on a folder standing for the volume
"$K8S" job --shards 3 --time-limit 1 --data "$T/data" > "$T/job-local.yaml"
"$K8S" merge --time-limit 1 --data "$T/data" > "$T/merge-local.yaml"
"$K8S" job --shards 3 --time-limit 1 --data "$T/data" --only 2 > "$T/only-local.yaml"
python3 - "$T" <<'PY' || fail "local manifests"
import sys, yaml
T = sys.argv[1]
for n in ("job", "merge", "only"):
    d = yaml.safe_load(open(f"{T}/{n}-local.yaml"))
    open(f"{T}/{n}-local.sh", "w").write(d["spec"]["template"]["spec"]["containers"][0]["args"][0])
PY
"$ROTAS" gen --schools 6 --seed 4 -o "$T/data/county.json" || fail "gen"
cat > "$T/data/scenarios.json" <<'JSON'
{"format": "rotas-scenarios/1", "base": "county.json", "policy": {"time_limit_seconds": 2},
 "scenarios": [{"name": "baseline"},
  {"name": "tenure-9", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 9}}]},
  {"name": "tenure-8", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 8}}]},
  {"name": "max-15km", "changes": [{"kind": "policy", "set": {"max_km": 15}}]}]}
JSON
pod() { JOB_COMPLETION_INDEX=$1 sh "$T/$2" 2>>"$T/pods.log"; }
pod 0 job-local.sh || fail "pod 0"
ROTAS_TEST_CRASH_SCENARIO=tenure-9 pod 1 job-local.sh; [ $? -eq 1 ] || fail "pod 1 with a failed scenario should exit 1 (FailIndex)"
pod 2 job-local.sh || fail "pod 2"
[ -f "$T/data/shards/shard-3.db" ] || fail "pod 2 did not write shard 3"
[ "$(cat "$T/data/shards/shards")" = 3 ] || fail "the pods did not record the shard count"
sh "$T/merge-local.sh" 2>"$T/merge1.log"; [ $? -eq 1 ] || fail "merge with a failed row should exit 1"
grep -q 'failed: scenarios\[1\] "tenure-9"' "$T/merge1.log" || { cat "$T/merge1.log"; fail "merge message"; }
grep -q "run shard 2 of 3 again" "$T/merge1.log" || { cat "$T/merge1.log"; fail "rerun hint"; }
# recovery: a Job of shard 2 only
JOB_COMPLETION_INDEX=0 sh "$T/only-local.sh" 2>>"$T/pods.log" || fail "rerun of shard 2"
sh "$T/merge-local.sh" 2>"$T/merge2.log" || { cat "$T/merge2.log"; fail "merge after recovery"; }
python3 -c "
import json, sys
rows = json.load(open(sys.argv[1]))['scenarios']
assert [(r['name'], r['status']) for r in rows] == [('baseline', 'ok'), ('tenure-9', 'ok'), ('tenure-8', 'ok'), ('max-15km', 'ok')], rows
" "$T/data/shards/results.json" || fail "merged rows"
# bad input: exit 2 (FailJob)
echo '{"format": "rotas-scenarios/1", "base": "county.json", "scenarios": [{"name": "x", "colour": 1}]}' > "$T/data/scenarios.json"
pod 0 job-local.sh; [ $? -eq 2 ] || fail "bad input should exit 2 (FailJob)"
exit 0
