#!/usr/bin/env bash
# rotas whatif and signals: SIGTERM, SIGHUP, SIGQUIT and Ctrl-C each stop the workers, keep the
# finished rows in the database, say so and exit 128 + the signal; a SIGKILLed parent takes
# its workers with it (no orphan goes on solving).
# usage: whatif_signals.sh ROTAS_BIN SOURCE_DIR BUILD_DIR
set -u
ROTAS=$1 BUILD=$3
T=$(mktemp -d "$BUILD/whatif_signals.XXXXXX")
trap 'rm -rf "$T"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
children() { # the pids whose parent is $1
    local p
    for p in /proc/[0-9]*; do
        [ "$(awk '{print $4}' "$p/stat" 2>/dev/null)" = "$1" ] && echo "${p#/proc/}"
    done
}
rows() { python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from whatif_runs').fetchone()[0])" "$1" 2>/dev/null || echo 0; }

"$ROTAS" gen --schools 6 --seed 1 -o "$T/tiny.json" || fail "gen"
cat >"$T/s.json" <<JSON
{"format": "rotas-scenarios/1", "base": "tiny.json", "policy": {"time_limit_seconds": 2},
 "scenarios": [{"name": "baseline"},
  {"name": "slow", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 9}}]},
  {"name": "never", "changes": [{"kind": "policy", "set": {"teacher_tenure_years": 8}}]}]}
JSON

for sig in TERM HUP QUIT INT KILL; do
    db=$T/$sig.db
    ROTAS_TEST_SLOW_SCENARIO=slow "$ROTAS" whatif "$T/s.json" -j 1 --db "$db" -o "$T/$sig.json" \
        -q 2>"$T/$sig.err" &
    pid=$!
    for _ in $(seq 1 150); do
        [ "$(rows "$db")" -ge 1 ] && [ -n "$(children $pid)" ] && break
        sleep 0.2
    done
    workers=$(children $pid)
    [ -n "$workers" ] || fail "$sig: no worker running"
    kill -s "$sig" $pid
    wait $pid 2>/dev/null
    rc=$?
    want=$((128 + $(kill -l "$sig")))
    [ "$rc" = "$want" ] || fail "$sig: exit $rc, expected $want"
    [ "$(rows "$db")" = 1 ] || fail "$sig: expected the one finished row kept, found $(rows "$db")"
    [ -e "$T/$sig.json" ] && fail "$sig: an -o file written for an unfinished batch"
    if [ "$sig" != KILL ]; then
        grep -q "interrupted by .*1 of 3 scenarios finished and saved in" "$T/$sig.err" ||
            fail "$sig: message: $(cat "$T/$sig.err")"
    fi
    for _ in $(seq 1 25); do
        alive=
        for w in $workers; do [ -d "/proc/$w" ] && [ "$(awk '{print $3}' "/proc/$w/stat" 2>/dev/null)" != Z ] && alive="$alive $w"; done
        [ -z "$alive" ] && break
        sleep 0.2
    done
    [ -z "$alive" ] || { fail "$sig: worker(s)$alive still running after the parent ended"; kill -9 $alive 2>/dev/null; }
done

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "whatif_signals: ok"
