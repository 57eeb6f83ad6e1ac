# shellcheck shell=bash disable=SC2034
# slurm-lib.sh - a one-node Slurm cluster for tests and benchmarks, sourced by
# tests/cluster/slurm.sh and bench/bench_slurm.sh.
#
#   slurm_up DIR    install slurm-wlm and munge if missing (as root), start munged, slurmctld
#                   and slurmd directly with their sockets, ports, spool and logs in DIR (free
#                   ports: other clusters may run on this machine); exports SLURM_CONF. Returns 1
#                   with the reason in SLURM_SKIP when the cluster cannot come up here.
#   slurm_down      stop the daemons by their PIDs (TERM, then KILL after 5 s).
#   slurm_dump DIR  the last lines of every log, on stderr.
SLURM_PIDS=()
SLURM_SKIP=""

slurm_up() {
    local d=$1 node=rotasnode p1 p2
    if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
        [ "$(id -u)" -eq 0 ] || { SLURM_SKIP="slurm-wlm and munge are not installed and this is not root"; return 1; }
        echo "slurm: installing slurm-wlm and munge" >&2
        { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null 2>&1 ||
          { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null; }; } ||
            { SLURM_SKIP="cannot install slurm-wlm and munge"; return 1; }
    fi
    [ "$(id -u)" -eq 0 ] || { SLURM_SKIP="slurmd must run as root to start jobs"; return 1; }
    chmod 755 "$d"
    read -r p1 p2 < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])')
    mkdir -p "$d/state" "$d/spool" "$d/work"
    dd if=/dev/urandom of="$d/munge.key" bs=1024 count=1 2>/dev/null
    chmod 400 "$d/munge.key"
    cat >"$d/slurm.conf" <<EOF
ClusterName=rotastest
SlurmctldHost=$(hostname -s)(127.0.0.1)
SlurmctldPort=$p1
SlurmdPort=$p2
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$d/munge.sock
StateSaveLocation=$d/state
SlurmdSpoolDir=$d/spool/%n
SlurmctldPidFile=$d/slurmctld.pid
SlurmdPidFile=$d/slurmd.pid
SlurmctldLogFile=$d/slurmctld.log
SlurmdLogFile=$d/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/builtin
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
MinJobAge=600
KillWait=5
NodeName=$node NodeHostname=$(hostname -s) NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
EOF
    export SLURM_CONF=$d/slurm.conf
    munged -F -f --key-file="$d/munge.key" --socket="$d/munge.sock" --pid-file="$d/munged.pid" \
        --log-file="$d/munged.log" --seed-file="$d/munged.seed" >"$d/munged.out" 2>&1 &
    SLURM_PIDS+=($!)
    for _ in $(seq 1 50); do [ -S "$d/munge.sock" ] && break; sleep 0.1; done
    [ -S "$d/munge.sock" ] || { slurm_dump "$d"; SLURM_SKIP="munged does not start here"; return 1; }
    slurmctld -D -f "$d/slurm.conf" >"$d/slurmctld.out" 2>&1 &
    SLURM_PIDS+=($!)
    slurmd -D -N "$node" -f "$d/slurm.conf" >"$d/slurmd.out" 2>&1 &
    SLURM_PIDS+=($!)
    for _ in $(seq 1 100); do
        sinfo -h -N -o '%T' 2>/dev/null | grep -qx idle && return 0
        sleep 0.2
    done
    slurm_dump "$d"
    SLURM_SKIP="slurmctld and slurmd do not come up here"
    return 1
}

slurm_down() {
    local p
    for p in "${SLURM_PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
    for p in "${SLURM_PIDS[@]}"; do
        for _ in $(seq 1 50); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$p" 2>/dev/null || true
    done
    SLURM_PIDS=()
}

slurm_dump() {
    local f
    for f in "$1"/*.out "$1"/*.log "$1"/work/*.log; do
        [ -f "$f" ] && { echo "---- $f" >&2; tail -n 30 "$f" >&2; }
    done
}

# wait until no task of job $1 is pending or running (at most $2 seconds, default 120)
slurm_wait() {
    local i
    for ((i = 0; i < ${2:-120} * 5; i++)); do
        [ -z "$(squeue -h -j "$1" -o %i 2>/dev/null)" ] && return 0
        sleep 0.2
    done
    return 1
}
